import Testing
@testable import LLMDo

@Suite struct WorkerFileTests {
    func parse(_ text: String) throws -> WorkerSpec {
        try WorkerFileParser.parse(text: text, file: "w.worker")
    }

    func diagnostics(_ text: String) -> [String] {
        do {
            _ = try WorkerFileParser.parse(text: text, file: "w.worker")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func readsEveryField() throws {
        let spec = try parse("""
            ---
            name: triage
            description: Sorts tickets.
            entry: true
            compatible_models: ["anthropic:*", "openai:gpt-4*"]
            toolsets:
              - filesystem_project
              - helper
            server_side_tools:
              - type: web_search
                max_uses: 3
            input_schema:
              type: object
              properties:
                ticket: {type: string}
                priority: {type: integer, default: 2}
              required: [ticket]
            output_schema:
              type: object
              properties:
                label: {type: string, enum: [bug, question]}
            prompt_template: "Ticket: {{ticket}} (priority {{priority}})"
            model_settings:
              temperature: 0.2
              max_tokens: 300
              tool_choice: auto
            ---
            Sort the ticket.
            """)
        #expect(spec.name == "triage")
        #expect(spec.description == "Sorts tickets.")
        #expect(spec.isEntry)
        #expect(spec.compatibleModels == ["anthropic:*", "openai:gpt-4*"])
        #expect(spec.toolsetRefs == [NameRef(name: "filesystem_project", line: 7), NameRef(name: "helper", line: 8)])
        #expect(spec.serverSideTools == [["type": "web_search", "max_uses": 3]])
        #expect(spec.inputSchema?["required"] == ["ticket"])
        #expect(spec.outputSchema?["properties"]?["label"]?["enum"] == ["bug", "question"])
        #expect(spec.promptTemplate == "Ticket: {{ticket}} (priority {{priority}})")
        #expect(spec.settings.temperature == 0.2)
        #expect(spec.settings.maxTokens == 300)
        #expect(spec.settings.extra["tool_choice"] == "auto")
        #expect(spec.instructions == "Sort the ticket.")
    }

    @Test func quotedScalarsStayStrings() throws {
        let spec = try parse(workerFile("name: \"123\"\nmodel_settings:\n  seed: '7'"))
        #expect(spec.name == "123")
        #expect(spec.settings.extra["seed"] == "7")
    }

    /// Nine levels of ten aliases each: 10⁹ values once expanded, from about 500 bytes.
    static func billionLaughs(indent: String) -> String {
        var lines = [indent + "l0: &l0 [" + Array(repeating: "lol", count: 10).joined(separator: ", ") + "]"]
        for level in 1...8 {
            lines.append(indent + "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n")
    }

    @Test func aliasBombInModelSettingsIsRefusedBeforeExpanding() {
        let found = diagnostics(workerFile("name: x\nmodel_settings:\n" + Self.billionLaughs(indent: "  ")))
        // l3 (11,111 values) is the first field past the budget; l4…l8 are not reported again.
        #expect(found == ["w.worker:7: model_settings.l3: expands to more than 10,000 values (YAML aliases, *name, repeat what they point to); write the value out without nested aliases"])
    }

    @Test func aliasBombInInputSchemaIsRefusedBeforeExpanding() {
        let found = diagnostics(workerFile("name: x\ninput_schema:\n  type: object\n" + Self.billionLaughs(indent: "  ")))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("w.worker:4: input_schema: expands to more than 10,000 values") == true, "got \(found)")
    }

    @Test(arguments: ["  ? *l8\n  : 1", "  *l8 : 1", "  ? [*l8]\n  : 1", "  {k: [*l8]}: 1", "  [*l8]: 1"])
    func aliasBombAsAKeyIsRefusedBeforeComposing(key: String) {
        // Lines: 1 ---, 2 name, 3 model_settings, 4…12 the anchors, 13 the key.
        let found = diagnostics(workerFile("name: x\nmodel_settings:\n" + Self.billionLaughs(indent: "  ") + "\n" + key))
        #expect(found == ["w.worker:13: YAML aliases (*name) cannot be combined with complex mapping keys (? key, [..]: or *name: as a key); use plain keys"])
    }

    @Test func keysAndStarsWithoutAliasesAreFine() throws {
        let spec = try parse(workerFile("name: x\ncompatible_models: ['anthropic:*', \"openai:*\"]\nmodel_settings:\n  ? explicit\n  : 1"))
        #expect(spec.compatibleModels == ["anthropic:*", "openai:*"])
        #expect(spec.settings.extra["explicit"] == 1)
    }

    @Test func aliasesWithinTheBudgetStillWork() throws {
        let spec = try parse(workerFile("name: x\nmodel_settings:\n  base: &b {a: 1}\n  copy: *b"))
        #expect(spec.settings.extra["copy"] == ["a": 1])
    }

    @Test func acceptsCRLFLineEnds() throws {
        let spec = try parse("---\r\nname: triage\r\nmodel: test\r\ntoolsets:\r\n  - helper\r\n---\r\nSort it.\r\nCarefully.\r\n")
        #expect(spec.name == "triage")
        #expect(spec.model == "test")
        #expect(spec.toolsetRefs == [NameRef(name: "helper", line: 5)])
        #expect(spec.instructions == "Sort it.\nCarefully.")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: String
        var testDescription: String { expected }
    }

    static let badFiles: [Case] = [
        Case(text: "name: x\nNo frontmatter here.", expected: "w.worker:1: missing YAML frontmatter"),
        Case(text: "---\nname: x\nNo closing line.", expected: "missing YAML frontmatter"),
        Case(text: "---\nname: x\ntoolsets: [a, b\n---\nbody", expected: "w.worker:4: YAML syntax error"),
        Case(text: workerFile("name: x\nmodle: test"), expected: "w.worker:3: modle: unknown field; did you mean 'model'?"),
        Case(text: workerFile("name: \"\""), expected: "w.worker:2: name: must not be empty"),
        Case(text: workerFile("description: no name"), expected: "w.worker: name: missing"),
        Case(text: workerFile("name: has space"), expected: "name: 'has space' is not a valid name"),
        Case(text: workerFile("name: x\ntoolsets:\n  - a\n  - a"), expected: "w.worker:5: toolsets: 'a' is listed twice"),
        Case(text: workerFile("name: x\nmodel: test\ncompatible_models: ['*']"), expected: "compatible_models: cannot be combined with 'model'"),
        Case(text: workerFile("name: x\nentry: maybe"), expected: "w.worker:3: entry: expected true or false"),
        Case(text: workerFile("name: x\ninput_schema:\n  type: 5"), expected: "input_schema"),
        Case(text: workerFile("name: x\ninput_schema: missing.json"), expected: "schema file 'missing.json' not found"),
        Case(text: workerFile("name: x\nmodel_settings:\n  temperature: hot"), expected: "model_settings.temperature: expected a number"),
        Case(text: workerFile("name: x\nserver_side_tools:\n  - max_uses: 3"), expected: "each entry needs a 'type'"),
        Case(text: workerFile("name: x\nprompt_template: 'Hi {{a}}'"), expected: "prompt_template: needs an 'input_schema'"),
        Case(text: "---\n- a\n- b\n---\nbody", expected: "the frontmatter must be a mapping"),
        Case(text: workerFile("name: x\nmodel: 'openai:'"), expected: "w.worker:3: model: 'openai:' names no model"),
        Case(text: workerFile("name: x\nmodel: \"openai:gpt-4o\\nInjected: yes\""), expected: "w.worker:3: model: \"openai:gpt-4o\\nInjected: yes\" contains the control character U+000A"),
    ]

    @Test(arguments: badFiles)
    func rejectsBadFile(_ testCase: Case) {
        let found = diagnostics(testCase.text)
        #expect(found.contains { $0.contains(testCase.expected) }, "got \(found)")
    }

    @Test func schemaFromJSONFile() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["w/main.worker"]}"#,
            "w/main.worker": workerFile("name: main\nentry: true\ninput_schema: schemas/in.json"),
            "w/schemas/in.json": #"{"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}"#,
        ])
        let spec = try #require(try project.load().workers["main"])
        #expect(spec.inputSchema?["required"] == ["n"])
    }
}

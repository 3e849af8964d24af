import Testing
@testable import LLMDo

@Suite struct LinkerTests {
    func project(_ workers: [String: String], plugins: String = "") throws -> TemporaryProject {
        let names = workers.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
        var files = workers
        files["project.json"] = #"{"version": 1, "worker_files": [\#(names)]}"#
        return try TemporaryProject(files: files)
    }

    @Test func unknownToolsetNamesFileLineAndSuggestion() throws {
        let p = try project([
            "main.worker": workerFile("name: main\nentry: true\ntoolsets:\n  - helpr"),
            "helper.worker": workerFile("name: helper"),
        ])
        #expect(p.diagnostics() == ["main.worker:5: toolsets: unknown toolset 'helpr'; did you mean 'helper'?"])
    }

    @Test func noEntryListsTheWorkers() throws {
        let p = try project(["a.worker": workerFile("name: a"), "b.worker": workerFile("name: b")])
        #expect(p.diagnostics().first?.hasSuffix("no entry: mark one worker with 'entry: true' or add a plugin with an entry function (workers: a, b)") == true)
    }

    @Test func twoEntriesListTheCandidates() throws {
        let p = try project([
            "a.worker": workerFile("name: a\nentry: true"), "b.worker": workerFile("name: b\nentry: true"),
        ])
        let message = try #require(p.diagnostics().first)
        #expect(message.contains("more than one entry"))
        #expect(message.contains("worker 'a' (a.worker)") && message.contains("worker 'b' (b.worker)"))
    }

    @Test func duplicateNamesNameBothOrigins() throws {
        let p = try project([
            "a.worker": workerFile("name: same\nentry: true"), "b.worker": workerFile("name: same"),
        ])
        #expect(p.diagnostics() == ["b.worker: name: 'same' is defined twice: here and as worker in a.worker"])
    }

    @Test func unknownProviderIsReportedWithTheKnownOnes() throws {
        let p = try project(["a.worker": workerFile("name: a\nentry: true\nmodel: antropic:claude")])
        let program = try ProjectLoader.load(path: p.root)
        let message = program.unknownModelNames().first?.description ?? ""
        #expect(message.contains("a.worker:4: model: unknown model provider 'antropic'"))
        #expect(message.contains("did you mean 'anthropic'?") && message.contains("groq, llamacpp"))
        // An embedding program's factory names are providers too.
        #expect(program.unknownModelNames(providers: ["antropic"]).isEmpty)
    }

    @Test func workerMayListItself() throws {
        let p = try project(["a.worker": workerFile("name: a\nentry: true\ntoolsets: [a]")])
        #expect(p.diagnostics().isEmpty)
    }

    @Test func reportsErrorsAcrossFilesTogether() throws {
        let p = try project([
            "a.worker": workerFile("name: a\nentry: true\nmodle: x"), "b.worker": "no frontmatter",
        ])
        #expect(p.diagnostics().count == 2)
    }

    @Test func clashingToolNamesInOneWorker() throws {
        let program = try? makeProgram(
            [WorkerSpec(name: "main", isEntry: true, toolsetRefs: [NameRef(name: "m1", line: 3), NameRef(name: "m2", line: 4)], instructions: "", file: "main.worker")],
            toolsets: [MathToolset(name: "m1"), MathToolset(name: "m2")])
        #expect(program == nil)
    }

    @Test func didYouMeanDistance() {
        #expect(DidYouMean.editDistance("kitten", "sitting") == 3)
        #expect(DidYouMean.suggestion(for: "filesytem", among: ["filesystem_project", "filesystem"]) == "filesystem")
        #expect(DidYouMean.suggestion(for: "zzz", among: ["filesystem"]) == nil)
    }

    func linkDiagnostics(_ workers: [WorkerSpec], toolsets: [any Toolset] = []) -> [String] {
        do {
            _ = try makeProgram(workers, toolsets: toolsets)
            return []
        } catch let error as ProjectError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test func aWorkerSchemaThatDoesNotCompileIsALinkErrorWithFileAndField() {
        var spec = WorkerSpec(name: "main", isEntry: true, model: "test", instructions: "", file: "main.worker")
        spec.inputSchema = ["type": "object", "properties": ["n": ["type": 5]]]
        spec.outputSchema = ["type": "object", "required": "n"]
        spec.fieldLines = ["input_schema": 4, "output_schema": 9]
        let found = linkDiagnostics([spec])
        #expect(found.count == 2)
        #expect(found.first?.hasPrefix("main.worker:4: input_schema: invalid JSON Schema:") == true, "got \(found)")
        #expect(found.last?.hasPrefix("main.worker:9: output_schema: invalid JSON Schema:") == true, "got \(found)")
    }

    @Test func aToolSchemaThatDoesNotCompileIsALinkErrorNamingItsOrigin() {
        let spec = WorkerSpec(name: "main", isEntry: true, model: "test", toolsetRefs: [NameRef(name: "broken", line: 3)], instructions: "", file: "main.worker")
        let found = linkDiagnostics([spec], toolsets: [BrokenSchemaToolset()])
        #expect(found == ["plugin toolset in test-toolsets: broken.bad: the tool's parameters schema is invalid: \(Self.brokenSchemaError)"])
    }

    static var brokenSchemaError: String {
        do {
            _ = try JSONSchema(BrokenSchemaToolset.schema)
            return "compiled"
        } catch {
            return "\(error)"
        }
    }

    @Test func linkedProgramsCarryTheirSchemasCompiled() throws {
        let spec = WorkerSpec(name: "main", isEntry: true, model: "test", toolsetRefs: [NameRef(name: "math", line: 3)], instructions: "", file: "main.worker")
        let program = try makeProgram([spec], toolsets: [MathToolset(), MathToolset(name: "unused")])
        #expect(program.workers["main"]?.compiledInputSchema != nil)
        #expect(program.toolSchemas["math"]?.keys.sorted() == ["add", "danger", "fail", "retry"])
        #expect(program.toolSchemas["unused"] == nil)  // only what workers list is compiled at start-up
    }
}

/// A toolset whose one tool has a schema that does not compile.
private struct BrokenSchemaToolset: Toolset {
    static let schema: JSONValue = ["type": "object", "minProperties": "two"]
    var name: String { "broken" }
    var tools: [ToolDefinition] { [ToolDefinition(name: "bad", description: "Bad.", parametersSchema: Self.schema)] }
    func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance { throw ToolError.failed("never instantiated") }
}

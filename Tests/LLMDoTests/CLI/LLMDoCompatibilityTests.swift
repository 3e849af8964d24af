import Foundation
import Testing

@testable import LLMDo

/// llm-do projects in both of its spellings (v0.3's `.worker` files and the newer `.agent`
/// files), run through the built binary: what passes, and what gets its own message.
@Suite struct LLMDoCompatibilityTests {
    static let fixtures = CLITests.packageRoot + "/Tests/Fixtures/llm-do"
    static let projects = ["greeter", "approvals_demo", "code_analyzer", "pitchdeck_eval", "web_searcher", "whiteboard_planner"]

    /// A fixture project copied to a temporary folder (a run may write files).
    static func copy(_ generation: String, _ name: String) throws -> TemporaryProject {
        let project = try TemporaryProject(files: [:])
        let source = "\(fixtures)/\(generation)/\(name)"
        for file in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: "\(source)/\(file)", toPath: "\(project.root)/\(file)")
        }
        return project
    }

    @Test(arguments: ["v0.3", "agent"], projects)
    func llmDoExamplesCheckAndRunUnchanged(generation: String, name: String) throws {
        let project = try Self.copy(generation, name)
        // The `.agent` spelling takes its model from LLM_DO_MODEL, as llm-do does.
        let check = try CLITests.run(["check", project.root], environment: ["LLM_DO_MODEL": "anthropic:claude-haiku-4-5"])
        #expect(check.status == 0, "\(generation)/\(name): \(check.stderr)")
        #expect(check.stdout.contains("entry: worker main"))
        // approvals_demo asks before writing; --reject-all answers without a terminal.
        let run = try CLITests.run([project.root, "--model", "test", "--reject-all"])
        #expect(run.status == 0, "\(generation)/\(name): \(run.stderr)")
        #expect(run.stdout.hasPrefix("test model"))
    }

    @Test func toolTypeIsReadAsType() throws {
        let project = try Self.copy("v0.3", "web_searcher")
        let program = try project.load()
        #expect(program.workers["main"]?.serverSideTools == [["type": "web_search", "max_uses": 3]])
        try project.write("main.worker", workerFile("name: main\nentry: true\nserver_side_tools:\n  - {type: web_fetch, tool_type: web_search}"))
        let run = try CLITests.run([project.root, "--model", "test", "Hi"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("'type' and 'tool_type' disagree"))
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var files: [String: String]
        var message: String
        var description: String { name }

        /// A project of one worker file, `m.worker` (the entry), with these frontmatter lines.
        static func worker(name: String, frontmatter: String, message: String) -> Case {
            Case(
                name: name, files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"]}"#, "m.worker": workerFile("name: m\nentry: true\n" + frontmatter)],
                message: message)
        }
    }

    static let main = workerFile("name: main\nentry: true")

    /// Spellings llm-do knows and llmdo does not support, each with its own message.
    static let refused: [Case] = [
        .worker(name: "schema_in_ref naming a Python model", frontmatter: "schema_in_ref: schemas.py:Input", message: "m.worker:4: schema_in_ref: llm-do's 'schema_in_ref' names a Python input model, which llmdo cannot load; write 'input_schema:'"),
        Case(
            name: "input_model_ref",
            files: ["project.json": #"{"version": 1, "agent_files": ["m.agent"]}"#, "m.agent": workerFile("name: m\nentry: true\ninput_model_ref: schemas.Input")],
            message: "m.agent:4: input_model_ref: llm-do's 'input_model_ref' names a Python input model"),
        Case(
            name: "a non-empty python_files",
            files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"], "python_files": ["tools.py"]}"#, "m.worker": main],
            message: "python_files: llmdo loads tools from shared-library plugins: list them under 'plugin_files'"),
        Case(
            name: "generated_agents_dir",
            files: ["project.json": #"{"version": 1, "agent_files": ["m.agent"], "generated_agents_dir": "gen"}"#, "m.agent": main],
            message: "generated_agents_dir: llmdo has no 'dynamic_agents' toolset yet"),
        Case(
            name: "a missing agent file",
            files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"], "agent_files": ["x.agent"]}"#, "m.worker": main],
            message: "project.json: agent_files[0]: worker file 'x.agent' not found"),
        .worker(name: "the dynamic_agents toolset", frontmatter: "toolsets: [dynamic_agents]", message: "m.worker:4: toolsets: llm-do's 'dynamic_agents' toolset (workers created at run time) is not supported by llmdo yet"),
        Case(
            name: "auth_mode other than oauth_off",
            files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"], "runtime": {"auth_mode": "oauth_auto"}}"#, "m.worker": main],
            message: "runtime.auth_mode: llmdo has no OAuth sign-in"),
        Case(
            name: "both spellings of one runtime key",
            files: [
                "project.json": #"{"version": 1, "worker_files": ["m.worker"], "runtime": {"agent_calls_require_approval": true, "worker_calls_require_approval": false}}"#,
                "m.worker": main,
            ],
            message: "runtime.agent_calls_require_approval: given twice: 'agent_calls_require_approval' and 'worker_calls_require_approval' are the same setting"),
        Case(
            name: "entry.args and entry.input",
            files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"], "entry": {"input": "a", "args": "b"}}"#, "m.worker": main],
            message: "entry.args: given twice"),
        Case(
            name: "entry.agent naming no worker",
            files: ["project.json": #"{"version": 1, "agent_files": ["m.agent"], "entry": {"agent": "mian"}}"#, "m.agent": workerFile("name: main")],
            message: "entry.agent: no worker named 'mian'; did you mean 'main'? (workers: main)"),
        Case(
            name: "entry.agent contradicting entry: true",
            files: [
                "project.json": #"{"version": 1, "worker_files": ["m.worker", "o.worker"], "entry": {"agent": "o"}}"#, "m.worker": main,
                "o.worker": workerFile("name: o"),
            ],
            message: "m.worker:3: entry: the manifest's entry.agent names 'o', but this worker says 'entry: true'; keep one entry"),
        Case(
            name: "entry.function without a plugin",
            files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"], "entry": {"function": "libx.so:main"}}"#, "m.worker": workerFile("name: m")],
            message: "entry.function: 'libx.so' is not listed in plugin_files"),
        .worker(name: "a tools: entry without its toolset", frontmatter: "tools: [read_file]", message: "m.worker:4: tools: 'read_file' does not say which toolset: write TOOLSET.TOOL"),
        .worker(name: "a tools: entry the toolset does not offer", frontmatter: "tools: [filesystem_project.read_fiel]", message: "m.worker:4: tools: toolset 'filesystem_project' has no tool 'read_fiel'; did you mean 'read_file'?"),
        .worker(name: "an empty compatible_models", frontmatter: "compatible_models: []", message: "m.worker:4: compatible_models: an empty list allows no model; write [\"*\"] for any model"),
    ]

    @Test(arguments: refused)
    func llmDoSpellingsLlmdoDoesNotSupportSayWhatToUse(_ test: Case) throws {
        let project = try TemporaryProject(files: test.files)
        let check = try CLITests.run(["check", project.root])
        #expect(check.status == 2)
        #expect(check.stderr.contains(test.message), "stderr: \(check.stderr)")
    }

    @Test func emptyPythonFilesIsAWarning() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["m.worker"], "python_files": []}"#, "m.worker": Self.main,
        ])
        let run = try CLITests.run([project.root, "--model", "test", "Hi"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: \(project.manifestPath): python_files: ignored: it is empty"))
    }

    @Test func schemaInRefAcceptsAJSONSchemaFile() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["m.worker"]}"#,
            "m.worker": workerFile("name: m\nentry: true\nschema_in_ref: input.json"),
            "input.json": #"{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}"#,
        ])
        #expect(try project.load().workers["m"]?.inputSchema?["required"] == ["city"])
        let run = try CLITests.run([project.root, "--model", "test", "--input-json", #"{"town": "Oslo"}"#])
        #expect(run.status == 2)
        #expect(run.stderr.contains("city"), "stderr: \(run.stderr)")
    }

    @Test func entryFunctionNamesAPluginEntry() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["echo.worker"], "plugin_files": ["./libtest.so"], "entry": {"function": "./libtest.so:echo_entry", "args": {"go": 1}}}"#,
            "echo.worker": workerFile("name: echo"),
        ])
        try CallCommandTests.buildTestPlugin(into: project.root)
        let check = try CLITests.run(["check", project.root])
        #expect(check.stdout.contains("entry: code echo_entry"), "stderr: \(check.stderr)")
        let run = try CLITests.run([project.root, "--model", "test"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("test model reply to: from the entry"))

        try project.write("project.json", #"{"version": 1, "worker_files": ["echo.worker"], "plugin_files": ["./libtest.so"], "entry": {"function": "./libtest.so:echo"}}"#)
        let wrong = try CLITests.run(["check", project.root])
        #expect(wrong.stderr.contains("entry.function: plugin './libtest.so' has no entry function 'echo' (its entry functions: echo_entry)"))
    }

    @Test func agentRuntimeKeysGateWorkerCalls() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "agent_files": ["main.agent", "helper.agent"], "entry": {"agent": "main"}, "runtime": {"agent_calls_require_approval": true}}"#,
            "main.agent": workerFile("name: main\ntoolsets: [helper]"),
            "helper.agent": workerFile("name: helper\ndescription: Helps."),
        ])
        let run = try CLITests.run([project.root, "--model", "test", "--headless", "Hi"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("the call to worker 'helper' needs approval, but --headless was given, so nobody is asked"), "stderr: \(run.stderr)")
        #expect(!run.stderr.contains("debug:"))
        // --debug adds the error chain, where llmdo raised it, and the steps that led there.
        let debug = try CLITests.run([project.root, "--model", "test", "--headless", "--debug", "Hi"])
        #expect(debug.status == 1)
        #expect(debug.stderr.contains("debug: error chain:\ndebug:   RunError: the call to worker 'helper' needs approval"), "stderr: \(debug.stderr)")
        #expect(debug.stderr.contains("debug:   raised at LLMDo/ApprovalGate.swift:"))
        #expect(debug.stderr.contains("debug:   worker 'main' (depth 0) called 'helper'\n"))
        // `call` too.
        let call = try CLITests.run(["call", project.root, "filesystem_project.read_file", #"{"path": "nope"}"#, "--debug"])
        #expect(call.status == 1)
        #expect(call.stderr.hasSuffix("debug: error chain:\ndebug:   ToolError (failed): 'nope' does not exist\ndebug: no model request or worker tool call came before it\n"), "stderr: \(call.stderr)")
    }

    @Test func toolsPicksSingleTools() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["m.worker"]}"#,
            "m.worker": workerFile("name: m\nentry: true\ntools: [filesystem_project.list_files]"),
        ])
        #expect(try CLITests.run(["check", project.root]).stdout.contains("    toolsets: none\n    tools: filesystem_project.list_files\n"))
        let run = try CLITests.run([project.root, "--model", "test", "-v", "Hi"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("test model called 1 tool"))
        #expect(run.stderr.contains("list_files"))
        #expect(!run.stderr.contains("read_file") && !run.stderr.contains("write_file"))
    }

    @Test func aWorkerWithoutDescriptionIsDescribedByItsInstructions() throws {
        let long = String(repeating: "Summarize the text. ", count: 20)
        let spec = WorkerSpec(name: "helper", instructions: long, file: "helper.worker")
        #expect(WorkerToolset.description(of: spec) == String(long.prefix(200)) + "...")
        #expect(WorkerToolset.description(of: WorkerSpec(name: "h", instructions: "Be brief.", file: "h.worker")) == "Be brief.")
        #expect(WorkerToolset.description(of: WorkerSpec(name: "h", description: "Helps.", instructions: long, file: "h.worker")) == "Helps.")
    }

    @Test func checkReportsEveryWorkersModel() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["a.worker", "b.worker", "c.worker", "d.worker"]}"#,
            "a.worker": workerFile("name: a\nentry: true\nmodel: gpt-4o\ntoolsets: [b, c, d]"),
            "b.worker": workerFile("name: b\nmodel: antropic:claude-x"),
            "c.worker": workerFile("name: c\ncompatible_models: [\"Anthropic:Claude-*\"]"),
            "d.worker": workerFile("name: d"),
        ])
        let check = try CLITests.run(["check", project.root], environment: ["LLM_DO_MODEL": "openai:gpt-4o"])
        #expect(check.status == 2)
        #expect(check.stderr.contains("a.worker:4: model: unknown model 'gpt-4o'"))
        #expect(check.stderr.contains("b.worker:3: model: unknown model provider 'antropic'"))
        #expect(check.stderr.contains("c.worker:3: compatible_models: model 'openai:gpt-4o' (from LLM_DO_MODEL) is not compatible with worker 'c'"))
        // Globs compare case-insensitively; a worker with no model is the environment's to supply.
        try project.write("a.worker", workerFile("name: a\nentry: true\nmodel: anthropic:claude-haiku-4-5\ntoolsets: [c, d]"))
        try project.write("project.json", #"{"version": 1, "worker_files": ["a.worker", "c.worker", "d.worker"]}"#)
        let fixed = try CLITests.run(["check", project.root], environment: ["ANTHROPIC_API_KEY": ""])
        #expect(fixed.status == 0, "stderr: \(fixed.stderr)")
        #expect(fixed.stderr.contains("warning: d.worker: model: worker 'd' has no model"))
        #expect(fixed.stderr.contains("warning: a.worker:4: model: set ANTHROPIC_API_KEY"))
        // A run refuses them all before any request.
        let run = try CLITests.run([project.root, "Hi"], environment: ["LLM_DO_MODEL": "anthropic:claude-sonnet-4", "ANTHROPIC_API_KEY": ""])
        #expect(run.status == 2)
        #expect(run.stderr.contains("set ANTHROPIC_API_KEY to use anthropic:claude-haiku-4-5"), "stderr: \(run.stderr)")
        #expect(!run.stderr.contains("not compatible"), "'Anthropic:Claude-*' matches anthropic:claude-sonnet-4")
    }

    @Test func stdinIsNeverWaitedOnWhenTheManifestHasAnInput() throws {
        let project = try Self.copy("agent", "greeter")
        // stdin stays open until the run ends: a run that read it would never end.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = [project.root, "--model", "test"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try input.fileHandleForWriting.close()
        #expect(String(decoding: stdout, as: UTF8.self) == "test model reply to: Hi there, I am Sam.\n")
        // With no other input, stdin is read.
        try project.write("project.json", #"{"version": 1, "agent_files": ["main.agent"], "entry": {"agent": "main"}}"#)
        #expect(try CLITests.run([project.root, "--model", "test"], stdin: "piped").stdout == "test model reply to: piped\n")
    }

    @Test func maxDepthCountsTheEntryAsOne() throws {
        let files = [
            "main.worker": workerFile("name: main\nentry: true\ntoolsets: [helper]"),
            "helper.worker": workerFile("name: helper\ndescription: Helps."),
        ]
        let project = try TemporaryProject(files: files.merging(["project.json": #"{"version": 1, "worker_files": ["main.worker", "helper.worker"], "runtime": {"max_depth": 1}}"#]) { $1 })
        let one = try CLITests.run([project.root, "--model", "test", "-v", "Hi"])
        #expect(one.stderr.contains("maximum worker depth 1 exceeded calling 'helper'"), "stderr: \(one.stderr)")
        let two = try CLITests.run([project.root, "--model", "test", "-v", "--max-depth", "2", "Hi"])
        #expect(!two.stderr.contains("exceeded"), "stderr: \(two.stderr)")
    }

    @Test func attachmentsNeedApprovalInTheirOwnGrammar() async throws {
        let gate = ApprovalGate(approver: nil, events: NullEventSink())
        let request = ApprovalRequest(kind: .workerAttachments, worker: "main", depth: 0, toolset: "helper", tool: "helper", arguments: [:], description: "")
        var config = RuntimeConfig()
        config.returnPermissionErrors = true
        let policy = CallPolicy(config, overrides: RuntimeOptions())
        let outcome = try await gate.authorize(request, required: true, policy: policy)
        #expect(outcome == .denied("permission error: the attachments passed to worker 'helper' need approval, but no terminal is available to ask. Run with --approve-all (or set runtime.approval_mode in project.json) to allow it, or --reject-all to deny gated calls."))
    }

    @Test func messageLogIsOneJSONObjectPerMessage() throws {
        let project = try Self.copy("v0.3", "pitchdeck_eval")
        let log = project.root + "/messages.jsonl"
        let key = "sk-ant-secret-0123456789"
        let run = try CLITests.run(
            [project.root, "--model", "test", "--reject-all", "--log-file", log, "Review input/deck.pdf with key \(key)"],
            environment: ["ANTHROPIC_API_KEY": key])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(!text.contains(key))
        let records = try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        #expect(records.map { $0["seq"] } == records.indices.map { .int(Int64($0)) })
        #expect(records.first?["message"]?["role"] == "system")
        #expect(records.dropFirst().first?["message"]?["parts"]?.arrayValue?.first?["text"] == "Review input/deck.pdf with key [redacted]")
        #expect(Set(records.compactMap { $0["worker"]?.stringValue }) == ["main", "deck_reviewer"])
        #expect(records.last?["message"]?["role"] == "assistant")
    }
}

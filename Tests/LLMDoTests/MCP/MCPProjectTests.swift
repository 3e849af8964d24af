import Foundation
import Testing
@testable import LLMDo

/// MCP servers declared in a project: linked by name, called by workers through the approval
/// gate and schema validation, and a tool-list change as a new generation.
@Suite struct MCPProjectTests {
    /// A project whose worker `main` (model `fn`) lists `toolsets`, with the toy server as `toy`.
    static func project(entry extra: String = "", toolsets: String = "toy", runtime: String = "{}") throws -> TemporaryProject {
        let python = try MCPFixtures.python()
        return try TemporaryProject(files: [
            "project.json": """
            {"version": 1, "worker_files": ["main.worker"], "runtime": \(runtime),
             "mcp_servers": {"toy": {"command": "\(python)", "args": ["\(MCPFixtures.folder)/toy_server.py"]\(extra)}}}
            """,
            "main.worker": workerFile("name: main\nentry: true\nmodel: fn\ntoolsets: [\(toolsets)]"),
        ])
    }

    /// Calls `name` with `arguments` (then each later call in `then`), then answers with every result seen.
    static func calling(_ calls: [(String, JSONValue)]) -> FunctionModel {
        FunctionModel { request in
            let done = request.messages.flatMap(\.parts).compactMap { part -> ToolResult? in
                if case .toolResult(let result) = part { return result }
                return nil
            }
            if done.count < calls.count {
                let (name, arguments) = calls[done.count]
                return .toolCalls([.make(name, arguments, id: "c\(done.count)")])
            }
            return .text(done.map(\.content).joined(separator: " | "))
        }
    }

    static func run(_ project: TemporaryProject, _ model: FunctionModel, approval: ApprovalMode? = nil) async throws -> String {
        let runtime = Runtime(program: try project.load(), options: RuntimeOptions(approvalMode: approval, models: ["fn": model]))
        return try await runtime.run(input: "go").output.stringValue ?? ""
    }

    @Test func nothingStartsAtLoad() throws {
        let project = try Self.project()
        let program = try project.load()
        // Lazy: linked by name, no tools known until a worker call (or check/tools) starts it.
        #expect(program.toolsets["toy"]?.tools.isEmpty == true)
        #expect(program.sourceOrigins["toy"] == "mcp_servers in \(project.manifestPath)")
    }

    @Test func aWorkerCallsAPreApprovedToolAndGetsTheRealResult() async throws {
        let project = try Self.project(entry: #", "pre_approved": ["echo"]"#)
        let output = try await Self.run(project, Self.calling([("echo", ["text": "hello from MCP"])]))
        #expect(output == "hello from MCP")
    }

    @Test func codeCallsAnMCPToolByServerAndToolName() async throws {
        struct Entry: CodeEntry {
            let name = "code"
            func run(input: JSONValue, scope: CallScope) async throws -> JSONValue {
                try await scope.callTool("toy.echo", arguments: ["text": "from code"]).jsonValue
            }
        }
        let project = try Self.project(entry: #", "pre_approved": ["echo"]"#)
        var program = try project.load()
        program.entry = .code(Entry())
        #expect(try await Runtime(program: program).run(input: "go").output == "from code")
    }

    @Test func aGatedToolUnderRejectAllAndApproveAll() async throws {
        let project = try Self.project()
        let echo = Self.calling([("echo", ["text": "ran"])])
        let approved = try await Self.run(project, echo, approval: .approveAll)
        #expect(approved == "ran")
        let rejected = try await Self.run(project, echo, approval: .rejectAll)
        #expect(rejected != "ran")
        #expect(rejected.contains("echo"), "\(rejected)")
    }

    @Test func argumentsAreValidatedAgainstTheInputSchemaBeforeTheCall() async throws {
        let project = try Self.project(entry: #", "pre_approved": ["echo"]"#)
        let output = try await Self.run(project, Self.calling([("echo", ["text": 5]), ("echo", ["text": "fixed"])]))
        #expect(output.hasPrefix("invalid arguments for tool 'echo'"), "\(output)")
        #expect(output.hasSuffix(" | fixed"))
    }

    @Test func aServerThatCrashesMidCallIsAToolErrorAndTheNextCallWorks() async throws {
        let project = try Self.project(entry: #", "pre_approved": ["crash", "echo"]"#)
        let output = try await Self.run(project, Self.calling([("crash", [:]), ("echo", ["text": "still here"])]))
        #expect(output.hasPrefix("MCP server 'toy' exited (exit status 3)"), "\(output)")
        #expect(output.hasSuffix(" | still here"))
    }

    @Test func anErrorResultReachesTheModel() async throws {
        let project = try Self.project(entry: #", "pre_approved": ["fail"]"#)
        #expect(try await Self.run(project, Self.calling([("fail", [:])])) == "the fail tool failed, as asked")
    }

    @Test func theToolsAllowListHidesTheRest() async throws {
        let project = try Self.project(entry: #", "tools": ["echo"], "pre_approved": ["echo"]"#)
        let seen = FunctionModel { request in .text(request.tools.map(\.name).joined(separator: ",")) }
        #expect(try await Self.run(project, seen) == "echo")
    }

    @Test func listChangedIsANewGeneration() async throws {
        let project = try Self.project(entry: #", "pre_approved": ["add_tool", "extra"]"#)
        let sink = RecordingEventSink()
        let model = FunctionModel { request in
            let names = request.tools.map(\.name)
            if request.lastToolResults.isEmpty, !names.contains("extra") { return .toolCalls([.make("add_tool", [:])]) }
            return .text(names.contains("extra") ? "has extra" : "no extra")
        }
        let runtime = Runtime(program: try project.load(), options: RuntimeOptions(events: sink, models: ["fn": model]))
        let watcher = ProjectWatcher(runtime: runtime, projectPath: project.root)
        watcher.start()
        defer { watcher.stop() }
        // The call that changed the list finishes on its generation's tools.
        #expect(try await runtime.run(input: "go").output == "no extra")
        #expect(try await eventually { watcher.generation == 2 })
        #expect(try await runtime.run(input: "go").output == "has extra")
        let reload = try #require(sink.events.compactMap { event -> ReloadEvent? in
            if case .reload(let reload) = event { return reload }
            return nil
        }.last)
        #expect(reload.report.trigger == .toolsetChange("mcp_servers in \(project.manifestPath)"))
    }

    @Test func aReloadKeepsServersWhoseEntryDidNotChange() async throws {
        let cache = MCPServerCache()
        var manifest = Manifest(path: "/virtual/project.json")
        manifest.mcpServers = [try MCPFixtures.toy("kept"), try MCPFixtures.toy("edited")]
        let first = try #require(cache.source(for: manifest, projectRoot: MCPFixtures.packageRoot)).servers
        _ = try await first[1].listTools()
        manifest.mcpServers[1].timeoutSeconds = 7
        let second = try #require(cache.source(for: manifest, projectRoot: MCPFixtures.packageRoot)).servers
        #expect(second[0] === first[0])
        #expect(second[1] !== first[1])
        // The edited entry's old server is stopped (no program uses it any more); the stop runs
        // in the background, so it is awaited here (bounded, never timed).
        var stopped = false
        for _ in 0..<600 where !stopped {
            do {
                _ = try await first[1].connected()
                try await Task.sleep(for: .milliseconds(100))
            } catch let error as MCPError {
                stopped = error.message.contains("was stopped")
            }
        }
        #expect(stopped)
    }

    @Test func anUnknownServerNameIsALinkErrorWithASuggestion() throws {
        let project = try Self.project(toolsets: "tyo")
        #expect(project.diagnostics().contains { $0.hasSuffix("unknown toolset 'tyo'; did you mean 'toy'?") }, "\(project.diagnostics())")
    }

    @Test func aServerNamedLikeABuiltInOrAWorkerIsAnError() throws {
        let python = try MCPFixtures.python()
        let project = try TemporaryProject(files: [
            "project.json": """
            {"version": 1, "worker_files": ["main.worker"],
             "mcp_servers": {"main": {"command": "\(python)"}, "filesystem_project": {"command": "\(python)"}}}
            """,
            "main.worker": workerFile("name: main\nentry: true\nmodel: fn"),
        ])
        let origin = "mcp_servers in \(project.manifestPath)"
        let diagnostics = project.diagnostics()
        #expect(diagnostics.contains("\(origin): toolset 'filesystem_project' is defined twice: here and as a built-in toolset"), "\(diagnostics)")
        #expect(diagnostics.contains("main.worker: name: 'main' is defined twice: here and as a toolset from \(origin)"), "\(diagnostics)")
    }
}

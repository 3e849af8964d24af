import Foundation
import Synchronization
import Testing
@testable import LLMDo

/// A source whose one toolset, `clock`, answers `now` with its current version; `bump()`
/// changes the version and announces it.
private final class ChangingSource: ToolsetSource {
    let origin = "the test program"
    private let state = Mutex<(version: Int, listeners: [AsyncStream<Void>.Continuation])>((1, []))

    func toolsets() -> [any Toolset] {
        let version = state.withLock { $0.version }
        return [
            SwiftToolset(name: "clock", tools: [
                SwiftTool(name: "now", description: "The time (version \(version)).", parameters: ["type": "object"]) { _, _ in
                    .text("v\(version)")
                }
            ])
        ]
    }

    func changes() -> AsyncStream<Void> {
        AsyncStream { continuation in state.withLock { $0.listeners.append(continuation) } }
    }

    func bump() {
        let listeners = state.withLock { state in
            state.version += 1
            return state.listeners
        }
        for listener in listeners { listener.yield() }
    }
}

/// A source that cannot offer its toolsets.
private struct BrokenSource: ToolsetSource {
    let origin = "a broken source"
    func toolsets() throws(ProjectError) -> [any Toolset] {
        throw ProjectError(ProjectDiagnostic(file: origin, message: "server 'x' has no command"))
    }
}

/// A toolset that learns its tools when its first instance is made (as an MCP server does).
private final class LazyToolset: Toolset {
    let name = "lazy"
    private let started = Mutex(false)
    var tools: [ToolDefinition] {
        started.withLock { $0 } ? [ToolDefinition(name: "add", description: "Adds too.", parametersSchema: ["type": "object"])] : []
    }
    func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance {
        started.withLock { $0 = true }
        return try await SwiftToolset(name: name, tools: []).makeInstance(context: context)
    }
}

@Suite struct ToolsetSourceTests {
    /// Calls `now` once, then answers with its result.
    let callNow = FunctionModel { request in
        guard let result = request.lastToolResults.first else { return .toolCalls([.make("now", [:])]) }
        return .text("tool said: \(result.content)")
    }

    func project(toolsets: String = "clock") throws -> TemporaryProject {
        try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker"]}"#,
            "main.worker": workerFile("name: main\nentry: true\nmodel: fn\ntoolsets: [\(toolsets)]"),
        ])
    }

    @Test func aWorkerCallsAnInjectedSwiftTool() async throws {
        let project = try project()
        let source = ChangingSource()
        let program = try ProjectLoader.load(path: project.root, toolsetSources: [source])
        #expect(program.sourceOrigins == ["clock": "the test program"])
        let result = try await Runtime(program: program, options: RuntimeOptions(models: ["fn": callNow])).run(input: "go")
        #expect(result.output == "tool said: v1")
    }

    @Test func theTestModelCallsAnInjectedToolWithSchemaValidArguments() async throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker"]}"#,
            "main.worker": workerFile("name: main\nentry: true\nmodel: test\ntoolsets: [greeting]"),
        ])
        let greet = SwiftTool(
            name: "greet", description: "Greets someone.",
            parameters: ["type": "object", "properties": ["who": ["type": "string"]], "required": ["who"]]
        ) { arguments, _ in
            guard case .string(let who) = arguments["who"] else { throw ToolError.retry("who must be a string") }
            return .text("hello, \(who)")
        }
        let source = ToolsetList(origin: "the test", toolsets: [SwiftToolset(name: "greeting", tools: [greet])])
        let program = try ProjectLoader.load(path: project.root, toolsetSources: [source])
        let result = try await Runtime(program: program).run(input: "go")
        #expect(result.output.stringValue?.hasPrefix("test model called 1 tool\ngreet: hello, ") == true, "\(result.output)")
    }

    @Test func aClashWithABuiltInNamesBothOrigins() throws {
        let project = try project(toolsets: "filesystem_project")
        let impostor = ToolsetList(origin: "the embedding program", toolsets: [SwiftToolset(name: "filesystem_project", tools: [])])
        #expect(throws: ProjectError.self) { try ProjectLoader.load(path: project.root, toolsetSources: [impostor]) }
        do {
            _ = try ProjectLoader.load(path: project.root, toolsetSources: [impostor])
        } catch {
            #expect(error.description.contains("the embedding program: toolset 'filesystem_project' is defined twice: here and as a built-in toolset"))
        }
    }

    @Test func withoutTheSourceTheNameIsUnknown() throws {
        let project = try project()
        #expect(project.diagnostics().contains { $0.contains("unknown toolset 'clock'") })
    }

    @Test func aFailingSourceFailsTheLinkWithItsDiagnostic() throws {
        let project = try project()
        do {
            _ = try ProjectLoader.load(path: project.root, toolsetSources: [ChangingSource(), BrokenSource()])
            Issue.record("the load should fail")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["a broken source: server 'x' has no command"])
        }
    }

    @Test func aSourceChangeIsANewGeneration() async throws {
        let project = try project()
        let source = ChangingSource()
        let sink = RecordingEventSink()
        let runtime = Runtime(
            program: try ProjectLoader.load(path: project.root, toolsetSources: [source]),
            options: RuntimeOptions(events: sink, models: ["fn": callNow]))
        let watcher = ProjectWatcher(runtime: runtime, projectPath: project.root, toolsetSources: [source])
        watcher.start()
        defer { watcher.stop() }
        #expect(try await runtime.run(input: "go").output == "tool said: v1")

        source.bump()
        #expect(try await eventually { watcher.generation == 2 })
        #expect(try await runtime.run(input: "go").output == "tool said: v2")
        let reload = try #require(sink.events(of: ReloadEvent.self).last)
        #expect(reload.report.trigger == .toolsetChange("the test program"))
        #expect(reload.report.reloaded == ["toolsets from the test program"])
        #expect(reload.report.changedToolSchemas == ["now"])

        // The watcher follows the new program's sources too: a second change is a third generation.
        source.bump()
        #expect(try await eventually { watcher.generation == 3 })
        #expect(try await runtime.run(input: "go").output == "tool said: v3")
    }

    @Test func aLazyToolsetsClashIsFoundWhenItStarts() async throws {
        let project = try project(toolsets: "math, lazy")
        let program = try ProjectLoader.load(
            path: project.root, toolsetSources: [ToolsetList(origin: "the test", toolsets: [MathToolset(), LazyToolset()])])
        let model = FunctionModel { _ in .text("never") }
        do {
            _ = try await Runtime(program: program, options: RuntimeOptions(models: ["fn": model])).run(input: "go")
            Issue.record("the run should fail")
        } catch let error as RunError {
            #expect(error.kind == .toolConflict)
            #expect(error.message == "tool 'add' is offered by both 'math' and 'lazy'; a worker's tool names must be unique")
        }
    }
}

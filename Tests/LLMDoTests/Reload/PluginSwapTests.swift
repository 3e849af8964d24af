import Foundation
import Testing
@testable import LLMDo

/// Hot swap of a real C plugin (`examples/hot_swap/hot_swap.c`, built with `cc`), offline with a
/// function model that calls one tool and answers with its result.
@Suite struct PluginSwapTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Builds the example plugin with a greeting and a version, into `folder/libhot_swap.so`
    /// through a temporary name (the rename is what a build tool's atomic write looks like).
    static func build(greeting: String, version: String, into folder: String) throws {
        let partial = "\(folder)/.libhot_swap-\(UUID().uuidString).so"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
        process.arguments = [
            "-std=c11", "-Wall", "-Werror", "-fPIC", "-shared", "-fvisibility=hidden", "-Wl,-Bsymbolic",
            "-I", "\(packageRoot)/Sources/LLMDoToolABI/include", "-DGREETING=\"\(greeting)\"", "-DVERSION=\"\(version)\"",
            "-o", partial, "\(packageRoot)/examples/hot_swap/hot_swap.c",
        ]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, rename(partial, "\(folder)/libhot_swap.so") == 0 else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// Calls `tool` with `arguments` once, then answers with the tool's result.
    static func caller(_ tool: String, _ arguments: JSONValue) -> FunctionModel {
        FunctionModel { request in
            if let result = request.lastToolResults.first { return .text(result.content) }
            return .toolCalls([.make(tool, arguments)])
        }
    }

    static let manifest = #"{"version": 1, "worker_files": ["main.worker"], "plugin_files": ["./libhot_swap.so"]}"#
    static let main = workerFile("name: main\nentry: true\ntoolsets: [greeting]", body: "Greet.")

    func makeFixture(model: FunctionModel, manifest: String = Self.manifest) throws -> EchoPromptProject {
        let fixture = try EchoPromptProject(
            model: model, files: ["project.json": manifest, "main.worker": Self.main], load: false)
        try Self.build(greeting: "Hello", version: "1.0.0", into: fixture.project.root)
        return try fixture.loaded()
    }

    @Test func aRebuiltPluginServesTheNextTurn() async throws {
        let fixture = try makeFixture(model: Self.caller("greeting", ["name": "Ada"]))
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        watcher.start()
        defer { watcher.stop() }
        #expect(try await fixture.reply() == "Hello, Ada!")

        try Self.build(greeting: "Howdy", version: "1.1.0", into: fixture.project.root)
        #expect(try await eventually { watcher.generation == 2 })
        #expect(try await fixture.reply() == "Howdy, Ada!")
        let report = try #require(fixture.reloads.last?.report)
        #expect(report.changedFiles == ["libhot_swap.so"])
        #expect(report.reloaded == ["plugin ./libhot_swap.so"])
        #expect(report.pluginVersions == ["greeting": "1.1.0"])
        #expect(!report.toolSchemasChanged)
    }

    /// The loaded image (generation) behind the program's `greeting` toolset: an isolated
    /// plugin (the default for a file in the project) or an in-process one.
    static func generation(_ runtime: Runtime) throws -> ObjectIdentifier {
        if let isolated = runtime.program.toolsets["greeting"] as? IsolatedToolset { return ObjectIdentifier(isolated.plugin) }
        let toolset = try #require(runtime.program.toolsets["greeting"] as? PluginToolset)
        return ObjectIdentifier(toolset.generation)
    }

    @Test func reloadsReuseUnchangedPlugins() async throws {
        let fixture = try makeFixture(model: Self.caller("greeting", ["name": "Ada"]))
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        try watcher.reloadNow()  // the watcher's first load of the plugin
        let first = try Self.generation(fixture.runtime)
        for _ in 0..<5 { try watcher.reloadNow() }
        #expect(try Self.generation(fixture.runtime) == first)
        #expect(try await fixture.reply() == "Hello, Ada!")
        try Self.build(greeting: "Howdy", version: "1.1.0", into: fixture.project.root)
        try watcher.reloadNow()
        #expect(try Self.generation(fixture.runtime) != first)
        #expect(try await fixture.reply() == "Howdy, Ada!")
    }

    /// A plugin in the project runs isolated by default: the old helper serves the call in flight,
    /// then exits once nothing holds its generation.
    @Test func aSlowCallFinishesOnTheOldCode() async throws {
        let fixture = try makeFixture(model: Self.caller("slow_greeting", ["name": "Ada", "delay_ms": 300]))
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        let oldHelper = try await #require(fixture.runtime.program.toolsets["greeting"] as? IsolatedToolset).plugin.connection()
        try await Self.swapDuringASlowCall(fixture, watcher)
        #expect(try await eventually { !oldHelper.isAlive }, "the old generation's helper exits")
    }

    /// Rebuilds the plugin while `slow_greeting` runs: the call finishes on the old code, the next on the new.
    static func swapDuringASlowCall(_ fixture: EchoPromptProject, _ watcher: ProjectWatcher) async throws {
        let inFlight = Task { try await fixture.reply() }
        #expect(try await eventually { fixture.events.events.contains { if case .toolCall = $0 { true } else { false } } })
        try Self.build(greeting: "Howdy", version: "1.1.0", into: fixture.project.root)
        try watcher.reloadNow()
        #expect(try await inFlight.value == "Hello, Ada!")
        #expect(try await fixture.reply() == "Howdy, Ada!")
    }

    @Test func anInProcessPluginSwapsToo() async throws {
        let manifest = #"{"version": 1, "worker_files": ["main.worker"], "plugin_files": [{"path": "./libhot_swap.so", "isolation": "none"}]}"#
        let fixture = try makeFixture(model: Self.caller("slow_greeting", ["name": "Ada", "delay_ms": 300]), manifest: manifest)
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        #expect(fixture.runtime.program.toolsets["greeting"] is PluginToolset)
        try await Self.swapDuringASlowCall(fixture, watcher)
    }

    @Test func aBrokenLibraryKeepsTheOldOneUntilAGoodOneArrives() async throws {
        let fixture = try makeFixture(model: Self.caller("greeting", ["name": "Ada"]))
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        watcher.start()
        defer { watcher.stop() }

        try fixture.project.write("libhot_swap.so", "not an ELF file")
        #expect(try await eventually { !fixture.reloads.isEmpty })
        #expect(fixture.reloads.last?.succeeded == false)
        #expect(fixture.warnings.contains { $0.contains("libhot_swap.so") })
        #expect(try await fixture.reply() == "Hello, Ada!")

        try Self.build(greeting: "Howdy", version: "1.1.0", into: fixture.project.root)
        #expect(try await eventually { watcher.generation == 2 })
        #expect(try await fixture.reply() == "Howdy, Ada!")
    }

    @Test func aWorkerMovesBehindAPluginFunctionOfTheSameName() async throws {
        // main's worker file never changes: its tool `greeting` is first a worker, then C.
        let model = FunctionModel { request in
            if request.system.contains("Reply with a greeting") { return .text("a worker's hello") }
            if let result = request.lastToolResults.first { return .text(result.content) }
            return .toolCalls([.make("greeting", ["name": "Ada"])])
        }
        let fixture = try EchoPromptProject(
            model: model,
            files: [
                "project.json": #"{"version": 1, "worker_files": ["main.worker", "greeting.worker"]}"#,
                "main.worker": Self.main,
                "greeting.worker": workerFile(
                    "name: greeting\ninput_schema:\n  type: object\n  properties:\n    name: {type: string}\n  required: [name]",
                    body: "Reply with a greeting."),
            ])
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        #expect(try await fixture.reply() == "a worker's hello")

        try Self.build(greeting: "Hello", version: "1.0.0", into: fixture.project.root)
        try fixture.project.write("project.json", Self.manifest)
        let report = try watcher.reloadNow()
        #expect(try await fixture.reply() == "Hello, Ada!")
        #expect(report.reloaded == ["manifest", "worker greeting (removed)", "plugin ./libhot_swap.so (added)"])
        #expect(report.changedToolSchemas == ["greeting", "slow_greeting"])
    }
}

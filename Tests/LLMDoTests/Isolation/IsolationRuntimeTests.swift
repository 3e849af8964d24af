import Foundation
import Synchronization
import Testing

@testable import LLMDo

/// Isolated plugins in an embedded runtime: host services forwarded from the helper, per-call
/// instances lost with a crashed helper, cancellation.
@Suite struct IsolationRuntimeTests {
    /// A model that makes one tool call per step from `script` (name and arguments), then answers
    /// with every result it saw, one per line (errors marked).
    static func scripted(_ script: [(String, JSONValue)]) -> FunctionModel {
        FunctionModel { request in
            let results = request.messages.flatMap(\.parts).compactMap { part -> ToolResult? in
                if case .toolResult(let result) = part { return result } else { return nil }
            }
            guard results.count < script.count else {
                return .text(results.map { ($0.isError ? "error: " : "") + $0.content }.joined(separator: "\n"))
            }
            let (name, arguments) = script[results.count]
            return .toolCalls([.make(name, arguments, id: "call-\(results.count)")])
        }
    }

    static func runtime(_ project: TemporaryProject, model: FunctionModel, events: RecordingEventSink = RecordingEventSink()) throws -> Runtime {
        let program = try project.load()
        return Runtime(program: program, options: RuntimeOptions(modelOverride: "fn", events: events, models: ["fn": model]))
    }

    @Test func aCrashLosesTheInstanceAndSaysSo() async throws {
        let project = try CrashPlugins.project(.c(["CRASH_SEGV", "CRASH_ON=1"]), toolsets: "stateful, crashy")
        let events = RecordingEventSink()
        let model = Self.scripted([("tally", [:]), ("tally", [:]), ("boom", [:]), ("tally", [:]), ("tally", [:]), ("boom", [:])])
        let output = try await Self.runtime(project, model: model, events: events).run(input: "go").output
        let lines = try #require(output.stringValue).split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(Array(lines.prefix(2)) == ["1", "2"])
        #expect(lines[2] == "error: plugin './libcrash.so' crashed in crashy.boom (SIGSEGV)")
        #expect(lines[3].hasPrefix("error: plugin './libcrash.so' was restarted after a failure, so toolset 'stateful' lost the per-call state"))
        #expect(Array(lines.suffix(2)) == ["1", "call 2 ok"], "a fresh instance, and the restarted helper serves boom")
        let warnings = events.events(of: WarningEvent.self).map(\.message)
        #expect(warnings.contains("plugin './libcrash.so' crashed in crashy.boom (SIGSEGV); the plugin restarts for its next call"))
        #expect(warnings.contains("main: boom call 2"), "log() is forwarded from the helper")
    }

    @Test func hostServicesAreForwarded() async throws {
        let echo = workerFile("name: echo", body: "Echo.")
        let project = try CrashPlugins.project(.testPlugin, toolsets: "test_tools", workers: ["echo.worker": echo])
        let model = FunctionModel { request in
            let results = request.messages.flatMap(\.parts).compactMap { part -> ToolResult? in
                if case .toolResult(let result) = part { return result } else { return nil }
            }
            if request.system.contains("Echo.") { return .text("echo of \(request.messages.first?.text ?? "")") }
            let script: [(String, JSONValue)] = [
                ("call_worker", ["worker": "echo", "input": "hi"]), ("count", [:]), ("count", [:]), ("root", [:]),
                ("call_worker", ["worker": "nope", "input": "x"]),
            ]
            guard results.count < script.count else {
                return .text(results.map { ($0.isError ? "error: " : "") + $0.content }.joined(separator: "\n"))
            }
            return .toolCalls([.make(script[results.count].0, script[results.count].1, id: "call-\(results.count)")])
        }
        let output = try await Self.runtime(project, model: model).run(input: "go").output
        let realRoot = try project.load().projectRoot
        #expect(output.stringValue == ["echo of hi", "1", "2", realRoot, "error: no worker named 'nope'"].joined(separator: "\n"))
    }

    @Test func callToolFromAnIsolatedFunction() async throws {
        let project = try CrashPlugins.project(.c([]), toolsets: "stateful")
        let output = try await Self.runtime(project, model: Self.scripted([("relay", [:])])).run(input: "go").output
        #expect(output == "\"unset\"", "relay got secret's result (JSON text) from the host")
    }

    @Test func anIsolatedCodeEntryCallsWorkers() async throws {
        let echo = workerFile("name: echo", body: "Echo.")
        let project = try CrashPlugins.project(.testPlugin, toolsets: "test_tools", workers: ["echo.worker": echo])
        var program = try project.load()
        let entry = try #require(program.plugins.first?.entries.first)
        #expect(entry is IsolatedCodeEntry)
        program.entry = .code(entry)
        let model = FunctionModel { request in .text("echo of \(request.messages.last?.text ?? "")") }
        let runtime = Runtime(program: program, options: RuntimeOptions(modelOverride: "fn", models: ["fn": model]))
        #expect(try await runtime.run(input: ["worker": "echo"]).output == ["result": "echo of from the entry"])
        let error = await #expect(throws: PluginEntryError.self) { try await runtime.run(input: ["worker": "nope"]) }
        #expect(error?.description == "entry 'echo_entry' failed: no worker named 'nope'")
    }

    @Test func aCancelledCallThatNeverPollsLosesItsHelper() async throws {
        let project = try CrashPlugins.project(.c(["CRASH_SPIN"]))
        let events = RecordingEventSink()
        let runtime = try Self.runtime(project, model: Self.scripted([("boom", [:])]), events: events)
        let plugin = try #require(runtime.program.toolsets["crashy"] as? IsolatedToolset).plugin
        let helper = try await plugin.connection()
        let run = Task { try await runtime.run(input: "go") }
        while !events.events.contains(where: { if case .toolCall = $0 { return true } else { return false } }) {
            try await Task.sleep(for: .milliseconds(10))
        }
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
        #expect(!helper.isAlive, "killed after the grace period")
        #expect(try await plugin.connection() !== helper, "the next request gets a new helper")
    }

    @Test func cancellingAPollingCallReachesThePlugin() async throws {
        let project = try CrashPlugins.project(.testPlugin, toolsets: "test_tools")
        let events = RecordingEventSink()
        let runtime = try Self.runtime(project, model: Self.scripted([("wait_cancel", [:])]), events: events)
        let run = Task { try await runtime.run(input: "go") }
        // Wait until the call is running in the helper, then cancel the run.
        while !events.events.contains(where: { if case .toolCall = $0 { return true } else { return false } }) {
            try await Task.sleep(for: .milliseconds(10))
        }
        let plugin = try #require(runtime.program.toolsets["test_tools"] as? IsolatedToolset).plugin
        let helper = try await plugin.connection()
        run.cancel()
        await #expect(throws: (any Error).self) { try await run.value }
        // The plugin saw is_cancelled and returned: its helper was not killed.
        #expect(try await plugin.connection() === helper)
        #expect(helper.isAlive)
    }
}

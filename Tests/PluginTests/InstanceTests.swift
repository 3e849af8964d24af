import Testing

@testable import LLMDo

/// Per-call toolset instances: created lazily by the first call that needs one, a failed
/// creation is that call's tool error, and instance and approval callbacks can log.
@Suite struct InstanceTests {
    /// A worker whose model calls `ping` `times` times, then answers.
    static func pinger(times: Int) -> FunctionModel {
        FunctionModel { request in
            let results = request.messages.filter { $0.parts.contains { if case .toolResult = $0 { true } else { false } } }
            if results.count == times { return .text("done") }
            return .toolCalls([ToolCall(id: "p\(results.count)", name: "ping", arguments: [:])])
        }
    }

    static func run(_ workerName: String, model: FunctionModel, plugin: LoadedPlugin, log: RecordingEventSink) async throws {
        let worker = WorkerSpec(
            name: workerName, isEntry: true, model: "fn", toolsetRefs: [NameRef(name: "flaky_tools", line: nil)],
            instructions: "Ping.", file: "\(workerName).worker")
        let program = makeProgram(plugins: [plugin], workers: [worker], entry: .worker(workerName))
        _ = try await Runtime(program: program, options: RuntimeOptions(events: log, models: ["fn": model])).run(input: "go")
    }

    @Test func creationIsLazyAFailureIsAToolErrorAndTheNextCallRetries() async throws {
        // The only test that uses flaky_tools: its create_instance fails on the first attempt.
        let plugin = try Fixtures.load(try Fixtures.testPlugin())
        let idle = RecordingEventSink()
        try await Self.run("idle", model: Self.pinger(times: 0), plugin: plugin, log: idle)
        #expect(idle.events(of: DebugEvent.self).map(\.message).isEmpty, "a worker call that calls no tool creates no instance")

        let log = RecordingEventSink()
        try await Self.run("pinger", model: Self.pinger(times: 2), plugin: plugin, log: log)
        let results = log.events(of: ToolResultEvent.self).map(\.result)
        #expect(results.map(\.isError) == [true, false])
        #expect(results.first?.content == "toolset 'flaky_tools' could not create its instance: not ready yet (attempt 1)")
        #expect(results.last?.content == "2", "the second call created the instance on the second attempt")
        #expect(
            log.events(of: DebugEvent.self).map(\.message) == [
                "pinger: flaky_tools: create attempt 1", "pinger: flaky_tools: create attempt 2",
                "pinger: flaky_tools: destroyed the instance of attempt 2",
            ])
    }

    @Test func approvalCallbacksAndInstancesLogIntoTheWorkerCall() async throws {
        let plugin = try Fixtures.load(try Fixtures.testPlugin())
        let toolset = try #require(plugin.toolsets.first as? PluginToolset)
        let log = RecordingEventSink()
        let context = ToolsetContext(
            projectRoot: Fixtures.packageRoot, workingDirectory: "/", workerName: "writer", depth: 0, events: log)
        let instance = try await toolset.makeInstance(context: context)
        #expect(log.events(of: DebugEvent.self).map(\.message).isEmpty)
        let need = await instance.approvalNeed(tool: "guarded", arguments: ["path": "/etc/passwd"])
        #expect(need.required == true)
        await instance.close()
        #expect(
            log.events(of: DebugEvent.self).map(\.message) == [
                "writer: test_tools: instance created", "writer: test_tools: deciding approval",
                "writer: test_tools: instance destroyed",
            ])
    }
}

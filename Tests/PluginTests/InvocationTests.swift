import Testing

@testable import LLMDo

/// Calls into the test plugin through the runtime, as code: validation, conversion, libffi,
/// results and every failure mode.
@Suite struct InvocationTests {
    static func plugin() throws -> LoadedPlugin { try Fixtures.load(try Fixtures.testPlugin()) }

    @Test func typedResults() async throws {
        let plugin = try Self.plugin()
        let output = try await runAsCode(plugin) { scope in
            let sum = try await scope.callTool("add", arguments: ["a": 40, "b": 2])
            let scaled = try await scope.callTool("scale", arguments: ["x": 1.5])
            let greeting = try await scope.callTool("greet", arguments: ["name": "Ada", "excited": true])
            let plain = try await scope.callTool("greet", arguments: ["name": "Bob"])
            return [sum.jsonValue, scaled.jsonValue, greeting.jsonValue, plain.jsonValue]
        }
        #expect(output == [42, 3.0, "hello, Ada!", "hello, Bob"])
    }

    @Test func failureRetryAndInvalidJSONAreToolErrors() async throws {
        let plugin = try Self.plugin()
        _ = try await runAsCode(plugin) { scope in
            await #expect(throws: ToolError.failed("deliberate failure")) { try await scope.callTool("fails", arguments: [:]) }
            await #expect(throws: ToolError.retry("x must be even")) { try await scope.callTool("asks_retry", arguments: ["x": 3]) }
            #expect(try await scope.callTool("asks_retry", arguments: ["x": 4]) == .json("even"))
            do {
                _ = try await scope.callTool("bad_json", arguments: [:])
                Issue.record("bad_json succeeded")
            } catch let error as ToolError where error.kind == .failed {
                #expect(error.message.contains("tool 'bad_json' returned invalid JSON"))
            }
            return .null
        }
    }

    @Test func projectRootAndPerCallInstances() async throws {
        // A file of its own: loads of one file share one image (and its live-instance counter)
        // with every other test that loads it.
        let plugin = try Fixtures.load(try Fixtures.compile("Tests/Fixtures/plugins/test_plugin.c", name: "test_plugin_instances"))
        let output = try await runAsCode(plugin) { scope in
            // Each call from code gets a fresh instance, destroyed when the call ends.
            let first = try await scope.callTool("count", arguments: [:])
            let second = try await scope.callTool("count", arguments: [:])
            let live = try await scope.callTool("live", arguments: [:])
            let root = try await scope.callTool("root", arguments: [:])
            return [first.jsonValue, second.jsonValue, live.jsonValue, root.jsonValue]
        }
        #expect(output == [1, 1, 1, .string(Fixtures.packageRoot)])
    }

    @Test func perCallApprovalDescribesTheCall() async throws {
        let plugin = try Self.plugin()
        let toolset = try #require(plugin.toolsets.first as? PluginToolset)
        let context = ToolsetContext(projectRoot: Fixtures.packageRoot, workingDirectory: "/", workerName: "w", depth: 0)
        let instance = try await toolset.makeInstance(context: context)
        let inside = await instance.approvalNeed(tool: "guarded", arguments: ["path": "notes.txt"])
        #expect(inside.required == false)
        let outside = await instance.approvalNeed(tool: "guarded", arguments: ["path": "/etc/passwd"])
        #expect(outside.required == true)
        #expect(outside.description == #"write outside the project: {"path":"/etc/passwd"}"#)
        await instance.close()  // the callback made the instance; closing destroys it
    }

    @Test func instancesLiveForOneWorkerCall() async throws {
        // A worker calls `count` three times in one call: one instance, counting 1, 2, 3.
        let plugin = try Self.plugin()
        let model = FunctionModel { request in
            let results = request.messages.filter { $0.parts.contains { if case .toolResult = $0 { true } else { false } } }
            if results.count == 3 { return .text(results.map(\.text).joined(separator: ",")) }
            return .toolCalls([ToolCall(id: "c\(results.count)", name: "count", arguments: [:])])
        }
        let log = RecordingEventSink()
        let worker = WorkerSpec(
            name: "counter", isEntry: true, model: "fn", toolsetRefs: [NameRef(name: "test_tools", line: nil)],
            instructions: "Count.", file: "counter.worker")
        let program = makeProgram(plugins: [plugin], workers: [worker], entry: .worker("counter"))
        _ = try await Runtime(program: program, options: RuntimeOptions(events: log, models: ["fn": model])).run(input: "go")
        #expect(log.events(of: ToolResultEvent.self).map(\.result).map(\.content) == ["1", "2", "3"])
    }
}

/// Threads: cancellation reaches a running plugin call, and a function that is not
/// thread-safe never runs twice at once.
@Suite struct PluginThreadTests {
    @Test func cancellationReachesThePlugin() async throws {
        let plugin = try InvocationTests.plugin()
        _ = try await runAsCode(plugin) { scope in
            let call = Task { try await scope.callTool("wait_cancel", arguments: [:]) }
            try await Task.sleep(for: .milliseconds(50))
            call.cancel()
            // The plugin saw is_cancelled and returned LLMDO_CANCELLED: the call ends as cancelled.
            await #expect(throws: CancellationError.self) { try await call.value }
            return .null
        }
    }

    @Test func serializedFunctionsNeverOverlap() async throws {
        let plugin = try InvocationTests.plugin()
        let output = try await runAsCode(plugin) { scope in
            try await withThrowingTaskGroup(of: JSONValue.self) { group in
                for _ in 0..<20 { group.addTask { try await scope.callTool("serial", arguments: [:]).jsonValue } }
                return .array(try await group.reduce(into: []) { $0.append($1) })
            }
        }
        #expect(output == .array(Array(repeating: 1, count: 20)))
    }
}

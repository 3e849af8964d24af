import Testing

@testable import LLMDo

/// What crosses the plugin boundary on the way back: run-ending errors keep their type, a
/// tool called from plugin code runs one level deeper, and repeated host callbacks leave
/// nothing behind but the bytes the ABI says the plugin may still read.
@Suite struct BoundaryTests {
    static func entryRuntime(
        workers: [WorkerSpec] = [], limits: UsageLimits = UsageLimits(), model: FunctionModel = NestingTests.chainModel
    ) throws -> Runtime {
        let plugin = try Fixtures.load(try Fixtures.testPlugin())
        let entry = try #require(plugin.entries.first)
        let program = makeProgram(plugins: [plugin], workers: workers, entry: .code(entry), limits: limits)
        return Runtime(program: program, options: RuntimeOptions(models: ["fn": model]))
    }

    static let echo = WorkerSpec(name: "echo", model: "fn", instructions: "Echo.", file: "echo.worker")

    @Test func aUsageLimitUnderACodeEntryEndsTheRunAsItself() async throws {
        // The entry's call_worker fails (the worker may make no request); the entry fails with
        // that message, and the run ends with the usage-limit error, not the entry's failure.
        let runtime = try Self.entryRuntime(workers: [Self.echo], limits: UsageLimits(maxRequests: 0))
        let error = await #expect(throws: RunError.self) { try await runtime.run(input: ["worker": "echo"]) }
        #expect(error?.kind == .usageLimitExceeded)
        #expect(error?.message.contains("runtime.usage_limits.max_requests") == true)
    }

    @Test func aUsageLimitUnderAPluginToolEndsTheRunAsItself() async throws {
        // The entry calls `recurse`, which calls itself through call_tool: the third tool call
        // passes max_tool_calls two plugin calls down.
        let runtime = try Self.entryRuntime(limits: UsageLimits(maxToolCalls: 2))
        let error = await #expect(throws: RunError.self) { try await runtime.run(input: ["tool": "recurse"]) }
        #expect(error?.kind == .usageLimitExceeded)
    }

    @Test func cancellationUnderACodeEntryIsCancellation() async throws {
        // The entry waits in call_tool for `wait_cancel`, which returns once it sees the cancel.
        let runtime = try Self.entryRuntime()
        let run = Task { try await runtime.run(input: ["tool": "wait_cancel"]) }
        try await Task.sleep(for: .milliseconds(100))
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
    }

    @Test func cancellationDuringANestedWorkerIsCancellation() async throws {
        // The entry waits in call_worker for a worker whose model waits until cancelled.
        let waiting = FunctionModel { _ in
            try await Task.sleep(for: .seconds(30))
            return .text("too late")
        }
        let runtime = try Self.entryRuntime(workers: [Self.echo], model: waiting)
        let run = Task { try await runtime.run(input: ["worker": "echo"]) }
        try await Task.sleep(for: .milliseconds(100))
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
    }

    @Test func aToolCallingItselfThroughCallToolStopsAtTheDepthLimit() async throws {
        let plugin = try Fixtures.load(try Fixtures.testPlugin())
        _ = try await runAsCode(plugin) { scope in
            do {
                _ = try await scope.callTool("recurse", arguments: [:])
                Issue.record("recursion through call_tool was not stopped")
            } catch let error as ToolError where error.kind == .failed {
                #expect(error.message == "maximum worker depth 5 exceeded calling tool 'recurse' (runtime.max_depth or --max-depth)")
            }
            return .null
        }
    }

    @Test func repeatedCallToolKeepsOnlyTheLentBytes() async throws {
        let plugin = try Fixtures.load(try Fixtures.testPlugin())
        let toolset = try #require(plugin.toolsets.first as? PluginToolset)
        let repeatTool = try #require(toolset.functions.first { $0.definition.name == "repeat_tool" })
        _ = try await runAsCode(plugin) { scope in
            let calls = 5_000
            let call = PluginCall(scope: scope, projectRoot: scope.projectRoot)
            let output = try await call.run { repeatTool.invoke(["n": .int(Int64(calls))], call: call) }.get()
            #expect(output == .json(.int(Int64(calls))))
            let retained = call.retained
            // No finished nested call is kept; each result ("3" and its NUL) is kept, as the
            // ABI promises, packed into a few blocks rather than one allocation per call.
            #expect(retained.inFlight == 0)
            #expect(retained.bytesLent == 2 * calls)
            #expect(retained.blocks <= 8 + retained.bytesLent / (16 * 1024))
            return .null
        }
    }

    @Test func repeatedCallWorkerKeepsNoFinishedCall() async throws {
        // One plugin call (one ctx) calling a worker 200 times: each output stays lent, the
        // finished nested calls do not (they were what made call_worker cost ~18 KiB each).
        let plugin = try Fixtures.load(try Fixtures.testPlugin())
        let toolset = try #require(plugin.toolsets.first as? PluginToolset)
        let callWorker = try #require(toolset.functions.first { $0.definition.name == "call_worker" })
        let model = FunctionModel { _ in .text("ok") }
        _ = try await runAsCode(plugin, workers: [Self.echo], models: ["fn": model]) { scope in
            let call = PluginCall(scope: scope, projectRoot: scope.projectRoot)
            for _ in 0..<200 {
                let output = try await call.run { callWorker.invoke(["worker": "echo", "input": "x"], call: call) }.get()
                #expect(output == .json("ok"))
            }
            let retained = call.retained
            #expect(retained.inFlight == 0)
            // Per call: the arguments "echo" and "x" and the output "\"ok\"", each with its NUL.
            #expect(retained.bytesLent == 200 * (5 + 2 + 5))
            return .null
        }
    }
}

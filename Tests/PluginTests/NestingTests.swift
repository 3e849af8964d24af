import Testing

@testable import LLMDo

/// Plugins calling back into the runtime: code entries, plugin → worker → plugin chains,
/// the depth limit and unknown names.
@Suite struct NestingTests {
    /// A worker whose model calls the plugin's `call_worker` tool to call this same worker
    /// again, until the depth limit stops the chain; then it answers with what it got.
    static let chainModel = FunctionModel { request in
        if let result = request.messages.last?.parts.compactMap({ part -> ToolResult? in
            if case .toolResult(let result) = part { return result } else { return nil }
        }).first {
            return .text("done: \(result.content)")
        }
        return .toolCalls([ToolCall(id: "chain", name: "call_worker", arguments: ["worker": "chain", "input": "deeper"])])
    }

    static let chainWorker = WorkerSpec(
        name: "chain", isEntry: true, model: "fn", toolsetRefs: [NameRef(name: "test_tools", line: nil)],
        instructions: "Go deeper.", file: "chain.worker")

    static func runtime(entry: Entry, workers: [WorkerSpec], events: RecordingEventSink = RecordingEventSink()) throws -> Runtime {
        let plugin = try Fixtures.load(try Fixtures.testPlugin())
        let program = makeProgram(plugins: [plugin], workers: workers, entry: entry)
        return Runtime(program: program, options: RuntimeOptions(events: events, models: ["fn": chainModel]))
    }

    @Test func depthExceededThroughAPluginIsAToolErrorAtTheBottom() async throws {
        let events = RecordingEventSink()
        let runtime = try Self.runtime(entry: .worker("chain"), workers: [Self.chainWorker], events: events)
        let output = try await runtime.run(input: "start").output
        let text = try #require(output.stringValue)
        #expect(text.contains("maximum worker depth 5 exceeded calling 'chain'"))
        let errors = events.events(of: ToolResultEvent.self).map(\.result).filter(\.isError)
        #expect(errors.count == 1, "only the innermost call fails")
        #expect(events.events(of: ToolResultEvent.self).map(\.result).count == 5, "the five workers max_depth 5 allows (the entry is the first) each called the tool once")
    }

    @Test func aHundredParallelChainsComplete() async throws {
        let runtime = try Self.runtime(entry: .worker("chain"), workers: [Self.chainWorker])
        let outputs = try await withThrowingTaskGroup(of: JSONValue.self) { group in
            for index in 0..<100 { group.addTask { try await runtime.run(input: .string("chain \(index)")).output } }
            return try await group.reduce(into: [JSONValue]()) { $0.append($1) }
        }
        #expect(outputs.count == 100)
        #expect(outputs.allSatisfy { $0.stringValue?.contains("maximum worker depth 5 exceeded") == true })
        // Each chain holds one plugin thread per level while it waits.
        #expect(PluginThreads.shared.statistics.peakLive >= 6)
    }

    @Test func codeEntryCallsAWorker() async throws {
        let echo = WorkerSpec(name: "echo", model: "fn", instructions: "Echo.", file: "echo.worker")
        let plugin = try Fixtures.load(try Fixtures.testPlugin())
        let entry = try #require(plugin.entries.first)
        let program = makeProgram(plugins: [plugin], workers: [echo], entry: .code(entry))
        let model = FunctionModel { request in .text("echo of \(request.messages.last?.text ?? "")") }
        let runtime = Runtime(program: program, options: RuntimeOptions(models: ["fn": model]))
        #expect(try await runtime.run(input: ["worker": "echo"]).output == ["result": "echo of from the entry"])
        let error = await #expect(throws: PluginEntryError.self) { try await runtime.run(input: ["worker": "nope"]) }
        #expect(error?.description == "entry 'echo_entry' failed: no worker named 'nope'")
    }

    @Test func unknownWorkerFromAToolIsAToolError() async throws {
        _ = try await runAsCode(try Fixtures.load(try Fixtures.testPlugin()), workers: [Self.chainWorker]) { scope in
            await #expect(throws: ToolError.failed("no worker named 'nope'")) {
                try await scope.callTool("call_worker", arguments: ["worker": "nope", "input": "x"])
            }
            return .null
        }
    }
}

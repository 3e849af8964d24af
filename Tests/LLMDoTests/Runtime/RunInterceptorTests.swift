import Testing
@testable import LLMDo

/// Answers every `add` call itself; the tool never runs.
private struct StubAdd: RunInterceptor {
    func interceptToolCall(
        arguments: JSONValue, call: ToolCallInfo, next: (JSONValue) async throws -> ToolOutput
    ) async throws -> ToolOutput {
        call.tool == "add" ? .text("stubbed \(call.toolset).\(call.tool) for \(call.worker)") : try await next(arguments)
    }
}

private struct Offline: Error, CustomStringConvertible {
    var description: String { "offline by interceptor" }
}

/// Fails every model request of one worker.
private struct FailRequests: RunInterceptor {
    let worker: String
    func interceptModelRequest(
        _ request: ModelRequest, call: ModelCallInfo, next: (ModelRequest) async throws -> ModelResponse
    ) async throws -> ModelResponse {
        if call.worker == worker { throw Offline() }
        return try await next(request)
    }
}

@Suite struct RunInterceptorTests {
    let main = WorkerSpec(
        name: "main", description: "Main.", isEntry: true, model: "fn",
        toolsetRefs: [NameRef(name: "math", line: nil)], instructions: "Go.", file: "main.worker")

    /// Calls `add` once, then answers with what the tool returned.
    let addThenReport = FunctionModel { request in
        guard let result = request.lastToolResults.first else { return .toolCalls([.make("add", ["a": 1, "b": 2])]) }
        return .text("tool said: \(result.content)")
    }

    @Test func anInterceptorReplacesAToolResult() async throws {
        let math = MathToolset()
        let program = try makeProgram([main], toolsets: [math])
        let options = RuntimeOptions(models: ["fn": addThenReport], interceptors: [StubAdd()])
        let result = try await Runtime(program: program, options: options).run(input: "go")
        #expect(result.output == "tool said: stubbed math.add for main")
        #expect(math.executions == 0)
    }

    @Test func anInterceptorFailsAModelRequest() async throws {
        let program = try makeProgram([main], toolsets: [MathToolset()])
        let model = FunctionModel { _ in .text("never") }
        let options = RuntimeOptions(models: ["fn": model], interceptors: [FailRequests(worker: "main")])
        await #expect(throws: Offline.self) { try await Runtime(program: program, options: options).run(input: "go") }
    }

    @Test func interceptorsThatProceedLeaveTheRunUnchanged() async throws {
        let math = MathToolset()
        let program = try makeProgram([main], toolsets: [math])
        let options = RuntimeOptions(models: ["fn": addThenReport], interceptors: [FailRequests(worker: "other"), StubAdd()])
        // The outer interceptor proceeds; the inner one still replaces the tool's result.
        let result = try await Runtime(program: program, options: options).run(input: "go")
        #expect(result.output == "tool said: stubbed math.add for main")
    }
}

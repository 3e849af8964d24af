import LLMDo
import Synchronization

/// An interceptor that only counts: it calls `next` unchanged around every model request and
/// every tool call of the run.
final class CallCounter: RunInterceptor {
    private let counts = Mutex((modelRequests: 0, toolCalls: 0))

    var modelRequests: Int { counts.withLock { $0.modelRequests } }
    var toolCalls: Int { counts.withLock { $0.toolCalls } }

    func interceptModelRequest(
        _ request: ModelRequest, call: ModelCallInfo, next: (ModelRequest) async throws -> ModelResponse
    ) async throws -> ModelResponse {
        counts.withLock { $0.modelRequests += 1 }
        return try await next(request)
    }

    func interceptToolCall(
        arguments: JSONValue, call: ToolCallInfo, next: (JSONValue) async throws -> ToolOutput
    ) async throws -> ToolOutput {
        counts.withLock { $0.toolCalls += 1 }
        return try await next(arguments)
    }
}

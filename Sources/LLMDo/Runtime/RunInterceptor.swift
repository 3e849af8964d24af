/// Code that runs around every model request and every tool call of a run: it can observe the
/// call, change what goes in, replace what comes out, or fail it. Install interceptors through
/// ``RuntimeOptions/interceptors``; a run journal, tracing and test doubles are interceptors.
///
/// Each method receives `next`, the rest of the chain (the next interceptor, then the real call).
/// Call it to proceed; return without calling it to replace the result; throw to fail the call.
/// The first interceptor in the list is the outermost. Both methods default to calling `next`,
/// so an interceptor implements only what it needs.
///
/// A tool call is intercepted after its arguments are validated and it is approved; a thrown
/// ``ToolError`` becomes a result the model reads, as from the tool itself. A model request is
/// intercepted as sent to the model (after the runtime counted it against the usage limits); a
/// thrown error fails the worker call like a provider error.
///
/// ```swift
/// struct Stub: RunInterceptor {
///     func interceptToolCall(
///         arguments: JSONValue, call: ToolCallInfo, next: (JSONValue) async throws -> ToolOutput
///     ) async throws -> ToolOutput {
///         call.tool == "fetch_weather" ? .text("sunny") : try await next(arguments)
///     }
/// }
/// ```
public protocol RunInterceptor: Sendable {
    /// Around one model request.
    func interceptModelRequest(
        _ request: ModelRequest, call: ModelCallInfo, next: (ModelRequest) async throws -> ModelResponse
    ) async throws -> ModelResponse

    /// Around one tool call (a model's, or one made by code through ``CallScope/callTool(_:arguments:)``).
    func interceptToolCall(
        arguments: JSONValue, call: ToolCallInfo, next: (JSONValue) async throws -> ToolOutput
    ) async throws -> ToolOutput
}

extension RunInterceptor {
    public func interceptModelRequest(
        _ request: ModelRequest, call: ModelCallInfo, next: (ModelRequest) async throws -> ModelResponse
    ) async throws -> ModelResponse {
        try await next(request)
    }

    public func interceptToolCall(
        arguments: JSONValue, call: ToolCallInfo, next: (JSONValue) async throws -> ToolOutput
    ) async throws -> ToolOutput {
        try await next(arguments)
    }
}

/// The model request an interceptor sees: whose it is and which model answers it.
public struct ModelCallInfo: Sendable {
    /// The worker call making the request.
    public var path: CallPath
    /// The worker whose model is asked.
    public var worker: String
    /// Its nesting depth (0 for the entry).
    public var depth: Int
    /// The model's name (`provider:model`).
    public var model: String
}

/// The tool call an interceptor sees.
public struct ToolCallInfo: Sendable {
    /// The tool call's own path (its parent is the worker or code entry calling it).
    public var path: CallPath
    /// The worker or code entry making the call.
    public var worker: String
    /// Its nesting depth (0 for the entry).
    public var depth: Int
    /// The toolset of the tool.
    public var toolset: String
    /// The tool called.
    public var tool: String
    /// Whether running the call twice has the effect of running it once (the tool's
    /// ``ToolDefinition/idempotent``, or `runtime.idempotent_tools`): a resumed run may run it
    /// again when the journal does not say whether it finished.
    public var idempotent: Bool = false
    /// Whether the tool is a worker (its own model requests and tool calls are intercepted too).
    public var runsWorker: Bool = false
}

/// Runs a chain of interceptors, outermost first, around a final call.
enum InterceptorChain {
    static func modelRequest(
        _ request: ModelRequest, call: ModelCallInfo, through interceptors: ArraySlice<any RunInterceptor>,
        final: (ModelRequest) async throws -> ModelResponse
    ) async throws -> ModelResponse {
        guard let first = interceptors.first else { return try await final(request) }
        return try await first.interceptModelRequest(request, call: call) { request in
            try await modelRequest(request, call: call, through: interceptors.dropFirst(), final: final)
        }
    }

    static func toolCall(
        arguments: JSONValue, call: ToolCallInfo, through interceptors: ArraySlice<any RunInterceptor>,
        final: (JSONValue) async throws -> ToolOutput
    ) async throws -> ToolOutput {
        guard let first = interceptors.first else { return try await final(arguments) }
        return try await first.interceptToolCall(arguments: arguments, call: call) { arguments in
            try await toolCall(arguments: arguments, call: call, through: interceptors.dropFirst(), final: final)
        }
    }
}

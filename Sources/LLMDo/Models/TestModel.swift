/// A deterministic model for tests and dry runs (`--model test`), like PydanticAI's `TestModel`.
///
/// When the last message is the user's prompt, it calls every tool available to the worker
/// once, with arguments generated from each tool's JSON Schema (valid by construction), taking a
/// property's `const`, `enum`, `default` or `examples` before inventing a placeholder, so a
/// schema's author decides what a dry run shows. When the last message holds tool results, it
/// answers: with a summary of those results, or with a schema-valid JSON value when the worker has
/// an output schema. With no tools it answers at once.
public struct TestModel: Model {
    public let name = "test"

    /// The test model.
    public init() {}

    public func respond(to request: ModelRequest, context: ModelContext) async throws -> ModelResponse {
        let last = request.messages.last
        let results = last?.parts.compactMap { part -> ToolResult? in
            if case .toolResult(let result) = part { return result }
            return nil
        } ?? []
        if results.isEmpty, !request.tools.isEmpty {
            var calls: [MessagePart] = []
            for (index, tool) in request.tools.enumerated() {
                let arguments = (try? JSONSchema(tool.parametersSchema))?.exampleValue() ?? .object([:])
                calls.append(.toolCall(ToolCall(id: "test-call-\(index + 1)", name: tool.name, arguments: arguments)))
            }
            return respond(Message(role: .assistant, parts: calls), request: request, stop: .toolUse)
        }
        if let schema = request.outputSchema {
            let value = (try? JSONSchema(schema))?.exampleValue() ?? .null
            return respond(.assistant(value.jsonText), request: request, stop: .endTurn)
        }
        let text: String
        if results.isEmpty {
            text = "test model reply to: \(last?.text ?? "")"
        } else {
            let lines = results.map { "\($0.toolName)\($0.isError ? " (error)" : ""): \($0.content)" }
            text = "test model called \(results.count) tool\(results.count == 1 ? "" : "s")\n" + lines.joined(separator: "\n")
        }
        context.textDelta(text)
        return respond(.assistant(text), request: request, stop: .endTurn)
    }

    /// Counts words as tokens, so usage figures move in tests.
    private func respond(_ message: Message, request: ModelRequest, stop: StopReason) -> ModelResponse {
        let input = request.messages.reduce(request.system.split(separator: " ").count) { $0 + $1.text.split(separator: " ").count }
        let output = max(1, message.text.split(separator: " ").count + message.toolCalls.count)
        return ModelResponse(message: message, usage: Usage(inputTokens: input, outputTokens: output), stopReason: stop, modelName: name)
    }
}

/// A model whose every answer comes from a closure: the test double for the agent loop.
///
/// ```swift
/// let model = FunctionModel { request in
///     if request.messages.last?.parts.contains(where: { if case .toolResult = $0 { true } else { false } }) == true {
///         return .text("done")
///     }
///     return .toolCalls([ToolCall(id: "1", name: "add", arguments: ["a": 1, "b": 2])])
/// }
/// ```
public struct FunctionModel: Model {
    public let name: String
    private let body: @Sendable (ModelRequest) async throws -> ModelResponse

    /// A model named `name` answering with `body`.
    public init(name: String = "function", _ body: @escaping @Sendable (ModelRequest) async throws -> ModelResponse) {
        self.name = name
        self.body = body
    }

    public func respond(to request: ModelRequest, context: ModelContext) async throws -> ModelResponse {
        let response = try await body(request)
        let text = response.message.text
        if !text.isEmpty { context.textDelta(text) }
        return response
    }
}

extension ModelResponse {
    /// A final text answer.
    public static func text(_ text: String, usage: Usage = Usage()) -> ModelResponse {
        ModelResponse(message: .assistant(text), usage: usage, stopReason: .endTurn)
    }

    /// An answer that calls tools.
    public static func toolCalls(_ calls: [ToolCall], text: String? = nil, usage: Usage = Usage()) -> ModelResponse {
        var parts: [MessagePart] = text.map { [.text($0)] } ?? []
        parts += calls.map { .toolCall($0) }
        return ModelResponse(message: Message(role: .assistant, parts: parts), usage: usage, stopReason: .toolUse)
    }
}

/// Rebuilds a chat completion from its stream of chunks, in the non-streaming shape, so both
/// paths share ``OpenAIResponse``.
///
/// Tool-call fragments are merged by `index` (by `id` when a server omits the index): `id`,
/// `type` and `name` are taken once, `arguments` are concatenated. Only choice 0 is read.
/// The stream may end with `[DONE]` without a `finish_reason`; usage may come in the last
/// `choices: []` chunk or on the finish chunk; `reasoning` / `reasoning_content` are kept.
struct OpenAIStream {
    private struct PartialCall {
        var id = ""
        var name = ""
        var arguments = ""

        /// Takes `id` and `name` once; appends `arguments` (a string, or an object sent whole).
        mutating func take(_ fragment: JSONValue) {
            if id.isEmpty, let id = fragment["id"]?.stringValue { self.id = id }
            if name.isEmpty, let name = fragment["function"]?["name"]?.stringValue { self.name = name }
            switch fragment["function"]?["arguments"] {
            case .string(let text)?: arguments += text
            case let object? where !object.isNull: arguments += object.jsonText
            default: break
            }
        }
    }

    private let client: ProviderClient
    private let context: ModelContext
    private var content = ""
    private var reasoning = ""
    private var calls: [Int: PartialCall] = [:]
    private var order: [Int] = []
    private var finishReason: String?
    private var usage: JSONValue = .null
    private var model: String?
    private var done = false
    /// Whether any chunk arrived (an empty 200 stream is how llama.cpp refuses tools + stream).
    private(set) var isEmpty = true

    init(client: ProviderClient, context: ModelContext) {
        self.client = client
        self.context = context
    }

    mutating func handle(_ event: SSEEvent) throws {
        isEmpty = false
        if event.data.elementsEqual("[DONE]".utf8) {
            done = true
            return
        }
        let chunk = try JSONValue(event: event, client: client)
        if let error = chunk["error"], !error.isNull {
            // OpenRouter and others report upstream failures inside a 200 stream.
            let code = error["code"]?.int64Value.map(Int.init)
            let type = error["type"]?.stringValue ?? error["code"]?.stringValue ?? code.map { String($0) }
            let retryable = code.map { ModelError.retryableStatuses.contains($0) } ?? false
            throw client.error(.stream, error["message"]?.stringValue ?? error.jsonText, type: type, retryable: retryable)
        }
        if let name = chunk["model"]?.stringValue { model = name }
        if let chunkUsage = chunk["usage"], !chunkUsage.isNull { usage = chunkUsage }
        for choice in chunk["choices"]?.arrayValue ?? [] where (choice["index"]?.int64Value ?? 0) == 0 {
            if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
            guard let delta = choice["delta"] else { continue }
            if let text = delta["content"]?.stringValue, !text.isEmpty {
                content += text
                context.textDelta(text)
            }
            if let text = delta["reasoning_content"]?.stringValue ?? delta["reasoning"]?.stringValue { reasoning += text }
            for fragment in delta["tool_calls"]?.arrayValue ?? [] { merge(fragment) }
        }
    }

    private mutating func merge(_ fragment: JSONValue) {
        let id = fragment["id"]?.stringValue ?? ""
        let key =
            fragment["index"]?.int64Value.map(Int.init)
            ?? calls.first { !id.isEmpty && $0.value.id == id }?.key
            ?? (order.max() ?? -1) + 1
        if calls[key] == nil { order.append(key) }
        // Mutated in place (not copied out and stored back), so appending a fragment costs its
        // own length: a copy per fragment made long arguments quadratic.
        calls[key, default: PartialCall()].take(fragment)
    }

    /// The completion as the non-streaming API returns it.
    ///
    /// - Throws: ``ModelError`` when the stream ended with neither `[DONE]` nor a finish reason.
    func finish() throws -> JSONValue {
        guard done || finishReason != nil else {
            throw client.error(.stream, "the stream ended before [DONE]", retryable: true)
        }
        var message: JSONObject = ["role": "assistant", "content": .string(content)]
        if !reasoning.isEmpty { message["reasoning"] = .string(reasoning) }
        if !order.isEmpty {
            message["tool_calls"] = .array(order.compactMap { calls[$0] }.map { call in
                [
                    "id": .string(call.id), "type": "function",
                    "function": ["name": .string(call.name), "arguments": .string(call.arguments)],
                ]
            })
        }
        let choice: JSONValue = ["index": 0, "message": .object(message), "finish_reason": finishReason.map { .string($0) } ?? .null]
        return ["model": model.map { .string($0) } ?? .null, "choices": [choice], "usage": usage]
    }
}

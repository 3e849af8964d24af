/// Rebuilds an Anthropic message from its stream of events, as the non-streaming API would
/// have returned it, so both paths share ``AnthropicResponse``.
///
/// Everything is keyed by block `index`: text, thinking and tool-input fragments are collected
/// per index and joined when the message is finished. Unknown event and delta types are
/// ignored; unknown block types arrive whole in `content_block_start` and are kept as they are.
struct AnthropicStream {
    private let client: ProviderClient
    private let context: ModelContext
    private let progress: AttemptProgress
    private var message: JSONObject = [:]
    private var blocks: [Int: JSONObject] = [:]
    private var order: [Int] = []
    private var texts: [Int: String] = [:]
    private var thinking: [Int: String] = [:]
    private var signatures: [Int: String] = [:]
    private var inputJSON: [Int: String] = [:]
    private var citations: [Int: [JSONValue]] = [:]
    private var usage: JSONObject = [:]
    private var stopped = false

    init(client: ProviderClient, context: ModelContext, progress: AttemptProgress) {
        self.client = client
        self.context = context
        self.progress = progress
    }

    mutating func handle(_ event: SSEEvent) throws {
        // Anthropic names each event twice (`event:` and `data.type`); only `data` is needed.
        let data = try JSONValue(event: event, client: client)
        let index = data["index"]?.int64Value.map { Int($0) } ?? -1
        switch data["type"]?.stringValue ?? event.type {
        case "message_start":
            message = data["message"]?.objectValue ?? [:]
            usage = message["usage"]?.objectValue ?? [:]
        case "content_block_start":
            guard let block = data["content_block"]?.objectValue else { return }
            // `server_tool_use`, `mcp_tool_use`: the provider runs it; a retry would run it again.
            if let type = block["type"]?.stringValue, type.hasSuffix("tool_use"), type != "tool_use" { progress.commit() }
            if blocks[index] == nil { order.append(index) }
            blocks[index] = block
        case "content_block_delta":
            try delta(data["delta"] ?? [:], index: index)
        case "message_delta":
            for (key, value) in data["delta"]?.objectValue ?? [:] { message[key] = value }
            // Usage here is cumulative: overwrite field by field, never add.
            for (key, value) in data["usage"]?.objectValue ?? [:] { usage[key] = value }
        case "message_stop":
            stopped = true
        case "error":
            let type = data["error"]?["type"]?.stringValue
            let text = data["error"]?["message"]?.stringValue ?? event.text
            let retryable = ["overloaded_error", "api_error", "rate_limit_error"].contains(type ?? "")
            throw client.error(.stream, text, type: type, retryable: retryable)
        default:
            break  // ping, content_block_stop (fragments are joined at the end), future events
        }
    }

    private mutating func delta(_ delta: JSONValue, index: Int) throws {
        switch delta["type"]?.stringValue {
        case "text_delta":
            let text = delta["text"]?.stringValue ?? ""
            texts[index, default: ""] += text
            if !text.isEmpty { context.textDelta(text) }
        case "input_json_delta":
            inputJSON[index, default: ""] += delta["partial_json"]?.stringValue ?? ""
        case "thinking_delta":
            thinking[index, default: ""] += delta["thinking"]?.stringValue ?? ""
        case "signature_delta":
            signatures[index] = delta["signature"]?.stringValue
        case "citations_delta":
            if let citation = delta["citation"] { citations[index, default: []].append(citation) }
        default:
            break
        }
    }

    /// The message as the non-streaming API returns it. A tool input that is not valid JSON
    /// (cut off by `max_tokens`) is left as its raw text.
    ///
    /// - Throws: ``ModelError`` when the stream ended before `message_stop`.
    func finish() throws -> JSONValue {
        guard stopped else {
            throw client.error(.stream, "the stream ended before message_stop", retryable: true)
        }
        var result = message
        result["content"] = .array(order.compactMap { index -> JSONValue? in
            guard var block = blocks[index] else { return nil }
            if let text = texts[index] { block["text"] = .string((block["text"]?.stringValue ?? "") + text) }
            if let text = thinking[index] { block["thinking"] = .string((block["thinking"]?.stringValue ?? "") + text) }
            if let signature = signatures[index] { block["signature"] = .string(signature) }
            if let list = citations[index] { block["citations"] = .array((block["citations"]?.arrayValue ?? []) + list) }
            if let json = inputJSON[index] {
                if json.allSatisfy(\.isWhitespace) {
                    block["input"] = [:]  // a tool without arguments streams only ""
                } else {
                    block["input"] = (try? JSONValue(parsing: json)) ?? .string(json)
                }
            }
            return .object(block)
        })
        result["usage"] = .object(usage)
        return .object(result)
    }
}

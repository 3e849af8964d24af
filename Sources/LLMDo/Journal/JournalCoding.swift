import Foundation

/// The journal's JSON form of what a run receives from outside: model responses (and the
/// messages in them) and tool results. Decoding is the exact inverse of encoding, so a response
/// served from a journal is the response that was recorded.
enum JournalCoding {
    // MARK: Model responses

    static func encode(_ response: ModelResponse) -> JSONValue {
        var object: JSONObject = [
            "message": encode(response.message), "usage": encode(response.usage), "stop": encode(response.stopReason),
        ]
        if let name = response.modelName { object["model"] = .string(name) }
        return .object(object)
    }

    static func decodeResponse(_ json: JSONValue) throws(JournalError) -> ModelResponse {
        guard let message = json["message"], let usage = json["usage"], let stop = json["stop"]?.stringValue else {
            throw JournalError("a model response needs message, usage and stop")
        }
        return ModelResponse(
            message: try decodeMessage(message), usage: decodeUsage(usage), stopReason: decodeStop(stop),
            modelName: json["model"]?.stringValue)
    }

    static func encode(_ usage: Usage) -> JSONValue {
        [
            "requests": .int(Int64(usage.requests)), "input_tokens": .int(Int64(usage.inputTokens)),
            "output_tokens": .int(Int64(usage.outputTokens)), "cache_creation_tokens": .int(Int64(usage.cacheCreationTokens)),
            "cache_read_tokens": .int(Int64(usage.cacheReadTokens)), "tool_calls": .int(Int64(usage.toolCalls)),
        ]
    }

    private static func decodeUsage(_ json: JSONValue) -> Usage {
        func count(_ key: String) -> Int { json[key]?.int64Value.flatMap { Int(exactly: $0) } ?? 0 }
        return Usage(
            requests: count("requests"), inputTokens: count("input_tokens"), outputTokens: count("output_tokens"),
            cacheCreationTokens: count("cache_creation_tokens"), cacheReadTokens: count("cache_read_tokens"),
            toolCalls: count("tool_calls"))
    }

    private static func encode(_ stop: StopReason) -> JSONValue {
        switch stop {
        case .endTurn: return "end_turn"
        case .toolUse: return "tool_use"
        case .maxTokens: return "max_tokens"
        case .refusal: return "refusal"
        case .pauseTurn: return "pause_turn"
        case .other(let text): return .string("other:" + text)
        }
    }

    private static func decodeStop(_ text: String) -> StopReason {
        switch text {
        case "end_turn": return .endTurn
        case "tool_use": return .toolUse
        case "max_tokens": return .maxTokens
        case "refusal": return .refusal
        case "pause_turn": return .pauseTurn
        default: return .other(text.hasPrefix("other:") ? String(text.dropFirst(6)) : text)
        }
    }

    // MARK: Messages

    static func encode(_ message: Message) -> JSONValue {
        ["role": .string(message.role.rawValue), "parts": .array(message.parts.map(encode))]
    }

    static func decodeMessage(_ json: JSONValue) throws(JournalError) -> Message {
        guard let role = json["role"]?.stringValue.flatMap(Message.Role.init(rawValue:)), let parts = json["parts"]?.arrayValue else {
            throw JournalError("a message needs a role (user or assistant) and parts")
        }
        var decoded: [MessagePart] = []
        for part in parts { decoded.append(try decodePart(part)) }
        return Message(role: role, parts: decoded)
    }

    private static func encode(_ part: MessagePart) -> JSONValue {
        switch part {
        case .text(let text):
            return ["text": .string(text)]
        case .toolCall(let call):
            var object: JSONObject = ["id": .string(call.id), "name": .string(call.name)]
            switch call.arguments {
            case .parsed(let value): object["arguments"] = value
            case .invalid(let text): object["invalid_arguments"] = .string(text)
            }
            return ["tool_call": .object(object)]
        case .toolResult(let result):
            return [
                "tool_result": [
                    "id": .string(result.callID), "name": .string(result.toolName), "content": .string(result.content),
                    "is_error": .bool(result.isError),
                ]
            ]
        case .attachment(let attachment):
            return [
                "attachment": [
                    "media_type": .string(attachment.mediaType), "name": .string(attachment.name),
                    "data": .string(Data(attachment.data).base64EncodedString()),
                ]
            ]
        case .thinking(let thinking):
            return ["thinking": ["text": .string(thinking.text), "signature": thinking.signature.map(JSONValue.string) ?? .null]]
        case .providerBlock(let block):
            return ["provider_block": ["provider": .string(block.provider), "json": block.json]]
        }
    }

    private static func decodePart(_ json: JSONValue) throws(JournalError) -> MessagePart {
        if let text = json["text"]?.stringValue { return .text(text) }
        if let call = json["tool_call"], let id = call["id"]?.stringValue, let name = call["name"]?.stringValue {
            if let invalid = call["invalid_arguments"]?.stringValue {
                return .toolCall(ToolCall(id: id, name: name, arguments: .invalid(invalid)))
            }
            return .toolCall(ToolCall(id: id, name: name, arguments: call["arguments"] ?? .object([:])))
        }
        if let result = json["tool_result"], let id = result["id"]?.stringValue, let name = result["name"]?.stringValue,
            let content = result["content"]?.stringValue
        {
            return .toolResult(ToolResult(callID: id, toolName: name, content: content, isError: result["is_error"]?.boolValue ?? false))
        }
        if let attachment = json["attachment"], let type = attachment["media_type"]?.stringValue,
            let name = attachment["name"]?.stringValue,
            let data = attachment["data"]?.stringValue.flatMap({ Data(base64Encoded: $0) })
        {
            return .attachment(Attachment(mediaType: type, data: Array(data), name: name))
        }
        if let thinking = json["thinking"], let text = thinking["text"]?.stringValue {
            return .thinking(Thinking(text: text, signature: thinking["signature"]?.stringValue))
        }
        if let block = json["provider_block"], let provider = block["provider"]?.stringValue, let body = block["json"] {
            return .providerBlock(ProviderBlock(provider: provider, json: body))
        }
        throw JournalError("unknown message part \(json.jsonText.prefix(80))")
    }

    // MARK: Tool results

    /// A tool's output, or the ``ToolError`` it threw.
    static func encode(_ result: Result<ToolOutput, ToolError>) -> JSONValue {
        switch result {
        case .success(.text(let text)): return ["text": .string(text)]
        case .success(.json(let value)): return ["json": value]
        case .failure(let error): return ["error": .string(error.kind.name), "message": .string(error.message)]
        }
    }

    static func decodeToolResult(_ json: JSONValue) throws(JournalError) -> Result<ToolOutput, ToolError> {
        if let text = json["text"]?.stringValue { return .success(.text(text)) }
        if let value = json["json"] { return .success(.json(value)) }
        let message = json["message"]?.stringValue ?? ""
        let kinds: [ToolError.Kind] = [.retry, .failed, .denied]
        switch json["error"]?.stringValue.flatMap({ name in kinds.first { $0.name == name } }) {
        case let kind?: return .failure(ToolError(kind, message))
        case nil: throw JournalError("a tool result needs text, json or error (retry, failed, denied)")
        }
    }
}

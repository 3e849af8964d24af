/// Turns a chat completion (non-streaming shape) into a provider-neutral response.
///
/// Reasoning text (`reasoning`, `reasoning_content`) becomes unsigned ``Thinking``. Tool-call
/// ids that are empty or repeated (Gemini, llama.cpp) are replaced by unique synthesized ones,
/// since results are matched by id.
enum OpenAIResponse {
    /// - Throws: ``ModelError`` for a completion without choices, or a tool call's arguments
    ///   cut off by the length limit.
    static func decode(_ completion: JSONValue, client: ProviderClient) throws -> ModelResponse {
        guard let choice = completion["choices"]?.arrayValue?.first, let message = choice["message"] else {
            throw client.error(.malformedResponse, "a completion without choices: \(completion.jsonText.prefix(300))")
        }
        let finishReason = choice["finish_reason"]?.stringValue
        var parts: [MessagePart] = []
        if let reasoning = message["reasoning_content"]?.stringValue ?? message["reasoning"]?.stringValue,
            !reasoning.isEmpty
        {
            parts.append(.thinking(Thinking(text: reasoning)))
        }
        if let text = message["content"]?.stringValue, !text.isEmpty { parts.append(.text(text)) }
        var seenIDs: Set<String> = []
        for (position, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
            let name = call["function"]?["name"]?.stringValue ?? ""
            let arguments: ToolArguments
            switch call["function"]?["arguments"] {
            case .string(let text)?: arguments = ToolArguments(text: text)
            case let value? where value.objectValue != nil: arguments = .parsed(value)
            default: arguments = .parsed([:])
            }
            if case .invalid(let raw) = arguments, finishReason == "length" {
                throw client.error(
                    .truncatedToolInput,
                    "the length limit was reached while the model was writing the arguments of tool '\(name)' "
                        + "(\(raw.utf8.count) bytes of incomplete JSON); raise max_tokens")
            }
            var id = call["id"]?.stringValue ?? ""
            if id.isEmpty || seenIDs.contains(id) {
                id = "call_\(position)_" + String(UInt32.random(in: .min ... .max), radix: 16)
            }
            seenIDs.insert(id)
            parts.append(.toolCall(ToolCall(id: id, name: name, arguments: arguments)))
        }
        let stopReason: StopReason =
            seenIDs.isEmpty ? self.stopReason(finishReason) : .toolUse  // some servers say "stop" beside tool calls
        return ModelResponse(
            message: Message(role: .assistant, parts: parts), usage: try usage(completion["usage"], client: client), stopReason: stopReason,
            modelName: completion["model"]?.stringValue)
    }

    static func stopReason(_ reason: String?) -> StopReason {
        switch reason {
        case "stop"?, nil: return .endTurn
        case "tool_calls"?, "function_call"?: return .toolUse
        case "length"?: return .maxTokens
        case "content_filter"?: return .refusal
        case let other?: return .other(other)
        }
    }

    /// `prompt_tokens` includes cached tokens; like Anthropic's, our `inputTokens` does not.
    static func usage(_ usage: JSONValue?, client: ProviderClient) throws -> Usage {
        let cached = try client.tokenCount(usage, "prompt_tokens_details", "cached_tokens")
        let prompt = try client.tokenCount(usage, "prompt_tokens")
        return Usage(
            requests: 1, inputTokens: max(0, prompt - cached),  // both ≥ 0: cannot overflow
            outputTokens: try client.tokenCount(usage, "completion_tokens"),
            cacheCreationTokens: try client.tokenCount(usage, "prompt_tokens_details", "cache_write_tokens"),
            cacheReadTokens: cached)
    }
}

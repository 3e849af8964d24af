/// Turns an Anthropic message (non-streaming shape) into a provider-neutral response.
///
/// Text blocks become text parts, except cited text (web search), which is kept whole as a
/// ``ProviderBlock`` so its citations survive; ``ProviderBlock/text`` still exposes its text.
/// `thinking` becomes ``Thinking``; `tool_use` a ``ToolCall``; everything else (server tool
/// use and results, redacted thinking, unknown types) a ``ProviderBlock`` sent back unchanged.
enum AnthropicResponse {
    /// - Parameter structuredOutput: whether the request asked for structured output, so a call
    ///   of ``AnthropicRequest/outputToolName`` is the answer.
    /// - Throws: ``ModelError`` for a tool input cut off by `max_tokens`.
    static func decode(_ message: JSONValue, structuredOutput: Bool, client: ProviderClient) throws -> ModelResponse {
        let stopReason = self.stopReason(message["stop_reason"]?.stringValue)
        var parts: [MessagePart] = []
        var finalAnswer: String?
        for block in message["content"]?.arrayValue ?? [] {
            switch block["type"]?.stringValue {
            case "text" where block["citations"]?.arrayValue?.isEmpty ?? true:
                parts.append(.text(block["text"]?.stringValue ?? ""))
            case "thinking":
                parts.append(.thinking(Thinking(
                    text: block["thinking"]?.stringValue ?? "", signature: block["signature"]?.stringValue)))
            case "tool_use":
                let name = block["name"]?.stringValue ?? ""
                let arguments = toolArguments(block["input"])
                if case .invalid(let raw) = arguments, stopReason == .maxTokens {
                    throw client.error(
                        .truncatedToolInput,
                        "max_tokens was reached while the model was writing the input of tool '\(name)' "
                            + "(\(raw.utf8.count) bytes of incomplete JSON); raise max_tokens")
                }
                if structuredOutput && name == AnthropicRequest.outputToolName {
                    finalAnswer = arguments.json.jsonText
                } else {
                    parts.append(.toolCall(ToolCall(id: block["id"]?.stringValue ?? "", name: name, arguments: arguments)))
                }
            default:
                parts.append(.providerBlock(ProviderBlock(provider: "anthropic", json: block)))
            }
        }
        if let finalAnswer { parts.append(.text(finalAnswer)) }
        let hasCalls = parts.contains { if case .toolCall = $0 { return true }; return false }
        return ModelResponse(
            message: Message(role: .assistant, parts: parts), usage: try usage(message["usage"], client: client),
            stopReason: finalAnswer != nil && !hasCalls ? .endTurn : stopReason,
            modelName: message["model"]?.stringValue)
    }

    /// Streams deliver unparsable input as its raw text; the API itself always sends an object.
    private static func toolArguments(_ input: JSONValue?) -> ToolArguments {
        switch input {
        case .string(let raw)?: return ToolArguments(text: raw)
        case let value?: return .parsed(value)
        case nil: return .parsed([:])
        }
    }

    static func stopReason(_ reason: String?) -> StopReason {
        switch reason {
        case "end_turn"?, "stop_sequence"?, nil: return .endTurn
        case "tool_use"?: return .toolUse
        case "max_tokens"?, "model_context_window_exceeded"?: return .maxTokens
        case "refusal"?: return .refusal
        case "pause_turn"?: return .pauseTurn
        case let other?: return .other(other)
        }
    }

    /// `input_tokens` excludes cache reads and writes, which are counted apart.
    static func usage(_ usage: JSONValue?, client: ProviderClient) throws -> Usage {
        Usage(
            requests: 1, inputTokens: try client.tokenCount(usage, "input_tokens"),
            outputTokens: try client.tokenCount(usage, "output_tokens"),
            cacheCreationTokens: try client.tokenCount(usage, "cache_creation_input_tokens"),
            cacheReadTokens: try client.tokenCount(usage, "cache_read_input_tokens"))
    }
}

import Foundation

/// Builds OpenAI Chat Completions request bodies from provider-neutral requests.
///
/// Choices for compatible servers are the provider's ``ProviderQuirks``:
/// - an assistant message without text has `content: ""` (`empty_content_as_string`, default
///   on: llama.cpp refuses null), else `null`;
/// - `tool_choice: "auto"` is sent whenever tools are offered (`tool_choice_auto`, default on:
///   llama.cpp ignores tools without it); a worker's `model_settings: {tool_choice: …}` overrides it;
/// - the length limit is `max_completion_tokens` (`max_completion_tokens`, on for api.openai.com)
///   or `max_tokens`;
/// - `model_settings` (``ModelSettings/extra``) is merged into the body last, so
///   `stream: false` there turns streaming off.
/// Structured output uses `response_format: {type: json_schema}`.
enum OpenAIRequest {
    static let outputSchemaName = "final_result"

    /// The body and whether it asks for a stream.
    static func body(
        for request: ModelRequest, model: String, quirks: ProviderQuirks, streamWithTools: Bool
    ) -> (body: JSONValue, stream: Bool) {
        let messages = JSONValue.array(messages(request, emptyContent: emptyContent(quirks)))
        let (body, stream) = bodyObject(for: request, messages: messages, model: model, quirks: quirks, streamWithTools: streamWithTools)
        return (.object(body), stream)
    }

    /// The encoded body (the same bytes as encoding ``body(for:model:quirks:streamWithTools:)``)
    /// and whether it asks for a stream. With the worker call's ``EncodedHistory`` only the
    /// messages added since the last request are encoded; the rest is copied.
    static func encodedBody(
        for request: ModelRequest, model: String, quirks: ProviderQuirks, streamWithTools: Bool
    ) -> (bytes: [UInt8], stream: Bool) {
        if let history = request.encodedHistory, request.settings.extra["messages"] == nil {
            let (body, stream) = bodyObject(for: request, messages: .null, model: model, quirks: quirks, streamWithTools: streamWithTools)
            let format = quirks.emptyContentAsString ? "openai" : "openai-null-content"
            let bytes = history.withPrefix(format: format) { prefix -> [UInt8]? in
                guard prefix.messageCount <= request.messages.count else { return nil }  // an older request, re-sent
                if prefix.messageCount == 0 && prefix.bytes.isEmpty, let system = systemMessage(request) { prefix.append(system) }
                for message in request.messages[prefix.messageCount...] {
                    for item in items(of: message, emptyContent: emptyContent(quirks)) { prefix.append(item) }
                }
                prefix.messageCount = request.messages.count
                return JSONWriter.object(body, splicingArray: "messages", runs: [prefix.bytes[...]])
            }
            if let bytes { return (bytes, stream) }
        }
        let (body, stream) = body(for: request, model: model, quirks: quirks, streamWithTools: streamWithTools)
        var bytes: [UInt8] = []
        body.write(into: &bytes)
        return (bytes, stream)
    }

    private static func emptyContent(_ quirks: ProviderQuirks) -> JSONValue { quirks.emptyContentAsString ? "" : .null }

    /// Everything but the messages, which are `messages` (placed second, after `model`).
    private static func bodyObject(
        for request: ModelRequest, messages: JSONValue, model: String, quirks: ProviderQuirks, streamWithTools: Bool
    ) -> (body: JSONObject, stream: Bool) {
        var body: JSONObject = ["model": .string(model), "messages": messages]
        if !request.tools.isEmpty {
            body["tools"] = .array(request.tools.map { tool in
                [
                    "type": "function",
                    "function": [
                        "name": .string(tool.name), "description": .string(tool.description),
                        "parameters": tool.parametersSchema,
                    ],
                ]
            })
            if quirks.toolChoiceAuto { body["tool_choice"] = "auto" }
        }
        if let maxTokens = request.settings.maxTokens {
            body[quirks.maxCompletionTokens ? "max_completion_tokens" : "max_tokens"] = .int(Int64(maxTokens))
        }
        if let temperature = request.settings.temperature { body["temperature"] = .double(temperature) }
        if let topP = request.settings.topP { body["top_p"] = .double(topP) }
        if let stops = request.settings.stopSequences, !stops.isEmpty { body["stop"] = .array(stops.map { .string($0) }) }
        if let schema = request.outputSchema {
            body["response_format"] = [
                "type": "json_schema", "json_schema": ["name": .string(outputSchemaName), "schema": schema],
            ]
        }
        for (key, value) in request.settings.extra { body[key] = value }
        let stream = (body["stream"]?.boolValue ?? true) && (request.tools.isEmpty || streamWithTools)
        body["stream"] = .bool(stream)
        if stream {
            if body["stream_options"] == nil { body["stream_options"] = ["include_usage": true] }
        } else {
            body["stream_options"] = nil
        }
        return (body, stream)
    }

    /// `emptyContent` is an assistant message's `content` when it has no text.
    static func messages(_ request: ModelRequest, emptyContent: JSONValue = "") -> [JSONValue] {
        var out: [JSONValue] = []
        if let system = systemMessage(request) { out.append(system) }
        for message in request.messages { out += items(of: message, emptyContent: emptyContent) }
        return out
    }

    private static func systemMessage(_ request: ModelRequest) -> JSONValue? {
        request.system.isEmpty ? nil : ["role": "system", "content": .string(request.system)]
    }

    /// One neutral message's items in `messages`; each depends on that message alone.
    private static func items(of message: Message, emptyContent: JSONValue) -> [JSONValue] {
        switch message.role {
        case .user: userMessages(message)
        case .assistant: [assistantMessage(message, emptyContent: emptyContent)]
        }
    }

    /// Tool results become `role: tool` messages (first: they answer the previous turn's calls);
    /// the rest one user message.
    private static func userMessages(_ message: Message) -> [JSONValue] {
        var out: [JSONValue] = []
        var parts: [JSONValue] = []
        var plainText = true
        for part in message.parts {
            switch part {
            case .toolResult(let result):
                let content = result.isError ? "Error: \(result.content)" : result.content
                out.append(["role": "tool", "tool_call_id": .string(result.callID), "content": .string(content)])
            case .text(let text):
                parts.append(["type": "text", "text": .string(text)])
            case .attachment(let attachment):
                parts.append(attachmentPart(attachment))
                plainText = false
            case .providerBlock(let block):
                if let text = block.text { parts.append(["type": "text", "text": .string(text)]) }
            case .toolCall, .thinking:
                break
            }
        }
        if !parts.isEmpty {
            let content: JSONValue =
                plainText ? .string(parts.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")) : .array(parts)
            out.append(["role": "user", "content": content])
        }
        return out
    }

    private static func assistantMessage(_ message: Message, emptyContent: JSONValue) -> JSONValue {
        let text = message.text
        var object: JSONObject = ["role": "assistant", "content": text.isEmpty ? emptyContent : .string(text)]
        let calls = message.toolCalls
        if !calls.isEmpty {
            object["tool_calls"] = .array(calls.map { call in
                [
                    "id": .string(call.id), "type": "function",
                    "function": ["name": .string(call.name), "arguments": .string(argumentsText(call.arguments))],
                ]
            })
        }
        return .object(object)
    }

    private static func argumentsText(_ arguments: ToolArguments) -> String {
        switch arguments {
        case .parsed(let value): return value.jsonText
        case .invalid(let text): return text
        }
    }

    /// Images as data URLs, PDFs as `file` parts, anything else as text.
    static func attachmentPart(_ attachment: Attachment) -> JSONValue {
        let media = attachment.mediaType.lowercased()
        let dataURL = "data:\(media);base64,\(Data(attachment.data).base64EncodedString())"
        if media.hasPrefix("image/") { return ["type": "image_url", "image_url": ["url": .string(dataURL)]] }
        if media == "application/pdf" {
            return ["type": "file", "file": ["filename": .string(attachment.name), "file_data": .string(dataURL)]]
        }
        return ["type": "text", "text": .string("\(attachment.name):\n\(String(decoding: attachment.data, as: UTF8.self))")]
    }
}

import Foundation

/// Builds Anthropic Messages request bodies from provider-neutral requests.
///
/// Structured output (`outputSchema`) is a forced final tool: a tool named ``outputToolName``
/// whose `input_schema` is the schema. The model must call a tool (`tool_choice: any`, or that
/// very tool when no others are offered); its call comes back as the message text, the JSON
/// of the input (see ``AnthropicResponse``). With extended thinking on, Anthropic forbids
/// forced tool choice, so the tool is only offered.
enum AnthropicRequest {
    static let defaultMaxTokens = 8192
    static let outputToolName = "final_result"

    /// The JSON body and the `anthropic-beta` flags the request needs.
    static func body(for request: ModelRequest, model: String) -> (body: JSONValue, betas: [String]) {
        let (body, betas) = bodyObject(for: request, messages: .array(messages(request.messages)), model: model)
        return (.object(body), betas)
    }

    /// The encoded body (the same bytes as encoding ``body(for:model:)``) and the beta flags.
    /// With the worker call's ``EncodedHistory`` only the last turn and the messages added since
    /// the last request are encoded; the settled turns are copied. (The last turn stays open: a
    /// following message of the same role joins it.)
    static func encodedBody(for request: ModelRequest, model: String) -> (bytes: [UInt8], betas: [String]) {
        if let history = request.encodedHistory, request.settings.extra["messages"] == nil {
            let (body, betas) = bodyObject(for: request, messages: .null, model: model)
            let bytes = history.withPrefix(format: "anthropic") { prefix -> [UInt8]? in
                guard prefix.messageCount <= request.messages.count else { return nil }  // an older request, re-sent
                var open = turns(request.messages[prefix.messageCount...])
                guard let last = open.popLast() else {
                    return JSONWriter.object(body, splicingArray: "messages", runs: [prefix.bytes[...]])
                }
                // `messages[last.start]` begins a turn whose role differs from the settled last one.
                for turn in open { prefix.append(json(turn)) }
                prefix.messageCount = last.start
                var lastTurn: [UInt8] = []
                json(last).write(into: &lastTurn)
                return JSONWriter.object(body, splicingArray: "messages", runs: [prefix.bytes[...], lastTurn[...]])
            }
            if let bytes { return (bytes, betas) }
        }
        let (body, betas) = body(for: request, model: model)
        var bytes: [UInt8] = []
        body.write(into: &bytes)
        return (bytes, betas)
    }

    /// Everything but the messages, which are `messages` (placed after `system`).
    private static func bodyObject(for request: ModelRequest, messages: JSONValue, model: String) -> (body: JSONObject, betas: [String]) {
        var body: JSONObject = [
            "model": .string(model),
            "max_tokens": .int(Int64(request.settings.maxTokens ?? defaultMaxTokens)),
        ]
        if !request.system.isEmpty { body["system"] = .string(request.system) }
        body["messages"] = messages

        var tools: [JSONValue] = request.tools.map { tool in
            ["name": .string(tool.name), "description": .string(tool.description), "input_schema": tool.parametersSchema]
        }
        var betas: [String] = []
        for spec in request.serverSideTools {
            let (tool, beta) = serverTool(spec)
            tools.append(tool)
            if let beta, !betas.contains(beta) { betas.append(beta) }
        }
        if let schema = request.outputSchema {
            tools.append([
                "name": .string(outputToolName), "description": "Give the final answer in this structure.",
                "input_schema": schema,
            ])
            if request.settings.extra["thinking"] == nil {
                body["tool_choice"] =
                    tools.count == 1 ? ["type": "tool", "name": .string(outputToolName)] : ["type": "any"]
            }
        }
        if !tools.isEmpty { body["tools"] = .array(tools) }
        if let temperature = request.settings.temperature { body["temperature"] = .double(temperature) }
        if let topP = request.settings.topP { body["top_p"] = .double(topP) }
        if let stops = request.settings.stopSequences, !stops.isEmpty {
            body["stop_sequences"] = .array(stops.map { .string($0) })
        }
        body["stream"] = true
        for (key, value) in request.settings.extra { body[key] = value }  // worker settings win
        return (body, betas)
    }

    /// Messages in Anthropic's shape. Consecutive messages of one role are merged, so all
    /// tool results of a parallel call end up in one user message.
    static func messages(_ messages: [Message]) -> [JSONValue] {
        turns(messages[...]).map(json)
    }

    /// Messages of one role in a row, from the message at `start` (which has content).
    private struct Turn {
        var role: Message.Role
        var blocks: [JSONValue]
        var start: Int
    }

    private static func turns(_ messages: ArraySlice<Message>) -> [Turn] {
        var turns: [Turn] = []
        for (index, message) in zip(messages.indices, messages) {
            let blocks = content(of: message)
            guard !blocks.isEmpty else { continue }
            if let last = turns.last, last.role == message.role {
                turns[turns.count - 1].blocks += blocks
            } else {
                turns.append(Turn(role: message.role, blocks: blocks, start: index))
            }
        }
        return turns
    }

    private static func json(_ turn: Turn) -> JSONValue {
        // Tool results must open the user turn that answers the tool calls.
        let blocks =
            turn.role == .user
            ? turn.blocks.filter { $0["type"] == "tool_result" } + turn.blocks.filter { $0["type"] != "tool_result" }
            : turn.blocks
        return ["role": .string(turn.role.rawValue), "content": .array(blocks)]
    }

    private static func content(of message: Message) -> [JSONValue] {
        message.parts.compactMap { part -> JSONValue? in
            switch part {
            case .text(let text):
                return text.isEmpty ? nil : ["type": "text", "text": .string(text)]  // empty text is refused
            case .toolCall(let call):
                let input: JSONValue = if case .parsed(let value) = call.arguments, value.objectValue != nil { value } else { [:] }
                return ["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": input]
            case .toolResult(let result):
                var block: JSONObject = ["type": "tool_result", "tool_use_id": .string(result.callID)]
                if !result.content.isEmpty { block["content"] = .string(result.content) }
                if result.isError { block["is_error"] = true }
                return .object(block)
            case .attachment(let attachment):
                return attachmentBlock(attachment)
            case .thinking(let thinking):
                // Only Anthropic's own, signed thinking can be sent back.
                guard let signature = thinking.signature else { return nil }
                return ["type": "thinking", "thinking": .string(thinking.text), "signature": .string(signature)]
            case .providerBlock(let block):
                return block.provider == "anthropic" ? block.json : nil
            }
        }
    }

    /// PDFs become `document` blocks, images `image` blocks (both base64), anything else text.
    static func attachmentBlock(_ attachment: Attachment) -> JSONValue {
        let media = attachment.mediaType.lowercased()
        let source: JSONValue = [
            "type": "base64", "media_type": .string(media), "data": .string(Data(attachment.data).base64EncodedString()),
        ]
        if media == "application/pdf" { return ["type": "document", "source": source] }
        if media.hasPrefix("image/") { return ["type": "image", "source": source] }
        let text = String(decoding: attachment.data, as: UTF8.self)
        return ["type": "text", "text": .string("\(attachment.name):\n\(text)")]
    }

    /// The API's current versions of the server tools a worker names without a version.
    private static let serverToolVersions: [String: (type: String, beta: String?)] = [
        "web_search": ("web_search_20250305", nil),
        "web_fetch": ("web_fetch_20250910", "web-fetch-2025-09-10"),
        "code_execution": ("code_execution_20250825", "code-execution-2025-08-25"),
    ]

    /// A `server_side_tools` entry (`{type: web_search, max_uses: 5, …}`) as Anthropic expects it:
    /// a versioned `type`, a `name`, the other options unchanged. A `type` that already carries
    /// a version (`web_search_20260209`) is kept; `version: "20260209"` picks one too.
    static func serverTool(_ spec: JSONValue) -> (tool: JSONValue, beta: String?) {
        guard var object = spec.objectValue, let type = object["type"]?.stringValue else { return (spec, nil) }
        let base = unversionedName(type)
        var versioned = type
        var beta: String? = nil
        if let known = serverToolVersions[base] {
            beta = known.beta
            if base == type { versioned = known.type }
        }
        if let version = object["version"]?.stringValue {
            versioned = "\(base)_\(version)"
            object["version"] = nil
        }
        var tool: JSONObject = ["type": .string(versioned), "name": object["name"] ?? .string(base)]
        for (key, value) in object where key != "type" && key != "name" { tool[key] = value }
        return (.object(tool), beta)
    }

    /// `web_search_20250305` → `web_search`.
    private static func unversionedName(_ type: String) -> String {
        guard let underscore = type.lastIndex(of: "_") else { return type }
        let suffix = type[type.index(after: underscore)...]
        return suffix.count == 8 && suffix.allSatisfy(\.isNumber) ? String(type[..<underscore]) : type
    }
}

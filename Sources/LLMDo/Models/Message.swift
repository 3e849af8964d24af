/// A message in a worker's conversation, provider-neutral.
///
/// Providers translate these to and from their wire formats. Parts they do not
/// understand (``MessagePart/providerBlock(_:)``) are carried unchanged so a
/// conversation can round-trip through a provider without losing anything.
public struct Message: Sendable, Hashable {
    /// Who says it: the user's side (input, tool results) or the model's.
    public enum Role: String, Sendable, Hashable {
        /// The input, and tool results sent back to the model.
        case user
        /// The model's answers and tool calls.
        case assistant
    }

    /// Who says it.
    public var role: Role
    /// What it says, in order.
    public var parts: [MessagePart]

    /// A message of `parts`.
    public init(role: Role, parts: [MessagePart]) {
        self.role = role
        self.parts = parts
    }

    /// A user message of one text part.
    public static func user(_ text: String) -> Message { Message(role: .user, parts: [.text(text)]) }
    /// An assistant message of one text part.
    public static func assistant(_ text: String) -> Message { Message(role: .assistant, parts: [.text(text)]) }

    /// The concatenated text parts, including text-bearing provider blocks (``ProviderBlock/text``).
    public var text: String {
        parts.compactMap {
            switch $0 {
            case .text(let t): return t
            case .providerBlock(let block): return block.text
            default: return nil
            }
        }.joined()
    }

    /// The tool calls in this message, in order.
    public var toolCalls: [ToolCall] {
        parts.compactMap { if case .toolCall(let c) = $0 { return c }; return nil }
    }
}

/// One piece of a message.
public enum MessagePart: Sendable, Hashable {
    /// Text.
    case text(String)
    /// A tool call the model made (assistant messages).
    case toolCall(ToolCall)
    /// The result of a tool call (user messages).
    case toolResult(ToolResult)
    /// A file handed to the model (user messages).
    case attachment(Attachment)
    /// Model reasoning, kept verbatim so it can be sent back (Anthropic requires the signature).
    case thinking(Thinking)
    /// A provider-specific block kept as the provider sent it (server tool use and results,
    /// redacted thinking, unknown block types), with the provider's name.
    case providerBlock(ProviderBlock)
}

/// A call of a tool by the model.
public struct ToolCall: Sendable, Hashable {
    /// The provider's call id; tool results refer back to it.
    public var id: String
    /// The tool called.
    public var name: String
    /// The arguments as the model sent them. Usually a JSON object; kept raw when it
    /// did not parse, so the loop can send a retry prompt instead of failing.
    public var arguments: ToolArguments

    /// A call with arguments as the model sent them.
    public init(id: String, name: String, arguments: ToolArguments) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// A call with parsed arguments.
    public init(id: String, name: String, arguments: JSONValue) {
        self.init(id: id, name: name, arguments: .parsed(arguments))
    }
}

/// Tool arguments as received from a model.
public enum ToolArguments: Sendable, Hashable {
    /// Arguments that parsed as JSON.
    case parsed(JSONValue)
    /// Text that is not valid JSON (a truncated or malformed tool input).
    case invalid(String)

    /// Parses model-supplied argument text; empty text means an empty object.
    public init(text: String) {
        if text.allSatisfy(\.isWhitespace) {
            self = .parsed(.object([:]))
        } else if let value = try? JSONValue(parsing: text) {
            self = .parsed(value)
        } else {
            self = .invalid(text)
        }
    }

    /// The arguments as JSON (the raw text as a string when it did not parse).
    public var json: JSONValue {
        switch self {
        case .parsed(let value): return value
        case .invalid(let text): return .string(text)
        }
    }
}

/// The result of a tool call, sent back to the model.
public struct ToolResult: Sendable, Hashable {
    /// The ``ToolCall/id`` this answers.
    public var callID: String
    /// The tool that was called.
    public var toolName: String
    /// The result text the model sees (JSON results are compact JSON text).
    public var content: String
    /// True when the call failed (the model sees an error result).
    public var isError: Bool

    /// A result; `isError` marks a failure the model reads.
    public init(callID: String, toolName: String, content: String, isError: Bool = false) {
        self.callID = callID
        self.toolName = toolName
        self.content = content
        self.isError = isError
    }
}

/// A file attached to a user message.
public struct Attachment: Sendable, Hashable {
    /// MIME type: application/pdf, image/png, image/jpeg, image/gif, image/webp, text/plain.
    public var mediaType: String
    /// The file's bytes.
    public var data: [UInt8]
    /// The path or name it came from, for display.
    public var name: String

    /// An attachment of `data` with its media type and file name.
    public init(mediaType: String, data: [UInt8], name: String) {
        self.mediaType = mediaType
        self.data = data
        self.name = name
    }
}

/// Model reasoning text and the provider's signature over it.
public struct Thinking: Sendable, Hashable {
    /// The reasoning text.
    public var text: String
    /// The provider's signature over it (Anthropic), sent back verbatim.
    public var signature: String?
    /// Reasoning with its signature, if any.
    public init(text: String, signature: String? = nil) {
        self.text = text
        self.signature = signature
    }
}

/// A provider block kept verbatim.
public struct ProviderBlock: Sendable, Hashable {
    /// The provider that sent it (`anthropic`).
    public var provider: String
    /// The block exactly as sent.
    public var json: JSONValue
    /// A block of `provider`'s, kept verbatim.
    public init(provider: String, json: JSONValue) {
        self.provider = provider
        self.json = json
    }

    /// The visible text of a block that is text with extras the neutral parts cannot hold
    /// (Anthropic's cited text: `{"type": "text", "text": …, "citations": […]}`), else nil.
    public var text: String? {
        json["type"]?.stringValue == "text" ? json["text"]?.stringValue : nil
    }
}

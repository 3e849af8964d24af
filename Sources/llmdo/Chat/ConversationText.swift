import LLMDo

/// The conversation as `/history` shows it: who said what, with tool calls and results
/// shortened to one line each.
enum ConversationText {
    static func render(_ messages: [Message]) -> String {
        guard !messages.isEmpty else { return "(no messages yet)\n" }
        var out = ""
        for message in messages {
            for part in message.parts {
                switch part {
                case .text(let text):
                    out += "\(message.role == .user ? "you" : "assistant"): \(text)\n"
                case .toolCall(let call):
                    out += "  → \(call.name)(\(EventRenderer.truncate(call.arguments.json.jsonText, 80)))\n"
                case .toolResult(let result):
                    out += "  \(result.isError ? "✗" : "←") \(result.toolName): \(EventRenderer.truncate(result.content, 80))\n"
                case .attachment(let attachment):
                    out += "  [attachment \(attachment.name)]\n"
                case .thinking, .providerBlock:
                    continue
                }
            }
        }
        return out
    }
}

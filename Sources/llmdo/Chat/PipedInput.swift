import LLMDo

/// Chat input when stdin is not a terminal: one message per line; a line ending in `\`
/// continues on the next. Lines are read on a thread of their own (the read blocks for as long
/// as the writer likes).
struct PipedInput: ChatInput {
    func read(prompt: String) async -> ChatLine {
        await BlockingPool.runDedicated(name: "llmdo-chat") { Self.readMessage() }
    }

    private static func readMessage() -> ChatLine {
        var lines: [String] = []
        while let line = readLine(strippingNewline: true) {
            guard line.hasSuffix("\\") else { return .text((lines + [line]).joined(separator: "\n")) }
            lines.append(String(line.dropLast()))
        }
        return lines.isEmpty ? .endOfInput : .text(lines.joined(separator: "\n"))
    }
}

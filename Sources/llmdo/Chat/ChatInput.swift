/// What the chat reads next.
enum ChatLine: Equatable {
    /// A message or a slash command (several lines when continued with `\` or pasted).
    case text(String)
    /// Ctrl-D at an empty prompt, or the end of piped input.
    case endOfInput
    /// Ctrl-C at an empty prompt.
    case interrupt
}

/// Where chat messages come from: the terminal's line editor, or stdin line by line.
protocol ChatInput {
    /// Reads the next message, showing `prompt` first when interactive.
    func read(prompt: String) async -> ChatLine
}

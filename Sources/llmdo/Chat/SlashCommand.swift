/// A chat command: a line that starts with `/`.
enum SlashCommand: Equatable {
    case exit
    case reload
    case history
    case usage
    case help
    case unknown(String)

    /// The command on `line`, or nil when the line is a message.
    init?(line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("/"), !trimmed.contains("\n") else { return nil }
        switch trimmed {
        case "/exit", "/quit": self = .exit
        case "/reload": self = .reload
        case "/history": self = .history
        case "/usage": self = .usage
        case "/help", "/?": self = .help
        default: self = .unknown(trimmed)
        }
    }

    static let helpText = """
        /exit      end the session (also /quit, Ctrl-D)
        /reload    reload the project now (changes are also picked up on save)
        /history   show the conversation so far
        /usage     tokens and requests so far
        /help      this list
        A line ending in \\ continues on the next line. Ctrl-C cancels a running turn; at an empty prompt it ends the session.

        """
}

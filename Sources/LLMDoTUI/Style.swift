/// What a row of the screen is, which decides how it is drawn.
public enum Tone: Sendable, Hashable {
    case plain
    /// Tree guides, compact tool lines, hints.
    case dim
    case user
    case tool
    case error
    case warning
    /// Status lines: usage, reloads, retries, approvals decided.
    case status
    /// The header and footer bars.
    case bar
    /// The approval panel's frame and title.
    case panel
}

/// One row of text and its tone; `text` is inert and fits the width it was made for.
public struct Row: Sendable, Hashable {
    public var text: String
    public var tone: Tone

    public init(_ text: String, _ tone: Tone = .plain) {
        self.text = text
        self.tone = tone
    }
}

/// How tones become SGR sequences. Without colour (`NO_COLOR`, or a terminal that has none)
/// only attributes are used (bold, dim, reverse), which every terminal and `NO_COLOR` allow.
public struct Palette: Sendable {
    public let colour: Bool

    public init(colour: Bool) { self.colour = colour }

    /// Colour unless `NO_COLOR` is set to anything non-empty or `TERM` is `dumb`.
    public init(environment: [String: String]) {
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        self.init(colour: !noColour)
    }

    /// The sequence that starts `tone` (empty for plain).
    public func start(_ tone: Tone) -> String {
        switch tone {
        case .plain: return ""
        case .dim: return "\u{1B}[2m"
        case .bar: return "\u{1B}[7m"
        case .user: return colour ? "\u{1B}[1;36m" : "\u{1B}[1m"
        case .tool: return colour ? "\u{1B}[33m" : ""
        case .error: return colour ? "\u{1B}[1;31m" : "\u{1B}[1m"
        case .warning: return colour ? "\u{1B}[35m" : "\u{1B}[1m"
        case .status: return colour ? "\u{1B}[2;32m" : "\u{1B}[2m"
        case .panel: return colour ? "\u{1B}[1;33m" : "\u{1B}[1m"
        }
    }

    /// `row` as it is written: tone, text, reset, and the rest of the screen line cleared.
    public func draw(_ row: Row) -> String {
        let start = start(row.tone)
        return start.isEmpty ? row.text + "\u{1B}[K" : start + row.text + "\u{1B}[K\u{1B}[0m"
    }
}

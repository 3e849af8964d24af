/// One frame: a row per screen line and where the cursor goes (nil: hidden).
public struct Frame: Sendable {
    public var rows: [Row]
    public var cursor: (row: Int, column: Int)?
}

/// The bottom area: the input being typed, the approval panel, or a question.
public struct BottomArea: Sendable {
    public var rows: [Row]
    /// The cursor within `rows`, when it should show.
    public var cursor: (row: Int, column: Int)?
    /// At most this share of the screen's height (the rest stays for the conversation).
    public var maxShare: Double

    public init(rows: [Row], cursor: (row: Int, column: Int)?, maxShare: Double) {
        self.rows = rows
        self.cursor = cursor
        self.maxShare = maxShare
    }
}

/// Arranges the screen from top to bottom: the header bar, the conversation (as much as fits,
/// anchored at its end unless scrolled), one status row (stderr lines, hints), the bottom
/// area, and the footer bar with the keys.
public enum ScreenLayout {
    /// Composes a frame; returns it with the scroll the conversation actually used.
    public static func compose(
        width: Int, height: Int, header: String, transcript: inout Transcript, scroll: Int, status: Row,
        bottom: BottomArea, footer: String
    ) -> (frame: Frame, scroll: Int) {
        let height = max(1, height)
        transcript.setWidth(width)
        // The bottom area keeps the cursor in view when it has more rows than it may show.
        let bottomLimit = max(1, min(bottom.rows.count, Int(Double(height) * bottom.maxShare)))
        let firstShown = max(0, min(bottom.rows.count - bottomLimit, (bottom.cursor?.row ?? 0) - bottomLimit + 1))
        let bottomRows = Array(bottom.rows.dropFirst(firstShown).prefix(bottomLimit))
        let conversationHeight = max(0, height - 3 - bottomRows.count)
        let (conversation, used) = transcript.rows(height: conversationHeight, scroll: scroll)
        var rows = [bar(header, width: width)]
        rows += Array(repeating: Row(""), count: conversationHeight - conversation.count) + conversation
        rows.append(Row(TextWidth.truncate(status.text, to: width), status.tone))
        rows += bottomRows.map { Row(TextWidth.truncate($0.text, to: width), $0.tone) }
        rows.append(bar(footer, width: width))
        let cursor = bottom.cursor.map { (row: 1 + conversationHeight + 1 + $0.row - firstShown, column: min($0.column, width - 1)) }
        return (Frame(rows: Array(rows.suffix(height)), cursor: height >= rows.count ? cursor : nil), used)
    }

    /// A reverse-video bar across the whole width.
    static func bar(_ text: String, width: Int) -> Row {
        let cut = TextWidth.truncate(text, to: width)
        return Row(cut + String(repeating: " ", count: max(0, width - TextWidth.of(cut))), .bar)
    }
}

/// Greedy word wrapping to a column width: breaks after spaces, splits a word longer than a
/// whole row, and keeps the text's own line breaks.
public enum Wrap {
    /// The rows `text` takes at `width` columns (at least one row, empty for empty text).
    public static func rows(_ text: String, width: Int) -> [String] {
        var rows: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            rows += rowsOfLine(Substring(line), width: width)
        }
        return rows
    }

    /// The rows of one line without line breaks.
    static func rowsOfLine(_ line: Substring, width: Int) -> [String] { placedRows(line, width: width).map(\.text) }

    /// The rows of one line, each with the offset (in characters) of its first character.
    static func placedRows(_ line: Substring, width: Int) -> [(start: Int, text: String)] {
        let width = max(1, width)
        var rows: [(start: Int, text: String)] = []
        var row = "", rowWidth = 0, rowStart = 0
        var word = "", wordWidth = 0, wordStart = 0
        func endRow(nextStart: Int) {
            rows.append((rowStart, row))
            row = ""
            rowWidth = 0
            rowStart = nextStart
        }
        func placeWord() {
            // A word wider than a row is split; otherwise it moves to a new row when it does not fit.
            if rowWidth + wordWidth > width, rowWidth > 0 { endRow(nextStart: wordStart) }
            var offset = wordStart
            for character in word {
                let columns = TextWidth.of(character)
                if rowWidth + columns > width, rowWidth > 0 { endRow(nextStart: offset) }
                row.append(character)
                rowWidth += columns
                offset += 1
            }
            word = ""
            wordWidth = 0
        }
        for (offset, character) in line.enumerated() {
            if character == " " {
                placeWord()
                if rowWidth + 1 > width {
                    endRow(nextStart: offset + 1)  // a space that does not fit ends the row and is dropped
                } else {
                    if rowWidth == 0 { rowStart = offset }
                    row.append(" ")
                    rowWidth += 1
                }
                wordStart = offset + 1
            } else {
                if word.isEmpty { wordStart = offset }
                if rowWidth == 0, word.isEmpty { rowStart = offset }
                word.append(character)
                wordWidth += TextWidth.of(character)
            }
        }
        placeWord()
        rows.append((rowStart, row))
        return rows
    }
}

/// Text that grows at its end (a streamed answer), wrapped incrementally: an append re-wraps
/// only from the start of the last row, because greedy wrapping never changes an earlier row
/// when text is added after it. The cost of a delta is its own length plus one row, whatever
/// the length of the text before it.
public struct StreamedText: Sendable {
    public private(set) var text = ""
    public private(set) var rows: [String] = [""]
    /// The width `rows` were wrapped at.
    public private(set) var width: Int
    /// Where in `text` the last row starts (so it can be re-wrapped with what follows).
    private var lastRowStart: String.Index

    public init(width: Int) {
        self.width = max(1, width)
        lastRowStart = text.startIndex
    }

    /// Appends streamed text (made inert first by the caller).
    public mutating func append(_ more: String) {
        guard !more.isEmpty else { return }
        let offset = text.utf8.distance(from: text.startIndex, to: lastRowStart)
        text += more
        lastRowStart = text.utf8.index(text.startIndex, offsetBy: offset)
        rewrapTail()
    }

    /// Re-wraps everything at a new width (a terminal resize).
    public mutating func reflow(width newWidth: Int) {
        guard max(1, newWidth) != width else { return }
        width = max(1, newWidth)
        rows = [""]
        lastRowStart = text.startIndex
        rewrapTail()
    }

    /// Replaces the last row with the wrapping of the text from its start.
    private mutating func rewrapTail() {
        rows.removeLast()
        let tail = text[lastRowStart...]
        let lines = tail.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let placed = Wrap.placedRows(line, width: width)
            rows += placed.map(\.text)
            if index == lines.count - 1, let last = placed.last {
                lastRowStart = text.index(line.startIndex, offsetBy: last.start)
            }
        }
    }
}

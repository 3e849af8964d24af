/// The message being typed, laid out in rows: `> ` before the first line, `… ` before each
/// continuation, long lines broken at the width (by characters, so the cursor can be placed
/// exactly), and where the cursor is.
public struct InputView: Sendable, Equatable {
    public var rows: [String]
    /// Row and column of the cursor within `rows`.
    public var cursor: (row: Int, column: Int)

    public static func == (a: InputView, b: InputView) -> Bool {
        a.rows == b.rows && a.cursor.row == b.cursor.row && a.cursor.column == b.cursor.column
    }

    /// Lays out `text` with the cursor at character offset `cursorOffset`.
    public init(text: [Character], cursorOffset: Int, width: Int, prompt: String = "> ", continuation: String = "… ") {
        let width = max(4, width)
        rows = []
        cursor = (0, prompt.count)
        var row = prompt, column = TextWidth.of(prompt)
        for (offset, character) in text.enumerated() {
            if offset == cursorOffset { cursor = (rows.count, column) }
            if character == "\n" {
                rows.append(row)
                row = continuation
                column = TextWidth.of(continuation)
                continue
            }
            let inert = TextWidth.inert(String(character))
            let columns = TextWidth.of(inert)
            if column + columns > width {
                rows.append(row)
                row = ""
                column = 0
                if offset == cursorOffset { cursor = (rows.count, 0) }
            }
            row += inert
            column += columns
        }
        if cursorOffset >= text.count {
            if column >= width {
                rows.append(row)
                row = ""
                column = 0
            }
            cursor = (rows.count, column)
        }
        rows.append(row)
    }
}

/// Writes a frame as the difference from the one before: only rows that changed are
/// redrawn, so a streamed token costs one row, not a screen. A new size repaints everything.
public struct ScreenDiff: Sendable {
    private var previous: [Row] = []
    private var width = 0, height = 0
    public let palette: Palette

    public init(palette: Palette) { self.palette = palette }

    /// Forgets what is on the screen (after a resize, or when something else drew on it).
    public mutating func invalidate() { previous = [] }

    /// The bytes that turn the last frame into `rows` on a `width`×`height` screen, leaving
    /// the cursor at `cursor` (row, column; zero-based) and visible, or hidden when nil.
    public mutating func update(_ rows: [Row], width: Int, height: Int, cursor: (row: Int, column: Int)?) -> String {
        var out = "\u{1B}[?25l"  // hidden while drawing, so it never flickers across the screen
        if width != self.width || height != self.height || previous.count != height {
            out += "\u{1B}[H\u{1B}[2J"
            previous = Array(repeating: Row("\u{0}"), count: height)  // matches no real row
            self.width = width
            self.height = height
        }
        for index in 0..<height {
            var row = index < rows.count ? rows[index] : Row("")
            if TextWidth.of(row.text) > width { row.text = TextWidth.truncate(row.text, to: width) }
            guard row != previous[index] else { continue }
            out += "\u{1B}[\(index + 1);1H" + palette.draw(row)
            previous[index] = row
        }
        if let cursor {
            out += "\u{1B}[\(cursor.row + 1);\(cursor.column + 1)H\u{1B}[?25h"
        }
        return out
    }
}

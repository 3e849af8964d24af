import Foundation
import Synchronization
import LLMDo

/// Chat input from a terminal: the ``LineEditor`` in raw mode while a message is typed.
///
/// Raw mode (and bracketed paste) is on only while a line is edited. During a turn the terminal
/// is back in its normal mode, so an approval prompt reads a line as usual and Ctrl-C sends
/// SIGINT, which cancels the turn.
final class TerminalInput: ChatInput, Sendable {
    private let editor = Mutex(LineEditor())

    func read(prompt: String) async -> ChatLine {
        // The terminal read blocks until someone types: a thread of its own, off both the
        // cooperative pool and the blocking pool.
        await BlockingPool.runDedicated(name: "llmdo-chat") { self.edit(prompt: prompt) }
    }

    private func edit(prompt: String) -> ChatLine {
        guard let saved = RawMode.enter() else { return .endOfInput }
        defer { RawMode.leave(saved) }
        var decoder = KeyDecoder()
        var view = EditorView(prompt: prompt)
        Terminal.output(view.redraw(editor.withLock { $0 }))
        var byte: UInt8 = 0
        while true {
            let count = Glibc.read(STDIN_FILENO, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else { return .endOfInput }
            for key in decoder.feed(byte) {
                let (outcome, state) = editor.withLock { editor in (editor.apply(key), editor) }
                switch outcome {
                case .editing:
                    Terminal.output(view.redraw(state))
                case .submitted(let text):
                    Terminal.output(view.finish(text))
                    return .text(text)
                case .endOfInput:
                    Terminal.output(view.finish(""))
                    return .endOfInput
                case .interrupt:
                    Terminal.output(view.finish("^C"))
                    return .interrupt
                }
            }
        }
    }
}

/// The terminal's raw mode: no echo, no line buffering, no signals from keys, with
/// bracketed paste, so the editor sees every key and every paste as one.
enum RawMode {
    /// Switches `fd` (stdin unless given) to raw mode and announces bracketed paste through
    /// `write`; returns the settings to restore, nil when `fd` is no terminal.
    static func enter(_ fd: Int32 = STDIN_FILENO, write: (String) -> Void = { Terminal.output($0) }) -> termios? {
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | BRKINT | INPCK | ISTRIP)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(fd, TCSADRAIN, &raw) == 0 else { return nil }
        write("\u{1B}[?2004h")
        return saved
    }

    static func leave(_ saved: termios, _ fd: Int32 = STDIN_FILENO, write: (String) -> Void = { Terminal.output($0) }) {
        write("\u{1B}[?2004l")
        var saved = saved
        _ = tcsetattr(fd, TCSADRAIN, &saved)
    }

    /// The terminal's width in columns (80 when unknown).
    static var columns: Int { size(of: Terminal.outputFileDescriptor).columns }

    /// The size of the terminal on `fd` (80×24 when unknown).
    static func size(of fd: Int32) -> (columns: Int, rows: Int) {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return (80, 24) }
        return (Int(size.ws_col), Int(size.ws_row))
    }
}

/// Draws the edited message: the prompt, the text (continuation lines start with `… `), and
/// the cursor in place, wrapping at the terminal's width. Each redraw returns to the first row
/// it drew and repaints from there.
struct EditorView {
    let prompt: String
    static let continuation = "… "
    /// Rows between the first drawn row and the row the cursor was left on.
    private var cursorRow = 0

    init(prompt: String) { self.prompt = prompt }

    mutating func redraw(_ editor: LineEditor) -> String {
        let width = RawMode.columns
        var out = rewind()
        let lines = editor.line.split(separator: "\n", omittingEmptySubsequences: false)
        out += lines.enumerated().map { index, line in (index == 0 ? prompt : Self.continuation) + line }
            .joined(separator: "\r\n")
        // Where the cursor belongs, and where drawing left it, in rows from the first drawn row.
        let before = editor.text[..<editor.cursor]
        let cursorLine = before.filter { $0 == "\n" }.count
        let cursorColumn = before.count - (before.lastIndex(of: "\n").map { $0 + 1 } ?? 0)
        var row = 0
        for (index, line) in lines.prefix(cursorLine).enumerated() { row += rows(prefixed: line.count, index: index, width: width) }
        let offset = prefixWidth(cursorLine) + cursorColumn
        row += offset / width
        var endRow = 0
        for (index, line) in lines.enumerated().dropLast() { endRow += rows(prefixed: line.count, index: index, width: width) }
        let lastWidth = prefixWidth(lines.count - 1) + (lines.last?.count ?? 0)
        endRow += lastWidth / width
        if lastWidth > 0, lastWidth % width == 0 { out += "\r\n" }  // leave the pending-wrap column
        if endRow > row { out += "\u{1B}[\(endRow - row)A" }
        out += "\r"
        if offset % width > 0 { out += "\u{1B}[\(offset % width)C" }
        cursorRow = row
        return out
    }

    /// The final drawing of a finished message, with the cursor moved below it.
    mutating func finish(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let drawn = lines.enumerated().map { index, line in (index == 0 ? prompt : Self.continuation) + line }
        defer { cursorRow = 0 }
        return rewind() + drawn.joined(separator: "\r\n") + "\r\n"
    }

    /// Back to the first drawn row, which is cleared with everything below it.
    private func rewind() -> String {
        (cursorRow > 0 ? "\u{1B}[\(cursorRow)A" : "") + "\r\u{1B}[J"
    }

    private func prefixWidth(_ lineIndex: Int) -> Int { lineIndex == 0 ? prompt.count : Self.continuation.count }

    /// Rows a line takes with its prefix (a full last row wraps onto the next).
    private func rows(prefixed count: Int, index: Int, width: Int) -> Int { (prefixWidth(index) + count) / width + 1 }
}

/// The line being edited at the chat prompt, with the history of earlier messages.
///
/// Pure state: keys in, an outcome out; ``TerminalInput`` draws it. Enter after a trailing `\`
/// starts a new line in the same message; a bracketed paste is inserted as is.
struct LineEditor {
    /// What a key did.
    enum Outcome: Equatable {
        case editing
        case submitted(String)
        case endOfInput
        case interrupt
    }

    private(set) var text: [Character] = []
    /// Index into `text`.
    private(set) var cursor = 0
    private(set) var history: [String] = []
    /// Position in `history` while browsing it with up/down (`history.count`: the new line).
    private var browsing = 0
    /// The unsent line, kept while browsing history.
    private var draft: [Character] = []

    var line: String { String(text) }

    mutating func apply(_ key: Key) -> Outcome {
        switch key {
        case .character(let character): insert([character])
        case .paste(let pasted): insert(Array(pasted))
        case .newline: insert(["\n"])
        case .pageUp, .pageDown, .control: break
        case .enter:
            if text.last == "\\" {
                text.removeLast()
                cursor = min(cursor, text.count)
                insert(["\n"])
                return .editing
            }
            return submit()
        case .backspace:
            if cursor > 0 {
                text.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < text.count { text.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home: cursor = text[..<cursor].lastIndex(of: "\n").map { $0 + 1 } ?? 0
        case .end: cursor = text[cursor...].firstIndex(of: "\n") ?? text.count
        case .up: browse(by: -1)
        case .down: browse(by: 1)
        case .deleteWord:
            var start = cursor
            while start > 0, text[start - 1].isWhitespace { start -= 1 }
            while start > 0, !text[start - 1].isWhitespace { start -= 1 }
            text.removeSubrange(start..<cursor)
            cursor = start
        case .deleteToStart:
            text.removeSubrange(0..<cursor)
            cursor = 0
        case .interrupt:
            // Like a shell: Ctrl-C abandons a line being typed, and ends the session at an empty prompt.
            if text.isEmpty { return .interrupt }
            reset()
        case .endOfInput:
            if text.isEmpty { return .endOfInput }
            if cursor < text.count { text.remove(at: cursor) }
        }
        return .editing
    }

    private mutating func insert(_ characters: [Character]) {
        text.insert(contentsOf: characters, at: cursor)
        cursor += characters.count
    }

    private mutating func submit() -> Outcome {
        let submitted = line
        if !submitted.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, history.last != submitted {
            history.append(submitted)
        }
        reset()
        return .submitted(submitted)
    }

    private mutating func reset() {
        text = []
        cursor = 0
        draft = []
        browsing = history.count
    }

    private mutating func browse(by step: Int) {
        let target = browsing + step
        guard target >= 0, target <= history.count, target != browsing else { return }
        if browsing == history.count { draft = text }
        browsing = target
        text = target == history.count ? draft : Array(history[target])
        cursor = text.count
    }
}

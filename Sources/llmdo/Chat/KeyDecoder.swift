/// A key (or a paste) read from a terminal in raw mode.
enum Key: Equatable {
    case character(Character)
    case enter
    case backspace
    case delete
    case left, right, up, down
    case home, end
    /// Ctrl-W: delete the word before the cursor.
    case deleteWord
    /// Ctrl-U: delete from the start of the line to the cursor.
    case deleteToStart
    /// Ctrl-C.
    case interrupt
    /// Ctrl-D.
    case endOfInput
    /// Text pasted between bracketed-paste markers, inserted as is (newlines included).
    case paste(String)
    /// Alt+Enter (Escape then Enter): a new line in the message, where Enter sends.
    case newline
    case pageUp, pageDown
    /// Another Ctrl+letter (Ctrl-Q is `control("q")`); the line editor ignores these.
    case control(Character)
}

/// Turns raw terminal bytes into keys: control characters, CSI/SS3 escape sequences (arrows,
/// Home/End, Delete, Page Up/Down), Alt+Enter, bracketed paste (`ESC [200~ … ESC [201~`) and UTF-8 characters.
struct KeyDecoder {
    private var pending: [UInt8] = []
    private var pasted: [UInt8]?

    private static let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)

    /// Feeds one byte; returns the keys it completes (usually none or one).
    mutating func feed(_ byte: UInt8) -> [Key] {
        if pasted != nil { return feedPaste(byte) }
        pending.append(byte)
        guard let (key, complete) = decode(pending) else { return [] }
        if complete { pending.removeAll() }
        return key.map { [$0] } ?? []
    }

    private mutating func feedPaste(_ byte: UInt8) -> [Key] {
        pasted?.append(byte)
        guard let bytes = pasted, bytes.count >= Self.pasteEnd.count, Array(bytes.suffix(Self.pasteEnd.count)) == Self.pasteEnd else { return [] }
        pasted = nil
        let text = String(decoding: bytes.dropLast(Self.pasteEnd.count), as: UTF8.self)
        return [.paste(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))]
    }

    /// The key `bytes` spell: nil while more bytes are needed; `(nil, true)` for a complete
    /// sequence that means nothing here (it is dropped).
    private mutating func decode(_ bytes: [UInt8]) -> (Key?, Bool)? {
        guard let first = bytes.first else { return nil }
        switch first {
        case 0x01: return (.home, true)  // Ctrl-A
        case 0x05: return (.end, true)  // Ctrl-E
        case 0x02: return (.left, true)  // Ctrl-B
        case 0x06: return (.right, true)  // Ctrl-F
        case 0x03: return (.interrupt, true)
        case 0x04: return (.endOfInput, true)
        case 0x08, 0x7F: return (.backspace, true)
        case 0x0D, 0x0A: return (.enter, true)
        case 0x15: return (.deleteToStart, true)
        case 0x17: return (.deleteWord, true)
        case 0x1B: return decodeEscape(bytes)
        case 0x01...0x1A: return (.control(Character(Unicode.Scalar(first + 0x60))), true)
        case ..<0x20: return (nil, true)
        default: return decodeUTF8(bytes)
        }
    }

    private mutating func decodeEscape(_ bytes: [UInt8]) -> (Key?, Bool)? {
        guard bytes.count >= 2 else { return nil }
        if bytes[1] == 0x0D || bytes[1] == 0x0A { return (.newline, true) }
        guard bytes[1] == UInt8(ascii: "[") || bytes[1] == UInt8(ascii: "O") else { return (nil, true) }
        guard bytes.count >= 3, let last = bytes.last, (0x40...0x7E).contains(last) else {
            return bytes.count > 16 ? (nil, true) : nil  // a runaway sequence is dropped
        }
        let body = String(decoding: bytes[2...], as: UTF8.self)
        switch body {
        case "A": return (.up, true)
        case "B": return (.down, true)
        case "C": return (.right, true)
        case "D": return (.left, true)
        case "H", "1~", "7~": return (.home, true)
        case "F", "4~", "8~": return (.end, true)
        case "3~": return (.delete, true)
        case "5~": return (.pageUp, true)
        case "6~": return (.pageDown, true)
        case "200~":
            pasted = []
            return (nil, true)
        default: return (nil, true)
        }
    }

    private func decodeUTF8(_ bytes: [UInt8]) -> (Key?, Bool)? {
        let first = bytes[0]
        let length = first < 0x80 ? 1 : first < 0xE0 ? 2 : first < 0xF0 ? 3 : 4
        guard bytes.count >= length else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        return (text.first.map { .character($0) }, true)
    }
}

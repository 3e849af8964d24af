/// Terminal columns of text, and text made safe to draw.
public enum TextWidth {
    /// Columns `character` takes on a terminal: 2 for East Asian wide and emoji, else 1 (a
    /// `Character` already carries its combining marks).
    public static func of(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Columns `text` takes.
    public static func of<S: Sequence<Character>>(_ text: S) -> Int { text.reduce(0) { $0 + of($1) } }

    /// `text` cut to at most `columns` columns, with `…` when something was cut.
    public static func truncate(_ text: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        guard of(text) > columns else { return text }
        var out = "", used = 0
        for character in text {
            let width = of(character)
            if used + width > columns - 1 { break }
            out.append(character)
            used += width
        }
        return out + "…"
    }

    /// `text` that cannot move the cursor or recolour the terminal: tabs become spaces, and
    /// other control characters (escape included), C1 controls and direction overrides become
    /// visible `\u{…}` escapes. Newlines are kept unless `keepNewlines` is false (then `⏎`).
    public static func inert(_ text: String, keepNewlines: Bool = true) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out.append(contentsOf: keepNewlines ? "\n".unicodeScalars : "⏎".unicodeScalars)
            case 0x09: out.append(contentsOf: "    ".unicodeScalars)
            case 0x0D where keepNewlines: continue
            case 0x00..<0x20, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

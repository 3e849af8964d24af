/// Generates a short string matching a simple regular expression, for ``JSONSchema/exampleValue()``.
///
/// Understands literals, `.`, classes (`[a-z]`, `[^…]`), `\d \w \s` and their negations,
/// groups (taking the first alternative of `|`), anchors, and quantifiers (taking their minimum,
/// one for `+`). Anything else (lookaround, backreferences, `\p{…}`) returns `nil`; the caller
/// then falls back to other candidates and checks every result against the real regex.
struct RegexExampleGenerator {
    private let pattern: [Character]
    private var position = 0

    init(_ pattern: String) { self.pattern = Array(pattern) }

    mutating func generate() -> String? {
        guard let text = alternation(), position == pattern.count else { return nil }
        return text
    }

    private var current: Character? { position < pattern.count ? pattern[position] : nil }

    /// `a|b|c`: generates the first alternative and skips the rest.
    private mutating func alternation() -> String? {
        guard let first = sequence() else { return nil }
        while current == "|" {
            position += 1
            guard sequence() != nil else { return nil }
        }
        return first
    }

    private mutating func sequence() -> String? {
        var text = ""
        while let c = current, c != "|", c != ")" {
            guard let atom = atom(), let count = quantifier() else { return nil }
            text += String(repeating: atom, count: count)
        }
        return text
    }

    private mutating func atom() -> String? {
        guard let c = current else { return nil }
        position += 1
        switch c {
        case "^", "$": return ""
        case ".": return "a"
        case "(":
            if current == "?" {
                // Only non-capturing and named groups; lookaround cannot be generated simply.
                position += 1
                if current == ":" {
                    position += 1
                } else if current == "<", position + 1 < pattern.count, pattern[position + 1] != "=", pattern[position + 1] != "!" {
                    while let n = current, n != ">" { position += 1 }
                    position += 1
                } else {
                    return nil
                }
            }
            guard let inner = alternation(), current == ")" else { return nil }
            position += 1
            return inner
        case "[": return characterClass()
        case "\\": return escape(inClass: false)
        case "*", "+", "?", "{", ")", "|": return nil
        default: return String(c)
        }
    }

    /// Minimum repetitions: `*` and `?` give 0, `+` gives 1, `{n,m}` gives n.
    private mutating func quantifier() -> Int? {
        var count = 1
        switch current {
        case "*", "?": count = 0; position += 1
        case "+": position += 1
        case "{":
            let start = position
            position += 1
            var digits = ""
            while let d = current, d.isASCII, d.isNumber { digits.append(d); position += 1 }
            while let d = current, d != "}" { position += 1 }
            guard current == "}", let n = Int(digits) else {
                position = start
                return 1  // a literal brace
            }
            position += 1
            count = n
        default: return count
        }
        if current == "?" || current == "+" { position += 1 }  // lazy or possessive: same minimum
        return count
    }

    private mutating func escape(inClass: Bool) -> String? {
        guard let c = current else { return nil }
        position += 1
        switch c {
        case "d": return "0"
        case "w", "D", "S": return "a"
        case "s": return " "
        case "W": return "-"
        case "n": return "\n"
        case "t": return "\t"
        case "b", "B": return inClass ? "\u{8}" : ""
        case "p", "P", "u", "x", "k", "1"..."9": return nil
        default: return String(c)
        }
    }

    /// `[…]`: the first member, or for `[^…]` the first common character not excluded.
    private mutating func characterClass() -> String? {
        let negated = current == "^"
        if negated { position += 1 }
        var members: [ClosedRange<Character>] = []
        var first = true
        while let c = current, c != "]" || first {
            first = false
            position += 1
            var low = String(c)
            if c == "\\" { guard let escaped = escape(inClass: true) else { return nil }; low = escaped }
            if current == "-", position + 1 < pattern.count, pattern[position + 1] != "]" {
                position += 1
                guard let high = current else { return nil }
                position += 1
                if let l = low.first, l <= high { members.append(l...high) }
            } else if let l = low.first {
                members.append(l...l)
            }
        }
        guard current == "]" else { return nil }
        position += 1
        if !negated { return members.first.map { String($0.lowerBound) } }
        let candidates: [Character] = ["a", "A", "0", "_", "-", " ", "z", "9"]
        return candidates.first { c in !members.contains { $0.contains(c) } }.map(String.init)
    }
}

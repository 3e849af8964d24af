/// Refuses YAML whose mapping keys could contain an alias, before it is composed.
///
/// Composing checks a mapping's keys for duplicates by hashing them, and hashing a key walks
/// everything an alias in it reaches: a key `*l8` from a nine-level "billion laughs" would hash
/// 10⁹ nodes inside Yams, before any budget of ours can count them (``YAMLToJSON`` bounds values).
/// No worker field needs a complex key, so frontmatter that uses aliases may only use plain keys.
///
/// The scan is lexical and errs on the side of refusing: when the text contains an alias
/// (`*name` at the start of a token) and also an explicit key (`? `), a flow collection used as
/// a key (`]:` or `}:`), or an alias used as a key (`*name:`), it is refused, even if the pattern
/// sits inside a quoted string. Text without aliases is never refused.
enum YAMLAliasKeys {
    /// The 1-based line (within `yaml`) of the first key that could hold an alias, when the text
    /// uses aliases at all; nil when it is safe to compose.
    static func firstRiskyKeyLine(in yaml: String) -> Int? {
        let bytes = Array(yaml.utf8)
        var usesAlias = false
        var risky: Int?
        var line = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") { line += 1 }
            let atTokenStart = index == 0 || separators.contains(bytes[index - 1])
            if byte == UInt8(ascii: "*"), atTokenStart {
                var end = index + 1
                while end < bytes.count, isAnchorCharacter(bytes[end]) { end += 1 }
                if end > index + 1 {
                    usesAlias = true
                    if risky == nil, isFollowedByKeyColon(bytes, from: end) { risky = line }
                }
            } else if byte == UInt8(ascii: "?"), atTokenStart, index + 1 == bytes.count || whitespace.contains(bytes[index + 1]) {
                if risky == nil { risky = line }
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}"), risky == nil, isFollowedByKeyColon(bytes, from: index + 1) {
                risky = line
            }
            index += 1
        }
        return usesAlias ? risky : nil
    }

    private static let whitespace: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")]
    private static let separators = whitespace.union([UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "-")])

    /// libyaml's anchor names: ASCII letters, digits, `_` and `-`.
    private static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// Whether spaces and then a `:` that ends a key (followed by whitespace, a flow indicator
    /// or the end) come at `start`.
    private static func isFollowedByKeyColon(_ bytes: [UInt8], from start: Int) -> Bool {
        var index = start
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
        let next = index + 1
        return next == bytes.count || whitespace.contains(bytes[next]) || [UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(bytes[next])
    }
}

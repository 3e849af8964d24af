/// Names and paths in project files must be printable: a control character (a NUL that the C
/// file API would cut a path at, a newline that would forge a line of output) is refused where
/// it is read, naming the file and field.
enum PrintableText {
    /// The first C0 or C1 control character in `text`, as `U+XXXX`, or nil when there is none.
    static func firstControlCharacter(in text: String) -> String? {
        guard let scalar = text.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            return nil
        }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

/// One line of a response's header block as libcurl's header callback hands it over (CRLF
/// included), parsed from the bytes directly: this runs for every header of every response, and
/// going through `String` and Foundation's `trimmingCharacters` cost 260–314 K instructions a
/// response (docs/performance.md).
enum HTTPHeaderLine: Equatable {
    /// A status line (`HTTP/1.1 200 OK`, `HTTP/2 429`): a new header block begins.
    case status(Int)
    /// The empty line that ends a header block.
    case end
    /// `name: value`, both with surrounding blanks removed.
    case field(name: String, value: String)
    /// Anything else (an obsolete continuation line, a line without a colon): ignored.
    case other

    init(_ bytes: UnsafeRawBufferPointer) {
        let line = Self.trimmed(bytes, lower: 0, upper: bytes.count)
        guard !line.isEmpty else {
            self = .end
            return
        }
        if Self.hasPrefix(bytes, line, "HTTP/") {
            self = .status(Self.statusCode(bytes, line))
        } else if let colon = line.first(where: { bytes[$0] == UInt8(ascii: ":") }) {
            let name = Self.trimmed(bytes, lower: line.lowerBound, upper: colon)
            let value = Self.trimmed(bytes, lower: colon + 1, upper: line.upperBound)
            self = .field(name: Self.text(bytes, name), value: Self.text(bytes, value))
        } else {
            self = .other
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }

    /// `lower..<upper` without leading and trailing blanks (space, tab, CR, LF).
    private static func trimmed(_ bytes: UnsafeRawBufferPointer, lower: Int, upper: Int) -> Range<Int> {
        var lower = lower
        var upper = upper
        while lower < upper, isBlank(bytes[lower]) { lower += 1 }
        while upper > lower, isBlank(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    private static func hasPrefix(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ prefix: StaticString) -> Bool {
        guard range.count >= prefix.utf8CodeUnitCount else { return false }
        return prefix.withUTF8Buffer { expected in
            expected.indices.allSatisfy { bytes[range.lowerBound + $0] == expected[$0] }
        }
    }

    /// The number after the protocol (`HTTP/1.1 200 OK` → 200); 0 when there is none.
    private static func statusCode(_ bytes: UnsafeRawBufferPointer, _ line: Range<Int>) -> Int {
        guard var index = line.first(where: { bytes[$0] == UInt8(ascii: " ") }) else { return 0 }
        while index < line.upperBound, bytes[index] == UInt8(ascii: " ") { index += 1 }
        var code = 0
        var digits = 0
        while index < line.upperBound, digits < 3, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
            code = code * 10 + Int(digit)  // three digits at most: cannot overflow
            digits += 1
            index += 1
        }
        let endsWord = index == line.upperBound || bytes[index] == UInt8(ascii: " ")
        return digits == 3 && endsWord ? code : 0
    }

    private static func text(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}

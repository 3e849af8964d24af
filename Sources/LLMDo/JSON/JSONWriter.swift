/// JSON encoding for ``JSONValue``: compact by default, or pretty with two-space indents.
extension JSONValue {
    /// Compact JSON text.
    public var jsonText: String {
        var out = [UInt8]()
        out.reserveCapacity(64)
        JSONWriter.write(self, into: &out, indent: nil, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Indented JSON text (two spaces per level), for people.
    public var prettyJSONText: String {
        var out = [UInt8]()
        out.reserveCapacity(128)
        JSONWriter.write(self, into: &out, indent: 2, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends compact JSON bytes to `out` (no intermediate String).
    package func write(into out: inout [UInt8]) {
        JSONWriter.write(self, into: &out, indent: nil, level: 0)
    }
}

/// The encoder. It appends whole runs of bytes (literals, digits, unescaped string spans)
/// rather than one byte at a time, which is where most of the encoding time used to go.
enum JSONWriter {
    static func write(_ value: JSONValue, into out: inout [UInt8], indent: Int?, level: Int) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): writeInteger(i, into: &out)
        case .double(let d): writeDouble(d, into: &out)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent: indent, level: level + 1)
                write(item, into: &out, indent: indent, level: level + 1)
            }
            if !items.isEmpty { newline(&out, indent: indent, level: level) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in object {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                newline(&out, indent: indent, level: level + 1)
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                write(member, into: &out, indent: indent, level: level + 1)
            }
            if !object.isEmpty { newline(&out, indent: indent, level: level) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], indent: Int?, level: Int) {
        guard let indent else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    /// Writes decimal digits from a stack buffer, right to left, then appends them in one go.
    static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var magnitude = value.magnitude
            var position = buffer.count
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            if value < 0 {
                position -= 1
                buffer[position] = UInt8(ascii: "-")
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position...]))
        }
    }

    private static func writeDouble(_ d: Double, into out: inout [UInt8]) {
        // JSON has no NaN or infinity; null is what JavaScript's JSON.stringify writes.
        guard d.isFinite else { out.append(contentsOf: "null".utf8); return }
        // Integral values keep a ".0" so they read back as doubles, not integers.
        if d.rounded() == d, abs(d) < 1e15 {
            writeInteger(Int64(d), into: &out)
            out.append(contentsOf: ".0".utf8)
        } else if !writeShortDecimal(d, into: &out) {
            // Swift's description is the shortest text that round-trips, and is valid JSON for finite values.
            out.append(contentsOf: d.description.utf8)
        }
    }

    /// Writes `d` as `digits / 10^decimals` with the fewest decimals that read back exactly,
    /// skipping the `String` that `description` would create. Handles the everyday doubles
    /// (1.5, 0.25, 12.34) and returns false for the rest (tiny, huge, 17 significant digits).
    private static func writeShortDecimal(_ d: Double, into out: inout [UInt8]) -> Bool {
        let magnitude = abs(d)
        guard magnitude >= 1e-4, magnitude < 1e15 else { return false }
        var scale = 1.0
        for decimals in 1...15 {
            scale *= 10
            let scaled = (magnitude * scale).rounded()
            guard scaled < 9_007_199_254_740_992 else { return false }  // 2^53: beyond it the check is inexact
            // Both factors are exact, so this one division is correctly rounded: equality
            // means the decimal text reads back as exactly `magnitude`.
            guard scaled / scale == magnitude else { continue }
            let digits = Int64(scaled)
            let divisor = Int64(scale)
            if d < 0 { out.append(UInt8(ascii: "-")) }
            writeInteger(digits / divisor, into: &out)
            out.append(UInt8(ascii: "."))
            var fraction = digits % divisor
            var place = divisor / 10
            for _ in 0..<decimals {
                out.append(UInt8(ascii: "0") &+ UInt8(fraction / place))
                fraction %= place
                place /= 10
            }
            return true
        }
        return false
    }

    private static let hex: StaticString = "0123456789abcdef"

    /// Writes a quoted string, copying each run of bytes that needs no escape in one append.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var runStart = 0
            for (position, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
                runStart = position + 1
                switch byte {
                case UInt8(ascii: "\""): out.append(0x5C); out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
                case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
                default:
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex.utf8Start[Int(byte >> 4)])
                    out.append(hex.utf8Start[Int(byte & 0xF)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Wording shared by schema errors and violations, written for a model to act on.
enum SchemaMessages {
    /// A value as a message shows it: its type, and its content when short, e.g. `string "x"`.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return "boolean \(b)"
        case .int, .double: return "\(value.typeName) \(value.jsonText)"
        case .string(let s): return "string \(quote(s))"
        case .array(let items): return items.isEmpty ? "an empty array" : "an array of \(plural(items.count, "item"))"
        case .object(let object): return object.isEmpty ? "an empty object" : "an object"
        }
    }

    /// A string as JSON text, shortened to keep messages readable.
    static func quote(_ s: String, limit: Int = 60) -> String {
        guard s.count > limit else { return JSONValue.string(s).jsonText }
        return JSONValue.string(String(s.prefix(limit)) + "…").jsonText
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
    }

    /// `string`, `string or null`, `integer, number or string`.
    static func list(_ words: [String], conjunction: String = "or") -> String {
        guard words.count > 1, let last = words.last else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    /// A property name as it appears in a path: bare when simple, quoted otherwise.
    static func pathComponent(_ key: String) -> String {
        let simple = !key.isEmpty && key.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "$")
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return simple ? key : "[\(JSONValue.string(key).jsonText)]"
    }
}

extension JSONValue {
    /// Equality as JSON Schema defines it for `enum`, `const` and `uniqueItems`: numbers compare by
    /// value (`3 == 3.0`), objects ignore member order.
    func schemaEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.int(let a), .int(let b)): return a == b
        case (.int, .double), (.double, .int), (.double, .double):
            return SchemaNumbers.compare(self, other) == 0
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.schemaEquals($1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { value.schemaEquals($0) } ?? false }
        default: return self == other
        }
    }
}

/// Number comparisons that stay exact for two integers and use `Double` otherwise.
enum SchemaNumbers {
    /// -1, 0 or 1; both arguments must be numbers.
    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        if case .int(let x) = a, case .int(let y) = b { return x < y ? -1 : (x == y ? 0 : 1) }
        let x = a.doubleValue ?? .nan
        let y = b.doubleValue ?? .nan
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    static func isMultiple(_ value: JSONValue, of divisor: JSONValue) -> Bool {
        if case .int(let x) = value, case .int(let d) = divisor { return x % d == 0 }
        guard let x = value.doubleValue, let d = divisor.doubleValue else { return false }
        let quotient = x / d
        // Tolerate binary rounding: 0.3 is a multiple of 0.1 although 0.3 / 0.1 is 2.9999999999999996.
        return abs(quotient - quotient.rounded()) <= 1e-9 * max(1, abs(quotient))
    }
}

/// A malformed schema, found when it is compiled.
public struct JSONSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// JSON pointer to the offending keyword inside the schema, e.g. `#/properties/count/minimum`
    /// (empty for the schema as a whole).
    public var path: String
    /// What is wrong, e.g. `must be a number, found string "1"`.
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// One way a value fails its schema.
public struct JSONSchemaViolation: Sendable, Equatable, CustomStringConvertible {
    /// Where in the value, e.g. `items[2].name` (empty for the root).
    public var path: String
    /// Why, in words a model can act on, e.g. `expected number, found string "x"`.
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Every violation found in a value.
public struct JSONSchemaViolations: Error, Sendable, Equatable, CustomStringConvertible {
    public var violations: [JSONSchemaViolation]

    public init(_ violations: [JSONSchemaViolation]) { self.violations = violations }

    /// The violations joined with `; `, one sentence a model can read as a retry prompt.
    public var description: String { violations.map(\.description).joined(separator: "; ") }
}

/// A malformed schema, found when it is compiled.
package struct JSONSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// JSON pointer to the offending keyword inside the schema, e.g. `#/properties/count/minimum`
    /// (empty for the schema as a whole).
    package var path: String
    /// What is wrong, e.g. `must be a number, found string "1"`.
    package var message: String

    package init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    package var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// One way a value fails its schema.
package struct JSONSchemaViolation: Sendable, Equatable, CustomStringConvertible {
    /// Where in the value, e.g. `items[2].name` (empty for the root).
    package var path: String
    /// Why, in words a model can act on, e.g. `expected number, found string "x"`.
    package var message: String

    package init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    package var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Every violation found in a value.
package struct JSONSchemaViolations: Error, Sendable, Equatable, CustomStringConvertible {
    package var violations: [JSONSchemaViolation]

    package init(_ violations: [JSONSchemaViolation]) { self.violations = violations }

    /// The violations joined with `; `, one sentence a model can read as a retry prompt.
    package var description: String { violations.map(\.description).joined(separator: "; ") }
}

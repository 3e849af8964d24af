/// Turns a schema document into a ``SchemaProgram``, checking every keyword it knows on the way.
///
/// Unknown keywords are ignored, as JSON Schema asks (annotations such as `title`, `format` or
/// `$comment`), except keywords that would change validation but are not implemented here:
/// those are errors, so a schema never silently validates less than it says.
struct SchemaCompiler {
    private let document: JSONValue
    /// `$ref` target pointer → slot in `targets`.
    private var slots: [String: Int] = [:]
    private var targets: [SchemaNode?] = []

    static let unsupportedKeywords: Set<String> = [
        "patternProperties", "propertyNames", "dependentRequired", "dependentSchemas", "dependencies",
        "if", "then", "else", "contains", "minContains", "maxContains", "unevaluatedProperties",
        "unevaluatedItems", "additionalItems", "$dynamicRef", "$recursiveRef",
    ]

    static func compile(_ document: JSONValue) throws(JSONSchemaError) -> SchemaProgram {
        var compiler = SchemaCompiler(document: document)
        let root = try compiler.node(document, at: "#")
        // Every slot is filled: `resolve` stores the node before returning the slot index.
        let program = SchemaProgram(root: root, refTargets: compiler.targets.compactMap { $0 })
        try SchemaLinker(program: program).check()
        return program
    }

    private init(document: JSONValue) { self.document = document }

    private mutating func node(_ json: JSONValue, at path: String) throws(JSONSchemaError) -> SchemaNode {
        var keywords = SchemaKeywords()
        keywords.location = path
        switch json {
        case .bool(let allowed):
            keywords.allowsNothing = !allowed
            return SchemaNode(keywords)
        case .object(let object):
            for (name, value) in object {
                try compileKeyword(name, value, into: &keywords, at: path)
            }
            return SchemaNode(keywords)
        default:
            throw JSONSchemaError(path: path, message: "a schema must be an object or a boolean, found \(json.typeName)")
        }
    }

    private mutating func compileKeyword(
        _ name: String, _ value: JSONValue, into k: inout SchemaKeywords, at parent: String
    ) throws(JSONSchemaError) {
        let path = parent + "/" + Self.escape(name)
        switch name {
        case "type":
            k.typeNames = try Self.typeNames(value, at: path)
            k.types = k.typeNames.reduce(into: SchemaTypes()) { $0.insert(SchemaTypes($1)) }
        case "properties":
            guard case .object(let members) = value else { throw Self.expected("an object of schemas", value, at: path) }
            for (property, schema) in members {
                k.properties.append((property, try node(schema, at: path + "/" + Self.escape(property))))
            }
        case "required":
            guard case .array(let names) = value else { throw Self.expected("an array of property names", value, at: path) }
            for (i, item) in names.enumerated() {
                guard case .string(let property) = item else {
                    throw Self.expected("a property name (string)", item, at: "\(path)/\(i)")
                }
                k.required.append(property)
            }
        case "additionalProperties":
            if case .bool(let allowed) = value {
                k.additionalProperties = allowed ? .allowed : .forbidden
            } else {
                k.additionalProperties = .schema(try node(value, at: path))
            }
        case "minProperties": k.minProperties = try Self.count(value, at: path)
        case "maxProperties": k.maxProperties = try Self.count(value, at: path)
        case "enum":
            guard case .array(let values) = value, !values.isEmpty else {
                throw Self.expected("a non-empty array of values", value, at: path)
            }
            k.enumValues = values
        case "const": k.constValue = value
        case "minimum": k.minimum = try Self.number(value, at: path)
        case "maximum": k.maximum = try Self.number(value, at: path)
        case "exclusiveMinimum": k.exclusiveMinimum = try Self.number(value, at: path)
        case "exclusiveMaximum": k.exclusiveMaximum = try Self.number(value, at: path)
        case "multipleOf":
            let divisor = try Self.number(value, at: path)
            guard let d = divisor.doubleValue, d > 0 else { throw Self.expected("a number greater than 0", value, at: path) }
            k.multipleOf = divisor
        case "minLength": k.minLength = try Self.count(value, at: path)
        case "maxLength": k.maxLength = try Self.count(value, at: path)
        case "pattern":
            guard case .string(let source) = value else { throw Self.expected("a regular expression string", value, at: path) }
            k.pattern = try Self.pattern(source, at: path)
        case "format":
            k.format = value.stringValue
        case "items":
            if case .array(let schemas) = value {
                k.prefixItems = try nodes(schemas, at: path)  // draft 4–7 tuple form
            } else {
                k.items = try node(value, at: path)
            }
        case "prefixItems":
            guard case .array(let schemas) = value else { throw Self.expected("an array of schemas", value, at: path) }
            k.prefixItems = try nodes(schemas, at: path)
        case "minItems": k.minItems = try Self.count(value, at: path)
        case "maxItems": k.maxItems = try Self.count(value, at: path)
        case "uniqueItems":
            guard case .bool(let unique) = value else { throw Self.expected("a boolean", value, at: path) }
            k.uniqueItems = unique
        case "allOf", "anyOf", "oneOf":
            guard case .array(let schemas) = value, !schemas.isEmpty else {
                throw Self.expected("a non-empty array of schemas", value, at: path)
            }
            let compiled = try nodes(schemas, at: path)
            if name == "allOf" { k.allOf = compiled } else if name == "anyOf" { k.anyOf = compiled } else { k.oneOf = compiled }
        case "not": k.not = try node(value, at: path)
        case "$ref":
            guard case .string(let reference) = value else { throw Self.expected("a reference string", value, at: path) }
            k.ref = try resolve(reference, at: path)
        case "$defs", "definitions":
            guard case .object(let definitions) = value else { throw Self.expected("an object of schemas", value, at: path) }
            // Compiled through `resolve` so references to them share the node and errors surface now.
            for (definition, _) in definitions {
                _ = try resolve(path + "/" + Self.escape(definition), at: path)
            }
        case "default": k.defaultValue = value
        case "examples":
            guard case .array(let examples) = value else { throw Self.expected("an array of values", value, at: path) }
            k.examples = examples
        case "description": k.description = value.stringValue
        default:
            if Self.unsupportedKeywords.contains(name) {
                throw JSONSchemaError(path: path, message: "the keyword '\(name)' is not supported by llmdo's validator")
            }
        }
    }

    private mutating func nodes(_ schemas: [JSONValue], at path: String) throws(JSONSchemaError) -> [SchemaNode] {
        var compiled: [SchemaNode] = []
        for (i, schema) in schemas.enumerated() { compiled.append(try node(schema, at: "\(path)/\(i)")) }
        return compiled
    }

    /// Returns the slot for a local reference, compiling its target the first time it is seen.
    /// The slot is reserved before compiling, so a schema that refers to itself terminates.
    private mutating func resolve(_ reference: String, at path: String) throws(JSONSchemaError) -> Int {
        if let slot = slots[reference] { return slot }
        guard reference.hasPrefix("#") else {
            throw JSONSchemaError(path: path, message: "only local references ('#/$defs/…') are supported, found '\(reference)'")
        }
        guard let target = Self.lookUp(reference, in: document) else {
            throw JSONSchemaError(path: path, message: "reference '\(reference)' does not resolve to anything in this schema")
        }
        let slot = targets.count
        slots[reference] = slot
        targets.append(nil)
        targets[slot] = try node(target, at: reference)
        return slot
    }

    /// Follows a local JSON pointer (`#`, `#/a/b`, with `~0`/`~1` escapes) through objects and arrays.
    static func lookUp(_ reference: String, in document: JSONValue) -> JSONValue? {
        var current = document
        let pointer = reference.dropFirst()
        guard !pointer.isEmpty else { return current }
        guard pointer.hasPrefix("/") else { return nil }
        for token in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let key = String(token.replacing("~1", with: "/").replacing("~0", with: "~"))
            switch current {
            case .object(let object):
                guard let next = object[key] else { return nil }
                current = next
            case .array(let array):
                guard let i = Int(key), array.indices.contains(i) else { return nil }
                current = array[i]
            default:
                return nil
            }
        }
        return current
    }

    private static func escape(_ token: String) -> String {
        token.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    private static func typeNames(_ value: JSONValue, at path: String) throws(JSONSchemaError) -> [JSONSchema.ValueType] {
        let known = JSONSchema.ValueType.allCases.map(\.rawValue).joined(separator: ", ")
        func one(_ item: JSONValue, at path: String) throws(JSONSchemaError) -> JSONSchema.ValueType {
            guard case .string(let name) = item, let type = JSONSchema.ValueType(rawValue: name) else {
                throw expected("a type name (\(known))", item, at: path)
            }
            return type
        }
        switch value {
        case .string: return [try one(value, at: path)]
        case .array(let items) where !items.isEmpty:
            var types: [JSONSchema.ValueType] = []
            for (i, item) in items.enumerated() {
                let type = try one(item, at: "\(path)/\(i)")
                if types.contains(type) { throw JSONSchemaError(path: "\(path)/\(i)", message: "type '\(type.rawValue)' is listed twice") }
                types.append(type)
            }
            return types
        default:
            throw expected("a type name (\(known)) or a non-empty array of them", value, at: path)
        }
    }

    private static func number(_ value: JSONValue, at path: String) throws(JSONSchemaError) -> JSONValue {
        guard value.doubleValue != nil else { throw expected("a number", value, at: path) }
        return value
    }

    private static func count(_ value: JSONValue, at path: String) throws(JSONSchemaError) -> Int {
        guard let n = value.int64Value, n >= 0, let count = Int(exactly: n) else {
            throw expected("a non-negative integer", value, at: path)
        }
        return count
    }

    private static func pattern(_ source: String, at path: String) throws(JSONSchemaError) -> SchemaPattern {
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(source)
        } catch {
            throw JSONSchemaError(path: path, message: "'\(source)' is not a valid regular expression (\(error))")
        }
        let pattern = SchemaPattern(source: source, regex: regex)
        _ = pattern.matches("")  // lowers the regex program now, not on the first validation
        return pattern
    }

    private static func expected(_ what: String, _ found: JSONValue, at path: String) -> JSONSchemaError {
        JSONSchemaError(path: path, message: "must be \(what), found \(SchemaMessages.describe(found))")
    }
}

/// Whole-program checks that need every `$ref` resolved first.
private struct SchemaLinker {
    let program: SchemaProgram

    func check() throws(JSONSchemaError) {
        var visited = Set<ObjectIdentifier>()
        // Breadth-first in document order, so the first problem reported is the first one written.
        var queue = [program.root] + program.refTargets
        var next = 0
        while next < queue.count {
            let node = queue[next]
            next += 1
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            try checkNoLoop(from: node)
            try checkDefault(of: node)
            queue.append(contentsOf: node.children)
        }
    }

    /// Rejects cycles through `$ref`, `allOf`, `anyOf`, `oneOf` and `not`: they all look at the same
    /// value again, so such a cycle would make validation recurse forever.
    private func checkNoLoop(from start: SchemaNode) throws(JSONSchemaError) {
        var onPath = Set<ObjectIdentifier>()
        func visit(_ node: SchemaNode) throws(JSONSchemaError) {
            guard onPath.insert(ObjectIdentifier(node)).inserted else {
                throw JSONSchemaError(path: start.keywords.location, message: "'$ref' loops back to itself without descending into a property or item")
            }
            defer { onPath.remove(ObjectIdentifier(node)) }
            let k = node.keywords
            var next = k.allOf + k.anyOf + k.oneOf
            if let not = k.not { next.append(not) }
            if let ref = k.ref { next.append(program.refTargets[ref]) }
            for child in next { try visit(child) }
        }
        try visit(start)
    }

    /// A default is filled into valid values unchecked later, so it must itself be valid.
    private func checkDefault(of node: SchemaNode) throws(JSONSchemaError) {
        guard let value = node.keywords.defaultValue else { return }
        if case .failure(let violations) = SchemaValidator.validate(value, node, in: program) {
            throw JSONSchemaError(path: node.keywords.location + "/default", message: "the default value does not match its schema: \(violations)")
        }
    }
}

/// The compiled form of a schema: a tree of ``SchemaNode``s built once by ``SchemaCompiler``, so
/// validation never looks keywords up in `JSONValue` dictionaries.
///
/// `$ref`s are indices into ``SchemaProgram/refTargets`` rather than direct links, so recursive
/// schemas need no reference cycles and every node can stay an immutable, `Sendable` class.
struct SchemaProgram: Sendable {
    let root: SchemaNode
    let refTargets: [SchemaNode]
}

/// The JSON types a `type` keyword can name.
struct SchemaTypes: OptionSet, Sendable {
    let rawValue: UInt8

    static let null = SchemaTypes(rawValue: 1 << 0)
    static let boolean = SchemaTypes(rawValue: 1 << 1)
    static let integer = SchemaTypes(rawValue: 1 << 2)
    static let number = SchemaTypes(rawValue: 1 << 3)
    static let string = SchemaTypes(rawValue: 1 << 4)
    static let array = SchemaTypes(rawValue: 1 << 5)
    static let object = SchemaTypes(rawValue: 1 << 6)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(_ type: JSONSchema.ValueType) {
        switch type {
        case .null: self = .null
        case .boolean: self = .boolean
        case .integer: self = .integer
        case .number: self = .number
        case .string: self = .string
        case .array: self = .array
        case .object: self = .object
        }
    }

    /// Whether `value` has one of these types; `integer` accepts integral doubles such as 3.0.
    func matches(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return contains(.null)
        case .bool: return contains(.boolean)
        case .int: return !isDisjoint(with: [.integer, .number])
        case .double(let d): return contains(.number) || (contains(.integer) && d.rounded() == d && d.isFinite)
        case .string: return contains(.string)
        case .array: return contains(.array)
        case .object: return contains(.object)
        }
    }
}

/// What `additionalProperties` allows.
enum SchemaAdditionalProperties: Sendable {
    case allowed
    case forbidden
    case schema(SchemaNode)
}

/// A compiled `pattern`: its source for messages and the regex, compiled once.
struct SchemaPattern: @unchecked Sendable {
    // `Regex` is not declared Sendable. Its only mutable state is the lazily lowered program,
    // which swift-experimental-string-processing publishes with an atomic compare-and-swap
    // (`Regex.Program.loweredProgram`); the compiler also lowers it once up front by matching.
    let source: String
    let regex: Regex<AnyRegexOutput>

    func matches(_ string: String) -> Bool { (try? regex.firstMatch(in: string)) != nil }
}

/// The keywords of one (sub)schema, as checked values. `nil` / empty means "not present".
struct SchemaKeywords: Sendable {
    /// JSON pointer of this schema inside the document, for compile errors.
    var location = ""
    /// The `false` schema: no value is valid.
    var allowsNothing = false
    var types: SchemaTypes?
    /// Declared type names in order, for messages and the public property description.
    var typeNames: [JSONSchema.ValueType] = []
    var properties: [(name: String, schema: SchemaNode)] = []
    var required: [String] = []
    var additionalProperties = SchemaAdditionalProperties.allowed
    var minProperties: Int?
    var maxProperties: Int?
    var enumValues: [JSONValue]?
    var constValue: JSONValue?
    var minimum: JSONValue?
    var maximum: JSONValue?
    var exclusiveMinimum: JSONValue?
    var exclusiveMaximum: JSONValue?
    var multipleOf: JSONValue?
    var minLength: Int?
    var maxLength: Int?
    var pattern: SchemaPattern?
    var format: String?
    var items: SchemaNode?
    var prefixItems: [SchemaNode] = []
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false
    var allOf: [SchemaNode] = []
    var anyOf: [SchemaNode] = []
    var oneOf: [SchemaNode] = []
    var not: SchemaNode?
    /// Index into ``SchemaProgram/refTargets``.
    var ref: Int?
    var defaultValue: JSONValue?
    var examples: [JSONValue] = []
    var description: String?

    /// The types that keywords other than `type` presuppose (e.g. `properties` → object), used to
    /// pick a type when generating examples for a schema that declares none.
    var impliedTypes: SchemaTypes {
        var implied: SchemaTypes = []
        if !properties.isEmpty || !required.isEmpty || minProperties != nil || maxProperties != nil { implied.insert(.object) }
        if items != nil || !prefixItems.isEmpty || minItems != nil || maxItems != nil { implied.insert(.array) }
        if minLength != nil || maxLength != nil || pattern != nil { implied.insert(.string) }
        if minimum != nil || maximum != nil || exclusiveMinimum != nil || exclusiveMaximum != nil || multipleOf != nil {
            implied.insert(.number)
        }
        return implied
    }
}

/// One compiled (sub)schema. A class so that a parent holds each child with a single reference.
final class SchemaNode: Sendable {
    let keywords: SchemaKeywords

    init(_ keywords: SchemaKeywords) { self.keywords = keywords }

    /// The direct subschemas, for whole-program walks.
    var children: [SchemaNode] {
        var nodes = keywords.properties.map(\.schema) + keywords.prefixItems + keywords.allOf + keywords.anyOf + keywords.oneOf
        if case .schema(let node) = keywords.additionalProperties { nodes.append(node) }
        if let items = keywords.items { nodes.append(items) }
        if let not = keywords.not { nodes.append(not) }
        return nodes
    }
}

extension SchemaProgram {
    /// Follows `$ref`s from `node` to the first node that declares a default.
    func defaultValue(of node: SchemaNode) -> JSONValue? {
        var current = node
        for _ in 0..<refTargets.count + 1 {
            if let value = current.keywords.defaultValue { return value }
            guard let ref = current.keywords.ref else { return nil }
            current = refTargets[ref]
        }
        return nil
    }

    /// Follows a chain of bare `$ref`s to the node that holds the keywords.
    func resolved(_ node: SchemaNode) -> SchemaNode {
        var current = node
        for _ in 0..<refTargets.count + 1 {
            guard let ref = current.keywords.ref, current.keywords.types == nil else { return current }
            current = refTargets[ref]
        }
        return current
    }
}

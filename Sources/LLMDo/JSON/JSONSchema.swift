/// A compiled JSON Schema, used to validate tool arguments, worker input and structured output.
///
/// Compile once with ``init(_:)``, which checks that the schema is well formed, then call
/// ``validate(_:)`` as often as needed: validation walks a precompiled tree, not the schema's
/// JSON. Supported keywords: `type` (a name or a list; `integer` accepts `3.0`), `properties`,
/// `required`, `additionalProperties` (boolean or schema), `minProperties`/`maxProperties`,
/// `enum`, `const`, `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum`/`multipleOf`,
/// `minLength`/`maxLength` (in Unicode code points), `pattern` (Swift `Regex` syntax, matched
/// anywhere in the string), `items`, `prefixItems`, `minItems`/`maxItems`/`uniqueItems`,
/// `anyOf`/`oneOf`/`allOf`/`not`, local `$ref` with `$defs`/`definitions`, and `default`
/// (filled into missing object properties on success). Annotations such as `title`,
/// `description`, `examples` and `format` do not affect validation.
///
/// ```swift
/// let schema = try JSONSchema(["type": "object", "properties": ["n": ["type": "integer", "minimum": 1]]])
/// switch schema.validate(try JSONValue(parsing: #"{"n": 0}"#)) {
/// case .success(let arguments): use(arguments)
/// case .failure(let violations): retry(with: violations.description)  // "n: must be ≥ 1, found 0"
/// }
/// ```
package struct JSONSchema: Sendable {
    /// The schema document.
    package let json: JSONValue
    let program: SchemaProgram

    /// Compiles a schema.
    ///
    /// - Parameter json: the schema document: an object, or `true`/`false`.
    /// - Throws: ``JSONSchemaError`` naming the first malformed keyword by its JSON pointer, e.g.
    ///   `#/properties/count/type: must be a type name (…), found string "int"`, an unresolved
    ///   `$ref`, an invalid `pattern`, a `default` that fails its own schema, or a keyword that
    ///   would change validation but is not supported.
    package init(_ json: JSONValue) throws(JSONSchemaError) {
        self.json = json
        self.program = try SchemaCompiler.compile(json)
    }

    /// Validates a value and returns it with schema defaults filled in.
    ///
    /// - Returns: the value, with every missing property that declares a `default` added
    ///   (recursively), or every violation found, each naming the field and what was expected.
    package func validate(_ value: JSONValue) -> Result<JSONValue, JSONSchemaViolations> {
        SchemaValidator.validate(value, program.root, in: program)
    }
}

// MARK: - Describing the schema to other layers

extension JSONSchema {
    /// The JSON types a schema can name in `type`.
    package enum ValueType: String, Sendable, CaseIterable {
        case null, boolean, integer, number, string, array, object
    }

    /// One declared property of an object schema.
    package struct Property: Sendable, Equatable {
        /// The property name.
        package var name: String
        /// The declared types, in order (after following `$ref`); empty when the type is not constrained.
        package var types: [ValueType]
        /// Whether the property is listed in `required`.
        package var isRequired: Bool
        /// The `default` value, if the property declares one.
        package var defaultValue: JSONValue?
        /// The property's `description`, if any.
        package var description: String?

        /// Whether a missing value is filled in by ``JSONSchema/validate(_:)``.
        package var hasDefault: Bool { defaultValue != nil }
    }

    /// Whether the schema describes an object: `type` is `"object"` (following a root `$ref`).
    package var isObjectSchema: Bool {
        program.resolved(program.root).keywords.typeNames == [.object]
    }

    /// The declared properties of an object schema, in schema order; empty for other schemas.
    ///
    /// The plugin loader matches a C function's parameter list against these.
    package var properties: [Property] {
        let root = program.resolved(program.root).keywords
        return root.properties.map { name, node in
            let resolved = program.resolved(node).keywords
            return Property(
                name: name,
                types: resolved.typeNames,
                isRequired: root.required.contains(name),
                defaultValue: program.defaultValue(of: node),
                description: node.keywords.description ?? resolved.description
            )
        }
    }
}

import Testing
@testable import LLMDo

@Suite struct JSONSchemaCompileTests {
    struct Case: Sendable, CustomStringConvertible {
        var schema: String
        var error: String
        var description: String { schema }
    }

    @Test(arguments: [
        Case(schema: "3", error: "#: a schema must be an object or a boolean, found integer"),
        Case(schema: #"{"type": "int"}"#,
             error: #"#/type: must be a type name (null, boolean, integer, number, string, array, object), found string "int""#),
        Case(schema: #"{"type": ["string", "strin"]}"#,
             error: #"#/type/1: must be a type name (null, boolean, integer, number, string, array, object), found string "strin""#),
        Case(schema: ##"{"type": ["string", "string"]}"##, error: "#/type/1: type 'string' is listed twice"),
        Case(schema: ##"{"properties": []}"##, error: "#/properties: must be an object of schemas, found an empty array"),
        Case(schema: #"{"properties": {"a": {"type": 1}}}"#,
             error: "#/properties/a/type: must be a type name (null, boolean, integer, number, string, array, object) or a non-empty array of them, found integer 1"),
        Case(schema: ##"{"properties": {"a": 1}}"##, error: "#/properties/a: a schema must be an object or a boolean, found integer"),
        Case(schema: ##"{"required": "a"}"##, error: #"#/required: must be an array of property names, found string "a""#),
        Case(schema: ##"{"required": ["a", 2]}"##, error: "#/required/1: must be a property name (string), found integer 2"),
        Case(schema: ##"{"additionalProperties": 1}"##, error: "#/additionalProperties: a schema must be an object or a boolean, found integer"),
        Case(schema: ##"{"minimum": "1"}"##, error: #"#/minimum: must be a number, found string "1""#),
        Case(schema: ##"{"multipleOf": 0}"##, error: "#/multipleOf: must be a number greater than 0, found integer 0"),
        Case(schema: ##"{"minLength": -1}"##, error: "#/minLength: must be a non-negative integer, found integer -1"),
        Case(schema: ##"{"maxItems": 1.5}"##, error: "#/maxItems: must be a non-negative integer, found number 1.5"),
        Case(schema: ##"{"enum": []}"##, error: "#/enum: must be a non-empty array of values, found an empty array"),
        Case(schema: ##"{"anyOf": {}}"##, error: "#/anyOf: must be a non-empty array of schemas, found an empty object"),
        Case(schema: ##"{"uniqueItems": "yes"}"##, error: #"#/uniqueItems: must be a boolean, found string "yes""#),
        Case(schema: ##"{"$ref": "#/$defs/missing"}"##, error: "#/$ref: reference '#/$defs/missing' does not resolve to anything in this schema"),
        Case(schema: ##"{"$ref": "other.json#/x"}"##, error: "#/$ref: only local references ('#/$defs/…') are supported, found 'other.json#/x'"),
        Case(schema: ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}}"##,
             error: "#/$defs/a: '$ref' loops back to itself without descending into a property or item"),
        Case(schema: ##"{"$defs": {"bad": {"minimum": true}}}"##, error: "#/$defs/bad/minimum: must be a number, found boolean true"),
        Case(schema: #"{"properties": {"n": {"type": "integer", "default": "x"}}}"#,
             error: #"#/properties/n/default: the default value does not match its schema: expected integer, found string "x""#),
        Case(schema: ##"{"if": {"type": "string"}}"##, error: "#/if: the keyword 'if' is not supported by llmdo's validator"),
    ])
    func malformedSchemasAreRejected(_ row: Case) throws {
        let json = try JSONValue(parsing: row.schema)
        let error = #expect(throws: JSONSchemaError.self) { try JSONSchema(json) }
        #expect(error?.description == row.error)
    }

    @Test func invalidPatternIsRejectedWithItsPath() throws {
        let error = #expect(throws: JSONSchemaError.self) { try JSONSchema(["properties": ["id": ["pattern": "[a-"]]]) }
        #expect(error?.path == "#/properties/id/pattern")
        #expect(error?.message.hasPrefix("'[a-' is not a valid regular expression") == true)
    }

    @Test func recursiveSchemasCompile() throws {
        let tree = try JSONSchema(JSONValue(parsing: ##"{"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#"}}}}"##))
        #expect(try tree.validate(JSONValue(parsing: #"{"children": [{"children": []}]}"#)).get() != nil)
    }
}

import Testing
@testable import LLMDo

@Suite struct JSONSchemaExampleTests {
    @Test(arguments: [
        #"{"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "required": ["a"]}"#,
        #"{"type": "integer", "minimum": 5, "maximum": 9, "multipleOf": 3}"#,
        #"{"type": "integer", "exclusiveMinimum": 10}"#,
        #"{"type": "integer", "maximum": -3}"#,
        #"{"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}"#,
        #"{"type": "number", "minimum": 0.5, "multipleOf": 0.25}"#,
        #"{"type": "string", "minLength": 12}"#,
        #"{"type": "string", "maxLength": 3}"#,
        #"{"type": "string", "pattern": "^[A-Z]{3}-\\d{2,4}$"}"#,
        #"{"type": "string", "pattern": "^(foo|bar)_[^0-9]+\\.txt$"}"#,
        #"{"type": "string", "pattern": "^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$"}"#,
        #"{"type": "string", "pattern": "^(?:v)?\\d+\\.\\d+\\.\\d+$", "minLength": 5}"#,
        #"{"type": "string", "pattern": "(?=x)xy", "examples": ["xy"]}"#,
        #"{"type": "string", "format": "date-time"}"#,
        #"{"enum": ["a", "b"]}"#,
        #"{"const": {"k": [1]}}"#,
        #"{"type": ["null", "boolean"]}"#,
        #"{"type": "array", "items": {"type": "integer"}, "minItems": 3, "uniqueItems": true}"#,
        #"{"type": "array", "prefixItems": [{"type": "string"}, {"type": "boolean"}], "items": false}"#,
        #"{"type": "array", "maxItems": 0}"#,
        #"{"anyOf": [{"type": "string", "minLength": 2}, {"type": "null"}]}"#,
        #"{"oneOf": [{"type": "integer"}, {"type": "string"}]}"#,
        #"{"allOf": [{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}, {"properties": {"b": {"type": "integer"}}, "required": ["b"]}]}"#,
        #"{"not": {"type": "string"}}"#,
        ##"{"$defs": {"p": {"type": "object", "properties": {"x": {"type": "integer", "minimum": 2}}, "required": ["x"], "additionalProperties": false}}, "type": "object", "properties": {"point": {"$ref": "#/$defs/p"}}, "required": ["point"]}"##,
        ##"{"type": "object", "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#"}}}, "required": ["name"]}"##,
        #"{"type": "object", "required": ["free"], "additionalProperties": {"type": "integer"}}"#,
        #"{"type": "object", "properties": {"mode": {"type": "string", "default": "fast"}, "n": {"type": "integer", "examples": [0, 42], "minimum": 1}}}"#,
        #"{}"#,
        "true",
    ])
    func exampleValidatesAgainstItsSchema(_ text: String) throws {
        let schema = try JSONSchema(JSONValue(parsing: text))
        let example = schema.exampleValue()
        switch schema.validate(example) {
        case .success: break
        case .failure(let violations): Issue.record("\(example.jsonText) fails: \(violations)")
        }
    }

    @Test func examplesFillEveryPropertyAndPreferDeclaredValues() throws {
        let schema = try JSONSchema(JSONValue(parsing: #"""
            {"type": "object", "properties": {
              "path": {"type": "string", "examples": ["notes.txt"]},
              "count": {"type": "integer", "minimum": 1},
              "mode": {"enum": ["fast", "slow"]},
              "deep": {"type": "boolean", "default": false}}}
            """#))
        #expect(schema.exampleValue().jsonText == #"{"path":"notes.txt","count":1,"mode":"fast","deep":false}"#)
    }

    @Test(arguments: [
        ("^[A-Z]{3}-\\d{2}$", "AAA-00"),
        ("^(foo|bar)+$", "foo"),
        ("a*b?c", "c"),
        ("[^a]", "A"),
    ])
    func generatesFromSimplePatterns(pattern: String, expected: String) {
        var generator = RegexExampleGenerator(pattern)
        #expect(generator.generate() == expected)
    }
}

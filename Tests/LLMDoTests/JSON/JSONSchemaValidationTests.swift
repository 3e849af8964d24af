import Testing
@testable import LLMDo

@Suite struct JSONSchemaValidationTests {
    struct Case: Sendable, CustomStringConvertible {
        var schema: String
        var value: String
        /// Expected violations joined with "; ", or nil when the value must be valid.
        var violations: String?
        var description: String { "\(schema) ← \(value)" }
    }

    static let args = #"{"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "required": ["a"], "additionalProperties": false}"#

    @Test(arguments: [
        Case(schema: args, value: #"{"a": 1.5, "b": 2}"#, violations: nil),
        Case(schema: args, value: #"{"a": 1, "b": "x"}"#, violations: #"b: expected number, found string "x""#),
        Case(schema: args, value: #"{"b": 2}"#, violations: "a: required property is missing"),
        Case(schema: args, value: #"{"a": 1, "extra": true}"#, violations: "extra: unexpected property (allowed: a, b)"),
        Case(schema: args, value: "[1]", violations: "expected object, found an array of 1 item"),
        Case(schema: #"{"type": "integer"}"#, value: "3.0", violations: nil),
        Case(schema: #"{"type": "integer"}"#, value: "3.5", violations: "expected integer, found number 3.5"),
        Case(schema: #"{"type": ["string", "null"]}"#, value: "null", violations: nil),
        Case(schema: #"{"type": ["string", "null"]}"#, value: "true", violations: "expected string or null, found boolean true"),
        Case(schema: #"{"properties": {"count": {"type": "integer", "minimum": 1}}}"#, value: #"{"count": 0}"#, violations: "count: must be ≥ 1, found 0"),
        Case(schema: #"{"maximum": 10}"#, value: "10.5", violations: "must be ≤ 10, found 10.5"),
        Case(schema: #"{"exclusiveMinimum": 0}"#, value: "0", violations: "must be > 0, found 0"),
        Case(schema: #"{"exclusiveMaximum": 1.5}"#, value: "1.5", violations: "must be < 1.5, found 1.5"),
        Case(schema: #"{"multipleOf": 5}"#, value: "12", violations: "must be a multiple of 5, found 12"),
        Case(schema: #"{"multipleOf": 0.1}"#, value: "0.3", violations: nil),
        Case(schema: #"{"minimum": 9223372036854775806}"#, value: "9223372036854775807", violations: nil),
        Case(schema: #"{"minLength": 2}"#, value: #""é""#, violations: #"must be at least 2 characters long, found 1: "é""#),
        Case(schema: #"{"maxLength": 3}"#, value: #""😀😀😀""#, violations: nil),
        Case(schema: #"{"maxLength": 3}"#, value: #""abcd""#, violations: "must be at most 3 characters long, found 4"),
        Case(schema: #"{"pattern": "^[a-z]+$"}"#, value: #""abc""#, violations: nil),
        Case(schema: #"{"pattern": "^[a-z]+$"}"#, value: #""aBc""#, violations: #"must match the pattern ^[a-z]+$, found "aBc""#),
        Case(schema: #"{"pattern": "b"}"#, value: #""abc""#, violations: nil),
        Case(schema: #"{"enum": ["red", "green"]}"#, value: #""blue""#, violations: #"must be one of "red" or "green", found string "blue""#),
        Case(schema: #"{"enum": [1, 2]}"#, value: "2.0", violations: nil),
        Case(schema: #"{"const": "x"}"#, value: #""y""#, violations: #"must be "x", found string "y""#),
        Case(schema: #"{"items": {"type": "string"}}"#, value: #"["a", 2, "c", null]"#,
             violations: "[1]: expected string, found integer 2; [3]: expected string, found null"),
        Case(schema: #"{"minItems": 2}"#, value: "[1]", violations: "must have at least 2 items, found 1"),
        Case(schema: #"{"maxItems": 1}"#, value: "[1, 2]", violations: "must have at most 1 item, found 2"),
        Case(schema: #"{"uniqueItems": true}"#, value: "[1, 2, 1.0]", violations: "items must be unique, but items 0 and 2 are both integer 1"),
        Case(schema: #"{"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}"#, value: #"["a", 1, 2]"#,
             violations: "[2]: no value is allowed here"),
        Case(schema: #"{"properties": {"list": {"items": {"properties": {"name": {"type": "string"}}, "required": ["name"]}}}}"#,
             value: #"{"list": [{"name": "a"}, {}]}"#, violations: "list[1].name: required property is missing"),
        Case(schema: #"{"properties": {"a b": {"type": "string"}}}"#, value: #"{"a b": 1}"#, violations: #"["a b"]: expected string, found integer 1"#),
        Case(schema: #"{"additionalProperties": {"type": "integer"}}"#, value: #"{"x": 1, "y": "z"}"#, violations: #"y: expected integer, found string "z""#),
        Case(schema: #"{"additionalProperties": false}"#, value: #"{"x": 1}"#, violations: "x: unexpected property (this object takes no properties)"),
        Case(schema: #"{"minProperties": 1}"#, value: "{}", violations: "must have at least 1 property, found 0"),
        Case(schema: #"{"anyOf": [{"type": "string"}, {"type": "null"}]}"#, value: "3", violations: "expected string or null, found integer 3"),
        Case(schema: #"{"anyOf": [{"type": "string", "minLength": 3}, {"type": "integer"}]}"#, value: #""ab""#,
             violations: #"does not match any allowed alternative: (1) must be at least 3 characters long, found 2: "ab"; (2) expected integer, found string "ab""#),
        Case(schema: #"{"oneOf": [{"type": "integer"}, {"type": "number"}]}"#, value: "1",
             violations: "must match exactly one alternative, but matches alternatives 1 and 2"),
        Case(schema: #"{"oneOf": [{"type": "integer"}, {"type": "string"}]}"#, value: "1", violations: nil),
        Case(schema: #"{"allOf": [{"minimum": 1}, {"maximum": 2}]}"#, value: "3", violations: "must be ≤ 2, found 3"),
        Case(schema: ##"{"not": {"type": "string"}}"##, value: #""s""#, violations: ##"must not match "#/not" (it does)"##),
        Case(schema: ##"{"$defs": {"pos": {"type": "integer", "minimum": 1}}, "properties": {"n": {"$ref": "#/$defs/pos"}}}"##,
             value: #"{"n": 0}"#, violations: "n: must be ≥ 1, found 0"),
        Case(schema: ##"{"definitions": {"node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/node"}, "v": {"type": "integer"}}}}, "$ref": "#/definitions/node"}"##,
             value: #"{"v": 1, "next": {"v": 2, "next": {"v": "x"}}}"#, violations: #"next.next.v: expected integer, found string "x""#),
        Case(schema: "false", value: "1", violations: "no value is allowed here"),
        Case(schema: "true", value: "1", violations: nil),
        Case(schema: #"{"title": "T", "description": "d", "format": "email", "examples": [1]}"#, value: #""not an email""#, violations: nil),
    ])
    func validation(_ row: Case) throws {
        let schema = try JSONSchema(JSONValue(parsing: row.schema))
        switch schema.validate(try JSONValue(parsing: row.value)) {
        case .success: #expect(row.violations == nil)
        case .failure(let violations): #expect(violations.description == row.violations)
        }
    }

    @Test func defaultsAreFilledRecursively() throws {
        let schema = try JSONSchema(JSONValue(parsing: #"""
            {"type": "object",
             "properties": {
               "a": {"type": "integer"},
               "mode": {"enum": ["fast", "slow"], "default": "fast"},
               "opts": {"type": "object", "default": {}, "properties": {"depth": {"type": "integer", "default": 2}}},
               "items": {"type": "array", "items": {"properties": {"on": {"type": "boolean", "default": true}}}},
               "ref": {"$ref": "#/$defs/r"}
             },
             "$defs": {"r": {"type": "string", "default": "R"}}}
            """#))
        let result = schema.validate(try JSONValue(parsing: #"{"a": 1, "items": [{}, {"on": false}]}"#))
        #expect(try result.get().jsonText == #"{"a":1,"items":[{"on":true},{"on":false}],"mode":"fast","opts":{"depth":2},"ref":"R"}"#)
        // Present values are never replaced.
        #expect(try schema.validate(JSONValue(parsing: #"{"mode": "slow"}"#)).get()["mode"] == "slow")
    }

    @Test func anyOfTakesTheMatchingBranchDefaults() throws {
        let schema = try JSONSchema(JSONValue(parsing: #"""
            {"anyOf": [{"type": "object", "required": ["x"], "properties": {"x": {}, "d": {"default": 1}}},
                       {"type": "object", "properties": {"e": {"default": 2}}}]}
            """#))
        #expect(try schema.validate(["x": 0]).get() == ["x": 0, "d": 1])
        #expect(try schema.validate([:]).get() == ["e": 2])
    }

    @Test func reportsEveryViolation() throws {
        let schema = try JSONSchema(JSONValue(parsing: Self.args))
        let result = schema.validate(try JSONValue(parsing: #"{"b": "x", "c": 1}"#))
        guard case .failure(let failure) = result else { Issue.record("expected failure"); return }
        #expect(failure.violations.map(\.path) == ["a", "b", "c"])
    }

    @Test func describesPropertiesForOtherLayers() throws {
        let schema = try JSONSchema(JSONValue(parsing: #"""
            {"$ref": "#/$defs/args", "$defs": {
               "args": {"type": "object", "required": ["path"], "properties": {
                 "path": {"type": "string", "description": "file"},
                 "limit": {"$ref": "#/$defs/count"},
                 "json": {},
                 "flag": {"type": ["boolean", "null"], "default": null}}},
               "count": {"type": "integer", "default": 10}}}
            """#))
        #expect(schema.isObjectSchema)
        #expect(schema.properties == [
            .init(name: "path", types: [.string], isRequired: true, defaultValue: nil, description: "file"),
            .init(name: "limit", types: [.integer], isRequired: false, defaultValue: 10, description: nil),
            .init(name: "json", types: [], isRequired: false, defaultValue: nil, description: nil),
            .init(name: "flag", types: [.boolean, .null], isRequired: false, defaultValue: .null, description: nil),
        ])
        #expect(try !JSONSchema(["type": "string"]).isObjectSchema)
        #expect(try JSONSchema(["type": "string"]).properties.isEmpty)
    }

    @Test func sharedAcrossTasks() async throws {
        let schema = try JSONSchema(["type": "string", "pattern": "^[0-9]+$"])
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<16 {
                group.addTask {
                    if case .success = schema.validate(.string(String(i))) { return true }
                    return false
                }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(results)
    }
}

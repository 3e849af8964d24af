import Testing
@testable import LLMDo

@Suite struct JSONParserTests {
    @Test(arguments: [
        ("0", JSONValue.int(0)),
        ("-0", .int(0)),
        ("42", .int(42)),
        ("-17", .int(-17)),
        ("9223372036854775807", .int(.max)),
        ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", .double(9223372036854775808.0)),
        ("-9223372036854775809", .double(-9223372036854775809.0)),
        ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        ("1.5", .double(1.5)),
        ("-0.0", .double(-0.0)),
        ("0.1", .double(0.1)),
        ("3.0", .double(3.0)),
        ("1e3", .double(1000)),
        ("1E-2", .double(0.01)),
        ("2.5e+2", .double(250)),
        ("0.000001234", .double(0.000001234)),
        ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)),
        ("4.9e-324", .double(.leastNonzeroMagnitude)),
        ("1e-400", .double(0)),
        ("0.30000000000000004", .double(0.30000000000000004)),
        ("123456789.123456789", .double(123456789.123456789)),
    ])
    func numbers(text: String, expected: JSONValue) throws {
        #expect(try JSONValue(parsing: text) == expected)
    }

    @Test func numbersOutOfRangeAreRejected() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "1e400") }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "-1e400") }
    }

    @Test(arguments: [
        (#""a\"b\\c\/d\b\f\n\r\t""#, "a\"b\\c/d\u{8}\u{c}\n\r\t"),
        (#""\u00e9\u4e2d""#, "é中"),
        (#""\ud83d\ude00""#, "😀"),
        (#""x\u0000y""#, "x\u{0}y"),
        ("\"é中😀\"", "é中😀"),
    ])
    func strings(text: String, expected: String) throws {
        #expect(try JSONValue(parsing: text) == .string(expected))
    }

    @Test(arguments: [#""\ud83d""#, #""\ude00""#, #""\ud83dx""#, #""\ud83d\u0041""#])
    func unpairedSurrogatesAreRejected(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func objectsKeepKeyOrderAndLastDuplicate() throws {
        let value = try JSONValue(parsing: #"{"z": 1, "a": 2, "m": 3, "a": 4}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value["a"] == .int(4))
        #expect(value.jsonText == #"{"z":1,"a":4,"m":3}"#)
    }

    @Test func bytesAndStringInputsAgree() throws {
        let text = #"{"a": [1, 2.5, "x"], "b": {"c": null}}"#
        #expect(try JSONValue(parsing: text) == JSONValue(parsing: Array(text.utf8)))
    }

    struct ErrorCase: Sendable, CustomStringConvertible {
        var text: String
        var message: String
        var line: Int
        var column: Int
        var description: String { text }
    }

    @Test(arguments: [
        ErrorCase(text: "", message: "unexpected end of input", line: 1, column: 1),
        ErrorCase(text: "{\n  \"a\": 1,\n  \"b\" 2\n}", message: "expected ':' after an object key", line: 3, column: 7),
        ErrorCase(text: "[1, 2", message: "unterminated array", line: 1, column: 6),
        ErrorCase(text: "{\"é\": x}", message: "unexpected character 'x'", line: 1, column: 7),
        ErrorCase(text: "01", message: "leading zeros are not allowed", line: 1, column: 2),
        ErrorCase(text: "[1] 2", message: "unexpected text after the JSON value", line: 1, column: 5),
        ErrorCase(text: "\"tab\there\"", message: "unescaped control character in a string", line: 1, column: 5),
        ErrorCase(text: "tru", message: "unexpected end of input", line: 1, column: 1),
    ])
    func errorsNameLineAndColumn(_ row: ErrorCase) {
        #expect(throws: JSONParseError(message: row.message, line: row.line, column: row.column)) {
            try JSONValue(parsing: row.text)
        }
    }

    @Test func deepNestingIsRejectedNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
    }
}

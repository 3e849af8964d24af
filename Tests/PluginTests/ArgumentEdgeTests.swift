import Testing

@testable import LLMDo

/// Argument values at the edges of what a C parameter can carry (docs/plugin-abi.md,
/// "Argument edge cases"): each one reaches the plugin exactly or comes back as a retry
/// message that says what to fix.
@Suite struct ArgumentEdgeTests {
    /// Calls `echo_text` (a T_STR and a T_I64 parameter) from code and returns what the model
    /// would see: the text, or the retry message.
    static func echo(_ arguments: JSONValue) async throws -> String {
        let plugin = try Fixtures.load(try Fixtures.testPlugin())
        let output = try await runAsCode(plugin) { scope in
            do {
                return try await scope.callTool("echo_text", arguments: arguments).jsonValue
            } catch let error as ToolError where error.kind == .retry {
                return .string("retry: \(error.message)")
            }
        }
        return output.stringValue ?? output.jsonText
    }

    @Test(arguments: [
        // 2^63, as the parser reads the literal 9223372036854775808; the message shows JSON.
        (JSONValue.double(9_223_372_036_854_775_808), "9.223372036854776e+18"),
        (JSONValue.double(1e20), "1e+20"),
        (JSONValue.double(-1e19), "-1e+19"),
    ])
    func wholeNumbersOutsideInt64AreOutOfRange(_ count: JSONValue, _ shown: String) async throws {
        let text = try await Self.echo(["text": "x", "count": count])
        #expect(text == "retry: argument 'count' is \(shown), out of range for int64 (-9223372036854775808…9223372036854775807)")
    }

    @Test func theParserReadsTwoToThe63AsADouble() throws {
        #expect(try JSONValue(parsing: "9223372036854775808") == .double(9_223_372_036_854_775_808))
    }

    @Test func int64BoundsAndWholeDoublesPassExactly() async throws {
        #expect(try await Self.echo(["text": "max", "count": .int(Int64.max)]) == "max|9223372036854775807")
        #expect(try await Self.echo(["text": "min", "count": .int(Int64.min)]) == "min|-9223372036854775808")
        #expect(try await Self.echo(["text": "k", "count": .double(1e3)]) == "k|1000")
    }

    @Test func nulInAStringIsRefusedWithARetry() async throws {
        let text = try await Self.echo(["text": "a\u{0}b", "count": 1])
        #expect(text == "retry: argument 'text' contains a NUL character (U+0000), which the tool cannot receive; send the text without it")
    }

    @Test func explicitNullForATypedParameterIsAValidationRetry() async throws {
        let text = try await Self.echo(["text": .null, "count": 1])
        #expect(text.hasPrefix("retry: invalid arguments: "))
        #expect(text.contains("text"))
    }

    @Test func loneSurrogatesNeverReachAPlugin() throws {
        // Model arguments and call_tool JSON are parsed first; an unpaired surrogate is invalid JSON.
        #expect(throws: (any Error).self) { try JSONValue(parsing: #"{"text":"\ud800","count":1}"#) }
    }
}

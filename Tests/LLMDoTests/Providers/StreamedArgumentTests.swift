import Testing
@testable import LLMDo

/// Long tool arguments streamed in tiny deltas arrive intact (the speed of their merging is a
/// benchmark: Benchmarks/LLMDoBench/StreamMergeBench.swift).
@Suite("Provider: streamed tool arguments")
struct StreamedArgumentTests {
    /// A JSON argument of about `size` bytes: quotes, backslash escapes and newlines included.
    static func argument(size: Int) -> String {
        let line = #"line \"quoted\" and \\ back\n"#
        return #"{"path":"big.txt","content":""# + String(repeating: line, count: size / line.utf8.count) + #""}"#
    }

    /// An SSE stream that sends `argument` in 16-byte pieces (it is ASCII, so no character is split).
    static func stream(_ provider: String, argument: String) -> [UInt8] {
        let openAI = provider == "openai"
        var sse: [UInt8] = []
        func event(_ json: String) { sse += Array("data: \(json)\n\n".utf8) }
        if openAI {
            event(#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"write","arguments":""}}]}}]}"#)
        } else {
            event(#"{"type":"message_start","message":{"model":"m","role":"assistant","content":[],"usage":{}}}"#)
            event(#"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"write","input":{}}}"#)
        }
        let (before, after) =
            openAI
            ? (Array(#"data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"#.utf8), Array("}}]}}]}\n\n".utf8))
            : (Array(#"data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"#.utf8), Array("}}\n\n".utf8))
        let bytes = Array(argument.utf8)
        for start in stride(from: 0, to: bytes.count, by: 16) {
            sse += before
            JSONValue.string(String(decoding: bytes[start..<min(bytes.count, start + 16)], as: UTF8.self)).write(into: &sse)
            sse += after
        }
        if openAI {
            event(#"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#)
            event("[DONE]")
        } else {
            event(#"{"type":"message_delta","delta":{"stop_reason":"tool_use"}}"#)
            event(#"{"type":"message_stop"}"#)
        }
        return sse
    }

    @Test(arguments: ["openai", "anthropic"])
    func twoMebibyteArgumentInSixteenByteDeltasArrivesIntact(provider: String) async throws {
        let argument = Self.argument(size: 2 << 20)
        let sse = Self.stream(provider, argument: argument)
        let harness = try ProviderHarness(provider) { _, _ in LoopbackServer.stream(sse, piece: 64 << 10) }
        let response = try await harness.respond(.user("x"))
        let call = try #require(response.message.toolCalls.first)
        #expect(response.message.toolCalls.count == 1 && call.name == "write")
        #expect(call.arguments.json == (try JSONValue(parsing: Array(argument.utf8))))
        #expect(argument.utf8.count > (2 << 20) - 100)
    }
}

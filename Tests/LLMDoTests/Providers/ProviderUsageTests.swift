import Testing
@testable import LLMDo

/// Token counts a server may send, however absurd: never a crash (Swift traps on overflow),
/// sums saturate, and a count that is not a whole number ≥ 0 is refused naming its field.
@Suite("Provider: token counts")
struct ProviderUsageTests {
    static let huge = "4611686018427387904"  // 2^62: two of them overflow Int

    /// One answer "hi" whose usage object is `usage`, from `provider`, streamed or not.
    static func answer(_ provider: String, streamed: Bool, usage: String) -> [LoopbackServer.Step] {
        switch (provider, streamed) {
        case ("openai", false):
            return LoopbackServer.reply(status: 200, json: """
                {"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":\(usage)}
                """)
        case ("openai", true):
            return LoopbackServer.stream(Array("""
                data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}

                data: {"choices":[],"usage":\(usage)}

                data: [DONE]


                """.utf8))
        case (_, false):
            return LoopbackServer.reply(status: 200, json: """
                {"type":"message","model":"m","role":"assistant","content":[{"type":"text","text":"hi"}],"stop_reason":"end_turn","usage":\(usage)}
                """)
        default:
            return LoopbackServer.stream(Array("""
                event: message_start
                data: {"type":"message_start","message":{"model":"m","role":"assistant","content":[],"usage":\(usage)}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":\(usage)}

                event: message_stop
                data: {"type":"message_stop"}


                """.utf8))
        }
    }

    static let cases = [("openai", false), ("openai", true), ("anthropic", false), ("anthropic", true)]

    static func bigUsage(_ provider: String) -> String {
        provider == "openai"
            ? #"{"prompt_tokens":\#(huge),"completion_tokens":\#(huge)}"#
            : #"{"input_tokens":\#(huge),"output_tokens":\#(huge)}"#
    }

    @Test(arguments: cases)
    func hugeCountsSaturateInsteadOfCrashing(provider: String, streamed: Bool) async throws {
        let harness = try ProviderHarness(provider) { _, _ in Self.answer(provider, streamed: streamed, usage: Self.bigUsage(provider)) }
        let response = try await harness.respond(.user("x"))
        #expect(response.message.text == "hi")
        #expect(response.usage.inputTokens == 1 << 62 && response.usage.outputTokens == 1 << 62)
        #expect(response.usage.totalTokens == Int.max)
        let twice = response.usage + response.usage
        #expect(twice.inputTokens == Int.max && twice.requests == 2)
    }

    /// A negative, fractional, out-of-range or non-numeric count fails the request naming the field.
    @Test(arguments: cases)
    func invalidCountsAreRefusedNamingTheField(provider: String, streamed: Bool) async throws {
        let bad: [(usage: String, field: String)] =
            provider == "openai"
            ? [
                (#"{"prompt_tokens":\#(Self.huge),"prompt_tokens_details":{"cached_tokens":-1}}"#, "usage.prompt_tokens_details.cached_tokens"),
                (#"{"prompt_tokens":1e300,"completion_tokens":1}"#, "usage.prompt_tokens"),
                (#"{"prompt_tokens":1,"completion_tokens":"many"}"#, "usage.completion_tokens"),
            ]
            : [
                (#"{"input_tokens":\#(Self.huge),"cache_read_input_tokens":-1}"#, "usage.cache_read_input_tokens"),
                (#"{"input_tokens":2.5,"output_tokens":1}"#, "usage.input_tokens"),
                (#"{"input_tokens":1,"output_tokens":-9223372036854775808}"#, "usage.output_tokens"),
            ]
        for (usage, field) in bad {
            let harness = try ProviderHarness(provider) { _, _ in Self.answer(provider, streamed: streamed, usage: usage) }
            let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
            #expect(error.kind == .malformedResponse && !error.isRetryable)
            #expect(error.message.hasPrefix("\(field) is "), "\(error)")
            #expect(harness.server.requests.count == 1)
        }
    }

    /// Through a whole run: the run's usage, the runtime's totals and the limit checks saturate.
    @Test(arguments: ["openai", "anthropic"])
    func runTotalsAndLimitsSaturate(provider: String) async throws {
        let server = try LoopbackServer { _, number in Self.answer(provider, streamed: number % 2 == 0, usage: Self.bigUsage(provider)) }
        let worker = WorkerSpec(
            name: "main", description: "Main.", isEntry: true, model: "\(provider):m", toolsetRefs: [],
            instructions: "Be brief.", file: "main.worker")
        let environment = [
            "OPENAI_BASE_URL": server.baseURL + "/v1", "ANTHROPIC_BASE_URL": server.baseURL, "ANTHROPIC_API_KEY": "k",
        ]
        let runtime = Runtime(program: try makeProgram([worker]), options: RuntimeOptions(environment: environment))
        let first = try await runtime.run(input: "Hi")
        #expect(first.output == "hi")
        #expect(first.usage.totalTokens == Int.max && first.usage.inputTokens == 1 << 62)
        _ = try await runtime.run(input: "Hi")
        #expect(runtime.totalUsage.inputTokens == Int.max && runtime.totalUsage.requests == 2)

        var config = RuntimeConfig()
        config.usageLimits = UsageLimits(maxTotalTokens: 1000)
        let limited = Runtime(program: try makeProgram([worker], runtime: config), options: RuntimeOptions(environment: environment))
        let error = try await #require(throws: RunError.self) { try await limited.run(input: "Hi") }
        #expect(error.kind == .usageLimitExceeded && error.description.contains("\(Int.max) tokens"))
    }
}

import Testing
@testable import LLMDo

/// What one model request may take: bytes (response body and headers) and time (a deadline
/// over every attempt). Each limit ends the request once, with an error naming it.
@Suite("Provider: size and time limits")
struct ProviderLimitTests {
    /// An OpenAI stream of `count` text deltas of `piece` characters each, then `[DONE]`.
    static func openAITextStream(deltas count: Int, piece: Int) -> [UInt8] {
        let text = String(repeating: "a", count: piece)
        var sse = ""
        for _ in 0..<count { sse += "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\(text)\"}}]}\n\n" }
        return Array((sse + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n").utf8)
    }

    static func anthropicTextStream(deltas count: Int, piece: Int) -> [UInt8] {
        let text = String(repeating: "a", count: piece)
        var sse = """
            event: message_start
            data: {"type":"message_start","message":{"model":"m","role":"assistant","content":[],"usage":{}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}


            """
        for _ in 0..<count {
            sse += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\(text)\"}}\n\n"
        }
        sse += "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
        return Array(sse.utf8)
    }

    @Test(arguments: ["openai", "anthropic"])
    func streamedAnswerPastTheLimitEndsWithAnErrorNamingIt(provider: String) async throws {
        let sse = provider == "openai" ? Self.openAITextStream(deltas: 2000, piece: 100) : Self.anthropicTextStream(deltas: 2000, piece: 100)
        let harness = try ProviderHarness(provider, configure: { $0.maxResponseBytes = 64 << 10 }) { _, _ in
            LoopbackServer.stream(sse, piece: 4096)
        }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.kind == .responseTooLarge && !error.isRetryable)
        #expect(error.description.contains("the limit of 65536 bytes per response; set LLMDO_MAX_RESPONSE_BYTES"), "\(error)")
        #expect(harness.server.requests.count == 1)
        #expect(harness.events.text().utf8.count < 64 << 10)
    }

    /// A plain JSON body past the limit names the limit (it was cut silently at 16 MiB and then
    /// reported as an unterminated string); one over 16 MiB but within the limit arrives whole.
    @Test func plainBodyPastTheLimitNamesItAndOneOver16MiBArrivesWhole() async throws {
        let text = String(repeating: "b", count: (16 << 20) + 100)
        let json = #"{"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"\#(text)"},"finish_reason":"stop"}]}"#
        let whole = try ProviderHarness("openai") { _, _ in LoopbackServer.reply(status: 200, json: json) }
        #expect(try await whole.respond(.user("x")).message.text.utf8.count == text.utf8.count)

        let limited = try ProviderHarness("openai", configure: { $0.maxResponseBytes = 1 << 20 }) { _, _ in
            LoopbackServer.reply(status: 200, json: json)
        }
        let error = try await #require(throws: ModelError.self) { try await limited.respond(.user("x")) }
        #expect(error.kind == .responseTooLarge && error.message.contains("1048576 bytes (1 MiB)"), "\(error)")
        #expect(limited.server.requests.count == 1)
    }

    /// One giant header line (libcurl refuses it) or many that add up: one clear error, no retry.
    @Test(arguments: [1, 4000])
    func oversizedHeadersFailOnceWithoutRetry(lines: Int) async throws {
        let value = String(repeating: "h", count: (1 << 20) / lines)
        var head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n"
        for index in 0..<lines { head += "x-filler-\(index): \(value)\r\n" }
        let bytes = Array((head + "\r\n{}").utf8)
        let harness = try ProviderHarness("openai") { _, _ in [.write(bytes)] }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.kind == .responseTooLarge && !error.isRetryable, "\(error)")
        #expect(error.description.contains("response too large: ") && error.message.contains("headers"))
        #expect(harness.server.requests.count == 1 && harness.events.events(of: RetryEvent.self).isEmpty)
    }

    /// A server that sends one byte after another, never finishing, is cut off by the deadline.
    @Test func drippingServerIsCutOffByTheRequestDeadline() async throws {
        let harness = try ProviderHarness("openai", configure: { $0.requestTimeout = 1 }) { _, _ in
            var steps = LoopbackServer.stream([], piece: 1, end: false)  // the head only
            for _ in 0..<300 { steps += [.write(Array("1\r\n:\r\n".utf8)), .sleep(0.1)] }  // an SSE comment byte
            return steps
        }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.kind == .timeout && !error.isRetryable)
        #expect(error.message == "no complete answer within 1 s (the model request deadline, LLMDO_REQUEST_TIMEOUT)")
        #expect(harness.server.requests.count == 1 && harness.events.events(of: RetryEvent.self).isEmpty)
    }

    /// A server that never answers fails once, at the deadline, not once per attempt.
    @Test func silentServerFailsOnceAtTheDeadline() async throws {
        let harness = try ProviderHarness("anthropic", configure: { $0.requestTimeout = 0.5; $0.idleTimeout = 30 }) { _, _ in
            [.sleep(30)]
        }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.kind == .timeout && error.message.hasPrefix("no complete answer within 0.5 s"), "\(error)")
        #expect(harness.server.requests.count == 1 && harness.events.events(of: RetryEvent.self).isEmpty)
    }

    /// A retry whose wait would pass the deadline is not attempted.
    @Test func retryThatWouldPassTheDeadlineIsNotAttempted() async throws {
        let harness = try ProviderHarness("anthropic", configure: { $0.requestTimeout = 5 }) { _, _ in
            LoopbackServer.reply(status: 429, json: #"{"error":{"type":"rate_limit_error","message":"slow down"}}"#, headers: ["retry-after": "30"])
        }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.kind == .timeout && error.errorType == "rate_limit_error")
        #expect(error.message.contains("slow down; no time left to retry within 5 s"), "\(error)")
        #expect(harness.server.requests.count == 1 && harness.events.events(of: RetryEvent.self).isEmpty)
    }

    @Test func limitsComeFromTheEnvironmentAndBadValuesAreNamed() throws {
        let options = ProviderOptions(environment: ["LLMDO_REQUEST_TIMEOUT": "90", "LLMDO_MAX_RESPONSE_BYTES": "1000"])
        #expect(options.requestTimeout == 90 && options.maxResponseBytes == 1000)
        let defaults = ProviderOptions(environment: [:])
        #expect(defaults.requestTimeout == 600 && defaults.maxResponseBytes == 64 << 20)
        for (name, value) in [("LLMDO_REQUEST_TIMEOUT", "soon"), ("LLMDO_REQUEST_TIMEOUT", "-1"), ("LLMDO_MAX_RESPONSE_BYTES", "0")] {
            let bad = ProviderOptions(environment: [name: value, "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"])
            let error = #expect(throws: ModelError.self) { try makeProviderModel(provider: "openai", model: "m", options: bad) }
            #expect(error?.kind == .configuration && error?.message.hasPrefix("\(name) is '\(value)'") == true)
        }
    }
}

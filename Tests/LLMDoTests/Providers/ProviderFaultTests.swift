import Foundation
import Testing
@testable import LLMDo

/// Faults injected by the loopback server: each one recovers or fails clearly. Tests assert
/// what happened (attempts, events, error kinds), never how long it took.
@Suite("Provider: faults and retries")
struct ProviderFaultTests {
    static let text = (try? Fixture.bytes("anthropic_stream_text", "response.sse")) ?? []

    /// First `failures` requests get `fault`, later ones the recorded text stream.
    static func failing(_ failures: Int, with fault: @escaping @Sendable () -> [LoopbackServer.Step]) -> LoopbackServer.Handler {
        { _, number in number < failures ? fault() : LoopbackServer.stream(text) }
    }

    @Test func rateLimitHonoursRetryAfter() async throws {
        let body = try Fixture.bytes("anthropic_error_429_rate_limit", "response.json")
        let harness = try ProviderHarness("anthropic", handler: Self.failing(1) {
            LoopbackServer.reply(status: 429, body: body, headers: ["retry-after": "0.2"])
        })
        _ = try await harness.respond(.user("x"))
        let retry = try #require(harness.events.events(of: RetryEvent.self).first)
        #expect(retry.attempt == 1 && retry.limit == 2 && retry.delay == 0.2)  // the wait used is the server's
        #expect(retry.reason.contains("429") && retry.reason.contains("rate_limit_error"))
        #expect(harness.server.requests.count == 2)
    }

    @Test(arguments: [("anthropic_error_529_overloaded", 529), ("anthropic_error_429_rate_limit", 500), ("openai_error_429_tpm", 503)])
    func serverErrorsAreRetried(fixture: String, status: Int) async throws {
        let body = try Fixture.bytes(fixture, "response.json")
        let harness = try ProviderHarness("anthropic", handler: Self.failing(2) {
            LoopbackServer.reply(status: status, body: body, headers: ["retry-after-ms": "5"])
        })
        let response = try await harness.respond(.user("x"))
        #expect(!response.message.text.isEmpty)
        #expect(harness.events.events(of: RetryEvent.self).map(\.attempt) == [1, 2])
    }

    @Test func retriesAreBoundedAndTheLastErrorIsReported() async throws {
        let body = try Fixture.bytes("anthropic_error_529_overloaded", "response.json")
        let harness = try ProviderHarness("anthropic", configure: { $0.maxRetries = 3 }) { _, _ in
            LoopbackServer.reply(status: 529, body: body)
        }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.status == 529 && error.errorType == "overloaded_error")
        #expect(harness.server.requests.count == 4)
        #expect(harness.events.events(of: RetryEvent.self).count == 3)
    }

    @Test(arguments: [
        ("anthropic", "anthropic_error_404_model", 404), ("anthropic", "anthropic_error_401_auth", 401),
        ("anthropic", "anthropic_error_400_prompt_too_long", 400), ("openai", "openai_error_404_model", 404),
        ("openai", "openai_error_401_invalid_api_key", 401), ("openai", "groq_error_400_tool_use_failed", 400),
    ])
    func clientErrorsAreNotRetriedAndNameEverything(provider: String, fixture: String, status: Int) async throws {
        let harness = try ProviderHarness(provider, model: "some-model") { _, _ in
            LoopbackServer.reply(status: status, body: (try? Fixture.bytes(fixture, "response.json")) ?? [])
        }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        let providerMessage = try #require(Fixture.json(fixture, "response.json")["error"]?["message"]?.stringValue)
        #expect(error.status == status && !error.isRetryable)
        #expect(error.description.hasPrefix("\(provider):some-model: HTTP \(status) "))
        #expect(error.description.contains(providerMessage))
        #expect(harness.server.requests.count == 1)
        #expect(harness.events.events(of: RetryEvent.self).isEmpty)
    }

    @Test func connectionResetMidStreamIsRetried() async throws {
        let half = Array(Self.text.prefix(Self.text.count / 2))
        let harness = try ProviderHarness("anthropic", handler: Self.failing(1) {
            LoopbackServer.stream(half, end: false) + [.sleep(0.05), .reset]
        })
        let response = try await harness.respond(.user("x"))
        #expect(response.message.text.hasPrefix("- Captain"))
        #expect(harness.events.events(of: RetryEvent.self).first?.reason.contains("connection") == true)
    }

    @Test func refusedConnectionFailsClearlyAfterRetries() async throws {
        let harness = try ProviderHarness("anthropic", environment: ["ANTHROPIC_BASE_URL": "http://127.0.0.1:9"]) { _, _ in [] }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.kind == .connection)
        #expect(harness.events.events(of: RetryEvent.self).count == 2)
    }

    @Test func stalledStreamHitsTheIdleTimeout() async throws {
        let harness = try ProviderHarness("anthropic", configure: { $0.idleTimeout = 0.3; $0.maxRetries = 0 }) { _, _ in
            LoopbackServer.stream(Array(Self.text.prefix(300)), end: false) + [.sleep(30)]
        }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.kind == .timeout && error.message == "no data received for 0.3 s")  // the idle limit, not the server's end
    }

    @Test func longRetryAfterIsCappedAndTheWaitIsReported() async throws {
        let body = try Fixture.bytes("anthropic_error_429_rate_limit", "response.json")
        let harness = try ProviderHarness("anthropic", configure: { $0.maxRetryAfter = 0.05 }, handler: Self.failing(1) {
            LoopbackServer.reply(status: 429, body: body, headers: ["retry-after": "3600"])
        })
        _ = try await harness.respond(.user("x"))
        let retry = try #require(harness.events.events(of: RetryEvent.self).first)
        #expect(retry.what == "model request" && retry.attempt == 1 && retry.limit == 2 && retry.delay == 0.05)
        #expect(retry.reason.contains("the server asked to wait 3600 s, capped at 0.05 s"), "\(retry.reason)")
        #expect(harness.server.requests.count == 2)
    }

    /// A stream that breaks after text reached the caller is not retried: the text would be shown twice.
    @Test(arguments: ["anthropic", "openai"])
    func streamBrokenAfterTextIsNotRetried(provider: String) async throws {
        let shown = "- Captain\n- Scoop"
        let sse: [UInt8] =
            provider == "anthropic"
            ? Array(Self.text[..<(try #require(Self.text.firstRange(of: Array("event: content_block_stop".utf8))).lowerBound)])
            : Array("""
                data: {"choices":[{"index":0,"delta":{"content":"- Captain"}}]}

                data: {"choices":[{"index":0,"delta":{"content":"\\n- Scoop"}}]}


                """.utf8)
        let harness = try ProviderHarness(provider) { _, _ in LoopbackServer.stream(sse, end: false) + [.sleep(0.05), .reset] }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(harness.events.text() == shown)
        #expect(error.message.contains("not retried") && !error.isRetryable, "\(error)")
        #expect(harness.server.requests.count == 1 && harness.events.events(of: RetryEvent.self).isEmpty)
    }

    /// Nor after a server-side tool started: it would run twice.
    @Test func streamBrokenAfterAServerToolStartedIsNotRetried() async throws {
        let sse = """
            event: message_start
            data: {"type":"message_start","message":{"model":"m","role":"assistant","content":[],"usage":{}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}


            """
        let harness = try ProviderHarness("anthropic") { _, _ in LoopbackServer.stream(Array(sse.utf8), end: false) + [.sleep(0.05), .reset] }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.message.contains("not retried") && harness.events.text().isEmpty, "\(error)")
        #expect(harness.server.requests.count == 1 && harness.events.events(of: RetryEvent.self).isEmpty)
    }

    @Test func streamEndingBeforeAnyTextIsRetriedThenReported() async throws {
        let boundary = try #require(Self.text.firstRange(of: Array("event: content_block_delta".utf8))).lowerBound
        let harness = try ProviderHarness("anthropic", configure: { $0.maxRetries = 1 }) { _, _ in
            LoopbackServer.stream(Array(Self.text[..<boundary]))
        }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.kind == .stream && error.message.contains("message_stop"))
        #expect(harness.server.requests.count == 2)

        let cutInsideAnEvent = try ProviderHarness("anthropic", configure: { $0.maxRetries = 0 }) { _, _ in
            LoopbackServer.stream(Array(Self.text[..<(boundary - 20)]))
        }
        let cut = try await #require(throws: ModelError.self) { try await cutInsideAnEvent.respond(.user("x")) }
        #expect(cut.kind == .stream && cut.isRetryable)
    }

    @Test func openAIStreamWithoutDoneIsAnError() async throws {
        let sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"par\"}}]}\n\n"
        let harness = try ProviderHarness("openai", configure: { $0.maxRetries = 0 }) { _, _ in LoopbackServer.stream(Array(sse.utf8)) }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.kind == .stream)
    }

    @Test func overloadedErrorEventIsRetried() async throws {
        let errorStream = try Fixture.bytes("anthropic_stream_error_event_overloaded", "response.sse")
        let harness = try ProviderHarness("anthropic", handler: Self.failing(1) { LoopbackServer.stream(errorStream) })
        _ = try await harness.respond(.user("x"))
        #expect(harness.events.events(of: RetryEvent.self).first?.reason.contains("overloaded_error") == true)

        let failing = try ProviderHarness("anthropic", configure: { $0.maxRetries = 0 }) { _, _ in LoopbackServer.stream(errorStream) }
        let error = try await #require(throws: ModelError.self) { try await failing.respond(.user("x")) }
        #expect(error.kind == .stream && error.errorType == "overloaded_error" && error.message == "Overloaded")
    }

    @Test func malformedJSONInAChunkFailsWithoutRetry() async throws {
        let sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{}}}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\n\n"
        let harness = try ProviderHarness("anthropic") { _, _ in LoopbackServer.stream(Array(sse.utf8)) }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.kind == .malformedResponse && error.message.contains("content_block_start"))
        #expect(harness.server.requests.count == 1)
    }

    @Test func errorObjectWithStatus200IsTheProvidersError() async throws {
        let harness = try ProviderHarness("anthropic") { _, _ in
            LoopbackServer.reply(status: 200, json: #"{"type":"error","error":{"type":"api_error","message":"Internal"}}"#)
        }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.errorType == "api_error" && error.message == "Internal")
    }

    /// Cancellation, not a time limit, ends a stalled stream (a timeout would end it as ModelError).
    @Test func cancellationAbortsAStalledStream() async throws {
        let harness = try ProviderHarness("anthropic", configure: { $0.idleTimeout = 30; $0.requestTimeout = 30; $0.maxRetries = 0 }) { _, _ in
            LoopbackServer.stream(Array(Self.text.prefix(300)), end: false) + [.sleep(60)]
        }
        let task = Task { try await harness.respond(.user("x")) }
        while harness.server.requests.isEmpty { try await Task.sleep(nanoseconds: 10_000_000) }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(harness.events.events(of: RetryEvent.self).isEmpty)
    }

    @Test func missingKeysAreReportedBeforeAnyRequest() throws {
        let options = ProviderOptions(environment: [:])
        let anthropic = #expect(throws: ModelError.self) { try makeProviderModel(provider: "anthropic", model: "m", options: options) }
        #expect(anthropic?.kind == .missingAPIKey && anthropic?.variable == "ANTHROPIC_API_KEY")
        #expect(anthropic?.description.contains("ANTHROPIC_API_KEY") == true)
        let openAI = #expect(throws: ModelError.self) { try makeProviderModel(provider: "openai", model: "m", options: options) }
        #expect(openAI?.variable == "OPENAI_API_KEY")
        // A compatible server needs no key; Ollama never does; unknown providers are nil.
        #expect(try makeProviderModel(provider: "openai", model: "m", options: ProviderOptions(environment: ["OPENAI_BASE_URL": "http://127.0.0.1:8080/v1"])) != nil)
        #expect(try makeProviderModel(provider: "ollama", model: "m", options: options)?.name == "ollama:m")
        #expect(try makeProviderModel(provider: "nonesuch", model: "m", options: options) == nil)
    }

    @Test func apiKeysNeverAppearInEventsOrErrors() async throws {
        for provider in ["anthropic", "openai"] {
            let key = provider == "anthropic" ? ProviderHarness.anthropicKey : ProviderHarness.openAIKey
            let harness = try ProviderHarness(provider, configure: { $0.maxRetries = 1 }) { _, _ in
                LoopbackServer.reply(status: 503, json: #"{"error":{"type":"auth","message":"Bad key provided: \#(key)"}}"#)
            }
            let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
            #expect(harness.server.requests.first.map { ($0.header("x-api-key") ?? $0.header("authorization") ?? "").contains(key) } == true)
            #expect(!error.description.contains(key) && error.description.contains("[redacted]"))
            #expect(!harness.events.events(of: DebugEvent.self).isEmpty)
            for event in harness.events.events { #expect(!String(describing: event).contains(key), "\(provider) leaked in \(event)") }
        }
    }
}

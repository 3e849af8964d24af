import CCurl
import Foundation
import Testing
@testable import LLMDo

@Suite("HTTP: curl engine")
struct CurlEngineTests {
    static let text = (try? Fixture.bytes("anthropic_stream_text", "response.sse")) ?? []

    @Test func plainGetAndStreamedBody() async throws {
        let server = try LoopbackServer { _, _ in LoopbackServer.stream(Array("hello world".utf8), piece: 2) }
        let response = try await CurlEngine.shared.get().perform(HTTPRequest(method: "GET", url: server.baseURL + "/x"))
        #expect(response.head.status == 200)
        #expect(response.head.header("content-type") == "text/event-stream")
        #expect(try await response.collectBody() == Array("hello world".utf8))
        #expect(server.requests.first?.method == "GET")
    }

    @Test func connectionsAreReused() async throws {
        let server = try LoopbackServer { _, _ in LoopbackServer.reply(status: 200, json: "{}") }
        for _ in 0..<5 {
            let response = try await CurlEngine.shared.get().perform(HTTPRequest(url: server.baseURL + "/", body: Array("{}".utf8)))
            _ = try await response.collectBody()
        }
        #expect(server.requests.count == 5)
        // Usually 1; other suites' transfers running at the same time may evict one from the cache.
        #expect(server.connectionCount < 5)
    }

    @Test func manyConcurrentStreamsShareOneThread() async throws {
        let server = try LoopbackServer { _, _ in LoopbackServer.stream(Self.text, piece: 200) }
        let options = ProviderOptions(environment: ["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": server.baseURL])
        let model = try #require(try makeProviderModel(provider: "anthropic", model: "m", options: options))
        let context = ModelContext(workerName: "w", depth: 0, events: NullEventSink())
        let texts = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<64 { group.addTask { try await model.respond(to: .user("x"), context: context).message.text } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(texts.count == 64 && Set(texts).count == 1)
        let curlThreads = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").filter { task in
            (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?.hasPrefix("llmdo-curl") == true
        }
        #expect(curlThreads.count == 1)
    }

    @Test func proxyFromTheEnvironmentIsUsed() async throws {
        let proxied = try LoopbackServer { _, _ in LoopbackServer.stream(Self.text) }
        let options = ProviderOptions(environment: [
            "ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "http://api.example.invalid", "HTTP_PROXY": proxied.baseURL,
        ])
        let model = try #require(try makeProviderModel(provider: "anthropic", model: "m", options: options))
        _ = try await model.respond(to: .user("x"), context: ModelContext(workerName: "w", depth: 0, events: NullEventSink()))
        #expect(proxied.requests.first?.target == "http://api.example.invalid/v1/messages")
    }

    @Test func noProxyBypassesTheProxy() async throws {
        let server = try LoopbackServer { _, _ in LoopbackServer.stream(Self.text) }
        let options = ProviderOptions(environment: [
            "ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": server.baseURL, "HTTP_PROXY": "http://127.0.0.1:9",
            "NO_PROXY": "127.0.0.1",
        ])
        let model = try #require(try makeProviderModel(provider: "anthropic", model: "m", options: options))
        _ = try await model.respond(to: .user("x"), context: ModelContext(workerName: "w", depth: 0, events: NullEventSink()))
        #expect(server.requests.first?.target == "/v1/messages")
    }

    /// Every curl_multi_* result goes through one check; a failure names the call and libcurl's reason.
    /// (A refused add_handle cannot be provoked from outside: the engine owns every easy handle.)
    @Test func multiResultsAreCheckedAndNamed() throws {
        _ = try CurlEngine.shared.get()  // loads libcurl
        #expect(CurlEngine.check(CURLM_OK, "curl_multi_perform") == nil)
        let failure = try #require(CurlEngine.check(CURLM_OUT_OF_MEMORY, "curl_multi_add_handle"))
        #expect(failure.kind == .transport && failure.message == "curl_multi_add_handle failed: Out of memory")
    }
}

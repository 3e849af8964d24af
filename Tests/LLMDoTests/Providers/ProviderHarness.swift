import Foundation
import Testing
@testable import LLMDo

/// A loopback server plus a provider model pointed at it, with short timeouts and backoff.
struct ProviderHarness {
    static let anthropicKey = "sk-ant-test-0123456789abcdef"
    static let openAIKey = "sk-test-fedcba9876543210"

    let server: LoopbackServer
    let events = RecordingEventSink()
    let model: any Model

    /// - Parameters:
    ///   - provider: `anthropic`, `openai` or `ollama`.
    ///   - configure: adjusts the options (retries, timeouts) after the test defaults.
    init(
        _ provider: String, model name: String = "test-model", environment: [String: String] = [:],
        configure: (inout ProviderOptions) -> Void = { _ in }, handler: @escaping LoopbackServer.Handler
    ) throws {
        server = try LoopbackServer(handler)
        var env = [
            "ANTHROPIC_API_KEY": Self.anthropicKey, "ANTHROPIC_BASE_URL": server.baseURL,
            "OPENAI_API_KEY": Self.openAIKey, "OPENAI_BASE_URL": server.baseURL + "/v1",
            "OLLAMA_BASE_URL": server.baseURL + "/v1",
        ]
        env.merge(environment) { $1 }
        var options = ProviderOptions(environment: env)
        options.maxRetries = 2
        options.initialBackoff = 0.01
        options.maxBackoff = 0.05
        options.connectTimeout = 2
        options.idleTimeout = 2
        configure(&options)
        let made = try makeProviderModel(provider: provider, model: name, options: options)
        model = try #require(made)
    }

    var context: ModelContext { ModelContext(workerName: "tester", depth: 0, events: events) }

    func respond(_ request: ModelRequest) async throws -> ModelResponse {
        try await model.respond(to: request, context: context)
    }

    /// The JSON bodies the server received, in order.
    var bodies: [JSONValue] { server.requests.map(\.json) }
}

extension ModelRequest {
    static func user(_ text: String, tools: [ToolDefinition] = []) -> ModelRequest {
        ModelRequest(system: "", messages: [.user(text)], tools: tools)
    }
}

/// Replays one recorded SSE stream for every request.
func replaying(_ fixture: String, piece: Int? = 7) -> LoopbackServer.Handler {
    let body = (try? Fixture.bytes(fixture, "response.sse")) ?? []
    return { _, _ in LoopbackServer.stream(body, piece: piece) }
}

/// Replays a recorded JSON response (status from its meta file) for every request.
func replayingJSON(_ fixture: String, headers: [String: String] = [:]) -> LoopbackServer.Handler {
    let body = (try? Fixture.bytes(fixture, "response.json")) ?? []
    let status = (try? Fixture.json(fixture, "meta.json"))?["status"]?.int64Value.map(Int.init) ?? 200
    return { _, _ in LoopbackServer.reply(status: status, body: body, headers: headers) }
}

extension JSONValue {
    /// An array element, for reading recorded bodies in tests.
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}

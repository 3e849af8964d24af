import Synchronization

/// A model behind the OpenAI Chat Completions API: `openai:MODEL` (OpenAI itself or any
/// compatible server at `OPENAI_BASE_URL`) and `ollama:MODEL` (`OLLAMA_BASE_URL`, default
/// `http://localhost:11434/v1`, no key).
///
/// Answers are streamed. A server that cannot stream tool calls (llama.cpp answers a streamed
/// request that offers tools with an empty 200 body, older versions with HTTP 500 "Cannot use
/// tools with stream") is asked again without streaming, and this model stops streaming
/// requests with tools from then on (a warning event says so). ``ProviderOptions/streamWithTools``
/// sets the behaviour up front.
struct OpenAIModel: Model {
    let name: String
    private let model: String
    private let client: ProviderClient
    /// api.openai.com itself (it wants `max_completion_tokens`).
    private let official: Bool
    private let options: ProviderOptions
    /// Set once the server has shown it cannot stream tool calls.
    private let toolStreamingBroken = ToolStreamingState()

    private final class ToolStreamingState: Sendable {
        let broken = Atomic<Bool>(false)
    }

    /// A streamed request with tools got nothing usable back.
    private struct ToolStreamingUnsupported: Error {}

    /// `openai:MODEL`: a key is required for api.openai.com, optional for other servers.
    ///
    /// - Throws: ``ModelError`` naming `OPENAI_API_KEY` when it is needed and not set.
    init(openAI model: String, options: ProviderOptions) throws {
        let base = baseURL("OPENAI_BASE_URL", default: "https://api.openai.com/v1", options: options)
        let official = base.contains("://api.openai.com")
        let key =
            official
            ? try requireAPIKey("OPENAI_API_KEY", provider: "openai", model: model, options: options)
            : options.value("OPENAI_API_KEY")
        self.init(provider: "openai", model: model, base: base, key: key, official: official, options: options)
    }

    /// `ollama:MODEL`.
    init(ollama model: String, options: ProviderOptions) throws {
        let base = baseURL("OLLAMA_BASE_URL", default: "http://localhost:11434/v1", options: options)
        self.init(provider: "ollama", model: model, base: base, key: nil, official: false, options: options)
    }

    private init(provider: String, model: String, base: String, key: String?, official: Bool, options: ProviderOptions) {
        self.model = model
        self.official = official
        self.options = options
        name = "\(provider):\(model)"
        client = ProviderClient(
            provider: provider, model: model, url: base + "/chat/completions",
            headers: key.map { [("authorization", "Bearer \($0)")] } ?? [], options: options,
            redactor: Redactor(secrets: key.map { [$0] } ?? []))
    }

    func respond(to request: ModelRequest, context: ModelContext) async throws -> ModelResponse {
        let streamWithTools = options.streamWithTools ?? !toolStreamingBroken.broken.load(ordering: .relaxed)
        do {
            return try await send(request, streamWithTools: streamWithTools, context: context)
        } catch let error as ModelError
            where streamWithTools && !request.tools.isEmpty && error.status == 500
            && error.message.localizedCaseInsensitiveContains("stream")
        {
            return try await fallBackToPlainRequests(request, context: context)
        } catch is ToolStreamingUnsupported {
            return try await fallBackToPlainRequests(request, context: context)
        }
    }

    private func fallBackToPlainRequests(_ request: ModelRequest, context: ModelContext) async throws -> ModelResponse {
        toolStreamingBroken.broken.store(true, ordering: .relaxed)
        context.events.emit(.warning(WarningEvent(
            message: "\(name): the server cannot stream tool calls; requests with tools are no longer streamed")))
        return try await send(request, streamWithTools: false, context: context)
    }

    private func send(_ request: ModelRequest, streamWithTools: Bool, context: ModelContext) async throws -> ModelResponse {
        let (body, streamed) = OpenAIRequest.body(
            for: request, model: model, official: official, streamWithTools: streamWithTools)
        let offersTools = streamed && !request.tools.isEmpty
        return try await client.send(body, context: context) { response in
            let context = response.context  // tells the client when text was shown
            let completion: JSONValue
            if response.isEventStream {
                var stream = OpenAIStream(client: client, context: context)
                try await response.forEachEvent { try stream.handle($0) }
                if stream.isEmpty && offersTools { throw ToolStreamingUnsupported() }
                completion = try stream.finish()
            } else {
                let bytes = try await response.bytes()
                if bytes.isEmpty && offersTools { throw ToolStreamingUnsupported() }
                completion = try client.parseJSON(bytes)
                if let text = completion["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue, !text.isEmpty {
                    context.textDelta(text)
                }
            }
            return try OpenAIResponse.decode(completion, client: client)
        }
    }
}

import Synchronization

/// A model behind the OpenAI Chat Completions API: `openai:MODEL` and every other provider whose
/// `api` is `openai` (``BuiltinProviders``, a manifest's `providers`).
///
/// Answers are streamed. A server that cannot stream tool calls (llama.cpp answers a streamed
/// request that offers tools with an empty 200 body, older versions with HTTP 500 "Cannot use
/// tools with stream") is asked again without streaming, and this model stops streaming
/// requests with tools from then on (a warning event says so). The `no_stream_with_tools`
/// quirk, or ``ProviderOptions/streamWithTools``, sets the behaviour up front.
struct OpenAIModel: Model {
    let name: String
    private let model: String
    private let client: ProviderClient
    private let quirks: ProviderQuirks
    private let options: ProviderOptions
    /// Set once the server has shown it cannot stream tool calls.
    private let toolStreamingBroken = ToolStreamingState()

    private final class ToolStreamingState: Sendable {
        let broken = Atomic<Bool>(false)
    }

    /// A streamed request with tools got nothing usable back.
    private struct ToolStreamingUnsupported: Error {}

    /// - Throws: ``ModelError`` naming the key variable when a required key is not set.
    init(model: String, config: ProviderConfig, options: ProviderOptions) throws {
        let (base, key) = try config.endpoint(model: model, options: options)
        var quirks = config.quirks
        // OpenAI's own endpoint wants the newer name for the length limit.
        if base.contains("://api.openai.com") { quirks.maxCompletionTokens = true }
        self.model = model
        self.quirks = quirks
        self.options = options
        name = "\(config.name):\(model)"
        let auth = key.map { [("authorization", "Bearer \($0)")] } ?? []
        client = ProviderClient(
            provider: config.name, model: model, url: base + "/chat/completions",
            headers: auth + config.extraHeaders, options: options,
            redactor: Redactor(secrets: key.map { [$0] } ?? []))
    }

    func respond(to request: ModelRequest, context: ModelContext) async throws -> ModelResponse {
        let streamWithTools =
            options.streamWithTools ?? (!quirks.noStreamWithTools && !toolStreamingBroken.broken.load(ordering: .relaxed))
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
        let (body, streamed) = OpenAIRequest.encodedBody(
            for: request, model: model, quirks: quirks, streamWithTools: streamWithTools)
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

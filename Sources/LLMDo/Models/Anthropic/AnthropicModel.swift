/// A Claude model through the Anthropic Messages API (`anthropic:MODEL`, or any provider whose
/// `api` is `anthropic`), always streamed.
///
/// The built-in reads `ANTHROPIC_API_KEY` (required) and `ANTHROPIC_BASE_URL` (default
/// `https://api.anthropic.com`). See ``AnthropicRequest`` for the request shape and structured
/// output, ``AnthropicStream`` and ``AnthropicResponse`` for reading answers.
struct AnthropicModel: Model {
    static let apiVersion = "2023-06-01"

    let name: String
    private let model: String
    private let client: ProviderClient

    /// - Throws: ``ModelError`` naming the key variable when a required key is not set.
    init(model: String, config: ProviderConfig, options: ProviderOptions) throws {
        let (base, key) = try config.endpoint(model: model, options: options)
        self.model = model
        name = "\(config.name):\(model)"
        let auth = key.map { [("x-api-key", $0)] } ?? []
        client = ProviderClient(
            provider: config.name, model: model, url: base + "/v1/messages",
            headers: auth + [("anthropic-version", Self.apiVersion), ("accept", "text/event-stream")]
                + config.extraHeaders,
            options: options, redactor: Redactor(secrets: key.map { [$0] } ?? []))
    }

    func respond(to request: ModelRequest, context: ModelContext) async throws -> ModelResponse {
        let (body, betas) = AnthropicRequest.encodedBody(for: request, model: model)
        var client = self.client
        if !betas.isEmpty { client.headers.append(("anthropic-beta", betas.joined(separator: ","))) }
        let structured = request.outputSchema != nil
        return try await client.send(body, context: context) { response in
            let context = response.context  // tells the client when text was shown
            let message: JSONValue
            if response.isEventStream {
                var stream = AnthropicStream(client: client, context: context, progress: response.progress)
                try await response.forEachEvent { try stream.handle($0) }
                message = try stream.finish()
            } else {
                // A server (or proxy) that ignores `stream: true` answers with the whole message.
                message = try await response.json()
                for block in message["content"]?.arrayValue ?? [] {
                    if block["type"] == "text", let text = block["text"]?.stringValue { context.textDelta(text) }
                }
            }
            return try AnthropicResponse.decode(message, structuredOutput: structured, client: client)
        }
    }
}

/// The wire format a provider speaks.
package enum ProviderAPI: String, Sendable, Hashable, CaseIterable {
    /// OpenAI Chat Completions (`POST {base}/chat/completions`, `authorization: Bearer KEY`).
    case openai
    /// Anthropic Messages (`POST {base}/v1/messages`, `x-api-key: KEY`).
    case anthropic
}

/// When a provider needs its API key.
package enum KeyPolicy: Sendable, Hashable {
    /// Always: a missing key fails before any request.
    case required
    /// Required at the default base URL; optional once `<NAME>_BASE_URL` points elsewhere
    /// (a self-hosted compatible server usually takes no key).
    case requiredUnlessOverridden
    /// Sent when set, never required (local servers).
    case optional
}

/// Switches for OpenAI-compatible servers that depart from OpenAI's own behaviour. Each is a
/// manifest `quirks` key; the defaults are what every OpenAI-compatible provider gets.
package struct ProviderQuirks: Sendable, Hashable {
    /// `no_stream_with_tools` (default off): a request that offers tools is never streamed.
    /// Off, such requests are streamed and the model falls back to plain requests for the rest
    /// of its life when the server cannot stream tool calls. llama.cpp: on.
    package var noStreamWithTools = false
    /// `empty_content_as_string` (default on): an assistant message without text carries
    /// `content: ""`; off, `content: null` (OpenAI's own form; llama.cpp refuses null).
    package var emptyContentAsString = true
    /// `tool_choice_auto` (default on): `tool_choice: "auto"` is sent whenever tools are offered
    /// (llama.cpp ignores tools without it); off, `tool_choice` is sent only from `model_settings`.
    package var toolChoiceAuto = true
    /// `max_completion_tokens` (default off; on for api.openai.com): the length limit is sent as
    /// `max_completion_tokens` instead of `max_tokens`.
    package var maxCompletionTokens = false

    package init() {}

    /// The manifest names, in documentation order.
    package static let names = ["no_stream_with_tools", "empty_content_as_string", "tool_choice_auto", "max_completion_tokens"]

    /// Sets the quirk called `name` (one of ``names``).
    package mutating func set(_ name: String, to value: Bool) {
        switch name {
        case "no_stream_with_tools": noStreamWithTools = value
        case "empty_content_as_string": emptyContentAsString = value
        case "tool_choice_auto": toolChoiceAuto = value
        case "max_completion_tokens": maxCompletionTokens = value
        default: break
        }
    }
}

/// One provider: a name for the `provider:` prefix of model strings, and where and how to reach
/// it. Built-ins are in ``BuiltinProviders``; a manifest's `providers` section adds more.
package struct ProviderConfig: Sendable, Hashable {
    package var name: String
    package var api: ProviderAPI
    /// Without a trailing slash. OpenAI: up to `/chat/completions`; Anthropic: up to `/v1/messages`.
    package var baseURL: String
    /// The environment variable holding the key; nil: no key is sent.
    package var keyVariable: String?
    package var keyPolicy: KeyPolicy
    /// Extra request headers, sent after the authentication headers.
    package var headers: [String: String]
    package var quirks: ProviderQuirks

    package init(
        name: String, api: ProviderAPI, baseURL: String, keyVariable: String?, keyPolicy: KeyPolicy,
        headers: [String: String] = [:], quirks: ProviderQuirks = ProviderQuirks()
    ) {
        self.name = name
        self.api = api
        self.baseURL = baseURL
        self.keyVariable = keyVariable
        self.keyPolicy = keyPolicy
        self.headers = headers
        self.quirks = quirks
    }

    /// ``headers`` in a stable order, for the HTTP client.
    package var extraHeaders: [(String, String)] {
        headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// `<NAME>_BASE_URL`: the name upper-cased, anything but letters and digits as `_`.
    package var baseURLVariable: String {
        String(name.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }) + "_BASE_URL"
    }

    /// Where requests go with this environment, and the key to send.
    ///
    /// - Throws: ``ModelError`` naming the key variable when a required key is not set.
    package func endpoint(model: String, options: ProviderOptions) throws -> (baseURL: String, key: String?) {
        let override = options.value(baseURLVariable)
        var url = override ?? baseURL
        while url.hasSuffix("/") { url.removeLast() }
        guard let keyVariable else { return (url, nil) }
        let required =
            switch keyPolicy {
            case .required: true
            case .requiredUnlessOverridden: override == nil
            case .optional: false
            }
        if required {
            return (url, try requireAPIKey(keyVariable, provider: name, model: model, options: options))
        }
        return (url, options.value(keyVariable))
    }
}

/// Settings for provider models that come from outside the project (CLI flags, environment).
///
/// Environment variables read: each provider's key variable and `<NAME>_BASE_URL` (the table in
/// docs/cli.md: `ANTHROPIC_API_KEY`, `OPENAI_BASE_URL`, …), the proxy variables (`HTTPS_PROXY`, `HTTP_PROXY`,
/// `ALL_PROXY`, `NO_PROXY`, either case), `LLMDO_STREAM_WITH_TOOLS` (see ``streamWithTools``),
/// `LLMDO_REQUEST_TIMEOUT` (``requestTimeout``) and `LLMDO_MAX_RESPONSE_BYTES` (``maxResponseBytes``).
public struct ProviderOptions: Sendable {
    /// Retries of a failed request (rate limits, overload, network); 0 disables retrying.
    public var maxRetries: Int = 4
    /// The environment to read keys, base URLs and proxies from (usually the process's).
    public var environment: [String: String]
    /// Seconds to establish a connection.
    public var connectTimeout: Double = 10
    /// Seconds for a whole model request: every attempt, the waits between them and the
    /// streamed answer; 0 means no limit. A server that drips bytes or never answers fails
    /// with "no complete answer within N s" once this passes. Set from `LLMDO_REQUEST_TIMEOUT`.
    public var requestTimeout: Double = 600
    /// The most bytes one response body may hold (as received, after decompression): 64 MiB.
    /// A longer answer fails with an error naming this limit. Set from `LLMDO_MAX_RESPONSE_BYTES`.
    public var maxResponseBytes: Int = 64 << 20
    /// Seconds without a byte from the server before a stream counts as stalled.
    public var idleTimeout: Double = 300
    /// First retry delay in seconds; doubles per retry (with jitter) up to ``maxBackoff``.
    public var initialBackoff: Double = 0.5
    /// The longest wait between retries, in seconds.
    public var maxBackoff: Double = 30
    /// The longest `retry-after` we honour; longer waits are cut to this (the retry event says so).
    public var maxRetryAfter: Double = 60
    /// Whether OpenAI-compatible requests that offer tools are streamed. `nil` (the default)
    /// streams and falls back to a plain request, for the rest of the model's life, when the
    /// server cannot stream tool calls (llama.cpp: an empty 200 body or "Cannot use tools with
    /// stream"). `false` never streams with tools. Set from `LLMDO_STREAM_WITH_TOOLS=0|1`.
    public var streamWithTools: Bool?

    /// Defaults, reading keys and base URLs from `environment`.
    public init(environment: [String: String]) {
        self.environment = environment
        switch environment["LLMDO_STREAM_WITH_TOOLS"] {
        case "0", "false", "no": streamWithTools = false
        case "1", "true", "yes": streamWithTools = true
        default: streamWithTools = nil
        }
        if let text = environment["LLMDO_REQUEST_TIMEOUT"] {
            if let seconds = Double(text), seconds >= 0, seconds.isFinite {
                requestTimeout = seconds
            } else {
                invalidSetting = "LLMDO_REQUEST_TIMEOUT is '\(text)'; expected a number of seconds (0 for no limit)"
            }
        }
        if let text = environment["LLMDO_MAX_RESPONSE_BYTES"] {
            if let bytes = Int(text), bytes > 0 {
                maxResponseBytes = bytes
            } else {
                invalidSetting = "LLMDO_MAX_RESPONSE_BYTES is '\(text)'; expected a positive number of bytes"
            }
        }
    }

    /// Why a setting read from ``environment`` cannot be used, if one cannot.
    private(set) var invalidSetting: String?

    var timeouts: HTTPTimeouts {
        HTTPTimeouts(connect: connectTimeout, overall: requestTimeout, idle: idleTimeout)
    }

    /// Seconds to wait before retry number `attempt` (1-based).
    func backoff(attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter, retryAfter >= 0 { return min(retryAfter, maxRetryAfter) }
        let exponential = min(maxBackoff, initialBackoff * Double(1 << min(attempt - 1, 20)))
        return exponential * Double.random(in: 0.5...1.0)  // jitter spreads out synchronized clients
    }

    /// The proxy for a URL from this environment; `""` (no proxy) when none is set, so only
    /// ``environment`` decides.
    func proxy(for url: String) -> String {
        let names =
            url.hasPrefix("https:")
            ? ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] : ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"]
        return names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
    }

    var noProxy: String? { environment["no_proxy"] ?? environment["NO_PROXY"] }

    func value(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }
}

/// Builds the model for `provider:model` with a built-in provider (`anthropic`, `openai`,
/// `ollama`, `groq`, … as listed in docs/cli.md), or returns nil for any other name. A project's
/// own `providers` and an embedding program's ``ModelFactory``s are resolved by the runtime.
///
/// - Throws: ``ModelError`` when the model cannot be used (e.g. a missing API key or an invalid
///   `LLMDO_*` setting: the error names the variable).
package func makeProviderModel(provider: String, model: String, options: ProviderOptions) throws -> (any Model)? {
    guard let config = BuiltinProviders.named(provider) else { return nil }
    return try makeModel(config, model: model, options: options)
}

/// The model `model` of the provider `config`, speaking its wire format.
func makeModel(_ config: ProviderConfig, model: String, options: ProviderOptions) throws -> any Model {
    if let problem = options.invalidSetting {
        throw ModelError(kind: .configuration, provider: config.name, model: model, message: problem)
    }
    switch config.api {
    case .anthropic: return try AnthropicModel(model: model, config: config, options: options)
    case .openai: return try OpenAIModel(model: model, config: config, options: options)
    }
}

/// The API key from `variable`, or a ``ModelError`` naming it.
func requireAPIKey(_ variable: String, provider: String, model: String, options: ProviderOptions) throws -> String {
    guard let key = options.value(variable) else {
        throw ModelError(
            kind: .missingAPIKey, provider: provider, model: model,
            message: "set \(variable) to use \(provider):\(model)", variable: variable)
    }
    return key
}

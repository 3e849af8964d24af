/// A provider model failed: it cannot be used, the request was refused, or the answer was broken.
///
/// The description names the provider, the model, the HTTP status and the provider's own
/// message, e.g. `anthropic:claude-x: HTTP 404 not_found_error: model: claude-x`. API keys never
/// appear in it: messages are scrubbed of the key before they are stored.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, broadly. New kinds may be added in later versions; code that looks at
    /// ``ModelError/kind`` compares it (`error.kind == .http`) or switches with a `default`.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// The kind's name (`missing_api_key`, `http`).
        public let name: String
        /// How a message of this kind starts (`"timed out: "`).
        let lead: String

        private init(_ name: String, lead: String) {
            self.name = name
            self.lead = lead
        }

        /// A required API key is not set (``ModelError/variable`` names it).
        public static let missingAPIKey = Kind("missing_api_key", lead: "missing API key: ")
        /// The provider answered with an HTTP error status.
        public static let http = Kind("http", lead: "HTTP ")
        /// No usable connection: refused, reset, DNS failure.
        public static let connection = Kind("connection", lead: "connection failed: ")
        /// The connect, idle or request time limit passed (``ProviderOptions/requestTimeout``).
        public static let timeout = Kind("timeout", lead: "timed out: ")
        /// The provider reported an error inside a successful stream, or the stream broke off.
        public static let stream = Kind("stream", lead: "stream error: ")
        /// The answer could not be read (malformed JSON, unexpected shape).
        public static let malformedResponse = Kind("malformed_response", lead: "malformed response: ")
        /// The answer hit `max_tokens` while a tool call's input was still incomplete.
        public static let truncatedToolInput = Kind("truncated_tool_input", lead: "answer truncated: ")
        /// The model or its settings cannot be used (bad base URL, unknown option).
        public static let configuration = Kind("configuration", lead: "configuration: ")
        /// The response passed a size limit (``ProviderOptions/maxResponseBytes``, or its
        /// headers passed libcurl's); the message names the limit.
        public static let responseTooLarge = Kind("response_too_large", lead: "response too large: ")

        public var description: String { name }
    }

    /// What went wrong, broadly.
    public var kind: Kind
    /// `anthropic`, `openai`, `ollama`.
    public var provider: String
    /// The model asked for.
    public var model: String
    /// The HTTP status, for ``Kind/http`` errors.
    public var status: Int?
    /// The provider's error type or code (`rate_limit_error`, `model_not_found`).
    public var errorType: String?
    /// The provider's own message, or ours when the provider gave none.
    public var message: String
    /// Seconds the provider asked us to wait before retrying.
    public var retryAfter: Double?
    /// The provider's request id, for support tickets.
    public var requestID: String?
    /// The environment variable to set, for ``Kind/missingAPIKey``.
    public var variable: String?
    /// Whether sending the same request again may succeed (rate limits, overload, network).
    public var isRetryable: Bool

    /// An error (a ``Model`` of your own throws these for provider failures).
    public init(
        kind: Kind, provider: String, model: String, status: Int? = nil, errorType: String? = nil, message: String,
        retryAfter: Double? = nil, requestID: String? = nil, variable: String? = nil, isRetryable: Bool = false
    ) {
        self.kind = kind
        self.provider = provider
        self.model = model
        self.status = status
        self.errorType = errorType
        self.message = message
        self.retryAfter = retryAfter
        self.requestID = requestID
        self.variable = variable
        self.isRetryable = isRetryable
    }

    public var description: String {
        var text = "\(provider):\(model): " + kind.lead
        if kind == .http { text += "\(status ?? 0) " }
        if let errorType, kind != .missingAPIKey { text += "\(errorType): " }
        text += message
        if let requestID { text += " (request \(requestID))" }
        return text
    }
}

extension ModelError {
    /// HTTP statuses worth retrying: timeouts, conflicts, rate limits, server errors, overload.
    static let retryableStatuses: Set<Int> = [408, 409, 429, 500, 502, 503, 504, 529]

    /// Reads an error response. Both providers (and the compatible servers) put
    /// `{"error": {"type"|"code", "message"}}` in the body; Anthropic adds `request_id`.
    static func fromHTTP(
        provider: String, model: String, head: HTTPResponseHead, body: [UInt8], redactor: Redactor
    ) -> ModelError {
        let json = try? JSONValue(parsing: body)
        let error = json?["error"]
        var message = error?["message"]?.stringValue ?? error?.stringValue ?? json?["detail"]?.stringValue
        if message == nil {
            let text = String(decoding: body.prefix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            message = text.isEmpty ? "(empty body)" : text
        }
        if let failed = error?["failed_generation"]?.stringValue {  // Groq's tool_use_failed
            message = (message ?? "") + "; model output: " + failed
        }
        let code = error?["code"]?.stringValue ?? error?["code"]?.int64Value.map { String($0) }
        let errorType = error?["type"]?.stringValue ?? code
        var retryable = retryableStatuses.contains(head.status)
        if code == "insufficient_quota" { retryable = false }  // a 429 that waiting does not fix
        if let header = head.header("x-should-retry") { retryable = header == "true" }
        return ModelError(
            kind: .http, provider: provider, model: model, status: head.status, errorType: errorType,
            message: redactor.redact(message ?? ""), retryAfter: retryAfter(head),
            requestID: json?["request_id"]?.stringValue ?? head.header("x-request-id") ?? head.header("request-id"),
            isRetryable: retryable)
    }

    /// `retry-after-ms` (milliseconds) or `retry-after` (seconds), when present.
    static func retryAfter(_ head: HTTPResponseHead) -> Double? {
        if let ms = head.header("retry-after-ms").flatMap(Double.init) { return ms / 1000 }
        return head.header("retry-after").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Wraps a transport failure (retryable, except a request curl could not even start).
    static func fromTransport(_ error: HTTPError, provider: String, model: String) -> ModelError {
        let kind: Kind
        switch error.kind {
        case .connectFailed, .transport: kind = .connection
        case .timedOut, .idleTimeout: kind = .timeout
        case .invalidRequest: kind = .configuration
        case .tooLarge: kind = .responseTooLarge
        }
        return ModelError(
            kind: kind, provider: provider, model: model, message: error.message,
            isRetryable: kind != .configuration && kind != .responseTooLarge)
    }
}

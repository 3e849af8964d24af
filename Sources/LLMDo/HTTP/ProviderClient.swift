import Foundation

/// The HTTP side every provider model shares: a JSON POST with retries and backoff, the
/// response read as server-sent events or JSON, error statuses turned into ``ModelError``,
/// and request/response lines (secrets redacted) sent to the event sink as debug events.
struct ProviderClient: Sendable {
    /// `anthropic`, `openai`, `ollama` (for errors).
    var provider: String
    var model: String
    /// The endpoint URL, e.g. `https://api.anthropic.com/v1/messages`.
    var url: String
    /// Request headers besides `content-type`, secrets included (they are redacted in output).
    var headers: [(name: String, value: String)]
    var options: ProviderOptions
    var redactor: Redactor

    /// Sends `bytes` (an encoded JSON body) and hands the successful response to `read`. The
    /// whole exchange (request and reading the body) is retried when it fails with a retryable
    /// ``ModelError``, but only while the attempt is not committed (``AttemptProgress``): no text
    /// has reached `context` and no server-side tool ran, which a retry would repeat.
    /// Every attempt and wait together must end within ``ProviderOptions/requestTimeout``.
    ///
    /// - Throws: ``ModelError``; `CancellationError` when the task is cancelled.
    func send<T: Sendable>(
        _ bytes: [UInt8], context: ModelContext, read: (ProviderResponse) async throws -> T
    ) async throws -> T {
        let deadline = RequestDeadline(seconds: options.requestTimeout)
        var attempt = 0
        while true {
            let progress = AttemptProgress(forwardingTo: context.events)
            do {
                return try await sendOnce(bytes, deadline: deadline, context: context, progress: progress, read: read)
            } catch let error as ModelError where error.isRetryable {
                if progress.isCommitted {
                    throw self.error(
                        error.kind,
                        "\(error.message) (after part of the answer was shown or a server-side tool ran; not retried, so nothing happens twice)",
                        type: error.errorType)
                }
                guard attempt < options.maxRetries else { throw error }
                attempt += 1
                let delay = options.backoff(attempt: attempt, retryAfter: error.retryAfter)
                guard delay < deadline.remaining else {
                    throw self.error(.timeout, "\(error.message); no time left to retry within \(deadline.limitText)", type: error.errorType)
                }
                var reason = error.description
                if let asked = error.retryAfter, asked > delay {
                    reason += "; the server asked to wait \(formatSeconds(asked)) s, capped at \(formatSeconds(delay)) s"
                }
                context.events.emit(.retry(RetryEvent(
                    what: "model request", attempt: attempt, reason: reason, delay: delay, limit: options.maxRetries)))
                try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            }
        }
    }

    private func sendOnce<T: Sendable>(
        _ body: [UInt8], deadline: RequestDeadline, context: ModelContext, progress: AttemptProgress,
        read: (ProviderResponse) async throws -> T
    ) async throws -> T {
        var timeouts = options.timeouts
        // This attempt may use what is left of the request's budget (0 = no limit for curl).
        timeouts.overall = deadline.seconds > 0 ? max(deadline.remaining, 0.001) : 0
        let request = HTTPRequest(
            url: url, headers: [("content-type", "application/json")] + headers, body: body,
            timeouts: timeouts, maxBodyBytes: options.maxResponseBytes, maxBodySetting: "LLMDO_MAX_RESPONSE_BYTES",
            proxy: options.proxy(for: url), noProxy: options.noProxy)
        debug(context, "→ POST \(url)\n" + request.headers.map { redactor.headerLine(name: $0.name, value: $0.value) }
            .joined(separator: "\n") + "\n" + String(decoding: body.prefix(4000), as: UTF8.self))
        do {
            let started = DispatchTime.now().uptimeNanoseconds
            let response = try await CurlEngine.shared.get().perform(request)
            let millis = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
            debug(context, "← HTTP \(response.head.status) (\(millis) ms)\n"
                + response.head.headers.map { redactor.headerLine(name: $0.name, value: $0.value) }.joined(separator: "\n"))
            guard (200..<300).contains(response.head.status) else {
                let errorBody = try await response.collectBody(limit: 1 << 20)
                debug(context, "← " + redactor.redact(String(decoding: errorBody.prefix(4000), as: UTF8.self)))
                throw ModelError.fromHTTP(
                    provider: provider, model: model, head: response.head, body: errorBody, redactor: redactor)
            }
            var attemptContext = context
            attemptContext.events = progress
            let result = try await read(ProviderResponse(client: self, context: attemptContext, progress: progress, response: response))
            try Task.checkCancellation()
            return result
        } catch let error as HTTPError where error.kind == .timedOut && deadline.hasPassed {
            throw self.error(.timeout, "no complete answer within \(deadline.limitText)")
        } catch let error as HTTPError {
            throw ModelError.fromTransport(error, provider: provider, model: model)
        }
    }

    private func debug(_ context: ModelContext, _ message: String) {
        context.events.emit(.debug(DebugEvent(category: "http", message: redactor.redact(message))))
    }

    /// An error in the answer's content (not its transport).
    func error(
        _ kind: ModelError.Kind, _ message: String, type: String? = nil, retryable: Bool = false
    ) -> ModelError {
        ModelError(
            kind: kind, provider: provider, model: model, errorType: type, message: redactor.redact(message),
            isRetryable: retryable)
    }
}

/// A successful (2xx) response, read once as events or as JSON.
struct ProviderResponse: Sendable {
    let client: ProviderClient
    /// Where this attempt's text deltas and events go (use it, not the caller's context, so
    /// the client knows when text was shown).
    let context: ModelContext
    /// Commit it when the provider runs a tool on its side (it must not run twice).
    let progress: AttemptProgress
    let response: HTTPResponse

    /// Whether the server answered with an event stream (it may ignore `stream: true`).
    var isEventStream: Bool {
        response.head.header("content-type")?.lowercased().hasPrefix("text/event-stream") ?? false
    }

    /// Decodes the body as server-sent events, calling `handle` for each.
    func forEachEvent(_ handle: (SSEEvent) throws -> Void) async throws {
        var decoder = SSEDecoder()
        for try await chunk in response.body {
            try decoder.feed(chunk, handle)
        }
        try Task.checkCancellation()  // a cancelled consumer sees the stream end early
        do {
            try decoder.finish(handle)
        } catch let error as ModelError where error.kind == .malformedResponse {
            // An unterminated last event that does not parse was cut off, not malformed.
            throw client.error(.stream, "the stream ended inside an event", retryable: true)
        }
    }

    /// Reads the whole body (the transfer itself enforces ``ProviderOptions/maxResponseBytes``).
    func bytes() async throws -> [UInt8] {
        let body = try await response.collectBody()
        try Task.checkCancellation()
        return body
    }

    /// Reads the body as one JSON document.
    func json() async throws -> JSONValue {
        try client.parseJSON(try await bytes())
    }
}

extension ProviderClient {
    /// Parses a whole 2xx response body. An empty body is retryable (the server gave up); an
    /// `{"error": {…}}` body (some servers send errors with status 200) is the provider's error.
    func parseJSON(_ body: [UInt8]) throws -> JSONValue {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: body)
        } catch {
            let detail = body.isEmpty ? "empty body" : "\(error) in \(String(decoding: body.prefix(200), as: UTF8.self))"
            throw self.error(.malformedResponse, detail, retryable: body.isEmpty)
        }
        if let error = json["error"], !error.isNull {
            let message = error["message"]?.stringValue ?? error.jsonText
            throw self.error(.malformedResponse, message, type: error["type"]?.stringValue ?? error["code"]?.stringValue)
        }
        return json
    }
}

extension JSONValue {
    /// Parses one SSE event's data, or throws a clear error naming the provider.
    init(event: SSEEvent, client: ProviderClient) throws {
        do {
            self = try JSONValue(parsing: event.data)
        } catch {
            throw client.error(.malformedResponse, "invalid JSON in '\(event.type)' event (\(error)): \(event.text.prefix(200))")
        }
    }
}

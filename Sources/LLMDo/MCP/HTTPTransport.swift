import Synchronization

/// An MCP server over Streamable HTTP (2025-11-25), on the process's libcurl engine.
///
/// Every message is a POST accepting `application/json` and `text/event-stream`; a response is
/// one JSON message or an SSE stream of them, all handed to the connection. The server's
/// `Mcp-Session-Id` (from the initialize response) goes on every later request, with
/// `MCP-Protocol-Version`. After `notifications/initialized`, a GET opens the server's own event
/// stream for notifications (a 405 means it offers none). Closing sends DELETE for the session.
/// Header values (tokens) are never put in messages or events.
final class HTTPTransport: MCPTransport {
    private let url: String
    private let headers: [(name: String, value: String)]
    private let server: String
    /// The URL as written in the project (before `${VAR}` expansion), for messages.
    private let shownURL: String
    private let connection: MCPConnection
    private let timeout: Duration
    private let state = Mutex(State())

    private struct State {
        var sessionID: String?
        var listener: Task<Void, Never>?
        var closed = false
    }

    init(url: String, headers: [String: String], server: String, shownURL: String, connection: MCPConnection, timeout: Duration) {
        self.url = url
        self.headers = headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        self.server = server
        self.shownURL = shownURL
        self.connection = connection
        self.timeout = timeout
        connection.attach(self)
    }

    var stderrTail: String { "" }

    func send(_ message: JSONValue) async throws(MCPError) {
        var body: [UInt8] = []
        message.write(into: &body)
        let response = try await perform("POST", body: body, accept: "application/json, text/event-stream", idle: timeout)
        let status = response.head.status
        if let session = response.head.header("mcp-session-id") { state.withLock { $0.sessionID = session } }
        if status == 404, state.withLock({ $0.sessionID }) != nil {
            connection.close(reason: "MCP server '\(server)' ended the session (HTTP 404)")
            throw MCPError(.closed, "MCP server '\(server)' ended the session (HTTP 404)")
        }
        guard (200..<300).contains(status) else {
            let text = (try? await response.collectBody(limit: 2000)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            throw MCPError(.rejected, "MCP server '\(server)' (\(shownURL)) answered HTTP \(status)\(text.isEmpty ? "" : ": \(text.prefix(300))")")
        }
        try await read(response)
        if message["method"]?.stringValue == "notifications/initialized" { listen() }
    }

    /// Hands a response body's messages (one JSON document, or SSE events) to the connection.
    private func read(_ response: HTTPResponse) async throws(MCPError) {
        let type = response.head.header("content-type")?.lowercased() ?? ""
        do {
            if type.hasPrefix("text/event-stream") {
                var decoder = SSEDecoder()
                let deliver: (SSEEvent) -> Void = { [connection] event in
                    if event.type == "message", let message = try? JSONValue(parsing: event.data) { connection.receive(message) }
                }
                for try await chunk in response.body { decoder.feed(chunk, deliver) }
                decoder.finish(deliver)
            } else {
                let body = try await response.collectBody()
                if type.hasPrefix("application/json"), !body.isEmpty {
                    connection.receive(try JSONValue(parsing: body))
                }
            }
        } catch is CancellationError {
            throw MCPError(.cancelled, "cancelled")
        } catch {
            throw MCPError(.closed, "MCP server '\(server)' (\(shownURL)): the response broke off: \(error)")
        }
    }

    /// Opens the server's GET event stream for notifications, when it offers one.
    private func listen() {
        let task = Task { [self] in
            guard let response = try? await perform("GET", body: [], accept: "text/event-stream", idle: .zero),
                response.head.status == 200
            else { return }
            try? await read(response)
        }
        state.withLock { state in
            if state.closed { task.cancel() } else { state.listener = task }
        }
    }

    func close() async {
        let (listener, session) = state.withLock { state in
            defer { state.closed = true; state.listener = nil }
            return (state.closed ? nil : state.listener, state.closed ? nil : state.sessionID)
        }
        listener?.cancel()
        if session != nil { _ = try? await perform("DELETE", body: [], accept: "application/json", idle: timeout) }
        connection.close(reason: "the connection to MCP server '\(server)' was closed")
    }

    private func perform(_ method: String, body: [UInt8], accept: String, idle: Duration) async throws(MCPError) -> HTTPResponse {
        var lines: [(name: String, value: String)] = [("accept", accept)]
        if method == "POST" { lines.append(("content-type", "application/json")) }
        if let session = state.withLock({ $0.sessionID }) {
            lines.append(("mcp-session-id", session))
            lines.append(("mcp-protocol-version", MCPServer.protocolVersion))
        }
        let request = HTTPRequest(
            method: method, url: url, headers: lines + headers, body: body,
            timeouts: HTTPTimeouts(connect: 10, overall: 0, idle: Double(idle.components.seconds)),
            maxBodyBytes: 64 << 20, maxBodySetting: "the MCP response limit")
        do {
            return try await CurlEngine.shared.get().perform(request)
        } catch is CancellationError {
            throw MCPError(.cancelled, "cancelled")
        } catch let error as HTTPError {
            throw MCPError(.unavailable, "cannot reach MCP server '\(server)' at \(shownURL): \(error.message)")
        } catch {
            throw MCPError(.unavailable, "cannot reach MCP server '\(server)' at \(shownURL): \(error)")
        }
    }
}

/// A way to exchange JSON-RPC messages with one MCP server: a subprocess's stdin/stdout
/// (``StdioTransport``) or Streamable HTTP (``HTTPTransport``).
///
/// Incoming messages, whatever channel they arrive on (stdout lines, an HTTP response body,
/// an SSE stream), go to the ``MCPConnection`` given when the transport was made.
protocol MCPTransport: Sendable {
    /// Sends one message; returns once it is handed over (responses arrive separately).
    func send(_ message: JSONValue) async throws(MCPError)
    /// Stops the server (stdio) or ends the session (HTTP). Idempotent.
    func close() async
    /// The last lines the server wrote to stderr (stdio), for start-up and crash messages.
    var stderrTail: String { get }
}

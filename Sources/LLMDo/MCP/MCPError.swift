/// Why a request to an MCP server did not get a result. The message names the server and is
/// safe to show (no `env` or header values).
struct MCPError: Error, Sendable, CustomStringConvertible {
    enum Kind: Sendable {
        /// The server could not be started or reached.
        case unavailable
        /// The server exited or the connection closed while the request waited.
        case closed
        /// No answer within `timeout_s`.
        case timedOut
        /// The server answered with a JSON-RPC error.
        case rejected
        /// The request's task was cancelled.
        case cancelled
    }

    var kind: Kind
    var message: String
    var description: String { message }

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

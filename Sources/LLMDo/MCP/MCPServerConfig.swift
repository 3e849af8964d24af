/// One entry of the manifest's `mcp_servers` (or of the `mcpServers` of an `mcp_config` file):
/// how to reach an MCP server, and what llmdo exposes of it.
///
/// Values are stored with `${VAR}` already expanded, so two entries are equal exactly when they
/// would start the same server (the server cache keys on this). ``redacted`` is the only
/// rendering meant for messages: `env` and `headers` values are secrets.
package struct MCPServerConfig: Sendable, Hashable {
    /// How llmdo reaches the server.
    package enum Transport: Sendable, Hashable {
        /// A subprocess speaking newline-delimited JSON-RPC on stdin/stdout.
        case stdio(command: String, arguments: [String], environment: [String: String], directory: String?)
        /// Streamable HTTP at `url`.
        case http(url: String, headers: [String: String])
    }

    /// The server's name, which is also its toolset's name.
    package var name: String
    package var transport: Transport
    /// `tools`: the only tool names exposed (`nil`: all).
    package var allowedTools: [String]?
    /// `pre_approved`: tools that run without asking; every other tool is gated.
    package var preApproved: Set<String> = []
    /// `timeout_s`: how long start-up, listing and each call may take.
    package var timeoutSeconds: Int = MCPServerConfig.defaultTimeoutSeconds
    /// Where the entry was written ("project.json: mcp_servers.time"), for messages.
    package var origin: String

    package static let defaultTimeoutSeconds = 60

    /// The entry as it may be shown, written by the parser: the command and its arguments, or
    /// the URL as written (before `${VAR}` expansion); never an `env` or header value.
    package var redacted: String
}

import Synchronization

/// An MCP server's tools as a toolset named after the server.
///
/// Lazy: nothing starts when a project loads; ``tools`` is empty until the first
/// ``makeInstance(context:)`` (a worker that lists the server starts a call, or `llmdo check`
/// and `llmdo tools` list it), which starts the server and lists its tools once for this
/// toolset, that is once per generation: a changed list makes a new generation with a new
/// toolset. Every tool is gated unless the entry's `pre_approved` names it; the server's
/// annotations are shown as hints in the approval prompt, never a reason to skip it.
package struct MCPToolset: Toolset {
    let server: MCPServer
    private let listing = Listing()

    init(server: MCPServer) { self.server = server }

    package var name: String { server.name }

    package var tools: [ToolDefinition] { listing.tools?.definitions ?? [] }

    /// The server's tools, listed once.
    final class Listing: Sendable {
        struct Listed: Sendable {
            var definitions: [ToolDefinition]
            var hints: [String: String]
        }

        private let state = Mutex<Task<Result<Listed, MCPError>, Never>?>(nil)
        private let done = Mutex<Listed?>(nil)

        var tools: Listed? { done.withLock { $0 } }

        func load(_ server: MCPServer) async throws(MCPError) -> Listed {
            if let listed = tools { return listed }
            let task = state.withLock { task in
                if let task { return task }
                let started = Task { () -> Result<Listed, MCPError> in
                    do throws(MCPError) { return .success(try await Self.list(server)) } catch { return .failure(error) }
                }
                task = started
                return started
            }
            switch await task.value {
            case .success(let listed):
                done.withLock { $0 = listed }
                return listed
            case .failure(let error):
                state.withLock { if $0 == task { $0 = nil } }
                throw error
            }
        }

        private static func list(_ server: MCPServer) async throws(MCPError) -> Listed {
            var listed = Listed(definitions: [], hints: [:])
            for tool in try await server.listTools() {
                let approval: ApprovalRequirement = server.config.preApproved.contains(tool.name) ? .preApproved : .always
                listed.definitions.append(ToolDefinition(
                    name: tool.name, description: tool.description, parametersSchema: tool.inputSchema, approval: approval))
                listed.hints[tool.name] = MCPToolset.hints(tool.annotations)
            }
            return listed
        }
    }

    /// Starts the server if needed and lists its tools.
    /// - Throws: an error naming the server, its command and its stderr tail; it fails the
    ///   worker call (the worker cannot run without its tools).
    package func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance {
        server.setEvents(context.events)
        return Instance(server: server, listed: try await listing.load(server))
    }

    /// Starts the server if needed and lists its tools into ``tools`` (`llmdo check`, `llmdo tools`).
    func list() async throws(MCPError) {
        _ = try await listing.load(server)
    }

    /// The server's annotations of `tool` in words (once listed).
    func hints(for tool: String) -> String { listing.tools?.hints[tool] ?? "" }

    /// `readOnlyHint` and friends in words ("read-only, idempotent"); empty when there are none.
    static func hints(_ annotations: JSONObject) -> String {
        let words: [(String, Bool, String)] = [
            ("readOnlyHint", true, "read-only"), ("destructiveHint", true, "destructive"), ("destructiveHint", false, "not destructive"),
            ("idempotentHint", true, "idempotent"), ("openWorldHint", true, "reaches outside systems"),
        ]
        return words.compactMap { key, value, word in annotations[key]?.boolValue == value ? word : nil }.joined(separator: ", ")
    }

    struct Instance: ToolsetInstance {
        let server: MCPServer
        let listed: Listing.Listed

        func approvalNeed(tool: String, arguments: JSONValue) async -> ApprovalNeed {
            let hints = listed.hints[tool].flatMap { $0.isEmpty ? nil : " (server hints: \($0))" } ?? ""
            return ApprovalNeed(required: nil, description: "MCP server '\(server.name)' tool '\(tool)'\(hints)")
        }

        func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
            let result: JSONValue
            do {
                result = try await server.call(tool, arguments: arguments)
            } catch {
                if error.kind == .cancelled { throw CancellationError() }
                throw ToolError.failed(error.message)
            }
            return try MCPToolResult.output(result, server: server.name, tool: tool)
        }
    }
}

import Synchronization

/// The MCP servers of one project across its reloads, keyed by their entries: a reload that
/// leaves an entry unchanged keeps its server (running or not), a changed or removed entry's
/// server is stopped, and a new one starts when first used. Like the plugin cache of
/// ``ProjectWatcher``, for servers.
final class MCPServerCache: Sendable {
    private let servers = Mutex<[MCPServerConfig: MCPServer]>([:])

    /// Keeps the servers `program` was linked with (loaded before this cache existed).
    func adopt(_ program: Program) {
        let adopted = program.toolsetSources.compactMap { $0 as? MCPToolsetSource }.flatMap(\.servers)
        servers.withLock { servers in
            for server in adopted { servers[server.config] = server }
        }
    }

    /// The source offering `manifest`'s servers as toolsets, or `nil` when it has none.
    func source(for manifest: Manifest, projectRoot: String) -> MCPToolsetSource? {
        let configs = manifest.mcpServers
        let (current, dropped) = servers.withLock { servers -> ([MCPServer], [MCPServer]) in
            var kept: [MCPServerConfig: MCPServer] = [:]
            let current = configs.map { config in
                if let server = servers[config] ?? kept[config] {
                    kept[config] = server
                    return server
                }
                let server = MCPServer(config: config, projectRoot: projectRoot)
                kept[config] = server
                return server
            }
            let dropped = servers.filter { kept[$0.key] == nil }.map(\.value)
            servers = kept
            return (current, dropped)
        }
        for server in dropped { Task { await server.stop() } }
        guard !current.isEmpty else { return nil }
        return MCPToolsetSource(origin: "mcp_servers in \(manifest.path)", servers: current)
    }
}

/// A project's MCP servers as a ``ToolsetSource``: one lazy ``MCPToolset`` per server, made
/// anew on every link, so each program generation lists the tools once for itself. A server's
/// `notifications/tools/list_changed` makes ``changes()`` yield, and a ``ProjectWatcher``
/// links a new generation.
struct MCPToolsetSource: ToolsetSource {
    let origin: String
    let servers: [MCPServer]

    func toolsets() -> [any Toolset] { servers.map { MCPToolset(server: $0) } }

    /// Yields when any of the servers announces a new tool list.
    func changes() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let tokens = servers.map { $0.listChanges.add(continuation) }
        continuation.onTermination = { [servers] _ in
            for (server, token) in zip(servers, tokens) { server.listChanges.remove(token) }
        }
        return stream
    }
}

/// Fans a server's list changes out to every stream subscribed to it.
final class MCPChanges: Sendable {
    private let subscribers = Mutex<(next: Int, all: [Int: AsyncStream<Void>.Continuation])>((0, [:]))

    /// Adds a stream's continuation; returns the token that removes it.
    func add(_ continuation: AsyncStream<Void>.Continuation) -> Int {
        subscribers.withLock { state in
            defer { state.next += 1 }
            state.all[state.next] = continuation
            return state.next
        }
    }

    func remove(_ token: Int) {
        subscribers.withLock { _ = $0.all.removeValue(forKey: token) }
    }

    func yield() {
        for continuation in subscribers.withLock({ Array($0.all.values) }) { continuation.yield() }
    }
}

import Foundation
import Synchronization

/// One configured MCP server: connected on first use (never at load), initialized with the
/// 2025-11-25 handshake, restarted once when it has died between calls, and stopped when no
/// program uses it any more (``MCPServerCache``).
final class MCPServer: Sendable {
    /// The protocol revision llmdo speaks, and the older ones it accepts from a server.
    static let protocolVersion = "2025-11-25"
    static let acceptedVersions: Set<String> = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]

    /// A tool as the server lists it.
    struct Tool: Sendable, Hashable {
        var name: String
        var description: String
        var inputSchema: JSONValue
        /// `readOnlyHint`, `destructiveHint`, …: hints for the operator, never a reason to skip approval.
        var annotations: JSONObject
    }

    let config: MCPServerConfig
    let projectRoot: String
    private let state = Mutex(State())
    /// Yields to its subscribers when the server says its tool list changed
    /// (`notifications/tools/list_changed`).
    let listChanges = MCPChanges()

    private struct State {
        /// The live (or starting) session.
        var session: Task<Result<Session, MCPError>, Never>?
        /// Restarts since the last call that got an answer (a server dying at start is not retried forever).
        var restartsInARow = 0
        var events: (any EventSink)?
        var stopped = false
    }

    /// A connected, initialized server.
    struct Session: Sendable {
        var connection: MCPConnection
        var transport: any MCPTransport
    }

    init(config: MCPServerConfig, projectRoot: String) {
        self.config = config
        self.projectRoot = projectRoot
    }

    var name: String { config.name }
    var timeout: Duration { .seconds(config.timeoutSeconds) }

    /// Where the server's stderr lines and notices go (the current run's events).
    func setEvents(_ events: any EventSink) {
        state.withLock { $0.events = events }
    }


    // MARK: - Requests

    /// The server's tools (every page of `tools/list`), filtered by the entry's `tools`.
    func listTools() async throws(MCPError) -> [Tool] {
        let session = try await connected()
        var tools: [Tool] = []
        var cursor: JSONValue?
        var pages = 0
        repeat {
            let result = try await session.connection.request(
                "tools/list", params: cursor.map { ["cursor": $0] }, timeout: timeout)
            for item in result["tools"]?.arrayValue ?? [] {
                guard let name = item["name"]?.stringValue else { continue }
                tools.append(Tool(
                    name: name, description: item["description"]?.stringValue ?? "",
                    inputSchema: item["inputSchema"] ?? ["type": "object"], annotations: item["annotations"]?.objectValue ?? [:]))
            }
            cursor = result["nextCursor"].flatMap { $0.isNull ? nil : $0 }
            pages += 1
        } while cursor != nil && pages < 1000
        if let allowed = config.allowedTools { tools = tools.filter { allowed.contains($0.name) } }
        return tools
    }

    /// Calls a tool and returns the raw `CallToolResult`.
    func call(_ tool: String, arguments: JSONValue) async throws(MCPError) -> JSONValue {
        let session = try await connected()
        let result = try await session.connection.request(
            "tools/call", params: ["name": .string(tool), "arguments": arguments], timeout: timeout)
        state.withLock { $0.restartsInARow = 0 }
        return result
    }

    // MARK: - Lifecycle

    /// The live session, starting (or restarting, once) the server when there is none.
    func connected() async throws(MCPError) -> Session {
        let task = state.withLock { state -> Task<Result<Session, MCPError>, Never>? in
            guard !state.stopped else { return nil }
            if let running = state.session { return running }
            let task = Task { [self] in await start() }
            state.session = task
            return task
        }
        guard let task else { throw MCPError(.unavailable, "MCP server '\(name)' was stopped (the project was reloaded)") }
        let session: Session
        switch await task.value {
        case .success(let started): session = started
        case .failure(let error):
            // The next call tries again (the command may have been installed meanwhile).
            state.withLock { state in if state.session == task { state.session = nil } }
            throw error
        }
        guard let reason = session.connection.closedReason else { return session }
        // It died since its last answer: start it again, once in a row.
        let retry = state.withLock { state -> Task<Result<Session, MCPError>, Never>? in
            if state.session == task {
                guard state.restartsInARow == 0 else { return nil }
                state.restartsInARow += 1
                state.session = Task { [self] in await start() }
            }
            return state.session
        }
        guard let retry else { throw MCPError(.closed, "\(reason) (not restarted again: it died right after the last restart)") }
        notice("MCP server '\(name)' had exited (\(reason)); restarting it")
        return try await retry.value.get()
    }

    /// Starts the server and performs the initialize handshake.
    private func start() async -> Result<Session, MCPError> {
        let connection = MCPConnection(server: name) { [weak self] method, _ in
            guard method == "notifications/tools/list_changed" else { return }
            self?.listChanges.yield()
        }
        let transport: any MCPTransport
        do throws(MCPError) {
            transport = try await connect(connection)
        } catch {
            return .failure(error)
        }
        do throws(MCPError) {
            let result = try await connection.request(
                "initialize",
                params: [
                    "protocolVersion": .string(Self.protocolVersion), "capabilities": [:],
                    "clientInfo": ["name": "llmdo", "version": .string(LLMDoVersion.string)],
                ], timeout: timeout)
            let version = result["protocolVersion"]?.stringValue ?? "none"
            guard Self.acceptedVersions.contains(version) else {
                throw MCPError(.unavailable, "MCP server '\(name)' speaks protocol version \(version); llmdo speaks \(Self.protocolVersion)")
            }
            await connection.notify("notifications/initialized")
            return .success(Session(connection: connection, transport: transport))
        } catch {
            await transport.close()
            var message = "MCP server '\(name)' (\(config.redacted)) did not start: \(error.message)"
            let tail = transport.stderrTail
            if !tail.isEmpty, !message.contains(tail) { message += "; its last stderr lines:\n\(tail)" }
            return .failure(MCPError(.unavailable, message))
        }
    }

    /// Makes the transport the entry asks for.
    private func connect(_ connection: MCPConnection) async throws(MCPError) -> any MCPTransport {
        switch config.transport {
        case .stdio(let command, let arguments, let environment, let directory):
            var inherited = ProcessInfo.processInfo.environment.filter { StdioTransport.inherited($0.key) }
            inherited.merge(environment) { _, configured in configured }
            let launch = StdioTransport.Launch(
                command: command, arguments: arguments, environment: inherited,
                directory: FileSystem.absolute(directory ?? ".", relativeTo: projectRoot), server: name
            ) { [weak self] line in self?.log(line) }
            return try await StdioTransport.start(launch, connection: connection)
        case .http(let url, let headers):
            return HTTPTransport(url: url, headers: headers, server: name, shownURL: config.redacted, connection: connection, timeout: timeout)
        }
    }

    /// Stops the server for good (the program that used it is gone).
    func stop() async {
        let task = state.withLock { state in
            state.stopped = true
            defer { state.session = nil }
            return state.session
        }
        if case .success(let session) = await task?.value { await session.transport.close() }
    }

    // MARK: - Events

    private func log(_ line: String) {
        state.withLock { $0.events }?.emit(.debug(DebugEvent(category: "mcp", message: "\(name): \(line)")))
    }

    private func notice(_ message: String) {
        state.withLock { $0.events }?.emit(.warning(WarningEvent(message: message)))
    }
}

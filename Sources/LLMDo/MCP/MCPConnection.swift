import Synchronization

/// JSON-RPC 2.0 over an ``MCPTransport``: numbered requests matched to their responses,
/// notifications both ways, and the few requests a server may send a client (`ping`).
///
/// A request waits for its response, the connection's end, its timeout, or its task's
/// cancellation, whichever comes first; a cancelled request is withdrawn with
/// `notifications/cancelled`, so the server can stop the work.
final class MCPConnection: Sendable {
    /// The server's name, for messages.
    let server: String
    private let state = Mutex(State())
    /// Each waiting request's timeout, cancelled when the answer comes first.
    private let timers = Mutex<[Int64: Task<Void, Never>]>([:])
    /// Called for each notification the server sends (`method`, `params`), on the transport's thread.
    private let onNotification: @Sendable (String, JSONValue?) -> Void

    private struct State {
        var nextID: Int64 = 1
        var pending: [Int64: CheckedContinuation<Result<JSONValue, MCPError>, Never>] = [:]
        /// Why the connection ended, once it has.
        var closed: String?
        var transport: (any MCPTransport)?
    }

    init(server: String, onNotification: @escaping @Sendable (String, JSONValue?) -> Void) {
        self.server = server
        self.onNotification = onNotification
    }

    /// Connects the transport (made after the connection, since it delivers to it).
    func attach(_ transport: any MCPTransport) {
        state.withLock { $0.transport = transport }
    }

    /// Why the connection ended, or `nil` while it is open.
    var closedReason: String? { state.withLock { $0.closed } }

    // MARK: - Outgoing

    /// Sends `method` and waits for its result.
    ///
    /// - Throws: ``MCPError``: `closed` (the server went away), `timedOut`, `rejected` (a
    ///   JSON-RPC error, its message quoted) or `cancelled`.
    func request(_ method: String, params: JSONValue? = nil, timeout: Duration) async throws(MCPError) -> JSONValue {
        let (id, transport, closed) = state.withLock { state in
            defer { state.nextID += 1 }
            return (state.nextID, state.transport, state.closed)
        }
        if let closed { throw MCPError(.closed, closed) }
        guard let transport else { throw MCPError(.closed, "MCP server '\(server)' is not connected") }
        var message: JSONObject = ["jsonrpc": "2.0", "id": .int(id), "method": .string(method)]
        if let params { message["params"] = params }
        let outgoing = JSONValue.object(message)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<JSONValue, MCPError>, Never>) in
                let open = state.withLock { state in
                    if state.closed != nil { return false }
                    state.pending[id] = continuation
                    return true
                }
                guard open else { return continuation.resume(returning: .failure(MCPError(.closed, closedReason ?? "closed"))) }
                if Task.isCancelled {
                    finish(id, .failure(MCPError(.cancelled, "cancelled")))
                    return
                }
                Task {
                    do throws(MCPError) {
                        try await transport.send(outgoing)
                    } catch {
                        finish(id, .failure(error))
                    }
                }
                let timer = Task { [server] in
                    try? await Task.sleep(for: timeout)
                    guard !Task.isCancelled else { return }
                    let message = "MCP server '\(server)' did not answer \(method) within \(timeout.components.seconds) s (timeout_s)"
                    if finish(id, .failure(MCPError(.timedOut, message))) {
                        await notify("notifications/cancelled", params: ["requestId": .int(id), "reason": "timed out"])
                    }
                }
                timers.withLock { $0[id] = timer }
            }
        } onCancel: {
            if finish(id, .failure(MCPError(.cancelled, "cancelled"))) {
                Task { await notify("notifications/cancelled", params: ["requestId": .int(id), "reason": "cancelled by llmdo"]) }
            }
        }
        timers.withLock { $0.removeValue(forKey: id) }?.cancel()
        return try result.get()
    }

    /// Sends a notification (no response); a failure to send is ignored, as the server is gone.
    func notify(_ method: String, params: JSONValue? = nil) async {
        guard let transport = state.withLock({ $0.closed == nil ? $0.transport : nil }) else { return }
        var message: JSONObject = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { message["params"] = params }
        try? await transport.send(.object(message))
    }

    /// Resumes a pending request once; `false` when it was already answered.
    @discardableResult
    private func finish(_ id: Int64, _ result: Result<JSONValue, MCPError>) -> Bool {
        guard let continuation = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return false }
        continuation.resume(returning: result)
        return true
    }

    // MARK: - Incoming

    /// Handles one message from the server: a response, a notification or a request.
    func receive(_ message: JSONValue) {
        if case .array(let batch) = message {
            for item in batch { receive(item) }
            return
        }
        guard case .object(let object) = message else { return }
        let method = object["method"]?.stringValue
        switch (object["id"], method) {
        case (.some(let id), nil):
            guard let number = id.int64Value else { return }
            if let error = object["error"] {
                let text = error["message"]?.stringValue ?? error.jsonText
                finish(number, .failure(MCPError(.rejected, "MCP server '\(server)' refused the request: \(text)")))
            } else {
                finish(number, .success(object["result"] ?? .null))
            }
        case (.some(let id), .some(let method)):
            answer(id: id, method: method)
        case (nil, .some(let method)):
            onNotification(method, object["params"])
        case (nil, nil):
            return
        }
    }

    /// Answers a server's request: `ping`; everything else (sampling, roots, elicitation) is
    /// not offered by this client.
    private func answer(id: JSONValue, method: String) {
        let reply: JSONValue =
            method == "ping"
            ? ["jsonrpc": "2.0", "id": id, "result": [:]]
            : ["jsonrpc": "2.0", "id": id, "error": ["code": -32601, "message": .string("llmdo does not offer \(method)")]]
        guard let transport = state.withLock({ $0.transport }) else { return }
        Task { try? await transport.send(reply) }
    }

    /// Ends the connection: every waiting request fails with `reason`.
    func close(reason: String) {
        let waiting = state.withLock { state in
            if state.closed == nil { state.closed = reason }
            defer { state.pending = [:] }
            return Array(state.pending.values)
        }
        for continuation in waiting { continuation.resume(returning: .failure(MCPError(.closed, reason))) }
    }
}

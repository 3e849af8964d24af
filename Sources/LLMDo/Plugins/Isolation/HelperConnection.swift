import Foundation
import LLMDoToolABI
import Synchronization

/// The host's side of one running plugin helper process.
///
/// Requests are frames with an id; a reader thread of its own (never the cooperative pool)
/// blocks on the socket, resumes the waiting caller when its reply arrives, and serves what the
/// helper asks of the host while a call runs: `call_worker` and `call_tool` run as tasks in the
/// original call's ``CallScope`` and are answered by id; `log` becomes an event. A second thread
/// turns the helper's stdout and stderr into debug events. When the socket ends, the reader
/// reaps the helper and fails every request still waiting with how it died.
final class HelperConnection: Sendable {
    typealias Completion = @Sendable (Result<JSONValue, HelperFailure>) -> Void

    /// One request waiting for its reply.
    private struct Pending {
        var scope: CallScope?
        var complete: Completion
        var nested: [Task<Void, Never>] = []
        var timer: Task<Void, Never>?
    }

    private struct State {
        var nextID = 1
        var pending: [Int: Pending] = [:]
        var death: HelperDeath?
        /// Set before the host kills the helper, so the death is reported as what it was.
        var killedBecause: HelperDeath.Cause?
        var reaped = false
        /// Where output lines and events without a call go: the sink of the latest call.
        var events: (any EventSink)?
    }

    /// The plugin's file as the manifest names it, for messages.
    let plugin: String
    let pid: pid_t
    private let channel: FrameChannel
    private let state = Mutex(State())

    private init(plugin: String, started: HelperLauncher.Started) {
        self.plugin = plugin
        self.pid = started.pid
        self.channel = FrameChannel(fd: started.socket)
    }

    /// Starts a helper process and its reader threads.
    static func start(plugin: String, memoryMB: Int?) throws(HelperFailure) -> HelperConnection {
        let started = try HelperLauncher.start(memoryMB: memoryMB)
        let connection = HelperConnection(plugin: plugin, started: started)
        let reader = Thread { connection.readFrames() }
        reader.name = "llmdo-plugin-helper"
        reader.stackSize = 1 << 20
        reader.start()
        let output = Thread { connection.readOutput(fd: started.output) }
        output.name = "llmdo-plugin-output"
        output.stackSize = 256 << 10
        output.start()
        return connection
    }

    var isAlive: Bool { state.withLock { $0.death == nil && $0.killedBecause == nil } }

    // MARK: Requests

    /// Sends a request built by `message` (given its id) and suspends until the reply.
    ///
    /// Cancelling the awaiting task tells the helper (`is_cancelled` becomes 1 there) and cancels
    /// the host calls it waits for; a call that has not returned `cancelGrace` later gets its
    /// helper killed. Past `timeout`, the helper is killed too.
    func request(
        label: String, scope: CallScope?, timeout: Duration?, cancelGrace: Duration = .seconds(2),
        _ message: @escaping @Sendable (Int) -> JSONValue
    ) async -> (id: Int, result: Result<JSONValue, HelperFailure>) {
        let id = nextID()
        let result: Result<JSONValue, HelperFailure> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                send(id: id, scope: scope, message: message(id)) { continuation.resume(returning: $0) }
                if let timeout, let seconds = Int(exactly: timeout.components.seconds) {
                    arm(id) { [self] in
                        try? await Task.sleep(for: timeout)
                        if !Task.isCancelled { kill(.timedOut(request: id, label: label, seconds: seconds), ifPending: id) }
                    }
                }
            }
        } onCancel: {
            cancel(id, label: label, grace: cancelGrace)
        }
        return (id, result)
    }

    /// The same, blocking the calling thread (loading a project is synchronous).
    /// Past `timeout`, the helper is killed and the request fails with that cause.
    func requestBlocking(label: String, timeout: Int?, _ message: (Int) -> JSONValue) -> (id: Int, result: Result<JSONValue, HelperFailure>) {
        let id = nextID()
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<JSONValue, HelperFailure>?>(nil)
        send(id: id, scope: nil, message: message(id)) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        if let timeout {
            if done.wait(timeout: .now() + .seconds(timeout)) == .timedOut {
                kill(.timedOut(request: id, label: label, seconds: timeout), ifPending: id)
                done.wait()  // the reaper fails the request
            }
        } else {
            done.wait()
        }
        return (id, outcome.withLock { $0 } ?? .failure(.malformed("no reply")))
    }

    /// Sends a frame that needs no reply (destroying an instance).
    func notify(_ message: JSONValue) { channel.send(message) }

    /// Ends the connection: the helper runs the plugin's `shutdown` and exits.
    func stop() { channel.closeForWriting() }

    private func nextID() -> Int {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    private func send(id: Int, scope: CallScope?, message: JSONValue, complete: @escaping Completion) {
        let death: HelperDeath? = state.withLock { state in
            if let death = state.death { return death }
            state.pending[id] = Pending(scope: scope, complete: complete)
            if let scope { state.events = scope.runtime.options.events }
            return nil
        }
        if let death { return complete(.failure(.died(death))) }
        // A failed send means the helper is gone; the reader fails the request when it sees EOF.
        channel.send(message)
    }

    private func arm(_ id: Int, _ body: @escaping @Sendable () async -> Void) {
        let timer = Task(operation: body)
        let armed = state.withLock { state in
            guard state.pending[id] != nil else { return false }
            state.pending[id]?.timer = timer
            return true
        }
        if !armed { timer.cancel() }
    }

    private func cancel(_ id: Int, label: String, grace: Duration) {
        let nested = state.withLock { $0.pending[id]?.nested ?? [] }
        for task in nested { task.cancel() }
        channel.send(["op": "cancel", "id": .int(Int64(id))])
        // The cancelled task's own timer cannot be used (its cancellation is what we react to).
        Task.detached { [self] in
            try? await Task.sleep(for: grace)
            kill(.cancelled(request: id, label: label), ifPending: id)
        }
    }

    /// Kills the helper's process group for `cause`, if request `id` is still waiting.
    private func kill(_ cause: HelperDeath.Cause, ifPending id: Int) {
        state.withLock { state in
            guard state.pending[id] != nil, !state.reaped, state.killedBecause == nil else { return }
            state.killedBecause = cause
            _ = Glibc.kill(-pid, SIGKILL)
        }
    }

    // MARK: The reader thread

    private func readFrames() {
        while let frame = channel.receive() {
            if let id = frame["re"]?.int64Value.map(Int.init) {
                guard let pending = state.withLock({ $0.pending.removeValue(forKey: id) }) else { continue }
                pending.timer?.cancel()
                pending.complete(.success(frame))
                continue
            }
            switch frame["op"]?.stringValue {
            case "log": log(frame)
            case "call_worker", "call_tool": serveNested(frame)
            default: continue
            }
        }
        reap()
    }

    private func log(_ frame: JSONValue) {
        let call = frame["call"]?.int64Value.map(Int.init) ?? 0
        guard let scope = state.withLock({ $0.pending[call]?.scope }), let message = frame["message"]?.stringValue else { return }
        let level = frame["level"]?.int64Value ?? 0
        let text = "\(scope.workerName): \(message)"
        scope.emit(level >= Int64(LLMDO_LOG_WARNING) ? .warning(WarningEvent(message: text)) : .debug(DebugEvent(category: "plugin", message: text)))
    }

    /// Runs a worker or tool call the plugin made, in the scope of the call it made it from.
    private func serveNested(_ frame: JSONValue) {
        guard let id = frame["id"]?.int64Value else { return }
        let call = frame["call"]?.int64Value.map(Int.init) ?? 0
        let name = frame["name"]?.stringValue ?? ""
        let input = frame["input"] ?? .null
        let worker = frame["op"]?.stringValue == "call_worker"
        let answer: @Sendable (Int32, String) -> Void = { [channel] status, text in
            channel.send(["re": .int(id), "status": .int(Int64(status)), "text": .string(text)])
        }
        guard let scope = state.withLock({ $0.pending[call]?.scope }) else {
            return answer(LLMDO_FAILED, "workers and tools cannot be called from here (only from a tool call or a code entry)")
        }
        let task = Task {
            do {
                let text = worker
                    ? try await scope.callWorker(name, input: input).jsonText
                    : try await scope.deeper(calling: "tool '\(name)'").callTool(name, arguments: input).jsonValue.jsonText
                answer(LLMDO_OK, text)
            } catch {
                answer(PluginErrors.status(of: error), PluginErrors.message(of: error))
            }
        }
        let kept = state.withLock { state in
            guard state.pending[call] != nil else { return false }
            state.pending[call]?.nested.append(task)
            return true
        }
        if !kept { task.cancel() }
    }

    /// After end of stream: kill what is left of the group, reap the helper, fail what waits.
    private func reap() {
        let group = state.withLock { state in
            state.reaped = true
            return -pid
        }
        _ = Glibc.kill(group, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFSIGNALED / WTERMSIG / WEXITSTATUS are macros Swift cannot import.
        let signal = status & 0x7F
        let (death, pending) = state.withLock { state in
            let cause = state.killedBecause ?? (signal != 0 ? .signal(signal) : .exited((status >> 8) & 0xFF))
            let death = HelperDeath(cause: cause, inFlight: state.pending.count)
            state.death = death
            defer { state.pending = [:] }
            return (death, state.pending)
        }
        for (_, request) in pending {
            request.timer?.cancel()
            for task in request.nested { task.cancel() }
            request.complete(.failure(.died(death)))
        }
    }

    // MARK: The output thread

    /// Turns the helper's stdout and stderr (one pipe) into debug events, line by line.
    private func readOutput(fd: Int32) {
        defer { close(fd) }
        var line: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            for byte in buffer[..<count] {
                if byte == UInt8(ascii: "\n") {
                    emitOutput(line)
                    line.removeAll(keepingCapacity: true)
                } else if line.count < 4096 {
                    line.append(byte)
                }
            }
        }
        if !line.isEmpty { emitOutput(line) }
    }

    private func emitOutput(_ line: [UInt8]) {
        guard let events = state.withLock({ $0.events }) else { return }
        events.emit(.debug(DebugEvent(category: "plugin", message: "\(plugin) (isolated) printed: \(String(decoding: line, as: UTF8.self))")))
    }
}

import CSandbox
import Foundation
import Synchronization

/// An MCP server as a subprocess speaking newline-delimited JSON-RPC on stdin and stdout.
///
/// The server is started (through ``Subprocess/fork``: its own session and process group, the
/// parent-death signal, default signal dispositions, no other descriptors) by a thread of its
/// own, which then reads its stdout and stderr with `poll` until both close, and reaps it. That
/// thread lives as long as the server, because the parent-death signal follows it. Stdout lines
/// go to the connection; stderr lines become debug events (never llmdo's stdout) and the last
/// ones are kept for error messages. Requests are written to a socket that is the server's
/// stdin (`MSG_NOSIGNAL`: a dead server is an error, not a SIGPIPE for llmdo).
final class StdioTransport: MCPTransport {
    /// What a started server needs from its owner.
    struct Launch: Sendable {
        var command: String
        var arguments: [String]
        var environment: [String: String]
        var directory: String
        /// The server's name, for messages and the thread.
        var server: String
        /// Where each stderr line goes, from the first one on.
        var log: @Sendable (String) -> Void
    }

    private let pid: pid_t
    /// llmdo's end of the server's stdin (non-blocking).
    private let input: Int32
    private let state = Mutex(State())
    /// What could not be written yet (a server that reads slowly).
    private let outbox = Mutex(Outbox())
    private let connection: MCPConnection
    /// Where each stderr line goes (debug events of the server's current run).
    private let log: @Sendable (String) -> Void

    private struct Outbox {
        var pending: [UInt8] = []
        var draining = false
    }

    private struct State {
        var stderrLines: [String] = []
        var reaped = false
        var inputClosed = false
    }

    /// Environment variables a server inherits from llmdo; everything else (API keys included)
    /// is dropped, and the entry's `env` is added.
    static func inherited(_ name: String) -> Bool {
        ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "LANG", "TZ", "TMPDIR"].contains(name) || name.hasPrefix("LC_")
    }

    private init(pid: pid_t, input: Int32, connection: MCPConnection, log: @escaping @Sendable (String) -> Void) {
        self.pid = pid
        self.input = input
        self.connection = connection
        self.log = log
    }

    deinit { Glibc.close(input) }

    /// Starts the server; its messages go to `connection`, its end closes `connection`.
    ///
    /// - Throws: ``MCPError`` (`unavailable`) naming the command when it cannot be started.
    static func start(_ launch: Launch, connection: MCPConnection) async throws(MCPError) -> StdioTransport {
        let started = await withCheckedContinuation { (continuation: CheckedContinuation<Result<StdioTransport, MCPError>, Never>) in
            let thread = Thread {
                ThreadName.set("llmdo-mcp")
                let transport: StdioTransport
                let output: (stdout: Int32, stderr: Int32)
                switch spawn(launch, connection: connection) {
                case .failure(let error):
                    return continuation.resume(returning: .failure(error))
                case .success(let started):
                    (transport, output) = (started.0, started.1)
                }
                continuation.resume(returning: .success(transport))
                transport.pump(stdout: output.stdout, stderr: output.stderr, server: launch.server)
            }
            thread.stackSize = 512 << 10
            thread.start()
        }
        return try started.get()
    }

    var stderrTail: String {
        state.withLock { $0.stderrLines.suffix(5).joined(separator: "\n") }
    }

    /// Writes the message now when the socket has room (it nearly always does). Otherwise the
    /// rest waits in an outbox that a thread of its own drains as the server reads, and later
    /// messages queue behind it, so messages never interleave and no caller blocks.
    func send(_ message: JSONValue) async throws(MCPError) {
        let bytes = Array((message.jsonText + "\n").utf8)
        let startDrain = try outbox.withLock { (box: inout Outbox) throws(MCPError) -> Bool in
            if box.pending.isEmpty {
                var offset = 0
                if try write(bytes, from: &offset) { return false }
                box.pending = Array(bytes[offset...])
            } else {
                box.pending += bytes
            }
            defer { box.draining = true }
            return !box.draining
        }
        guard startDrain else { return }
        Task { [self] in await BlockingPool.runDedicated(name: "llmdo-mcp-write") { self.drain() } }
    }

    /// Writes the outbox as the server makes room, until it is empty or the server is gone.
    private func drain() {
        while true {
            var entry = pollfd(fd: input, events: Int16(POLLOUT), revents: 0)
            _ = poll(&entry, 1, 1000)
            let done = outbox.withLock { box -> Bool in
                var offset = 0
                let finished = (try? write(box.pending, from: &offset)) ?? true  // an error: the server is gone
                box.pending.removeFirst(finished ? box.pending.count : offset)
                if box.pending.isEmpty { box.draining = false }
                return box.pending.isEmpty
            }
            if done { return }
        }
    }

    /// Writes what it can; `true` once everything is written.
    private func write(_ bytes: [UInt8], from offset: inout Int) throws(MCPError) -> Bool {
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.send(input, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count > 0 {
                offset += count
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return false
            } else if errno != EINTR {
                throw MCPError(.closed, "MCP server '\(connection.server)' stopped reading its input (\(Errno(errno).text))")
            }
        }
        return true
    }

    /// Closes the server's stdin (the spec's way to ask it to exit), then ends its group; the
    /// reading thread reaps it.
    func close() async {
        state.withLock { state in
            guard !state.inputClosed, !state.reaped else { return }
            state.inputClosed = true
            shutdown(input, Int32(SHUT_WR))
            kill(-pid, SIGTERM)
        }
    }

    // MARK: - The server's thread

    /// Starts the child. Runs on the thread that then reads from it.
    private static func spawn(_ launch: Launch, connection: MCPConnection) -> Result<(StdioTransport, (Int32, Int32)), MCPError> {
        let search = launch.environment["PATH"] ?? Subprocess.searchPath
        let program: String?
        if launch.command.contains("/") {
            program = Subprocess.locate(FileSystem.absolute(launch.command, relativeTo: launch.directory), in: search)
        } else {
            program = Subprocess.locate(launch.command, in: search)
        }
        guard let program else {
            return .failure(MCPError(.unavailable, "cannot start MCP server '\(launch.server)': '\(launch.command)' not found (PATH=\(search))"))
        }
        var socket: [Int32] = [-1, -1]
        var stdout: [Int32] = [-1, -1]
        var stderr: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &socket) == 0,
            llmdo_sandbox_pipe(&stdout) == 0, llmdo_sandbox_pipe(&stderr) == 0
        else {
            let reason = Errno(errno).text
            for fd in socket + stdout + stderr where fd >= 0 { Glibc.close(fd) }
            return .failure(MCPError(.unavailable, "cannot start MCP server '\(launch.server)': \(reason)"))
        }
        defer { Glibc.close(socket[1]); Glibc.close(stdout[1]); Glibc.close(stderr[1]) }
        let pid: pid_t
        do {
            pid = try Subprocess.fork(
                program: program, arguments: [launch.command] + launch.arguments,
                environment: launch.environment.map { "\($0.key)=\($0.value)" }, directory: launch.directory,
                output: (stdout[1], stderr[1]), ruleset: -1, network: LLMDO_NETWORK_OPEN, input: socket[1])
        } catch {
            for fd in [socket[0], stdout[0], stderr[0]] { Glibc.close(fd) }
            return .failure(MCPError(.unavailable, "cannot start MCP server '\(launch.server)' (\(launch.command)): \(error.reason)"))
        }
        MCPProcessGroups.register(pid)
        for fd in [socket[0], stdout[0], stderr[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        let transport = StdioTransport(pid: pid, input: socket[0], connection: connection, log: launch.log)
        connection.attach(transport)
        return .success((transport, (stdout[0], stderr[0])))
    }

    /// Reads both outputs until they close, then reaps the server and closes the connection.
    private func pump(stdout: Int32, stderr: Int32, server: String) {
        var fds = [pollfd(fd: stdout, events: Int16(POLLIN), revents: 0), pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)]
        var lines = [LineBuffer(), LineBuffer()]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while fds.contains(where: { $0.fd >= 0 }) {
            if poll(&fds, nfds_t(fds.count), -1) < 0, errno != EINTR { break }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    for line in lines[index].append(buffer[..<count]) { index == 0 ? deliver(line) : logStderr(line) }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    Glibc.close(fds[index].fd)
                    fds[index].fd = -1
                }
            }
        }
        let status = reap()
        MCPProcessGroups.unregister(pid)
        var reason = "MCP server '\(server)' exited (\(status))"
        let tail = stderrTail
        if !tail.isEmpty { reason += "; its last stderr lines:\n\(tail)" }
        connection.close(reason: reason)
    }

    private func deliver(_ line: [UInt8]) {
        guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { return }
        if let message = try? JSONValue(parsing: line) {
            connection.receive(message)
        } else {
            logStderr(Array("(not JSON on stdout) ".utf8) + line.prefix(200))
        }
    }

    private func logStderr(_ line: [UInt8]) {
        let text = String(decoding: line, as: UTF8.self)
        state.withLock { state in
            state.stderrLines.append(text)
            if state.stderrLines.count > 20 { state.stderrLines.removeFirst() }
        }
        log(text)
    }

    /// Waits for the server (its outputs are closed: it is exiting), kills what is left of its
    /// group, and describes how it ended. The leader stays a zombie (`WNOWAIT`) until its group
    /// is killed, so the group id cannot be reused in between.
    private func reap() -> String {
        var waited = 0
        while true {
            var info = siginfo_t()
            let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
            if result == 0, info._sifields._sigchld.si_pid == pid { break }
            if result != 0, errno != EINTR { break }
            // A server that closed its outputs but keeps running gets 2 s, then SIGKILL.
            if waited == 200 { kill(-pid, SIGKILL) }
            usleep(10_000)
            waited += 1
        }
        state.withLock { state in
            kill(-pid, SIGKILL)
            state.reaped = true
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? "exit status \((status >> 8) & 0xFF)" : "killed by signal \(signal)"
    }
}

/// Splits a byte stream into lines (without the newline).
struct LineBuffer {
    private var pending: [UInt8] = []

    mutating func append(_ bytes: ArraySlice<UInt8>) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            lines.append(pending + bytes[start..<newline])
            pending = []
            start = newline + 1
        }
        pending += bytes[start...]
        return lines
    }
}

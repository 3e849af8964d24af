import CSandbox
import Foundation
import Synchronization

/// Runs one program (no shell) in its own session and process group, under the OS sandbox
/// (``Sandbox``), and collects its output, without ever blocking the cooperative thread pool.
///
/// A dedicated thread starts the child (through `llmdo_sandbox_spawn`, which sets the child up
/// between fork and exec: see ``Sandbox``), then drains stdout and stderr together with `poll`
/// (so neither pipe can fill and stall the child), keeps at most `outputLimit` bytes of each, and
/// kills the whole group (`kill(-pgid, SIGKILL)`) at the deadline or when the task is cancelled.
/// Stragglers left in the group after the leader exits are killed too. The thread lives until
/// the child is reaped, because the child's parent-death signal follows that thread: if llmdo
/// dies, even of SIGKILL, the child dies with it.
package enum Subprocess {
    /// What a finished program left behind.
    package struct Result: Sendable {
        /// The exit status, or `128 + signal` when a signal ended it.
        package var exitCode: Int32
        package var stdout: Captured
        package var stderr: Captured
        /// Killed at the deadline.
        package var timedOut: Bool
    }

    /// The first bytes of a stream and how many more were dropped.
    package struct Captured: Sendable {
        package var bytes: [UInt8] = []
        package var dropped = 0
    }

    /// Runs `arguments[0]` (looked up in the `PATH` of `environment`) with `arguments` in `directory`.
    ///
    /// - Parameter sandbox: what the program may touch; `nil` runs it without Landlock or
    ///   network isolation (still in its own session, killed with llmdo).
    /// - Throws: ``ToolError/failed(_:)`` when the program cannot be started.
    package static func run(
        _ arguments: [String], in directory: String, environment: [String: String], sandbox: SandboxPolicy?,
        timeout: Duration, outputLimit: Int
    ) async throws(ToolError) -> Result {
        let launch = Launch()
        let outcome = await withTaskCancellationHandler {
            // A thread of our own, not the blocking pool's: it forks (the child's parent-death
            // signal is tied to it), then blocks in poll/waitpid for up to `timeout`.
            await BlockingPool.runDedicated(name: "llmdo-shell") {
                Swift.Result { () throws(ToolError) -> Result in
                    let child = try spawn(arguments, in: directory, environment: environment, sandbox: sandbox)
                    launch.started(child)
                    return child.collect(timeout: timeout, outputLimit: outputLimit)
                }
            }
        } onCancel: {
            launch.cancel()
        }
        return try outcome.get()
    }

    /// Connects a cancellation that may come before the child exists to the child.
    final class Launch: Sendable {
        private let state = Mutex<(child: Child?, cancelled: Bool)>((nil, false))

        func started(_ child: Child) {
            let cancelled = state.withLock { state in
                state.child = child
                return state.cancelled
            }
            if cancelled { child.killGroup() }
        }

        func cancel() {
            state.withLock { $0.cancelled = true; return $0.child }?.killGroup()
        }
    }

    /// A started child: its pid (= process group id) and the read ends of its output pipes.
    final class Child: Sendable {
        let pid: pid_t
        let stdout: Int32
        let stderr: Int32
        /// Set once the leader is reaped; after that its pid (and group id) may be reused.
        private let reaped = Mutex(false)

        init(pid: pid_t, stdout: Int32, stderr: Int32) {
            self.pid = pid
            self.stdout = stdout
            self.stderr = stderr
        }

        /// Kills the group, unless the leader is already reaped.
        func killGroup() {
            reaped.withLock { if !$0 { kill(-pid, SIGKILL) } }
        }

        /// Drains both pipes until they close or the deadline passes, then reaps the child.
        func collect(timeout: Duration, outputLimit: Int) -> Result {
            let deadline = ContinuousClock.now + timeout
            var captured = [Captured(), Captured()]
            var fds = [pollfd(fd: stdout, events: Int16(POLLIN), revents: 0), pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)]
            var open = 2
            var timedOut = false
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while open > 0 {
                let left = ContinuousClock.now.duration(to: deadline)
                if left <= .zero {
                    timedOut = true
                    break
                }
                // Wake at least every 100 ms: a leader that exits while something it started
                // holds the pipes open should not wait for the deadline.
                let milliseconds = min(100, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
                let ready = poll(&fds, nfds_t(fds.count), Int32(milliseconds))
                if ready < 0, errno != EINTR { break }
                if ready == 0, leaderExited() { killGroup() }
                for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                    let count = buffer.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                    if count > 0 {
                        let keep = max(0, min(count, outputLimit - captured[index].bytes.count))
                        captured[index].bytes.append(contentsOf: buffer[..<keep])
                        captured[index].dropped += count - keep
                    } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                        close(fds[index].fd)
                        fds[index].fd = -1
                        open -= 1
                    }
                }
            }
            // Kill before closing the pipes, so the child dies of SIGKILL, not of a broken pipe.
            if timedOut { killGroup() }
            for entry in fds where entry.fd >= 0 { close(entry.fd) }
            let status = reap(deadline: deadline, timedOut: &timedOut)
            return Result(exitCode: status, stdout: captured[0], stderr: captured[1], timedOut: timedOut)
        }

        /// Whether the leader has exited, leaving it a zombie (`WNOWAIT`) so its group id cannot
        /// be reused before the stragglers are killed.
        private func leaderExited() -> Bool {
            var info = siginfo_t()
            while true {
                if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 {
                    // With WNOHANG and no state change, si_pid stays 0.
                    return info._sifields._sigchld.si_pid == pid
                }
                if errno != EINTR { return true }  // ECHILD: nothing left to wait for
            }
        }

        /// Waits for the leader until the deadline (its pipes may close before it exits), kills
        /// what is left of the group, and reaps the leader. Returns the exit code.
        private func reap(deadline: ContinuousClock.Instant, timedOut: inout Bool) -> Int32 {
            while !timedOut, !leaderExited() {
                if ContinuousClock.now >= deadline { timedOut = true; break }
                usleep(2_000)
            }
            killGroup()
            var status: Int32 = 0
            reaped.withLock { $0 = true }
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift cannot import.
            let signal = status & 0x7F
            return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        }
    }

    /// The `PATH` the sandboxed programs are looked up in.
    static let searchPath = "/usr/local/bin:/usr/bin:/bin"

    /// Starts the child. Only this function and MCP's stdio servers (``StdioProcess``) fork.
    private static func spawn(
        _ arguments: [String], in directory: String, environment: [String: String], sandbox: SandboxPolicy?
    ) throws(ToolError) -> Child {
        guard let name = arguments.first else { throw ToolError.failed("the command is empty") }
        guard let program = locate(name, in: environment["PATH"] ?? searchPath) else {
            throw ToolError.failed("cannot run '\(name)': command not found")
        }
        var network = LLMDO_NETWORK_OPEN
        var ruleset: Int32 = -1
        if let sandbox {
            if Sandbox.landlockABI == 0, !Sandbox.allowsWithoutLandlock(name) {
                throw ToolError.failed("'\(name)' needs the OS sandbox (Landlock), which this kernel does not offer")
            }
            network = sandbox.network ?? Sandbox.network
            ruleset = try LandlockRuleset.make(for: sandbox, program: program)
        }
        defer { if ruleset >= 0 { close(ruleset) } }

        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard llmdo_sandbox_pipe(&outPipe) == 0 else { throw failure("cannot create a pipe") }
        guard llmdo_sandbox_pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw failure("cannot create a pipe")
        }
        defer { close(outPipe[1]); close(errPipe[1]) }

        let pid: pid_t
        do {
            pid = try fork(
                program: program, arguments: arguments, environment: environment.map { "\($0.key)=\($0.value)" },
                directory: directory, output: (outPipe[1], errPipe[1]), ruleset: ruleset, network: network)
        } catch {
            close(outPipe[0]); close(errPipe[0])
            throw ToolError.failed("cannot run '\(name)': \(error.reason)")
        }
        for fd in [outPipe[0], errPipe[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        return Child(pid: pid, stdout: outPipe[0], stderr: errPipe[0])
    }

    /// The absolute, symlink-free path of an executable `name` in `searchPath` (names with a
    /// slash are taken as they are).
    static func locate(_ name: String, in searchPath: String) -> String? {
        let candidates = name.contains("/") ? [name] : searchPath.split(separator: ":").map { "\($0)/\(name)" }
        for candidate in candidates where access(candidate, X_OK) == 0 {
            guard let resolved = realpath(candidate, nil) else { continue }
            defer { free(resolved) }
            var info = stat()
            if stat(resolved, &info) == 0, info.st_mode & S_IFMT == S_IFREG { return String(cString: resolved) }
        }
        return nil
    }

    /// Whether a child can be started in a new user and network namespace here (a container may
    /// forbid unprivileged namespaces). Starts `true` once that way.
    static func probeNamespaces() -> Bool {
        guard let program = locate("true", in: searchPath) else { return false }
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(null) }
        guard let pid = try? fork(
            program: program, arguments: [program], environment: [], directory: "/", output: (null, null),
            ruleset: -1, network: LLMDO_NETWORK_NAMESPACE)
        else { return false }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return status == 0
    }

    /// Why a child did not start: the setup step and errno (`llmdo_spawn_stage`).
    struct StartFailure: Error {
        var stage: Int32
        var error: Int32
    }

    /// Forks and executes `program`; every string the child reads is allocated here, before fork.
    /// `input` becomes the child's stdin (-1: /dev/null). The child dies with the calling thread.
    static func fork(
        program: String, arguments: [String], environment: [String], directory: String, output: (Int32, Int32),
        ruleset: Int32, network: llmdo_network_isolation, input: Int32 = -1
    ) throws(StartFailure) -> pid_t {
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        let texts: [String] = [program, directory, "\(getuid()) \(getuid()) 1", "\(getgid()) \(getgid()) 1"]
        let strings = texts.map { UnsafePointer(strdup($0)) }
        defer {
            for pointer in argv + envp { free(pointer) }
            for pointer in strings { free(UnsafeMutablePointer(mutating: pointer)) }
        }
        var pid: pid_t = 0
        var failure = StartFailure(stage: 0, error: 0)
        let status = argv.withUnsafeBufferPointer { argv in
            envp.withUnsafeBufferPointer { envp in
                var spec = llmdo_spawn_spec(
                    path: strings[0], argv: argv.baseAddress, envp: envp.baseAddress, directory: strings[1],
                    stdout_fd: output.0, stderr_fd: output.1, landlock_ruleset: ruleset, network: network,
                    uid_map: strings[2], gid_map: strings[3], stdin_fd: input)
                return llmdo_sandbox_spawn(&spec, &pid, &failure.stage, &failure.error)
            }
        }
        guard status == 0 else { throw failure }
        return pid
    }

    private static func failure(_ message: String) -> ToolError {
        ToolError.failed("\(message): \(String(cString: strerror(errno)))")
    }
}

extension Subprocess.StartFailure {
    /// The failure in words.
    var reason: String {
        let reason = String(cString: strerror(error))
        switch UInt32(stage) {
        case LLMDO_STAGE_EXEC.rawValue: return error == ENOENT ? "command not found" : reason
        case LLMDO_STAGE_DIRECTORY.rawValue: return "cannot enter the base folder: \(reason)"
        case LLMDO_STAGE_NAMESPACE.rawValue, LLMDO_STAGE_ID_MAP.rawValue:
            return "cannot create the network namespace: \(reason)"
        case LLMDO_STAGE_SECCOMP.rawValue: return "cannot install the network filter: \(reason)"
        case LLMDO_STAGE_LANDLOCK.rawValue, LLMDO_STAGE_NO_NEW_PRIVS.rawValue: return "cannot enter the sandbox: \(reason)"
        default: return "cannot start the process: \(reason)"
        }
    }
}

import Foundation
import Synchronization

/// Runs one program (no shell) in its own process group and collects its output, without ever
/// blocking the cooperative thread pool.
///
/// The program is started with `posix_spawnp` (`POSIX_SPAWN_SETPGROUP`, stdin from `/dev/null`,
/// default signal dispositions). A dedicated thread then drains stdout and stderr together with
/// `poll` (so neither pipe can fill and stall the child), keeps at most `outputLimit` bytes of
/// each, and kills the whole group (`kill(-pgid, SIGKILL)`) at the deadline or when the task is
/// cancelled. Stragglers left in the group after the leader exits are killed too.
enum Subprocess {
    /// What a finished program left behind.
    struct Result: Sendable {
        /// The exit status, or `128 + signal` when a signal ended it.
        var exitCode: Int32
        var stdout: Captured
        var stderr: Captured
        /// Killed at the deadline.
        var timedOut: Bool
    }

    /// The first bytes of a stream and how many more were dropped.
    struct Captured: Sendable {
        var bytes: [UInt8] = []
        var dropped = 0
    }

    /// Runs `arguments[0]` (looked up in `PATH`) with `arguments` in `directory`.
    ///
    /// - Throws: ``ToolError/failed(_:)`` when the program cannot be started.
    static func run(
        _ arguments: [String], in directory: String, environment: [String: String], timeout: Duration, outputLimit: Int
    ) async throws(ToolError) -> Result {
        let child = try spawn(arguments, in: directory, environment: environment)
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
                // A thread of our own: the wait blocks in poll/waitpid for up to `timeout`.
                let thread = Thread {
                    continuation.resume(returning: child.collect(timeout: timeout, outputLimit: outputLimit))
                }
                thread.name = "llmdo-subprocess"
                thread.start()
            }
        } onCancel: {
            child.killGroup()
        }
        return outcome
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

    /// Starts the child. Only this function touches posix_spawn.
    private static func spawn(_ arguments: [String], in directory: String, environment: [String: String])
        throws(ToolError) -> Child
    {
        guard let program = arguments.first else { throw ToolError.failed("the command is empty") }
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw failure("cannot create a pipe") }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw failure("cannot create a pipe")
        }
        // pipe2 is not imported; children we spawn close inherited descriptors anyway (closefrom).
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        defer { close(outPipe[1]); close(errPipe[1]) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        guard SpawnExtensions.addChdir(&actions, directory) else {
            close(outPipe[0]); close(errPipe[0])
            throw ToolError.failed("cannot run commands here: this C library cannot set a child's working directory")
        }
        // Descriptors the host opened without O_CLOEXEC (a terminal, a plugin's files) stay ours.
        SpawnExtensions.addCloseFrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        // The host may ignore SIGPIPE; a child that inherits that never stops on a closed pipe.
        sigaddset(&defaults, SIGPIPE)
        SpawnExtensions.ownGroup(&attributes, defaultSignals: defaults)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(outPipe[0]); close(errPipe[0])
            let reason = status == ENOENT ? "command not found" : String(cString: strerror(status))
            throw ToolError.failed("cannot run '\(program)': \(reason)")
        }
        for fd in [outPipe[0], errPipe[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        return Child(pid: pid, stdout: outPipe[0], stderr: errPipe[0])
    }

    private static func failure(_ message: String) -> ToolError {
        ToolError.failed("\(message): \(String(cString: strerror(errno)))")
    }
}

/// glibc's `posix_spawn_file_actions_addchdir_np` and `…_addclosefrom_np`, which Swift's Glibc
/// module does not import (they sit behind `_GNU_SOURCE`), looked up once by name. Also used by
/// the plugin helper launcher.
enum SpawnExtensions {
    private typealias Chdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    // RTLD_DEFAULT is a null handle on glibc.
    private static let chdir = dlsym(nil, "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: Chdir.self) }
    private static let closeFrom = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }

    /// Adds a working-directory change; false when the C library lacks it.
    static func addChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) -> Bool {
        guard let chdir else { return false }
        return chdir(actions, path) == 0
    }

    /// Starts the child in a process group of its own, with no signal blocked and the default
    /// disposition for `defaultSignals`.
    static func ownGroup(_ attributes: inout posix_spawnattr_t, defaultSignals: sigset_t) {
        var defaults = defaultSignals
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    }

    /// Adds "close every descriptor from `fd` up", when the C library has it.
    static func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ fd: Int32) {
        _ = closeFrom?(actions, fd)
    }
}

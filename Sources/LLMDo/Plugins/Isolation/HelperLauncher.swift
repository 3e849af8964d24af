import Foundation
import Glibc
import Synchronization

/// Starts plugin helper processes: the llmdo executable in its hidden helper mode.
///
/// The helper gets the protocol socket as fd 3, `/dev/null` as stdin, and one pipe as both
/// stdout and stderr (the host turns it into debug events; it never reaches llmdo's stdout).
/// It runs in its own process group, with default signal dispositions and an environment
/// reduced to an allow-list (no provider keys or other secrets). It asks the kernel to kill it
/// when llmdo dies (`PR_SET_PDEATHSIG`, set by the helper itself: posix_spawn cannot).
enum HelperLauncher {
    /// The argument that selects helper mode (`llmdo __plugin-helper PARENT_PID MEMORY_MB`).
    static let modeArgument = "__plugin-helper"
    /// The environment variable that names the helper executable (embedders, tests).
    static let executableVariable = "LLMDO_PLUGIN_HELPER"

    /// Variables a helper inherits; everything else (API keys included) is dropped.
    static func allowed(_ name: String) -> Bool {
        ["PATH", "HOME", "USER", "LOGNAME", "LANG", "TZ", "TMPDIR", "LLMDO_PLUGIN_PATH", "LD_LIBRARY_PATH", "SWIFT_BACKTRACE"].contains(name)
            || name.hasPrefix("LC_")
    }

    /// A started helper: its pid (= process group), the host's end of the socket, and the read
    /// end of its output pipe.
    struct Started {
        var pid: pid_t
        var socket: Int32
        var output: Int32
    }

    /// The helper executable: `LLMDO_PLUGIN_HELPER`, else this process when it is `llmdo`,
    /// else an `llmdo` beside this executable (a test runner in SwiftPM's build folder).
    static func executable() -> String? {
        if let named = getenv(executableVariable).map({ String(cString: $0) }), !named.isEmpty { return named }
        guard let folder = PluginImage.executableDirectory() else { return nil }
        if let own = ownExecutable(), own.hasSuffix("/llmdo") { return own }
        let sibling = "\(folder)/llmdo"
        return access(sibling, X_OK) == 0 ? sibling : nil
    }

    private static func ownExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return buffer[..<count].withUnsafeBufferPointer { String(decoding: UnsafeRawBufferPointer($0), as: UTF8.self) }
    }

    /// Starts a helper; throws a message for the user when it cannot.
    ///
    /// The spawn happens on one permanent thread: the kernel sends `PR_SET_PDEATHSIG` when the
    /// *thread* that started the child exits, and pool threads come and go.
    static func start(memoryMB: Int?) throws(HelperFailure) -> Started {
        try spawner.run { () throws(HelperFailure) -> Started in try spawn(memoryMB: memoryMB) }
    }

    private static let spawner = PermanentThread(name: "llmdo-helper-spawner")

    private static func spawn(memoryMB: Int?) throws(HelperFailure) -> Started {
        guard let executable = executable() else {
            throw HelperFailure.unavailable(
                "no plugin helper executable found: set \(executableVariable) to the llmdo binary (or run the plugin with \"isolation\": \"none\")")
        }
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw HelperFailure.unavailable("cannot create a socket for the plugin helper: \(Errno(errno).text)")
        }
        var output: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else {
            let reason = Errno(errno).text
            close(pair[0]); close(pair[1])
            throw HelperFailure.unavailable("cannot create a pipe for the plugin helper: \(reason)")
        }
        for fd in output { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        defer { close(pair[1]); close(output[1]) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, output[1], 2)
        posix_spawn_file_actions_adddup2(&actions, pair[1], 3)
        SpawnAttributes.addCloseFrom(&actions, 4)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        SpawnAttributes.ownGroup(&attributes)

        let arguments = [executable, modeArgument, "\(getpid())", "\(memoryMB ?? 0)"]
        var environment: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "="), allowed(String(text[..<equals])) { environment.append(text) }
            entry += 1
        }
        // Swift's crash backtracer (the helper is a Swift program) takes most of a second to
        // symbolicate a plugin's crash; llmdo reports the crash itself. SWIFT_BACKTRACE set in
        // llmdo's environment is passed on instead (to debug a plugin).
        if !environment.contains(where: { $0.hasPrefix("SWIFT_BACKTRACE=") }) { environment.append("SWIFT_BACKTRACE=enable=no") }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(pair[0]); close(output[0])
            throw HelperFailure.unavailable("cannot start the plugin helper \(executable): \(Errno(status).text)")
        }
        return Started(pid: pid, socket: pair[0], output: output[0])
    }
}

/// A thread that never exits and runs one job at a time for its callers, who block until it is done.
final class PermanentThread: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []

    init(name: String) {
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.stackSize = 256 << 10
        thread.start()
    }

    func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) throws(E) -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, E>?>(nil)
        condition.withLock {
            jobs.append {
                let result = Result { () throws(E) -> T in try body() }
                outcome.withLock { $0 = result }
                done.signal()
            }
            condition.signal()
        }
        done.wait()
        // The job always stores an outcome before it signals.
        guard let result = outcome.withLock({ $0 }) else { fatalError("PermanentThread job finished without a result") }
        return try result.get()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}

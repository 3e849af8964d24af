import Foundation
import Testing

/// The built `llmdo` in a real terminal: a detached tmux session of a fixed size on a socket
/// of its own (parallel tests never share a server), driven with `send-keys` and read with
/// `capture-pane`. The command runs in `sh`, which afterwards prints `EXIT=<status>` and
/// whether the terminal's settings are those it had before (`TTY=same`), then waits, so the
/// pane can be read after llmdo is gone. The server is killed when the value is released.
final class TmuxSession {
    let socket = "llmdo-test-\(UUID().uuidString)"
    private let target: String

    /// Starts `llmdo arguments…` in the package root, with `environment` added.
    init(_ arguments: [String], environment: [String: String] = [:], width: Int = 80, height: Int = 24, stdout: String? = nil) throws {
        guard let tmux = Self.tmux else {
            Issue.record("tmux is not installed: `make deps` installs it (apt-get install tmux)")
            throw CLIFailureForTests.noTmux
        }
        target = socket
        let variables = environment.merging(["LLM_DO_MODEL": ""]) { $1 }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        let command = ([CLITests.binary] + arguments).map(Self.quote).joined(separator: " ") + (stdout.map { " > " + Self.quote($0) } ?? "")
        let script = """
            cd \(Self.quote(CLITests.packageRoot)); before=$(stty -g); env \(variables) \(command); status=$?; \
            [ "$(stty -g)" = "$before" ] && tty=same || tty=changed; echo "EXIT=$status TTY=$tty"; sleep 600
            """
        // The server it starts keeps the descriptors it inherits: no pipe of ours may go with it.
        try Self.run(tmux, ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(width)", "-y", "\(height)", "sh", "-c", script])
    }

    deinit {
        if let tmux = Self.tmux { _ = try? Self.run(tmux, ["-L", socket, "kill-server"]) }
    }

    /// Sends tmux key names (`Enter`, `C-c`, `M-Enter`, `PPage`) or literal text with `literal`.
    func send(_ keys: String..., literal: Bool = false) {
        guard let tmux = Self.tmux else { return }
        _ = try? Self.run(tmux, ["-L", socket, "send-keys", "-t", target] + (literal ? ["-l"] : []) + keys)
    }

    /// Types `text` and presses Enter.
    func type(_ text: String) {
        send(text, literal: true)
        send("Enter")
    }

    /// The pane's text now.
    var screen: String {
        guard let tmux = Self.tmux else { return "" }
        return (try? Self.run(tmux, ["-L", socket, "capture-pane", "-p", "-t", target])) ?? ""
    }

    /// A tmux format about the pane (`#{alternate_on}`, `#{cursor_flag}`, `#{pane_pid}`).
    func display(_ format: String) -> String {
        guard let tmux = Self.tmux else { return "" }
        return ((try? Self.run(tmux, ["-L", socket, "display-message", "-p", "-t", target, format])) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func resize(width: Int, height: Int) {
        guard let tmux = Self.tmux else { return }
        _ = try? Self.run(tmux, ["-L", socket, "resize-window", "-t", target, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Waits until the screen satisfies `condition` (a bound against hangs, never a timing
    /// check); returns the screen, and records an issue with the last screen when it never does.
    @discardableResult
    func waitFor(_ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(60)
        var last = ""
        while Date() < deadline {
            last = screen
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("never saw \(what); the screen was:\n\(last)", sourceLocation: sourceLocation)
        return last
    }

    /// Waits until `text` is on the screen.
    @discardableResult
    func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        waitFor("'\(text)'", sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Waits for llmdo to end; returns its exit status and whether the terminal's settings were restored.
    func waitForExit(sourceLocation: SourceLocation = #_sourceLocation) -> (status: Int32?, restored: Bool) {
        let screen = waitFor("llmdo to exit", sourceLocation: sourceLocation) { $0.contains("EXIT=") }
        guard let line = screen.split(separator: "\n").first(where: { $0.contains("EXIT=") }) else { return (nil, false) }
        let status = line.split(separator: " ").first.flatMap { Int32($0.dropFirst("EXIT=".count)) }
        return (status, line.contains("TTY=same"))
    }

    /// Main screen back and cursor visible (what `TTY=same` cannot see).
    var screenRestored: Bool { display("#{alternate_on}") == "0" && display("#{cursor_flag}") == "1" }

    /// The pid of llmdo (the pane's shell's child).
    var llmdoPID: Int32? {
        let shell = display("#{pane_pid}")
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    private static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    private static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs tmux and returns its output. Spawned and reaped here (not with `Process`, which
    /// missed the client's exit once the server it forked lived on), with stdout in a file: a
    /// server started by this command keeps whatever it inherits for its whole life.
    @discardableResult
    private static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "llmdo-tmux-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // The test process blocks some signals; a tmux server inheriting that mask could not be stopped.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tool, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}

enum CLIFailureForTests: Error { case noTmux }

import Foundation
import Testing
@testable import LLMDo

/// The shell tools running real programs in a temporary base folder.
@Suite("Shell tools")
struct ShellToolsetTests {
    let base: TemporaryFolder
    let outside: TemporaryFolder
    let shell: ShellToolset.Instance

    init() throws {
        base = try TemporaryFolder()
        outside = try TemporaryFolder()
        try base.write("notes/todo.txt", "TODO: a|b\nfine\nTODO: c\n")
        try outside.write("secret", "top secret")
        let toolset = ShellToolset(name: "shell_readonly", rules: ShellRule.readOnly, base: .workingDirectory)
        shell = ShellToolset.Instance(toolset: toolset, folder: try BaseFolder(base.path))
    }

    private func run(_ command: String, timeout: Int? = nil) async throws -> JSONValue {
        var arguments: JSONObject = ["command": .string(command)]
        if let timeout { arguments["timeout"] = .int(Int64(timeout)) }
        return try await shell.run(.object(arguments)).jsonValue
    }

    @Test("a command runs in the base folder; stdout and the exit code come back")
    func runs() async throws {
        let result = try await run("grep -rn TODO .")
        #expect(result["exit_code"] == 0)
        #expect(result["stdout"] == "./notes/todo.txt:1:TODO: a|b\n./notes/todo.txt:3:TODO: c\n")
        #expect(result["timed_out"] == false && result["truncated"] == false)
    }

    @Test(
        "everyday commands work under the sandbox",
        arguments: [
            "wc -l notes/todo.txt", "find . -name *.txt -type f", "grep -rn TODO notes", "head -n 1 notes/todo.txt",
            "tail -1 notes/todo.txt", "sort -u notes/todo.txt", "uniq -c notes/todo.txt", "cat -n notes/todo.txt",
            "ls -la notes", "ls -lR",
        ])
    func everyday(command: String) async throws {
        let result = try await run(command)
        #expect(result["exit_code"] == 0, "\(result)")
        #expect(result["stdout"] != "")
    }

    @Test("git's read commands work under the sandbox in a repository at the base", .enabled(if: Sandbox.landlockABI > 0, "without Landlock, git is refused"))
    func everydayGit() async throws {
        try LLMDoTests.git(["init", "-q"], in: base.path)
        try LLMDoTests.git(["add", "."], in: base.path)
        try LLMDoTests.git(["commit", "-qm", "first"], in: base.path)
        try base.write("notes/todo.txt", "changed\n")
        for command in ["git log --oneline -5", "git status --short", "git diff --stat", "git show --stat HEAD", "git log -p -1"] {
            let result = try await run(command)
            #expect(result["exit_code"] == 0 && result["stdout"] != "", "\(command): \(result)")
        }
    }

    @Test("shell_file_ops: an approved mv moves files inside the base (its sandbox is writable)")
    func fileOpsMove() async throws {
        let harness = ToolHarness(toolsets: ["shell_file_ops"], approvalMode: .approveAll)
        let outcome = try await harness.run(
            in: base.path, calls: [.call("1", "shell", ["command": "mv -v notes/todo.txt moved.txt"])])
        #expect(outcome.results.first?.isError == false)
        #expect(base.exists("moved.txt") && !base.exists("notes/todo.txt"))
    }

    @Test("quoted metacharacters reach the program as arguments")
    func quotedMetacharacters() async throws {
        let result = try await run("grep -F \"a|b\" notes/todo.txt")
        #expect(result["stdout"] == "TODO: a|b\n")
    }

    @Test("a failing command returns its exit code and stderr")
    func failure() async throws {
        let result = try await run("cat missing.txt")
        #expect(result["exit_code"] == 1)
        #expect(result["stderr"]?.stringValue?.contains("missing.txt") == true)
    }

    @Test(
        "arguments that leave the base are refused before anything runs",
        arguments: ["cat ../secret", "cat /etc/passwd", "grep -r x /", "grep --file=/etc/passwd x", "grep -f/etc/passwd x", "ls notes/../..", "cat out/secret", "cat link"])
    func confinement(command: String) async throws {
        try? base.symlink("out", to: outside.path)
        try? base.symlink("link", to: outside.path + "/secret")
        let message = await toolErrorMessage { try await run(command) }
        #expect(message?.contains("refused") == true || message?.contains("absolute path") == true || message?.contains("'..'") == true,
                "\(command): \(message ?? "ran")")
        #expect(message?.contains(outside.path) != true)
    }

    @Test("the no-sandbox warning comes once per toolset, and only when the sandbox is incomplete here")
    func degradationWarning() async throws {
        let sink = RecordingEventSink()
        var harness = ToolHarness(toolsets: ["shell_readonly"], approvalMode: .rejectAll)
        harness.events = sink
        let calls: [ToolCall] = [.call("1", "shell", ["command": "ls"]), .call("2", "shell", ["command": "cat notes/todo.txt"])]
        _ = try await harness.run(in: base.path, turns: [calls, calls])
        let warnings = sink.events.compactMap { event -> String? in
            guard case .warning(let warning) = event else { return nil }
            return warning.message
        }
        let expected = Sandbox.degradation.map { ["shell tools run without an OS sandbox: \($0)"] } ?? []
        #expect(warnings == expected)
    }

    @Test("a command that never ends is killed at its timeout, with its process group")
    func timeout() async throws {
        let result = try await run("tail -f notes/todo.txt", timeout: 1)
        #expect(result["timed_out"] == true)
        #expect(result["exit_code"] == 137)  // 128 + SIGKILL
        #expect(result["stdout"]?.stringValue?.hasPrefix("TODO: a|b") == true)
    }

    @Test("megabytes of output are drained without deadlock and truncated with a marker")
    func bigOutput() async throws {
        let line = String(repeating: "x", count: 99) + "\n"
        try base.write("big.txt", String(repeating: line, count: 30_000))  // 3,000,000 bytes
        let result = try await run("cat big.txt big.txt")
        #expect(result["exit_code"] == 0)
        #expect(result["truncated"] == true)
        let stdout = try #require(result["stdout"]?.stringValue)
        #expect(stdout.hasSuffix("[… 5,934,464 more bytes of stdout truncated]"))
        #expect(stdout.utf8.count < ShellToolset.outputLimit + 100)
    }

    @Test("the timeout argument is bounded")
    func timeoutBounds() async {
        let message = await toolErrorMessage { try await run("ls", timeout: 301) }
        #expect(message == "'timeout' must be between 1 and 300 seconds")
    }

    @Test("commands run without the host's secrets in their environment")
    func environment() async throws {
        setenv("LLMDO_TEST_API_KEY", "sk-secret", 1)
        defer { unsetenv("LLMDO_TEST_API_KEY") }
        let rules = [ShellRule(prefix: ["env"], grammar: .options(CommandSyntax()), approvalRequired: false)]
        let env = ShellToolset.Instance(
            toolset: ShellToolset(name: "t", rules: rules, base: .workingDirectory), folder: try BaseFolder(base.path))
        let stdout = try await env.run(["command": "env"]).jsonValue["stdout"]?.stringValue ?? ""
        #expect(!stdout.contains("sk-secret"))
        #expect(stdout.contains("PATH="))
    }

    @Test("cancelling the task kills the command")
    func cancellation() async throws {
        let task = Task { try await run("tail -f notes/todo.txt", timeout: 300) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        // Killed (SIGKILL), not timed out: with a 300 s timeout, only the cancellation ends it.
        let result = try await task.value
        #expect(result["exit_code"] == 137)
        #expect(result["timed_out"] == false)
    }

    /// The allow-list passes `git diff`, and the parser cannot see which files git opens: a
    /// repository whose config puts its work tree outside the base. Only the sandbox stops it.
    @Test("git cannot read a work tree outside the base that the repository's config names", .enabled(if: Sandbox.landlockABI > 0, "without Landlock, git is refused"))
    func gitWorkTreeOutside() async throws {
        let canary = "CANARY-9d2e-work-tree-outside"
        try outside.write("tracked.txt", "old\n")
        try LLMDoTests.git(["init", "-q"], in: base.path)
        try LLMDoTests.git(["config", "core.worktree", outside.path], in: base.path)
        try LLMDoTests.git(["add", "tracked.txt"], in: base.path)
        try LLMDoTests.git(["commit", "-qm", "one"], in: base.path)
        try outside.write("tracked.txt", canary + "\n")
        for command in ["git diff", "git status", "git diff --stat", "git log -p"] {
            let result = try await run(command)
            #expect(!result.jsonText.contains(canary), "\(command): \(result)")
        }
    }

    /// A repository whose own config and attributes name programs: pre-approved git commands must
    /// not run them (the marker file would prove they ran).
    @Test("git ignores programs named by the repository's own config", .enabled(if: Sandbox.landlockABI > 0, "without Landlock, git is refused"))
    func gitRunsNoRepositoryPrograms() async throws {
        let marker = outside.path + "/ran"
        try base.write("evil.sh", "#!/bin/sh\ntouch '\(marker)'\ncat \"$1\" 2>/dev/null\n")
        chmod(base.path + "/evil.sh", 0o755)
        try base.write(".gitattributes", "*.txt diff=evil\n")
        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", base.path] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }
        try git("init", "-q")
        try git("-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
        try git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one")
        try base.write("notes/todo.txt", "changed\n")
        let script = base.path + "/evil.sh"
        try git("config", "core.fsmonitor", script)
        try git("config", "diff.external", script)
        try git("config", "diff.evil.textconv", script)
        try git("config", "diff.evil.command", script)
        // Filters named by .gitattributes run on status/diff; signatures on log.
        try base.write(".gitattributes", "*.txt diff=evil filter=evil\n")
        try git("config", "filter.evil.clean", script)
        try git("config", "filter.evil.smudge", script)
        try git("config", "filter.evil.process", script)
        try git("config", "log.showSignature", "true")
        try git("config", "gpg.format", "ssh")
        try git("config", "gpg.ssh.program", script)
        try git("config", "core.pager", script)
        try git("config", "include.path", outside.path + "/included")
        for command in ["git status", "git diff", "git log -p", "git show", "git log", "git diff --stat"] {
            let result = try await run(command)
            #expect(result["stdout"] != "", "\(command): \(result)")
        }
        #expect(!FileManager.default.fileExists(atPath: marker))
        // Outside llmdo the same repository does run the program: the test would catch a regression.
        try git("status")
        #expect(FileManager.default.fileExists(atPath: marker))
    }
}

import CSandbox
import Foundation
import Testing
@testable import LLMDo

/// The second layer on its own: programs started through ``Subprocess`` under a
/// ``SandboxPolicy``, doing what the allow-lists would never let through (so only the sandbox
/// stands in the way). Skipped, with the reason, where the kernel has no Landlock.
@Suite("OS sandbox", .enabled(if: Sandbox.landlockABI > 0, "this kernel has no Landlock: the sandbox tests are skipped; the allow-list tests still run"))
struct SandboxTests {
    static let canary = "CANARY-7f3a9c-outside-the-base"
    let base: TemporaryFolder
    let outside: TemporaryFolder

    init() throws {
        base = try TemporaryFolder()
        outside = try TemporaryFolder()
        try base.write("a.txt", "alpha\n")
        try outside.write("secret", Self.canary + "\n")
        try base.symlink("link", to: outside.path + "/secret")
        try base.symlink("out", to: outside.path)
    }

    private func run(_ arguments: [String], writable: Bool = false) async throws -> Subprocess.Result {
        try await Subprocess.run(
            arguments, in: base.path, environment: ShellEnvironment.variables(base: base.path),
            sandbox: SandboxPolicy(base: base.path, writable: writable), timeout: .seconds(20), outputLimit: 1 << 20)
    }

    private func text(_ result: Subprocess.Result) -> String {
        String(decoding: result.stdout.bytes + result.stderr.bytes, as: UTF8.self)
    }

    @Test(
        "reading outside the base fails, through symlinks made inside it, absolute paths and /proc",
        arguments: [
            ["cat", "link"], ["cat", "out/secret"], ["grep", "-R", "CANARY", "."], ["ls", "-RL", "."],
            ["cat", "/etc/hostname"], ["ls", "/"], ["cat", "/proc/self/environ"], ["head", "/proc/1/environ"],
        ])
    func readsStayInside(arguments: [String]) async throws {
        let result = try await run(arguments)
        #expect(!text(result).contains(Self.canary))
        #expect(result.stdout.bytes.isEmpty || arguments[0] != "cat", "\(text(result))")
    }

    @Test("llmdo's own environment cannot be read through /proc")
    func hostEnvironment() async throws {
        let result = try await run(["cat", "/proc/\(getpid())/environ"])
        #expect(result.exitCode != 0)
        #expect(result.stdout.bytes.isEmpty)
        #expect(text(result).contains("Permission denied"))
    }

    @Test("inside the base, reads work: the sandbox is not simply refusing everything")
    func readsInside() async throws {
        let result = try await run(["cat", "a.txt"])
        #expect(result.exitCode == 0 && text(result) == "alpha\n")
    }

    @Test("a read-only base cannot be written; a writable one can, but nothing outside it")
    func writes() async throws {
        let readOnly = try await run(["mv", "a.txt", "b.txt"])
        #expect(readOnly.exitCode != 0 && base.exists("a.txt") && !base.exists("b.txt"))
        let sorted = try await run(["sort", "-o", "sorted.txt", "a.txt"])
        #expect(sorted.exitCode != 0 && !base.exists("sorted.txt"))

        let inside = try await run(["mv", "a.txt", "b.txt"], writable: true)
        #expect(inside.exitCode == 0 && base.exists("b.txt"))
        let escape = try await run(["mv", "b.txt", "out/b.txt"], writable: true)
        #expect(escape.exitCode != 0 && !outside.exists("b.txt") && base.exists("b.txt"))
        let overwrite = try await run(["mv", "-f", "b.txt", outside.path + "/secret"], writable: true)
        #expect(overwrite.exitCode != 0 && outside.read("secret") == Self.canary + "\n")
    }

    @Test("only the program itself may be executed: not a shell, not another program")
    func execution() async throws {
        let result = try await run(["bash", "-c", "cat a.txt; /bin/sh -c 'echo ran'"])
        #expect(!text(result).contains("alpha") && !text(result).contains("ran"))
        #expect(text(result).contains("Permission denied"))
    }

    @Test("no network: a connection to a loopback server never arrives")
    func network() async throws {
        let server = try LoopbackServer { _, _ in LoopbackServer.reply(status: 200, json: "{}") }
        let result = try await run(["bash", "-c", "echo 'GET / HTTP/1.0' > /dev/tcp/127.0.0.1/\(server.port)"])
        #expect(result.exitCode != 0)
        #expect(server.requests.isEmpty)
    }

    @Test("the seccomp fallback (no user namespaces) also refuses IPv4 and IPv6 sockets, and nothing else")
    func seccompFallback() async throws {
        let server = try LoopbackServer { _, _ in LoopbackServer.reply(status: 200, json: "{}") }
        var policy = SandboxPolicy(base: base.path, writable: false)
        policy.network = LLMDO_NETWORK_SECCOMP
        func run(_ script: String) async throws -> Subprocess.Result {
            try await Subprocess.run(
                ["bash", "-c", script], in: base.path, environment: ShellEnvironment.variables(base: base.path),
                sandbox: policy, timeout: .seconds(20), outputLimit: 1 << 20)
        }
        let connect = try await run("echo 'GET / HTTP/1.0' > /dev/tcp/127.0.0.1/\(server.port)")
        #expect(connect.exitCode != 0)
        #expect(String(decoding: connect.stderr.bytes, as: UTF8.self).contains("Permission denied"))
        #expect(server.requests.isEmpty)
        // UDP: Landlock (ABI 4+) governs TCP only, so this refusal is the filter's alone.
        for address in ["127.0.0.1", "::1"] {
            let udp = try await run("echo x > /dev/udp/\(address)/9")
            #expect(udp.exitCode != 0)
            #expect(String(decoding: udp.stderr.bytes, as: UTF8.self).contains("Permission denied"), "\(address)")
        }
        let read = try await run("read -r line < a.txt; echo $line")
        #expect(read.exitCode == 0 && String(decoding: read.stdout.bytes, as: UTF8.self) == "alpha\n")
    }

    @Test("the environment is an allow-list: no provider keys, no HOME")
    func environmentAndSession() async throws {
        setenv("LLMDO_TEST_PROVIDER_KEY", "sk-must-not-leak", 1)
        defer { unsetenv("LLMDO_TEST_PROVIDER_KEY") }
        let result = try await run(["bash", "-c", "declare -px"])
        #expect(!text(result).contains("sk-must-not-leak"))
        #expect(text(result).contains("PATH=\"/usr/local/bin:/usr/bin:/bin\""))
        #expect(!text(result).contains("HOME="))
    }

    @Test("a background process the command leaves behind is killed with it")
    func stragglers() async throws {
        let result = try await run(["bash", "-c", "(while :; do :; done) & echo $! > pid; exit 0"], writable: true)
        #expect(result.exitCode == 0)
        let pid = try #require(base.read("pid").flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        #expect(!ProcessTable.isRunning(pid))
    }
}

/// What /proc says about processes, for tests that no process outlives its call.
enum ProcessTable {
    /// Whether `pid` exists and is not a zombie.
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Running processes whose working directory is `folder` or inside it.
    static func running(in folder: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).filter { pid in
            guard let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") else { return false }
            return (cwd == folder || cwd.hasPrefix(folder + "/")) && isRunning(pid)
        }
    }
}

import Foundation
import Testing

/// The built binary running shell tools for a model on a loopback OpenAI-compatible server:
/// a secret outside the project never reaches a request body, and a command outlives no llmdo,
/// not even one killed with SIGKILL.
@Suite struct CLIShellSandboxTests {
    static let canary = "CANARY-0c41e7-must-never-be-sent"

    /// One streamed assistant turn calling `shell` once per command.
    static func toolCalls(_ commands: [String]) -> [UInt8] {
        let calls: [[String: Any]] = commands.enumerated().map { index, command in
            let arguments = try? JSONSerialization.data(withJSONObject: ["command": command, "timeout": 300])
            return [
                "index": index, "id": "call_\(index)", "type": "function",
                "function": ["name": "shell", "arguments": String(decoding: arguments ?? Data(), as: UTF8.self)],
            ]
        }
        return events([
            ["choices": [["index": 0, "delta": ["role": "assistant", "tool_calls": calls], "finish_reason": NSNull()]]],
            ["choices": [["index": 0, "delta": [:] as [String: Any], "finish_reason": "tool_calls"]]],
        ])
    }

    /// One streamed assistant turn answering `text`.
    static func answer(_ text: String) -> [UInt8] {
        events([
            ["choices": [["index": 0, "delta": ["role": "assistant", "content": text], "finish_reason": NSNull()]]],
            ["choices": [["index": 0, "delta": [:] as [String: Any], "finish_reason": "stop"]]],
        ])
    }

    private static func events(_ chunks: [[String: Any]]) -> [UInt8] {
        let lines = chunks.map { chunk in
            "data: " + String(decoding: (try? JSONSerialization.data(withJSONObject: chunk)) ?? Data(), as: UTF8.self) + "\n\n"
        }
        return Array((lines.joined() + "data: [DONE]\n\n").utf8)
    }

    /// `root/project` (a project using shell_readonly, the working directory) and `root/outside/secret`.
    static func project() throws -> TemporaryFolder {
        let root = try TemporaryFolder()
        try root.write("project/project.json", #"{"version": 1, "worker_files": ["main.worker"]}"#)
        try root.write("project/main.worker", "---\nname: main\nentry: true\nmodel: openai:test-model\ntoolsets: [shell_readonly]\n---\nUse the shell.\n")
        try root.write("project/notes.txt", "one\ntwo\n")
        try root.write("outside/secret", canary + "\n")
        try root.symlink("project/link", to: root.path + "/outside/secret")
        try root.symlink("project/out", to: root.path + "/outside")
        return root
    }

    static func start(in project: String, server: LoopbackServer, flags: [String] = []) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = [project, "go"] + flags
        process.currentDirectoryURL = URL(fileURLWithPath: project)
        var environment = ProcessInfo.processInfo.environment
        environment["LLM_DO_MODEL"] = nil
        environment["OPENAI_API_KEY"] = "sk-test-key"
        environment["OPENAI_BASE_URL"] = server.baseURL + "/v1"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test(arguments: ["--reject-all", "--approve-all"])
    func aSecretOutsideTheProjectNeverReachesTheProvider(mode: String) async throws {
        let root = try Self.project()
        let attacks = [
            "cat link", "cat out/secret", "grep -R CANARY .", "grep --derefer CANARY .", "ls -RL .",
            "sort --compress-prog=cat link", "head -c 100 link", "grep -cf../outside/secret notes.txt",
            "git show HEAD:../outside/secret", "git log -p", "cat ../outside/secret", "uniq link", "find out",
        ]
        let server = try LoopbackServer { _, number in
            LoopbackServer.stream(number == 0 ? Self.toolCalls(attacks) : Self.answer("done"))
        }
        let process = try Self.start(in: root.path + "/project", server: server, flags: [mode])
        try await offPool { process.waitUntilExit() }
        #expect(process.terminationStatus == 0)
        #expect(server.requests.count == 2)
        for request in server.requests {
            #expect(!String(decoding: request.body, as: UTF8.self).contains(Self.canary))
        }
        // The results did reach the model: the attacks ran (and failed) rather than never happening.
        let last = String(decoding: server.requests.last?.body ?? [], as: UTF8.self)
        #expect(last.contains("call_12"))
    }

    @Test func aCommandDiesWithAKilledLlmdo() async throws {
        let root = try Self.project()
        let project = root.path + "/project"
        // Opening a FIFO nobody writes blocks forever, and nothing notices a closed output pipe
        // (unlike `tail -f`, which exits when its reader is gone).
        #expect(mkfifo(project + "/fifo", 0o600) == 0)
        let server = try LoopbackServer { _, number in
            number == 0 ? LoopbackServer.stream(Self.toolCalls(["cat fifo"])) : [.sleep(60)]
        }
        let process = try Self.start(in: project, server: server)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // Wait (bounded) until the command runs, then kill llmdo the way nothing can catch.
        // llmdo itself runs in the project folder too.
        let llmdo = process.processIdentifier
        @Sendable func commands() -> [pid_t] { ProcessTable.running(in: project).filter { $0 != llmdo } }
        let started = try await offPool {
            for _ in 0..<1000 where commands().isEmpty { usleep(10_000) }
            return commands()
        }
        try #require(!started.isEmpty, "the command never started")
        kill(llmdo, SIGKILL)
        let left = try await offPool {
            process.waitUntilExit()
            for _ in 0..<1000 where !commands().isEmpty { usleep(10_000) }
            return commands()
        }
        #expect(left.isEmpty, "the command outlived llmdo")
        for pid in commands() { kill(pid, SIGKILL) }
    }
}

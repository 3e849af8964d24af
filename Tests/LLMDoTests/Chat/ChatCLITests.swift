import Foundation
import Testing

/// `llmdo PROJECT --chat` through the built binary, in line mode (stdin is a pipe).
@Suite struct ChatCLITests {
    @Test func historyUsageAndExit() throws {
        let result = try CLITests.run(
            ["examples/greeter", "--chat", "--model", "test", "first"],
            stdin: "second \\\ncontinued\n/history\n/usage\n/exit\nnever sent\n")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = [
            "test model reply to: first",
            "test model reply to: second ", "continued",
            "you: first", "assistant: test model reply to: first",
            "you: second ", "continued", "assistant: test model reply to: second ", "continued",
            "2 requests, 0 tool calls, 53 input + 11 output tokens",
        ]
        #expect(result.stdout == lines.joined(separator: "\n") + "\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func endOfInputEndsTheSession() throws {
        let result = try CLITests.run(["examples/greeter", "--chat", "--model", "test"], stdin: "hi\n\n/help\n")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("test model reply to: hi\n/exit      end the session"))
    }

    @Test func chatRefusesJSONOutput() throws {
        let result = try CLITests.run(["examples/greeter", "--chat", "--json"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--chat cannot be combined"))
    }

    @Test func reloadBetweenTurnsAndCtrlCAtThePrompt() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker"]}"#,
            "main.worker": workerFile("name: main\nentry: true", body: "Chat."),
        ])
        let chat = try ChatProcess(["--model", "test", project.root, "--chat"])
        chat.send("a")
        #expect(chat.readLine() == "test model reply to: a")
        // Moving work behind a tool: main now calls a new worker; the next turn uses it.
        try project.write("helper.worker", workerFile("name: helper", body: "Help."))
        try project.write("main.worker", workerFile("name: main\nentry: true\ntoolsets: [helper]", body: "Chat."))
        try project.write("project.json", #"{"version": 1, "worker_files": ["main.worker", "helper.worker"]}"#)
        chat.send("/reload")
        // The file watcher may have reloaded part of the edit already (a later generation).
        let reloaded = chat.readLine() ?? ""
        #expect(reloaded.hasPrefix("reloaded: generation ") && !reloaded.contains("failed"), "\(reloaded)")
        chat.send("b")
        #expect(chat.readLine() == "test model called 1 tool")
        #expect(chat.readLine() == "helper: test model reply to: example")
        chat.interrupt()
        #expect(chat.waitForExit() == 130)
    }
}

/// A running `llmdo` whose stdin and stdout are pipes the test drives line by line.
final class ChatProcess {
    private let process = Process()
    private let input = Pipe(), output = Pipe()
    private var buffer: [UInt8] = []

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

    /// The next line of stdout, nil at its end.
    func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                defer { buffer.removeSubrange(...newline) }
                return String(decoding: buffer[..<newline], as: UTF8.self)
            }
            let more = output.fileHandleForReading.availableData
            if more.isEmpty { return nil }
            buffer += more
        }
    }

    func interrupt() { process.interrupt() }

    /// Kills the process with SIGKILL (a crash) and waits for it.
    func crash() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func waitForExit() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}

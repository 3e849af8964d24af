import Foundation
import Testing
@testable import LLMDo

/// The interactive prompt driven through a real pseudo-terminal.
@Suite("Terminal approver")
struct TerminalApproverTests {
    /// A pseudo-terminal: the approver gets the replica side, the test types on the primary.
    final class Terminal: Sendable {
        let primary: Int32
        let replica: Int32

        init() throws {
            var primary: Int32 = -1, replica: Int32 = -1
            guard openpty(&primary, &replica, nil, nil, nil) == 0 else { throw POSIXError(.ENXIO) }
            self.primary = primary
            self.replica = replica
            _ = fcntl(primary, F_SETFL, fcntl(primary, F_GETFL) | O_NONBLOCK)
        }

        deinit {
            close(primary)
            close(replica)
        }

        var approver: TerminalApprover { TerminalApprover(input: replica, output: replica) }

        func type(_ text: String) {
            _ = text.withCString { write(primary, $0, strlen($0)) }
        }

        /// What the approver printed (plus the terminal's echo of what was typed).
        func screen() -> String {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(primary, &buffer, buffer.count)
                guard count > 0 else { break }
                bytes += buffer[..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    static let request = ApprovalRequest(
        kind: .tool, worker: "main", depth: 0, toolset: "filesystem_project", tool: "write_file",
        arguments: ["path": "notes/activity.log", "content": "hello"], description: "write 5 chars to notes/activity.log")

    @Test("the prompt shows worker, tool, description and arguments; answers map to decisions", arguments: [
        ("y\n", ApprovalDecision.approveOnce), ("yes\n", .approveOnce), ("A\n", .approveForSession), ("t\n", .approveToolForSession),
        ("n\n\n", .deny(reason: nil)), ("n\nthe log is read-only\n", .deny(reason: "the log is read-only")),
        ("maybe\ny\n", .approveOnce),
    ])
    func answers(typed: String, expected: ApprovalDecision) async throws {
        let terminal = try Terminal()
        terminal.type(typed)
        #expect(try await terminal.approver.decide(Self.request) == expected)
        let screen = terminal.screen()
        for piece in ["worker:    main (depth 0)", "tool:      write_file (from filesystem_project)",
                      "action:    write 5 chars to notes/activity.log", "\"path\": \"notes/activity.log\"",
                      "[a] this exact call for the session, [t] every call of 'write_file' for the session"] {
            #expect(screen.contains(piece), "missing \(piece)")
        }
        #expect(!screen.contains("[s] show all"))  // nothing was shortened
        #expect(screen.contains("Please answer y, a, t, n.") == typed.hasPrefix("maybe"))
    }

    @Test("end of input denies")
    func endOfInput() async throws {
        let terminal = try Terminal()
        // A pipe stands in for a terminal that has gone away: reading returns end of file.
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        close(fds[1])
        defer { close(fds[0]) }
        let approver = TerminalApprover(input: fds[0], output: terminal.replica)
        #expect(try await approver.decide(Self.request) == .deny(reason: nil))
        #expect(terminal.screen().contains("(no answer: denied)"))
    }

    @Test("control characters and long arguments are shown inert and shortened")
    func inertDisplay() async throws {
        let terminal = try Terminal()
        terminal.type("n\n\n")
        let request = ApprovalRequest(
            kind: .tool, worker: "main", depth: 1, toolset: "shell_file_ops", tool: "shell",
            arguments: ["command": .string("mv a b\u{1B}[2J\u{9B}31m"), "note": .string(String(repeating: "z", count: 1000))],
            description: "run: mv a b\nApprove? [y]\u{202E}")
        _ = try await terminal.approver.decide(request)
        let screen = terminal.screen()
        #expect(!screen.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{9B}" || $0 == "\u{202E}" })
        #expect(screen.contains("run: mv a b\\u{A}Approve? [y]\\u{202E}"))
        #expect(screen.contains("… (700 more chars, [s] shows all)"))
        #expect(screen.contains("[n] deny, [s] show all: "))
    }

    @Test("[s] shows the whole content a call would write, line by line and inert")
    func showAll() async throws {
        let terminal = try Terminal()
        terminal.type("s\ny\n")
        let tail = "the end \u{1B}[2J"
        let content = String(repeating: "z", count: 1000) + "\n" + (1...40).map { "line \($0)" }.joined(separator: "\n") + "\n" + tail
        let request = ApprovalRequest(
            kind: .tool, worker: "main", depth: 0, toolset: "filesystem_project", tool: "write_file",
            arguments: ["path": "big.txt", "content": .string(content)], description: nil)
        #expect(try await terminal.approver.decide(request) == .approveOnce)
        let screen = terminal.screen()
        let preview = try #require(screen.range(of: "arguments (complete):")).lowerBound
        #expect(!screen[..<preview].contains(String(repeating: "z", count: 301)))  // the first view is shortened
        let complete = screen[preview...]
        #expect(complete.contains("content (\(CountText.grouped(content.unicodeScalars.count)) chars, 42 lines):"))
        #expect(complete.contains("│ " + String(repeating: "z", count: 1000)))
        for number in 1...40 { #expect(complete.contains("│ line \(number)\r\n") || complete.contains("│ line \(number)\n")) }
        #expect(complete.contains("│ the end \\u{1B}[2J"))
        #expect(!screen.unicodeScalars.contains("\u{1B}"))
        // Once everything was shown the question stops offering it.
        #expect(complete.contains("[n] deny: "))
    }

    @Test("cancelling the task ends a pending prompt at once; the next prompt works")
    func cancellation() async throws {
        let terminal = try Terminal()
        let approver = terminal.approver
        let pending = Task { try await approver.decide(Self.request) }
        // Wait until the question is on the screen, i.e. the approver is blocked reading.
        var screen = ""
        while !screen.contains("[n] deny: ") {
            screen += terminal.screen()
            try await Task.sleep(for: .milliseconds(5))
        }
        pending.cancel()
        await #expect(throws: CancellationError.self) { try await pending.value }
        #expect(terminal.screen().contains("(cancelled)"))
        terminal.type("y\n")
        #expect(try await approver.decide(Self.request) == .approveOnce)
    }

    @Test("a task cancelled before its prompt is drawn never draws it")
    func cancelledBeforeDrawing() async throws {
        let terminal = try Terminal()
        let approver = terminal.approver
        let pending = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await approver.decide(Self.request)
        }
        await #expect(throws: CancellationError.self) { try await pending.value }
        #expect(!terminal.screen().contains("approval needed"))
    }

    @Test("concurrent gated calls prompt one after the other on the terminal")
    func queuedOnTerminal() async throws {
        let base = try TemporaryFolder()
        let terminal = try Terminal()
        terminal.type("y\nn\nnope\n")
        var harness = ToolHarness(toolsets: ["filesystem_project"])
        harness.approver = terminal.approver
        let outcome = try await harness.run(
            in: base.path,
            calls: [.call("1", "write_file", ["path": "one.txt", "content": "1"]), .call("2", "write_file", ["path": "two.txt", "content": "2"])])
        #expect([base.exists("one.txt"), base.exists("two.txt")].filter { $0 }.count == 1)
        let denied = outcome.results.filter(\.isError)
        #expect(denied.count == 1)
        #expect(denied.first?.content.contains("denied by the operator: nope") == true)
        let screen = terminal.screen()
        #expect(screen.components(separatedBy: "approval needed").count == 3)
        #expect(screen.components(separatedBy: ApprovalPrompt.reasonQuestion).count == 2)
    }
}

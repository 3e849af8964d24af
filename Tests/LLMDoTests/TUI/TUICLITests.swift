import Foundation
import Glibc
import Testing

/// `llmdo … --tui` in a real terminal (tmux, 80×24): streaming, nested parallel workers,
/// approvals with each key, Ctrl+C, resize, quitting, and the terminal restored on every way out.
@Suite struct TUICLITests {
    /// A project whose entry calls two workers at once (the test model calls every tool).
    static func delegatingProject(approval: Bool) throws -> TemporaryProject {
        try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker", "alpha.worker", "beta.worker"], "runtime": {"worker_calls_require_approval": \#(approval)}}"#,
            "main.worker": workerFile("name: main\nentry: true\ntoolsets: [alpha, beta]", body: "Delegate."),
            "alpha.worker": workerFile("name: alpha\ndescription: First helper.", body: "Help."),
            "beta.worker": workerFile("name: beta\ndescription: Second helper.", body: "Help."),
        ])
    }

    static func anthropic(_ server: LoopbackServer) -> [String: String] {
        ["ANTHROPIC_API_KEY": "sk-ant-test", "ANTHROPIC_BASE_URL": server.baseURL]
    }

    /// Quits with Ctrl+Q and expects a clean ending: status 0, terminal settings, main screen and cursor back.
    static func quit(_ tui: TmuxSession, sourceLocation: SourceLocation = #_sourceLocation) {
        tui.send("C-q")
        let exit = tui.waitForExit(sourceLocation: sourceLocation)
        #expect(exit.status == 0, sourceLocation: sourceLocation)
        #expect(exit.restored && tui.screenRestored, "terminal not restored", sourceLocation: sourceLocation)
    }

    @Test func aMessageAndItsStreamedAnswer() throws {
        let gate = DispatchSemaphore(value: 0)
        defer { gate.signal() }
        let server = try LoopbackServer { _, _ in AnthropicScript.text("Streaming has", then: { gate.wait() }, " finished.") }
        let tui = try TmuxSession(["examples/greeter", "--tui", "--chat", "Hello there"], environment: Self.anthropic(server))
        let partial = tui.waitFor("Streaming has")
        #expect(partial.contains("› Hello there"))
        #expect(!partial.contains("finished."), "the first part shows before the rest arrives")
        #expect(partial.contains("anthropic:claude-haiku-4-5"), "header: \(partial)")
        gate.signal()
        let done = tui.waitFor("Streaming has finished.")
        #expect(done.contains("· 1 request"))
        Self.quit(tui)
    }

    @Test func aWorkerCallingTwoWorkersShowsTwoNestedChildren() throws {
        let project = try Self.delegatingProject(approval: false)
        let tui = try TmuxSession([project.root, "--model", "test", "--tui", "--chat", "go"])
        let screen = tui.waitFor("test model called 2 tools")
        let rows = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let alpha = try #require(rows.firstIndex { $0.hasPrefix("▾ alpha ✓") }, "\(screen)")
        let beta = try #require(rows.firstIndex { $0.hasPrefix("▾ beta ✓") }, "\(screen)")
        #expect(rows[alpha + 1] == "│ test model reply to: example")
        #expect(rows[beta + 1] == "│ test model reply to: example")
        tui.send("C-t")  // fold finished workers
        let folded = tui.waitFor("▸ alpha ✓")
        #expect(folded.contains("▸ beta ✓") && !folded.contains("│ test model reply to"))
        tui.type("/exit")
        let exit = tui.waitForExit()
        #expect(exit.status == 0 && exit.restored && tui.screenRestored)
    }

    @Test func approvalsAnsweredWithEachKey() throws {
        let project = try Self.delegatingProject(approval: true)
        let tui = try TmuxSession([project.root, "--model", "test", "--tui", "--chat", "one"])
        // Two parallel calls ask one at a time; the panel counts the one waiting.
        let first = tui.waitFor("approval needed (1 more waiting)")
        #expect(first.contains("calls:     worker alpha") && first.contains("│ example"))
        tui.send("a")
        tui.waitFor("calls:     worker beta")
        tui.send("d")
        tui.waitFor("reason (Enter to skip):")
        tui.type("not now")
        let denied = tui.waitFor("test model called 2 tools")
        #expect(denied.contains("✓ approved once") && denied.contains("✗ denied (not now)"))

        tui.type("two")
        tui.waitFor("calls:     worker alpha")
        tui.send("s")
        tui.waitFor("calls:     worker beta")
        tui.send("t")
        let granted = tui.waitFor("approved for the session (every call of the tool)")
        #expect(granted.contains("approved for the session (these arguments)"))

        // Both grants hold: the third turn asks nothing.
        tui.type("three")
        let third = tui.waitFor("› three") { $0.contains("› three") && $0.components(separatedBy: "test model called 2 tools").count == 3 }
        #expect(!third.contains("approval needed"))
        Self.quit(tui)
    }

    @Test func ctrlCCancelsTheTurnAndTheNextMessageRuns() throws {
        let gate = DispatchSemaphore(value: 0)
        defer { gate.signal() }
        let server = try LoopbackServer { _, number in
            number == 0 ? AnthropicScript.text("Thinking", then: { gate.wait() }, " never shown") : AnthropicScript.text("Second answer.")
        }
        let tui = try TmuxSession(["examples/greeter", "--tui", "--chat", "first"], environment: Self.anthropic(server))
        tui.waitFor("Thinking")
        tui.send("C-c")
        tui.waitFor("(turn cancelled)")
        tui.type("again")
        let screen = tui.waitFor("Second answer.")
        #expect(screen.contains("› again") && !screen.contains("never shown"))
        Self.quit(tui)
    }

    @Test func resizeReflowsEverything() throws {
        let words = (1...30).map { "word\($0)" }.joined(separator: " ")
        let tui = try TmuxSession(["examples/greeter", "--model", "test", "--tui", "--chat", words])
        tui.waitFor("· 1 request")
        tui.resize(width: 40, height: 20)
        let narrow = tui.waitFor("a 40-column layout") { screen in
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return rows.allSatisfy { $0.count <= 40 } && screen.contains("word30") && screen.contains(" llmdo")
                && screen.contains("› word1 word2")
        }
        #expect(narrow.contains("test model reply to: word1"))
        Self.quit(tui)
    }

    @Test func quittingWhileATurnRunsAsksFirst() throws {
        let gate = DispatchSemaphore(value: 0)
        defer { gate.signal() }
        let server = try LoopbackServer { _, _ in AnthropicScript.text("Working", then: { gate.wait() }, " on.") }
        let tui = try TmuxSession(["examples/greeter", "--tui", "--chat", "go"], environment: Self.anthropic(server))
        tui.waitFor("Working")
        tui.send("C-q")
        tui.waitFor("Quit anyway?")
        tui.send("n")
        let stayed = tui.waitFor("the question gone") { !$0.contains("Quit anyway?") }
        #expect(stayed.contains("Working"))
        tui.send("C-q")
        tui.waitFor("Quit anyway?")
        tui.send("y")
        let exit = tui.waitForExit()
        #expect(exit.status == 0 && exit.restored && tui.screenRestored)
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let gate = DispatchSemaphore(value: 0)
        defer { gate.signal() }
        let server = try LoopbackServer { _, _ in AnthropicScript.text("Busy", then: { gate.wait() }, "") }
        let tui = try TmuxSession(["examples/greeter", "--tui", "--chat", "go"], environment: Self.anthropic(server))
        tui.waitFor("Busy")
        let pid = try #require(tui.llmdoPID)
        kill(pid, SIGTERM)
        let exit = tui.waitForExit()
        #expect(exit.status == 143 && exit.restored && tui.screenRestored)
        #expect(tui.screen.contains("error: terminated by SIGTERM"))
    }

    /// Without --chat the run ends on screen, a key leaves, and the output goes to stdout.
    @Test func oneRunPrintsItsOutputAfterTheScreen() throws {
        let output = NSTemporaryDirectory() + "llmdo-tui-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let tui = try TmuxSession(["examples/greeter", "--model", "test", "--tui", "Hi"], stdout: output)
        let screen = tui.waitFor("finished: any key leaves")
        #expect(screen.contains("test model reply to: Hi"))
        tui.send("x")
        let exit = tui.waitForExit()
        #expect(exit.status == 0 && exit.restored && tui.screenRestored)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "test model reply to: Hi\n")
    }

    @Test func aFailedRunShowsItsErrorThenExitsOne() throws {
        let server = try LoopbackServer { _, _ in
            LoopbackServer.reply(status: 401, json: #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#)
        }
        let tui = try TmuxSession(["examples/greeter", "--tui", "Hi"], environment: Self.anthropic(server))
        tui.waitFor("finished: any key leaves")
        #expect(tui.screen.contains("error:"))
        tui.send("x")
        let exit = tui.waitForExit()
        #expect(exit.status == 1 && exit.restored && tui.screenRestored)
        #expect(tui.screen.replacingOccurrences(of: "\n", with: "").contains("invalid x-api-key"))
    }

    /// An isolated plugin that crashes costs one tool call; the next turn works; what an
    /// in-process plugin prints shows in the status row, never across the screen.
    @Test func aCrashingIsolatedPluginCostsOneCall() throws {
        let project = try CrashPlugins.project(.c(["CRASH_SEGV"]))
        let tui = try TmuxSession([project.root, "--model", "test", "--tui", "--chat", "one"])
        tui.waitFor("crashed in crashy.boom (SIGSEGV)")
        tui.type("two")
        tui.waitFor("boom: call 2 ok")
        Self.quit(tui)

        let printing = try CrashPlugins.project(.c(["CRASH_PRINT"]), plugin: #"{"path": "./libcrash.so", "isolation": "none"}"#)
        let second = try TmuxSession([printing.root, "--model", "test", "--tui", "--chat", "go"])
        let screen = second.waitFor(#"stderr: {"status":"pwned"}"#)
        #expect(screen.contains("boom: call 1 ok"))
        Self.quit(second)
    }

    @Test func tuiRefusesJSONAndHeadless() throws {
        let result = try CLITests.run(["examples/greeter", "--tui", "--json", "Hi"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--tui cannot be combined with --json or --headless"))
    }
}

/// Anthropic streamed answers, scripted: text deltas, optionally held between two parts.
enum AnthropicScript {
    static func text(_ first: String, then hold: (@Sendable () -> Void)? = nil, _ rest: String = "") -> [LoopbackServer.Step] {
        func event(_ name: String, _ data: String) -> String { "event: \(name)\ndata: \(data)\n\n" }
        func delta(_ text: String) -> String {
            event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\#(text)"}}"#)
        }
        let start =
            event("message_start", #"{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"model":"claude-haiku-4-5","usage":{"input_tokens":5,"output_tokens":1}}}"#)
            + event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
            + delta(first)
        let end =
            (rest.isEmpty ? "" : delta(rest)) + event("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
            + event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":4}}"#)
            + event("message_stop", #"{"type":"message_stop"}"#)
        func chunk(_ text: String) -> [UInt8] { Array("\(String(text.utf8.count, radix: 16))\r\n\(text)\r\n".utf8) }
        var steps = LoopbackServer.stream(Array(start.utf8), end: false)
        if let hold { steps.append(.run(hold)) }
        steps.append(.write(chunk(end) + Array("0\r\n\r\n".utf8)))
        return steps
    }
}

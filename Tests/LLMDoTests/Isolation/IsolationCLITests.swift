import Foundation
import LLMDo
import Testing

/// Misbehaving plugins under `"isolation": "process"`, through the built binary: each costs one
/// tool call (an error the model reads, naming the plugin, the function and the cause), the next
/// call restarts the helper and works, and `--json` stays one JSON document.
@Suite struct IsolationCLITests {
    /// A chat of two turns (the test model calls `boom` once per turn) and a `--json` run.
    static func expectOneCallLost(_ language: CrashPlugins.Language, cause: String, plugin: String? = nil) throws {
        let project = try plugin.map { try CrashPlugins.project(language, plugin: $0) } ?? CrashPlugins.project(language)
        let chat = try CLITests.run([project.root, "--chat", "--model", "test"], stdin: "one\ntwo\n")
        #expect(chat.status == 0, "stderr: \(chat.stderr)")
        #expect(chat.stdout.contains("boom (error): plugin './libcrash.so' \(cause)"), "stdout: \(chat.stdout)")
        #expect(chat.stdout.contains("boom: call 2 ok"), "the restarted helper serves the next call; stdout: \(chat.stdout)")
        #expect(chat.stderr.contains("warning: plugin './libcrash.so' \(cause); the plugin restarts for its next call"))

        try FileManager.default.removeItem(atPath: "\(project.root)/boom-count")
        let run = try CLITests.run([project.root, "--model", "test", "--json", "go"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let document = try JSONValue(parsing: run.stdout)
        #expect(document["status"] == "ok")
        #expect(document["output"]?.stringValue?.contains("boom (error): plugin './libcrash.so' \(cause)") == true)
    }

    @Test func segfault() throws { try Self.expectOneCallLost(.c(["CRASH_SEGV"]), cause: "crashed in crashy.boom (SIGSEGV)") }

    @Test func abort() throws { try Self.expectOneCallLost(.c(["CRASH_ABORT"]), cause: "crashed in crashy.boom (SIGABRT)") }

    @Test func exit3() throws { try Self.expectOneCallLost(.c(["CRASH_EXIT"]), cause: "exited with status 3 in crashy.boom") }

    @Test func cxxException() throws { try Self.expectOneCallLost(.cpp, cause: "crashed in crashy.boom (SIGABRT)") }

    @Test(.enabled(if: CrashPlugins.rustc != nil, "rustc is not on PATH: the Rust panic plugin cannot be built"))
    func rustPanic() throws { try Self.expectOneCallLost(.rust, cause: "crashed in crashy.boom (SIGABRT)") }

    @Test func aCallPastItsTimeoutKillsTheHelper() throws {
        try Self.expectOneCallLost(
            .c(["CRASH_SPIN"]), cause: "timed out in crashy.boom after 1 s (timeout_s); its helper process was killed",
            plugin: #"{"path": "./libcrash.so", "isolation": "process", "timeout_s": 1}"#)
    }

    @Test func whatAPluginPrintsNeverReachesStdout() throws {
        let project = try CrashPlugins.project(.c(["CRASH_PRINT"]))
        let run = try CLITests.run([project.root, "--model", "test", "--json", "go"])
        #expect(run.status == 0)
        #expect(!run.stdout.contains("pwned"))
        let document = try JSONValue(parsing: run.stdout)
        #expect(document["output"]?.stringValue?.contains("boom: call 1 ok") == true)
        // It is a debug event (`-vvv`), never llmdo's output.
        try FileManager.default.removeItem(atPath: "\(project.root)/boom-count")
        let verbose = try CLITests.run([project.root, "--model", "test", "-vvv", "go"])
        #expect(!verbose.stdout.contains("pwned"))
        #expect(verbose.stderr.contains(#"printed: {"status":"pwned"}"#), "stderr: \(verbose.stderr)")
    }

    @Test func aChatGoesOnAfterItsThirdTurnCrashes() throws {
        let project = try CrashPlugins.project(.c(["CRASH_SEGV", "CRASH_ON=3"]))
        let chat = try CLITests.run([project.root, "--chat", "--model", "test"], stdin: "a\nb\nc\nd\n/history\n")
        #expect(chat.status == 0, "stderr: \(chat.stderr)")
        let history = chat.stdout.components(separatedBy: "you: a\n").dropFirst().joined()
        for turn in ["you: b", "you: c", "you: d"] { #expect(history.contains(turn)) }
        #expect(history.contains("boom: plugin './libcrash.so' crashed in crashy.boom (SIGSEGV)"))
        #expect(history.contains("assistant: test model called 1 tool\nboom: call 4 ok"), "stdout: \(chat.stdout)")
    }

    @Test func theHelperSeesNoProviderKeys() throws {
        let project = try CrashPlugins.project(.c([]), toolsets: "stateful")
        let run = try CLITests.run(
            [project.root, "--model", "test", "go"], environment: ["ANTHROPIC_API_KEY": "sk-ant-isolation-test"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("secret: unset"), "stdout: \(run.stdout)")
        #expect(run.stdout.contains("tally: 1"))
    }

    @Test func anInitThatHangsIsKilledAtTheTimeout() throws {
        let project = try CrashPlugins.project(
            .c(["CRASH_HANG_INIT"]), plugin: #"{"path": "./libcrash.so", "isolation": "process", "timeout_s": 1}"#)
        let check = try CLITests.run(["check", project.root])
        #expect(check.status == 2)
        #expect(check.stderr.contains(
            "plugin_files[0]: plugin './libcrash.so' timed out in init after 1 s (timeout_s); its helper process was killed"),
            "stderr: \(check.stderr)")
    }

    @Test func aMissingHelperIsReported() throws {
        let project = try CrashPlugins.project(.c([]))
        let check = try CLITests.run(["check", project.root], environment: ["LLMDO_PLUGIN_HELPER": "/nonexistent/llmdo"])
        #expect(check.status == 2)
        #expect(check.stderr.contains(
            "plugin_files[0]: plugin './libcrash.so' cannot run isolated: cannot start the plugin helper /nonexistent/llmdo: No such file or directory"))
    }

    @Test func checkAndToolsShowTheMode() throws {
        let project = try CrashPlugins.project(.c([]), plugin: #""./libcrash.so""#)
        let check = try CLITests.run(["check", project.root])
        #expect(check.stdout.contains("./libcrash.so  [isolation: process]"), "a file in the project is isolated by default")
        let forced = try CLITests.run(["check", "--json", "--plugin-isolation", "none", project.root])
        #expect(try JSONValue(parsing: forced.stdout)["plugins"]?.arrayValue?.first?["isolation"] == "none")
        let tools = try CLITests.run(["tools", "--json", project.root])
        #expect(try JSONValue(parsing: tools.stdout)["plugins"]?.arrayValue?.first?["isolation"] == "process")
        let text = try CLITests.run(["tools", "--plugin-isolation", "none", project.root])
        #expect(text.stdout.hasPrefix("./libcrash.so (\(project.root)/./libcrash.so), isolation: none\n"))
    }
}

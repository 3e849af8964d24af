import Foundation
import Testing

@testable import LLMDo

/// The journal of a chat session through the built binary (line mode, piped input): one file
/// across turns, and `--chat --resume` restoring the conversation after a kill -9.
@Suite struct ChatJournalCLITests {
    /// Turn 1 is journaled, the session is killed, and the resume restores the conversation
    /// from the journal: turn 2's request carries turn 1's messages, nothing is asked or run twice.
    @Test func aResumedChatContinuesTheConversation() async throws {
        let fixture = try JournalFixture()
        let environment = try fixture.environment()
        let chat = try ChatProcess([fixture.project.root, "--chat", "--journal", fixture.journals, "--run-id", "s1"], environment: environment)
        chat.send("first")
        #expect(chat.readLine() == JournalFixture.answer)
        chat.crash()
        #expect(fixture.records("s1", type: "turn") == 1 && fixture.records("s1", type: "end") == 1)

        let resumed = try CLITests.run(
            [fixture.project.root, "--chat", "--resume", fixture.journal("s1")], stdin: "second\n/history\n", environment: environment)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(resumed.stdout.hasPrefix(JournalFixture.answer + "\n"), "\(resumed.stdout)")  // turn 2's answer; turn 1 is not shown again
        #expect(resumed.stdout.contains("first") && resumed.stdout.contains("second"))  // /history has both turns
        #expect(fixture.effects == ["done 1", "done 2", "done 3"])
        // Turn 1's four requests were not sent again; turn 2 sent one, with turn 1 in it.
        #expect([0, 1, 2, 3].map(fixture.requests(withToolResults:)) == [1, 1, 1, 2])
        let users = (fixture.server.requests.last?.json["messages"]?.arrayValue ?? []).filter { $0["role"] == "user" }
        #expect(users.compactMap { $0["content"]?.stringValue } == ["first", "second"])

        let contents = try JournalContents.read(path: fixture.journal("s1"))
        #expect(contents.header.chat && contents.header.runID == "s1")
        #expect(fixture.records("s1", type: "header") == 1 && fixture.records("s1", type: "turn") == 2)
        #expect(contents.turns.map(\.status) == ["ok", "ok"])
        if case .end(let status, _, _) = contents.records.last { #expect(status == "exit") } else { Issue.record("no session end") }
    }

    /// Killed in the middle of turn 1: the resume serves what the journal has, sends only the
    /// request that was never answered, and shows the turn's answer.
    @Test func aTurnCutOffIsFinishedOnResume() async throws {
        let fixture = try JournalFixture(holdAtToolResults: 2)
        let environment = try fixture.environment()
        let chat = try ChatProcess([fixture.project.root, "--chat", "--journal", fixture.journals, "--run-id", "s2"], environment: environment)
        chat.send("first")
        #expect(try await eventually(60) { fixture.server.requests.count == 3 })
        chat.crash()
        #expect(fixture.effects == ["done 1", "done 2"])

        let resumed = try CLITests.run([fixture.project.root, "--chat", "--resume", fixture.journal("s2")], stdin: "/history\n", environment: environment)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(resumed.stdout.hasPrefix(JournalFixture.answer + "\n"), "\(resumed.stdout)")
        #expect(resumed.stdout.contains("first"))
        #expect(fixture.effects == ["done 1", "done 2", "done 3"])
        #expect([0, 1, 2, 3].map(fixture.requests(withToolResults:)) == [1, 1, 2, 1])
        let contents = try JournalContents.read(path: fixture.journal("s2"))
        #expect(fixture.records("s2", type: "turn") == 1 && contents.turns.map(\.status) == ["ok"])
        #expect(fixture.records("s2", type: "tool_result") == 3)
    }

    /// A torn last line is dropped; the resumed session appends after the whole records. A chat
    /// journal and a one-shot journal are not resumed as each other.
    @Test func aTornLastLineIsToleratedAndKindsAreKeptApart() throws {
        let fixture = try JournalFixture()
        let environment = try fixture.environment()
        let first = try CLITests.run(
            [fixture.project.root, "--chat", "--journal", fixture.journals, "--run-id", "s3"], stdin: "first\n", environment: environment)
        #expect(first.status == 0 && first.stdout == JournalFixture.answer + "\n", "stderr: \(first.stderr)")
        let handle = try #require(FileHandle(forWritingAtPath: fixture.journal("s3")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"type":"turn","turn":2,"inp"#.utf8))
        try handle.close()

        let resumed = try CLITests.run([fixture.project.root, "--chat", "--resume", fixture.journal("s3")], stdin: "second\n", environment: environment)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(resumed.stdout == JournalFixture.answer + "\n")
        #expect(fixture.server.requests.count == 5 && fixture.effects.count == 3)
        let contents = try JournalContents.read(path: fixture.journal("s3"))
        #expect(!contents.hadTornTail && contents.turns.map(\.status) == ["ok", "ok"])

        let oneShot = try CLITests.run([fixture.project.root, "--resume", fixture.journal("s3")], environment: environment)
        #expect(oneShot.status == 2 && oneShot.stderr.contains("is the journal of a chat session; resume it with --chat"), "\(oneShot.stderr)")
        let replay = try CLITests.run(["replay", fixture.journal("s3")], environment: environment)
        #expect(replay.status == 2 && replay.stderr.contains("is the journal of a chat session; replay reads"), "\(replay.stderr)")
        let run = try CLITests.run([fixture.project.root, "go", "--journal", fixture.journals, "--run-id", "r"], environment: environment)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let asChat = try CLITests.run([fixture.project.root, "--chat", "--resume", fixture.journal("r")], stdin: "", environment: environment)
        #expect(asChat.status == 2 && asChat.stderr.contains("is the journal of a one-shot run, not a chat session"), "\(asChat.stderr)")
        let tui = try CLITests.run([fixture.project.root, "--tui", "--journal", fixture.journals], environment: environment)
        #expect(tui.status == 2 && tui.stderr.contains("--tui does not keep a journal"), "\(tui.stderr)")
    }
}

import Foundation
import Testing

@testable import LLMDo

/// The run journal through the built binary: kill -9 at several points and resume, offline
/// replay, deferred approvals, a torn last line, and the API key never in the journal.
@Suite struct JournalCLITests {
    /// Killed while the model is answering the third request: the resume serves the first two
    /// from the journal, asks only what was not answered, and runs no tool twice.
    @Test func resumeAfterAKillDuringAModelRequest() async throws {
        let fixture = try JournalFixture(holdAtToolResults: 2)
        let environment = try fixture.environment()
        try await fixture.killRun([fixture.project.root, "go", "--journal", fixture.journals, "--run-id", "r1"], environment: environment) {
            fixture.server.requests.count == 3
        }
        #expect(fixture.effects == ["done 1", "done 2"])

        let resumed = try CLITests.run([fixture.project.root, "--resume", fixture.journal("r1"), "--json"], environment: environment)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        let document = try JSONValue(parsing: resumed.stdout)
        #expect(document["output"] == .string(JournalFixture.answer))
        #expect(document["run_id"] == "r1")
        #expect(fixture.effects == ["done 1", "done 2", "done 3"])
        // Requests answered before the kill were not sent again; the held one was.
        #expect([0, 1, 2, 3].map(fixture.requests(withToolResults:)) == [1, 1, 2, 1])

        let journal = try String(contentsOfFile: fixture.journal("r1"), encoding: .utf8)
        #expect(!journal.contains(JournalFixture.apiKey) && !journal.lowercased().contains("authorization"))
        #expect(fixture.records("r1", type: "end") == 1 && fixture.records("r1", type: "tool_result") == 3)
    }

    enum Idempotence: String, CaseIterable, Sendable {
        case undeclared
        /// `runtime.idempotent_tools` in the manifest.
        case manifest
        /// `LLMDO_FN_IDEMPOTENT` in the plugin's descriptor.
        case plugin
    }

    /// Killed inside a tool call: the resume refuses to guess whether the tool had its effect,
    /// until told to run it again; a tool declared idempotent runs again without being told.
    @Test(arguments: Idempotence.allCases)
    func resumeAfterAKillInsideATool(declared: Idempotence) async throws {
        let fixture = try JournalFixture(runtime: declared == .manifest ? #"{"idempotent_tools": ["effects.step"]}"# : "{}")
        if declared == .plugin { try fixture.build(changed: false, idempotent: true) }
        let idempotent = declared != .undeclared
        try await fixture.killRun(
            [fixture.project.root, "go", "--journal", fixture.journals, "--run-id", "r2"], environment: try fixture.environment(blockAt: 2)
        ) { fixture.records("r2", type: "tool_start") == 2 }
        #expect(fixture.effects == ["done 1"])
        let requestsBefore = fixture.server.requests.count

        let environment = try fixture.environment()
        let resume = [fixture.project.root, "--resume", fixture.journal("r2")]
        if !idempotent {
            let refused = try CLITests.run(resume, environment: environment)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("cannot resume: tool 'step' (call c1.2) had started when the run stopped"), "\(refused.stderr)")
            #expect(refused.stderr.contains("--resume-reexecute"))
            #expect(fixture.effects == ["done 1"] && fixture.server.requests.count == requestsBefore)
        }
        let finished = try CLITests.run(resume + (idempotent ? [] : ["--resume-reexecute"]), environment: environment)
        #expect(finished.status == 0, "stderr: \(finished.stderr)")
        #expect(finished.stdout == JournalFixture.answer + "\n")
        #expect(fixture.effects == ["done 1", "done 2", "done 3"])
        #expect([0, 1, 2, 3].map(fixture.requests(withToolResults:)) == [1, 1, 1, 1])
    }

    /// A crash in the middle of writing a record leaves a torn last line; the resume drops it
    /// and goes on from the whole records before it.
    @Test func aTornLastLineIsTolerated() throws {
        let fixture = try JournalFixture()
        let environment = try fixture.environment()
        let first = try CLITests.run([fixture.project.root, "go", "--journal", fixture.journals, "--run-id", "r3"], environment: environment)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let handle = try #require(FileHandle(forWritingAtPath: fixture.journal("r3")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"type":"model","call":"c1","seq":5,"requ"#.utf8))
        try handle.close()
        #expect(try JournalContents.read(path: fixture.journal("r3")).hadTornTail)

        let resumed = try CLITests.run([fixture.project.root, "--resume", fixture.journal("r3")], environment: environment)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(resumed.stdout == JournalFixture.answer + "\n")
        #expect(fixture.server.requests.count == 4 && fixture.effects.count == 3)  // everything was served
        let contents = try JournalContents.read(path: fixture.journal("r3"))
        #expect(!contents.hadTornTail && contents.records.count == 12)  // 4 responses, 3 starts, 3 results, 2 ends
    }

    /// A replay runs offline (no model request at all) and matches its recording; after the
    /// plugin changes, it names exactly the call whose result changed.
    @Test func replayIsOfflineAndReportsChangedCalls() throws {
        let fixture = try JournalFixture()
        let recorded = try CLITests.run(
            [fixture.project.root, "go", "--journal", fixture.journals, "--run-id", "r4"], environment: try fixture.environment())
        #expect(recorded.status == 0, "stderr: \(recorded.stderr)")
        let requests = fixture.server.requests.count

        let environment = try fixture.environment()
        let same = try CLITests.run(["replay", fixture.journal("r4")], environment: environment)
        #expect(same.status == 0, "stderr: \(same.stderr)")
        #expect(same.stdout == "replay matches the journal\n")
        #expect(fixture.server.requests.count == requests)

        try fixture.build(changed: true)
        let changed = try CLITests.run(["replay", fixture.journal("r4")], environment: environment)
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("call c1.2: tool 'step' (worker 'main')\n  recorded: step 2 done\n  replayed: step 2 done differently\n"), "\(changed.stdout)")
        #expect(!changed.stdout.contains("call c1.1") && !changed.stdout.contains("call c1.3"))
        #expect(changed.stdout.hasSuffix("1 tool call changed\n"))

        let asJSON = try CLITests.run(["replay", fixture.journal("r4"), "--json"], environment: environment)
        let document = try JSONValue(parsing: asJSON.stdout)
        #expect(document["status"] == "changed" && document["differences"]?.arrayValue?.map { $0["call_id"] } == ["c1.2"])

        let served = try CLITests.run(["replay", fixture.journal("r4"), "--tools", "recorded"], environment: environment)
        #expect(served.status == 0 && served.stdout == "replay matches the journal\n", "\(served.stderr)")
        #expect(fixture.server.requests.count == requests)
    }

    /// Deferred approvals: the run stops at a gated call with exit 3 and the pending request in
    /// --json; resumes answer by call id (approve, deny with a reason), and a decision once
    /// journaled is never asked again.
    @Test func deferredApprovalsStopAndResume() throws {
        let fixture = try JournalFixture(tool: "gated")
        let environment = try fixture.environment()
        let first = try CLITests.run(
            [fixture.project.root, "go", "--journal", fixture.journals, "--run-id", "r5", "--approvals", "deferred", "--json"],
            environment: environment)
        #expect(first.status == 3, "stderr: \(first.stderr)")
        let document = try JSONValue(parsing: first.stdout)
        #expect(document["status"] == "approval_pending" && document["run_id"] == "r5")
        let pending = try #require(document["pending"]?.arrayValue?.first)
        #expect(pending["call_id"] == "c1.1" && pending["tool"] == "gated" && pending["arguments"] == ["n": 1])
        #expect(fixture.effects.isEmpty)

        let resume = [fixture.project.root, "--resume", fixture.journal("r5"), "--approvals", "deferred"]
        let second = try CLITests.run(resume + ["--approve", "c1.1", "--json"], environment: environment)
        #expect(second.status == 3, "stderr: \(second.stderr)")
        #expect(try JSONValue(parsing: second.stdout)["pending"]?.arrayValue?.first?["call_id"] == "c1.2")
        #expect(fixture.effects == ["done 1"])

        let third = try CLITests.run(resume + ["--deny", "c1.2=not today", "--approve", "c1.3"], environment: environment)
        #expect(third.status == 0, "stderr: \(third.stderr)")
        #expect(fixture.effects == ["done 1", "done 3"])
        #expect([0, 1, 2, 3].map(fixture.requests(withToolResults:)) == [1, 1, 1, 1])
        let denial = try #require(fixture.server.requests.last?.json["messages"]?.arrayValue?.filter { $0["role"] == "tool" }[1])
        #expect(denial["content"]?.stringValue?.contains("not today") == true)
    }
}

/// The exit codes an engine acts on for provider failures: 75 when the provider kept failing
/// with errors that may pass, 1 when retrying cannot help.
@Suite struct ProviderExitCodeTests {
    @Test func aProviderThatKeepsFailingTransientlyExits75() throws {
        let server = try LoopbackServer { _, _ in
            LoopbackServer.reply(status: 429, json: #"{"error":{"message":"slow down","type":"rate_limit"}}"#, headers: ["retry-after": "0"])
        }
        let fixture = try JournalFixture()
        var environment = try fixture.environment()
        environment["BOX_KEY"] = "k"
        let manifest = try String(contentsOfFile: fixture.project.manifestPath, encoding: .utf8)
        try fixture.project.write("project.json", manifest.replacingOccurrences(of: fixture.server.baseURL, with: server.baseURL))
        let result = try CLITests.run([fixture.project.root, "go", "--json"], environment: environment)
        #expect(result.status == 75, "stderr: \(result.stderr)")
        #expect(try JSONValue(parsing: result.stdout)["status"] == "error")
        #expect(server.requests.count > 1)  // llmdo's own retries came first

        let refusing = try LoopbackServer { _, _ in LoopbackServer.reply(status: 401, json: #"{"error":{"message":"bad key"}}"#) }
        try fixture.project.write("project.json", manifest.replacingOccurrences(of: fixture.server.baseURL, with: refusing.baseURL))
        #expect(try CLITests.run([fixture.project.root, "go"], environment: environment).status == 1)
    }
}

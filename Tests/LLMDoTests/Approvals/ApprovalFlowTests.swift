import Foundation
import Synchronization
import Testing
@testable import LLMDo

/// Approvals through the whole runtime: a scripted model calls the built-in tools, the gate
/// decides, and the test checks what ran and what the model was told.
@Suite("Approval flow")
struct ApprovalFlowTests {
    let base: TemporaryFolder

    init() throws {
        base = try TemporaryFolder()
        try base.write("a.txt", "alpha")
    }

    private static func write(_ id: String, _ path: String, _ content: String = "hello") -> ToolCall {
        .call(id, "write_file", ["path": .string(path), "content": .string(content)])
    }

    @Test("reject_all runs pre-approved calls and never executes a gated one")
    func rejectAll() async throws {
        var harness = ToolHarness(toolsets: ["filesystem_project", "shell_file_ops"], approvalMode: .rejectAll)
        harness.approver = ClosureApprover { _ in
            Issue.record("reject_all must not ask")
            return .approveOnce
        }
        let outcome = try await harness.run(
            in: base.path,
            calls: [Self.write("1", "b.txt"), .call("2", "shell", ["command": "mv a.txt c.txt"]), .call("3", "read_file", ["path": "a.txt"])])
        #expect(!base.exists("b.txt") && !base.exists("c.txt") && base.exists("a.txt"))
        #expect(outcome.results[0].isError && outcome.results[0].content.contains("denied by the operator (approval mode reject_all)"))
        #expect(outcome.results[1].isError && outcome.results[1].content.contains("denied by the operator"))
        #expect(!outcome.results[2].isError && outcome.results[2].content.contains("alpha"))
    }

    @Test("approve_all runs gated calls without asking")
    func approveAll() async throws {
        let harness = ToolHarness(toolsets: ["filesystem_project"], approvalMode: .approveAll)
        _ = try await harness.run(in: base.path, calls: [Self.write("1", "b.txt")])
        #expect(base.read("b.txt") == "hello")
    }

    @Test("'approve for session' covers that exact call only; a denial and its reason reach the model")
    func sessionApproval() async throws {
        let asked = Mutex<[String]>([])
        var harness = ToolHarness(toolsets: ["filesystem_project", "shell_file_ops"])
        harness.approver = ClosureApprover { request in
            asked.withLock { $0.append("\(request.tool) \(request.arguments["path"]?.stringValue ?? "")") }
            return request.tool == "write_file" ? .approveForSession : .deny(reason: "not now")
        }
        let outcome = try await harness.run(
            in: base.path,
            turns: [
                [Self.write("1", "b.txt")],
                // The same arguments in another key order are the same call; c.txt is another call.
                [.call("2", "write_file", ["content": "hello", "path": "b.txt"]), Self.write("3", "c.txt")],
                [.call("4", "shell", ["command": "mv a.txt d.txt"])],
            ])
        #expect(asked.withLock { $0 } == ["write_file b.txt", "write_file c.txt", "shell "])
        #expect(base.exists("b.txt") && base.exists("c.txt"))
        #expect(base.exists("a.txt") && !base.exists("d.txt"))
        let denied = try #require(outcome.results.first { $0.callID == "4" })
        #expect(denied.isError)
        #expect(denied.content == "denied by the operator: not now. the call to tool 'shell' was not run.")
    }

    @Test("'every call of this tool for the session' covers the tool with any arguments, and only that tool")
    func toolSessionApproval() async throws {
        let asked = Mutex<[String]>([])
        var harness = ToolHarness(toolsets: ["filesystem_project", "shell_file_ops"])
        harness.approver = ClosureApprover { request in
            asked.withLock { $0.append(request.tool) }
            return request.tool == "write_file" ? .approveToolForSession : .deny(reason: "not now")
        }
        _ = try await harness.run(
            in: base.path,
            turns: [[Self.write("1", "b.txt")], [Self.write("2", "c.txt"), .call("3", "shell", ["command": "mv a.txt d.txt"])]])
        #expect(asked.withLock { $0 } == ["write_file", "shell"])
        #expect(base.exists("b.txt") && base.exists("c.txt") && !base.exists("d.txt"))
    }

    @Test("'approve once' is not remembered")
    func approveOnce() async throws {
        let approver = RecordingApprover(.approveOnce)
        var harness = ToolHarness(toolsets: ["filesystem_project"])
        harness.approver = approver
        _ = try await harness.run(in: base.path, turns: [[Self.write("1", "b.txt")], [Self.write("2", "b.txt", "again")]])
        #expect(approver.requests.count == 2)
        #expect(base.read("b.txt") == "again")
    }

    @Test("a custom approver sees who asks, for what, and the tool's own description")
    func closureApproverSeesRequest() async throws {
        let approver = RecordingApprover(.approveOnce)
        var harness = ToolHarness(toolsets: ["filesystem_project"])
        harness.approver = approver
        _ = try await harness.run(in: base.path, calls: [Self.write("1", "notes/activity.log", "12345")])
        let request = try #require(approver.requests.first)
        #expect(request.kind == .tool)
        #expect(request.worker == "main" && request.depth == 0)
        #expect(request.toolset == "filesystem_project" && request.tool == "write_file")
        #expect(request.description == "write 5 chars to notes/activity.log")
        #expect(request.arguments == ["path": "notes/activity.log", "content": "12345"])
        #expect(base.read("notes/activity.log") == "12345")
    }

    @Test("shell approval is decided per command; refused commands never prompt")
    func shellPerCall() async throws {
        let approver = RecordingApprover(.approveOnce)
        var harness = ToolHarness(toolsets: ["shell_file_ops"])
        harness.approver = approver
        let outcome = try await harness.run(
            in: base.path,
            turns: [
                [.call("1", "shell", ["command": "ls"])],
                [.call("2", "shell", ["command": "rm a.txt"]), .call("3", "shell", ["command": "mv a.txt ../escaped.txt"]),
                 .call("4", "shell", ["command": "mv a.txt moved.txt"])],
            ])
        #expect(approver.requests.map(\.description) == ["run: mv a.txt moved.txt"])
        #expect(outcome.results[0].content.contains("a.txt"))
        #expect(outcome.results[1].isError && outcome.results[2].isError)
        #expect(base.exists("moved.txt"))
    }

    @Test("concurrent gated calls are asked one at a time")
    func promptsQueue() async throws {
        let inFlight = Mutex((now: 0, most: 0))
        var harness = ToolHarness(toolsets: ["filesystem_project"])
        harness.approver = ClosureApprover { _ in
            inFlight.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            try? await Task.sleep(for: .milliseconds(30))
            inFlight.withLock { $0.now -= 1 }
            return .approveOnce
        }
        _ = try await harness.run(in: base.path, calls: (1...4).map { Self.write("\($0)", "f\($0).txt") })
        #expect(inFlight.withLock { $0.most } == 1)
        #expect((1...4).allSatisfy { base.exists("f\($0).txt") })
    }

    @Test("headless prompt mode fails closed and says how to approve")
    func headlessFailsClosed() async throws {
        let harness = ToolHarness(toolsets: ["filesystem_project"])
        let error = await #expect(throws: RunError.self) {
            try await harness.run(in: base.path, calls: [Self.write("1", "b.txt")])
        }
        #expect(error?.kind == .approvalUnavailable)
        #expect(error?.message.contains("--approve-all") == true)
        #expect(!base.exists("b.txt"))
    }

    @Test("headless prompt mode with return_permission_errors tells the model instead")
    func headlessPermissionError() async throws {
        var harness = ToolHarness(toolsets: ["filesystem_project"])
        harness.returnPermissionErrors = true
        let outcome = try await harness.run(in: base.path, calls: [Self.write("1", "b.txt")])
        #expect(outcome.results.first?.isError == true)
        #expect(outcome.results.first?.content.hasPrefix("permission error:") == true)
        #expect(!base.exists("b.txt"))
    }
}

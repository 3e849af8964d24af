import Synchronization
import Testing
@testable import LLMDo

@Suite struct ApprovalGateTests {
    func program(_ config: RuntimeConfig = RuntimeConfig(), math: MathToolset) throws -> Program {
        try makeProgram(
            [WorkerSpec(name: "main", isEntry: true, model: "fn", toolsetRefs: [NameRef(name: "math", line: nil)], instructions: "", file: "main.worker")],
            toolsets: [math], runtime: config)
    }

    /// Calls `danger` once, then reports the result text.
    let caller = FunctionModel { request in
        guard let result = request.lastToolResults.first else { return .toolCalls([.make("danger", [:])]) }
        return .text(result.content)
    }

    @Test func rejectAllNeverExecutes() async throws {
        let math = MathToolset()
        let runtime = Runtime(program: try program(math: math), options: RuntimeOptions(approvalMode: .rejectAll, models: ["fn": caller]))
        let output = try await runtime.run(input: "go").output.stringValue ?? ""
        #expect(output.hasPrefix("denied by the operator"))
        #expect(math.executions == 0)
    }

    @Test func approveAllExecutes() async throws {
        let math = MathToolset()
        let runtime = Runtime(program: try program(math: math), options: RuntimeOptions(approvalMode: .approveAll, models: ["fn": caller]))
        #expect(try await runtime.run(input: "go").output == "danger done")
        #expect(math.executions == 1)
    }

    @Test func promptWithoutApproverFailsClosed() async throws {
        let math = MathToolset()
        let runtime = Runtime(program: try program(math: math), options: RuntimeOptions(models: ["fn": caller]))
        do {
            _ = try await runtime.run(input: "go")
            Issue.record("expected approval_unavailable")
        } catch let error as RunError {
            #expect(error.kind == .approvalUnavailable)
            #expect(error.message.contains("--approve-all"))
        }
        #expect(math.executions == 0)
    }

    @Test func permissionErrorsCanGoToTheModel() async throws {
        var config = RuntimeConfig()
        config.returnPermissionErrors = true
        let math = MathToolset()
        let runtime = Runtime(program: try program(config, math: math), options: RuntimeOptions(models: ["fn": caller]))
        let output = try await runtime.run(input: "go").output.stringValue ?? ""
        #expect(output.hasPrefix("permission error:"))
        #expect(math.executions == 0)
    }

    @Test func denialWithReasonReachesTheModel() async throws {
        let math = MathToolset()
        let approver = ClosureApprover { request in
            #expect(request.tool == "danger")
            #expect(request.worker == "main")
            return .deny(reason: "not today")
        }
        let runtime = Runtime(program: try program(math: math), options: RuntimeOptions(approver: approver, models: ["fn": caller]))
        let output = try await runtime.run(input: "go").output.stringValue ?? ""
        #expect(output.contains("not today"))
        #expect(math.executions == 0)
    }

    @Test func approveForSessionCoversThatToolOnly() async throws {
        let math = MathToolset()
        let asked = Mutex(0)
        let approver = ClosureApprover { _ in
            asked.withLock { $0 += 1 }
            return .approveForSession
        }
        let runtime = Runtime(program: try program(math: math), options: RuntimeOptions(approver: approver, models: ["fn": caller]))
        _ = try await runtime.run(input: "go")
        _ = try await runtime.run(input: "again")
        #expect(asked.withLock { $0 } == 1)
        #expect(math.executions == 2)
    }

    @Test func workerCallsCanRequireApproval() async throws {
        var config = RuntimeConfig()
        config.workerCallsRequireApproval = true
        config.workerApprovalOverrides = ["free": WorkerApprovalOverride(callsRequireApproval: false)]
        let program = try makeProgram([
            WorkerSpec(name: "main", isEntry: true, model: "fn", toolsetRefs: [NameRef(name: "gated", line: nil), NameRef(name: "free", line: nil)], instructions: "", file: "m"),
            WorkerSpec(name: "gated", model: "child", instructions: "", file: "g"),
            WorkerSpec(name: "free", model: "child", instructions: "", file: "f"),
        ], runtime: config)
        let parent = FunctionModel { request in
            let results = request.lastToolResults
            if results.isEmpty { return .toolCalls([.make("gated", ["input": "x"], id: "1"), .make("free", ["input": "y"], id: "2")]) }
            return .text(results.map(\.content).joined(separator: " | "))
        }
        let child = FunctionModel { _ in .text("child ran") }
        let runtime = Runtime(program: program, options: RuntimeOptions(approvalMode: .rejectAll, models: ["fn": parent, "child": child]))
        let output = try await runtime.run(input: "go").output.stringValue ?? ""
        #expect(output.hasPrefix("denied by the operator"))
        #expect(output.hasSuffix("| child ran"))
    }

    @Test func concurrentPromptsQueue() async throws {
        let math = MathToolset()
        let active = Mutex((now: 0, peak: 0))
        let approver = ClosureApprover { _ in
            active.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            try? await Task.sleep(nanoseconds: 5_000_000)
            active.withLock { $0.now -= 1 }
            return .approveOnce
        }
        let model = FunctionModel { request in
            if request.lastToolResults.isEmpty { return .toolCalls((1...4).map { .make("danger", [:], id: "\($0)") }) }
            return .text("ok")
        }
        let runtime = Runtime(program: try program(math: math), options: RuntimeOptions(approver: approver, models: ["fn": model]))
        _ = try await runtime.run(input: "go")
        #expect(active.withLock { $0.peak } == 1)
        #expect(math.executions == 4)
    }

    @Test func aCancelledWaiterLeavesTheQueueWithoutBeingAsked() async throws {
        let release = Signal()
        let asked = Mutex<[String]>([])
        let events = RecordingEventSink()
        let gate = ApprovalGate(
            approver: ClosureApprover { request in
                asked.withLock { $0.append(request.tool) }
                if request.tool == "first" { await release.wait() }
                return .approveOnce
            }, events: events)
        let policy = CallPolicy(RuntimeConfig(), overrides: RuntimeOptions())
        func request(_ tool: String) -> ApprovalRequest {
            ApprovalRequest(kind: .tool, worker: "main", depth: 0, toolset: "t", tool: tool, arguments: [:], description: nil)
        }
        let first = Task { try await gate.authorize(request("first"), required: true, policy: policy) }
        while asked.withLock({ $0 }) != ["first"] { await Task.yield() }
        let second = Task { try await gate.authorize(request("second"), required: true, policy: policy) }
        while events.events.count < 2 { await Task.yield() }  // the second request is queued behind the first
        second.cancel()
        // It ends while the first prompt is still open: it left the queue instead of waiting its turn.
        await #expect(throws: CancellationError.self) { try await second.value }
        release.fire()
        #expect(try await first.value == .proceed)
        #expect(try await gate.authorize(request("third"), required: true, policy: policy) == .proceed)
        #expect(asked.withLock { $0 } == ["first", "third"])
    }
}

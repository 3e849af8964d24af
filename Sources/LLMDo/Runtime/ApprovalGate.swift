import Synchronization

/// The one chokepoint every gated call passes through, whoever makes it (a model, a code
/// entry, a plugin calling back into the host).
///
/// Pre-approved calls return at once without locking. Gated calls are decided by the mode;
/// in `prompt` mode the approver is asked, one request at a time (concurrent calls queue),
/// and "approve for session" answers are remembered per tool.
///
/// `package` so the benchmarks can measure it directly.
package final class ApprovalGate: Sendable {
    /// What the caller should do with the call.
    package enum Outcome: Sendable, Equatable {
        case proceed
        /// Do not run it; tell the model this.
        case denied(String)
    }

    private let approver: (any Approver)?
    private let sessionApproved = Mutex(Set<String>())
    private let promptQueue = PromptQueue()
    private let events: any EventSink

    package init(approver: (any Approver)?, events: any EventSink) {
        self.approver = approver
        self.events = events
    }

    /// Decides a call.
    /// - Parameters:
    ///   - required: whether the call needs approval at all (from the tool's declaration and its
    ///     per-call answer).
    ///   - policy: the rules of the generation the call started on (mode, permission errors).
    /// - Throws: ``RunError`` (`approvalUnavailable`) in prompt mode with no approver, unless
    ///   permission errors are returned to the model.
    package func authorize(_ request: ApprovalRequest, required: Bool, policy: CallPolicy) async throws(RunError) -> Outcome {
        guard required else { return .proceed }
        switch policy.approvalMode {
        case .approveAll:
            return .proceed
        case .rejectAll:
            let outcome = Outcome.denied("denied by the operator (approval mode reject_all): \(Self.label(request)) was not run")
            events.emit(.approvalDecided(ApprovalDecidedEvent(request: request, decision: .deny(reason: "reject_all"))))
            return outcome
        case .prompt:
            break
        }
        let key = Self.sessionKey(request)
        if sessionApproved.withLock({ $0.contains(key) }) { return .proceed }
        guard let approver else {
            let message =
                "\(Self.label(request)) needs approval, but no terminal is available to ask. "
                + "Run with --approve-all (or set runtime.approval_mode in project.json) to allow it, "
                + "or --reject-all to deny gated calls."
            if policy.returnPermissionErrors { return .denied("permission error: \(message)") }
            throw RunError(.approvalUnavailable, message)
        }
        events.emit(.approvalRequested(ApprovalRequestedEvent(request: request)))
        let decision = await promptQueue.run {
            // A tool approved for the session while this request waited needs no prompt.
            if self.sessionApproved.withLock({ $0.contains(key) }) { return ApprovalDecision.approveOnce }
            return await approver.decide(request)
        }
        events.emit(.approvalDecided(ApprovalDecidedEvent(request: request, decision: decision)))
        switch decision {
        case .approveOnce:
            return .proceed
        case .approveForSession:
            sessionApproved.withLock { _ = $0.insert(key) }
            return .proceed
        case .deny(let reason):
            let why = reason.map { ": \($0)" } ?? ""
            return .denied("denied by the operator\(why). \(Self.label(request)) was not run.")
        }
    }

    static func sessionKey(_ request: ApprovalRequest) -> String { "\(request.toolset)\u{1F}\(request.tool)" }

    static func label(_ request: ApprovalRequest) -> String {
        switch request.kind {
        case .tool: return "the call to tool '\(request.tool)'"
        case .workerCall: return "the call to worker '\(request.tool)'"
        case .workerAttachments: return "the attachments passed to worker '\(request.tool)'"
        }
    }
}

/// Runs prompts one at a time, in arrival order, so concurrent tool calls never ask at once.
private actor PromptQueue {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        }
        busy = true
        let result = await body()
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
        return result
    }
}

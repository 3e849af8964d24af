import Synchronization

/// The one chokepoint every gated call passes through, whoever makes it (a model, a code
/// entry, a plugin calling back into the host).
///
/// Pre-approved calls return at once without locking. Gated calls are decided by the mode of
/// the generation the call started on; in `prompt` mode the approver is asked, one request at a
/// time (concurrent calls queue), and "for the session" answers are remembered: by default the
/// exact call (tool and arguments, as llm-do keys its session cache), or, when the operator
/// chose it explicitly, every call of the tool.
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
    private let grants = Mutex(Set<SessionGrant>())
    private let promptQueue = PromptQueue()
    private let events: any EventSink
    /// Why nobody is asked when there is no approver (``RuntimeOptions/unattendedReason``).
    private let unattendedReason: String

    package init(approver: (any Approver)?, events: any EventSink, unattendedReason: String = RuntimeOptions.noTerminal) {
        self.approver = approver
        self.events = events
        self.unattendedReason = unattendedReason
    }

    /// Decides a call.
    /// - Parameters:
    ///   - required: whether the call needs approval at all (from the tool's declaration and its
    ///     per-call answer).
    ///   - policy: the rules of the generation the call started on (mode, permission errors).
    ///   - path: the call asking, for the approval events.
    /// - Throws: ``RunError`` (`approvalUnavailable`) in prompt mode with no approver, unless
    ///   permission errors are returned to the model, or when the approver fails;
    ///   `CancellationError` when the task is cancelled while the request waits or is asked.
    package func authorize(_ request: ApprovalRequest, required: Bool, policy: CallPolicy, path: CallPath = .unattributed) async throws
        -> Outcome
    {
        guard required else { return .proceed }
        switch policy.approvalMode {
        case .approveAll:
            return .proceed
        case .rejectAll:
            let outcome = Outcome.denied("denied by the operator (approval mode reject_all): \(Self.label(request)) was not run")
            events.emit(.approvalDecided(ApprovalDecidedEvent(path: path, request: request, decision: .deny(reason: "reject_all"))))
            return outcome
        case .prompt:
            break
        }
        if isGranted(request) { return .proceed }
        guard let approver else {
            let message =
                "\(Self.label(request)) \(request.kind == .workerAttachments ? "need" : "needs") approval, but \(unattendedReason). "
                + "Run with --approve-all (or set runtime.approval_mode in project.json) to allow it, "
                + "or --reject-all to deny gated calls."
            if policy.returnPermissionErrors { return .denied("permission error: \(message)") }
            throw RunError(.approvalUnavailable, message)
        }
        events.emit(.approvalRequested(ApprovalRequestedEvent(path: path, request: request)))
        let decision = try await promptQueue.run {
            // A grant made while this request waited needs no prompt.
            if self.isGranted(request) { return ApprovalDecision.approveOnce }
            do {
                return try await approver.decide(request)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw RunError(.approvalUnavailable, "the approver failed while asking about \(Self.label(request)): \(error)")
            }
        }
        events.emit(.approvalDecided(ApprovalDecidedEvent(path: path, request: request, decision: decision)))
        switch decision {
        case .approveOnce:
            return .proceed
        case .approveForSession:
            grants.withLock { _ = $0.insert(SessionGrant(request, exact: true)) }
            return .proceed
        case .approveToolForSession:
            grants.withLock { _ = $0.insert(SessionGrant(request, exact: false)) }
            return .proceed
        case .deny(let reason):
            let why = reason.map { ": \($0)" } ?? ""
            return .denied("denied by the operator\(why). \(Self.label(request)) was not run.")
        }
    }

    private func isGranted(_ request: ApprovalRequest) -> Bool {
        let exact = SessionGrant(request, exact: true), tool = SessionGrant(request, exact: false)
        return grants.withLock { $0.contains(exact) || $0.contains(tool) }
    }

    static func label(_ request: ApprovalRequest) -> String {
        switch request.kind {
        case .tool: return "the call to tool '\(request.tool)'"
        case .workerCall: return "the call to worker '\(request.tool)'"
        case .workerAttachments: return "the attachments passed to worker '\(request.tool)'"
        }
    }
}

/// What an "approve for the session" answer covers: one tool of one toolset, with exactly these
/// arguments (compared as JSON values: key order does not matter) or with any (`nil`).
struct SessionGrant: Hashable, Sendable {
    let toolset: String
    let tool: String
    let arguments: JSONValue?

    init(_ request: ApprovalRequest, exact: Bool) {
        toolset = request.toolset
        tool = request.tool
        arguments = exact ? request.arguments : nil
    }
}

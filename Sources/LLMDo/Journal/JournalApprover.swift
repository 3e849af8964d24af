import Synchronization

/// Decides gated calls for a journaled run: a decision the journal already holds is reused (a
/// resumed run does not ask twice), then a decision given up front by call id (`--approve`,
/// `--deny`), then, unless approvals are deferred, the operator through `base`. Every new
/// decision is journaled before the call proceeds.
///
/// With approvals deferred, a call that needs a decision nobody gave is journaled as pending
/// and the run stops with ``RunError/Kind/approvalPending``: an engine asks a person (a ticket,
/// a workflow signal) and resumes the run later with the answer, holding no process open.
public final class JournalApprover: Approver {
    private let base: (any Approver)?
    private let journal: RunJournal
    private let given: [String: ApprovalDecision]
    private let deferred: Bool
    private let unattendedReason: String
    private let waiting = Mutex([ApprovalRequest]())

    /// - Parameters:
    ///   - base: who to ask (a terminal), or nil when nobody can be asked.
    ///   - journal: where decisions are recorded and found.
    ///   - decisions: decisions given up front, by call id.
    ///   - deferred: stop the run instead of asking.
    ///   - unattendedReason: why nobody is asked when `base` is nil (``RuntimeOptions/unattendedReason``).
    public init(
        base: (any Approver)?, journal: RunJournal, decisions: [String: ApprovalDecision] = [:], deferred: Bool = false,
        unattendedReason: String = RuntimeOptions.noTerminal
    ) {
        self.base = base
        self.journal = journal
        self.given = decisions
        self.deferred = deferred
        self.unattendedReason = unattendedReason
    }

    /// The requests that stopped the run waiting for a decision.
    public var pending: [ApprovalRequest] { waiting.withLock { $0 } }

    public func decide(_ request: ApprovalRequest) async throws -> ApprovalDecision {
        let id = request.path.callID
        if let recorded = journal.recorded.decisions[id] {
            return recorded.approved ? .approveOnce : .deny(reason: recorded.reason)
        }
        let decision: ApprovalDecision
        if let answer = given[id] {
            decision = answer
        } else if deferred {
            waiting.withLock { $0.append(request) }
            try await journal.record(.approvalPending(call: id, request: Self.json(request)))
            throw RunError(
                .approvalPending,
                "\(ApprovalGate.label(request)) (call \(id)) needs a decision; approvals are deferred, so the run stopped. "
                    + "Resume it with --approve \(id) or --deny \(id)")
        } else if let base {
            decision = try await base.decide(request)
        } else {
            throw RunError(.approvalUnavailable, ApprovalGate.unavailableMessage(request, reason: unattendedReason))
        }
        switch decision {
        case .approveOnce, .approveForSession, .approveToolForSession:
            try await journal.record(.approval(call: id, approved: true, reason: nil))
        case .deny(let reason):
            try await journal.record(.approval(call: id, approved: false, reason: reason))
        }
        return decision
    }

    /// A pending request as the journal and `--json` show it.
    public static func json(_ request: ApprovalRequest) -> JSONValue {
        [
            "call_id": .string(request.path.callID), "kind": .string(request.kind.rawValue), "worker": .string(request.worker),
            "toolset": .string(request.toolset), "tool": .string(request.tool), "arguments": request.arguments,
            "description": request.description.map(JSONValue.string) ?? .null,
        ]
    }
}

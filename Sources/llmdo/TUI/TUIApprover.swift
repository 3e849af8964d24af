import LLMDo
import Synchronization

/// Approvals in the full-screen interface: each request goes to the interface's panel and
/// waits there for `a`, `s`, `t` or `d`. A cancelled turn withdraws its request.
final class TUIApprover: Approver {
    private let inbox: TUIInbox
    private let nextID = Mutex(0)

    init(inbox: TUIInbox) { self.inbox = inbox }

    func decide(_ request: ApprovalRequest) async throws -> ApprovalDecision {
        let id = nextID.withLock { id in
            defer { id += 1 }
            return id
        }
        let decision = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ApprovalDecision?, Never>) in
                inbox.post(.approval(id: id, request, answer: { continuation.resume(returning: $0) }))
            }
        } onCancel: {
            inbox.post(.approvalWithdrawn(id: id))
        }
        guard let decision else { throw CancellationError() }
        return decision
    }
}

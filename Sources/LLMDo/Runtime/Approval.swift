/// How gated tool calls are decided.
public enum ApprovalMode: String, Sendable, Hashable, CaseIterable {
    /// Ask the operator (through the ``Approver``); fail closed when nobody can be asked.
    case prompt
    /// Approve every gated call.
    case approveAll = "approve_all"
    /// Deny every gated call.
    case rejectAll = "reject_all"
}

/// A gated call waiting for a decision.
public struct ApprovalRequest: Sendable {
    /// What needs approval.
    public enum Kind: String, Sendable {
        /// A tool call.
        case tool
        /// A call of another worker (`runtime.worker_calls_require_approval`).
        case workerCall = "worker_call"
        /// Attachments handed to another worker (`runtime.worker_attachments_require_approval`).
        case workerAttachments = "worker_attachments"
    }

    /// What needs approval.
    public var kind: Kind
    /// The worker making the call.
    public var worker: String
    /// Its nesting depth (0 for the entry).
    public var depth: Int
    /// The toolset of the tool (for a worker call, the called worker's name).
    public var toolset: String
    /// The tool (or worker) called.
    public var tool: String
    /// The call's validated arguments.
    public var arguments: JSONValue
    /// The tool's own description of this call, when it gives one.
    public var description: String?
    /// The gated call's place in the run (its ``CallPath/callID`` is what `--approve` names);
    /// filled in by the runtime before an ``Approver`` sees the request.
    public var path: CallPath = .unattributed

    /// A request (the runtime makes these; tests of an approver may too).
    public init(
        kind: Kind, worker: String, depth: Int, toolset: String, tool: String, arguments: JSONValue,
        description: String?
    ) {
        self.kind = kind
        self.worker = worker
        self.depth = depth
        self.toolset = toolset
        self.tool = tool
        self.arguments = arguments
        self.description = description
    }
}

/// The operator's answer.
public enum ApprovalDecision: Sendable, Hashable {
    /// Approve this call only.
    case approveOnce
    /// Approve this exact call (same tool, same arguments) for the rest of the runtime's life,
    /// as llm-do's session cache does: a later call of the tool with other arguments asks again.
    case approveForSession
    /// Approve every call of this tool, whatever its arguments, for the rest of the runtime's
    /// life. Broad: one approved `mv` then approves every `mv`.
    case approveToolForSession
    /// Deny; the reason, if any, is passed to the model.
    case deny(reason: String?)
}

/// Decides gated calls: the CLI's terminal prompt, or an embedding program's policy.
///
/// A decision may take as long as a person takes, so it must end when its task is cancelled
/// (Ctrl-C in a chat): throw `CancellationError` then. Any other error fails closed: the run
/// stops with an `approval_unavailable` error naming it.
///
/// ```swift
/// struct AllowReads: Approver {
///     func decide(_ request: ApprovalRequest) async throws -> ApprovalDecision {
///         request.tool == "read_file" ? .approveOnce : .deny(reason: "only reads are allowed")
///     }
/// }
/// ```
public protocol Approver: Sendable {
    /// Decides one gated call. Calls are asked one at a time. Throw `CancellationError` when the
    /// task is cancelled while waiting for an answer.
    func decide(_ request: ApprovalRequest) async throws -> ApprovalDecision
}

/// An approver backed by a closure (for embedding programs and tests).
public struct ClosureApprover: Approver {
    private let body: @Sendable (ApprovalRequest) async throws -> ApprovalDecision
    /// An approver that answers with `body`.
    public init(_ body: @escaping @Sendable (ApprovalRequest) async throws -> ApprovalDecision) { self.body = body }
    public func decide(_ request: ApprovalRequest) async throws -> ApprovalDecision { try await body(request) }
}

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
    public enum Kind: String, Sendable { case tool, workerCall = "worker_call", workerAttachments = "worker_attachments" }

    public var kind: Kind
    /// The worker making the call.
    public var worker: String
    public var depth: Int
    public var toolset: String
    public var tool: String
    public var arguments: JSONValue
    /// The tool's own description of this call, when it gives one.
    public var description: String?

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
    case approveOnce
    /// Approve this tool for the rest of the runtime's life.
    case approveForSession
    /// Deny; the reason, if any, is passed to the model.
    case deny(reason: String?)
}

/// Decides gated calls: the CLI's terminal prompt, or an embedding program's policy.
public protocol Approver: Sendable {
    func decide(_ request: ApprovalRequest) async -> ApprovalDecision
}

/// An approver backed by a closure (for embedding programs and tests).
public struct ClosureApprover: Approver {
    private let body: @Sendable (ApprovalRequest) async -> ApprovalDecision
    public init(_ body: @escaping @Sendable (ApprovalRequest) async -> ApprovalDecision) { self.body = body }
    public func decide(_ request: ApprovalRequest) async -> ApprovalDecision { await body(request) }
}

/// A tool as the model sees it: a name, a description and a JSON Schema for its argument object.
public struct ToolDefinition: Sendable, Hashable {
    /// The name the model calls it by; unique among a worker's tools.
    public var name: String
    /// What the model reads to decide when to call it.
    public var description: String
    /// JSON Schema of the argument object (`"type": "object"`).
    public var parametersSchema: JSONValue
    /// Whether a call needs the operator's consent.
    public var approval: ApprovalRequirement
    /// Whether running a call twice has the same effect as running it once (a read, or a write
    /// of the same content). A resumed run re-runs an idempotent call that was interrupted; any
    /// other interrupted call stops the resume (see ``RunJournal``).
    public var idempotent: Bool

    /// A tool definition; pre-approved unless `approval` says otherwise, not idempotent unless
    /// `idempotent` says so (a resumed run may then repeat a call that was cut off).
    public init(
        name: String, description: String, parametersSchema: JSONValue, approval: ApprovalRequirement = .preApproved,
        idempotent: Bool = false
    ) {
        self.name = name
        self.description = description
        self.parametersSchema = parametersSchema
        self.approval = approval
        self.idempotent = idempotent
    }
}

/// A tool's declared approval need.
public enum ApprovalRequirement: Sendable, Hashable {
    /// Runs without asking.
    case preApproved
    /// Always asks (subject to the approval mode).
    case always
    /// The toolset decides per call (``ToolsetInstance/approvalNeed(tool:arguments:)``).
    case perCall
}

/// A named group of tools: built-in (`filesystem_project`, `shell_readonly`), a plugin toolset,
/// or a worker exposed as a tool.
///
/// A toolset is shared by every call; per-call state lives in the ``ToolsetInstance`` it makes
/// for each worker call (the Python `ToolsetSpec(factory=…)` semantics).
public protocol Toolset: Sendable {
    /// The name workers list in `toolsets:`; unique in a program.
    var name: String { get }
    /// The tools offered. A toolset that learns its tools at run time returns `[]` until its
    /// first ``makeInstance(context:)``.
    var tools: [ToolDefinition] { get }
    /// Creates the state for one worker call. Closed when that call ends.
    func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance
}

/// What a toolset knows about the worker call it serves.
public struct ToolsetContext: Sendable {
    /// The project root (manifest folder).
    public var projectRoot: String
    /// The process's working directory when the runtime started.
    public var workingDirectory: String
    /// The worker whose call this is.
    public var workerName: String
    /// Its nesting depth (0 for the entry).
    public var depth: Int
    /// The run's events (a plugin's `log` lines from its instance callbacks go there).
    public var events: any EventSink
    /// A context (the runtime makes these; tests of a toolset may too).
    public init(
        projectRoot: String, workingDirectory: String, workerName: String, depth: Int, events: any EventSink = NullEventSink()
    ) {
        self.projectRoot = projectRoot
        self.workingDirectory = workingDirectory
        self.workerName = workerName
        self.depth = depth
        self.events = events
    }
}

/// One worker call's view of a toolset.
public protocol ToolsetInstance: Sendable {
    /// For tools declared ``ApprovalRequirement/perCall`` (and to describe any gated call):
    /// whether this call needs approval, and a human-readable description of it.
    func approvalNeed(tool: String, arguments: JSONValue) async -> ApprovalNeed
    /// Runs a tool with arguments already validated against its schema.
    ///
    /// - Throws: ``ToolError`` for failures the model should see; other errors become a
    ///   generic tool failure.
    func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput
    /// Releases per-call state.
    func close() async
}

extension ToolsetInstance {
    /// No opinion: the tool's ``ToolDefinition/approval`` decides.
    public func approvalNeed(tool: String, arguments: JSONValue) async -> ApprovalNeed { ApprovalNeed(required: nil) }
    /// Nothing to release.
    public func close() async {}
}

/// A per-call approval answer from a toolset.
public struct ApprovalNeed: Sendable {
    /// `true`/`false` overrides the tool's declared requirement; `nil` keeps it.
    public var required: Bool?
    /// Shown in the approval prompt ("move a.txt to b.txt").
    public var description: String?
    /// What is being approved (a tool call, a worker call, attachments to a worker).
    public var kind: ApprovalRequest.Kind
    /// A need; `required: nil` leaves it to the tool's definition.
    public init(required: Bool?, description: String? = nil, kind: ApprovalRequest.Kind = .tool) {
        self.required = required
        self.description = description
        self.kind = kind
    }
}

/// What a tool returns.
public enum ToolOutput: Sendable, Hashable {
    /// Text the model reads as is.
    case text(String)
    /// A JSON value; the model reads its JSON text (a string, its text).
    case json(JSONValue)

    /// The text the model sees.
    public var modelText: String {
        switch self {
        case .text(let s): return s
        case .json(let v):
            if case .string(let s) = v { return s }
            return v.jsonText
        }
    }

    /// The output as a JSON value (text becomes a string).
    public var jsonValue: JSONValue {
        switch self {
        case .text(let s): return .string(s)
        case .json(let v): return v
        }
    }
}


/// Services a running tool may use: calling workers and tools, cancellation, logging.
/// Tools that orchestrate (worker-as-tool, plugins' host callbacks) use it; most ignore it.
public struct ToolInvocation: Sendable {
    /// The call scope the tool runs in (its worker, depth, runtime).
    public let scope: CallScope
    /// The model's id for this call, or for a call made by code the runtime's (``CallPath/callID``,
    /// unique within the run; `scope.path` is the call's path either way).
    public let callID: String

    package init(scope: CallScope, callID: String) {
        self.scope = scope
        self.callID = callID
    }
}

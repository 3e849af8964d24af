/// Everything the runtime reports while it works. The runtime never prints: front ends
/// (the CLI's renderers, an embedding program) receive these through an ``EventSink``.
public enum RuntimeEvent: Sendable {
    /// A run began with its entry.
    case runStarted(RunStartedEvent)
    /// A run ended, with its output or error.
    case runFinished(RunFinishedEvent)
    /// A worker is about to ask its model.
    case modelRequest(ModelRequestEvent)
    /// A model answered.
    case modelResponse(ModelResponseEvent)
    /// Streamed answer text, as it arrives.
    case textDelta(TextDeltaEvent)
    /// A tool (or worker) call is about to run.
    case toolCall(ToolCallEvent)
    /// A tool (or worker) call returned; errors the model reads are results too.
    case toolResult(ToolResultEvent)
    /// A gated call waits for the approver.
    case approvalRequested(ApprovalRequestedEvent)
    /// The approver (or the approval mode) decided a gated call.
    case approvalDecided(ApprovalDecidedEvent)
    /// Something failed and is tried again (a model request, a tool's arguments).
    case retry(RetryEvent)
    /// The usage of one model response, by worker.
    case usage(UsageEvent)
    /// Something the operator should know that does not stop the run.
    case warning(WarningEvent)
    /// Low-level diagnostics (HTTP traffic with secrets redacted); shown with `-vvv`.
    case debug(DebugEvent)
    /// A reload of the project in a long-lived runtime.
    case reload(ReloadEvent)
}

/// A run began: ``RuntimeEvent/runStarted(_:)``.
public struct RunStartedEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// The entry's name (a worker or a code entry).
    public var entry: String
    /// The run's input as given.
    public var input: JSONValue
}
/// A run ended: ``RuntimeEvent/runFinished(_:)``.
public struct RunFinishedEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// The entry's name.
    public var entry: String
    /// The entry's output, when the run succeeded.
    public var output: JSONValue?
    /// Why the run failed, when it did.
    public var error: String?
    /// The whole run's usage.
    public var usage: Usage
}
/// A worker is about to send a request to its model: ``RuntimeEvent/modelRequest(_:)``.
public struct ModelRequestEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// The worker asking.
    public var worker: String
    /// Its nesting depth (0 for the entry).
    public var depth: Int
    /// The model string (`openai:gpt-4o`).
    public var model: String
    /// Messages in the conversation sent.
    public var messageCount: Int
}
/// A model answered a worker: ``RuntimeEvent/modelResponse(_:)``.
public struct ModelResponseEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// The worker that asked.
    public var worker: String
    /// Its nesting depth (0 for the entry).
    public var depth: Int
    /// The model that answered.
    public var model: String
    /// This response's usage.
    public var usage: Usage
    /// Why the model stopped.
    public var stopReason: StopReason
}
/// A piece of answer text as a model streams it: ``RuntimeEvent/textDelta(_:)``.
public struct TextDeltaEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// The worker whose model streams.
    public var worker: String
    /// Its nesting depth (0 for the entry).
    public var depth: Int
    /// The new text (not the whole answer so far).
    public var text: String
    /// An event made outside the runtime (a provider, a tool, a plugin); the runtime fills in
    /// `path` with the call it was emitted in when it is ``CallPath/unattributed``.
    public init(worker: String, depth: Int, text: String, path: CallPath = .unattributed) {
        self.path = path
        self.worker = worker
        self.depth = depth
        self.text = text
    }
}
/// A tool or worker call is about to run: ``RuntimeEvent/toolCall(_:)``.
public struct ToolCallEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// The worker whose model made the call.
    public var worker: String
    /// Its nesting depth (0 for the entry).
    public var depth: Int
    /// The call as the model made it.
    public var call: ToolCall
}
/// A tool or worker call returned: ``RuntimeEvent/toolResult(_:)``.
public struct ToolResultEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// The worker whose model made the call.
    public var worker: String
    /// Its nesting depth (0 for the entry).
    public var depth: Int
    /// What the model reads (``ToolResult/isError`` for failures).
    public var result: ToolResult
}
/// A gated call waits for approval: ``RuntimeEvent/approvalRequested(_:)``.
public struct ApprovalRequestedEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// What is asked.
    public var request: ApprovalRequest
}
/// A gated call was decided: ``RuntimeEvent/approvalDecided(_:)``.
public struct ApprovalDecidedEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// What was asked.
    public var request: ApprovalRequest
    /// The answer.
    public var decision: ApprovalDecision
}
/// Something failed and is tried again: ``RuntimeEvent/retry(_:)``.
public struct RetryEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// What is retried: "model request", "tool arguments", …
    public var what: String
    /// Which retry this is (1 for the first).
    public var attempt: Int
    /// Why the last attempt failed.
    public var reason: String
    /// Seconds before the next attempt, when the retry waits.
    public var delay: Double?
    /// The most retries that will be made, when known ("retry 2 of 4").
    public var limit: Int?
    /// An event made outside the runtime (a provider, a tool, a plugin); the runtime fills in
    /// `path` with the call it was emitted in when it is ``CallPath/unattributed``.
    public init(
        what: String, attempt: Int, reason: String, delay: Double? = nil, limit: Int? = nil, path: CallPath = .unattributed
    ) {
        self.path = path
        self.what = what
        self.attempt = attempt
        self.reason = reason
        self.delay = delay
        self.limit = limit
    }
}
/// The usage of one model response, by worker: ``RuntimeEvent/usage(_:)``.
public struct UsageEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// The worker.
    public var worker: String
    /// The usage of that one response.
    public var usage: Usage
}
/// Something the operator should know: ``RuntimeEvent/warning(_:)``.
public struct WarningEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// One line naming what happened.
    public var message: String
    /// An event made outside the runtime (a provider, a tool, a plugin); the runtime fills in
    /// `path` with the call it was emitted in when it is ``CallPath/unattributed``.
    public init(message: String, path: CallPath = .unattributed) {
        self.path = path
        self.message = message
    }
}
/// Low-level diagnostics (HTTP traffic, secrets redacted): ``RuntimeEvent/debug(_:)``.
public struct DebugEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// Where it comes from (`http`, `plugin`).
    public var category: String
    /// The diagnostic line.
    public var message: String
    /// An event made outside the runtime (a provider, a tool, a plugin); the runtime fills in
    /// `path` with the call it was emitted in when it is ``CallPath/unattributed``.
    public init(category: String, message: String, path: CallPath = .unattributed) {
        self.path = path
        self.category = category
        self.message = message
    }
}
/// A reload of the project in a long-lived runtime (``ProjectWatcher``). When it failed, the
/// previous program keeps serving and a ``WarningEvent`` names the file and the error too.
public struct ReloadEvent: Sendable {
    /// Unattributed: a reload happens between runs.
    public var path: CallPath
    /// What changed and what was reloaded.
    public var report: ReloadReport
    /// Why the reload failed (every problem, one per line); nil when it succeeded.
    public var error: String?

    package init(report: ReloadReport, error: String? = nil, path: CallPath = .unattributed) {
        self.path = path
        self.report = report
        self.error = error
    }

    /// Whether the new program is in use.
    public var succeeded: Bool { error == nil }
    /// The files whose change triggered the reload (``ReloadReport/changedFiles``).
    public var changedFiles: [String] { report.changedFiles }

    /// One line: what changed and what happened, e.g. `generation 3: main.worker changed;
    /// reloaded worker main` or `main.worker changed; reload failed, generation 2 keeps serving: …`.
    package var summary: String {
        let changed = report.changedFiles.isEmpty ? "no file changed" : report.changedFiles.joined(separator: ", ") + " changed"
        guard succeeded else {
            let firstLine = error?.split(separator: "\n").first.map(String.init) ?? ""
            return "\(changed); reload failed, generation \(report.generation) keeps serving: \(firstLine)"
        }
        var text = "generation \(report.generation): \(changed)"
        if !report.reloaded.isEmpty { text += "; reloaded " + report.reloaded.joined(separator: ", ") }
        if !report.pluginVersions.isEmpty {
            text += "; versions " + report.pluginVersions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        if report.toolSchemasChanged { text += "; tool schemas changed: " + report.changedToolSchemas.joined(separator: ", ") }
        return text
    }
}

/// Receives runtime events. Must be cheap and thread-safe: it is called from any task.
public protocol EventSink: Sendable {
    /// Receives one event. Called from any task, possibly at once from several: keep it short,
    /// never block, never throw.
    func emit(_ event: RuntimeEvent)
}

/// Drops every event.
public struct NullEventSink: EventSink {
    /// A sink that drops everything (the default of ``RuntimeOptions/events``).
    public init() {}
    public func emit(_ event: RuntimeEvent) {}
}

/// Forwards events to a closure.
public struct ClosureEventSink: EventSink {
    private let handler: @Sendable (RuntimeEvent) -> Void
    /// A sink calling `handler` with every event (from any task: it must be thread-safe).
    public init(_ handler: @escaping @Sendable (RuntimeEvent) -> Void) { self.handler = handler }
    public func emit(_ event: RuntimeEvent) { handler(event) }
}

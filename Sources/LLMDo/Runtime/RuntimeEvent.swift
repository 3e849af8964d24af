/// Everything the runtime reports while it works. The runtime never prints: front ends
/// (the CLI's renderers, an embedding program) receive these through an ``EventSink``.
public enum RuntimeEvent: Sendable {
    case runStarted(RunStartedEvent)
    case runFinished(RunFinishedEvent)
    case modelRequest(ModelRequestEvent)
    case modelResponse(ModelResponseEvent)
    case textDelta(TextDeltaEvent)
    case toolCall(ToolCallEvent)
    case toolResult(ToolResultEvent)
    case approvalRequested(ApprovalRequestedEvent)
    case approvalDecided(ApprovalDecidedEvent)
    case retry(RetryEvent)
    case usage(UsageEvent)
    case warning(WarningEvent)
    /// Low-level diagnostics (HTTP traffic with secrets redacted); shown with `-vvv`.
    case debug(DebugEvent)
    /// A reload of the project in a long-lived runtime.
    case reload(ReloadEvent)
}

public struct RunStartedEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    public var entry: String
    public var input: JSONValue
}
public struct RunFinishedEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    public var entry: String
    public var output: JSONValue?
    public var error: String?
    public var usage: Usage
}
public struct ModelRequestEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    public var worker: String
    public var depth: Int
    public var model: String
    public var messageCount: Int
}
public struct ModelResponseEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    public var worker: String
    public var depth: Int
    public var model: String
    public var usage: Usage
    public var stopReason: StopReason
}
public struct TextDeltaEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    public var worker: String
    public var depth: Int
    public var text: String
    public init(worker: String, depth: Int, text: String, path: CallPath = .unattributed) {
        self.path = path
        self.worker = worker
        self.depth = depth
        self.text = text
    }
}
public struct ToolCallEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    public var worker: String
    public var depth: Int
    public var call: ToolCall
}
public struct ToolResultEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    public var worker: String
    public var depth: Int
    public var result: ToolResult
}
public struct ApprovalRequestedEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    public var request: ApprovalRequest
}
public struct ApprovalDecidedEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    public var request: ApprovalRequest
    public var decision: ApprovalDecision
}
public struct RetryEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    /// What is retried: "model request", "tool arguments", …
    public var what: String
    public var attempt: Int
    public var reason: String
    /// Seconds before the next attempt, when the retry waits.
    public var delay: Double?
    /// The most retries that will be made, when known ("retry 2 of 4").
    public var limit: Int?
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
public struct UsageEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    public var worker: String
    public var usage: Usage
}
public struct WarningEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    public var message: String
    public init(message: String, path: CallPath = .unattributed) {
        self.path = path
        self.message = message
    }
}
public struct DebugEvent: Sendable {
    /// The run, call and parent call this event belongs to.
    public var path: CallPath
    public var category: String
    public var message: String
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

    public var succeeded: Bool { error == nil }
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
    func emit(_ event: RuntimeEvent)
}

/// Drops every event.
public struct NullEventSink: EventSink {
    public init() {}
    public func emit(_ event: RuntimeEvent) {}
}

/// Forwards events to a closure.
public struct ClosureEventSink: EventSink {
    private let handler: @Sendable (RuntimeEvent) -> Void
    public init(_ handler: @escaping @Sendable (RuntimeEvent) -> Void) { self.handler = handler }
    public func emit(_ event: RuntimeEvent) { handler(event) }
}

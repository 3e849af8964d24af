/// What every event's payload struct has: where it happened.
protocol EventPayload: Sendable {
    var path: CallPath { get }
}

extension RunStartedEvent: EventPayload {}
extension RunFinishedEvent: EventPayload {}
extension ModelRequestEvent: EventPayload {}
extension ModelResponseEvent: EventPayload {}
extension TextDeltaEvent: EventPayload {}
extension ToolCallEvent: EventPayload {}
extension ToolResultEvent: EventPayload {}
extension ApprovalRequestedEvent: EventPayload {}
extension ApprovalDecidedEvent: EventPayload {}
extension RetryEvent: EventPayload {}
extension UsageEvent: EventPayload {}
extension WarningEvent: EventPayload {}
extension DebugEvent: EventPayload {}
extension ReloadEvent: EventPayload {}

extension RuntimeEvent {
    /// Where the event happened: run id, call id and parent call id.
    public var path: CallPath { payload.path }

    /// The event's payload struct (its type tells the kind).
    var payload: any EventPayload {
        switch self {
        case .runStarted(let e): e
        case .runFinished(let e): e
        case .modelRequest(let e): e
        case .modelResponse(let e): e
        case .textDelta(let e): e
        case .toolCall(let e): e
        case .toolResult(let e): e
        case .approvalRequested(let e): e
        case .approvalDecided(let e): e
        case .retry(let e): e
        case .usage(let e): e
        case .warning(let e): e
        case .debug(let e): e
        case .reload(let e): e
        }
    }

    /// The event with `path` filled in when it was made without one (by a provider, a tool or
    /// a plugin, which do not know the call tree); an attributed event is returned unchanged.
    func attributed(to path: CallPath) -> RuntimeEvent {
        guard self.path.isUnattributed else { return self }
        switch self {
        case .runStarted(var e): e.path = path; return .runStarted(e)
        case .runFinished(var e): e.path = path; return .runFinished(e)
        case .modelRequest(var e): e.path = path; return .modelRequest(e)
        case .modelResponse(var e): e.path = path; return .modelResponse(e)
        case .textDelta(var e): e.path = path; return .textDelta(e)
        case .toolCall(var e): e.path = path; return .toolCall(e)
        case .toolResult(var e): e.path = path; return .toolResult(e)
        case .approvalRequested(var e): e.path = path; return .approvalRequested(e)
        case .approvalDecided(var e): e.path = path; return .approvalDecided(e)
        case .retry(var e): e.path = path; return .retry(e)
        case .usage(var e): e.path = path; return .usage(e)
        case .warning(var e): e.path = path; return .warning(e)
        case .debug(var e): e.path = path; return .debug(e)
        case .reload(var e): e.path = path; return .reload(e)
        }
    }
}

/// Forwards events to another sink, attributing those made without a path to one call (the
/// sink a model's ``ModelContext`` gets, so streamed text and retries land in the right call).
struct AttributingEventSink: EventSink {
    let base: any EventSink
    let path: CallPath

    func emit(_ event: RuntimeEvent) { base.emit(event.attributed(to: path)) }
}

extension RuntimeEvent {
    /// Where the event happened: run id, call id and parent call id.
    public var path: CallPath {
        switch self {
        case .runStarted(let e): e.path
        case .runFinished(let e): e.path
        case .modelRequest(let e): e.path
        case .modelResponse(let e): e.path
        case .textDelta(let e): e.path
        case .toolCall(let e): e.path
        case .toolResult(let e): e.path
        case .approvalRequested(let e): e.path
        case .approvalDecided(let e): e.path
        case .retry(let e): e.path
        case .usage(let e): e.path
        case .warning(let e): e.path
        case .debug(let e): e.path
        case .reload(let e): e.path
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

import Synchronization

/// An event sink that keeps every event it receives, for the tests of an embedding program
/// (what swift-log's in-memory handler is to a logger).
///
/// ```swift
/// let sink = RecordingEventSink()
/// let runtime = Runtime(program: program, options: RuntimeOptions(events: sink, models: ["fn": model]))
/// let result = try await runtime.run(input: "Hi")
/// #expect(sink.events(of: ToolCallEvent.self).map(\.call.name) == ["add"])
/// #expect(sink.text() == "The sum is 3.")
/// ```
///
/// It is thread-safe: events from parallel calls are kept in the order they arrived.
public final class RecordingEventSink: EventSink {
    private let recorded = Mutex<[RuntimeEvent]>([])

    /// An empty recorder.
    public init() {}

    public func emit(_ event: RuntimeEvent) { recorded.withLock { $0.append(event) } }

    /// Every event so far, in the order they arrived.
    public var events: [RuntimeEvent] { recorded.withLock { $0 } }

    /// The payloads of every event of one kind so far, in order: `events(of: ToolCallEvent.self)`.
    public func events<Payload: Sendable>(of kind: Payload.Type) -> [Payload] {
        events.compactMap { $0.payload as? Payload }
    }

    /// The text streamed so far by the call with `callID` (its ``TextDeltaEvent``s joined), or
    /// by every call when `callID` is nil.
    public func text(callID: String? = nil) -> String {
        events(of: TextDeltaEvent.self).filter { callID == nil || $0.path.callID == callID }.map(\.text).joined()
    }

    /// Forgets the events recorded so far.
    public func removeAll() { recorded.withLock { $0.removeAll() } }
}

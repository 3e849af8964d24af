import Synchronization

/// What one attempt of a model request did that a retry would repeat: text that reached the
/// caller, or a tool the provider ran on its side (Anthropic's `server_tool_use`).
///
/// It is the attempt's event sink: it passes every event on, and a text delta commits the
/// attempt. ``ProviderClient`` retries a failed attempt only while it is not committed, so a
/// retry never shows text twice or runs a server-side tool twice.
final class AttemptProgress: EventSink {
    private let next: any EventSink
    private let committed = Atomic<Bool>(false)

    init(forwardingTo next: any EventSink) { self.next = next }

    /// Whether the attempt did something a retry would repeat.
    var isCommitted: Bool { committed.load(ordering: .relaxed) }

    /// Marks the attempt as not repeatable (a server-side tool started).
    func commit() { committed.store(true, ordering: .relaxed) }

    func emit(_ event: RuntimeEvent) {
        if case .textDelta = event { commit() }
        next.emit(event)
    }
}

import Synchronization

/// An event sink that passes every event on and remembers whether a text delta went through.
///
/// A streamed answer whose text has reached the caller cannot be retried without the text
/// appearing twice (and server-side tools running twice), so ``ProviderClient`` retries an
/// attempt only while ``emittedText`` is false.
final class TextDeltaWatch: EventSink {
    private let next: any EventSink
    private let emitted = Atomic<Bool>(false)

    init(forwardingTo next: any EventSink) { self.next = next }

    /// Whether a text delta has been emitted through this sink.
    var emittedText: Bool { emitted.load(ordering: .relaxed) }

    func emit(_ event: RuntimeEvent) {
        if case .textDelta = event { emitted.store(true, ordering: .relaxed) }
        next.emit(event)
    }
}

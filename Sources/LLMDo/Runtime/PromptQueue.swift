/// Runs prompts one at a time, in arrival order, so concurrent tool calls never ask at once.
///
/// A waiter whose task is cancelled leaves the queue at once with `CancellationError`; it never
/// holds the terminal, and the requests behind it move up.
actor PromptQueue {
    private var busy = false
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            let id = nextID
            nextID += 1
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    waiters.append((id, continuation))
                }
            } onCancel: {
                // Runs on the cancelling thread; the removal is queued behind the append above.
                Task { await self.cancel(id) }
            }
        } else {
            busy = true
        }
        defer { handOff() }
        try Task.checkCancellation()
        return try await body()
    }

    /// Passes the turn to the next waiter, or frees the queue.
    private func handOff() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func cancel(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }  // already handed the turn
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}

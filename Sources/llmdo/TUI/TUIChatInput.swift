import Synchronization

/// The chat's input in the full-screen interface: messages the interface sent, in order; after
/// a quit, the end of input.
final class TUIChatInput: ChatInput, Sendable {
    private struct State {
        var lines: [ChatLine] = []
        var waiter: CheckedContinuation<ChatLine, Never>?
        var ended = false
    }

    private let state = Mutex(State())

    /// Queues a message; it is read after those before it.
    func send(_ text: String) { deliver(.text(text)) }

    /// Ends the input: every later read returns the end of input.
    func end() { deliver(.endOfInput) }

    private func deliver(_ line: ChatLine) {
        let waiter = state.withLock { state -> CheckedContinuation<ChatLine, Never>? in
            if line == .endOfInput { state.ended = true }
            guard let waiter = state.waiter else {
                state.lines.append(line)
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: line)
    }

    func read(prompt: String) async -> ChatLine {
        await withCheckedContinuation { continuation in
            let line = state.withLock { state -> ChatLine? in
                if state.ended { return .endOfInput }
                guard !state.lines.isEmpty else {
                    state.waiter = continuation
                    return nil
                }
                return state.lines.removeFirst()
            }
            if let line { continuation.resume(returning: line) }
        }
    }
}

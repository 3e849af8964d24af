import Foundation
import LLMDo
import Synchronization

/// What other threads tell the interface's thread.
enum TUIMessage: Sendable {
    case event(RuntimeEvent)
    /// A turn with this message starts (the chat's turn, or the one run).
    case beginTurn(String)
    /// The turn's answer: shown unless it was streamed.
    case answer(String)
    /// Output of a command or a notice, shown in the conversation.
    case output(String, error: Bool)
    /// Whether a turn is running (the header's timer, Ctrl+C and Ctrl+Q depend on it).
    case running(Bool)
    /// A gated call to decide; `answer` must be called exactly once (nil: withdrawn).
    case approval(id: Int, ApprovalRequest, answer: @Sendable (ApprovalDecision?) -> Void)
    /// The request was cancelled while it waited (its turn was cancelled).
    case approvalWithdrawn(id: Int)
    /// The one run ended: show this and wait for a key.
    case finished(String)
    /// The terminal was resized.
    case resize
    case stop
}

/// A queue of ``TUIMessage``s with a pipe that wakes the interface's `poll`. Posting never
/// blocks: at most one wake byte is pending at a time.
final class TUIInbox: Sendable {
    private struct State {
        var messages: [TUIMessage] = []
        var woken = false
    }

    private let state = Mutex(State())
    /// Polled by the interface's thread.
    let wakeDescriptor: Int32
    private let wakeWriter: Int32

    init?() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }
        wakeDescriptor = fds[0]
        wakeWriter = fds[1]
    }

    deinit {
        close(wakeDescriptor)
        close(wakeWriter)
    }

    func post(_ message: TUIMessage) {
        let wake = state.withLock { state in
            state.messages.append(message)
            defer { state.woken = true }
            return !state.woken
        }
        if wake {
            var byte: UInt8 = 1
            _ = write(wakeWriter, &byte, 1)
        }
    }

    /// Everything posted so far, in order.
    func take() -> [TUIMessage] {
        var byte: UInt8 = 0
        while read(wakeDescriptor, &byte, 1) > 0 {}
        return state.withLock { state in
            defer {
                state.messages = []
                state.woken = false
            }
            return state.messages
        }
    }
}

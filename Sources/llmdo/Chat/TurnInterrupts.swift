import Dispatch
import Foundation
import Synchronization

/// Ctrl-C in a chat: cancels the running turn (its model request and any plugin call that
/// checks cancellation) and the chat returns to the prompt. A second Ctrl-C in the same turn,
/// or one while piped input is awaited, ends the process with status 130. (At the terminal's
/// prompt, raw mode turns Ctrl-C into a key the line editor handles.)
final class TurnInterrupts: Sendable {
    private struct Turn {
        var cancellation: DeferredCancel?
        var interrupted = false
    }

    private let turn = Mutex(Turn())
    private let exitProcess: @Sendable () -> Void

    init(exitProcess: @escaping @Sendable () -> Void = { exit(ExitStatus.interrupted) }) {
        self.exitProcess = exitProcess
    }

    /// Marks the start of a turn, before its task starts; the turn's task is the target of the
    /// returned cancellation.
    func begin() -> DeferredCancel {
        let cancellation = DeferredCancel()
        turn.withLock { $0 = Turn(cancellation: cancellation) }
        return cancellation
    }

    /// Marks the end of the turn; returns whether it was interrupted.
    @discardableResult
    func end() -> Bool {
        turn.withLock { turn in
            defer { turn = Turn() }
            return turn.interrupted
        }
    }

    /// What Ctrl-C does: cancel the running turn once; otherwise end the process.
    func interrupt() {
        let cancellation = turn.withLock { turn -> DeferredCancel? in
            guard let cancellation = turn.cancellation, !turn.interrupted else { return nil }
            turn.interrupted = true
            return cancellation
        }
        guard let cancellation else { return exitProcess() }
        cancellation.request()
        RunSignals.namePluginCallsNotChecking(again: "Ctrl-C")
    }
}

extension TurnInterrupts {
    /// Routes SIGINT here for as long as the returned route lives.
    func routeSignals() -> SignalPipe.Route {
        SignalPipe.shared.route([SIGINT]) { [self] _ in interrupt() }
    }
}

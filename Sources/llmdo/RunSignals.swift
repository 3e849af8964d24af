import Dispatch
import Foundation
import LLMDo
import Synchronization

/// What SIGINT (Ctrl-C), SIGTERM and SIGHUP do to a run (not a chat, which routes Ctrl-C per
/// turn): the first one cancels the run, which still ends with its result written and the
/// signal's exit code (128 + the signal's number); a second one ends the process at once,
/// under `--json` after writing the one result object.
///
/// A plugin call that never checks `is_cancelled` keeps a cancelled run waiting, so a moment
/// after the first signal every such call is named on stderr.
final class RunSignals: Sendable {
    static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    /// How long cancelled plugin calls get to notice before they are named.
    private static let noticeDelay: DispatchTimeInterval = .seconds(1)

    private let json: Bool
    private let first = Mutex<Int32?>(nil)
    /// What the first signal cancels: the run's task, once it exists.
    let cancellation = DeferredCancel()

    init(json: Bool) { self.json = json }

    /// The first signal received, if any.
    var received: Int32? { first.withLock { $0 } }

    /// Handles the signals for as long as the returned route lives.
    func activate() -> SignalPipe.Route {
        SignalPipe.shared.route(Self.handled) { [self] number in received(number) }
    }

    private func received(_ number: Int32) {
        let isFirst = first.withLock { first in
            defer { first = first ?? number }
            return first == nil
        }
        guard isFirst else {
            let ending = Self.ending(number)
            if json { Terminal.result(["status": "interrupted", "error": .string(ending.message)]) }
            Terminal.error("error: \(ending.message)\n")
            exit(ending.code)
        }
        cancellation.request()
        Self.namePluginCallsNotChecking(again: number == SIGINT ? "Ctrl-C" : Self.name(number))
    }

    /// A moment after a cancellation, names on stderr each cancelled plugin call that has not
    /// checked `is_cancelled` since (`again`: what the user sends to stop waiting).
    static func namePluginCallsNotChecking(again: String) {
        DispatchQueue.global().asyncAfter(deadline: .now() + noticeDelay) {
            for function in PluginCallWatch.notCheckingCancellation() {
                Terminal.error("waiting for \(function), which does not check for cancellation; \(again) again to exit\n")
            }
        }
    }

    /// The message and exit status of a run ended by signal `number`.
    static func ending(_ number: Int32) -> (message: String, code: Int32) {
        let message = number == SIGINT ? "interrupted" : "terminated by \(name(number))"
        return (message, 128 + number)
    }

    private static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(number)"
        }
    }
}

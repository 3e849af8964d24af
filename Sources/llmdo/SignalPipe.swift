import CSignals
import Dispatch
import Glibc
import Synchronization

/// SIGINT, SIGTERM and SIGHUP as events for whoever currently handles them (a run's
/// ``RunSignals`` or a chat's ``TurnInterrupts``).
///
/// A C handler, installed synchronously by ``route(_:to:)``, writes each signal to a pipe that
/// a dispatch source reads; a dispatch *signal* source would start listening only a moment
/// after it is made, and a signal in that moment would be lost.
final class SignalPipe: Sendable {
    static let shared = SignalPipe()

    /// The current route's handler (a class, so the reader's closure can share it).
    private final class Slot: Sendable {
        let handler = Mutex<(@Sendable (Int32) -> Void)?>(nil)
    }

    private let slot = Slot()
    /// Kept alive here and never touched again after `init` (so sharing it is safe).
    private nonisolated(unsafe) let reader: (any DispatchSourceRead)?

    private init() {
        let fd = llmdo_signal_pipe_open()
        guard fd >= 0 else {
            reader = nil
            return
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: DispatchQueue(label: "llmdo.signals"))
        reader = source
        source.setEventHandler { [slot] in
            var bytes = [UInt8](repeating: 0, count: 16)
            while true {
                let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                guard count > 0 else { return }
                let route = slot.handler.withLock { $0 }
                for byte in bytes.prefix(count) { route?(Int32(byte)) }
            }
        }
        source.resume()
    }

    /// Sends `signals` to `handle` (on one serial queue) until the returned route is released;
    /// after that they are ignored.
    func route(_ signals: [Int32], to handle: @escaping @Sendable (Int32) -> Void) -> Route {
        slot.handler.withLock { $0 = handle }
        // Without a pipe (no descriptors left) signals keep their default action: they end llmdo.
        if reader != nil { for number in signals { llmdo_signal_pipe_catch(number) } }
        return Route(pipe: self)
    }

    /// A live route; releasing it stops the routing.
    final class Route {
        private let pipe: SignalPipe
        fileprivate init(pipe: SignalPipe) { self.pipe = pipe }
        deinit { pipe.slot.handler.withLock { $0 = nil } }
    }
}

import Synchronization

/// A cancellation that may be asked for before the work it cancels has started: a Ctrl-C that
/// lands between starting a task and handing out its `cancel` must not be lost.
final class DeferredCancel: Sendable {
    private struct State {
        var requested = false
        var cancel: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    /// Cancels the target now, or as soon as it is set.
    func request() {
        let cancel = state.withLock { state in
            state.requested = true
            return state.cancel
        }
        cancel?()
    }

    /// Sets what ``request()`` cancels; calls it at once if cancellation was already requested.
    func target(_ cancel: @escaping @Sendable () -> Void) {
        let requested = state.withLock { state in
            state.cancel = cancel
            return state.requested
        }
        if requested { cancel() }
    }
}

import Dispatch

/// Mutual exclusion for a plugin function that is not thread-safe.
///
/// A semaphore rather than a mutex: the holder releases it while it blocks in `call_worker`,
/// and waiting happens only on plugin threads, never on the cooperative pool.
package final class SerialGate: Sendable {
    private let semaphore = DispatchSemaphore(value: 1)

    func acquire() { semaphore.wait() }
    func release() { semaphore.signal() }
}

import Foundation

/// The threads plugin code runs on.
///
/// A plugin function may block (on I/O, or in `call_worker` until a nested worker finishes),
/// so it must never run on Swift's cooperative pool: a few blocked calls would starve every
/// task in the process. The pool starts empty and grows whenever a job arrives and no thread
/// is idle, so a chain plugin → worker → plugin … always finds a thread for its next level and
/// cannot deadlock. Spare threads exit after a while idle.
package final class PluginThreads: @unchecked Sendable {
    /// The process's plugin threads (plugins are process-wide, like the images they run).
    package static let shared = PluginThreads()

    /// Counters for benchmarks and tests.
    package struct Statistics: Sendable {
        package var threadsStarted = 0
        package var live = 0
        package var peakLive = 0
    }

    // Guarded by `condition` (the one lock of this class).
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var idle = 0
    private var stats = Statistics()

    private let idleTimeout: TimeInterval
    private let stackSize: Int

    init(idleTimeout: TimeInterval = 10, stackSize: Int = 1 << 20) {
        self.idleTimeout = idleTimeout
        self.stackSize = stackSize
    }

    package var statistics: Statistics { condition.withLock { stats } }

    /// Runs `body` on a plugin thread and suspends (without blocking) until it returns.
    package func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: body()) }
        }
    }

    /// Queues `job` on a plugin thread, starting a new thread if none is idle.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        if idle > jobs.count - 1 {
            condition.signal()
            condition.unlock()
            return
        }
        stats.threadsStarted += 1
        stats.live += 1
        stats.peakLive = max(stats.peakLive, stats.live)
        condition.unlock()
        let thread = Thread { [self] in work() }
        thread.name = "llmdo-plugin"
        thread.stackSize = stackSize
        thread.start()
    }

    private func work() {
        condition.lock()
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            idle += 1
            let signalled = condition.wait(until: Date(timeIntervalSinceNow: idleTimeout))
            idle -= 1
            if !signalled && jobs.isEmpty {
                stats.live -= 1
                condition.unlock()
                return
            }
        }
    }
}

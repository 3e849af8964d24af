import Foundation

/// The threads plugin code runs on.
///
/// A plugin function may block (on I/O, or in `call_worker` until a nested worker finishes),
/// so it must never run on Swift's cooperative pool: a few blocked calls would starve every
/// task in the process.
///
/// At most `limit` threads run plugin code at once; further calls queue. A thread blocked in
/// a host callback (`call_worker`, `call_tool`) does not count against the limit: it gives its
/// slot up while it waits (``blockingHostCall(_:)``) and takes one back, ahead of queued calls,
/// when the host answers. So a chain plugin → worker → plugin … always finds a slot for its
/// next level, however deep, and cannot deadlock; the threads parked in host callbacks are the
/// only ones beyond the limit. Spare threads exit after a while idle.
package final class PluginThreads: @unchecked Sendable {
    /// The process's plugin threads (plugins are process-wide, like the images they run).
    package static let shared = PluginThreads(limit: defaultLimit)

    /// The pool plugin calls of the current task use: ``shared`` unless a test or an embedder
    /// binds another (`PluginThreads.$current.withValue(pool) { … }`).
    @TaskLocal package static var current = shared

    /// `LLMDO_PLUGIN_THREADS` when set to a positive integer, else max(8, 4 × cores): enough
    /// for I/O-bound plugins, few enough that a burst of calls cannot start hundreds of threads.
    package static let defaultLimit: Int = {
        if let text = ProcessInfo.processInfo.environment["LLMDO_PLUGIN_THREADS"], let limit = Int(text), limit > 0 {
            return limit
        }
        return max(8, 4 * ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Counters for benchmarks and tests.
    package struct Statistics: Sendable {
        package var threadsStarted = 0
        /// Threads alive (running, blocked in a host callback, or idle).
        package var live = 0
        package var peakLive = 0
        /// The most threads that ran plugin code at once (never above the limit).
        package var peakRunning = 0
    }

    /// The pool a plugin thread belongs to; `nil` on any other thread.
    private static let poolOfThread = ThreadLocalReference<PluginThreads>()

    /// How many threads may run plugin code at once.
    package let limit: Int

    // Guarded by `condition` (the one lock of this class).
    private let condition = NSCondition()
    /// A taken job's slot is emptied at once, so the queue never holds the last reference to a
    /// job's captures (releasing them may run a deinit that submits work, which takes the lock).
    private var jobs: [(@Sendable () -> Void)?] = []
    /// Index of the first queued job in `jobs` (dequeued jobs are dropped in batches).
    private var head = 0
    private var idle = 0
    /// Threads running plugin code (holding a slot).
    private var running = 0
    /// Threads back from a host callback, waiting for a slot (they go before queued jobs).
    private var resuming = 0
    /// Threads parked in a host callback (holding no slot).
    private var blocked = 0
    private var stats = Statistics()

    private let idleTimeout: TimeInterval
    private let stackSize: Int

    package init(limit: Int = defaultLimit, idleTimeout: TimeInterval = 10, stackSize: Int = 1 << 20) {
        self.limit = max(1, limit)
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

    /// Runs `wait` (which blocks until the host answers a plugin's callback) with the current
    /// thread's slot given up, so other plugin calls, nested ones included, can run meanwhile.
    /// On a thread that is not a plugin thread (one the plugin started) it just runs `wait`.
    static func blockingHostCall<T>(_ wait: () -> T) -> T {
        guard let pool = poolOfThread.value else { return wait() }
        pool.releaseSlot()
        defer { pool.reacquireSlot() }
        return wait()
    }

    /// The pool of the current plugin thread, for host work started from it.
    static var ofCurrentThread: PluginThreads? { poolOfThread.value }

    /// Queues `job`; wakes or starts a thread when it may run now.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        let start = dispatchLocked()
        condition.unlock()
        if start { startThread() }
    }

    /// With the lock held: makes sure the queued jobs that may start now have threads to take
    /// them (idle ones woken, else one new thread). Returns whether to start a thread.
    private func dispatchLocked() -> Bool {
        let startable = min(jobs.count - head, limit - running - resuming)
        guard startable > 0 else { return false }
        if idle > 0 {
            // Waiters for a slot share the condition; wake them all so no wake-up is lost on one.
            if resuming > 0 { condition.broadcast() } else { condition.signal() }
        }
        if idle >= startable { return false }
        // A thread that is neither idle nor parked in the host is between jobs: it looks at the
        // queue before it waits, so a new thread is needed only below the limit.
        guard stats.live - blocked < limit else { return false }
        stats.threadsStarted += 1
        stats.live += 1
        stats.peakLive = max(stats.peakLive, stats.live)
        return true
    }

    private func startThread() {
        let thread = Thread { [self] in
            ThreadName.set("llmdo-plugin")  // from inside: a name set before start() may not stick
            work()
        }
        thread.stackSize = stackSize
        thread.start()
    }

    private func releaseSlot() {
        condition.lock()
        running -= 1
        blocked += 1
        if resuming > 0 { condition.broadcast() }
        let start = dispatchLocked()
        condition.unlock()
        if start { startThread() }
    }

    private func reacquireSlot() {
        condition.lock()
        blocked -= 1
        resuming += 1
        while running >= limit { condition.wait() }
        resuming -= 1
        takeSlotLocked()
        condition.unlock()
    }

    private func takeSlotLocked() {
        running += 1
        stats.peakRunning = max(stats.peakRunning, running)
    }

    private func work() {
        Self.poolOfThread.set(self)
        condition.lock()
        while true {
            if head < jobs.count, running + resuming < limit {
                var job = jobs[head]
                jobs[head] = nil
                head += 1
                if head == jobs.count {
                    jobs.removeAll(keepingCapacity: true)
                    head = 0
                } else if head >= 1024 {
                    jobs.removeFirst(head)
                    head = 0
                }
                takeSlotLocked()
                condition.unlock()
                job?()
                job = nil  // its captures go now, outside the lock (see `jobs`)
                condition.lock()
                running -= 1
                if resuming > 0 { condition.broadcast() }
                continue
            }
            idle += 1
            let signalled = condition.wait(until: Date(timeIntervalSinceNow: idleTimeout))
            idle -= 1
            if !signalled && head == jobs.count {
                stats.live -= 1
                condition.unlock()
                Self.poolOfThread.set(nil)
                return
            }
        }
    }
}

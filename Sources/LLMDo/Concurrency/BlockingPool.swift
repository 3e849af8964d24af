import Foundation

/// The threads llmdo's short blocking work runs on: file system calls, attachment reads,
/// project loading (`dlopen`, plugin `init`).
///
/// Swift's cooperative pool has one thread per core; a task that blocks in a system call holds
/// its thread, and a few of them stall every task in the process. Blocking work therefore hops
/// here and the caller's task suspends until it is done (the design of SwiftNIO's
/// `NIOThreadPool`, without its dependency).
///
/// - **Threads:** at most `size`, named (``threadName``), started lazily when a job finds no
///   idle thread, and exiting after `idleTimeout` without work, so an idle process holds none.
///   Jobs beyond `size` wait in a first-in, first-out queue.
/// - **Cancellation:** a job whose task is cancelled before a thread picks it up is dropped and
///   its caller gets `CancellationError`; a job already running runs to completion (a blocking
///   call cannot be interrupted safely) and its result is delivered.
/// - **Lifecycle:** ``shutdown()`` refuses new jobs, drops queued ones (``ShutDown``), lets
///   running ones finish and returns once every thread has exited. The process-wide ``shared``
///   pool is never shut down; its threads simply exit when idle.
/// - **What belongs here:** work that blocks briefly (milliseconds). Work that may block for
///   as long as a person or a child process likes (a terminal read, a subprocess) takes a
///   thread of its own through ``runDedicated(name:_:)``, so it can never starve the pool.
///   Plugin calls have their own pool (`PluginThreads`), which grows without bound because a
///   plugin may wait in `call_worker` for a nested worker whose plugins need threads too.
package final class BlockingPool: @unchecked Sendable {
    /// The process's pool: `max(2, cores)` threads.
    package static let shared = BlockingPool(size: max(2, ProcessInfo.processInfo.activeProcessorCount))

    /// The pool the current task's blocking work runs on: ``shared`` unless a test (or an
    /// embedder) scopes another with `BlockingPool.$current.withValue(pool) { … }`.
    @TaskLocal package static var current: BlockingPool = shared

    /// The name every pool thread carries (15 bytes at most, the Linux limit).
    package static let threadName = "llmdo-blocking"

    /// Thrown to callers whose job the pool refused or dropped because it was shut down.
    package struct ShutDown: Error, CustomStringConvertible {
        package var description: String { "the blocking pool is shut down" }
    }

    /// Counters for tests and benchmarks.
    package struct Statistics: Sendable {
        package var threadsStarted = 0
        package var live = 0
        package var peakLive = 0
        /// Jobs a pool thread took up (counted as they start, so a caller sees its own).
        package var jobsRun = 0
        /// Jobs dropped before they started (cancelled, or queued at shutdown).
        package var jobsDropped = 0
        /// Jobs waiting for a thread now.
        package var queued = 0
    }

    private struct Job {
        let id: UInt64
        let run: @Sendable () -> Void
        let drop: @Sendable (any Error) -> Void
    }

    package let size: Int
    private let idleTimeout: TimeInterval

    // Guarded by `condition` (the one lock of this class).
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var idle = 0
    private var nextID: UInt64 = 0
    private var shuttingDown = false
    private var stats = Statistics()

    /// - Parameters:
    ///   - size: the most threads the pool runs at once (at least 1).
    ///   - idleTimeout: how long a thread waits for work before it exits.
    package init(size: Int, idleTimeout: TimeInterval = 10) {
        self.size = max(1, size)
        self.idleTimeout = idleTimeout
    }

    package var statistics: Statistics {
        condition.withLock {
            var now = stats
            now.queued = jobs.count
            return now
        }
    }

    /// Runs `body` on a pool thread and suspends (without blocking) until it returns.
    ///
    /// - Returns: what `body` returned.
    /// - Throws: what `body` threw; `CancellationError` when the task was cancelled before the
    ///   job started; ``ShutDown`` when the pool is shut down.
    package func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let id = condition.withLock { () -> UInt64 in
            nextID &+= 1
            return nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let job = Job(
                    id: id, run: { continuation.resume(with: Result { try body() }) },
                    drop: { continuation.resume(throwing: $0) })
                if let refusal = enqueue(job, cancellable: true) { continuation.resume(throwing: refusal) }
            }
        } onCancel: {
            withdraw(id)?.drop(CancellationError())
        }
    }

    /// Runs `body` on a pool thread even if the task is cancelled, for work whose outcome the
    /// caller must see (a reload replaces the program whether or not anyone still waits). A pool
    /// that was shut down runs it on a thread of its own.
    package func runToCompletion<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            let job = Job(id: 0, run: { continuation.resume(returning: body()) }, drop: { _ in continuation.resume(returning: nil) })
            if enqueue(job, cancellable: false) != nil { continuation.resume(returning: nil) }
        }
        if let outcome { return outcome }
        return await Self.runDedicated(name: Self.threadName, body)
    }

    /// Runs `body` on a new thread of its own, named `name` (at most 15 bytes), and suspends
    /// until it returns.
    /// For work that blocks for as long as someone else decides (a terminal read, a child
    /// process): it would hold a pool thread indefinitely. Not cancellable: `body` must watch
    /// for its own way out (end of input, a killed child).
    package static func runDedicated<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                ThreadName.set(name)
                continuation.resume(returning: body())
            }
            thread.start()
        }
    }

    /// Refuses new jobs, drops queued ones with ``ShutDown``, and returns once running jobs
    /// have finished and every thread has exited.
    package func shutdown() async {
        let dropped = condition.withLock { () -> [Job] in
            shuttingDown = true
            defer { jobs = [] }
            stats.jobsDropped += jobs.count
            condition.broadcast()
            return jobs
        }
        for job in dropped { job.drop(ShutDown()) }
        // Waiting for the threads blocks, so it waits on a thread of its own.
        await Self.runDedicated(name: "llmdo-pool-join") { [self] in
            condition.withLock {
                while stats.live > 0 { condition.wait() }
            }
        }
    }

    /// Queues `job`, waking an idle thread or starting one; returns why it was refused, if it was.
    private func enqueue(_ job: Job, cancellable: Bool) -> (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        if shuttingDown { return ShutDown() }
        // Checked under the lock: a cancellation after this point finds the job queued.
        if cancellable, Task.isCancelled {
            stats.jobsDropped += 1
            return CancellationError()
        }
        jobs.append(job)
        if idle >= jobs.count {
            condition.signal()
        } else if stats.live < size {
            stats.threadsStarted += 1
            stats.live += 1
            stats.peakLive = max(stats.peakLive, stats.live)
            let thread = Thread { [self] in work() }
            thread.start()
        }
        return nil
    }

    /// Removes a job that has not started; nil when a thread already took it.
    private func withdraw(_ id: UInt64) -> Job? {
        condition.withLock {
            guard let index = jobs.firstIndex(where: { $0.id == id }) else { return nil }
            stats.jobsDropped += 1
            return jobs.remove(at: index)
        }
    }

    private func work() {
        ThreadName.set(Self.threadName)
        condition.lock()
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                stats.jobsRun += 1
                condition.unlock()
                job.run()
                condition.lock()
                continue
            }
            if shuttingDown { break }
            idle += 1
            let signalled = condition.wait(until: Date(timeIntervalSinceNow: idleTimeout))
            idle -= 1
            if !signalled && jobs.isEmpty { break }
        }
        stats.live -= 1
        if shuttingDown { condition.broadcast() }  // wakes shutdown()'s wait for the last thread
        condition.unlock()
    }
}

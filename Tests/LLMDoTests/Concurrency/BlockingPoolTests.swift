import Dispatch
import Foundation
import Synchronization
import Testing
@testable import LLMDo

@Suite("Blocking pool")
struct BlockingPoolTests {
    /// Waits for a semaphore without blocking the cooperative pool.
    private func wait(_ semaphore: DispatchSemaphore) async {
        await BlockingPool.runDedicated(name: "test-wait") { semaphore.wait() }
    }

    @Test("a job runs on a named pool thread, not on the caller's cooperative thread")
    func runsOnPoolThread() async throws {
        let pool = BlockingPool(size: 2)
        let name = try await pool.run { ThreadName.current }
        #expect(name == BlockingPool.threadName)
        #expect(ThreadName.current != BlockingPool.threadName)
        await pool.shutdown()
    }

    @Test("more jobs than threads all complete, on at most `size` threads")
    func jobsBeyondThreadCount() async throws {
        let pool = BlockingPool(size: 2)
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<40 { group.addTask { try await pool.run { index * 2 } } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.sorted() == (0..<40).map { $0 * 2 })
        let stats = pool.statistics
        #expect(stats.jobsRun == 40 && stats.peakLive <= 2 && stats.jobsDropped == 0)
        await pool.shutdown()
    }

    @Test("a queued job whose task is cancelled is dropped with CancellationError; a started one finishes")
    func cancellation() async throws {
        let pool = BlockingPool(size: 1)
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let running = Task { try await pool.run { started.signal(); release.wait(); return 42 } }
        await wait(started)
        let ran = RanFlag()
        let queued = Task { try await pool.run { ran.value.store(true, ordering: .relaxed) } }
        queued.cancel()
        running.cancel()
        await #expect(throws: CancellationError.self) { try await queued.value }
        release.signal()
        #expect(try await running.value == 42)
        await pool.shutdown()
        let didRun = ran.value.load(ordering: .relaxed)
        #expect(!didRun)
        #expect(pool.statistics.jobsDropped == 1 && pool.statistics.jobsRun == 1)
    }

    @Test("shutdown lets running jobs finish, drops queued ones, joins every thread and refuses new jobs")
    func shutdownJoins() async throws {
        let pool = BlockingPool(size: 1)
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let running = Task { try await pool.run { started.signal(); release.wait(); return "done" } }
        await wait(started)
        let queued = Task { try await pool.run { "never" } }
        while pool.statistics.queued == 0 { await Task.yield() }  // until the job waits in the queue
        let stopping = Task { await pool.shutdown() }
        await #expect(throws: BlockingPool.ShutDown.self) { try await queued.value }
        release.signal()
        await stopping.value
        #expect(try await running.value == "done")
        #expect(pool.statistics.live == 0)
        await #expect(throws: BlockingPool.ShutDown.self) { try await pool.run { 1 } }
        // Work that must finish still runs, on a thread of its own.
        #expect(await pool.runToCompletion { ThreadName.current } == BlockingPool.threadName)
    }

    @Test("a file tool call does its blocking work on the pool")
    func filesystemToolUsesPool() async throws {
        let folder = try TemporaryFolder()
        try folder.write("notes.txt", "hello")
        let pool = BlockingPool(size: 1)
        let outcome = try await BlockingPool.$current.withValue(pool) {
            try await ToolHarness(toolsets: ["filesystem_project"])
                .run(in: folder.path, calls: [.call("1", "read_file", ["path": "notes.txt"])])
        }
        #expect(outcome.results.first?.content.contains("hello") == true)
        // One job resolves the base folder for the call, one runs read_file.
        #expect(pool.statistics.jobsRun == 2)
        await pool.shutdown()
    }

    @Test("attachments are read on the pool")
    func attachmentsUsePool() async throws {
        let project = try TemporaryProject(files: ["notes.txt": "hello"])
        let spec = WorkerSpec(name: "w", instructions: "", file: "w.worker")
        let pool = BlockingPool(size: 1)
        let message = try await BlockingPool.$current.withValue(pool) {
            try await WorkerInput.userMessage(for: spec, input: ["input": "x", "attachments": ["notes.txt"]], projectRoot: project.root)
        }
        #expect(message.parts.count == 2)
        #expect(pool.statistics.jobsRun == 1)
        await pool.shutdown()
    }
}

/// Whether a job body ran (shared with the job's closure).
private final class RanFlag: Sendable {
    let value = Atomic(false)
}

import Dispatch
import LLMDoToolABI
import Synchronization

/// The host's side of one call into a plugin (a tool call, an instance's create or destroy, an
/// approval callback, a code entry's run): the `llmdo_ctx` the plugin receives, the result or
/// error it reports, the buffers the host lends it until the call returns, and the run-level
/// error a nested call ended with.
///
/// The plugin reaches this object through `ctx->host_private` (see ``HostTable``); it lives
/// until the call returns, which is when the lent buffers are freed.
package final class PluginCall: @unchecked Sendable {
    /// What the plugin reported through `set_result`, `fail` and `retry`.
    struct Report {
        var result: String?
        var failure: ToolError?
    }

    private struct State: ~Copyable {
        var report = Report()
        var lent = LentBuffers()
        /// The nested worker and tool calls the plugin is waiting for (cancelled with the call).
        var inFlight: [Int: Task<Void, Never>] = [:]
        var nextTaskID = 0
        /// The first nested error that ends the run (see ``PluginErrors/endsRun(_:)``).
        var runEndingError: (any Error)?
    }

    /// The context handed to the plugin; `host_private` points back at this object.
    let context: UnsafeMutablePointer<llmdo_ctx>
    /// Where `log` lines go: the worker call a plugin call serves.
    package struct LogDestination: Sendable {
        let workerName: String
        let events: any EventSink
    }

    /// The scope `call_worker` and `call_tool` run in; `nil` where workers and tools cannot
    /// be called (instance callbacks, approval callbacks).
    let scope: CallScope?
    /// Where `log` lines go (the scope's worker call by default).
    let logDestination: LogDestination?
    /// The toolset instance `api->instance` returns.
    let instance: UnsafeMutableRawPointer?
    let projectRoot: String
    /// Held while a serialized function runs; released while it blocks in a host callback.
    let gate: SerialGate?
    /// In a plugin helper process: where `log`, `call_worker` and `call_tool` go instead of a scope.
    let forwarding: (any PluginCallForwarding)?
    private let state = Mutex(State())
    private let cancelled = Atomic<Bool>(false)

    /// The call running on the current plugin thread, for `log` from `destroy_instance`
    /// (which receives no context).
    private static let onThread = ThreadLocalReference<PluginCall>()

    package init(
        scope: CallScope?, projectRoot: String, log: LogDestination? = nil, instance: UnsafeMutableRawPointer? = nil,
        gate: SerialGate? = nil, forwarding: (any PluginCallForwarding)? = nil
    ) {
        self.scope = scope
        self.forwarding = forwarding
        self.logDestination = log ?? scope.map { LogDestination(workerName: $0.workerName, events: $0.runtime.options.events) }
        self.projectRoot = projectRoot
        self.instance = instance
        self.gate = gate
        context = .allocate(capacity: 1)
        context.initialize(
            to: llmdo_ctx(
                struct_size: UInt32(MemoryLayout<llmdo_ctx>.size), reserved: 0, api: HostTable.api, host_private: nil))
        // Unretained: the call outlives every use of its context (the plugin may not keep ctx).
        context.pointee.host_private = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        context.deallocate()
    }

    /// The call a context belongs to, or `nil` for a NULL or foreign context.
    static func from(_ context: UnsafePointer<llmdo_ctx>?) -> PluginCall? {
        guard let raw = context?.pointee.host_private else { return nil }
        return Unmanaged<PluginCall>.fromOpaque(raw).takeUnretainedValue()
    }

    /// The call running on this plugin thread (for `log` with a NULL context, which is how
    /// `destroy_instance`, given no context, logs).
    static var onCurrentThread: PluginCall? { onThread.value }

    var report: Report { state.withLock { $0.report } }

    func setResult(_ text: String) { state.withLock { $0.report.result = text } }

    func setFailure(_ failure: ToolError) { state.withLock { $0.report.failure = failure } }

    /// A NUL-terminated copy of `text` that lives until the call ends.
    func lend(_ text: String) -> UnsafeMutablePointer<CChar> {
        state.withLock { $0.lent.lend(text) }
    }

    /// What the call holds for the plugin: nested calls still running, bytes lent and the
    /// blocks holding them (tests check that repeated callbacks keep none of their own).
    var retained: (inFlight: Int, bytesLent: Int, blocks: Int) {
        state.withLock { ($0.inFlight.count, $0.lent.bytesLent, $0.lent.blockCount) }
    }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Marks the call cancelled and cancels the worker and tool calls it is waiting for.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
        for task in state.withLock({ Array($0.inFlight.values) }) { task.cancel() }
    }

    /// Runs `body` (which calls into the plugin) on a plugin thread of the task's pool;
    /// cancelling the awaiting task makes `is_cancelled` true and cancels the nested calls the
    /// plugin waits for. `label` names the call in a crash report and in the CLI's Ctrl-C notice.
    func run<T: Sendable>(as label: PluginCallLabel? = nil, _ body: @escaping @Sendable () -> T) async -> T {
        await withTaskCancellationHandler {
            await PluginThreads.current.run {
                Self.onThread.set(self)
                defer { Self.onThread.set(nil) }
                return PluginCallWatch.during(label, call: self, body)
            }
        } onCancel: {
            cancel()
        }
    }

    /// How the call ends once the plugin returned `result`: a run-ending error from a nested
    /// call is rethrown whatever the plugin returned (it could only unwind), a failure after
    /// cancellation is the cancellation, anything else is the plugin's own result.
    func finish<T>(_ result: Result<T, ToolError>) throws -> T {
        if let error = state.withLock({ $0.runEndingError }) { throw error }
        if case .failure = result, isCancelled { throw CancellationError() }
        return try result.get()
    }

    /// Runs async host work (a worker or tool call) from the plugin's thread, blocking that
    /// thread until it finishes. The plugin thread is ours, never a cooperative one, and the
    /// nested work runs on the cooperative pool, so blocking here cannot starve it; while it
    /// waits the thread holds neither the function's gate nor a slot of the plugin threads.
    func block<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let pool = PluginThreads.ofCurrentThread ?? PluginThreads.current
        gate?.release()
        defer { gate?.acquire() }
        // Nested plugin calls use this call's pool (a task started here inherits no task-locals).
        let task = Task {
            let result = await PluginThreads.$current.withValue(pool) { await Result(catching: work) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        let id = state.withLock { state in
            state.nextTaskID += 1
            state.inFlight[state.nextTaskID] = task
            return state.nextTaskID
        }
        if isCancelled { task.cancel() }
        PluginThreads.blockingHostCall { done.wait() }
        let result = outcome.withLock { $0 } ?? .failure(CancellationError())
        state.withLock { state in
            state.inFlight[id] = nil
            if case .failure(let error) = result, state.runEndingError == nil, PluginErrors.endsRun(error) {
                state.runEndingError = error
            }
        }
        return result
    }
}

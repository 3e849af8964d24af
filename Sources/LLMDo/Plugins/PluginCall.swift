import Dispatch
import Glibc
import LLMDoToolABI
import Synchronization

/// The host's side of one call into a plugin (a tool call, an instance's create, a code
/// entry's run): the `llmdo_ctx` the plugin receives, the result or error it reports, and
/// the arena that owns every buffer the host lends it until the call returns.
///
/// The plugin reaches this object through `ctx->host_private` (see ``HostTable``); it lives
/// until the call returns, which is when the arena is freed.
package final class PluginCall: @unchecked Sendable {
    /// What the plugin reported through `set_result`, `fail` and `retry`.
    struct Report {
        var result: String?
        var failure: ToolError?
    }

    private struct State {
        var report = Report()
        var arena: [SendablePointer] = []
        var nested: [Task<Void, Never>] = []
    }

    /// The context handed to the plugin; `host_private` points back at this object.
    let context: UnsafeMutablePointer<llmdo_ctx>
    /// The scope host callbacks run in; `nil` where workers and tools cannot be called
    /// (instance creation, approval callbacks).
    let scope: CallScope?
    /// The toolset instance `api->instance` returns.
    let instance: UnsafeMutableRawPointer?
    let projectRoot: String
    /// Held while a serialized function runs; released while it blocks in a host callback.
    let gate: SerialGate?
    /// In a plugin helper process: where `log`, `call_worker` and `call_tool` go instead of a scope.
    let forwarding: (any PluginCallForwarding)?
    private let state = Mutex(State())
    private let cancelled = Atomic<Bool>(false)

    package init(
        scope: CallScope?, projectRoot: String, instance: UnsafeMutableRawPointer? = nil, gate: SerialGate? = nil,
        forwarding: (any PluginCallForwarding)? = nil
    ) {
        self.scope = scope
        self.forwarding = forwarding
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
        state.withLock { state in
            for buffer in state.arena { free(buffer.raw) }
        }
    }

    /// The call a context belongs to, or `nil` for a NULL or foreign context.
    static func from(_ context: UnsafePointer<llmdo_ctx>?) -> PluginCall? {
        guard let raw = context?.pointee.host_private else { return nil }
        return Unmanaged<PluginCall>.fromOpaque(raw).takeUnretainedValue()
    }

    var report: Report { state.withLock { $0.report } }

    func setResult(_ text: String) { state.withLock { $0.report.result = text } }

    func setFailure(_ failure: ToolError) { state.withLock { $0.report.failure = failure } }

    /// A NUL-terminated copy of `text` that lives until the call ends.
    func lend(_ text: String) -> UnsafeMutablePointer<CChar> {
        let copy = text.withCString { strdup($0) }
        // strdup fails only when out of memory; nothing sensible can continue then.
        guard let copy else { fatalError("out of memory copying a plugin argument") }
        state.withLock { $0.arena.append(SendablePointer(raw: UnsafeMutableRawPointer(copy))) }
        return copy
    }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Marks the call cancelled and cancels the worker and tool calls it is waiting for.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
        for task in state.withLock({ $0.nested }) { task.cancel() }
    }

    /// Runs `body` (which calls into the plugin) on a plugin thread; cancelling the awaiting
    /// task makes `is_cancelled` true and cancels the nested calls the plugin waits for.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withTaskCancellationHandler {
            await PluginThreads.shared.run(body)
        } onCancel: {
            cancel()
        }
    }

    /// Runs async host work (a worker or tool call) from the plugin's thread, blocking that
    /// thread until it finishes. The plugin thread is ours, never a cooperative one, and the
    /// nested work runs on the cooperative pool, so blocking here cannot starve it.
    func block<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        gate?.release()
        defer { gate?.acquire() }
        let task = Task {
            let result = await Result(catching: work)
            outcome.withLock { $0 = result }
            done.signal()
        }
        state.withLock { $0.nested.append(task) }
        if isCancelled { task.cancel() }
        done.wait()
        return outcome.withLock { $0 } ?? .failure(CancellationError())
    }
}

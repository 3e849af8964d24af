import LLMDoToolABI
import Synchronization

extension PluginToolset {
    /// A worker call's instance state, created by the first call that needs it. Concurrent
    /// calls wait for the one creation; a failed creation is that call's tool error and the
    /// next call tries again. `destroy_instance` runs at the end only if a creation succeeded.
    final class LazyState: Sendable {
        let toolset: PluginToolset
        let context: ToolsetContext
        private let creation = Mutex<Task<Result<SendablePointer?, ToolError>, Never>?>(nil)

        init(toolset: PluginToolset, context: ToolsetContext) {
            self.toolset = toolset
            self.context = context
        }

        /// Instance callbacks log into the worker call they serve.
        var log: PluginCall.LogDestination { PluginCall.LogDestination(workerName: context.workerName, events: context.events) }

        /// What `create_instance` stored (created now if no call made it yet); `nil` when the
        /// toolset has no `create_instance`.
        func instance() async -> Result<SendablePointer?, ToolError> {
            guard toolset.createInstance != nil else { return .success(nil) }
            let task = creation.withLock { current in
                if let current { return current }
                let task = Task { await self.create() }
                current = task
                return task
            }
            let result = await task.value
            if case .failure = result {
                creation.withLock { current in if current == task { current = nil } }
            }
            return result
        }

        private func create() async -> Result<SendablePointer?, ToolError> {
            guard let create = toolset.createInstance else { return .success(nil) }
            let call = PluginCall(scope: nil, projectRoot: context.projectRoot, log: log)
            let (status, state) = await call.run {
                var state: UnsafeMutableRawPointer?
                let status = create(call.context, &state)
                return (status, OpaquePointer(state).map(SendablePointer.init))
            }
            guard status == LLMDO_OK, call.report.failure == nil else {
                let error = PluginErrors.failure(status: status, reported: call.report.failure, function: "\(toolset.name).create_instance")
                return .failure(.failed("toolset '\(toolset.name)' could not create its instance: \(PluginErrors.message(of: error))"))
            }
            return .success(state)
        }

        /// Runs `destroy_instance` if a creation succeeded (after any creation still running).
        func destroy() async {
            guard let task = creation.withLock({ $0 }), case .success(let state?) = await task.value,
                let destroy = toolset.destroyInstance
            else { return }
            let call = PluginCall(scope: nil, projectRoot: context.projectRoot, log: log)
            await call.run { destroy(state.raw) }
        }
    }
}

import LLMDoToolABI

/// A toolset from a plugin: its functions as tools, and per-call instances made by the
/// plugin's optional `create_instance` / `destroy_instance`, lazily: a worker call that never
/// calls the toolset never creates one.
package struct PluginToolset: Toolset {
    package let name: String
    let version: String?
    let description: String
    /// In the plugin's order.
    package let functions: [PluginFunction]
    typealias CreateInstance = @convention(c) (UnsafePointer<llmdo_ctx>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32
    let createInstance: CreateInstance?
    let destroyInstance: (@convention(c) (UnsafeMutableRawPointer?) -> Void)?
    let generation: PluginGeneration

    package var tools: [ToolDefinition] { functions.map(\.definition) }

    /// One worker call's instance. Nothing runs yet: `create_instance` runs before the first
    /// call (or per-call approval) that needs it (``LazyState``).
    package func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance {
        var functionsByName: [String: PluginFunction] = [:]
        for function in functions { functionsByName[function.definition.name] = function }
        return Instance(toolset: self, functions: functionsByName, state: LazyState(toolset: self, context: context))
    }

    /// One worker call's view of the toolset.
    struct Instance: ToolsetInstance {
        let toolset: PluginToolset
        let functions: [String: PluginFunction]
        let state: LazyState

        func approvalNeed(tool: String, arguments: JSONValue) async -> ApprovalNeed {
            guard let function = functions[tool], function.definition.approval == .perCall,
                let needsApproval = function.needsApproval
            else { return ApprovalNeed(required: nil) }
            let instance: SendablePointer?
            switch await state.instance() {
            case .success(let created): instance = created
            case .failure(let error):
                // The call cannot run without its instance; asking keeps a later retry gated.
                return ApprovalNeed(required: true, description: PluginErrors.message(of: error))
            }
            // Plugin code, so it runs on a plugin thread like any call (never the cooperative
            // pool); it may log, but not call workers or tools (the call has no scope).
            let call = PluginCall(scope: nil, projectRoot: state.context.projectRoot, log: state.log, instance: instance?.raw)
            let text = arguments.jsonText
            let (required, description) = await call.run {
                let capacity = 512
                let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
                defer { buffer.deallocate() }
                buffer[0] = 0
                let required = text.withCString { needsApproval(call.context, $0, buffer, capacity) }
                buffer[capacity - 1] = 0
                return (required != 0, String(cString: buffer))
            }
            return ApprovalNeed(required: required, description: description.isEmpty ? nil : description)
        }

        func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
            guard let function = functions[tool] else {
                throw ToolError.failed("toolset '\(toolset.name)' has no tool '\(tool)'")
            }
            let instance = try await state.instance().get()
            let call = PluginCall(
                scope: invocation.scope, projectRoot: invocation.scope.projectRoot, instance: instance?.raw, gate: function.gate)
            let result = await call.run { function.invoke(arguments, call: call) }
            return try call.finish(result)
        }

        func close() async { await state.destroy() }
    }
}

/// A plugin's instance state, stored across threads: the host hands it back to the plugin and
/// never dereferences it.
struct SendablePointer: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    init(_ pointer: OpaquePointer) { raw = UnsafeMutableRawPointer(pointer) }
}

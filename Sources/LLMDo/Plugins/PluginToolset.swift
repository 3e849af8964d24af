import LLMDoToolABI

/// A toolset from a plugin: its functions as tools, and per-call instances made by the
/// plugin's optional `create_instance` / `destroy_instance`.
package struct PluginToolset: Toolset {
    package let name: String
    let version: String?
    let description: String
    /// In the plugin's order.
    package let functions: [PluginFunction]
    let createInstance: (@convention(c) (UnsafePointer<llmdo_ctx>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32)?
    let destroyInstance: (@convention(c) (UnsafeMutableRawPointer?) -> Void)?
    let generation: PluginGeneration

    package var tools: [ToolDefinition] { functions.map(\.definition) }

    package func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance {
        var functionsByName: [String: PluginFunction] = [:]
        for function in functions { functionsByName[function.definition.name] = function }
        guard let createInstance else { return Instance(toolset: self, functions: functionsByName, state: nil) }
        let call = PluginCall(scope: nil, projectRoot: context.projectRoot)
        let (status, state) = await call.run(as: PluginCallLabel(plugin: generation.path, function: "\(name).create_instance")) {
            var state: UnsafeMutableRawPointer?
            let status = createInstance(call.context, &state)
            return (status, OpaquePointer(state).map(SendablePointer.init))
        }
        guard status == LLMDO_OK else {
            let error = PluginErrors.failure(status: status, reported: call.report.failure, function: "\(name).create_instance")
            throw ToolError.failed("toolset '\(name)' could not start: \(PluginErrors.message(of: error))")
        }
        return Instance(toolset: self, functions: functionsByName, state: state)
    }

    /// One worker call's view of the toolset.
    struct Instance: ToolsetInstance {
        let toolset: PluginToolset
        let functions: [String: PluginFunction]
        /// What `create_instance` stored; handed back through `api->instance`.
        let state: SendablePointer?

        func approvalNeed(tool: String, arguments: JSONValue) async -> ApprovalNeed {
            guard let function = functions[tool], function.definition.approval == .perCall,
                let needsApproval = function.needsApproval
            else { return ApprovalNeed(required: nil) }
            // Plugin code, so it runs on a plugin thread like any call (never the cooperative
            // pool); it cannot call workers or tools (the call has no scope).
            let call = PluginCall(scope: nil, projectRoot: "", instance: state?.raw)
            let text = arguments.jsonText
            let label = PluginCallLabel(plugin: toolset.generation.path, function: "\(toolset.name).\(tool) (needs_approval)")
            let (required, description) = await call.run(as: label) {
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
            let call = PluginCall(
                scope: invocation.scope, projectRoot: invocation.scope.projectRoot, instance: state?.raw, gate: function.gate)
            let label = PluginCallLabel(plugin: toolset.generation.path, function: "\(toolset.name).\(tool)")
            return try await call.run(as: label) { function.invoke(arguments, call: call) }.get()
        }

        func close() async {
            guard let destroy = toolset.destroyInstance, let state else { return }
            let label = PluginCallLabel(plugin: toolset.generation.path, function: "\(toolset.name).destroy_instance")
            await PluginThreads.shared.run { PluginCallWatch.during(label, call: nil) { destroy(state.raw) } }
        }
    }
}

/// A pointer stored across threads but only ever used by one at a time: a plugin's instance
/// state (handed back, never dereferenced by the host) or a buffer in a call's arena.
struct SendablePointer: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    init(_ pointer: OpaquePointer) { raw = UnsafeMutableRawPointer(pointer) }
    init(raw: UnsafeMutableRawPointer) { self.raw = raw }
}

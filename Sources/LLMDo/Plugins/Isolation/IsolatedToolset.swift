import Synchronization

/// A toolset of an isolated plugin: its tools as the helper described them; every call,
/// approval question and instance is forwarded to the helper process.
struct IsolatedToolset: Toolset {
    let plugin: IsolatedPlugin
    /// The toolset's entry in the plugin's catalog (what `llmdo tools` prints).
    let catalogEntry: JSONValue
    let name: String
    let version: String?
    let tools: [ToolDefinition]

    init(plugin: IsolatedPlugin, catalogEntry: JSONValue) {
        self.plugin = plugin
        self.catalogEntry = catalogEntry
        name = catalogEntry["name"]?.stringValue ?? ""
        version = catalogEntry["version"]?.stringValue
        tools = (catalogEntry["functions"]?.arrayValue ?? []).map { function in
            let approval: ApprovalRequirement
            switch function["approval"]?.stringValue {
            case "always": approval = .always
            case "per_call": approval = .perCall
            default: approval = .preApproved
            }
            return ToolDefinition(
                name: function["name"]?.stringValue ?? "", description: function["description"]?.stringValue ?? "",
                parametersSchema: function["schema"] ?? ["type": "object"], approval: approval,
                idempotent: function["idempotent"] == .bool(true))
        }
    }

    /// The instance is created in the helper before the toolset's first call (not here), so a
    /// worker call that never uses the toolset costs no round trip.
    func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance {
        Instance(toolset: self, instanced: plugin.instanced.contains(name))
    }

    /// One worker call's view: the helper-side instance it created, if the plugin has them.
    final class Instance: ToolsetInstance {
        private struct Slot {
            /// The helper the instance lives in, and its id there.
            var connection: HelperConnection?
            var id: Int?
        }

        let toolset: IsolatedToolset
        let instanced: Bool
        private let slot = Mutex(Slot())

        init(toolset: IsolatedToolset, instanced: Bool) {
            self.toolset = toolset
            self.instanced = instanced
        }

        func approvalNeed(tool: String, arguments: JSONValue) async -> ApprovalNeed {
            guard toolset.tools.first(where: { $0.name == tool })?.approval == .perCall else { return ApprovalNeed(required: nil) }
            let label = "\(toolset.name).\(tool) (needs_approval)"
            do {
                let instance = try await instanceID(scope: nil)
                let (_, reply) = try await toolset.plugin.perform(label: label, scope: nil) { [name = toolset.name] id in
                    ["op": "approval", "id": .int(Int64(id)), "toolset": .string(name), "tool": .string(tool), "args": arguments,
                     "instance": instance.map { .int(Int64($0)) } ?? .null]
                }
                let description = reply["description"]?.stringValue ?? ""
                return ApprovalNeed(required: reply["required"]?.boolValue ?? true, description: description.isEmpty ? nil : description)
            } catch {
                // Fail closed: a plugin that cannot answer gets asked about.
                return ApprovalNeed(required: true, description: "\(label) could not decide: \(PluginErrors.message(of: error))")
            }
        }

        func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
            let instance = try await instanceID(scope: invocation.scope)
            let (_, reply) = try await toolset.plugin.perform(label: "\(toolset.name).\(tool)", scope: invocation.scope) {
                [name = toolset.name] id in
                ["op": "call", "id": .int(Int64(id)), "toolset": .string(name), "tool": .string(tool), "args": arguments,
                 "instance": instance.map { .int(Int64($0)) } ?? .null]
            }
            do {
                return try ToolReply.output(reply)
            } catch {
                // A failure because the run was cancelled ends the run as a cancellation.
                if Task.isCancelled { throw CancellationError() }
                throw error
            }
        }

        func close() async {
            let (connection, id) = slot.withLock { ($0.connection, $0.id) }
            guard let connection, let id, connection.isAlive else { return }
            connection.notify(["op": "destroy", "instance": .int(Int64(id))])
        }

        /// The helper-side instance, created on first use. If the helper that held it has died
        /// since, the call fails once saying the per-call state was lost (the next call gets a
        /// fresh instance).
        private func instanceID(scope: CallScope?) async throws -> Int? {
            guard instanced else { return nil }
            let live = try await toolset.plugin.connection()
            let (held, id) = slot.withLock { ($0.connection, $0.id) }
            if let held, let id {
                if held === live { return id }
                slot.withLock { $0 = Slot() }
                throw ToolError.failed(
                    "plugin '\(toolset.plugin.declaredPath)' was restarted after a failure, so toolset '\(toolset.name)' lost the per-call state it had in this worker call; the next call starts afresh")
            }
            let (connection, reply) = try await toolset.plugin.perform(label: "\(toolset.name).create_instance", scope: scope) {
                [name = toolset.name] id in
                ["op": "create", "id": .int(Int64(id)), "toolset": .string(name)]
            }
            guard case .json(.int(let created)) = try ToolReply.output(reply) else {
                throw ToolError.failed("toolset '\(toolset.name)' could not start: the plugin helper answered badly")
            }
            slot.withLock { $0 = Slot(connection: connection, id: Int(created)) }
            return Int(created)
        }
    }
}

/// Decodes a helper's reply to a call: a result or a failure of the kind the plugin reported.
enum ToolReply {
    static func output(_ reply: JSONValue) throws(ToolError) -> ToolOutput {
        if let text = reply["text"]?.stringValue { return .text(text) }
        if let result = reply["json"] { return .json(result) }
        let message = reply["message"]?.stringValue ?? "the tool failed"
        switch reply["error"]?.stringValue {
        case ToolError.Kind.retry.name: throw .retry(message)
        case ToolError.Kind.denied.name: throw .denied(message)
        default: throw .failed(message)
        }
    }

    /// The frame that carries a call's outcome back to the host.
    static func frame(answering id: Int64, _ outcome: Result<ToolOutput, ToolError>) -> JSONValue {
        switch outcome {
        case .success(.text(let text)): return ["re": .int(id), "text": .string(text)]
        case .success(.json(let value)): return ["re": .int(id), "json": value]
        case .failure(let error): return ["re": .int(id), "error": .string(error.kind.name), "message": .string(error.message)]
        }
    }
}

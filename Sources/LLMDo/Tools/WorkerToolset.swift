/// A worker exposed as a tool to other workers: tool name = worker name, parameters = the
/// worker's input schema, description = the worker's `description` (or its instructions' start). The child runs with a
/// fresh history; the caller sees only the call and its result.
struct WorkerToolset: Toolset {
    let spec: WorkerSpec
    private let callsRequireApproval: Bool
    private let attachmentsRequireApproval: Bool

    init(spec: WorkerSpec, config: RuntimeConfig) {
        self.spec = spec
        let override = config.workerApprovalOverrides[spec.name]
        self.callsRequireApproval = override?.callsRequireApproval ?? config.workerCallsRequireApproval
        self.attachmentsRequireApproval =
            override?.attachmentsRequireApproval ?? config.workerAttachmentsRequireApproval
    }

    var name: String { spec.name }

    var definition: ToolDefinition {
        ToolDefinition(
            name: spec.name, description: Self.description(of: spec),
            parametersSchema: spec.effectiveInputSchema,
            approval: callsRequireApproval || attachmentsRequireApproval ? .perCall : .preApproved)
    }

    var tools: [ToolDefinition] { [definition] }

    /// What the calling model reads, as llm-do builds it: the `description`, else the
    /// instructions, cut after 200 characters (with "...").
    static func description(of spec: WorkerSpec) -> String {
        let text = spec.description ?? spec.instructions
        if text.isEmpty { return "Ask the '\(spec.name)' worker." }
        return text.count > 200 ? text.prefix(200) + "..." : text
    }

    func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance { Instance(toolset: self) }

    /// Whether a call with these arguments needs approval, and why.
    func approvalNeed(arguments: JSONValue) -> ApprovalNeed {
        if callsRequireApproval {
            return ApprovalNeed(required: true, description: "call worker '\(spec.name)'", kind: .workerCall)
        }
        let attachments = arguments["attachments"]?.arrayValue ?? []
        if attachmentsRequireApproval, !attachments.isEmpty {
            let names = attachments.compactMap(\.stringValue).joined(separator: ", ")
            return ApprovalNeed(
                required: true, description: "pass attachments to worker '\(spec.name)': \(names)",
                kind: .workerAttachments)
        }
        return ApprovalNeed(required: false)
    }

    struct Instance: ToolsetInstance {
        let toolset: WorkerToolset

        func approvalNeed(tool: String, arguments: JSONValue) -> ApprovalNeed {
            toolset.approvalNeed(arguments: arguments)
        }

        func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
            .json(try await invocation.scope.callWorkerUnchecked(toolset.spec, input: arguments, as: invocation.scope.path))
        }
    }
}

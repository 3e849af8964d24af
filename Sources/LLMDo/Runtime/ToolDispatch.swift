/// Runs one tool call: argument validation, the approval gate, the call, and the translation
/// of failures into what the model sees.
enum ToolDispatch {
    /// How a model's tool call ended.
    enum Outcome: Sendable {
        case success(ToolOutput)
        /// The model should fix its call; counts against the retry limit.
        case retry(String)
        /// An error result the model sees (failed, denied, depth exceeded).
        case failure(String)
    }

    /// Compiles a tool's schema (the linker does this once for the tools workers use; see
    /// ``Program/parametersSchema(of:in:)``).
    static func schema(for definition: ToolDefinition) throws(RunError) -> JSONSchema {
        do {
            return try JSONSchema(definition.parametersSchema)
        } catch {
            throw RunError(.unknownName, "tool '\(definition.name)' has an invalid parameters schema: \(error)")
        }
    }

    /// Validates arguments; a violation becomes a retry the model can act on.
    static func validate(_ arguments: JSONValue, against schema: JSONSchema) throws -> JSONValue {
        switch schema.validate(arguments) {
        case .success(let filled): return filled
        case .failure(let violations):
            throw ToolError.retry("invalid arguments: \(violations.description)")
        }
    }

    /// Validates, gates and runs a call made by code (errors are thrown, not turned into results).
    /// `scope` is the tool call's own (its path is the call's).
    static func invoke(_ entry: ToolTable.Entry, arguments: JSONValue, scope: CallScope) async throws
        -> ToolOutput
    {
        let validated = try validate(arguments, against: entry.schema)
        if case .denied(let message) = try await authorize(entry, arguments: validated, scope: scope) {
            throw ToolError.denied(message)
        }
        try scope.run.beginToolCall(worker: scope.workerName)
        return try await execute(entry, arguments: validated, invocation: ToolInvocation(scope: scope, callID: scope.path.callID))
    }

    /// Calls the tool, through the run's interceptors when there are any.
    private static func execute(_ entry: ToolTable.Entry, arguments: JSONValue, invocation: ToolInvocation) async throws
        -> ToolOutput
    {
        let scope = invocation.scope
        let interceptors = scope.runtime.options.interceptors
        if interceptors.isEmpty {
            return try await entry.instance.call(tool: entry.definition.name, arguments: arguments, invocation: invocation)
        }
        let call = ToolCallInfo(
            path: scope.path, worker: scope.workerName, depth: scope.depth, toolset: entry.toolset, tool: entry.definition.name,
            idempotent: entry.definition.idempotent || scope.program.manifest.runtime.declaresIdempotent(entry.toolset, entry.definition.name),
            runsWorker: entry.instance is WorkerToolset.Instance)
        return try await InterceptorChain.toolCall(arguments: arguments, call: call, through: interceptors[...]) { arguments in
            try await entry.instance.call(tool: entry.definition.name, arguments: arguments, invocation: invocation)
        }
    }

    /// Runs a model's tool call in `scope`, the tool call's own; never throws for tool-level
    /// failures, only for run-level ones (cancellation, usage limits, approval unavailable).
    static func run(_ call: ToolCall, table: ToolTable, scope: CallScope) async throws -> Outcome {
        guard let entry = table.entries[call.name] else {
            let available = table.definitions.map(\.name).joined(separator: ", ")
            return .retry("unknown tool name '\(call.name)'. Available tools: \(available.isEmpty ? "none" : available)")
        }
        let arguments: JSONValue
        switch call.arguments {
        case .invalid(let text):
            return .retry("the arguments are not valid JSON (\(text.prefix(200))). Send a JSON object matching the tool's schema")
        case .parsed(let value):
            arguments = value
        }
        let validated: JSONValue
        switch entry.schema.validate(arguments) {
        case .success(let filled): validated = filled
        case .failure(let violations): return .retry("invalid arguments for tool '\(call.name)': \(violations.description)")
        }
        if case .denied(let message) = try await authorize(entry, arguments: validated, scope: scope) {
            return .failure(message)
        }
        try scope.run.beginToolCall(worker: scope.workerName)
        do {
            let output = try await execute(entry, arguments: validated, invocation: ToolInvocation(scope: scope, callID: call.id))
            return .success(output)
        } catch let error as ToolError {
            return error.kind == .retry ? .retry(error.message) : .failure(error.message)
        } catch let error as RunError where error.failsOnlyTheCall {
            // A nested call that cannot run is the calling model's problem, not the run's.
            return .failure(error.message)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as RunError {
            throw error
        } catch {
            return .failure("tool '\(call.name)' failed: \(error)")
        }
    }

    /// Asks the gate about a call, using the tool's declared and per-call approval needs.
    static func authorize(_ entry: ToolTable.Entry, arguments: JSONValue, scope: CallScope) async throws
        -> ApprovalGate.Outcome
    {
        let declared = entry.definition.approval
        // The fast path: a pre-approved tool costs one comparison.
        if declared == .preApproved { return .proceed }
        let need = await entry.instance.approvalNeed(tool: entry.definition.name, arguments: arguments)
        let required = need.required ?? (declared != .preApproved)
        guard required else { return .proceed }
        let request = ApprovalRequest(
            kind: need.kind, worker: scope.workerName, depth: scope.depth, toolset: entry.toolset,
            tool: entry.definition.name, arguments: arguments, description: need.description)
        return try await scope.runtime.gate.authorize(request, required: true, policy: scope.policy, path: scope.path)
    }
}

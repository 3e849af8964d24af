/// One worker (or code entry) call: its depth, the program generation it runs on, the run it
/// belongs to, and the tools it can use. Tools receive it (through ``ToolInvocation``) to call
/// back into the runtime; plugins' host callbacks go through it.
public final class CallScope: Sendable {
    /// The runtime running the call.
    public let runtime: Runtime
    /// The program generation this call runs on (fixed for the call's life, even across a reload).
    public let program: Program
    /// The worker or code entry this scope belongs to.
    public let workerName: String
    /// 0 for the entry, +1 per nested worker call.
    public let depth: Int
    /// This call's place in the run's tree of calls.
    public let path: CallPath
    let run: RunState
    /// The tools this call's worker can use, once its toolsets are instantiated (nil for a code entry).
    let tools: ToolTable?

    init(
        runtime: Runtime, program: Program, run: RunState, path: CallPath, workerName: String, depth: Int,
        tools: ToolTable? = nil
    ) {
        self.runtime = runtime
        self.program = program
        self.run = run
        self.path = path
        self.workerName = workerName
        self.depth = depth
        self.tools = tools
    }

    /// The rules of this call's generation, with the runtime's overrides applied.
    var policy: CallPolicy { CallPolicy(program.manifest.runtime, overrides: runtime.options) }

    /// The project root (the manifest's folder).
    public var projectRoot: String { program.projectRoot }

    /// Whether the task running this call has been cancelled.
    public var isCancelled: Bool { Task.isCancelled }

    /// Emits an event on the runtime's sink; an event made without a path gets this call's.
    public func emit(_ event: RuntimeEvent) { runtime.options.events.emit(event.attributed(to: path)) }

    /// The same worker's scope for one of its tool calls (tools and nested calls see the tool
    /// call as their call).
    func forCall(_ path: CallPath) -> CallScope {
        CallScope(runtime: runtime, program: program, run: run, path: path, workerName: workerName, depth: depth, tools: tools)
    }

    /// Calls a worker by name, as code does (a code entry or a plugin's host callback): the call
    /// goes through the approval policy for worker calls, its input is validated against the
    /// worker's input schema, and it runs one level deeper.
    ///
    /// - Parameters:
    ///   - name: the worker's name.
    ///   - input: a string (the prompt) or an object matching the worker's input schema.
    /// - Returns: the worker's output.
    /// - Throws: ``RunError`` (unknown worker, depth exceeded, approval unavailable), ``ToolError``
    ///   (`denied`, or `retry` for invalid input), model errors.
    public func callWorker(_ name: String, input: JSONValue) async throws -> JSONValue {
        guard let spec = program.workers[name] else {
            let hint = DidYouMean.hint(for: name, among: program.workers.keys)
            throw RunError(.unknownName, "no worker named '\(name)'\(hint)")
        }
        let arguments = WorkerInput.normalize(input)
        let toolset = WorkerToolset(spec: spec, config: program.manifest.runtime)
        let need = toolset.approvalNeed(arguments: arguments)
        let request = ApprovalRequest(
            kind: need.kind, worker: workerName, depth: depth, toolset: spec.name, tool: spec.name,
            arguments: arguments, description: need.description)
        let call = run.newCall(parent: path)
        let authorization = try await runtime.gate.authorize(request, required: need.required ?? false, policy: policy, path: call)
        if case .denied(let message) = authorization { throw ToolError.denied(message) }
        let validated = try ToolDispatch.validate(arguments, against: try spec.inputSchemaCompiled())
        return try await callWorkerUnchecked(spec, input: validated, as: call)
    }

    /// Runs a worker one level deeper, after approval and validation, as the call `path` (a
    /// model's tool call that runs a worker is that worker's call).
    func callWorkerUnchecked(_ spec: WorkerSpec, input: JSONValue, as path: CallPath) async throws -> JSONValue {
        let child = CallScope(runtime: runtime, program: program, run: run, path: path, workerName: spec.name, depth: depth + 1)
        return try await child.runWorker(spec, input: input, history: []).output
    }

    /// Calls a tool by name, as code does. In a worker's call the tool must be one of that
    /// worker's tools; from a code entry, any tool in the program, by its name when only one
    /// toolset offers it, else as `toolset.tool`. The call is validated and gated exactly like a
    /// model's.
    ///
    /// - Throws: ``ToolError`` (failed, retry, denied), ``RunError`` (unknown tool, approval unavailable).
    public func callTool(_ name: String, arguments: JSONValue) async throws -> ToolOutput {
        if let tools {
            guard let entry = tools.entries[name] else {
                throw RunError(.unknownName, "no tool named '\(name)' for worker '\(workerName)'\(DidYouMean.hint(for: name, among: tools.entries.keys))")
            }
            return try await ToolDispatch.invoke(entry, arguments: arguments, scope: forCall(run.newCall(parent: path)))
        }
        // A code entry: find the tool among the program's toolsets, instantiated for this one call.
        let (toolset, definition) = try await programTool(named: name)
        let schema = try program.parametersSchema(of: definition, in: toolset.name)
        let instance = try await toolset.makeInstance(context: toolsetContext)
        let entry = ToolTable.Entry(toolset: toolset.name, definition: definition, schema: schema, instance: instance)
        let call = forCall(run.newCall(parent: path))
        let result = await Result(catching: { try await ToolDispatch.invoke(entry, arguments: arguments, scope: call) })
        await instance.close()
        return try result.get()
    }

    /// A tool of the program named `toolset.tool`, or by its bare name when exactly one toolset
    /// offers it (never a silent pick between two).
    /// A toolset that learns its tools when it starts (an MCP server) is started first when named
    /// this way; a bare name finds only tools already known.
    private func programTool(named name: String) async throws -> (any Toolset, ToolDefinition) {
        if let dot = name.firstIndex(of: ".") {
            let toolsetName = String(name[..<dot]), toolName = String(name[name.index(after: dot)...])
            guard let toolset = program.toolsets[toolsetName] else {
                let hint = DidYouMean.hint(for: toolsetName, among: program.toolsets.keys)
                throw RunError(.unknownName, "no toolset named '\(toolsetName)' in the program\(hint)")
            }
            if toolset.tools.isEmpty { try await toolset.makeInstance(context: toolsetContext).close() }
            if let definition = toolset.tools.first(where: { $0.name == toolName }) { return (toolset, definition) }
            let hint = DidYouMean.hint(for: toolName, among: toolset.tools.map(\.name))
            throw RunError(.unknownName, "no tool '\(toolName)' in toolset '\(toolsetName)'\(hint)")
        }
        let matches = program.toolsets.values.compactMap { toolset in
            toolset.tools.first(where: { $0.name == name }).map { (toolset, $0) }
        }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            let all = program.toolsets.values.flatMap { $0.tools.map(\.name) }
            throw RunError(.unknownName, "no tool named '\(name)' in the program\(DidYouMean.hint(for: name, among: all))")
        }
        let owners = matches.map(\.0.name).sorted().joined(separator: ", ")
        throw RunError(.unknownName, "tool '\(name)' is offered by several toolsets (\(owners)); name it as toolset.tool")
    }

    var toolsetContext: ToolsetContext {
        ToolsetContext(
            projectRoot: program.projectRoot, workingDirectory: runtime.options.workingDirectory,
            workerName: workerName, depth: depth, events: runtime.options.events)
    }
}

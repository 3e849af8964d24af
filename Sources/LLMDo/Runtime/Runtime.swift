import Synchronization

/// Settings for a ``Runtime`` that come from the embedding program or the command line.
public struct RuntimeOptions: Sendable {
    /// Overrides `runtime.approval_mode` from the manifest.
    public var approvalMode: ApprovalMode?
    /// Overrides `runtime.max_depth`.
    public var maxDepth: Int?
    /// Overrides every worker's model (`--model`).
    public var modelOverride: String?
    /// Asks the operator about gated calls in `prompt` mode; `nil` means nobody can be asked.
    public var approver: (any Approver)?
    /// Why nobody can be asked when ``approver`` is nil, for the message of a gated call that
    /// fails ("--headless was given"); by default ``noTerminal``.
    public var unattendedReason: String = RuntimeOptions.noTerminal
    /// "no terminal is available to ask".
    public static let noTerminal = "no terminal is available to ask"
    /// Receives every runtime event.
    public var events: any EventSink
    /// Environment for model resolution (`LLM_DO_MODEL`, API keys, base URLs).
    public var environment: [String: String]
    /// The working directory (base of `filesystem_cwd`).
    public var workingDirectory: String
    /// Named models supplied by the embedding program (e.g. a ``FunctionModel`` under "fn");
    /// a worker's `model: fn` then resolves to it.
    public var models: [String: any Model]
    /// Model factories by provider name, supplied by the embedding program: a worker's
    /// `model: NAME:MODEL` then resolves through the factory under `NAME`, ahead of the
    /// manifest's `providers` and the built-ins (so a factory may replace `openai`).
    public var modelFactories: [String: ModelFactory]
    /// Retries for provider requests.
    public var providerRetries: Int
    /// The id of every run this runtime starts (``CallPath/runID``); nil gives each run a fresh
    /// random id. Set it when the id is chosen outside (a one-shot run's `--run-id`).
    public var runID: String?
    /// Run around every model request and tool call, the first outermost (``RunInterceptor``).
    public var interceptors: [any RunInterceptor]

    /// Options; every one defaults to what the project says (or nothing).
    public init(
        approvalMode: ApprovalMode? = nil, maxDepth: Int? = nil, modelOverride: String? = nil,
        approver: (any Approver)? = nil, events: any EventSink = NullEventSink(), environment: [String: String] = [:],
        workingDirectory: String = FileSystem.currentDirectory(), models: [String: any Model] = [:],
        modelFactories: [String: ModelFactory] = [:], providerRetries: Int = 4, runID: String? = nil,
        interceptors: [any RunInterceptor] = []
    ) {
        self.approvalMode = approvalMode
        self.maxDepth = maxDepth
        self.modelOverride = modelOverride
        self.approver = approver
        self.events = events
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.models = models
        self.modelFactories = modelFactories
        self.providerRetries = providerRetries
        self.runID = runID
        self.interceptors = interceptors
    }
}

/// What a run returns.
public struct RunResult: Sendable {
    /// The entry's output: the final text as a string, or structured output.
    public var output: JSONValue
    /// The entry worker's conversation (empty for a code entry); pass it back as `history`
    /// to continue the conversation.
    public var messages: [Message]
    /// This run's usage.
    public var usage: Usage
    /// This run's usage per worker.
    public var usageByWorker: [String: Usage]
    /// This run's id (the ``CallPath/runID`` of its events).
    public var runID: String
}

/// The process-wide runtime: the current program generation (which carries its approval policy,
/// depth and usage limits), the session's approvals, usage totals and events. Create one per
/// program and run it as often as needed.
///
/// ```swift
/// let program = try ProjectLoader.load(path: "examples/greeter")
/// let runtime = Runtime(program: program, options: RuntimeOptions(modelOverride: "test"))
/// let result = try await runtime.run(input: "Hi")
/// print(result.output)
/// ```
public final class Runtime: Sendable {
    /// The options it was made with.
    public let options: RuntimeOptions
    let gate: ApprovalGate
    let models: ModelResolver
    private let current: Mutex<Program>
    private let totals = Mutex(Usage())

    /// Creates a runtime for a linked program.
    public init(program: Program, options: RuntimeOptions = RuntimeOptions()) {
        self.options = options
        self.current = Mutex(program)
        self.gate = ApprovalGate(approver: options.approver, events: options.events, unattendedReason: options.unattendedReason)
        self.models = ModelResolver(options: options)
    }

    /// The program generation new calls start on.
    public var program: Program { current.withLock { $0 } }

    /// Replaces the program for calls that start from now on; calls already running finish
    /// on the generation they started with.
    public func replaceProgram(_ program: Program) { current.withLock { $0 = program } }

    /// Usage of every run so far.
    public var totalUsage: Usage { totals.withLock { $0 } }

    /// The depth limit of calls that start now (a call keeps its own generation's limit).
    public var maxDepth: Int { CallPolicy(program.manifest.runtime, overrides: options).maxDepth }

    /// Runs the program's entry.
    ///
    /// - Parameters:
    ///   - input: the run's input: a string (the prompt) or an object matching the entry's input
    ///     schema. `nil` uses the manifest's `entry.input`.
    ///   - history: earlier messages of the entry worker's conversation (for chat).
    /// - Returns: the output, the entry's messages and the usage.
    /// - Throws: ``RunError`` and model errors; `CancellationError` when cancelled.
    public func run(input: JSONValue? = nil, history: [Message] = []) async throws -> RunResult {
        let program = self.program
        let run = RunState(id: options.runID ?? CallPath.randomRunID(), limits: program.manifest.runtime.usageLimits)
        let path = run.newCall(parent: nil)
        let input = input ?? program.manifest.entryInput ?? .null
        options.events.emit(.runStarted(RunStartedEvent(path: path, entry: program.entry.name, input: input)))
        do {
            let output: JSONValue
            var messages: [Message] = []
            switch program.entry {
            case .worker(let name):
                guard let spec = program.workers[name] else {
                    throw RunError(.unknownName, "entry worker '\(name)' is not in the program")
                }
                let scope = CallScope(runtime: self, program: program, run: run, path: path, workerName: name, depth: 0)
                let outcome = try await scope.runWorker(spec, input: input, history: history)
                output = outcome.output
                messages = outcome.messages
            case .code(let entry):
                let scope = CallScope(runtime: self, program: program, run: run, path: path, workerName: entry.name, depth: 0)
                output = try await entry.run(input: input, scope: scope)
            }
            let usage = run.usage
            totals.withLock { $0 += usage }
            options.events.emit(.runFinished(RunFinishedEvent(path: path, entry: program.entry.name, output: output, error: nil, usage: usage)))
            return RunResult(output: output, messages: messages, usage: usage, usageByWorker: run.usageByWorker, runID: run.id)
        } catch {
            let usage = run.usage
            totals.withLock { $0 += usage }
            options.events.emit(
                .runFinished(RunFinishedEvent(path: path, entry: program.entry.name, output: nil, error: "\(error)", usage: usage)))
            throw error
        }
    }

    /// Calls one tool of the program directly, outside any worker: no model is asked, but the
    /// call is validated against the tool's schema and approved exactly like a model's call
    /// (`llmdo call`, a plugin author's test harness, or an embedder's own dispatch).
    ///
    /// - Parameters:
    ///   - name: `toolset.tool`, or a bare tool name when exactly one toolset offers it. Any
    ///     toolset of the program: plugins' and the built-ins.
    ///   - arguments: the argument object.
    /// - Returns: the tool's output.
    /// - Throws: ``ToolError`` (`retry` for invalid arguments or a tool asking for a retry,
    ///   `failed`, `denied`), ``RunError`` (`unknownName` with a did-you-mean hint, approval
    ///   unavailable, usage limits), `CancellationError`.
    public func callTool(_ name: String, arguments: JSONValue) async throws -> ToolOutput {
        let program = self.program
        // A run of its own: the caller is the entry (c1), the tool call its child.
        let run = RunState(id: options.runID ?? CallPath.randomRunID(), limits: program.manifest.runtime.usageLimits)
        // A tool that calls a worker (a plugin's call_worker) runs it one level deeper, as from a code entry.
        let scope = CallScope(
            runtime: self, program: program, run: run, path: run.newCall(parent: nil), workerName: "llmdo-call", depth: 0)
        defer {
            let usage = run.usage
            totals.withLock { $0 += usage }
        }
        return try await scope.callTool(name, arguments: arguments)
    }
}

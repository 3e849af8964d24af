import ArgumentParser
import Foundation
import LLMDo

/// `llmdo PROJECT [PROMPT]`: run a project's entry once.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a project's entry with a prompt (the default command).")

    @Argument(help: "The project: a project.json file or a folder containing one.")
    var project: String

    @Argument(help: "The prompt. When omitted: the manifest's entry.input, else stdin if it is not a terminal. With --chat: the first message.")
    var prompt: String?

    @Flag(help: "Chat with the entry worker over several turns; the project reloads when its files change.")
    var chat = false

    @Option(name: .customLong("input-json"), help: "The input as JSON (a string, or an object matching the entry's input schema).")
    var inputJSON: String?

    @Option(help: "Use this model for every worker (provider:model, or test).")
    var model: String?

    @Option(name: .customLong("max-depth"), help: "Maximum worker nesting depth (overrides runtime.max_depth).")
    var maxDepth: Int?

    @Flag(name: .customLong("approve-all"), help: "Approve every gated tool call.")
    var approveAll = false

    @Flag(name: .customLong("reject-all"), help: "Deny every gated tool call.")
    var rejectAll = false

    @Option(name: .customLong("plugin-isolation"), help: "Run every plugin in-process (none) or in a helper process (process), whatever the manifest says.")
    var pluginIsolation: PluginIsolation?

    @Flag(help: "Final output on stdout, events on stderr; never prompt (gated calls fail closed).")
    var headless = false

    @Flag(help: "Print the result, usage and status as one JSON object on stdout.")
    var json = false

    @Flag(name: .short, help: "More detail on stderr: -v tool calls, -vv streamed text, -vvv also every model message as JSON lines.")
    var verbose: Int

    @OptionGroup var log: LogOptions

    @Flag(help: "Show internal details when something fails.")
    var debug = false

    @OptionGroup var tuiOptions: TUIOptions

    @OptionGroup var journalOptions: JournalOptions

    func validate() throws {
        if approveAll, rejectAll { throw ValidationError("--approve-all and --reject-all cannot be combined") }
        if let maxDepth, maxDepth < 1 { throw ValidationError("--max-depth must be at least 1") }
        if let model, let problem = ModelNames.problem(with: model) { throw ValidationError("--model: \(problem)") }
        if prompt != nil, inputJSON != nil { throw ValidationError("give either a prompt or --input-json, not both") }
        if chat, inputJSON != nil || json { throw ValidationError("--chat cannot be combined with --input-json or --json") }
        try tuiOptions.validate(json: json, headless: headless)
        if journalOptions.resume != nil, prompt != nil || inputJSON != nil {
            throw ValidationError("--resume continues the journaled run with its recorded input; leave out the prompt and --input-json")
        }
        if tuiOptions.tui, journalOptions.resume != nil || journalOptions.approvals != nil || journalOptions.directory != nil {
            throw ValidationError("--tui does not keep a journal; --chat does (--journal DIR, --resume FILE)")
        }
        if chat, journalOptions.approvals != nil || !(journalOptions.approve.isEmpty && journalOptions.deny.isEmpty) {
            throw ValidationError("--chat asks for approvals as they come; --approvals, --approve and --deny are for headless runs")
        }
    }

    func run() async throws {
        let signals = RunSignals(json: json)
        let handlers = chat || tuiOptions.tui ? nil : signals.activate()  // a chat routes Ctrl-C per turn
        defer { withExtendedLifetime(handlers) {} }
        let trail = debug ? DebugTrail(passingTo: EventRenderer(verbosity: verbose, showHTTP: log.logHTTP)) : nil
        do {
            try await execute(signals: signals, trail: trail)
        } catch let exit as ExitCode {
            throw exit  // already reported (a chat ended by Ctrl-C)
        } catch let error as ProjectError {
            throw CLIProject.fail(error, project: project, json: json)
        } catch {
            // A run cancelled by a signal ends as that signal says, whatever the cancellation became.
            let failure = signals.received.map(CLIFailure.init(signal:)) ?? CLIFailure(error)
            if json { Terminal.result(failure.json) }
            Terminal.error("error: \(failure.message)\n")
            if let trail { Terminal.error(trail.report(error)) }
            throw ExitCode(failure.code)
        }
    }

    private func execute(signals: RunSignals, trail: DebugTrail?) async throws {
        let program = try await CLIProject.load(project, modelOverride: model, pluginIsolation: pluginIsolation)
        if tuiOptions.tui { return try await runTUI(program) }
        if chat { return try await runChat(program) }
        var options = try runtimeOptions(events: trail ?? EventRenderer(verbosity: verbose, showHTTP: log.logHTTP))
        let session =
            journalOptions.isActive(for: program)
            ? try JournalSession.open(journalOptions, program: program, runtime: options) { try resolveInput(program) }
            : nil
        let input = try session.map(\.input) ?? resolveInput(program)
        if let session {
            options.runID = session.runID
            options.interceptors.append(session.journal)  // innermost: the others see served results as live ones
            options.approver = session.approver
        }
        let runtime = Runtime(program: program, options: options)
        let task = Task { try await runtime.run(input: input) }
        signals.cancellation.target { task.cancel() }
        let result: RunResult
        do {
            result = try await task.value
            if let number = signals.received { throw CLIFailure(signal: number) }  // finished anyway: still the signal's ending
            try session?.finished(result)
        } catch {
            guard let session else { throw error }
            throw session.failed(signals.received.map(CLIFailure.init(signal:)) ?? CLIFailure(error))
        }
        if verbose >= 2 { Terminal.error("\n") }
        if json {
            var document: JSONObject = [
                "status": "ok", "output": result.output, "usage": Self.usageJSON(result.usage), "run_id": .string(result.runID),
            ]
            if let session { document["journal"] = .string(session.path) }
            Terminal.result(.object(document))
        } else {
            let text = result.output.stringValue ?? result.output.prettyJSONText
            Terminal.output(text.hasSuffix("\n") ? text : text + "\n")
        }
    }

    /// The runtime settings from the command line; a chat uses the same ones, and the terminal
    /// approver unless given another (the full-screen interface's).
    func runtimeOptions(events: any EventSink, approver: (any Approver)? = nil) throws -> RuntimeOptions {
        let environment = ProcessInfo.processInfo.environment
        var options = RuntimeOptions(
            approvalMode: approveAll ? .approveAll : rejectAll ? .rejectAll : nil,
            maxDepth: maxDepth, modelOverride: model,
            approver: approver ?? (headless ? nil : TerminalApprover.openTerminal()), events: events,
            environment: environment)
        if let messageLog = try log.messageLog(verbose: verbose, environment: environment) { options.interceptors.append(messageLog) }
        if headless { options.unattendedReason = "--headless was given, so nobody is asked" }
        return options
    }

    /// The run's input: --input-json, the prompt argument, the manifest's entry.input, or stdin
    /// (only when none of those is given and stdin is not a terminal).
    func resolveInput(_ program: Program) throws -> JSONValue? {
        let cliInput: JSONValue?
        if let inputJSON {
            do { cliInput = try JSONValue(parsing: inputJSON) } catch {
                throw CLIFailure(message: "--input-json is not valid JSON: \(error)", code: ExitStatus.usage)
            }
        } else if let prompt {
            cliInput = .string(prompt)
        } else if program.manifest.entryInput == nil, !Terminal.stdinIsTTY, program.manifest.allowCLIInput {
            // stdin is the last resort, as in llm-do: a default input means it is never waited on.
            let text = Terminal.readStandardInput().trimmingCharacters(in: .whitespacesAndNewlines)
            cliInput = text.isEmpty ? nil : .string(text)
        } else {
            cliInput = nil
        }
        if cliInput != nil, !program.manifest.allowCLIInput {
            throw CLIFailure(
                message: "this project does not accept input from the command line (allow_cli_input is false in \(program.manifest.path)); its input comes from entry.input",
                code: ExitStatus.usage)
        }
        // A code entry decides for itself what input it needs; with none given it gets `{}`.
        if case .code = program.entry, cliInput == nil, program.manifest.entryInput == nil { return .object([:]) }
        guard let input = cliInput ?? program.manifest.entryInput else {
            throw CLIFailure(
                message: "no input: give a prompt (llmdo \(project) \"…\"), pipe one on stdin, use --input-json, or set entry.input in the manifest",
                code: ExitStatus.usage)
        }
        return input
    }

    static func usageJSON(_ usage: Usage) -> JSONValue {
        [
            "requests": .int(Int64(usage.requests)), "tool_calls": .int(Int64(usage.toolCalls)),
            "input_tokens": .int(Int64(usage.inputTokens)), "output_tokens": .int(Int64(usage.outputTokens)),
            "cache_creation_tokens": .int(Int64(usage.cacheCreationTokens)),
            "cache_read_tokens": .int(Int64(usage.cacheReadTokens)),
        ]
    }
}

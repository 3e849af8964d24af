import ArgumentParser
import Foundation
import LLMDo

/// `llmdo call TARGET TOOL 'ARGS'`: one tool call, no model. A plugin author's test harness,
/// and a stabilization check (the same input through a worker and through the plugin).
///
/// Exit status: 0 the tool succeeded; 1 it failed (a tool error, a denied approval, a run
/// error); 2 the call itself is wrong (arguments that are not a JSON object or violate the
/// schema, a tool asking for a retry, an unknown tool, a project or plugin that does not load);
/// 130 interrupted.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call one tool of a plugin or project with JSON arguments, without a model.",
        discussion: """
            llmdo call examples/text_stats/libtext_stats.so text_stats.repeat '{"text": "ab"}'
            llmdo call examples/file_organizer filesystem_project.read_file '{"path": "README.md"}'
            Exit status: 0 ok, 1 the tool failed, 2 the call is wrong (bad or invalid arguments, unknown tool).
            """)

    @Argument(help: "A plugin (.so file) or a project (project.json or its folder).")
    var target: String

    @Argument(help: "The tool: toolset.function, or a function name only one toolset offers.")
    var tool: String

    @Argument(help: "The arguments: a JSON object (default {}).")
    var arguments: String = "{}"

    @Option(help: "Use this model for workers a tool calls (provider:model, or test).")
    var model: String?

    @Flag(name: .customLong("approve-all"), help: "Approve every gated call.")
    var approveAll = false

    @Flag(name: .customLong("reject-all"), help: "Deny every gated call.")
    var rejectAll = false

    @Flag(help: "Never prompt (gated calls fail closed).")
    var headless = false

    @Flag(help: #"Print one JSON object: {"status": "ok", "output": …} or {"status": "error"|"retry", "error": …}."#)
    var json = false

    @Flag(name: .short, help: "More detail on stderr (-v: tool calls and approvals).")
    var verbose: Int

    @Flag(help: "Show internal details when something fails.")
    var debug = false

    func validate() throws {
        if approveAll, rejectAll { throw ValidationError("--approve-all and --reject-all cannot be combined") }
        if let model, let problem = ModelNames.problem(with: model) { throw ValidationError("--model: \(problem)") }
    }

    func run() async throws {
        let signals = RunSignals(json: json)
        let handlers = signals.activate()
        defer { withExtendedLifetime(handlers) {} }
        let outcome: CallOutcome
        let trail = debug ? DebugTrail(passingTo: EventRenderer(verbosity: verbose)) : nil
        do {
            outcome = .ok(try await execute(signals: signals, trail: trail))
        } catch let error as ProjectError {
            Terminal.error(CLIProject.report(error, project: target))
            outcome = .error(error.description, ExitStatus.usage)
        } catch {
            outcome = CallOutcome(error)
            Terminal.error("error: \(outcome.message)\n")
            if let trail { Terminal.error(trail.report(error)) }
        }
        if json {
            Terminal.result(outcome.json)
        } else if case .ok(let output) = outcome {
            let text: String
            switch output {
            case .text(let plain): text = plain
            case .json(let value): text = value.prettyJSONText
            }
            Terminal.output(text.hasSuffix("\n") || text.isEmpty ? text : text + "\n")
        }
        if outcome.code != 0 { throw ExitCode(outcome.code) }
    }

    private func execute(signals: RunSignals, trail: DebugTrail?) async throws -> ToolOutput {
        let parsed: JSONValue
        do {
            parsed = try JSONValue(parsing: arguments)
        } catch {
            throw CLIFailure(message: "the arguments are not valid JSON: \(error)", code: ExitStatus.usage)
        }
        guard case .object = parsed else {
            throw CLIFailure(message: "the arguments must be a JSON object, like '{\"text\": \"hi\"}'; got \(parsed.jsonText)", code: ExitStatus.usage)
        }
        let program = try await loadProgram()
        let options = RuntimeOptions(
            approvalMode: approveAll ? .approveAll : rejectAll ? .rejectAll : nil, modelOverride: model,
            approver: headless ? nil : TerminalApprover.openTerminal(), events: trail ?? EventRenderer(verbosity: verbose),
            environment: ProcessInfo.processInfo.environment)
        let runtime = Runtime(program: program, options: options)
        let task = Task { try await runtime.callTool(tool, arguments: parsed) }
        signals.cancellation.target { task.cancel() }
        return try await task.value
    }

    /// Loads on the blocking pool: `dlopen` and the plugin's `init` must not block the cooperative pool.
    private func loadProgram() async throws(ProjectError) -> Program {
        guard let file = ProjectPath.pluginFile(target) else { return try await CLIProject.load(target, modelOverride: model, models: .skip) }
        return try await BlockingPool.current.runToCompletion {
            Result { () throws(ProjectError) in
                try ProjectLoader.loadPlugin(path: file, workingDirectory: FileSystem.currentDirectory())
            }
        }.get()
    }
}

/// How a `llmdo call` ended: its status word, message and exit code.
private enum CallOutcome {
    case ok(ToolOutput)
    case retry(String)
    case error(String, Int32)

    init(_ error: any Error) {
        switch error {
        case let tool as ToolError where tool.kind == .retry: self = .retry(tool.message)
        case let tool as ToolError: self = .error(tool.message, ExitStatus.runFailure)
        case let run as RunError where run.kind == .unknownName: self = .error(run.message, ExitStatus.usage)
        default:
            let failure = CLIFailure(error)
            self = .error(failure.message, failure.code)
        }
    }

    var code: Int32 {
        switch self {
        case .ok: return 0
        case .retry: return ExitStatus.usage
        case .error(_, let code): return code
        }
    }

    var message: String {
        switch self {
        case .ok: return ""
        case .retry(let message), .error(let message, _): return message
        }
    }

    var json: JSONValue {
        switch self {
        case .ok(let output): return ["status": "ok", "output": output.jsonValue]
        case .retry(let message): return ["status": "retry", "error": .string(message)]
        case .error(let message, let code):
            return ["status": code == ExitStatus.interrupted ? "interrupted" : "error", "error": .string(message)]
        }
    }
}

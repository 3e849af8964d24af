import ArgumentParser
import LLMDo

/// `llmdo replay FILE`: re-runs a journaled run offline. Model responses come from the journal;
/// tools run again and each result is compared with the recorded one (the stabilization check
/// after moving a capability from a worker into a plugin), or are served too (`--tools recorded`).
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-run a journaled run offline and report every tool call whose result changed.")

    enum ToolsMode: String, ExpressibleByArgument, CaseIterable {
        /// Run the tools again and compare.
        case execute
        /// Serve the recorded results (a pure replay of the recording).
        case recorded
    }

    @Argument(help: "The journal: a DIR/<run-id>.jsonl written by --journal.")
    var journal: String

    @Option(help: "The project to replay against (default: the one the journal names).")
    var project: String?

    @Option(help: "execute: run the tools again and compare (default); recorded: serve their recorded results.")
    var tools: ToolsMode = .execute

    @Option(name: .customLong("plugin-isolation"), help: "Run every plugin in-process (none) or in a helper process (process), whatever the manifest says.")
    var pluginIsolation: PluginIsolation?

    @Flag(help: "Print the differences as one JSON object on stdout.")
    var json = false

    @Flag(name: .short, help: "More detail on stderr: -v tool calls.")
    var verbose: Int

    @Flag(help: "Show internal details when something fails.")
    var debug = false

    func run() async throws {
        let contents: JournalContents
        do {
            contents = try JournalContents.read(path: journal)
        } catch {
            throw report(CLIFailure(error))
        }
        guard !contents.header.chat else {
            throw report(CLIFailure(message: "\(journal) is the journal of a chat session; replay reads one-shot runs' journals", code: ExitStatus.usage))
        }
        let projectPath = project ?? contents.header.project
        let program: Program
        do {
            // No model is asked: every worker gets the test model, which the journal stands in for.
            program = try await CLIProject.load(projectPath, modelOverride: "test", pluginIsolation: pluginIsolation)
        } catch {
            throw CLIProject.fail(error, project: projectPath, json: json)
        }
        let replay = RunJournal(mode: .replay(executeTools: tools == .execute), writer: nil, contents: contents)
        let options = RuntimeOptions(
            modelOverride: "test", approver: JournalApprover(base: nil, journal: replay), events: EventRenderer(verbosity: verbose),
            runID: contents.header.runID, interceptors: [replay])
        let result: RunResult
        do {
            result = try await Runtime(program: program, options: options).run(input: contents.header.input)
        } catch {
            throw report(CLIFailure(error))
        }
        let differences = replay.differences
        let recordedOutput = contents.records.reduce(nil as JSONValue?) { last, record in
            if case .end(_, let output?, _) = record { return output }
            return last
        }
        let outputChanged = recordedOutput.map { $0 != result.output } ?? false
        if json {
            Terminal.result([
                "status": differences.isEmpty && !outputChanged ? "same" : "changed", "run_id": .string(contents.header.runID),
                "differences": .array(differences.map(Self.json)), "output": result.output,
                "recorded_output": recordedOutput ?? .null,
            ])
        } else {
            Terminal.output(Self.text(differences, outputChanged: outputChanged, recorded: recordedOutput, replayed: result.output))
        }
        if !differences.isEmpty || outputChanged { throw ExitCode(ExitStatus.runFailure) }
    }

    private func report(_ failure: CLIFailure) -> ExitCode {
        if json { Terminal.result(failure.json) }
        Terminal.error("error: \(failure.message)\n")
        return ExitCode(failure.code)
    }

    static func json(_ difference: ReplayDifference) -> JSONValue {
        [
            "call_id": .string(difference.call), "worker": .string(difference.worker), "tool": .string(difference.tool),
            "recorded": difference.recorded.map(JSONValue.string) ?? .null, "replayed": .string(difference.replayed),
        ]
    }

    static func text(_ differences: [ReplayDifference], outputChanged: Bool, recorded: JSONValue?, replayed: JSONValue) -> String {
        var text = ""
        for difference in differences {
            text += "call \(difference.call): tool '\(difference.tool)' (worker '\(difference.worker)')\n"
            text += "  recorded: \(difference.recorded ?? "(no result in the journal)")\n"
            text += "  replayed: \(difference.replayed)\n"
        }
        if outputChanged, let recorded {
            text += "final output\n  recorded: \(recorded.stringValue ?? recorded.jsonText)\n  replayed: \(replayed.stringValue ?? replayed.jsonText)\n"
        }
        if differences.isEmpty, !outputChanged { return "replay matches the journal\n" }
        let count = differences.count
        return text + "\(count) tool call\(count == 1 ? "" : "s") changed\(outputChanged ? ", and the final output" : "")\n"
    }
}

import LLMDo

/// A multi-turn conversation with a project's entry worker, in a terminal or over a pipe.
///
/// Each message is one run of the entry whose history is the conversation so far
/// (``RunResult/messages`` passed back as `history`). Slash commands are handled here; the
/// project is reloaded when its files change (``ProjectWatcher``), so the next turn runs the
/// new version while the conversation continues.
struct ChatSession {
    let runtime: Runtime
    let watcher: ProjectWatcher
    let input: any ChatInput
    let renderer: any ChatDisplay
    let interrupts: TurnInterrupts
    /// Where answers and command output go (stdout in the CLI).
    let output: (String) -> Void
    /// The session's journal, when it keeps one (``ChatJournal``).
    let journal: ChatJournal?
    /// The entry worker's conversation so far.
    private(set) var history: [Message] = []

    static let prompt = "> "

    init(
        runtime: Runtime, watcher: ProjectWatcher, input: any ChatInput, renderer: any ChatDisplay,
        interrupts: TurnInterrupts, journal: ChatJournal? = nil, output: @escaping (String) -> Void
    ) {
        self.journal = journal
        self.runtime = runtime
        self.watcher = watcher
        self.input = input
        self.renderer = renderer
        self.interrupts = interrupts
        self.output = output
    }

    /// Runs until `/exit`, Ctrl-D, the end of piped input, or Ctrl-C at an empty prompt.
    ///
    /// - Parameter firstMessage: sent before anything is read (the command line's prompt).
    /// - Returns: the exit status: 0, or 130 after Ctrl-C at the prompt.
    mutating func run(firstMessage: String?) async -> Int32 {
        await restore()
        if let firstMessage { await turn(firstMessage) }
        let status = await converse()
        journaled { try $0.end(status: status == 0 ? "exit" : "interrupted") }
        return status
    }

    private mutating func converse() async -> Int32 {
        while true {
            switch await input.read(prompt: Self.prompt) {
            case .endOfInput: return 0
            case .interrupt: return ExitStatus.interrupted
            case .text(let text):
                if let command = SlashCommand(line: text) {
                    if command == .exit { return 0 }
                    await perform(command)
                } else if !text.allSatisfy(\.isWhitespace) {
                    await turn(text)
                }
            }
        }
    }

    /// On a resume, runs the journal's turns again from what it recorded, which rebuilds the
    /// conversation without asking the model or running a tool; a turn that was cut off
    /// continues live and its answer is shown. Failed and cancelled turns left the
    /// conversation as it was, so they are skipped.
    private mutating func restore() async {
        for recorded in journal?.recordedTurns ?? [] where recorded.status == nil || recorded.status == "ok" {
            journal?.resumeTurn(recorded)
            if recorded.status == nil {
                await turn(recorded.input, begun: true)
                continue
            }
            do {
                history = try await runtime.run(input: .string(recorded.input), history: history).messages
            } catch {
                renderer.notice("error: turn \(recorded.number) of the journal could not be restored: \(CLIFailure(error).message)")
                return
            }
        }
    }

    /// One turn: runs the entry in a task Ctrl-C can cancel; the conversation grows only when
    /// the turn completes. `begun`: the journal already has the turn (a resume).
    private mutating func turn(_ text: String, begun: Bool = false) async {
        if !begun { journaled { try $0.beginTurn(text) } }
        renderer.beginTurn(text)
        let cancellation = interrupts.begin()
        let task = Task { [runtime, history] in try await runtime.run(input: .string(text), history: history) }
        cancellation.target { task.cancel() }
        let result = await task.result
        let interrupted = interrupts.end()
        defer { renderer.endTurn() }
        switch result {
        case .success(let run):
            journaled { try $0.end(status: "ok", output: run.output) }
            history = run.messages
            output(renderer.answerText(run.output))
        case .failure(let error):
            let cancelled = interrupted || error is CancellationError
            let message = CLIFailure(error).message
            journaled { try $0.end(status: cancelled ? "interrupted" : "error", error: message) }
            renderer.notice(cancelled ? "(turn cancelled)" : "error: \(message)")
        }
    }

    /// Writes to the journal, if any; a failure is shown, and the session goes on.
    private func journaled(_ write: (ChatJournal) throws -> Void) {
        guard let journal else { return }
        do {
            try write(journal)
        } catch {
            renderer.notice("error: \(CLIFailure(error).message)")
        }
    }

    private func perform(_ command: SlashCommand) async {
        switch command {
        case .exit: break
        case .help: output(SlashCommand.helpText)
        case .usage: output(Self.describe(runtime.totalUsage) + "\n")
        case .history: output(ConversationText.render(history))
        case .reload:
            do {
                let report = try await watcher.reload()
                output("reloaded: \(ReloadEvent(report: report).summary)\n")
            } catch {
                output("reload failed; the previous version keeps serving:\n\(error.description)\n")
            }
        case .unknown(let name): output("unknown command \(name); /help lists the commands\n")
        }
    }

    static func describe(_ usage: Usage) -> String {
        "\(usage.requests) request\(usage.requests == 1 ? "" : "s"), \(usage.toolCalls) tool call\(usage.toolCalls == 1 ? "" : "s"), "
            + "\(usage.inputTokens) input + \(usage.outputTokens) output tokens"
            + (usage.cacheReadTokens > 0 || usage.cacheCreationTokens > 0
                ? " (cache: \(usage.cacheReadTokens) read, \(usage.cacheCreationTokens) written)" : "")
    }
}

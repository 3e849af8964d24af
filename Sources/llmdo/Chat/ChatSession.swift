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
    /// The entry worker's conversation so far.
    private(set) var history: [Message] = []

    static let prompt = "> "

    init(
        runtime: Runtime, watcher: ProjectWatcher, input: any ChatInput, renderer: any ChatDisplay,
        interrupts: TurnInterrupts, output: @escaping (String) -> Void
    ) {
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
        if let firstMessage { await turn(firstMessage) }
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

    /// One turn: runs the entry in a task Ctrl-C can cancel; the conversation grows only when
    /// the turn completes.
    private mutating func turn(_ text: String) async {
        renderer.beginTurn(text)
        let cancellation = interrupts.begin()
        let task = Task { [runtime, history] in try await runtime.run(input: .string(text), history: history) }
        cancellation.target { task.cancel() }
        let result = await task.result
        let interrupted = interrupts.end()
        defer { renderer.endTurn() }
        switch result {
        case .success(let run):
            history = run.messages
            output(renderer.answerText(run.output))
        case .failure(let error):
            if interrupted || error is CancellationError {
                renderer.notice("(turn cancelled)")
            } else {
                renderer.notice("error: \(CLIFailure(error).message)")
            }
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

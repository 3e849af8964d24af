import ArgumentParser
import LLMDo

extension RunCommand {
    /// `llmdo PROJECT --chat [MESSAGE]`: a chat session with hot reload. On a terminal the
    /// line editor reads messages; otherwise stdin gives one message per line and each answer
    /// goes to stdout. With a journal, the session is recorded, and a resumed one first
    /// restores the journal's conversation (``ChatSession``).
    func runChat(_ program: Program) async throws {
        try Self.checkCanChat(program)
        let interactive = Terminal.stdinIsTTY && Terminal.stdoutIsTTY
        let renderer = ChatRenderer(interactive: interactive, verbosity: verbose, showHTTP: log.logHTTP)
        var options = try runtimeOptions(events: renderer)
        let journal = journalOptions.isActive(for: program) ? try ChatJournal.open(journalOptions, program: program) : nil
        if let journal {
            options.runID = journal.runID
            options.interceptors.append(journal)  // innermost, as in a one-shot run
        }
        let runtime = Runtime(program: program, options: options)
        let watcher = ProjectWatcher(runtime: runtime, projectPath: project, pluginIsolation: pluginIsolation)
        watcher.start()
        defer { watcher.stop() }
        let interrupts = TurnInterrupts()
        let route = interrupts.routeSignals()
        if interactive { Terminal.error("chat with \(program.entry.name); /help for commands, /exit or Ctrl-D to leave\n") }
        var session = ChatSession(
            runtime: runtime, watcher: watcher, input: interactive ? TerminalInput() : PipedInput(), renderer: renderer,
            interrupts: interrupts, journal: journal, output: { Terminal.output($0) })
        let status = await session.run(firstMessage: prompt)
        withExtendedLifetime(route) {}
        if status != 0 { throw ExitCode(status) }
    }

    /// Refuses a project a chat cannot talk to: no command-line input, or a code entry.
    static func checkCanChat(_ program: Program) throws {
        guard program.manifest.allowCLIInput else {
            throw CLIFailure(
                message: "this project does not accept input from the command line (allow_cli_input is false in \(program.manifest.path)), so it cannot chat",
                code: ExitStatus.usage)
        }
        guard case .worker = program.entry else {
            throw CLIFailure(message: "--chat needs an entry worker; this project's entry is code", code: ExitStatus.usage)
        }
    }
}

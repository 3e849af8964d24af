import ArgumentParser
import Foundation
import LLMDo
import LLMDoTUI
import Synchronization

extension RunCommand {
    /// `llmdo PROJECT --tui [--chat] [PROMPT]`: the full-screen interface. With `--chat` it is a
    /// chat session (the same ``ChatSession`` as line mode); alone it runs the entry once,
    /// keeps the result on screen until a key, and then prints the output to stdout as a plain
    /// run does, so it can still be piped.
    func runTUI(_ program: Program) async throws {
        if chat { try Self.checkCanChat(program) }
        // Reading stdin and reporting bad input belong to the plain terminal, before the screen is up.
        let input = chat ? nil : try resolveInput(program)
        guard let inbox = TUIInbox() else {
            throw CLIFailure(message: "cannot start the interface: no pipe (\(String(cString: strerror(errno))))", code: ExitStatus.runFailure)
        }
        let display = TUIDisplay(inbox: inbox)
        let runtime = Runtime(program: program, options: try runtimeOptions(events: display, approver: TUIApprover(inbox: inbox)))
        let lines = TUIChatInput()
        let quitting = TUIQuitFlag()
        // A second Ctrl+C (or a confirmed quit) in a turn that has not ended yet ends the process.
        let interrupts = TurnInterrupts { if quitting.isSet { Foundation.exit(ExitStatus.interrupted) } }
        let cancellation = DeferredCancel()
        let chat = chat
        let actions = TUIActions(
            submit: { text in
                guard chat else { return inbox.post(.output("this run takes one prompt; --tui --chat keeps a conversation", error: true)) }
                lines.send(text)
            },
            interrupt: { chat ? interrupts.interrupt() : cancellation.request() },
            quit: { running in
                quitting.set()
                lines.end()
                if running { chat ? interrupts.interrupt() : cancellation.request() }
            })
        guard let terminal = TUITerminal.enter() else {
            throw CLIFailure(message: "--tui needs a terminal, and this process has none (/dev/tty cannot be opened)", code: ExitStatus.usage)
        }
        let app = TUIApp(
            terminal: terminal, inbox: inbox, header: header(program), actions: actions,
            palette: Palette(environment: ProcessInfo.processInfo.environment))
        app.start()
        let route = SignalPipe.shared.route(RunSignals.handled + [SIGWINCH]) { number in
            switch number {
            case SIGWINCH: inbox.post(.resize)
            case SIGINT: actions.interrupt()
            default:
                // SIGTERM, SIGHUP: the terminal first, then the ending a plain run reports.
                let ending = RunSignals.ending(number)
                TUITerminal.restore()
                Terminal.error("error: \(ending.message)\n")
                Foundation.exit(ending.code)
            }
        }
        var outcome: Result<String, any Error> = .success("")
        if let input {
            outcome = await runOnce(runtime, input: input, display: display, cancellation: cancellation, lines: lines)
        } else {
            let watcher = ProjectWatcher(runtime: runtime, projectPath: project, pluginIsolation: pluginIsolation)
            watcher.start()
            var session = ChatSession(
                runtime: runtime, watcher: watcher, input: lines, renderer: display, interrupts: interrupts,
                output: { inbox.post(.output($0, error: false)) })
            let status = await session.run(firstMessage: prompt)
            watcher.stop()
            if status != 0 { outcome = .failure(ExitCode(status)) }
        }
        let captured = await app.stop()
        TUITerminal.restore()
        withExtendedLifetime(route) {}
        if !captured.isEmpty { Terminal.error(captured) }
        let output = try outcome.get()
        if !output.isEmpty { Terminal.output(output.hasSuffix("\n") ? output : output + "\n") }
    }

    /// The one run of `--tui` without `--chat`: its output (printed after the screen is gone),
    /// once a key was pressed, or its error.
    private func runOnce(
        _ runtime: Runtime, input: JSONValue, display: TUIDisplay, cancellation: DeferredCancel, lines: TUIChatInput
    ) async -> Result<String, any Error> {
        display.beginTurn(input.stringValue ?? input.prettyJSONText)
        let task = Task { try await runtime.run(input: input) }
        cancellation.target { task.cancel() }
        let result = await task.result
        display.endTurn()
        switch result {
        case .success(let run): _ = display.answerText(run.output)
        case .failure(let error): display.notice("error: \(CLIFailure(error).message)")
        }
        display.inbox.post(.finished("finished: any key leaves (the output then goes to stdout)"))
        _ = await lines.read(prompt: "")  // a key, or a quit
        return result.map { $0.output.stringValue ?? $0.output.prettyJSONText }
    }

    private func header(_ program: Program) -> TUIHeader {
        let url = URL(fileURLWithPath: project)
        let name = url.pathExtension == "json" ? url.deletingLastPathComponent().lastPathComponent : url.lastPathComponent
        let entryModel = program.workers[program.entry.name]?.model
        return TUIHeader(project: name, entry: program.entry.name, model: model ?? entryModel ?? "?")
    }
}

/// Whether the operator asked to leave (set once, read from any thread).
final class TUIQuitFlag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var isSet: Bool { state.withLock { $0 } }
}

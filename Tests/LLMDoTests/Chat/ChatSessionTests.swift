import Foundation
import Synchronization
import Testing
@testable import LLMDo
@testable import llmdo

/// The chat loop in-process: turns, history, and Ctrl-C cancelling a turn.
@Suite struct ChatSessionTests {
    /// Chat input from a list; `/exit` once the list runs out.
    final class ScriptedInput: ChatInput, Sendable {
        private let lines: Mutex<[String]>
        init(_ lines: [String]) { self.lines = Mutex(lines) }
        func read(prompt: String) async -> ChatLine {
            .text(lines.withLock { $0.isEmpty ? "/exit" : $0.removeFirst() })
        }
    }

    final class Collected: Sendable {
        private let text = Mutex("")
        func append(_ more: String) { text.withLock { $0 += more } }
        var value: String { text.withLock { $0 } }
    }

    @Test func ctrlCCancelsTheTurnAndTheChatGoesOn() async throws {
        let started = Signal()
        let model = FunctionModel { request in
            if request.messages.last?.text == "slow" {
                started.fire()
                try await Task.sleep(for: .seconds(60))
            }
            return .text("answer to \(request.messages.last?.text ?? "")")
        }
        let fixture = try EchoPromptProject(model: model)
        let interrupts = TurnInterrupts(exitProcess: { Issue.record("Ctrl-C during a turn must not end the chat") })
        let output = Collected()
        var session = ChatSession(
            runtime: fixture.runtime, watcher: ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root),
            input: ScriptedInput(["slow", "fast", "/history"]), renderer: ChatRenderer(interactive: false, verbosity: 0),
            interrupts: interrupts, output: output.append)
        let interrupter = Task {
            await started.wait()
            interrupts.interrupt()
        }
        let status = await session.run(firstMessage: nil)
        await interrupter.value
        #expect(status == 0)
        #expect(output.value == "answer to fast\nyou: fast\nassistant: answer to fast\n")
        #expect(session.history.count == 2)
    }

    @Test func ctrlCWithNoTurnRunningEndsTheProcess() {
        let exited = Mutex(false)
        let interrupts = TurnInterrupts(exitProcess: { exited.withLock { $0 = true } })
        let cancellation = interrupts.begin()
        interrupts.interrupt()  // before the turn's task exists: it is cancelled once it does
        #expect(!exited.withLock { $0 })
        let cancelled = Mutex(false)
        cancellation.target { cancelled.withLock { $0 = true } }
        #expect(cancelled.withLock { $0 })
        interrupts.interrupt()  // a second Ctrl-C in the same turn
        #expect(exited.withLock { $0 })
        #expect(interrupts.end())
    }

    @Test func reloadCommandSwapsThePromptForTheNextTurn() async throws {
        let fixture = try EchoPromptProject()
        let output = Collected()
        let input = ScriptedInput(["one", "/reload", "two", "/usage"])
        var session = ChatSession(
            runtime: fixture.runtime, watcher: ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root),
            input: input, renderer: ChatRenderer(interactive: false, verbosity: 0), interrupts: TurnInterrupts(),
            output: output.append)
        try fixture.project.write("main.worker", EchoPromptProject.worker("v2"))
        _ = await session.run(firstMessage: "zero")
        #expect(output.value.hasPrefix("v1\nv1\nreloaded: generation 2: main.worker changed; reloaded worker main\nv2\n3 requests"))
        #expect(session.history.count == 6)
    }
}

import LLMDo
import Synchronization

/// Renders a chat session's events. On a terminal the entry worker's text streams to stdout as
/// it arrives and tool calls and results show as one compact line each on stderr; piped, only
/// the final answers reach stdout. Warnings, reloads seen on disk, and whatever the verbosity
/// asks for go to stderr either way.
final class ChatRenderer: EventSink {
    let interactive: Bool
    private let base: EventRenderer
    private let state = Mutex(TurnOutput())

    /// What this turn has written to stdout so far.
    private struct TurnOutput {
        var streamed = false
        /// The last streamed text did not end a line.
        var midLine = false
    }

    init(interactive: Bool, verbosity: Int, showHTTP: Bool = false) {
        self.interactive = interactive
        self.base = EventRenderer(verbosity: verbosity, showHTTP: showHTTP)
    }

    /// Starts a turn; returns nothing streamed yet.
    func beginTurn() { state.withLock { $0 = TurnOutput() } }

    /// Whether the answer was streamed (else the chat prints it when the turn ends), and
    /// whether a newline is still owed after it.
    var turnOutput: (streamed: Bool, midLine: Bool) { state.withLock { ($0.streamed, $0.midLine) } }

    func emit(_ event: RuntimeEvent) {
        switch event {
        case .textDelta(let delta) where interactive && delta.depth == 0:
            state.withLock { state in
                state.streamed = true
                if let last = delta.text.last { state.midLine = last != "\n" }
            }
            Terminal.output(delta.text)
        case .toolCall(let call) where interactive:
            notice("\(indent(call.depth))→ \(call.call.name)(\(EventRenderer.truncate(call.call.arguments.json.jsonText, 80)))")
        case .toolResult(let result) where interactive:
            let marker = result.result.isError ? "✗" : "←"
            notice("\(indent(result.depth))\(marker) \(result.result.toolName): \(EventRenderer.truncate(result.result.content, 80))")
        case .reload(let reload):
            // Failures arrive as warnings with the whole error; /reload prints its own outcome.
            if reload.succeeded, reload.report.trigger != .manual { notice("↻ \(reload.summary)") }
        default:
            if let line = base.render(event) { Terminal.error(line) }
        }
    }

    /// A line on stderr, after a newline if streamed text left the cursor mid-line.
    func notice(_ line: String) {
        let owed = state.withLock { state in
            defer { state.midLine = false }
            return state.midLine
        }
        Terminal.error((owed ? "\n" : "") + line + "\n")
    }

    private func indent(_ depth: Int) -> String { String(repeating: "  ", count: depth + 1) }
}

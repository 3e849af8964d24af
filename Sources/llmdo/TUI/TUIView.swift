import Foundation
import LLMDo
import LLMDoTUI

/// The interface's state, owned by its thread: the conversation, the message being typed, the
/// approvals waiting, the header's figures; keys and messages in, frames out.
struct TUIView {
    private enum Mode {
        case input
        /// `d` in the approval panel: the optional reason for the model.
        case reason(LineEditor)
        /// Ctrl+Q while a turn runs.
        case confirmQuit
        /// The one run ended; any key leaves.
        case finished
    }

    private struct PendingApproval {
        var id: Int
        var request: ApprovalRequest
        var answer: @Sendable (ApprovalDecision?) -> Void
    }

    private let header: TUIHeader
    private let actions: TUIActions
    private var diff: ScreenDiff
    private var transcript: Transcript
    private var editor = LineEditor()
    private var mode = Mode.input
    private var approvals: [PendingApproval] = []
    private var panel: ApprovalPanel?
    private var withdrawn: Set<Int> = []
    /// Approval requests asked and not yet decided (parallel calls queue behind the shown one).
    private var undecided = 0
    private var running = false
    private var turnStarted: ContinuousClock.Instant?
    private var usage = Usage()
    private var models: [String] = []
    private var generation = 1
    private var scroll = 0
    private var status = Row("")
    private var display = Transcript.Display()
    private var size = (columns: 80, rows: 24)
    private(set) var gone = false

    init(header: TUIHeader, actions: TUIActions, palette: Palette, size: (columns: Int, rows: Int)) {
        self.header = header
        self.actions = actions
        diff = ScreenDiff(palette: palette)
        transcript = Transcript(width: size.columns)
        models = [header.model]
        self.size = size
    }

    // MARK: - Messages

    mutating func receive(_ message: TUIMessage) {
        switch message {
        case .event(let event):
            note(event)
            transcript.apply(event)
        case .beginTurn(let text):
            transcript.beginTurn(text)
            scroll = 0
        case .answer(let text):
            transcript.showAnswer(text)
        case .output(let text, let error):
            var text = text
            while text.hasSuffix("\n") { text.removeLast() }
            if !text.isEmpty { transcript.note(text, tone: error ? .error : .plain) }
        case .running(let isRunning):
            running = isRunning
            turnStarted = isRunning ? .now : nil
            if !isRunning {
                undecided = 0
                if case .confirmQuit = mode { mode = .input }
            }
        case .approval(let id, let request, let answer):
            if withdrawn.remove(id) != nil { return answer(nil) }
            approvals.append(PendingApproval(id: id, request: request, answer: answer))
            showNextApproval()
        case .approvalWithdrawn(let id):
            guard let index = approvals.firstIndex(where: { $0.id == id }) else {
                withdrawn.insert(id)  // cancelled before it arrived
                return
            }
            approvals.remove(at: index).answer(nil)
            if index == 0 {
                panel = nil
                if case .reason = mode { mode = .input }
                showNextApproval()
            }
        case .finished(let text):
            mode = .finished
            status = Row(text, .status)
        case .resize:
            diff.invalidate()
        case .stop:
            break
        }
    }

    /// The header's figures from the events.
    private mutating func note(_ event: RuntimeEvent) {
        switch event {
        case .usage(let event):
            usage.requests += 1
            usage.inputTokens += event.usage.inputTokens
            usage.outputTokens += event.usage.outputTokens
        case .modelRequest(let request) where !models.contains(request.model):
            if models == [header.model], header.model == "?" { models = [] }
            models.append(request.model)
        case .reload(let reload) where reload.succeeded:
            generation = reload.report.generation
        case .approvalRequested:
            undecided += 1
        case .approvalDecided:
            undecided = max(0, undecided - 1)
        default:
            break
        }
    }

    /// Text written to stdout or stderr while the screen is up: its last line shows in the status row.
    mutating func captured(_ text: String) {
        let line = text.split(separator: "\n").last.map(String.init) ?? ""
        if !line.isEmpty { status = Row("stderr: " + TextWidth.inert(line, keepNewlines: false), .warning) }
    }

    /// The terminal went away (closed, hung up): leave as after a confirmed quit.
    mutating func terminalGone() {
        guard !gone else { return }
        gone = true
        actions.quit(running)
    }

    /// Answers every approval still waiting with nil (the interface is going away).
    mutating func withdrawAll() {
        for approval in approvals { approval.answer(nil) }
        approvals = []
        panel = nil
    }

    private mutating func showNextApproval() {
        guard panel == nil, let next = approvals.first else { return }
        panel = ApprovalPanel(request: next.request, queued: 0)
    }

    private mutating func decide(_ decision: ApprovalDecision) {
        guard !approvals.isEmpty else { return }
        approvals.removeFirst().answer(decision)
        panel = nil
        mode = .input
        showNextApproval()
    }

    // MARK: - Keys

    mutating func handle(_ key: Key) {
        switch mode {
        case .finished:
            actions.quit(false)
        case .confirmQuit:
            mode = .input
            status = Row("")
            if key == .character("y") || key == .character("Y") { actions.quit(running) }
        case .reason(var reasonEditor):
            switch reasonEditor.apply(key) {
            case .submitted(let text):
                let reason = text.trimmingCharacters(in: .whitespacesAndNewlines)
                decide(.deny(reason: reason.isEmpty ? nil : reason))
            case .interrupt, .endOfInput:
                decide(.deny(reason: nil))
            case .editing:
                mode = .reason(reasonEditor)
            }
        case .input where panel != nil:
            handleApproval(key)
        case .input:
            handleInput(key)
        }
    }

    private mutating func handleApproval(_ key: Key) {
        let height = panelHeight
        switch key {
        case .character("a"), .character("y"): decide(.approveOnce)
        case .character("s"): decide(.approveForSession)
        case .character("t"): decide(.approveToolForSession)
        case .character("d"), .character("n"): mode = .reason(LineEditor())
        case .up: panel?.scroll(by: -1, height: height)
        case .down: panel?.scroll(by: 1, height: height)
        case .pageUp: panel?.scroll(by: -(height - 2), height: height)
        case .pageDown: panel?.scroll(by: height - 2, height: height)
        case .interrupt: interrupt()
        case .control("q"): quit()
        default: status = Row("answer a, s, t or d (then an optional reason)", .warning)
        }
    }

    private mutating func handleInput(_ key: Key) {
        let page = max(1, size.rows - 8)
        switch key {
        case .interrupt where running: interrupt()
        case .control("q"): quit()
        case .endOfInput where editor.text.isEmpty: quit()
        case .control("o"):
            display.details.toggle()
            transcript.setDisplay(display)
        case .control("t"):
            display.collapseWorkers.toggle()
            transcript.setDisplay(display)
        case .control("l"): diff.invalidate()
        case .pageUp: scroll += page
        case .pageDown: scroll = max(0, scroll - page)
        default:
            switch editor.apply(key) {
            case .submitted(let text):
                guard !text.allSatisfy(\.isWhitespace) else { return }
                scroll = 0
                if running { status = Row("queued: sent when this turn ends", .status) }
                actions.submit(text)
            case .interrupt: status = Row("Ctrl+Q or Ctrl+D (at an empty input) quits", .status)
            case .endOfInput, .editing: break
            }
        }
    }

    private mutating func interrupt() {
        status = Row("cancelling the turn…", .status)
        actions.interrupt()
    }

    private mutating func quit() {
        if running {
            mode = .confirmQuit
        } else {
            actions.quit(false)
        }
    }

    // MARK: - Drawing

    private var panelHeight: Int { max(4, size.rows / 2) }

    /// The bytes that bring the screen up to date (empty when nothing changed).
    mutating func frame(size newSize: (columns: Int, rows: Int)) -> String {
        size = newSize
        let width = max(20, size.columns)
        let (bottom, footer) = bottomArea(width: width)
        let (frame, used) = ScreenLayout.compose(
            width: width, height: size.rows, header: headerText(width: width), transcript: &transcript, scroll: scroll,
            status: statusRow, bottom: bottom, footer: footer)
        scroll = used
        return diff.update(frame.rows, width: width, height: size.rows, cursor: frame.cursor)
    }

    private var statusRow: Row {
        if case .confirmQuit = mode { return Row("A turn is running. Quit anyway? y quits, any other key goes back", .warning) }
        if scroll > 0, status.text.isEmpty { return Row("scrolled up \(scroll) rows; PgDn to follow", .dim) }
        return status
    }

    private mutating func bottomArea(width: Int) -> (BottomArea, String) {
        if var shown = panel {
            let waiting = max(0, undecided - 1)
            shown.queued = waiting
            var rows = shown.rows(width: width, height: panelHeight)
            panel = shown
            guard case .reason(let reasonEditor) = mode else {
                return (BottomArea(rows: rows, cursor: nil, maxShare: 0.6), ApprovalPanel.keys)
            }
            let input = InputView(text: reasonEditor.text, cursorOffset: reasonEditor.cursor, width: width, prompt: "reason (Enter to skip): ")
            let cursor = (row: rows.count + input.cursor.row, column: input.cursor.column)
            rows += input.rows.map { Row($0) }
            return (BottomArea(rows: rows, cursor: cursor, maxShare: 0.6), "Enter sends the reason (empty: none) · Ctrl+C denies without one")
        }
        if case .finished = mode {
            return (BottomArea(rows: [], cursor: nil, maxShare: 0.3), "any key leaves")
        }
        let input = InputView(text: editor.text, cursorOffset: editor.cursor, width: width)
        let footer =
            "Enter send · Alt+Enter newline · Ctrl+C cancel · Ctrl+Q quit · PgUp/PgDn scroll · Ctrl+O details · Ctrl+T fold · ↑↓ history"
        return (BottomArea(rows: input.rows.map { Row($0) }, cursor: input.cursor, maxShare: 0.3), footer)
    }

    private func headerText(width: Int) -> String {
        var parts = [" llmdo", header.project, header.entry, models.joined(separator: ", "), "gen \(generation)"]
        parts.append("\(usage.inputTokens + usage.outputTokens) tok · \(usage.requests) req")
        if let turnStarted { parts.append("⏱ " + Self.clock(seconds: Int((ContinuousClock.now - turnStarted).components.seconds))) }
        parts.append(Self.timeOfDay())
        return parts.joined(separator: " · ")
    }

    static func clock(seconds: Int) -> String {
        "\(seconds / 60):" + (seconds % 60 < 10 ? "0" : "") + "\(seconds % 60)"
    }

    private static func timeOfDay() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return String(format: "%02d:%02d", parts.tm_hour, parts.tm_min)
    }
}

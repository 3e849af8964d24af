import Foundation
import LLMDo
import LLMDoTUI
import Synchronization

/// What the interface asks of whoever runs the turns (``RunCommand/runTUI(_:)``).
struct TUIActions: Sendable {
    /// A message (or slash command) was sent.
    var submit: @Sendable (String) -> Void
    /// Ctrl+C while a turn runs: cancel it.
    var interrupt: @Sendable () -> Void
    /// Leave (confirmed when a turn was running; `running` says whether one was).
    var quit: @Sendable (_ running: Bool) -> Void
}

/// The header's fixed facts.
struct TUIHeader: Sendable {
    var project: String
    var entry: String
    var model: String
}

/// The full-screen interface's thread: one thread owns the screen state and waits in `poll`
/// on the terminal (keys), the captured stdout/stderr pipe (shown in the status row) and the
/// inbox (runtime events, approvals, turn changes). Each wake applies everything pending and
/// draws one frame, as the difference from the last.
final class TUIApp: Sendable {
    let inbox: TUIInbox
    private let terminal: TUITerminal
    private let header: TUIHeader
    private let actions: TUIActions
    private let palette: Palette
    private let finished = DispatchSemaphore(value: 0)
    /// What arrived on stdout/stderr while the screen was up, replayed after it is gone.
    private let capturedText = Mutex("")

    init(terminal: TUITerminal, inbox: TUIInbox, header: TUIHeader, actions: TUIActions, palette: Palette) {
        self.terminal = terminal
        self.inbox = inbox
        self.header = header
        self.actions = actions
        self.palette = palette
    }

    func start() {
        let thread = Thread { [self] in
            loop()
            finished.signal()
        }
        thread.name = "llmdo-tui"
        thread.start()
    }

    /// Stops the thread and waits for it; returns what was written to stdout/stderr meanwhile.
    func stop() async -> String {
        inbox.post(.stop)
        await BlockingPool.runDedicated(name: "llmdo-tui-stop") { [finished] in finished.wait() }
        return capturedText.withLock { $0 }
    }

    private func loop() {
        var view = TUIView(header: header, actions: actions, palette: palette, size: terminal.size)
        var decoder = KeyDecoder()
        var buffer = [UInt8](repeating: 0, count: 4096)
        draw(&view)
        while true {
            var fds = [
                pollfd(fd: terminal.fd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: terminal.captured, events: Int16(POLLIN), revents: 0),
                pollfd(fd: inbox.wakeDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 3, 1000)  // wakes each second for the header's clocks
            if ready < 0, errno != EINTR { break }
            if fds[1].revents != 0 { readCaptured(into: &view, buffer: &buffer) }
            if fds[0].revents & Int16(POLLIN) != 0 {
                let count = read(terminal.fd, &buffer, buffer.count)
                if count > 0 {
                    for byte in buffer.prefix(count) { for key in decoder.feed(byte) { view.handle(key) } }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    view.terminalGone()
                }
            } else if fds[0].revents != 0 {
                view.terminalGone()
            }
            if fds[2].revents != 0 {
                for message in inbox.take() {
                    if case .stop = message {
                        readCaptured(into: &view, buffer: &buffer)
                        view.withdrawAll()
                        return
                    }
                    view.receive(message)
                }
            }
            if view.gone { break }
            draw(&view)
        }
        view.withdrawAll()
    }

    private func draw(_ view: inout TUIView) {
        let output = view.frame(size: terminal.size)
        if !output.isEmpty { terminal.write(output) }
    }

    private func readCaptured(into view: inout TUIView, buffer: inout [UInt8]) {
        while true {
            let count = read(terminal.captured, &buffer, buffer.count)
            guard count > 0 else { return }
            let text = String(decoding: buffer.prefix(count), as: UTF8.self)
            capturedText.withLock { $0 += text }
            view.captured(text)
        }
    }
}

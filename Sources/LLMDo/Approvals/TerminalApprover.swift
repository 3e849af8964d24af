import Foundation

/// Asks the operator at a terminal about each gated call: approve once (`y`), approve this exact
/// call (same arguments) for the rest of the session (`a`), approve every call of the tool for
/// the session (`t`, the broad grant), show every argument in full (`s`, offered when the first
/// view shortened something), or deny (`n`, then an optional reason the model sees).
///
/// It talks only to the descriptors it is given, or to `/dev/tty`, which it opens itself, so it
/// works while stdin is a pipe and never writes to stdout or stderr. Reads wait in `poll` on a
/// thread of their own, never the cooperative thread pool, and end as soon as the waiting task
/// is cancelled (``decide(_:)`` then throws `CancellationError`). Prompts are serialized by the
/// runtime's approval gate; this type also serializes its own use of the terminal. End of input
/// denies (fail closed).
///
/// ```swift
/// let approver = TerminalApprover.openTerminal()  // nil when there is no terminal
/// let runtime = Runtime(program: program, options: RuntimeOptions(approver: approver))
/// ```
package final class TerminalApprover: Approver {
    private let input: Int32
    private let output: Int32
    private let ownsDescriptors: Bool
    /// Held for a whole conversation, so two prompts never share the terminal.
    private let terminal = NSLock()

    /// Uses descriptors the caller owns (a pseudo-terminal in tests, an embedding program's
    /// terminal); they are not closed.
    /// - Parameters:
    ///   - input: where answers are read from.
    ///   - output: where requests and questions are written.
    package convenience init(input: Int32, output: Int32) {
        self.init(input: input, output: output, owns: false)
    }

    private init(input: Int32, output: Int32, owns: Bool) {
        self.input = input
        self.output = output
        self.ownsDescriptors = owns
    }

    deinit {
        if ownsDescriptors { close(input) }
    }

    /// Opens the controlling terminal (`/dev/tty`).
    /// - Returns: an approver on it, or `nil` when the process has no terminal (a CI job, a
    ///   daemon); the runtime then fails closed in `prompt` mode.
    package static func openTerminal() -> TerminalApprover? {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return nil }
        guard isatty(fd) == 1 else {
            close(fd)
            return nil
        }
        return TerminalApprover(input: fd, output: fd, owns: true)
    }

    /// Shows the request and waits for an answer.
    /// - Throws: `CancellationError` when the task is cancelled while the prompt waits (the read
    ///   is interrupted; the terminal shows "(cancelled)"), ``RunError`` when no cancellation pipe
    ///   can be made.
    package func decide(_ request: ApprovalRequest) async throws -> ApprovalDecision {
        let wake = try WakePipe()
        let answer = await withTaskCancellationHandler {
            // A person answers when they like: a thread of its own, not the blocking pool's.
            await BlockingPool.runDedicated(name: "llmdo-approval") {
                let answer = self.terminal.withLock { self.ask(request, wake: wake) }
                wake.close()
                return answer
            }
        } onCancel: {
            wake.fire()
        }
        guard let answer else { throw CancellationError() }
        return answer
    }

    /// The blocking conversation for one request; nil when cancelled.
    private func ask(_ request: ApprovalRequest, wake: WakePipe) -> ApprovalDecision? {
        guard !wake.fired else { return nil }  // cancelled while queued: never drawn
        do {
            return try conversation(request, wake: wake)
        } catch {
            write("\n(cancelled)\n")
            return nil
        }
    }

    private func conversation(_ request: ApprovalRequest, wake: WakePipe) throws(Cancelled) -> ApprovalDecision {
        let preview = ApprovalPrompt.render(request)
        write(preview.text)
        var offerAll = preview.shortened
        while true {
            write(ApprovalPrompt.question(for: request, offerAll: offerAll))
            guard let answer = try readLine(wake: wake) else {
                write("\n(no answer: denied)\n")
                return .deny(reason: nil)
            }
            switch answer.trimmingCharacters(in: .whitespaces).lowercased() {
            case "y", "yes": return .approveOnce
            case "a", "always": return .approveForSession
            case "t", "tool": return .approveToolForSession
            case "s", "show":
                write(ApprovalPrompt.render(request, complete: true).text)
                offerAll = false
            case "n", "no":
                write(ApprovalPrompt.reasonQuestion)
                let reason = try readLine(wake: wake)?.trimmingCharacters(in: .whitespaces) ?? ""
                return .deny(reason: reason.isEmpty ? nil : reason)
            default:
                write("Please answer y, a, t, n\(offerAll ? " or s" : "").\n")
            }
        }
    }

    /// Longest answer kept; the rest of a longer line is read and dropped.
    private static let maxLine = 4096

    /// The waiting task was cancelled.
    private struct Cancelled: Error {}

    /// One line from the terminal without its newline, or nil at end of input (the terminal went
    /// away). Waits in `poll` on the terminal and the wake pipe, so a cancellation ends the wait
    /// at once, whether or not anything was typed.
    private func readLine(wake: WakePipe) throws(Cancelled) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            var fds = [
                pollfd(fd: input, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, -1)
            if ready < 0, errno == EINTR { continue }
            if fds[1].revents != 0 { throw Cancelled() }
            guard ready > 0 else { return nil }
            let count = read(input, &byte, 1)
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            guard count == 1 else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { break }
            if bytes.count < Self.maxLine { bytes.append(byte) }
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(output, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }  // the terminal went away; the read will see it too
            bytes = bytes.dropFirst(count)
        }
    }
}

import Foundation

/// Asks the operator at a terminal about each gated call: approve once (`y`), approve the tool
/// for the rest of the session (`a`), or deny (`n`, then an optional reason the model sees).
///
/// It talks only to the descriptors it is given, or to `/dev/tty`, which it opens itself, so it
/// works while stdin is a pipe and never writes to stdout or stderr. Reads block a private
/// serial queue, never the cooperative thread pool. Prompts are serialized by the runtime's
/// approval gate; this type also serializes its own use of the terminal. End of input denies
/// (fail closed).
///
/// ```swift
/// let approver = TerminalApprover.openTerminal()  // nil when there is no terminal
/// let runtime = Runtime(program: program, options: RuntimeOptions(approver: approver))
/// ```
public final class TerminalApprover: Approver {
    private let input: Int32
    private let output: Int32
    private let ownsDescriptors: Bool
    private let queue = DispatchQueue(label: "llmdo.terminal-approver")

    /// Uses descriptors the caller owns (a pseudo-terminal in tests, an embedding program's
    /// terminal); they are not closed.
    /// - Parameters:
    ///   - input: where answers are read from.
    ///   - output: where requests and questions are written.
    public convenience init(input: Int32, output: Int32) {
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
    public static func openTerminal() -> TerminalApprover? {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return nil }
        guard isatty(fd) == 1 else {
            close(fd)
            return nil
        }
        return TerminalApprover(input: fd, output: fd, owns: true)
    }

    public func decide(_ request: ApprovalRequest) async -> ApprovalDecision {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.ask(request)) }
        }
    }

    /// The blocking conversation for one request.
    private func ask(_ request: ApprovalRequest) -> ApprovalDecision {
        write(ApprovalPrompt.render(request))
        while true {
            write(ApprovalPrompt.question)
            guard let answer = readLine() else {
                write("\n(no answer: denied)\n")
                return .deny(reason: nil)
            }
            switch answer.trimmingCharacters(in: .whitespaces).lowercased() {
            case "y", "yes": return .approveOnce
            case "a", "always": return .approveForSession
            case "n", "no":
                write(ApprovalPrompt.reasonQuestion)
                let reason = readLine()?.trimmingCharacters(in: .whitespaces) ?? ""
                return .deny(reason: reason.isEmpty ? nil : reason)
            default:
                write("Please answer y, a or n.\n")
            }
        }
    }

    /// Longest answer kept; the rest of a longer line is read and dropped.
    private static let maxLine = 4096

    /// One line from the terminal without its newline, or `nil` at end of input.
    private func readLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(input, &byte, 1)
            if count < 0, errno == EINTR { continue }
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

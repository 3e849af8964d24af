import Foundation
import LLMDo

/// The process's standard streams and terminal checks.
///
/// llmdo's own output goes to a private duplicate of the stdout it was started with; fd 1
/// itself points at stderr (``claimStandardOutput()``), so whatever a plugin prints can never
/// appear in, or forge, llmdo's output.
enum Terminal {
    /// The private stdout, made once (-1 when llmdo was started with stdout closed).
    private static let outputDescriptor: Int32 = {
        let copy = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)
        // Even with no stdout to keep, fd 1 must not stay free for the next open() to take.
        dup2(STDERR_FILENO, STDOUT_FILENO)
        return copy
    }()

    /// Moves llmdo's stdout to a private descriptor and points fd 1 at stderr. Called at
    /// start-up, before any plugin is loaded; the descriptor is close-on-exec, so no child
    /// inherits it.
    static func claimStandardOutput() { _ = outputDescriptor }

    /// Points fd 1 back at llmdo's stdout, for commands that run no plugin code and print
    /// with `print` (ArgumentParser's help).
    static func restoreStandardOutput() { dup2(outputDescriptor, STDOUT_FILENO) }

    /// The private stdout's descriptor (for the crash report's JSON object).
    static var outputFileDescriptor: Int32 { outputDescriptor }

    static var stdinIsTTY: Bool { isatty(STDIN_FILENO) == 1 }
    static var stdoutIsTTY: Bool { isatty(outputDescriptor) == 1 }
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes to stderr without buffering (events interleave correctly with stdout).
    static func error(_ text: String) {
        write(text, to: STDERR_FILENO)
    }

    static func output(_ text: String) {
        write(text, to: outputDescriptor)
    }

    /// Writes the run's one final document (the `--json` object); only the first call of the
    /// process writes, so a signal or crash racing a finishing run cannot add a second object.
    static func result(_ object: JSONValue, pretty: Bool = false) {
        guard PluginCrashReport.claimFinalOutput() else { return }
        output((pretty ? object.prettyJSONText : object.jsonText) + "\n")
    }

    private static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Reads all of stdin as UTF-8.
    static func readStandardInput() -> String {
        String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
}

import Foundation

/// The process's standard streams and terminal checks.
enum Terminal {
    static var stdinIsTTY: Bool { isatty(STDIN_FILENO) == 1 }
    static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes to stderr without buffering (events interleave correctly with stdout).
    static func error(_ text: String) {
        write(text, to: STDERR_FILENO)
    }

    static func output(_ text: String) {
        write(text, to: STDOUT_FILENO)
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

/// Cancels a task on SIGINT (Ctrl-C); a second Ctrl-C exits at once.
final class InterruptHandler {
    private let source: any DispatchSourceSignal

    init(onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        nonisolated(unsafe) var interrupted = false  // only touched on the source's serial handler
        source.setEventHandler {
            if interrupted { exit(ExitStatus.interrupted) }
            interrupted = true
            onInterrupt()
        }
        source.resume()
    }

    deinit { source.cancel() }
}

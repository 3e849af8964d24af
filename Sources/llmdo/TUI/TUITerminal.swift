import Foundation
import Synchronization

/// The terminal the full-screen interface draws on: the controlling terminal (`/dev/tty`),
/// so stdin and stdout may be pipes. While the screen is up the terminal is in raw mode on the
/// alternate screen, and stdout and stderr (fd 1 and 2, which plugins and child processes
/// share) point into a pipe the interface reads, so stray writes show in its status row
/// instead of tearing the screen.
///
/// ``restore()`` undoes all of that and may run on any thread, more than once; it is also
/// registered with `atexit`, so every `exit()` (a second Ctrl-C, a signal's ending) leaves the
/// terminal as it found it.
final class TUITerminal: Sendable {
    /// What must be put back; one at a time per process (the terminal is process-wide).
    private struct Saved: Sendable {
        var fd: Int32
        var mode: termios
        var stdout: Int32
        var stderr: Int32
    }

    private static let saved = Mutex<Saved?>(nil)
    private static let atExitOnce: Void = { atexit { TUITerminal.restore() } }()

    /// The terminal's descriptor (read for keys, written for frames).
    let fd: Int32
    /// Where fd 1 and 2 write while the screen is up; read for the status row.
    let captured: Int32
    private let writeLock = Mutex(())

    private init(fd: Int32, captured: Int32) {
        self.fd = fd
        self.captured = captured
    }

    /// Opens the terminal, switches it to raw mode and the alternate screen, and captures fd
    /// 1 and 2. Returns nil when there is no terminal.
    static func enter() -> TUITerminal? {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return nil }
        var pipeFDs: [Int32] = [-1, -1]
        guard isatty(fd) == 1, pipe(&pipeFDs) == 0 else {
            close(fd)
            return nil
        }
        for pipeFD in pipeFDs { _ = fcntl(pipeFD, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(pipeFDs[0], F_SETFL, O_NONBLOCK)
        let terminal = TUITerminal(fd: fd, captured: pipeFDs[0])
        guard let mode = RawMode.enter(fd, write: terminal.write) else {
            close(fd)
            return nil
        }
        _ = atExitOnce
        let stdout = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3), stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3)
        saved.withLock { $0 = Saved(fd: fd, mode: mode, stdout: stdout, stderr: stderr) }
        dup2(pipeFDs[1], STDOUT_FILENO)
        dup2(pipeFDs[1], STDERR_FILENO)
        close(pipeFDs[1])  // fd 1 and 2 keep the pipe open; restoring them closes it
        terminal.write("\u{1B}[?1049h\u{1B}[H\u{1B}[2J")
        return terminal
    }

    /// Back to the main screen, the saved terminal mode, a visible cursor, and the real stdout
    /// and stderr. Safe to call from any thread, and again.
    static func restore() {
        guard let state = saved.withLock({ state -> Saved? in
            defer { state = nil }
            return state
        }) else { return }
        var out = Array("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l".utf8)
        out.withUnsafeMutableBytes { _ = Glibc.write(state.fd, $0.baseAddress, $0.count) }
        RawMode.leave(state.mode, state.fd) { text in
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBytes { _ = Glibc.write(state.fd, $0.baseAddress, $0.count) }
        }
        if state.stdout >= 0 { dup2(state.stdout, STDOUT_FILENO) }
        if state.stderr >= 0 { dup2(state.stderr, STDERR_FILENO) }
        // The descriptor stays open: a thread still polling it must not see its number reused.
    }

    /// The terminal's size (80×24 when unknown).
    var size: (columns: Int, rows: Int) { RawMode.size(of: fd) }

    /// Writes to the terminal, whole (frames from the interface's thread never interleave).
    func write(_ text: String) {
        writeLock.withLock { _ in
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return }
                bytes = bytes.dropFirst(count)
            }
        }
    }
}

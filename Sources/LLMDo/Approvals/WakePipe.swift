import Glibc
import Synchronization

/// A self-pipe that wakes a thread blocked in `poll` (the terminal approver's read) when the
/// task waiting for it is cancelled.
///
/// `fire()` may run on any thread, at any time, even after the reader is done: the descriptors
/// live behind a lock and `fire()` writes only while they are open, so a byte never lands in a
/// descriptor number the process has reused since.
final class WakePipe: Sendable {
    private struct State {
        var read: Int32
        var write: Int32
        var fired = false
    }

    private let state: Mutex<State>

    /// - Throws: ``RunError`` (`approvalUnavailable`) when no pipe can be made (descriptors exhausted).
    init() throws(RunError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw RunError(.approvalUnavailable, "cannot ask at the terminal: no pipe for cancellation (\(String(cString: strerror(errno))))")
        }
        // Not inherited by the shell tools' children (one byte is ever written: it never blocks).
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        state = Mutex(State(read: fds[0], write: fds[1]))
    }

    /// The descriptor to poll for readability; -1 once closed.
    var readDescriptor: Int32 { state.withLock { $0.read } }

    /// Whether ``fire()`` was called.
    var fired: Bool { state.withLock { $0.fired } }

    /// Wakes the reader (once is enough; later calls write nothing more).
    func fire() {
        state.withLock { state in
            guard !state.fired else { return }
            state.fired = true
            if state.write >= 0 {
                var byte: UInt8 = 1
                _ = Glibc.write(state.write, &byte, 1)
            }
        }
    }

    /// Closes both ends; called by the reader when it is done.
    func close() {
        state.withLock { state in
            if state.read >= 0 { Glibc.close(state.read) }
            if state.write >= 0 { Glibc.close(state.write) }
            state.read = -1
            state.write = -1
        }
    }
}

import Glibc

/// Why a request to a plugin helper did not get an answer.
enum HelperFailure: Error, Sendable {
    /// No helper could be started (no executable, no socket, spawn failed).
    case unavailable(String)
    /// The helper process ended while the request ran.
    case died(HelperDeath)
    /// The helper answered something this host cannot read.
    case malformed(String)
}

/// How a helper process ended, and whether the host ended it.
struct HelperDeath: Sendable, Equatable {
    enum Cause: Sendable, Equatable {
        /// Killed by a signal the host did not send (a crash: SIGSEGV, SIGABRT, …).
        case signal(Int32)
        /// `exit()` (or a return from its main) with this status.
        case exited(Int32)
        /// The host killed it: the call with this request id ran past its timeout.
        case timedOut(request: Int, label: String, seconds: Int)
        /// The host killed it: the call with this request id was cancelled and did not stop.
        case cancelled(request: Int, label: String)
    }

    var cause: Cause
    /// How many requests the helper was running: with more than one, which of them crashed it
    /// is unknown, and the message says so.
    var inFlight = 1

    /// The message the model reads for a call (`label`, request `request`) that this death ended.
    func message(plugin: String, label: String, request: Int) -> String {
        switch cause {
        case .signal(let signal):
            guard inFlight > 1 else { return "plugin '\(plugin)' crashed in \(label) (\(Self.name(of: signal)))" }
            return "plugin '\(plugin)' crashed (\(Self.name(of: signal))) while \(label) and \(others) ran"
        case .exited(let status):
            guard inFlight > 1 else { return "plugin '\(plugin)' exited with status \(status) in \(label)" }
            return "plugin '\(plugin)' exited with status \(status) while \(label) and \(others) ran"
        case .timedOut(let culprit, let culpritLabel, let seconds):
            if culprit == request {
                return "plugin '\(plugin)' timed out in \(label) after \(seconds) s (timeout_s); its helper process was killed"
            }
            return "plugin '\(plugin)' was killed while \(label) ran, because \(culpritLabel) timed out after \(seconds) s"
        case .cancelled(_, let culpritLabel):
            return "plugin '\(plugin)' was killed while \(label) ran, because \(culpritLabel) was cancelled and did not stop"
        }
    }

    private var others: String { inFlight == 2 ? "1 other call" : "\(inFlight - 1) other calls" }

    /// Whether the request was itself cancelled (its caller gets a cancellation, not a tool error).
    func cancelled(request: Int) -> Bool {
        if case .cancelled(let culprit, _) = cause { return culprit == request }
        return false
    }

    /// `SIGSEGV` rather than `Segmentation fault`: what plugin authors search for.
    static func name(of signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGILL: "SIGILL",
            SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGTRAP: "SIGTRAP", SIGSYS: "SIGSYS", SIGXCPU: "SIGXCPU",
            SIGPIPE: "SIGPIPE", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGHUP: "SIGHUP",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}

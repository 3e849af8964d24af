import LLMDoToolABI

/// How host-side errors cross the ABI (as status + message) and how plugin statuses come back.
enum PluginErrors {
    /// The status a plugin sees for an error from a nested worker or tool call.
    static func status(of error: any Error) -> Int32 {
        if (error as? ToolError)?.kind == .retry { return LLMDO_RETRY }
        if error is CancellationError { return LLMDO_CANCELLED }
        return LLMDO_FAILED
    }

    /// Whether a nested call's error ends the run (cancellation, a usage limit, approval
    /// unavailable, …) rather than only that call: such an error is handed to the plugin as a
    /// status and message so it can unwind, and rethrown with its own type once it returns,
    /// exactly as if no plugin stood in between (see ``ToolDispatch``).
    static func endsRun(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        if let error = error as? RunError { return !error.failsOnlyTheCall }
        return false
    }

    /// The message a plugin (and then the model) sees for an error.
    static func message(of error: any Error) -> String {
        switch error {
        case let error as ToolError: return error.message
        case let error as RunError: return error.message
        case is CancellationError: return "cancelled"
        default: return "\(error)"
        }
    }

    /// The tool error for a plugin's non-OK status, preferring what it reported via fail/retry.
    static func failure(status: Int32, reported: ToolError?, function: String) -> ToolError {
        if let reported { return reported }
        switch status {
        case LLMDO_RETRY: return .retry("tool '\(function)' asked for a retry")
        case LLMDO_CANCELLED: return .failed("tool '\(function)' was cancelled")
        default: return .failed("tool '\(function)' failed (status \(status))")
        }
    }
}

/// A code entry that failed; its message is the plugin's.
public struct PluginEntryError: Error, Sendable, CustomStringConvertible {
    /// The entry that failed.
    public var entry: String
    /// What the plugin reported.
    public var message: String
    public var description: String { "entry '\(entry)' failed: \(message)" }
}

/// Why a run (or a nested worker call) failed. Errors that reach the user print as one clear line.
public struct RunError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A worker call nested deeper than `max_depth`.
        case depthExceeded = "depth_exceeded"
        /// A usage limit from `runtime.usage_limits` was hit.
        case usageLimitExceeded = "usage_limit_exceeded"
        /// A gated call needed approval and nobody could be asked.
        case approvalUnavailable = "approval_unavailable"
        /// A worker's model could not be resolved or used.
        case model
        /// A tool kept failing validation or asking for retries past `max_retries`.
        case retriesExceeded = "retries_exceeded"
        /// The model's output could not be used (e.g. invalid structured output after retries).
        case unexpectedModelBehavior = "unexpected_model_behavior"
        /// The run's input is invalid (empty prompt, schema violation, unreadable attachment).
        case invalidInput = "invalid_input"
        /// A name that does not exist (worker, tool) was called from code.
        case unknownName = "unknown_name"
        /// Two toolsets a worker lists offer a tool of the same name (found when a toolset
        /// that learns its tools at run time, such as an MCP server, first starts).
        case toolConflict = "tool_conflict"
    }

    public var kind: Kind
    public var message: String
    /// Where in llmdo the error was raised (`LLMDo/Runtime/AgentLoop.swift:18`), for `--debug`.
    public var origin: String

    public init(_ kind: Kind, _ message: String, fileID: String = #fileID, line: Int = #line) {
        self.kind = kind
        self.message = message
        self.origin = "\(fileID):\(line)"
    }

    public var description: String { message }
}

extension RunError {
    /// The error for a call nested deeper than `max_depth`; `callee` is quoted ("'triage'",
    /// "tool 'search'").
    static func depthExceeded(limit: Int, calling callee: String) -> RunError {
        RunError(.depthExceeded, "maximum worker depth \(limit) exceeded calling \(callee) (runtime.max_depth or --max-depth)")
    }

    /// Whether the error fails only the call that raised it (a nested call that cannot run is
    /// its caller's problem) instead of ending the run.
    var failsOnlyTheCall: Bool { kind == .depthExceeded || kind == .unknownName || kind == .invalidInput }
}

/// Why a run (or a nested worker call) failed. Errors that reach the user print as one clear line.
///
/// New kinds may be added in later versions; code that looks at ``kind`` compares it
/// (`error.kind == .usageLimitExceeded`) or switches with a `default`.
public struct RunError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure a ``RunError`` is.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// The kind's name in messages and JSON (`depth_exceeded`).
        public let name: String

        private init(_ name: String) { self.name = name }

        /// A worker call nested deeper than `max_depth`.
        public static let depthExceeded = Kind("depth_exceeded")
        /// A usage limit from `runtime.usage_limits` was hit.
        public static let usageLimitExceeded = Kind("usage_limit_exceeded")
        /// A gated call needed approval and nobody could be asked.
        public static let approvalUnavailable = Kind("approval_unavailable")
        /// A worker's model could not be resolved or used.
        public static let model = Kind("model")
        /// A tool kept failing validation or asking for retries past `max_retries`.
        public static let retriesExceeded = Kind("retries_exceeded")
        /// The model's output could not be used (e.g. invalid structured output after retries).
        public static let unexpectedModelBehavior = Kind("unexpected_model_behavior")
        /// The run's input is invalid (empty prompt, schema violation, unreadable attachment).
        public static let invalidInput = Kind("invalid_input")
        /// A name that does not exist (worker, tool) was called from code.
        public static let unknownName = Kind("unknown_name")
        /// A gated call needs a decision and approvals are deferred (``JournalApprover``): the
        /// run stopped to be resumed with the decision.
        public static let approvalPending = Kind("approval_pending")
        /// The run journal cannot be written, or a resumed or replayed run no longer matches it.
        public static let journal = Kind("journal")
        /// Two toolsets a worker lists offer a tool of the same name (found when a toolset
        /// that learns its tools at run time, such as an MCP server, first starts).
        public static let toolConflict = Kind("tool_conflict")

        public var description: String { name }
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// One line for the user, naming what failed and the limit or setting involved.
    public var message: String
    /// Where in llmdo the error was raised (`LLMDo/Runtime/AgentLoop.swift:18`), for `--debug`.
    public var origin: String

    /// A run error of `kind` carrying `message`; `fileID` and `line` record where it was raised.
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

/// A failure a tool reports to the model: what kind it is, and the message the model reads.
///
/// Throw it from ``ToolsetInstance/call(tool:arguments:invocation:)`` with one of the static
/// constructors:
///
/// ```swift
/// guard let path = arguments["path"]?.stringValue else { throw ToolError.retry("'path' is required") }
/// ```
///
/// New kinds may be added in later versions; code that looks at ``kind`` compares it
/// (`error.kind == .retry`) or switches with a `default`.
public struct ToolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure a ``ToolError`` is.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// The kind's name in messages and JSON (`retry`, `failed`, `denied`).
        public let name: String

        private init(_ name: String) { self.name = name }

        /// The model should fix its call and try again (counts against `runtime.max_retries`).
        public static let retry = Kind("retry")
        /// The tool failed; the model reads the message as an error result.
        public static let failed = Kind("failed")
        /// The operator refused the call; the model reads the message as an error result.
        public static let denied = Kind("denied")

        public var description: String { name }
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// What the model reads.
    public var message: String

    /// A tool error of `kind` carrying `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The model should fix its call and try again (counts against `runtime.max_retries`).
    public static func retry(_ message: String) -> ToolError { ToolError(.retry, message) }
    /// The tool failed; the model reads `message` as an error result.
    public static func failed(_ message: String) -> ToolError { ToolError(.failed, message) }
    /// The operator refused the call.
    public static func denied(_ message: String) -> ToolError { ToolError(.denied, message) }

    public var description: String { message }
}

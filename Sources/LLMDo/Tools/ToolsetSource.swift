/// Something that provides toolsets to the linker besides the built-ins: an embedding program's
/// Swift tools, MCP servers, and so on. Its toolsets link like any other: a name in a worker's
/// `toolsets:` resolves to them, and a name defined twice (by two sources, a plugin, a built-in
/// or a worker) is a link error naming both origins.
///
/// Sources are consulted on every link: when the project loads and on every reload. A source
/// whose tools change on their own (a server announcing a new tool list) says so through
/// ``changes()``; a ``ProjectWatcher`` then links the project again, and the new program is a
/// new generation exactly as after a file change: calls already running keep their tools,
/// calls that start afterwards see the new ones.
///
/// ```swift
/// let clock = SwiftToolset(name: "clock", tools: [
///     SwiftTool(name: "now", description: "The current time (ISO 8601).",
///               parameters: ["type": "object", "properties": [:]]) { _, _ in
///         .text(Date.now.ISO8601Format())
///     },
/// ])
/// let program = try ProjectLoader.load(
///     path: "proj", toolsetSources: [ToolsetList(origin: "the embedding program", toolsets: [clock])])
/// ```
public protocol ToolsetSource: Sendable {
    /// Where these toolsets come from, as messages name it ("the embedding program",
    /// "MCP servers in project.json").
    var origin: String { get }

    /// The toolsets offered now. Called on every link, from a thread that may block, but it
    /// should not wait on I/O: a source that must ask a server for its tools returns toolsets
    /// whose ``Toolset/tools`` is empty until their first ``Toolset/makeInstance(context:)``
    /// (the linker then checks their names only, and a worker call checks their tools).
    ///
    /// - Throws: ``ProjectError`` for a source that cannot offer its toolsets; it fails the link.
    func toolsets() throws(ProjectError) -> [any Toolset]

    /// A stream that yields each time the toolsets or their tools change. Each call returns a
    /// new stream (a watcher subscribes again after every reload); the default never yields.
    func changes() -> AsyncStream<Void>
}

extension ToolsetSource {
    public func changes() -> AsyncStream<Void> { AsyncStream { $0.finish() } }
}

/// A fixed list of toolsets as a ``ToolsetSource``.
public struct ToolsetList: ToolsetSource {
    public let origin: String
    private let list: [any Toolset]

    /// - Parameters:
    ///   - origin: how link errors name these toolsets ("the embedding program").
    ///   - toolsets: the toolsets, each with a unique name.
    public init(origin: String, toolsets: [any Toolset]) {
        self.origin = origin
        self.list = toolsets
    }

    public func toolsets() -> [any Toolset] { list }
}

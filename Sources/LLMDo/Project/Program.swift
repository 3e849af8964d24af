/// A linked project: every name resolved, exactly one entry. Immutable; a reload builds a new one.
public struct Program: Sendable {
    /// Where the project lives; relative paths and attachments resolve against it.
    public var projectRoot: String
    /// The parsed manifest (its `runtime` section is this generation's policy).
    public var manifest: Manifest
    /// Workers by name.
    public var workers: [String: WorkerSpec]
    /// Every non-worker toolset by name (built-in, plugin, and from toolset sources).
    public var toolsets: [String: any Toolset]
    /// The plugins this program was linked from.
    public var plugins: [LoadedPlugin]
    /// What `run` starts: the entry worker or a plugin's code entry.
    public var entry: Entry
    /// Parameter schemas of the tools workers list, compiled at link time: toolset → tool → schema.
    var toolSchemas: [String: [String: JSONSchema]] = [:]
    /// Parameter schemas of tools the linker did not know, compiled on first use.
    let lateSchemas = LateSchemas()
    /// The sources the program was linked with (a watcher follows their changes).
    package var toolsetSources: [any ToolsetSource] = []
    /// The origin of each toolset that came from a source, by toolset name (for listings).
    package var sourceOrigins: [String: String] = [:]

    /// A program from parts already linked (``ProjectLoader`` makes programs from files).
    public init(
        projectRoot: String, manifest: Manifest, workers: [String: WorkerSpec], toolsets: [String: any Toolset],
        plugins: [LoadedPlugin], entry: Entry
    ) {
        self.projectRoot = projectRoot
        self.manifest = manifest
        self.workers = workers
        self.toolsets = toolsets
        self.plugins = plugins
        self.entry = entry
    }
}

/// What a run starts with.
public enum Entry: Sendable {
    /// A worker with `entry: true`.
    case worker(String)
    /// Trusted code from a plugin (the Python `EntrySpec`).
    case code(any CodeEntry)

    /// The entry's name.
    public var name: String {
        switch self {
        case .worker(let name): return name
        case .code(let entry): return entry.name
        }
    }
}

/// Trusted code that receives the run's input and orchestrates workers through its scope.
public protocol CodeEntry: Sendable {
    /// The entry's name, as `--entry` and messages show it.
    var name: String { get }
    /// Runs the entry. Worker calls go through `scope.callWorker`, which applies the approval policy.
    func run(input: JSONValue, scope: CallScope) async throws -> JSONValue
}

/// The toolsets and entry functions one plugin file provides.
public struct LoadedPlugin: Sendable {
    /// The path as written in the manifest.
    public var declaredPath: String
    /// The file actually loaded.
    public var resolvedPath: String
    /// The toolsets it provides.
    public var toolsets: [any Toolset]
    /// The code entries it provides.
    public var entries: [any CodeEntry]
    /// Plugin-reported versions by toolset name (for `check` output and reload events).
    public var versions: [String: String]
    /// Where the plugin's code runs.
    public var isolation: PluginIsolation

    package init(
        declaredPath: String, resolvedPath: String, toolsets: [any Toolset], entries: [any CodeEntry],
        versions: [String: String] = [:], isolation: PluginIsolation = .inProcess
    ) {
        self.isolation = isolation
        self.declaredPath = declaredPath
        self.resolvedPath = resolvedPath
        self.toolsets = toolsets
        self.entries = entries
        self.versions = versions
    }
}

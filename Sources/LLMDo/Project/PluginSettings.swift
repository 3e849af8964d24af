/// Where a plugin's code runs. Raw values are the manifest's and the command line's spellings.
public enum PluginIsolation: String, Sendable, CaseIterable {
    /// Loaded into llmdo's own process: fastest, but a crash in the plugin ends llmdo.
    case inProcess = "none"
    /// Loaded into a helper process llmdo starts and owns: a crash costs one tool call.
    case process
}

/// One `plugin_files` entry's settings: `"libx.so"` or
/// `{"path": "libx.so", "isolation": "process", "timeout_s": 30, "memory_mb": 512}`.
public struct PluginSettings: Sendable, Hashable {
    /// `nil`: the project's `runtime.plugin_isolation`, else the default for where the file was
    /// found: `process` for a project's own plugin, `none` for one installed beside the executable.
    public var isolation: PluginIsolation?
    /// Per-call limit for an isolated plugin (wall time, including nested worker calls).
    public var timeoutSeconds: Int?
    /// Address-space limit of an isolated plugin's helper process, in MiB.
    public var memoryMB: Int?

    /// Settings; `nil` keeps each default.
    public init(isolation: PluginIsolation? = nil, timeoutSeconds: Int? = nil, memoryMB: Int? = nil) {
        self.isolation = isolation
        self.timeoutSeconds = timeoutSeconds
        self.memoryMB = memoryMB
    }

    /// The default when nothing chooses a mode: plugins shipped beside the llmdo executable
    /// (first-party, found by a bare file name) run in-process; every other plugin (a file in
    /// the project, or found through `LLMDO_PLUGIN_PATH`) runs isolated, so a downloaded
    /// plugin cannot take llmdo down or read its secrets.
    package static func defaultIsolation(foundBesideExecutable: Bool) -> PluginIsolation {
        foundBesideExecutable ? .inProcess : .process
    }
}

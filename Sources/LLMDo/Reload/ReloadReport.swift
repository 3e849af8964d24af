/// What one reload of a project found and did.
public struct ReloadReport: Sendable {
    /// What started the reload.
    public enum Trigger: Sendable, Hashable {
        /// A watched file changed on disk.
        case fileChange
        /// ``ProjectWatcher/reloadNow()`` (the chat's `/reload`).
        case manual
        /// A ``ToolsetSource`` announced a change; the value is its ``ToolsetSource/origin``.
        case toolsetChange(String)
    }

    /// What caused the reload.
    public var trigger: Trigger
    /// The program generation new calls start on after this reload: 1 is the program the
    /// watcher started with, +1 per successful reload; unchanged when the reload failed.
    public var generation: Int
    /// Files whose content changed since the last load (relative to the project root when
    /// inside it). Empty for a manual reload of an unchanged project.
    public var changedFiles: [String]
    /// What the new program replaced: `manifest`, `worker NAME`, `worker NAME (added)`,
    /// `worker NAME (removed)`, `plugin FILE`, `plugin FILE (removed)`. Empty when it failed.
    public var reloaded: [String]
    /// Plugin-reported versions by toolset name, of the plugins that were (re)loaded.
    public var pluginVersions: [String: String]
    /// Tools whose definition (schema, description, approval) changed, appeared or disappeared.
    public var changedToolSchemas: [String]

    /// Whether any tool's definition changed (callers may see different tools).
    public var toolSchemasChanged: Bool { !changedToolSchemas.isEmpty }

    package init(
        trigger: Trigger, generation: Int, changedFiles: [String], reloaded: [String] = [],
        pluginVersions: [String: String] = [:], changedToolSchemas: [String] = []
    ) {
        self.trigger = trigger
        self.generation = generation
        self.changedFiles = changedFiles
        self.reloaded = reloaded
        self.pluginVersions = pluginVersions
        self.changedToolSchemas = changedToolSchemas
    }
}

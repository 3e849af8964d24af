/// How a newly loaded program differs from the one it replaces, for the reload report.
struct ProgramDiff {
    let old: Program
    let new: Program
    /// Absolute paths of the files whose content changed.
    let changedFiles: Set<String>

    /// What was replaced: the manifest, changed, added and removed workers, reloaded plugins.
    var reloaded: [String] {
        var items: [String] = []
        if changedFiles.contains(new.manifest.path) { items.append("manifest") }
        for name in new.workers.keys.sorted() {
            guard let spec = new.workers[name] else { continue }
            if old.workers[name] == nil {
                items.append("worker \(name) (added)")
            } else if changedFiles.contains(FileSystem.absolute(spec.file, relativeTo: new.projectRoot)) {
                items.append("worker \(name)")
            }
        }
        for name in old.workers.keys.sorted() where new.workers[name] == nil { items.append("worker \(name) (removed)") }
        let oldPlugins = Set(old.plugins.map(\.resolvedPath))
        for plugin in new.plugins where changedFiles.contains(plugin.resolvedPath) || !oldPlugins.contains(plugin.resolvedPath) {
            items.append("plugin \(plugin.declaredPath)")
        }
        let newPlugins = Set(new.plugins.map(\.resolvedPath))
        for plugin in old.plugins where !newPlugins.contains(plugin.resolvedPath) {
            items.append("plugin \(plugin.declaredPath) (removed)")
        }
        return items
    }

    /// Versions of the plugins that are new or whose file changed.
    var pluginVersions: [String: String] {
        let oldPlugins = Set(old.plugins.map(\.resolvedPath))
        var versions: [String: String] = [:]
        for plugin in new.plugins where changedFiles.contains(plugin.resolvedPath) || !oldPlugins.contains(plugin.resolvedPath) {
            versions.merge(plugin.versions) { _, latest in latest }
        }
        return versions
    }

    /// Names of tools whose definitions differ between the programs (including added and removed).
    var changedToolSchemas: [String] {
        let before = Self.toolDefinitions(old), after = Self.toolDefinitions(new)
        return Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
    }

    /// Every tool a worker could be given, by name: plugin and built-in tools, and workers as
    /// tools. A name defined twice keeps both definitions, so a change to either shows.
    static func toolDefinitions(_ program: Program) -> [String: Set<ToolDefinition>] {
        var tools: [String: Set<ToolDefinition>] = [:]
        for toolset in program.toolsets.values {
            for tool in toolset.tools { tools[tool.name, default: []].insert(tool) }
        }
        for spec in program.workers.values {
            tools[spec.name, default: []].insert(WorkerToolset(spec: spec, config: program.manifest.runtime).definition)
        }
        return tools
    }
}

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
        let oldPlugins = Set(old.plugins.map(WatchSet.file(of:)))
        items += reloadedPlugins.map { plugin in
            "plugin \(plugin.declaredPath)\(oldPlugins.contains(WatchSet.file(of: plugin)) ? "" : " (added)")"
        }
        let newPlugins = Set(new.plugins.map(WatchSet.file(of:)))
        for plugin in old.plugins where !newPlugins.contains(WatchSet.file(of: plugin)) {
            items.append("plugin \(plugin.declaredPath) (removed)")
        }
        return items
    }

    /// Versions of the plugins that are new or whose file changed.
    var pluginVersions: [String: String] {
        reloadedPlugins.reduce(into: [:]) { versions, plugin in versions.merge(plugin.versions) { _, latest in latest } }
    }

    /// The new program's plugins that are new or whose file changed.
    private var reloadedPlugins: [LoadedPlugin] {
        let oldPlugins = Set(old.plugins.map(WatchSet.file(of:)))
        return new.plugins.filter { plugin in
            let file = WatchSet.file(of: plugin)
            return changedFiles.contains(file) || !oldPlugins.contains(file)
        }
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

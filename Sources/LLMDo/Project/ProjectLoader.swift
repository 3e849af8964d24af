import Foundation

/// Loads a project from disk: the manifest, its worker files and plugins, linked into a ``Program``.
public enum ProjectLoader {
    /// Loads and links a project.
    ///
    /// - Parameters:
    ///   - path: a `project.json` file, or a folder containing one.
    ///   - pluginIsolation: runs every plugin in this mode, whatever the manifest says
    ///     (`--plugin-isolation`); `nil` keeps the manifest's choices and the defaults.
    ///   - toolsetSources: more toolsets for workers to list (an embedding program's
    ///     ``SwiftToolset``s, for example), linked like the project's own.
    /// - Returns: the linked program.
    /// - Throws: ``ProjectError`` listing every problem found (not just the first).
    public static func load(
        path: String, pluginIsolation: PluginIsolation? = nil, toolsetSources: [any ToolsetSource] = []
    ) throws(ProjectError) -> Program {
        try load(path: path, pluginIsolation: pluginIsolation, toolsetSources: toolsetSources) {
            declared, root, settings throws(ProjectError) in
            try PluginLoader.load(declaredPath: declared, projectRoot: root, settings: settings)
        }
    }

    /// Loads and links a project, loading plugins through `loadPlugin` (a reload passes one that
    /// reuses unchanged plugins).
    static func load(
        path: String, pluginIsolation: PluginIsolation?, toolsetSources: [any ToolsetSource],
        loadPlugin: (_ declaredPath: String, _ projectRoot: String, _ settings: PluginSettings) throws(ProjectError) -> LoadedPlugin
    ) throws(ProjectError) -> Program {
        let manifestPath = manifestPath(for: path)
        let projectRoot = (manifestPath as NSString).deletingLastPathComponent
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            let reason = FileManager.default.fileExists(atPath: manifestPath) ? "cannot be read" : "does not exist"
            throw ProjectError(ProjectDiagnostic(file: manifestPath, message: "project manifest \(reason)"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ProjectError(ProjectDiagnostic(file: manifestPath, message: "project manifest is not UTF-8 text"))
        }
        let manifest = try ManifestParser.parse(text: text, path: manifestPath)

        var diagnostics: [ProjectDiagnostic] = []
        var workers: [WorkerSpec] = []
        for (index, declared) in manifest.workerFiles.enumerated() {
            let file = FileSystem.absolute(declared, relativeTo: projectRoot)
            guard let contents = FileManager.default.contents(atPath: file) else {
                diagnostics.append(ProjectDiagnostic(
                    file: manifestPath, field: manifest.workerFileField(index),
                    message: "worker file '\(declared)' not found (\(file))"))
                continue
            }
            guard let text = String(data: contents, encoding: .utf8) else {
                diagnostics.append(ProjectDiagnostic(file: file, message: "not UTF-8 text"))
                continue
            }
            do {
                workers.append(try WorkerFileParser.parse(
                    text: text, file: display(file, root: projectRoot), folder: (file as NSString).deletingLastPathComponent))
            } catch {
                diagnostics += error.diagnostics
            }
        }
        var plugins: [LoadedPlugin] = []
        for (index, declared) in manifest.pluginFiles.enumerated() {
            do {
                var settings = manifest.pluginSettings[declared] ?? PluginSettings()
                // The command line beats the entry, which beats the project's default.
                settings.isolation = pluginIsolation ?? settings.isolation ?? manifest.runtime.pluginIsolation
                plugins.append(try loadPlugin(declared, projectRoot, settings))
            } catch {
                diagnostics += error.diagnostics.map { diagnostic in
                    var diagnostic = diagnostic
                    if diagnostic.field == nil { diagnostic.field = "plugin_files[\(index)]" }
                    return diagnostic
                }
            }
        }
        // Linking a project with unreadable files would only add follow-on errors ("unknown
        // toolset" for a worker that failed to parse), so files are reported first.
        if !diagnostics.isEmpty { throw ProjectError(diagnostics) }
        return try Linker.link(
            manifest: manifest, projectRoot: projectRoot, workers: workers, plugins: plugins, sources: toolsetSources)
    }

    /// `path` itself when it names a file, else `path/project.json`.
    package static func manifestPath(for path: String) -> String {
        let absolute = FileSystem.absolute(path, relativeTo: FileSystem.currentDirectory())
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue {
            return (absolute as NSString).appendingPathComponent("project.json")
        }
        return absolute
    }

    /// A path relative to the project root when inside it, for shorter messages.
    static func display(_ path: String, root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

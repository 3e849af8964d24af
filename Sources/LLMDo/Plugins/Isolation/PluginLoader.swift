/// Loads one `plugin_files` entry in the mode chosen for it: in-process (``PluginLoading``) or
/// isolated in a helper process (``IsolatedPlugin``).
enum PluginLoader {
    /// - Parameters:
    ///   - settings: the entry's settings; `isolation` already carries the command line's
    ///     override or the project's default when either is set.
    static func load(declaredPath: String, projectRoot: String, settings: PluginSettings) throws(ProjectError) -> LoadedPlugin {
        let executableDirectory = PluginImage.executableDirectory()
        let path = try PluginLoading.resolve(
            declaredPath, projectRoot: projectRoot, searchPath: PluginImage.environmentSearchPath(),
            executableDirectory: executableDirectory)
        switch isolation(of: path, declaredPath: declaredPath, settings: settings, executableDirectory: executableDirectory) {
        case .inProcess:
            return try PluginLoading.load(declaredPath: declaredPath, projectRoot: projectRoot)
        case .process:
            return try IsolatedPlugin.load(declaredPath: declaredPath, resolvedPath: path, projectRoot: projectRoot, settings: settings)
        }
    }

    /// The settings' mode, else the default for where the file was found.
    static func isolation(of path: String, declaredPath: String, settings: PluginSettings, executableDirectory: String?)
        -> PluginIsolation
    {
        if let chosen = settings.isolation { return chosen }
        let besideExecutable = !declaredPath.contains("/") && executableDirectory.map { path == "\($0)/\(declaredPath)" } == true
        return PluginSettings.defaultIsolation(foundBesideExecutable: besideExecutable)
    }
}

/// Loads one plugin file named in a manifest.
///
/// Placeholder until the plugin loader lands: every plugin is refused with a clear message.
enum PluginLoading {
    static func load(declaredPath: String, projectRoot: String) throws(ProjectError) -> LoadedPlugin {
        throw ProjectError(ProjectDiagnostic(file: declaredPath, message: "plugin loading is not available in this build"))
    }
}

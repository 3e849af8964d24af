import Synchronization

/// Keeps the plugins a watcher has loaded, so a reload loads only the plugin files that changed.
///
/// A changed plugin is loaded as a new image that is never unmapped (see docs/architecture.md),
/// and reusing a loaded plugin also skips re-reading and re-validating its descriptor. A plugin
/// is reused while its file's fingerprint (inode,
/// size, mtime) is unchanged, or, when the fingerprint changed, while its content hash is.
final class PluginCache: Sendable {
    private struct Entry {
        var fingerprint: FileFingerprint
        var hash: UInt64
        var settings: PluginSettings
        var plugin: LoadedPlugin
    }

    private let entries = Mutex([String: Entry]())

    /// Loads a plugin as ``ProjectLoader`` does, reusing the loaded one when its file and settings are unchanged.
    func load(declaredPath: String, projectRoot: String, settings: PluginSettings) throws(ProjectError) -> LoadedPlugin {
        let path = try PluginLoading.resolve(
            declaredPath, projectRoot: projectRoot, searchPath: PluginImage.environmentSearchPath(),
            executableDirectory: PluginImage.executableDirectory())
        let fingerprint = FileFingerprint(path: path)
        if let fingerprint, var cached = cachedPlugin(at: path, fingerprint: fingerprint, settings: settings) {
            cached.declaredPath = declaredPath
            return cached
        }
        let plugin = try PluginLoader.load(declaredPath: declaredPath, projectRoot: projectRoot, settings: settings)
        if let fingerprint, let hash = ContentHash.of(path: path) {
            entries.withLock { $0[path] = Entry(fingerprint: fingerprint, hash: hash, settings: settings, plugin: plugin) }
        }
        return plugin
    }

    private func cachedPlugin(at path: String, fingerprint: FileFingerprint, settings: PluginSettings) -> LoadedPlugin? {
        // A changed mode, timeout or memory limit needs a new load.
        guard let entry = entries.withLock({ $0[path] }), entry.settings == settings else { return nil }
        if entry.fingerprint == fingerprint { return entry.plugin }
        // Rewritten (or touched): reuse only if the bytes are the same, and remember the new stat.
        guard ContentHash.of(path: path) == entry.hash else { return nil }
        entries.withLock { $0[path]?.fingerprint = fingerprint }
        return entry.plugin
    }
}

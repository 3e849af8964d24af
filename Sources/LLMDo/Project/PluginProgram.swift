extension ProjectLoader {
    /// A program over one plugin file and the built-in toolsets, with no workers: what
    /// `llmdo call libx.so toolset.function '{…}'` calls into (``Runtime/callTool(_:arguments:)``).
    ///
    /// Its entry is the plugin's code entry when it has exactly one; otherwise running the
    /// program fails with a message saying it has no entry.
    ///
    /// - Parameters:
    ///   - path: the `.so` file (absolute, relative to `workingDirectory`, or a bare name searched
    ///     like a manifest's `plugin_files`).
    ///   - workingDirectory: the folder relative paths start from; also the program's root.
    /// - Throws: ``ProjectError`` when the plugin does not load, or a toolset of it has a
    ///   built-in toolset's name.
    package static func loadPlugin(path: String, workingDirectory: String) throws(ProjectError) -> Program {
        let plugin = try PluginLoading.load(declaredPath: path, projectRoot: workingDirectory)
        var toolsets = BuiltinToolsets.all()
        for toolset in plugin.toolsets {
            if toolsets[toolset.name] != nil {
                throw ProjectError(ProjectDiagnostic(
                    file: path, message: "toolset '\(toolset.name)' is defined twice: here and as a built-in toolset"))
            }
            toolsets[toolset.name] = toolset
        }
        let entry: any CodeEntry = plugin.entries.count == 1 ? plugin.entries[0] : NoEntry(file: path)
        return Program(
            projectRoot: workingDirectory, manifest: Manifest(path: plugin.resolvedPath), workers: [:], toolsets: toolsets,
            plugins: [plugin], entry: .code(entry))
    }
}

/// The entry of a plugin-only program without exactly one code entry: running it says so.
private struct NoEntry: CodeEntry {
    let file: String
    var name: String { "(none)" }
    func run(input: JSONValue, scope: CallScope) async throws -> JSONValue {
        throw RunError(.unknownName, "\(file) is a plugin without exactly one code entry; call its tools one at a time (llmdo call)")
    }
}

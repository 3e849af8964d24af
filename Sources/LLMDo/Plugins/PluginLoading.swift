import Glibc
import LLMDoToolABI
import Synchronization

/// Loads one plugin file named in a manifest's `plugin_files`.
///
/// Nothing is offered until everything checks out: the file is found and is a shared library,
/// it exports `llmdo_entry_v1`, its ABI major matches, and every descriptor, name and schema
/// is valid (``PluginValidation``). Then the plugin's `init` runs, once per image
/// (``PluginLifecycle``). Loads are serialized process-wide, so two loads of one file never
/// race to initialize the same image.
package enum PluginLoading {
    /// Finds, opens, validates and initializes a plugin.
    ///
    /// - Parameters:
    ///   - declaredPath: as written in the manifest: a path relative to the project root (it
    ///     contains a `/`), or a bare file name (`libcalc_tools.so`) searched in `searchPath`,
    ///     then next to the running executable (where SwiftPM puts this package's plugins).
    ///   - projectRoot: the manifest's folder.
    ///   - searchPath: folders for bare names; by default `LLMDO_PLUGIN_PATH` (colon-separated).
    ///   - executableDirectory: by default the folder of `/proc/self/exe`.
    /// - Returns: the plugin's toolsets and code entries.
    /// - Throws: ``ProjectError`` with every problem found, each naming the file (and the
    ///   toolset and function where there is one).
    package static func load(
        declaredPath: String, projectRoot: String, searchPath: [String]? = nil,
        executableDirectory: String? = PluginImage.executableDirectory()
    ) throws(ProjectError) -> LoadedPlugin {
        let folders = searchPath ?? PluginImage.environmentSearchPath()
        let path = try resolve(declaredPath, projectRoot: projectRoot, searchPath: folders, executableDirectory: executableDirectory)
        let loaded: Result<LoadedPlugin, ProjectError> = loading.withLock { _ in
            Result { () throws(ProjectError) in try open(path, declaredPath: declaredPath) }
        }
        return try loaded.get()
    }

    /// Opens, validates and initializes (under ``loading``).
    private static func open(_ path: String, declaredPath: String) throws(ProjectError) -> LoadedPlugin {
        let image = try PluginImage.open(path, declaredPath: declaredPath)
        let generation: PluginGeneration
        if let live = image.live { generation = live } else { generation = try newGeneration(image, declaredPath: declaredPath) }
        var validation = PluginValidation(file: declaredPath, generation: generation)
        let toolsets = validation.toolsets()
        let entries = validation.entries()
        guard validation.diagnostics.isEmpty else { throw ProjectError(validation.diagnostics) }
        if image.live == nil, let problem = PluginLifecycle.initialize(generation, file: declaredPath) {
            throw ProjectError(problem)
        }
        var versions: [String: String] = [:]
        for toolset in toolsets { versions[toolset.name] = toolset.version }
        return LoadedPlugin(declaredPath: declaredPath, resolvedPath: path, toolsets: toolsets, entries: entries, versions: versions)
    }

    /// Held for a whole load (open, validate, init).
    private static let loading = Mutex(())

    /// Calls a newly opened image's entry function (once per image) and checks its descriptor.
    private static func newGeneration(_ image: PluginImage, declaredPath: String) throws(ProjectError) -> PluginGeneration {
        guard let descriptor = image.entry(HostTable.api) else {
            PluginLifecycle.retire(base: image.base)
            throw ProjectError(ProjectDiagnostic(file: declaredPath, message: "\(LLMDO_ENTRY_SYMBOL) returned NULL instead of a plugin descriptor"))
        }
        switch PluginValidation.readDescriptor(descriptor, file: declaredPath) {
        case .failure(let problem):
            PluginLifecycle.retire(base: image.base)
            throw problem
        case .success(let plugin):
            let generation = PluginGeneration(path: image.realPath, base: image.base, plugin: plugin)
            PluginLifecycle.attach(generation)
            return generation
        }
    }

    /// Where a declared plugin path points.
    static func resolve(_ declared: String, projectRoot: String, searchPath: [String], executableDirectory: String?)
        throws(ProjectError) -> String
    {
        if declared.contains("/") {
            let path = declared.hasPrefix("/") ? declared : "\(projectRoot)/\(declared)"
            guard access(path, F_OK) == 0 else {
                throw ProjectError(ProjectDiagnostic(file: declared, message: "plugin file not found at \(path)"))
            }
            return path
        }
        let folders = searchPath + (executableDirectory.map { [$0] } ?? [])
        for folder in folders where access("\(folder)/\(declared)", F_OK) == 0 { return "\(folder)/\(declared)" }
        let searched = folders.isEmpty ? "nowhere (LLMDO_PLUGIN_PATH is empty)" : folders.joined(separator: ", ")
        throw ProjectError(
            ProjectDiagnostic(
                file: declared,
                message: "plugin not found; a bare file name is searched in LLMDO_PLUGIN_PATH and next to the llmdo executable: \(searched). Write a path with a '/' for a file in the project"))
    }
}

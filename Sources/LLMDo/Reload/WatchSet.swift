import Foundation

/// The files a project is built from: its manifest, its worker files and its plugin files, as
/// absolute paths. A change to any of them can change the program.
struct WatchSet: Sendable, Hashable {
    private(set) var files: Set<String>

    init(files: Set<String>) { self.files = files }

    /// The files `program` was loaded from.
    init(program: Program) {
        var files: Set<String> = [program.manifest.path]
        for declared in program.manifest.workerFiles {
            files.insert(FileSystem.absolute(declared, relativeTo: program.projectRoot))
        }
        // Programs built in memory name pseudo-files ("test-toolsets"); only real paths are watched.
        for plugin in program.plugins where plugin.resolvedPath.hasPrefix("/") {
            files.insert(Self.file(of: plugin))
        }
        self.files = files
    }

    /// The files the manifest at `manifestPath` names, read without loading anything else, so a
    /// file the manifest names but that is missing or broken is watched until it is fixed.
    /// Bare plugin names (found on a search path) are only known once a load succeeds.
    static func declared(manifestPath: String) -> WatchSet {
        var files: Set<String> = [manifestPath]
        let root = (manifestPath as NSString).deletingLastPathComponent
        guard let data = FileManager.default.contents(atPath: manifestPath),
            let text = String(data: data, encoding: .utf8),
            // A manifest that does not parse is reported by the failed load; here it only means
            // there is nothing more to watch than the manifest itself.
            let manifest = try? ManifestParser.parse(text: text, path: manifestPath)
        else { return WatchSet(files: files) }
        for declared in manifest.workerFiles { files.insert(FileSystem.absolute(declared, relativeTo: root)) }
        for declared in manifest.pluginFiles where declared.contains("/") {
            files.insert(FileSystem.absolute(declared, relativeTo: root))
        }
        return WatchSet(files: files)
    }

    /// The plugin's file as the watch set names it (`root/./x.so` and `root/x.so` are one file).
    static func file(of plugin: LoadedPlugin) -> String {
        FileSystem.absolute(plugin.resolvedPath, relativeTo: "/")
    }

    /// Both sets' files.
    func union(_ other: WatchSet) -> WatchSet { WatchSet(files: files.union(other.files)) }

    /// The folders holding the files; inotify watches these, because an atomic save replaces
    /// the file (a new inode) and only the folder sees the rename.
    var directories: Set<String> { Set(files.map { ($0 as NSString).deletingLastPathComponent }) }
}

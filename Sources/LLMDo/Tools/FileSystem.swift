import Foundation

/// Small file-system helpers shared by the project loader and the runtime. `@usableFromInline`
/// only because ``RuntimeOptions`` defaults its working directory to the current one.
@usableFromInline package enum FileSystem {
    /// The process's current directory.
    @usableFromInline package static func currentDirectory() -> String { FileManager.default.currentDirectoryPath }

    /// `path` made absolute against `base` and normalized (`.`/`..` removed, no symlink resolution).
    package static func absolute(_ path: String, relativeTo base: String) -> String {
        let joined = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        return (joined as NSString).standardizingPath
    }
}

import Foundation

/// Small file-system helpers shared by the project loader and the runtime.
public enum FileSystem {
    /// The process's current directory.
    public static func currentDirectory() -> String { FileManager.default.currentDirectoryPath }

    /// `path` made absolute against `base` and normalized (`.`/`..` removed, no symlink resolution).
    public static func absolute(_ path: String, relativeTo base: String) -> String {
        let joined = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        return (joined as NSString).standardizingPath
    }
}

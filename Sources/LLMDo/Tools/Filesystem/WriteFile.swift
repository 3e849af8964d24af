import Foundation

/// `write_file`: writes a text file atomically, creating missing parent folders.
///
/// The content goes to a temporary file in the target's folder, is flushed, and is renamed over
/// the target, so a crash or an error never leaves a half-written file, and readers see either
/// the old content or the new. A temporary left by a killed writer is removed by the next write
/// into its folder (``WriteTemporaries``).
enum WriteFile {
    /// Writes `content` to `resolved` (already confined) and returns a confirmation for the model.
    static func run(_ resolved: BaseFolder.Resolved, shownAs path: String, content: String) throws(ToolError) -> String {
        let target = resolved.absolute
        guard let slash = target.lastIndex(of: "/") else { throw ToolError.failed("'\(path)' names no file") }
        let folder = String(target[..<slash])
        var existing = stat()
        let exists = stat(target, &existing) == 0
        if exists, existing.st_mode & S_IFMT == S_IFDIR {
            throw ToolError.failed("'\(path)' is a folder; give a file path")
        }
        try createFolders(resolved, shownAs: path)
        WriteTemporaries.removeStale(in: folder)

        let temporary = WriteTemporaries.newPath(in: folder)
        // Keep an existing file's permission bits; new files get 0644 (less the umask).
        let mode = exists ? existing.st_mode & 0o7777 : 0o644
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
        guard fd >= 0 else { throw failure("cannot create a file in the folder of '\(path)'") }
        var written = false
        defer { if !written { unlink(temporary) } }
        let wroteAll = writeAll(fd, Array(content.utf8))
        if exists { fchmod(fd, mode_t(mode)) }
        let synced = fsync(fd) == 0
        close(fd)
        guard wroteAll, synced else { throw failure("cannot write '\(path)'") }
        guard rename(temporary, target) == 0 else { throw failure("cannot replace '\(path)'") }
        written = true
        return "wrote \(CountText.grouped(content.unicodeScalars.count)) chars to \(path)"
    }

    /// Creates each missing parent folder (plain names below an existing folder in the base).
    private static func createFolders(_ resolved: BaseFolder.Resolved, shownAs path: String) throws(ToolError) {
        guard resolved.missing.count > 1 else { return }
        var folder = resolved.existing
        for component in resolved.missing.dropLast() {
            folder += "/" + component
            if mkdir(folder, 0o755) != 0, errno != EEXIST {
                throw failure("cannot create the folder for '\(path)'")
            }
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }

    private static func failure(_ message: String) -> ToolError {
        ToolError.failed("\(message): \(String(cString: strerror(errno)))")
    }
}

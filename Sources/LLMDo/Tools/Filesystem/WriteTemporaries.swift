import Foundation

/// The temporary files `write_file` renames into place: `.llmdo-write-<pid>-<random>.tmp`,
/// in the target's folder.
///
/// A process killed between creating one and renaming it (kill -9, power loss) leaves it
/// behind. Before each write, the folder's temporaries of this naming are looked at and a stale
/// one is removed. Stale means both: the process whose id is in the name no longer exists, and
/// the file was last modified more than ``staleAge`` ago. A live writer's temporary is never
/// touched (its process exists), and the age rule keeps a writer whose process id is not
/// visible here (another pid namespace sharing the folder) safe while it writes. Names that do
/// not match exactly, including any file a user named similarly, are left alone.
enum WriteTemporaries {
    static let prefix = ".llmdo-write-"
    static let suffix = ".tmp"
    /// How long a dead writer's temporary is kept before it counts as stale.
    static let staleAge: TimeInterval = 60

    /// A fresh temporary's path in `folder`, named for this process.
    static func newPath(in folder: String) -> String {
        folder + "/" + prefix + "\(getpid())-\(String(UInt64.random(in: .min ... .max), radix: 16))" + suffix
    }

    /// Removes the stale temporaries in `folder` (errors are ignored: cleaning is best effort
    /// and must never fail the write that triggered it).
    static func removeStale(in folder: String, now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names {
            guard let owner = ownerProcess(of: name), !isAlive(owner) else { continue }
            let path = folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
            if now.timeIntervalSince(modified) > staleAge { unlink(path) }
        }
    }

    /// The process id in a temporary's name, or nil when `name` is not exactly of this naming.
    static func ownerProcess(of name: String) -> pid_t? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
        let parts = middle.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, !parts[1].isEmpty,
            parts[1].allSatisfy(\.isHexDigit)
        else { return nil }
        return pid
    }

    /// Whether a process with this id exists (one owned by another user counts: EPERM).
    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}

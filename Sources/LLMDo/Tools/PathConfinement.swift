import Foundation

/// A folder the built-in tools may not leave: every path a model gives is resolved inside it
/// (DESIGN: "Built-in tools stay inside their base folder").
///
/// A path is accepted when it is relative, free of control characters, within the system's name
/// and length limits, and its existing part resolves (after `..` and symlinks, one component at
/// a time, so nothing outside is even probed) to a place inside the base. The part that does not
/// exist yet must be plain names: no `.`/`..` and no dangling symlinks.
///
/// Refusals are ``ToolError/failed(_:)`` with a message for the model that never names anything
/// outside the base (no symlink targets, no absolute paths beyond the one it gave).
///
/// Checking and using a path are two steps, so a folder swapped for a symlink in between could
/// escape; the built-in tools cannot create symlinks, and `read_file` opens with `O_NOFOLLOW`.
struct BaseFolder: Sendable, Hashable {
    /// The base, resolved (`realpath`): no symlinks, no trailing slash.
    let root: String

    /// Which folder a built-in toolset works in.
    enum Location: Sendable, Hashable {
        case projectRoot, workingDirectory

        /// The folder this location names for one worker call, resolved.
        func folder(in context: ToolsetContext) throws(ToolError) -> BaseFolder {
            try BaseFolder(self == .projectRoot ? context.projectRoot : context.workingDirectory)
        }
    }

    /// The longest name one path component may have (`NAME_MAX`, in bytes).
    static let maxNameBytes = 255
    /// The longest path accepted (`PATH_MAX`, in bytes).
    static let maxPathBytes = 4096

    /// Resolves the base folder itself.
    /// - Throws: ``ToolError/failed(_:)`` when the folder does not exist or is not a folder.
    init(_ path: String) throws(ToolError) {
        guard let real = Self.realPath(path) else {
            throw ToolError.failed("the base folder \(path) does not exist")
        }
        var info = stat()
        guard stat(real, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw ToolError.failed("the base folder \(path) is not a folder")
        }
        self.root = real
    }

    /// A path resolved inside the base.
    struct Resolved: Sendable, Hashable {
        /// Absolute path with every existing component's symlinks resolved.
        let absolute: String
        /// Whether the path (every component) exists.
        let exists: Bool
        /// The deepest existing folder on the way (resolved); `absolute` itself when it exists.
        let existing: String
        /// Components below the deepest existing folder, all plain names (empty when `exists`).
        let missing: [String]
    }

    /// Resolves a path a model gave, relative to the base.
    ///
    /// - Parameter path: a relative path (`notes/a.txt`, `.`, `src/../README.md`).
    /// - Returns: where it lands inside the base.
    /// - Throws: ``ToolError/failed(_:)`` naming the path and the rule it breaks.
    func resolve(_ path: String) throws(ToolError) -> Resolved {
        try Self.checkShape(path)
        var current = root
        let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var index = 0
        while index < components.count {
            let component = components[index]
            if component == "." { index += 1; continue }
            let candidate = current + "/" + component
            guard let real = Self.realPath(candidate) else {
                // realpath fails for a missing entry, but also for a dangling symlink, which a
                // write would otherwise follow out of the base.
                var info = stat()
                if lstat(candidate, &info) == 0 {
                    throw ToolError.failed("'\(path)' goes through a symbolic link whose target is missing or unreadable")
                }
                break
            }
            guard contains(real) else {
                throw ToolError.failed("'\(path)' is outside the base folder; use a path inside it")
            }
            current = real
            index += 1
        }
        let missing = Array(components[index...].filter { $0 != "." })
        if missing.contains("..") {
            throw ToolError.failed("'\(path)' uses '..' after a folder that does not exist")
        }
        let absolute = missing.isEmpty ? current : current + "/" + missing.joined(separator: "/")
        return Resolved(absolute: absolute, exists: missing.isEmpty, existing: current, missing: missing)
    }

    /// The path of `absolute` relative to the base (`.` for the base itself).
    func relative(_ absolute: String) -> String {
        if absolute == root { return "." }
        let prefix = root == "/" ? "/" : root + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }

    /// Whether a resolved absolute path is the base or below it.
    func contains(_ real: String) -> Bool {
        real == root || real.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// Rules that need no file system: relative, no control characters, within name limits.
    static func checkShape(_ path: String) throws(ToolError) {
        if path.isEmpty { throw ToolError.failed("the path is empty; use '.' for the base folder") }
        if path.hasPrefix("/") {
            throw ToolError.failed("'\(path)' is an absolute path; use a path relative to the base folder")
        }
        if let control = path.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            let code = String(control.value, radix: 16, uppercase: true)
            throw ToolError.failed(
                "the path \(path.debugDescription) contains a control character (U+\(String(repeating: "0", count: 4 - code.count))\(code)); use a plain name")
        }
        if path.utf8.count > maxPathBytes {
            throw ToolError.failed("the path is \(path.utf8.count) bytes long; the limit is \(maxPathBytes)")
        }
        for component in path.split(separator: "/") where component.utf8.count > maxNameBytes {
            throw ToolError.failed(
                "a name in the path is \(component.utf8.count) bytes long; the limit is \(maxNameBytes) bytes per name")
        }
    }

    /// `realpath(3)`, or nil when the path (or a component) does not resolve.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

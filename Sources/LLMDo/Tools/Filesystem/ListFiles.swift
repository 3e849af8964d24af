import Foundation

/// `list_files`: the files under a folder that match a glob, sorted, bounded in count.
///
/// Paths are relative to the base folder, so they can be passed to `read_file` as they are.
/// Symlinked folders are listed but never entered (they may lead out of the base, or loop).
enum ListFiles {
    /// Matches returned at most.
    static let maxResults = 1_000
    /// Entries examined at most, so a huge tree cannot stall the call.
    static let maxScanned = 200_000

    static func run(_ base: BaseFolder, folder resolved: BaseFolder.Resolved, shownAs path: String, pattern: String)
        throws(ToolError) -> JSONValue
    {
        let glob = try PathGlob(pattern)
        guard resolved.exists else { throw ToolError.failed("'\(path)' does not exist") }
        var info = stat()
        guard stat(resolved.absolute, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw ToolError.failed("'\(path)' is not a folder")
        }
        var walk = Walk(glob: glob)
        walk.visit(resolved.absolute, relative: [])
        walk.matches.sort()
        let prefix = base.relative(resolved.absolute)
        let shown = walk.matches.prefix(maxResults).map { name -> JSONValue in
            .string(prefix == "." ? name : prefix + "/" + name)
        }
        var result: JSONObject = ["files": .array(Array(shown)), "truncated": .bool(false)]
        if walk.matches.count > maxResults {
            result["truncated"] = true
            result["note"] = .string(
                "showing the first \(CountText.grouped(maxResults)) of \(CountText.grouped(walk.matches.count)) matches; narrow the path or pattern")
        } else if walk.scanned >= maxScanned {
            result["truncated"] = true
            result["note"] = .string(
                "stopped after examining \(CountText.grouped(maxScanned)) entries; narrow the path or pattern")
        }
        return .object(result)
    }

    private struct Walk {
        let glob: PathGlob
        var matches: [String] = []
        var scanned = 0

        mutating func visit(_ folder: String, relative: [Substring]) {
            guard let directory = opendir(folder) else { return }
            defer { closedir(directory) }
            while scanned < ListFiles.maxScanned, let entry = readdir(directory) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                scanned += 1
                let path = relative + [Substring(name)]
                var isFolder = Int32(entry.pointee.d_type) == DT_DIR
                if Int32(entry.pointee.d_type) == DT_UNKNOWN {
                    var info = stat()
                    isFolder = lstat(folder + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
                }
                if isFolder {
                    if glob.maxDepth.map({ path.count < $0 }) ?? true { visit(folder + "/" + name, relative: path) }
                } else if glob.matches(path) {
                    matches.append(path.joined(separator: "/"))
                }
            }
        }
    }
}

/// A glob pattern over `/`-separated relative paths: `*` matches any run of characters within
/// one name, `?` one character, and a `**` segment zero or more whole names (pathlib semantics:
/// `*.txt` matches only at the top, `**/*.txt` at any depth).
struct PathGlob: Sendable, Hashable {
    private enum Segment: Sendable, Hashable {
        case anyDepth
        case name(String)
    }

    private let segments: [Segment]

    /// The deepest path (in names) the pattern can match; `nil` when `**` makes it unbounded.
    let maxDepth: Int?

    /// Compiles a pattern.
    /// - Throws: ``ToolError/failed(_:)`` for an absolute pattern or one that climbs with `..`.
    init(_ pattern: String) throws(ToolError) {
        if pattern.hasPrefix("/") {
            throw ToolError.failed("the pattern '\(pattern)' is absolute; patterns are relative to the listed folder")
        }
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        if parts.contains("..") {
            throw ToolError.failed("the pattern '\(pattern)' uses '..'; list the folder you mean with the path argument")
        }
        segments = parts.map { $0 == "**" ? .anyDepth : .name(String($0)) }
        maxDepth = segments.contains(.anyDepth) ? nil : segments.count
    }

    /// Whether a relative path (its names, in order) matches.
    ///
    /// Dynamic programming over (pattern segment, path name), so patterns with several `**`
    /// stay linear in the path's depth instead of backtracking exponentially.
    func matches(_ path: [Substring]) -> Bool {
        // reach[j]: the segments so far match the first j names.
        var reach = [Bool](repeating: false, count: path.count + 1)
        reach[0] = true
        for segment in segments {
            var next = [Bool](repeating: false, count: path.count + 1)
            switch segment {
            case .anyDepth:
                var reached = false
                for j in reach.indices {
                    reached = reached || reach[j]
                    next[j] = reached
                }
            case .name(let pattern):
                for j in path.indices where reach[j] && Glob.matches(String(path[j]), pattern: pattern) {
                    next[j + 1] = true
                }
            }
            reach = next
        }
        return reach[path.count]
    }
}

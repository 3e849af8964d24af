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

    /// Whether a relative path (names joined by `/`) matches.
    func matches(_ path: [Substring]) -> Bool { Self.match(segments[...], path[...]) }

    private static func match(_ pattern: ArraySlice<Segment>, _ path: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        switch first {
        case .anyDepth:
            return match(pattern.dropFirst(), path) || (!path.isEmpty && match(pattern, path.dropFirst()))
        case .name(let name):
            guard let component = path.first, Glob.matches(String(component), pattern: name) else { return false }
            return match(pattern.dropFirst(), path.dropFirst())
        }
    }
}

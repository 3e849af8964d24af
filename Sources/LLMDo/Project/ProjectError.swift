/// A problem in a project's files: where it is, and what was expected.
///
/// Rendered as `file:line: field: message` (parts omitted when unknown), e.g.
/// `workers/triage.worker:4: toolsets: unknown toolset 'filesytem'; did you mean 'filesystem_project'?`.
public struct ProjectDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The file with the problem (the manifest, a worker file, a plugin).
    public var file: String
    /// The line, when known.
    public var line: Int?
    /// The JSON path or frontmatter field (`runtime.max_depth`), if any.
    public var field: String?
    /// What is wrong and what was expected.
    public var message: String

    /// A diagnostic; `line` and `field` when known.
    public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let field, !field.isEmpty { return "\(location): \(field): \(message)" }
        return "\(location): \(message)"
    }
}

/// Every problem found while loading and linking a project (not just the first).
public struct ProjectError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, in file order.
    public var diagnostics: [ProjectDiagnostic]

    /// An error listing `diagnostics`.
    public init(_ diagnostics: [ProjectDiagnostic]) { self.diagnostics = diagnostics }
    /// An error of one diagnostic.
    public init(_ diagnostic: ProjectDiagnostic) { self.diagnostics = [diagnostic] }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Suggests the closest known name for a misspelled one ("did you mean …?").
enum DidYouMean {
    /// The closest candidate within a small edit distance, if any.
    static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        let limit = max(2, name.count / 3)
        for candidate in candidates {
            let distance = editDistance(name.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// `"; did you mean 'x'?"` or the empty string.
    static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        suggestion(for: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

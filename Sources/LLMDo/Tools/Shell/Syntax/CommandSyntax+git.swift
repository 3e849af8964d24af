/// The allow-lists of the pre-approved git subcommands (`git log|show|diff|status`).
///
/// Matched exactly (``CommandSyntax/Style/exact``): git's own parsers accept abbreviations of
/// some options, so only full names are allowed and an abbreviation is refused. Left out: every
/// option that writes a file (`--output`), names another repository or work tree (`--git-dir`,
/// `--work-tree`, `--no-index`), runs a configured program (`--ext-diff`, `--textconv`,
/// `--show-signature`), or reads a file of options or paths (`--pathspec-from-file`).
/// Global options before the subcommand (`git -c`, `git -C`) never match a rule's prefix.
extension CommandSyntax {
    /// Output options shared by log, show and diff.
    private static let gitDiffFlags = [
        "stat", "shortstat", "numstat", "name-only", "name-status", "patch", "no-patch", "raw", "summary",
        "no-color", "ignore-all-space", "ignore-space-change", "ignore-blank-lines", "ignore-cr-at-eol", "minimal",
        "patience", "histogram", "no-renames", "full-index", "text", "compact-summary", "no-prefix", "check",
    ]
    private static let gitDiffValues: [String: Arity] = [
        "unified": .required(.text), "word-diff": .optional(.text), "color": .optional(.text),
        "find-renames": .optional(.text), "abbrev": .optional(.text), "diff-filter": .required(.text),
        "stat-width": .required(.text), "src-prefix": .required(.text), "dst-prefix": .required(.text),
        "diff-algorithm": .required(.text),
    ]
    private static let gitDiffShort: [Character: Value?] = [
        "p": nil, "u": nil, "s": nil, "w": nil, "b": nil, "a": nil, "z": nil, "U": .text,
    ]

    private static let gitLogFlags = [
        "oneline", "graph", "no-decorate", "all", "reverse", "first-parent", "merges", "no-merges", "follow",
        "abbrev-commit", "no-abbrev-commit", "date-order", "topo-order", "author-date-order", "source", "left-right",
        "cherry-pick", "boundary", "full-history", "simplify-merges", "regexp-ignore-case", "extended-regexp",
        "fixed-strings", "all-match", "invert-grep", "parents", "children", "relative-date", "notes", "no-notes",
    ]
    private static let gitLogValues: [String: Arity] = [
        "author": .required(.text), "committer": .required(.text), "grep": .required(.text),
        "since": .required(.text), "until": .required(.text), "after": .required(.text), "before": .required(.text),
        "format": .required(.text), "pretty": .optional(.text), "date": .required(.text),
        "max-count": .required(.text), "skip": .required(.text), "min-parents": .required(.text),
        "max-parents": .required(.text), "decorate": .optional(.text), "branches": .optional(.text),
        "tags": .optional(.text),
    ]
    private static let gitLogShort: [Character: Value?] = ["n": .text, "S": .text, "G": .text, "i": nil, "E": nil, "F": nil]

    private static func git(flags: [String], values: [String: Arity], short: [Character: Value?]) -> CommandSyntax {
        var long = values
        for name in flags { long[name] = Arity.none }
        return CommandSyntax(style: .exact, shortOptions: short, longOptions: long, numericCount: true)
    }

    static let gitLog = git(
        flags: gitDiffFlags + gitLogFlags, values: gitDiffValues.merging(gitLogValues) { $1 },
        short: gitDiffShort.merging(gitLogShort) { $1 })
    static let gitShow = gitLog
    static let gitDiff = git(
        flags: gitDiffFlags + ["cached", "staged", "merge-base", "exit-code", "quiet", "ours", "theirs", "base"],
        values: gitDiffValues, short: gitDiffShort.merging(["R": nil, "M": nil]) { $1 })
    static let gitStatus = CommandSyntax(
        style: .exact,
        shortOptions: ["s": nil, "b": nil, "z": nil, "v": nil],
        longOptions: [
            "short": .none, "branch": .none, "long": .none, "verbose": .none, "show-stash": .none,
            "ahead-behind": .none, "no-ahead-behind": .none, "renames": .none, "no-renames": .none, "null": .none,
            "porcelain": .optional(.text), "untracked-files": .optional(.text), "ignored": .optional(.text),
            "ignore-submodules": .optional(.text),
        ])
}

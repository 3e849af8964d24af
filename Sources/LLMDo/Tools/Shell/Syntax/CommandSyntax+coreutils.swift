/// The allow-lists of the pre-approved coreutils and grep commands.
///
/// `programLongOptions` lists every long option the program has (from `--help` of GNU coreutils
/// 9.1 and grep 3.8, plus those of later releases), so abbreviations resolve as the program
/// resolves them. Deliberately left out (each reads or writes a file the operands do not name,
/// runs a program, or follows symlinks out of the base): `sort -o -T --compress-program
/// --files0-from --random-source`, `wc --files0-from`, `grep -R -X`, `ls -L -H --dereference…`,
/// `mv -S --suffix`, and `uniq`'s OUTPUT operand.
extension CommandSyntax {
    /// Short options: every letter of `flags` takes no value; `values` take one.
    private static func short(_ flags: String, _ values: [Character: Value] = [:]) -> [Character: Value?] {
        var table: [Character: Value?] = [:]
        for letter in flags { table[letter] = .some(nil) }
        for (letter, kind) in values { table[letter] = kind }
        return table
    }

    /// Long options taking no value, plus `others`.
    private static func long(_ flags: [String], _ others: [String: Arity] = [:]) -> [String: Arity] {
        var table = others
        for name in flags { table[name] = Arity.none }
        return table
    }

    private static let standard: Set<String> = ["help", "version"]

    static let wc = CommandSyntax(
        shortOptions: short("clLmw"),
        longOptions: long(["bytes", "chars", "lines", "max-line-length", "words"]),
        programLongOptions: standard.union(["bytes", "chars", "lines", "max-line-length", "words", "files0-from", "total"]))

    static let head = CommandSyntax(
        shortOptions: short("qvz", ["c": .text, "n": .text]),
        longOptions: long(["quiet", "silent", "verbose", "zero-terminated"], ["bytes": .required(.text), "lines": .required(.text)]),
        programLongOptions: standard.union(["bytes", "lines", "quiet", "silent", "verbose", "zero-terminated"]),
        numericCount: true)

    static let tail = CommandSyntax(
        shortOptions: short("fFqvz", ["c": .text, "n": .text, "s": .text]),
        longOptions: long(
            ["quiet", "silent", "verbose", "zero-terminated", "retry"],
            [
                "bytes": .required(.text), "lines": .required(.text), "follow": .optional(.text),
                "sleep-interval": .required(.text), "max-unchanged-stats": .required(.text),
            ]),
        programLongOptions: standard.union([
            "bytes", "follow", "lines", "max-unchanged-stats", "pid", "quiet", "retry", "silent", "sleep-interval",
            "verbose", "zero-terminated", "debug",
        ]),
        numericCount: true)

    static let sort = CommandSyntax(
        shortOptions: short("bcCdfghiMmnRrsuVz", ["k": .text, "t": .text, "S": .text]),
        longOptions: long(
            [
                "debug", "dictionary-order", "general-numeric-sort", "human-numeric-sort", "ignore-case",
                "ignore-leading-blanks", "ignore-nonprinting", "merge", "month-sort", "numeric-sort", "random-sort",
                "reverse", "stable", "unique", "version-sort", "zero-terminated",
            ],
            [
                "batch-size": .required(.text), "buffer-size": .required(.text), "check": .optional(.text),
                "field-separator": .required(.text), "key": .required(.text), "parallel": .required(.text),
                "sort": .required(.text),
            ]),
        programLongOptions: standard.union([
            "batch-size", "buffer-size", "check", "compress-program", "debug", "dictionary-order", "field-separator",
            "files0-from", "general-numeric-sort", "human-numeric-sort", "ignore-case", "ignore-leading-blanks",
            "ignore-nonprinting", "key", "merge", "month-sort", "numeric-sort", "output", "parallel", "random-sort",
            "random-source", "reverse", "sort", "stable", "temporary-directory", "unique", "version-sort",
            "zero-terminated",
        ]))

    /// `uniq [INPUT [OUTPUT]]`: one operand only, since the second is a file uniq writes.
    static let uniq = CommandSyntax(
        shortOptions: short("cdDiuz", ["f": .text, "s": .text, "w": .text]),
        longOptions: long(
            ["count", "ignore-case", "repeated", "unique", "zero-terminated"],
            [
                "all-repeated": .optional(.text), "group": .optional(.text), "check-chars": .required(.text),
                "skip-chars": .required(.text), "skip-fields": .required(.text),
            ]),
        programLongOptions: standard.union([
            "all-repeated", "check-chars", "count", "group", "ignore-case", "repeated", "skip-chars", "skip-fields",
            "unique", "zero-terminated",
        ]),
        operands: .paths(max: 1))

    static let cat = CommandSyntax(
        shortOptions: short("AbeEnstTuv"),
        longOptions: long([
            "show-all", "number", "number-nonblank", "show-ends", "show-nonprinting", "show-tabs", "squeeze-blank",
        ]),
        programLongOptions: standard.union([
            "show-all", "number", "number-nonblank", "show-ends", "show-nonprinting", "show-tabs", "squeeze-blank",
        ]))

    static let ls = CommandSyntax(
        shortOptions: short("aAbBcCdDfFgGhiklmnNopqQrRsStuUvxXZ1", ["I": .text, "w": .text, "T": .text]),
        longOptions: long(
            [
                "all", "almost-all", "author", "context", "directory", "dired", "escape", "file-type", "full-time",
                "group-directories-first", "hide-control-chars", "human-readable", "ignore-backups", "inode",
                "kibibytes", "literal", "no-group", "numeric-uid-gid", "quote-name", "recursive", "reverse",
                "show-control-chars", "si", "size", "zero",
            ],
            [
                "block-size": .required(.text), "classify": .optional(.text), "color": .optional(.text),
                "format": .required(.text), "hide": .required(.text), "hyperlink": .optional(.text),
                "ignore": .required(.text), "indicator-style": .required(.text), "quoting-style": .required(.text),
                "sort": .required(.text), "tabsize": .required(.text), "time": .required(.text),
                "time-style": .required(.text), "width": .required(.text),
            ]),
        programLongOptions: standard.union([
            "all", "almost-all", "author", "block-size", "classify", "color", "context", "dereference",
            "dereference-command-line", "dereference-command-line-symlink-to-dir", "directory", "dired", "escape",
            "file-type", "format", "full-time", "group-directories-first", "hide", "hide-control-chars",
            "human-readable", "hyperlink", "ignore", "ignore-backups", "indicator-style", "inode", "kibibytes",
            "literal", "no-group", "numeric-uid-gid", "quote-name", "quoting-style", "recursive", "reverse",
            "show-control-chars", "si", "size", "sort", "tabsize", "time", "time-style", "width", "zero",
        ]))

    /// grep: the pattern is the first operand unless `-e`/`-f` gave it; `-f FILE` and
    /// `--exclude-from=FILE` are files, confined like operands.
    static let grep = CommandSyntax(
        shortOptions: short(
            "abcEFGhHilLnoPqrsTUvVwxyzZ0123456789",
            ["A": .text, "B": .text, "C": .text, "m": .text, "e": .text, "d": .text, "D": .text, "f": .path]),
        longOptions: long(
            [
                "basic-regexp", "binary", "byte-offset", "count", "extended-regexp", "files-with-matches",
                "files-without-match", "fixed-strings", "ignore-case", "initial-tab", "invert-match", "line-buffered",
                "line-number", "line-regexp", "no-filename", "no-group-separator", "no-ignore-case", "no-messages",
                "null", "null-data", "only-matching", "perl-regexp", "quiet", "recursive", "silent", "text",
                "with-filename", "word-regexp",
            ],
            [
                "after-context": .required(.text), "before-context": .required(.text), "context": .required(.text),
                "binary-files": .required(.text), "color": .optional(.text), "colour": .optional(.text),
                "devices": .required(.text), "directories": .required(.text), "exclude": .required(.text),
                "exclude-dir": .required(.text), "exclude-from": .required(.path), "file": .required(.path),
                "group-separator": .required(.text), "include": .required(.text), "label": .required(.text),
                "max-count": .required(.text), "regexp": .required(.text),
            ]),
        programLongOptions: standard.union([
            "after-context", "basic-regexp", "before-context", "binary", "binary-files", "byte-offset", "color",
            "colour", "context", "count", "dereference-recursive", "devices", "directories", "exclude", "exclude-dir",
            "exclude-from", "extended-regexp", "file", "files-with-matches", "files-without-match", "fixed-strings",
            "group-separator", "ignore-case", "include", "initial-tab", "invert-match", "label", "line-buffered",
            "line-number", "line-regexp", "max-count", "no-filename", "no-group-separator", "no-ignore-case",
            "no-messages", "null", "null-data", "only-matching", "perl-regexp", "quiet", "recursive", "regexp",
            "silent", "text", "with-filename", "word-regexp",
        ]),
        operands: .patternThenPaths(patternOptions: ["-e", "-f", "--regexp", "--file"]))

    /// mv (shell_file_ops, always approved by the operator): `-t DIR` is a path.
    static let mv = CommandSyntax(
        shortOptions: short("bfinuvT", ["t": .path]),
        longOptions: long(
            ["force", "interactive", "no-clobber", "no-target-directory", "strip-trailing-slashes", "verbose"],
            ["backup": .optional(.text), "target-directory": .required(.path), "update": .optional(.text)]),
        programLongOptions: standard.union([
            "backup", "context", "debug", "exchange", "force", "interactive", "no-clobber", "no-copy",
            "no-target-directory", "strip-trailing-slashes", "suffix", "target-directory", "update", "verbose",
        ]))
}

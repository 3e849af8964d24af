/// `find`'s own grammar: `find [-P] [starting-point…] [expression]`, where the expression is a
/// sequence of primaries, operators and their arguments. Only the listed primaries are allowed:
/// tests, `-print`-style output to stdout, and operators. Nothing that runs a program
/// (`-exec`, `-ok`), deletes (`-delete`), writes files (`-fprint`, `-fls`), reads file lists
/// (`-files0-from`) or follows symlinks (`-L`, `-H`, `-follow`) is on it.
enum FindSyntax {
    /// Primaries and operators, with the kind of the argument each takes (`nil`: none).
    static let primaries: [String: CommandSyntax.Value?] = {
        var table: [String: CommandSyntax.Value?] = [:]
        for name in [
            "-print", "-print0", "-prune", "-empty", "-true", "-false", "-depth", "-mount", "-xdev", "-noleaf",
            "-daystart", "-nouser", "-nogroup", "-readable", "-writable", "-executable", "-ls", "-quit", "-not", "-a", "-o", "-and", "-or",
            "!", "(", ")", ",", "-nowarn", "-warn", "-ignore_readdir_race", "-noignore_readdir_race",
        ] {
            table[name] = .some(nil)
        }
        for name in [
            "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-regextype",
            "-lname", "-ilname", "-type", "-xtype", "-size", "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin",
            "-used", "-perm", "-user", "-group", "-uid", "-gid", "-links", "-inum", "-maxdepth", "-mindepth",
            "-printf", "-fstype",
        ] {
            table[name] = .text
        }
        for name in ["-samefile", "-newer", "-anewer", "-cnewer"] { table[name] = .path }
        return table
    }()

    /// The starting points and path arguments of a `find` command.
    /// - Throws: ``ToolError/failed(_:)`` naming the refused primary.
    static func paths(in arguments: ArraySlice<String>) throws(ToolError) -> [String] {
        var rest = arguments
        var paths: [String] = []
        // Leading options: only -P (never follow symlinks, the default).
        while let first = rest.first, first == "-P" { rest.removeFirst() }
        // Starting points: everything before the first expression token.
        while let first = rest.first, !isExpressionStart(first) {
            paths.append(first)
            rest.removeFirst()
        }
        while let token = rest.popFirst() {
            guard let entry = primaries[token] else {
                let allowed = primaries.keys.sorted().joined(separator: " ")
                throw ToolError.failed("'find' does not allow '\(token)'; allowed primaries and operators: \(allowed)")
            }
            guard let kind = entry else { continue }
            guard let value = rest.popFirst() else { throw ToolError.failed("'find': '\(token)' needs an argument") }
            if kind == .path { paths.append(value) }
        }
        return paths
    }

    /// find treats an argument starting with `-`, or one of `!`, `(`, `)`, `,`, as the start of the expression.
    private static func isExpressionStart(_ argument: String) -> Bool {
        argument.hasPrefix("-") || ["!", "(", ")", ","].contains(argument)
    }
}

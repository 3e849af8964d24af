/// Splits a command line into arguments with POSIX shell quoting rules, refusing everything that
/// would make a shell do more than run one program.
///
/// Quoting: `'…'` is literal; inside `"…"` a backslash escapes only `$`, `` ` ``, `"`, `\` and
/// newline; outside quotes a backslash escapes any character (and backslash-newline is removed).
/// Refused outside single quotes: `|`, `&`, `;`, `<`, `>`, `(`, `)`, newline, backquote and `$`
/// expansions (`$(`, `${`, `$NAME`, `$1`, `$?`, …); inside double quotes only the expansions, since there a
/// shell would still run them. Quoted metacharacters are plain arguments (`grep "a|b" file`).
/// Nothing is expanded: no globs, no `~`, no variables (the command runs without a shell).
enum ShellCommandParser {
    /// The arguments of `command`.
    /// - Throws: ``ToolError/failed(_:)`` naming the refused character or the unclosed quote.
    static func parse(_ command: String) throws(ToolError) -> [String] {
        var arguments: [String] = []
        var current = ""
        var inArgument = false  // distinguishes `''` (an empty argument) from no argument
        var scalars = Array(command.unicodeScalars)[...]

        func refuse(_ what: String) -> ToolError {
            ToolError.failed(
                "\(what) is not allowed: commands run without a shell, one program at a time (no pipes, redirection, "
                    + "sequencing, substitution or variables). Quote it if it is meant as a plain argument.")
        }

        func checkExpansion(_ scalar: Unicode.Scalar, next: Unicode.Scalar?) throws(ToolError) {
            if scalar == "`" { throw refuse("a backquote (command substitution)") }
            if scalar == "$", let next, "({_?$#@*!-".unicodeScalars.contains(next) || next.properties.isAlphabetic
                || next.properties.numericType != nil
            {
                throw refuse("'$\(next)' (expansion)")
            }
        }

        while let scalar = scalars.popFirst() {
            switch scalar {
            case " ", "\t":
                if inArgument { arguments.append(current) }
                current = ""
                inArgument = false
            case "\n":
                throw refuse("a newline (a second command)")
            case "|", "&", ";", "<", ">", "(", ")":
                throw refuse("an unquoted '\(scalar)'")
            case "\\":
                guard let next = scalars.popFirst() else { throw ToolError.failed("the command ends with a lone backslash") }
                if next != "\n" {
                    current.unicodeScalars.append(next)
                    inArgument = true
                }
            case "'":
                inArgument = true
                guard let end = scalars.firstIndex(of: "'") else { throw ToolError.failed("a single quote is not closed") }
                current.unicodeScalars.append(contentsOf: scalars[..<end])
                scalars = scalars[(end + 1)...]
            case "\"":
                inArgument = true
                var closed = false
                while let inner = scalars.popFirst() {
                    if inner == "\"" { closed = true; break }
                    try checkExpansion(inner, next: scalars.first)
                    if inner == "\\", let next = scalars.first, "$`\"\\\n".unicodeScalars.contains(next) {
                        scalars.removeFirst()
                        if next != "\n" { current.unicodeScalars.append(next) }
                    } else {
                        current.unicodeScalars.append(inner)
                    }
                }
                if !closed { throw ToolError.failed("a double quote is not closed") }
            default:
                try checkExpansion(scalar, next: scalars.first)
                current.unicodeScalars.append(scalar)
                inArgument = true
            }
        }
        if inArgument { arguments.append(current) }
        if arguments.isEmpty { throw ToolError.failed("the command is empty") }
        return arguments
    }
}

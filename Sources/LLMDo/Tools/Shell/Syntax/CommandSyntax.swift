/// The options a pre-approved command accepts, read the way the program itself reads them.
///
/// Every option not listed is refused: the shell's first layer is an allow-list, never a list of
/// known-bad strings. Two option grammars are modelled:
/// - ``Style/getopt``: GNU `getopt_long` with argument permutation, as coreutils and grep parse.
///   A long option may be abbreviated to any unambiguous prefix of the program's own long options
///   (so the abbreviation is resolved against ``programLongOptions``, then checked against the
///   allow-list), takes its value as `--opt=value` or `--opt value`; short options cluster
///   (`-rn`), and a value-taking letter takes the rest of the cluster or the next argument; `--`
///   ends the options, after which everything is an operand.
/// - ``Style/exact``: git's subcommands. Long options are matched exactly (never abbreviated),
///   values only as `--opt=value`; short options stand alone (`-p`, `-n5`, `-n 5`).
///
/// Operands and option values of kind ``Value/path`` are returned for confinement to the base
/// folder (``ShellArguments``).
struct CommandSyntax: Sendable {
    /// What an option's value or an operand is.
    enum Value: Sendable, Hashable {
        /// Free text (a pattern, a number, a format): never opened as a file.
        case text
        /// A file or folder: confined like operands.
        case path
    }

    /// Whether a long option takes a value.
    enum Arity: Sendable, Hashable {
        case none
        case required(Value)
        /// Only as `--opt=value` (getopt's optional arguments).
        case optional(Value)
    }

    /// How operands (non-option arguments) are read.
    enum Operands: Sendable, Hashable {
        /// Files, at most `max` of them (`uniq IN [OUT]` writes OUT, so it gets 1).
        case paths(max: Int?)
        /// grep: the first operand is the pattern, unless one of `patternOptions` gave it; the rest are files.
        case patternThenPaths(patternOptions: Set<String>)
    }

    enum Style: Sendable, Hashable { case getopt, exact }

    var style: Style = .getopt
    /// Allowed short options: the letter, and the kind of its value (`nil` for a flag).
    var shortOptions: [Character: Value?] = [:]
    /// Allowed long options, without the dashes.
    var longOptions: [String: Arity] = [:]
    /// Every long option the program knows (allowed or not), which abbreviations resolve against:
    /// `--compress-prog` is `--compress-program` to sort, so it must be to us.
    var programLongOptions: Set<String> = []
    /// Whether a whole argument of digits (`head -20`) is a count.
    var numericCount = false
    var operands: Operands = .paths(max: nil)

    /// The paths among `arguments` (operands and path-valued options), for confinement.
    ///
    /// - Parameter command: the command's name for messages (`sort`, `git log`).
    /// - Throws: ``ToolError/failed(_:)`` naming the refused option and the command.
    func paths(in arguments: ArraySlice<String>, command: String) throws(ToolError) -> [String] {
        var reader = Reader(syntax: self, command: command, arguments: arguments)
        try reader.read()
        return try reader.pathOperands() + reader.pathValues
    }
}

extension CommandSyntax {
    /// One pass over a command's arguments.
    private struct Reader {
        let syntax: CommandSyntax
        let command: String
        var arguments: ArraySlice<String>
        var operands: [String] = []
        var pathValues: [String] = []
        /// Options seen, as written in `patternOptions` (`-e`, `--regexp`).
        var seen: Set<String> = []

        init(syntax: CommandSyntax, command: String, arguments: ArraySlice<String>) {
            self.syntax = syntax
            self.command = command
            self.arguments = arguments
        }

        mutating func read() throws(ToolError) {
            while let argument = arguments.popFirst() {
                if argument == "--" {
                    operands.append(contentsOf: arguments)
                    return
                }
                if argument == "-" || !argument.hasPrefix("-") {
                    operands.append(argument)
                } else if argument.hasPrefix("--") {
                    try readLong(argument)
                } else if syntax.numericCount, argument.dropFirst().allSatisfy(\.isASCIIDigit) {
                    continue
                } else {
                    try readShort(argument)
                }
            }
        }

        private mutating func readLong(_ argument: String) throws(ToolError) {
            let body = argument.dropFirst(2)
            let equals = body.firstIndex(of: "=")
            let written = String(body[..<(equals ?? body.endIndex)])
            let inline = equals.map { String(body[body.index(after: $0)...]) }
            let name = try resolve(written, argument: argument)
            guard let arity = syntax.longOptions[name] else {
                let given = name == written ? "" : " (given as '\(argument)')"
                throw refusal("the option '--\(name)'\(given)")
            }
            seen.insert("--" + name)
            switch arity {
            case .none:
                if inline != nil { throw ToolError.failed("'\(command)': the option '--\(name)' takes no value ('\(argument)')") }
            case .optional(let kind):
                if let inline { record(inline, kind) }
            case .required(let kind):
                if let inline {
                    record(inline, kind)
                } else if syntax.style == .exact {
                    throw ToolError.failed("'\(command)': give the value of '--\(name)' as '--\(name)=VALUE'")
                } else if let value = arguments.popFirst() {
                    record(value, kind)
                } else {
                    throw ToolError.failed("'\(command)': the option '--\(name)' needs a value")
                }
            }
        }

        /// The full name of a long option as written (the program's abbreviation rules).
        private func resolve(_ written: String, argument: String) throws(ToolError) -> String {
            if syntax.style == .exact || syntax.programLongOptions.contains(written) || written.isEmpty { return written }
            let candidates = syntax.programLongOptions.filter { $0.hasPrefix(written) }.sorted()
            guard candidates.count <= 1 else {
                let names = candidates.map { "--" + $0 }.joined(separator: ", ")
                throw ToolError.failed("'\(command)': the option '\(argument)' is ambiguous (\(names)); write it in full")
            }
            return candidates.first ?? written
        }

        private mutating func readShort(_ argument: String) throws(ToolError) {
            var letters = argument.dropFirst()
            while let letter = letters.popFirst() {
                guard let entry = syntax.shortOptions[letter] else {
                    let within = argument.count > 2 ? " (in '\(argument)')" : ""
                    throw refusal("the option '-\(letter)'\(within)")
                }
                seen.insert("-\(letter)")
                guard let kind = entry else {
                    if syntax.style == .exact, !letters.isEmpty {
                        throw ToolError.failed("'\(command)': write '\(argument)' as separate options ('-\(letter)' alone)")
                    }
                    continue
                }
                if !letters.isEmpty {
                    record(String(letters), kind)
                } else if let value = arguments.popFirst() {
                    record(value, kind)
                } else {
                    throw ToolError.failed("'\(command)': the option '-\(letter)' needs a value")
                }
                return
            }
        }

        private mutating func record(_ value: String, _ kind: Value) {
            if kind == .path { pathValues.append(value) }
        }

        /// The operands that name files.
        func pathOperands() throws(ToolError) -> [String] {
            switch syntax.operands {
            case .paths(let max):
                if let max, operands.count > max {
                    throw ToolError.failed(
                        "'\(command)' accepts at most \(max) file operand\(max == 1 ? "" : "s") here (got \(operands.count))")
                }
                return operands
            case .patternThenPaths(let patternOptions):
                return seen.isDisjoint(with: patternOptions) ? Array(operands.dropFirst()) : operands
            }
        }

        private func refusal(_ what: String) -> ToolError {
            ToolError.failed("'\(command)' does not allow \(what); allowed options: \(syntax.allowedList)")
        }
    }

    /// The allowed options, for messages (`-c -l --lines`).
    var allowedList: String {
        let short = shortOptions.keys.sorted().map { "-\($0)" }
        let long = longOptions.keys.sorted().map { "--\($0)" }
        let all = short + long
        return all.isEmpty ? "none" : all.joined(separator: " ")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// One rule of a shell toolset: a command, the options it accepts, and whether it needs the
/// operator's approval (the llm-do rule model: a command no rule covers is refused).
struct ShellRule: Sendable {
    /// How a command's arguments are read.
    enum Grammar: Sendable {
        /// Options and operands (getopt or git style), checked against an allow-list.
        case options(CommandSyntax)
        /// find's expression grammar (``FindSyntax``).
        case find
    }

    /// The program and any subcommand words that must start the command (`["git", "log"]`).
    var prefix: [String]
    var grammar: Grammar
    /// Whether a matching command needs the operator's approval.
    var approvalRequired: Bool

    /// How a parsed command fares under a rule list.
    enum Verdict: Sendable, Equatable {
        /// Allowed; `paths` are the arguments that name files, for confinement.
        case run(approvalRequired: Bool, paths: [String])
        case refused(String)
    }

    /// The first rule whose prefix starts `arguments` decides.
    static func verdict(for arguments: [String], rules: [ShellRule]) -> Verdict {
        guard let rule = rules.first(where: { arguments.starts(with: $0.prefix) }) else {
            let allowed = rules.map { $0.prefix.joined(separator: " ") }.joined(separator: ", ")
            return .refused("'\(arguments.prefix(2).joined(separator: " "))' is not allowed here; allowed commands: \(allowed)")
        }
        let rest = arguments.dropFirst(rule.prefix.count)
        do {
            let paths: [String]
            switch rule.grammar {
            case .options(let syntax): paths = try syntax.paths(in: rest, command: rule.prefix.joined(separator: " "))
            case .find: paths = try FindSyntax.paths(in: rest)
            }
            return .run(approvalRequired: rule.approvalRequired, paths: paths)
        } catch {
            return .refused(error.message)
        }
    }
}

extension ShellRule {
    private static func preApproved(_ prefix: String, _ syntax: CommandSyntax) -> ShellRule {
        ShellRule(prefix: prefix.split(separator: " ").map(String.init), grammar: .options(syntax), approvalRequired: false)
    }

    /// `shell_readonly`: commands that only read, pre-approved, each with its allow-list.
    static let readOnly: [ShellRule] = [
        preApproved("wc", .wc),
        ShellRule(prefix: ["find"], grammar: .find, approvalRequired: false),
        preApproved("grep", .grep),
        preApproved("head", .head),
        preApproved("tail", .tail),
        preApproved("sort", .sort),
        preApproved("uniq", .uniq),
        preApproved("cat", .cat),
        preApproved("ls", .ls),
        preApproved("git log", .gitLog),
        preApproved("git diff", .gitDiff),
        preApproved("git show", .gitShow),
        preApproved("git status", .gitStatus),
    ]

    /// `shell_file_ops`: list freely, move with approval.
    static let fileOps: [ShellRule] = [
        preApproved("ls", .ls),
        ShellRule(prefix: ["mv"], grammar: .options(.mv), approvalRequired: true),
    ]
}

/// One rule of a shell toolset: the commands it covers and how they are treated (the llm-do
/// rule model: a command no rule covers is refused).
struct ShellRule: Sendable, Hashable {
    /// A way an argument can be named in a rule.
    enum ArgumentMatch: Sendable, Hashable {
        /// Exactly this argument (`-exec`).
        case exact(String)
        /// A long option with or without a value (`--output`, `--output=x`).
        case option(String)
        /// A short option letter, alone, with its value attached, or in a cluster (`o` covers
        /// `-o`, `-ofile`, `-uo`). Over-matches on purpose: refusing too much is the safe side.
        case shortFlag(Character)

        func matches(_ argument: String) -> Bool {
            switch self {
            case .exact(let name): return argument == name
            case .option(let name): return argument == name || argument.hasPrefix(name + "=")
            case .shortFlag(let letter):
                return argument.hasPrefix("-") && !argument.hasPrefix("--") && argument.dropFirst().contains(letter)
            }
        }

        var label: String {
            switch self {
            case .exact(let name), .option(let name): return name
            case .shortFlag(let letter): return "-\(letter)"
            }
        }
    }

    /// The program and any subcommand words that must start the command (`["git", "log"]`).
    var prefix: [String]
    /// Whether a matching command needs the operator's approval.
    var approvalRequired: Bool
    /// Arguments that make a matching command need approval.
    var approvalRequiredIf: [ArgumentMatch] = []
    /// Arguments that make a matching command refused.
    var refusedIf: [ArgumentMatch] = []
    /// The most operands (arguments not starting with `-`) accepted; `nil` for any number.
    var maxOperands: Int? = nil

    /// How a parsed command fares under a rule list.
    enum Verdict: Sendable, Equatable {
        case run(approvalRequired: Bool)
        case refused(String)
    }

    /// The first rule whose prefix starts `arguments` decides.
    static func verdict(for arguments: [String], rules: [ShellRule]) -> Verdict {
        guard let rule = rules.first(where: { arguments.starts(with: $0.prefix) }) else {
            let allowed = rules.map { $0.prefix.joined(separator: " ") }.joined(separator: ", ")
            return .refused("'\(arguments.prefix(2).joined(separator: " "))' is not allowed here; allowed commands: \(allowed)")
        }
        let rest = arguments.dropFirst(rule.prefix.count)
        let command = rule.prefix.joined(separator: " ")
        for argument in rest {
            if let match = rule.refusedIf.first(where: { $0.matches(argument) }) {
                return .refused("'\(command)' with \(match.label) is not allowed (argument '\(argument)')")
            }
        }
        if let limit = rule.maxOperands, rest.filter({ !$0.hasPrefix("-") }).count > limit {
            return .refused("'\(command)' accepts at most \(limit) file argument\(limit == 1 ? "" : "s") here")
        }
        let gated = rule.approvalRequired || rest.contains { argument in rule.approvalRequiredIf.contains { $0.matches(argument) } }
        return .run(approvalRequired: gated)
    }
}

extension ShellRule {
    /// Options after the subcommand that make git write files, run configured programs or
    /// compare files outside the repository. (Global options such as `-c`, `-C` and
    /// `--exec-path` come before the subcommand, so no `git log|diff|show|status` prefix matches.)
    private static let gitRefused: [ArgumentMatch] = [
        .option("--output"), .option("--exec-path"), .option("--git-dir"), .option("--work-tree"),
        .exact("--ext-diff"), .exact("--textconv"), .exact("--no-index"),
    ]

    /// `shell_readonly`: commands that only read, pre-approved. Options that write, run other
    /// programs, read file lists from a file, or follow symlinks out of the base are refused.
    static let readOnly: [ShellRule] = [
        ShellRule(prefix: ["wc"], approvalRequired: false, refusedIf: [.option("--files0-from")]),
        ShellRule(
            prefix: ["find"], approvalRequired: false,
            refusedIf: [
                .exact("-exec"), .exact("-execdir"), .exact("-delete"), .exact("-ok"), .exact("-okdir"),
                .exact("-fprint"), .exact("-fprint0"), .exact("-fprintf"), .exact("-fls"), .exact("-files0-from"),
                .exact("-L"), .exact("-follow"),
            ]),
        ShellRule(prefix: ["grep"], approvalRequired: false, refusedIf: [.shortFlag("R"), .option("--dereference-recursive")]),
        ShellRule(prefix: ["head"], approvalRequired: false),
        ShellRule(prefix: ["tail"], approvalRequired: false),
        ShellRule(
            prefix: ["sort"], approvalRequired: false,
            refusedIf: [.shortFlag("o"), .option("--output"), .option("--compress-program"), .option("--files0-from")]),
        // `uniq IN OUT` writes OUT.
        ShellRule(prefix: ["uniq"], approvalRequired: false, maxOperands: 1),
        ShellRule(prefix: ["cat"], approvalRequired: false),
        ShellRule(prefix: ["ls"], approvalRequired: false),
        ShellRule(prefix: ["git", "log"], approvalRequired: false, refusedIf: gitRefused),
        ShellRule(prefix: ["git", "diff"], approvalRequired: false, refusedIf: gitRefused),
        ShellRule(prefix: ["git", "show"], approvalRequired: false, refusedIf: gitRefused),
        ShellRule(prefix: ["git", "status"], approvalRequired: false, refusedIf: gitRefused),
    ]

    /// `shell_file_ops`: list freely, move with approval.
    static let fileOps: [ShellRule] = [
        ShellRule(prefix: ["ls"], approvalRequired: false),
        ShellRule(prefix: ["mv"], approvalRequired: true),
    ]
}

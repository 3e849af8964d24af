import Testing
@testable import LLMDo

/// The first layer: each pre-approved command's options, read as the program reads them.
@Suite("Shell allow-lists")
struct ShellAllowListTests {
    private func verdict(_ command: String, _ rules: [ShellRule] = ShellRule.readOnly) throws -> ShellRule.Verdict {
        ShellRule.verdict(for: try ShellCommandParser.parse(command), rules: rules)
    }

    private func paths(_ command: String, _ rules: [ShellRule] = ShellRule.readOnly) throws -> [String]? {
        guard case .run(_, let paths) = try verdict(command, rules) else { return nil }
        return paths
    }

    private func refusal(_ command: String, _ rules: [ShellRule] = ShellRule.readOnly) throws -> String? {
        guard case .refused(let message) = try verdict(command, rules) else { return nil }
        return message
    }

    @Test(
        "everyday read-only commands are pre-approved, and their file operands are found",
        arguments: [
            ("wc -l a.txt", ["a.txt"]), ("find . -name *.swift -type f", ["."]), ("grep -rn TODO .", ["."]),
            ("head -n 5 a", ["a"]), ("head -20 a", ["a"]), ("tail -n5 a", ["a"]), ("sort -u a", ["a"]),
            ("sort -k2,2n -t , a", ["a"]), ("uniq -c a", ["a"]), ("cat a", ["a"]), ("ls -la", []),
            ("git log --oneline -5", []), ("git diff HEAD~1", ["HEAD~1"]), ("git show HEAD", ["HEAD"]),
            ("git status --short", []), ("grep -e x -e y a b", ["a", "b"]), ("grep -C2 x a", ["a"]),
            ("grep -f pats.txt a", ["a", "pats.txt"]), ("grep --regexp=x a", ["a"]), ("grep -i -- -x a", ["a"]),
            ("cat -- -n", ["-n"]), ("sort --rev a", ["a"]), ("grep --line-n x a", ["a"]),
            ("find src -newer a.txt -print", ["src", "a.txt"]), ("ls --color=never -R src", ["src"]),
        ])
    func allowed(command: String, expected: [String]) throws {
        #expect(try paths(command) == expected)
        #expect(try verdict(command).approvalRequired == false)
    }

    @Test(
        "refusals name the option, how it was written, and the command; operand counts and values follow each program",
        arguments: [
            ("sort --compress-prog=sh a", "'sort' does not allow the option '--compress-program' (given as '--compress-prog=sh')"),
            ("sort --outp=x a", "'sort' does not allow the option '--output' (given as '--outp=x')"),
            ("sort -uT../tmp a", "'sort' does not allow the option '-T' (in '-uT../tmp')"),
            ("sort -uo x a", "'sort' does not allow the option '-o' (in '-uo')"),
            ("grep --derefer x .", "'grep' does not allow the option '--dereference-recursive' (given as '--derefer')"),
            ("grep -rR x .", "'grep' does not allow the option '-R' (in '-rR')"),
            ("wc --files0=list", "'wc' does not allow the option '--files0-from' (given as '--files0=list')"),
            ("ls -RL .", "'ls' does not allow the option '-L' (in '-RL')"),
            ("ls --dereference x", "'ls' does not allow the option '--dereference'"),
            ("ls --deref x", "'ls': the option '--deref' is ambiguous"),
            ("uniq in -out", "'uniq' does not allow the option '-o' (in '-out')"),
            ("find . -exec rm {} \\;", "'find' does not allow '-exec'"),
            ("find -L .", "'find' does not allow '-L'"),
            ("git log --output=x", "'git log' does not allow the option '--output'"),
            ("git status --porc", "'git status' does not allow the option '--porc'"),
            // Operand counts and values follow each program.
            ("uniq in out", "'uniq' accepts at most 1 file operand here (got 2)"),
            ("uniq in -- -out", "'uniq' accepts at most 1 file operand here (got 2)"),
            ("head -n", "'head': the option '-n' needs a value"),
            ("cat --number=3 a", "'cat': the option '--number' takes no value ('--number=3')"),
            ("git log --author x", "'git log': give the value of '--author' as '--author=VALUE'"),
            ("git log -pw", "'git log': write '-pw' as separate options ('-p' alone)"),
            ("head -5c a", "'head' does not allow the option '-5' (in '-5c')"),
        ])
    func refusals(command: String, expected: String) throws {
        let message = try #require(try refusal(command))
        #expect(message.hasPrefix(expected), "\(message)")
    }

    @Test("an ambiguous abbreviation is refused with its candidates")
    func ambiguous() throws {
        #expect(try refusal("grep --fi=x a")?.hasPrefix("'grep': the option '--fi=x' is ambiguous (--file, --files-with-matches, --files-without-match, --fixed-strings)") == true)
    }

    @Test("a value hidden in a short cluster is read as the program reads it, and confined")
    func clusterValues() throws {
        #expect(try paths("grep -cf/abs/file x") == ["x", "/abs/file"])
        #expect(try paths("mv -ft../outside f", ShellRule.fileOps) == ["f", "../outside"])
        #expect(try paths("mv --target=../outside f", ShellRule.fileOps) == ["f", "../outside"])
        #expect(try paths("grep -e-f a") == ["a"])  // "-f" is the pattern here
    }

    @Test("unknown commands and global git options are refused, listing what is allowed")
    func unknownCommands() throws {
        #expect(try refusal("rm -rf x", ShellRule.fileOps) == "'rm -rf' is not allowed here; allowed commands: ls, mv")
        for command in ["git -c core.pager=sh log", "git -C /tmp log", "git push", "sh -c ls", "/bin/cat a", "env"] {
            #expect(try refusal(command)?.contains("is not allowed here") == true, "\(command)")
        }
    }

    @Test("shell_file_ops: ls runs, mv needs approval")
    func fileOps() throws {
        #expect(try verdict("ls -la", ShellRule.fileOps).approvalRequired == false)
        #expect(try verdict("mv a.txt b.txt", ShellRule.fileOps).approvalRequired == true)
    }

    @Test("every allowed long option is one the program has, so abbreviations resolve against a superset")
    func tablesAreConsistent() {
        for syntax in [CommandSyntax.wc, .head, .tail, .sort, .uniq, .cat, .ls, .grep, .mv] {
            #expect(Set(syntax.longOptions.keys).isSubset(of: syntax.programLongOptions))
        }
    }
}

extension ShellRule.Verdict {
    fileprivate var approvalRequired: Bool? {
        guard case .run(let required, _) = self else { return nil }
        return required
    }
}

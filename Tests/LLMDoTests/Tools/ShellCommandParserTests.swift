import Testing
@testable import LLMDo

@Suite("Shell command parsing")
struct ShellCommandParserTests {
    @Test(
        "POSIX quoting splits arguments",
        arguments: [
            ("grep -rn TODO .", ["grep", "-rn", "TODO", "."]),
            ("grep \"a|b\" file.txt", ["grep", "a|b", "file.txt"]),
            ("grep 'x > y; z & w' f", ["grep", "x > y; z & w", "f"]),
            ("grep 'it''s' f", ["grep", "its", "f"]),
            ("grep \"it's\" f", ["grep", "it's", "f"]),
            ("grep a\\ b f", ["grep", "a b", "f"]),
            ("grep \\| f", ["grep", "|", "f"]),
            ("grep \"a\\\"b\\\\c\\d\" f", ["grep", "a\"b\\c\\d", "f"]),
            ("grep '$(rm -rf x)' f", ["grep", "$(rm -rf x)", "f"]),
            ("grep \"\\$HOME\" f", ["grep", "$HOME", "f"]),
            ("grep '' f", ["grep", "", "f"]),
            ("  ls\t -la  ", ["ls", "-la"]),
            ("find . -name \"*.swift\"", ["find", ".", "-name", "*.swift"]),
            ("grep cost$ f", ["grep", "cost$", "f"]),
        ])
    func splits(command: String, expected: [String]) throws {
        #expect(try ShellCommandParser.parse(command) == expected)
    }

    @Test(
        "every unquoted metacharacter is refused",
        arguments: [
            "cat a | sh", "cat a > b", "cat < a", "ls; rm -rf x", "ls && rm x", "ls & sleep 9", "ls || x",
            "cat `whoami`", "cat $(whoami)", "cat ${HOME}", "cat $HOME", "cat $1", "cat $?", "ls\nrm x",
            "ls (x)", "cat \"$(whoami)\"", "cat \"`id`\"", "cat \"${X}\"", "echo a>b",
        ])
    func refusesMetacharacters(command: String) throws {
        #expect(throws: ToolError.self) { try ShellCommandParser.parse(command) }
    }

    @Test("unclosed quotes and empty commands are refused", arguments: ["grep 'abc", "grep \"abc", "ls \\", "", "   "])
    func refusesMalformed(command: String) {
        #expect(throws: ToolError.self) { try ShellCommandParser.parse(command) }
    }

    @Test("a refusal says why and how to fix it")
    func message() {
        #expect(throws: ToolError.failed(
            "an unquoted '|' is not allowed: commands run without a shell, one program at a time (no pipes, redirection, "
                + "sequencing, substitution or variables). Quote it if it is meant as a plain argument.")) {
            try ShellCommandParser.parse("cat a | sh")
        }
    }
}

@Suite("Shell rules")
struct ShellRuleTests {
    private func verdict(_ command: String, _ rules: [ShellRule] = ShellRule.readOnly) throws -> ShellRule.Verdict {
        ShellRule.verdict(for: try ShellCommandParser.parse(command), rules: rules)
    }

    @Test(
        "read-only commands are pre-approved",
        arguments: [
            "wc -l a.txt", "find . -name *.swift -type f", "grep -rn TODO .", "head -n 5 a", "tail -n 5 a", "sort -u a",
            "uniq -c a", "cat a", "ls -la", "git log --oneline -5", "git diff HEAD~1", "git show HEAD", "git status",
        ])
    func allowed(command: String) throws {
        #expect(try verdict(command) == .run(approvalRequired: false))
    }

    @Test(
        "dangerous variants and unknown commands are refused",
        arguments: [
            "find . -exec rm {} \\;", "find . -execdir sh -c x {} +", "find . -delete", "find . -ok rm {} \\;",
            "find . -fprint out.txt", "find . -fprintf out %p", "find -L .", "find . -follow",
            "git -c core.pager=sh log", "git -C /tmp log", "git --exec-path=/tmp log", "git log --output=x.txt",
            "git diff --output x", "git diff --ext-diff", "git diff --no-index a b", "git push", "git", "git commit -m x",
            "sort -o out.txt a", "sort --output=out a", "sort -uo out a", "sort --compress-program=sh a",
            "grep -R x .", "grep -rR x .", "wc --files0-from=list", "uniq in.txt out.txt",
            "rm -rf x", "sh -c ls", "python3 x.py", "mv a b", "/bin/cat a", "./cat a",
        ])
    func refused(command: String) throws {
        guard case .refused(let message) = try verdict(command) else {
            Issue.record("'\(command)' was not refused")
            return
        }
        #expect(message.contains("not allowed") || message.contains("at most"))
    }

    @Test("an unknown command lists what is allowed")
    func unknownMessage() throws {
        #expect(try verdict("rm -rf x", ShellRule.fileOps) == .refused("'rm -rf' is not allowed here; allowed commands: ls, mv"))
    }

    @Test("shell_file_ops: ls runs, mv needs approval")
    func fileOps() throws {
        #expect(try verdict("ls -la", ShellRule.fileOps) == .run(approvalRequired: false))
        #expect(try verdict("mv a.txt b.txt", ShellRule.fileOps) == .run(approvalRequired: true))
    }

    @Test("a rule can ask for approval when an argument appears")
    func approvalIfArguments() throws {
        let rules = [ShellRule(prefix: ["ls"], approvalRequired: false, approvalRequiredIf: [.shortFlag("R")])]
        #expect(try verdict("ls -la", rules) == .run(approvalRequired: false))
        #expect(try verdict("ls -laR", rules) == .run(approvalRequired: true))
    }
}

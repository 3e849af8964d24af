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

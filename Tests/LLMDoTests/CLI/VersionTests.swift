import Testing
@testable import LLMDo

/// `llmdo --version` answers before the argument parser is built (a fast path); it must say
/// exactly what the parser's own version flag would.
@Suite struct VersionTests {
    @Test func versionPrintsTheLibraryVersionAlone() throws {
        let result = try CLITests.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == LLMDoVersion.string + "\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func versionAfterASubcommandGoesThroughTheParser() throws {
        let result = try CLITests.run(["check", "--version"])
        #expect(result.status == 0)
        #expect(result.stdout == LLMDoVersion.string + "\n")
    }
}

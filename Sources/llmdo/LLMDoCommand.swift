import ArgumentParser
import LLMDo

/// `llmdo`: run, check and inspect llmdo projects.
@main
struct LLMDoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llmdo",
        abstract: "Run LLM workers and compiled tool plugins that call each other as functions.",
        discussion: """
            Run a project:    llmdo PROJECT [PROMPT] [--model M] [-v]
            Check a project:  llmdo check PROJECT
            See docs/cli.md for every option.
            """,
        version: LLMDoVersion.string,
        subcommands: [RunCommand.self, CheckCommand.self],
        defaultSubcommand: RunCommand.self
    )
}

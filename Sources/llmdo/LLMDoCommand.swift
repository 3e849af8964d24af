import ArgumentParser
import Foundation
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
            List plugin tools: llmdo tools PROJECT_OR_PLUGIN
            See docs/cli.md for every option.
            """,
        version: LLMDoVersion.string,
        subcommands: [RunCommand.self, CheckCommand.self, ToolsCommand.self],
        defaultSubcommand: RunCommand.self
    )

    /// Parses and runs, mapping usage errors to exit code 2 (ArgumentParser's default is 64).
    static func main() async {
        // Helper mode serves an isolated plugin (and never returns); checked before any parsing.
        PluginHelper.runIfRequested(CommandLine.arguments)
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Terminal.error(fullMessage(for: error) + "\n")
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

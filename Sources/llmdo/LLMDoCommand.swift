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
            Call one tool:    llmdo call PROJECT_OR_PLUGIN TOOLSET.FUNCTION '{"arg": 1}'
            New plugin:       llmdo new plugin NAME --lang c|swift|rust
            Header folder:    llmdo --print-include-dir
            See docs/cli.md for every option.
            """,
        version: LLMDoVersion.string,
        subcommands: [RunCommand.self, CheckCommand.self, ToolsCommand.self, CallCommand.self, NewCommand.self],
        defaultSubcommand: RunCommand.self
    )

    /// Parses and runs, mapping usage errors to exit code 2 (ArgumentParser's default is 64).
    static func main() async {
        // For build systems: cc -I"$(llmdo --print-include-dir)". Not a subcommand, so it is
        // handled before parsing (the default subcommand would take it as a project).
        if CommandLine.arguments.dropFirst() == ["--print-include-dir"] {
            guard let folder = Installation.includeDirectory else {
                Terminal.error("error: llmdo_tool.h is not installed next to this llmdo (make install) nor in its source tree\n")
                Foundation.exit(ExitStatus.runFailure)
            }
            Terminal.output(folder + "\n")
            return
        }
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

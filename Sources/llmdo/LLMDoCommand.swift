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
    ///
    /// Before anything else (and so before any plugin is loaded), llmdo's stdout moves to a
    /// private descriptor and crashes inside plugin calls get their one-line report.
    static func main() async {
        // Helper mode serves an isolated plugin (and never returns); checked before any parsing.
        PluginHelper.runIfRequested(CommandLine.arguments)
        // The most frequent probe answers without building the parser (its reflection over every
        // command's properties was over half of `--version`'s instructions; docs/performance.md).
        if CommandLine.arguments.dropFirst() == ["--version"] {
            Terminal.output(LLMDoVersion.string + "\n")
            return
        }
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
        Terminal.claimStandardOutput()
        PluginCrashReport.install()
        if wantsJSON { PluginCrashReport.reportJSON(to: Terminal.outputFileDescriptor) }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            reportParseFailure(error)
        }
        // ArgumentParser's own commands (`help`) print with `print`; they load no plugin.
        if !(command is RunCommand || command is CheckCommand || command is ToolsCommand || command is CallCommand) { Terminal.restoreStandardOutput() }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            PluginLifecycle.shutdownAll()  // every normal exit runs each plugin's shutdown once
        } catch {
            PluginLifecycle.shutdownAll()
            exit(withError: error)
        }
    }

    /// Whether `--json` is among the options (before any `--`): known before parsing, so even
    /// an argument error or a crash while loading answers with one JSON object.
    private static var wantsJSON: Bool { CommandLine.arguments.dropFirst().prefix { $0 != "--" }.contains("--json") }

    /// Help and version go to llmdo's stdout; an argument error to stderr with exit status 2
    /// and, when `--json` was asked for, also as the one JSON object on stdout.
    private static func reportParseFailure(_ error: any Error) -> Never {
        let code = exitCode(for: error)
        if code == .success {
            Terminal.output(fullMessage(for: error) + "\n")
            Foundation.exit(0)
        }
        let status = code == .validationFailure ? ExitStatus.usage : code.rawValue
        if wantsJSON { Terminal.result(CLIFailure(message: message(for: error), code: status).json) }
        Terminal.error(fullMessage(for: error) + "\n")
        Foundation.exit(status)
    }
}

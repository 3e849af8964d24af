import ArgumentParser
import Foundation
import LLMDo

/// `llmdo check PROJECT`: parse and link everything, call no model, print the linked program.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a project without calling a model, and print what it links to.")

    @Argument(help: "The project: a project.json file or a folder containing one.")
    var project: String

    @Option(name: .customLong("plugin-isolation"), help: "Load every plugin in-process (none) or in a helper process (process), whatever the manifest says.")
    var pluginIsolation: PluginIsolation?

    @Flag(help: "Print the linked program as JSON.")
    var json = false

    func run() throws {
        let program: Program
        do {
            program = try CLIProject.load(project, pluginIsolation: pluginIsolation, models: .check)
        } catch {
            throw CLIProject.fail(error, project: project, json: json)
        }
        let summary = ProgramSummary(program: program, environment: ProcessInfo.processInfo.environment)
        if json { Terminal.result(summary.json, pretty: true) } else { Terminal.output(summary.text) }
    }
}

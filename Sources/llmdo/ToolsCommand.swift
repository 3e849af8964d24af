import ArgumentParser
import Foundation
import LLMDo

/// `llmdo tools PROJECT_OR_PLUGIN`: what a plugin (or every plugin of a project) offers.
struct ToolsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "List the toolsets, functions, flags and schemas of a plugin or of a project's plugins.")

    @Argument(help: "A plugin (.so file) or a project (project.json or its folder).")
    var target: String

    @Flag(help: "Print the catalog as JSON.")
    var json = false

    func run() throws {
        let catalog: JSONValue
        do {
            if target.hasSuffix(".so") {
                catalog = try PluginCatalog.describePlugin(at: target, workingDirectory: FileSystem.currentDirectory())
            } else {
                catalog = PluginCatalog.describe(try ProjectLoader.load(path: target).plugins)
            }
        } catch {
            Terminal.error(error.description + "\n")
            throw ExitCode(ExitStatus.usage)
        }
        Terminal.output(json ? catalog.prettyJSONText + "\n" : PluginCatalog.render(catalog))
    }
}

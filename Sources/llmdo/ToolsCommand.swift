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

    @Option(name: .customLong("plugin-isolation"), help: "Load every plugin in-process (none) or in a helper process (process), whatever the manifest says.")
    var pluginIsolation: PluginIsolation?

    @Flag(help: "Print the catalog as JSON.")
    var json = false

    func run() throws {
        let catalog: JSONValue
        do {
            if target.hasSuffix(".so") {
                // A file named on the command line is that file, even without a '/' (a bare name
                // in a manifest is searched for instead).
                let file = !target.contains("/") && FileManager.default.fileExists(atPath: target) ? "./\(target)" : target
                catalog = try PluginCatalog.describePlugin(at: file, workingDirectory: FileSystem.currentDirectory(), isolation: pluginIsolation)
            } else {
                catalog = PluginCatalog.describe(try CLIProject.load(target, pluginIsolation: pluginIsolation, models: .skip).plugins)
            }
        } catch {
            throw CLIProject.fail(error, project: target, json: json)
        }
        guard !json else { return Terminal.result(catalog, pretty: true) }
        let text = PluginCatalog.render(catalog)
        Terminal.output(text.hasSuffix("\n") ? text : text + "\n")
    }
}

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
            if let file = ProjectPath.pluginFile(target) {
                catalog = try PluginCatalog.describePlugin(at: file, workingDirectory: FileSystem.currentDirectory(), isolation: pluginIsolation)
            } else {
                catalog = PluginCatalog.describe(try CLIProject.load(target, pluginIsolation: pluginIsolation, models: .skip).plugins)
            }
        } catch {
            throw CLIProject.fail(error, project: target, json: json)
        }
        guard !json else { return Terminal.result(catalog, pretty: true) }
        guard catalog["plugins"]?.arrayValue?.isEmpty == false else {
            let manifest = ProjectLoader.manifestPath(for: target)
            return Terminal.output(
                "no plugins: \(manifest) has no plugin_files, so its workers use only built-in toolsets and other workers "
                    + "(`llmdo check \(target)` lists every toolset)\n")
        }
        let text = PluginCatalog.render(catalog)
        Terminal.output(text.hasSuffix("\n") ? text : text + "\n")
    }
}

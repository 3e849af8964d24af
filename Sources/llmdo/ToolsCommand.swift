import ArgumentParser
import Foundation
import LLMDo

/// `llmdo tools PROJECT_OR_PLUGIN`: what a plugin (or every plugin of a project) offers.
struct ToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "List the toolsets, functions, flags and schemas of a plugin or of a project's plugins.")

    @Argument(help: "A plugin (.so file) or a project (project.json or its folder).")
    var target: String

    @Option(name: .customLong("plugin-isolation"), help: "Load every plugin in-process (none) or in a helper process (process), whatever the manifest says.")
    var pluginIsolation: PluginIsolation?

    @Flag(help: "Print the catalog as JSON.")
    var json = false

    func run() async throws {
        var catalog: JSONValue
        do {
            if let file = ProjectPath.pluginFile(target) {
                catalog = try PluginCatalog.describePlugin(at: file, workingDirectory: FileSystem.currentDirectory(), isolation: pluginIsolation)
            } else {
                let program = try await CLIProject.load(target, pluginIsolation: pluginIsolation, models: .skip)
                try await CLIProject.startMCPServers(of: program)
                catalog = PluginCatalog.describe(program.plugins)
                if !program.manifest.mcpServers.isEmpty, case .object(var object) = catalog {
                    object["mcp_servers"] = MCPCatalog.describe(program)
                    catalog = .object(object)
                }
            }
        } catch {
            throw CLIProject.fail(error, project: target, json: json)
        }
        guard !json else { return Terminal.result(catalog, pretty: true) }
        let hasMCPServers = catalog["mcp_servers"].map { $0.arrayValue?.isEmpty == false || $0.objectValue?.isEmpty == false } ?? false
        guard catalog["plugins"]?.arrayValue?.isEmpty == false || hasMCPServers else {
            let manifest = ProjectLoader.manifestPath(for: target)
            return Terminal.output(
                "no plugins: \(manifest) has no plugin_files or mcp_servers, so its workers use only built-in toolsets and other "
                    + "workers (`llmdo check \(target)` lists every toolset)\n")
        }
        let text = [PluginCatalog.render(catalog), catalog["mcp_servers"].map(MCPCatalog.render) ?? ""].filter { !$0.isEmpty }
            .joined(separator: "\n")
        Terminal.output(text.hasSuffix("\n") ? text : text + "\n")
    }
}

import Foundation

@testable import LLMDo

/// A stand-in for the project loader, just enough to run the examples from these tests:
/// `project.json` plus the frontmatter fields the examples use (flow-style `toolsets: [a, b]`).
enum ExampleProject {
    static func load(_ root: String) throws -> Program {
        let manifestText = try String(contentsOfFile: "\(root)/project.json", encoding: .utf8)
        let manifest = try JSONValue(parsing: manifestText)
        let workerFiles = manifest["worker_files"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let pluginFiles = manifest["plugin_files"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let workers = try workerFiles.map { try worker("\(root)/\($0)") }
        let plugins = try pluginFiles.map { try PluginLoading.load(declaredPath: $0, projectRoot: root, searchPath: []) }
        var toolsets: [String: any Toolset] = [:]
        for plugin in plugins { for toolset in plugin.toolsets { toolsets[toolset.name] = toolset } }
        // A worker with `entry: true`, else the plugins' one code entry.
        let entry: Entry
        if let worker = workers.first(where: \.isEntry) {
            entry = .worker(worker.name)
        } else if let code = plugins.flatMap(\.entries).first {
            entry = .code(code)
        } else {
            throw FixtureError(message: "\(root) has no entry")
        }
        var runtime = RuntimeConfig()
        runtime.approvalMode = .approveAll
        return Program(
            projectRoot: root,
            manifest: Manifest(path: "\(root)/project.json", runtime: runtime, workerFiles: workerFiles, pluginFiles: pluginFiles),
            workers: Dictionary(uniqueKeysWithValues: workers.map { ($0.name, $0) }), toolsets: toolsets, plugins: plugins,
            entry: entry)
    }

    private static func worker(_ path: String) throws -> WorkerSpec {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let parts = text.components(separatedBy: "---\n")
        guard parts.count >= 3 else { throw FixtureError(message: "\(path): no frontmatter") }
        var fields: [String: String] = [:]
        for line in parts[1].split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let toolsets = (fields["toolsets"] ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            .split(separator: ",").map { NameRef(name: $0.trimmingCharacters(in: .whitespaces), line: nil) }
        return WorkerSpec(
            name: fields["name"] ?? "", description: fields["description"], isEntry: fields["entry"] == "true",
            model: fields["model"], toolsetRefs: toolsets, instructions: parts[2...].joined(separator: "---\n"), file: path)
    }
}

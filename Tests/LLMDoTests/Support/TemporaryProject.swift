import Foundation
@testable import LLMDo

/// A project written to a fresh temporary folder, removed when the value is released.
final class TemporaryProject {
    let root: String

    init(files: [String: String]) throws {
        root = NSTemporaryDirectory() + "llmdo-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (name, contents) in files { try write(name, contents) }
    }

    func write(_ name: String, _ contents: String) throws {
        let path = root + "/" + name
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
    }

    var manifestPath: String { root + "/project.json" }

    func load() throws -> Program { try ProjectLoader.load(path: root) }

    /// The diagnostics loading produces (empty when it loads).
    func diagnostics() -> [String] {
        do {
            _ = try ProjectLoader.load(path: root)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}

/// A `.worker` file's text.
func workerFile(_ frontmatter: String, body: String = "Do the task.") -> String {
    "---\n\(frontmatter)\n---\n\(body)\n"
}

/// A small in-test toolset: `add(a, b)`, `fail(message)`, `retry(message)`, `slow(ms)` and a
/// gated `danger()`, with a counter of real executions.
final class MathToolset: Toolset, @unchecked Sendable {
    let name: String
    private let lock = NSLock()
    private var calls = 0

    init(name: String = "math") { self.name = name }

    var executions: Int {
        lock.lock()
        defer { lock.unlock() }
        return calls
    }

    var tools: [ToolDefinition] {
        let numbers: JSONValue = [
            "type": "object", "properties": ["a": ["type": "number"], "b": ["type": "number"]], "required": ["a", "b"],
            "additionalProperties": false,
        ]
        let message: JSONValue = ["type": "object", "properties": ["message": ["type": "string"]], "required": ["message"]]
        return [
            ToolDefinition(name: "add", description: "Add two numbers.", parametersSchema: numbers),
            ToolDefinition(name: "fail", description: "Always fails.", parametersSchema: message),
            ToolDefinition(name: "retry", description: "Always asks for a retry.", parametersSchema: message),
            ToolDefinition(name: "danger", description: "Needs approval.", parametersSchema: ["type": "object"], approval: .always),
        ]
    }

    func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance { Instance(owner: self) }

    fileprivate func count() {
        lock.lock()
        calls += 1
        lock.unlock()
    }

    struct Instance: ToolsetInstance {
        let owner: MathToolset
        func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
            owner.count()
            switch tool {
            case "add": return .json(.double((arguments["a"]?.doubleValue ?? 0) + (arguments["b"]?.doubleValue ?? 0)))
            case "fail": throw ToolError.failed(arguments["message"]?.stringValue ?? "failed")
            case "retry": throw ToolError.retry(arguments["message"]?.stringValue ?? "retry")
            default: return .text("danger done")
            }
        }
    }
}

/// Builds a program from worker specs without files.
func makeProgram(
    _ workers: [WorkerSpec], toolsets: [any Toolset] = [], runtime: RuntimeConfig = RuntimeConfig()
) throws -> Program {
    var manifest = Manifest(path: "/virtual/project.json")
    manifest.runtime = runtime
    let plugin = LoadedPlugin(declaredPath: "test-toolsets", resolvedPath: "test-toolsets", toolsets: toolsets, entries: [])
    return try Linker.link(manifest: manifest, projectRoot: "/virtual", workers: workers, plugins: [plugin])
}

extension ToolCall {
    static func make(_ name: String, _ arguments: JSONValue, id: String = "c1") -> ToolCall {
        ToolCall(id: id, name: name, arguments: arguments)
    }
}

extension ModelRequest {
    /// The tool results in the last message.
    var lastToolResults: [ToolResult] {
        messages.last?.parts.compactMap { if case .toolResult(let r) = $0 { return r }; return nil } ?? []
    }
}

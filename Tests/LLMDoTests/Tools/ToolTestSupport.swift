import Foundation
import Synchronization
@testable import LLMDo

/// A fresh folder under the system's temporary folder (resolved, so symlinked /tmp setups
/// compare equal), removed when the value is released.
final class TemporaryFolder: Sendable {
    let path: String

    init() throws {
        let template = FileManager.default.temporaryDirectory.path + "/llmdo-tools-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { throw CocoaError(.fileWriteUnknown) }
        path = BaseFolder.realPath(String(cString: made)) ?? String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a file (creating folders), relative to the folder.
    func write(_ relative: String, _ content: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: url, atomically: false, encoding: .utf8)
    }

    func read(_ relative: String) -> String? { try? String(contentsOfFile: path + "/" + relative, encoding: .utf8) }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + relative) }

    func symlink(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path + "/" + relative, withDestinationPath: target)
    }

    func makeFolder(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    }
}

/// The message a tool error carries, for assertions.
func toolErrorMessage(_ body: () async throws -> Any) async -> String? {
    do {
        _ = try await body()
        return nil
    } catch let error as ToolError {
        return error.message
    } catch {
        return "unexpected error: \(error)"
    }
}

/// One worker, `main`, using the given toolsets, driven by a scripted model: it makes
/// `calls` in its first response and then answers with the results it got, one per line.
struct ToolHarness {
    var toolsets: [String]
    var approvalMode: ApprovalMode = .prompt
    var approver: (any Approver)? = nil
    var returnPermissionErrors = false
    var extraToolsets: [any Toolset] = []
    var events: any EventSink = NullEventSink()

    /// The model's view of each call's result: `content` and whether it was an error.
    struct Outcome {
        var results: [ToolResult]
        var output: String
    }

    func program(root: String) -> Program {
        var config = RuntimeConfig()
        config.approvalMode = approvalMode
        config.returnPermissionErrors = returnPermissionErrors
        let worker = WorkerSpec(
            name: "main", isEntry: true, model: "fn", toolsetRefs: toolsets.map { NameRef(name: $0, line: nil) },
            instructions: "Use the tools.", file: "main.worker")
        var available = BuiltinToolsets.all()
        for toolset in extraToolsets { available[toolset.name] = toolset }
        return Program(
            projectRoot: root, manifest: Manifest(path: root + "/project.json", runtime: config, workerFiles: ["main.worker"]),
            workers: ["main": worker], toolsets: available, plugins: [], entry: .worker("main"))
    }

    /// Runs the worker in `root` (both project root and working directory) on a ``ScriptedModel``.
    func run(in root: String, turns: [[ToolCall]]) async throws -> Outcome {
        let script = ScriptedModel(turns)
        let options = RuntimeOptions(approver: approver, events: events, workingDirectory: root, models: ["fn": script.model])
        let result = try await Runtime(program: program(root: root), options: options).run(input: "go")
        return Outcome(results: script.results, output: result.output.stringValue ?? "")
    }

    /// One model turn making `calls`.
    func run(in root: String, calls: [ToolCall]) async throws -> Outcome {
        try await run(in: root, turns: [calls])
    }
}

/// A model that makes one turn of tool calls per element of `turns`, then answers with the last
/// results' contents, one per line. Every result it is shown is kept, in order.
final class ScriptedModel: Sendable {
    private final class Log: Sendable { let results = Mutex<[ToolResult]>([]) }
    private let log = Log()
    let model: FunctionModel

    init(_ turns: [[ToolCall]]) {
        let log = self.log
        model = FunctionModel { request in
            let results = request.messages.last?.parts.compactMap { part -> ToolResult? in
                if case .toolResult(let result) = part { return result }
                return nil
            } ?? []
            log.results.withLock { $0 += results }
            let turn = request.messages.filter { $0.role == .assistant }.count
            return turn < turns.count ? .toolCalls(turns[turn]) : .text(results.map(\.content).joined(separator: "\n"))
        }
    }

    var results: [ToolResult] { log.results.withLock { $0 } }
}

/// Records every approval request it sees and answers with a fixed decision.
final class RecordingApprover: Approver {
    let decision: ApprovalDecision
    private let seen = Mutex<[ApprovalRequest]>([])

    init(_ decision: ApprovalDecision) { self.decision = decision }

    var requests: [ApprovalRequest] { seen.withLock { $0 } }

    func decide(_ request: ApprovalRequest) async -> ApprovalDecision {
        seen.withLock { $0.append(request) }
        return decision
    }
}

extension ToolCall {
    static func call(_ id: String, _ name: String, _ arguments: JSONValue) -> ToolCall {
        ToolCall(id: id, name: name, arguments: arguments)
    }
}

/// Runs blocking test set-up (processes, file trees, polling) on a thread of its own, so tests
/// running in parallel never starve the cooperative pool other tests measure on.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

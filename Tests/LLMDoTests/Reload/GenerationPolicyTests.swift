import Foundation
import Testing
@testable import LLMDo

/// Approval mode and depth limit belong to the program generation a call started on; the
/// runtime's overrides (the command line's --approve-all, --max-depth) win over every generation.
@Suite struct GenerationPolicyTests {
    static func manifest(_ runtime: String) -> String {
        #"{"version": 1, "worker_files": ["main.worker"], "runtime": {\#(runtime)}}"#
    }

    /// A project whose entry writes `out.txt` (a gated call) and answers with the tool's result.
    /// `beforeWriting` runs once, before the model asks for the write.
    static func writer(_ runtime: String, options: RuntimeOptions = RuntimeOptions(), beforeWriting: @escaping @Sendable () async throws -> Void = {})
        throws -> (TemporaryProject, Runtime)
    {
        let project = try TemporaryProject(files: [
            "project.json": manifest(runtime),
            "main.worker": workerFile("name: main\nentry: true\nmodel: fn\ntoolsets: [filesystem_project]"),
        ])
        let model = FunctionModel { request in
            if let result = request.lastToolResults.first { return .text(result.content) }
            try await beforeWriting()
            return .toolCalls([.make("write_file", ["path": "out.txt", "content": "x"])])
        }
        var options = options
        options.models = ["fn": model]
        return (project, Runtime(program: try project.load(), options: options))
    }

    @Test func aReloadToRejectAllDeniesTheNextCall() async throws {
        let (project, runtime) = try Self.writer(#""approval_mode": "approve_all""#)
        #expect(try await runtime.run(input: "go").output.stringValue?.hasPrefix("wrote") == true)
        try project.write("project.json", Self.manifest(#""approval_mode": "reject_all""#))
        try await ProjectWatcher(runtime: runtime, projectPath: project.root).reload()
        #expect(try await runtime.run(input: "go").output.stringValue?.hasPrefix("denied by the operator") == true)
    }

    @Test func aCallInFlightKeepsItsGenerationsApprovalMode() async throws {
        let box = WatcherBox()
        let (project, runtime) = try Self.writer(#""approval_mode": "approve_all""#) {
            // The reload lands after the call started and before it asks for the write.
            try box.project?.write("project.json", Self.manifest(#""approval_mode": "reject_all""#))
            try await box.watcher?.reload()
        }
        box.project = project
        box.watcher = ProjectWatcher(runtime: runtime, projectPath: project.root)
        #expect(try await runtime.run(input: "go").output.stringValue?.hasPrefix("wrote") == true)
        #expect(runtime.program.manifest.runtime.approvalMode == .rejectAll)
    }

    @Test func theRuntimesOverrideWinsOverEveryGeneration() async throws {
        let (project, runtime) = try Self.writer(#""approval_mode": "prompt""#, options: RuntimeOptions(approvalMode: .approveAll))
        try project.write("project.json", Self.manifest(#""approval_mode": "reject_all""#))
        try await ProjectWatcher(runtime: runtime, projectPath: project.root).reload()
        #expect(try await runtime.run(input: "go").output.stringValue?.hasPrefix("wrote") == true)
    }

    /// main → mid → leaf: depth 2, allowed under max_depth 5, refused under max_depth 1.
    static func chain(maxDepth: Int, options: RuntimeOptions = RuntimeOptions(), onFirstRequest: @escaping @Sendable () async throws -> Void = {})
        throws -> (TemporaryProject, Runtime)
    {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker", "mid.worker", "leaf.worker"], "runtime": {"max_depth": \#(maxDepth)}}"#,
            "main.worker": workerFile("name: main\nentry: true\nmodel: fn\ntoolsets: [mid]"),
            "mid.worker": workerFile("name: mid\nmodel: fn\ntoolsets: [leaf]"),
            "leaf.worker": workerFile("name: leaf\nmodel: fn"),
        ])
        let model = FunctionModel { request in
            if let result = request.lastToolResults.first { return .text(result.content) }
            if request.tools.contains(where: { $0.name == "mid" }) {
                try await onFirstRequest()
                return .toolCalls([.make("mid", ["input": "go"])])
            }
            if request.tools.contains(where: { $0.name == "leaf" }) { return .toolCalls([.make("leaf", ["input": "go"])]) }
            return .text("leaf answered")
        }
        var options = options
        options.models = ["fn": model]
        return (project, Runtime(program: try project.load(), options: options))
    }

    @Test func depthLimitComesFromTheCallsGeneration() async throws {
        let box = WatcherBox()
        let (project, runtime) = try Self.chain(maxDepth: 5) {
            guard let project = box.project, !box.reloaded else { return }
            box.reloaded = true
            try project.write("project.json", #"{"version": 1, "worker_files": ["main.worker", "mid.worker", "leaf.worker"], "runtime": {"max_depth": 1}}"#)
            try await box.watcher?.reload()
        }
        box.project = project
        box.watcher = ProjectWatcher(runtime: runtime, projectPath: project.root)
        #expect(try await runtime.run(input: "go").output == "leaf answered")  // started under max_depth 5
        let next = try await runtime.run(input: "go").output.stringValue ?? ""
        #expect(next.contains("maximum worker depth 1 exceeded calling 'mid'"))  // the entry is depth 1, as in llm-do
    }

    @Test func theRuntimesDepthOverrideWinsOverEveryGeneration() async throws {
        let (project, runtime) = try Self.chain(maxDepth: 5, options: RuntimeOptions(maxDepth: 3))
        try project.write("project.json", #"{"version": 1, "worker_files": ["main.worker", "mid.worker", "leaf.worker"], "runtime": {"max_depth": 1}}"#)
        try await ProjectWatcher(runtime: runtime, projectPath: project.root).reload()
        #expect(try await runtime.run(input: "go").output == "leaf answered")
    }
}

/// Lets a model closure reach a watcher and project created after it. (Unchecked: each test
/// sets the fields before the first run and the runs are sequential.)
private final class WatcherBox: @unchecked Sendable {
    var project: TemporaryProject?
    var watcher: ProjectWatcher?
    var reloaded = false
}

import Testing
@testable import LLMDo

/// A code entry written in Swift: adds two numbers with a tool, then asks a worker about it.
struct Orchestrator: CodeEntry {
    let name = "orchestrate"
    func run(input: JSONValue, scope: CallScope) async throws -> JSONValue {
        let sum = try await scope.callTool("add", arguments: ["a": 2, "b": 3])
        let answer = try await scope.callWorker("helper", input: .string("explain \(sum.modelText)"))
        return ["sum": sum.jsonValue, "answer": answer]
    }
}

@Suite struct CodeEntryTests {
    func program(_ config: RuntimeConfig = RuntimeConfig(), math: MathToolset = MathToolset()) throws -> Program {
        var manifest = Manifest(path: "/virtual/project.json")
        manifest.runtime = config
        let plugin = LoadedPlugin(declaredPath: "entry.so", resolvedPath: "entry.so", toolsets: [math], entries: [Orchestrator()])
        return try Linker.link(
            manifest: manifest, projectRoot: "/virtual",
            workers: [WorkerSpec(name: "helper", model: "fn", instructions: "Explain.", file: "helper.worker")],
            plugins: [plugin])
    }

    let helper = FunctionModel { request in .text("helper got: \(request.messages.last?.text ?? "")") }

    @Test func entryOrchestratesToolsAndWorkers() async throws {
        let program = try self.program()
        guard case .code(let entry) = program.entry else {
            Issue.record("expected a code entry")
            return
        }
        #expect(entry.name == "orchestrate")
        let result = try await Runtime(program: program, options: RuntimeOptions(models: ["fn": helper])).run(input: "go")
        #expect(result.output == ["sum": 5.0, "answer": "helper got: explain 5.0"])
        #expect(result.usageByWorker["helper"]?.requests == 1)
    }

    @Test func workerCallsFromCodeAreGated() async throws {
        var config = RuntimeConfig()
        config.workerCallsRequireApproval = true
        let runtime = Runtime(program: try program(config), options: RuntimeOptions(approvalMode: .rejectAll, models: ["fn": helper]))
        await #expect(throws: ToolError.self) { try await runtime.run(input: "go") }
        #expect(runtime.totalUsage.requests == 0)
    }

    @Test func unknownWorkerFromCodeSuggestsAName() async throws {
        let program = try self.program()
        let scope = CallScope(
            runtime: Runtime(program: program), program: program, run: RunState(id: "r", limits: UsageLimits()),
            path: CallPath(runID: "r", callID: "c1"), workerName: "orchestrate", depth: 0)
        do {
            _ = try await scope.callWorker("helpr", input: "x")
            Issue.record("expected an error")
        } catch let error as RunError {
            #expect(error.message == "no worker named 'helpr'; did you mean 'helper'?")
        }
    }

    @Test func ambiguousToolNamesNeedAToolsetPrefix() async throws {
        let program = try Linker.link(
            manifest: Manifest(path: "/v/project.json"), projectRoot: "/v", workers: [],
            plugins: [LoadedPlugin(declaredPath: "p", resolvedPath: "p", toolsets: [MathToolset(name: "m1"), MathToolset(name: "m2")], entries: [Orchestrator()])])
        let scope = CallScope(
            runtime: Runtime(program: program), program: program, run: RunState(id: "r", limits: UsageLimits()),
            path: CallPath(runID: "r", callID: "c1"), workerName: "orchestrate", depth: 0)
        await #expect(throws: RunError.self) { try await scope.callTool("add", arguments: ["a": 1, "b": 1]) }
        #expect(try await scope.callTool("m2.add", arguments: ["a": 1, "b": 1]) == .json(2.0))
    }
}

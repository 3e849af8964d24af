import Foundation
import LLMDo

/// Runtime overhead per agent step: a function model that calls a trivial tool every step,
/// so everything measured is the loop itself (dispatch, validation, events, history).
func runRuntimeBenchmarks() async throws {
    let steps = 10_000
    let stamps = StepClock(capacity: steps + 1)
    let runtime = stepLoopRuntime(steps: steps, interceptors: []) { stamps.mark() }
    let rssBefore = Bench.peakRSSMiB()
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try await runtime.run(input: "go")
    let total = Double(DispatchTime.now().uptimeNanoseconds - start)
    let deltas = stamps.deltas()
    func median(_ slice: ArraySlice<Double>) -> Double {
        let sorted = slice.sorted()
        return sorted[sorted.count / 2]
    }
    let first = median(deltas.prefix(1000))
    let last = median(deltas.suffix(1000))
    Bench.record(.init(name: "agent step, median of steps 1-1000", medianNanoseconds: first, iterations: 1000, note: ""))
    Bench.record(.init(name: "agent step, median of steps 9001-10000", medianNanoseconds: last, iterations: 1000, note: String(format: "%.2fx the first", last / first)))
    Bench.record(.init(name: "10,000-step run, mean per step", medianNanoseconds: total / Double(steps), iterations: 1, note: String(format: "peak RSS %.1f MiB (%.1f before)", Bench.peakRSSMiB(), rssBefore)))
    try await runNestedCallBenchmark()
}

/// The agent-step loop: a function model calling a trivial tool `steps` times, then answering.
/// `onRequest` runs at each model call.
func stepLoopRuntime(steps: Int, interceptors: [any RunInterceptor], onRequest: @escaping @Sendable () -> Void = {}) -> Runtime {
    var manifest = Manifest(path: "/bench/project.json")
    manifest.runtime.maxRetries = 3
    let worker = WorkerSpec(
        name: "main", isEntry: true, model: "fn", toolsetRefs: [NameRef(name: "echo", line: nil)], instructions: "bench",
        file: "main.worker")
    let program = Program(
        projectRoot: "/bench", manifest: manifest, workers: ["main": worker], toolsets: ["echo": EchoToolset()], plugins: [],
        entry: .worker("main"))
    let model = FunctionModel { request in
        onRequest()
        return request.messages.count >= steps * 2 ? .text("done") : .toolCalls([ToolCall(id: "c", name: "echo", arguments: ["x": 1])])
    }
    return Runtime(program: program, options: RuntimeOptions(models: ["fn": model], interceptors: interceptors))
}

/// Nanoseconds for a whole ``stepLoopRuntime(steps:interceptors:onRequest:)`` run.
func stepLoopNanoseconds(steps: Int, interceptors: [any RunInterceptor]) async throws -> Double {
    let runtime = stepLoopRuntime(steps: steps, interceptors: interceptors)
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try await runtime.run(input: "go")
    return Double(DispatchTime.now().uptimeNanoseconds - start)
}

/// A run whose entry calls one child worker that answers at once, so the figure is the fixed
/// cost of a run plus one nested worker call (tool table, input validation, events), with the
/// schemas compiled when the project was linked. Before link-time compiling, each nested call
/// also compiled the child's input schema, measured beside it.
func runNestedCallBenchmark() async throws {
    let folder = FileManager.default.temporaryDirectory.path + "/llmdo-bench-nested-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let files = [
        "project.json": #"{"version": 1, "worker_files": ["main.worker", "child.worker"]}"#,
        "main.worker": "---\nname: main\nentry: true\nmodel: fn\ntoolsets: [child]\n---\nDelegate.\n",
        "child.worker": "---\nname: child\nmodel: fn\n---\nAnswer.\n",
    ]
    for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
    let model = FunctionModel { request in
        if request.tools.isEmpty { return .text("child answer") }
        let answered = request.messages.last?.parts.contains { if case .toolResult = $0 { return true }; return false } ?? false
        return answered ? .text("done") : .toolCalls([ToolCall(id: "c", name: "child", arguments: ["input": "go"])])
    }
    let runtime = Runtime(program: try ProjectLoader.load(path: folder), options: RuntimeOptions(models: ["fn": model]))
    let runs = 2_000
    for _ in 0..<100 { _ = try await runtime.run(input: "go") }  // warm up
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<runs { _ = try await runtime.run(input: "go") }
    let perRun = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(runs)
    Bench.record(.init(name: "run with one nested worker call, mean", medianNanoseconds: perRun, iterations: runs, note: "3 model requests"))
    Bench.measure("compile the default worker input schema", iterations: 1_000, note: "per nested call before link-time compiling") {
        _ = try? JSONSchema(WorkerSpec.defaultInputSchema)
    }
}

/// `echo(x)`: returns its argument; the cheapest possible tool.
struct EchoToolset: Toolset {
    let name = "echo"
    let tools = [
        ToolDefinition(
            name: "echo", description: "Echo.",
            parametersSchema: ["type": "object", "properties": ["x": ["type": "integer"]], "required": ["x"]])
    ]
    func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance { Instance() }
    struct Instance: ToolsetInstance {
        func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
            .json(arguments["x"] ?? .null)
        }
    }
}

/// Timestamps of each model call, to get per-step deltas.
final class StepClock: @unchecked Sendable {
    private var stamps: [UInt64]
    private let lock = NSLock()
    init(capacity: Int) { stamps = []; stamps.reserveCapacity(capacity) }
    func mark() {
        lock.lock()
        stamps.append(DispatchTime.now().uptimeNanoseconds)
        lock.unlock()
    }
    func deltas() -> [Double] {
        lock.lock()
        defer { lock.unlock() }
        return zip(stamps.dropFirst(), stamps).map { Double($0 - $1) }
    }
}

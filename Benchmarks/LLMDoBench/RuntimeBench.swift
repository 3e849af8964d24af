import Foundation
import LLMDo

/// Runtime overhead per agent step: a function model that calls a trivial tool every step,
/// so everything measured is the loop itself (dispatch, validation, events, history).
func runRuntimeBenchmarks() async throws {
    let steps = 10_000
    let tool = EchoToolset()
    var manifest = Manifest(path: "/bench/project.json")
    manifest.runtime.maxRetries = 3
    let worker = WorkerSpec(
        name: "main", isEntry: true, model: "fn", toolsetRefs: [NameRef(name: "echo", line: nil)], instructions: "bench",
        file: "main.worker")
    let program = Program(
        projectRoot: "/bench", manifest: manifest, workers: ["main": worker], toolsets: ["echo": tool], plugins: [],
        entry: .worker("main"))
    let stamps = StepClock(capacity: steps + 1)
    let model = FunctionModel { request in
        stamps.mark()
        return request.messages.count >= steps * 2 ? .text("done") : .toolCalls([ToolCall(id: "c", name: "echo", arguments: ["x": 1])])
    }
    let runtime = Runtime(program: program, options: RuntimeOptions(models: ["fn": model]))
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

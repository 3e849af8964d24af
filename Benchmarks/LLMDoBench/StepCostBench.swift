import Foundation
import Glibc
import LLMDo

// Per-step cost of a tool loop against a real provider endpoint (the scripted loopback mock,
// Benchmarks/peers/mockllm.py): 10, 100, 1,000 and 10,000 steps, both providers, streamed and
// not, CPU per step and peak RSS, each row in a process of its own (peak RSS is a high-water
// mark). "full" rows are the encoding before incremental bodies: an interceptor reassigns each
// request's messages, which drops the encoded history, so every request is encoded in full.
// The floor is a bare libcurl client (Benchmarks/bareclient.c) posting the loop's last body
// over one keep-alive connection. CPU is getrusage (user + system), not wall time: the machine
// may be shared. Method and figures: docs/performance.md, "Per-step cost".

/// One row of the table: a provider, streamed or not, a step count, incremental or full.
private struct StepRow {
    var provider: String
    var stream: Bool
    var steps: Int
    var full: Bool

    var label: String { "\(provider)\(stream ? "" : " (not streamed)")\(full ? ", full encode" : "")" }
    var environment: String { "\(provider),\(stream),\(steps),\(full)" }

    init(provider: String, stream: Bool, steps: Int, full: Bool) {
        (self.provider, self.stream, self.steps, self.full) = (provider, stream, steps, full)
    }

    init?(environment: String) {
        let fields = environment.split(separator: ",").map(String.init)
        guard fields.count == 4, let steps = Int(fields[2]) else { return nil }
        self.init(provider: fields[0], stream: fields[1] == "true", steps: steps, full: fields[3] == "true")
    }
}

/// What one row's process measured.
private struct StepFigures {
    var cpuPerStep: Double
    var lastThousandPerStep: Double
    var peakRSSMiB: Double
    var totalCPU: Double
}

func runStepCostBenchmarks() throws {
    let environment = ProcessInfo.processInfo.environment
    if let spec = environment["LLMDO_BENCH_STEP_ROW"], let row = StepRow(environment: spec), let port = environment["LLMDO_BENCH_MOCK_PORT"] {
        try measureRowInThisProcess(row, port: port)
        exit(0)
    }
    let sizes = (environment["LLMDO_BENCH_STEPS"] ?? "10,100,1000,10000").split(separator: ",").compactMap { Int($0) }
    var rows: [StepRow] = []
    for (provider, stream) in [("openai", true), ("anthropic", true), ("openai", false)] {
        rows += sizes.map { StepRow(provider: provider, stream: stream, steps: $0, full: false) }
        // Before: quadratic (the 10,000-step loop took 277 s of CPU), so up to 1,000 steps.
        if stream { rows += sizes.filter { $0 <= 1_000 }.map { StepRow(provider: provider, stream: stream, steps: $0, full: true) } }
    }
    let client = try BareClient.build()
    print("machine: \(machineDescription())")
    print("| provider | steps | CPU per step | last 1,000 steps, CPU per step | bare client per request | ratio | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows {
        let mock = try MockServer.start(toolCalls: row.steps, recordFinal: true)
        defer { mock.stop() }
        let figures = try measureRowInChild(row, port: mock.port)
        var floor = "", ratio = ""
        if row.steps >= 1_000, let client, let bytes = try? Data(contentsOf: URL(fileURLWithPath: mock.finalBodyPath)) {
            let path = row.provider == "anthropic" ? "/v1/messages" : "/v1/chat/completions"
            if let perRequest = try client.cpuPerRequest(port: mock.port, path: path, body: bytes, requests: min(row.steps, 1_000)) {
                floor = Bench.format(perRequest * 1e9)
                ratio = String(format: "%.1f×", figures.lastThousandPerStep / perRequest)
            }
        }
        let last = row.steps >= 1_000 ? Bench.format(figures.lastThousandPerStep * 1e9) : ""
        print("| \(row.label) | \(row.steps) | \(Bench.format(figures.cpuPerStep * 1e9)) | \(last) | \(floor) | \(ratio) | \(String(format: "%.1f MiB", figures.peakRSSMiB)) |")
        if row.steps == 10_000 { print("|  | total CPU \(String(format: "%.1f s", figures.totalCPU)) (target ≤ 15 s) | | | | | |") }
    }
}

/// Runs one row in a fresh copy of this benchmark binary and reads its figures.
private func measureRowInChild(_ row: StepRow, port: UInt16) throws -> StepFigures {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["steps"]
    process.environment = ProcessInfo.processInfo.environment.merging(
        ["LLMDO_BENCH_STEP_ROW": row.environment, "LLMDO_BENCH_MOCK_PORT": "\(port)"]) { $1 }
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("figures ") }) else {
        throw BenchFailure("row \(row.label), \(row.steps) steps: no figures in\n\(output)")
    }
    let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
    guard values.count == 4 else { throw BenchFailure("row \(row.label): unreadable '\(line)'") }
    return StepFigures(cpuPerStep: values[0], lastThousandPerStep: values[1], peakRSSMiB: values[2], totalCPU: values[3])
}

private func measureRowInThisProcess(_ row: StepRow, port: String) throws {
    var options = ProviderOptions(environment: [
        "OPENAI_API_KEY": "mock-key", "OPENAI_BASE_URL": "http://127.0.0.1:\(port)/v1",
        "ANTHROPIC_API_KEY": "mock-key", "ANTHROPIC_BASE_URL": "http://127.0.0.1:\(port)",
    ])
    options.maxRetries = 0
    guard let model = try makeProviderModel(provider: row.provider, model: "mock", options: options) else {
        throw BenchFailure("provider \(row.provider) missing")
    }
    var settings = ModelSettings()
    if !row.stream { settings.extra["stream"] = false }
    let worker = WorkerSpec(
        name: "main", isEntry: true, model: "mock", toolsetRefs: [NameRef(name: "add", line: nil)], settings: settings,
        instructions: "Add the numbers with the add tool until told otherwise.", file: "main.worker")
    let program = Program(
        projectRoot: "/bench", manifest: Manifest(path: "/bench/project.json"), workers: ["main": worker],
        toolsets: ["add": AddToolset()], plugins: [], entry: .worker("main"))
    let clock = CPUClock(capacity: row.steps + 1, full: row.full)
    let runtime = Runtime(program: program, options: RuntimeOptions(models: ["mock": model], interceptors: [clock]))
    let start = CPUClock.now()
    _ = try timeAsync { _ = try await runtime.run(input: "go") }
    let total = CPUClock.now() - start
    let stamps = clock.stamps
    let last = stamps.count > 1_000 ? (stamps[stamps.count - 1] - stamps[stamps.count - 1_001]) / 1_000 : 0
    print("figures \(total / Double(row.steps + 1)) \(last) \(Bench.peakRSSMiB()) \(total)")
}

/// `add(a, b)`: the tool every step calls.
private struct AddToolset: Toolset {
    let name = "add"
    let tools = [
        ToolDefinition(
            name: "add", description: "Add two numbers.",
            parametersSchema: [
                "type": "object", "properties": ["a": ["type": "number"], "b": ["type": "number"]], "required": ["a", "b"],
            ])
    ]
    func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance { Instance() }
    struct Instance: ToolsetInstance {
        func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
            .json(.double((arguments["a"]?.doubleValue ?? 0) + (arguments["b"]?.doubleValue ?? 0)))
        }
    }
}

/// Stamps the process's CPU time at every model request; with `full`, reassigns the request's
/// messages so the provider encodes the whole history (the behaviour before incremental bodies).
private final class CPUClock: RunInterceptor, @unchecked Sendable {
    // @unchecked: `times` is guarded by `lock`.
    private let lock = NSLock()
    private var times: [Double]
    private let full: Bool

    init(capacity: Int, full: Bool) {
        times = []
        times.reserveCapacity(capacity)
        self.full = full
    }

    var stamps: [Double] { lock.withLock { times } }

    /// User plus system CPU seconds of this process so far.
    static func now() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    func interceptModelRequest(
        _ request: ModelRequest, call: ModelCallInfo, next: (ModelRequest) async throws -> ModelResponse
    ) async throws -> ModelResponse {
        let now = Self.now()
        lock.withLock { times.append(now) }
        guard full else { return try await next(request) }
        var copy = request
        copy.messages = request.messages
        return try await next(copy)
    }
}

/// The mock server in a child process (python3, standard library only).
private struct MockServer {
    let process: Process
    let port: UInt16
    let finalBodyPath: String

    static func start(toolCalls: Int, recordFinal: Bool) throws -> MockServer {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("peers/mockllm.py").path
        let finalBody = FileManager.default.temporaryDirectory.path + "/llmdo-bench-final-\(getpid()).json"
        try? FileManager.default.removeItem(atPath: finalBody)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--tool-calls", "\(toolCalls)"] + (recordFinal ? ["--record-final", finalBody] : [])
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var line: [UInt8] = []
        while let byte = try pipe.fileHandleForReading.read(upToCount: 1)?.first, byte != 10 { line.append(byte) }
        guard let port = UInt16(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw BenchFailure("mockllm.py did not print its port (is python3 installed?)")
        }
        return MockServer(process: process, port: port, finalBodyPath: finalBody)
    }

    func stop() {
        // SIGKILL: Foundation starts children with the spawning thread's signal mask, in which
        // SIGTERM may be blocked.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: finalBodyPath)
    }
}

/// Benchmarks/bareclient.c, compiled with `cc … -lcurl` into the build folder.
private struct BareClient {
    let path: String

    static func build() throws -> BareClient? {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("bareclient.c").path
        let output = FileManager.default.temporaryDirectory.path + "/llmdo-bench-bareclient-\(getpid())"
        let cc = Process()
        cc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        cc.arguments = ["cc", "-O2", "-o", output, source, "-lcurl"]
        try cc.run()
        cc.waitUntilExit()
        guard cc.terminationStatus == 0 else {
            print("(bare client not built: cc failed; the floor column stays empty)")
            return nil
        }
        return BareClient(path: output)
    }

    /// CPU seconds per request posting `body` `requests` times over one connection.
    func cpuPerRequest(port: UInt16, path: String, body: Data, requests: Int) throws -> Double? {
        let file = FileManager.default.temporaryDirectory.path + "/llmdo-bench-body-\(getpid()).json"
        try body.write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: self.path)
        process.arguments = ["http://127.0.0.1:\(port)\(path)", file, "\(requests)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output.split(separator: " ").last.flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}

/// CPU model, core count and load average, printed with the table: figures from a loaded
/// machine read differently.
func machineDescription() -> String {
    let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
        .first { $0.hasPrefix("model name") }.map { $0.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "?"
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    return "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores, load \(load), \(Date())"
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

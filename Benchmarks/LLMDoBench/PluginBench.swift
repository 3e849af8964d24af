import Foundation
import LLMDo

/// Plugin call costs (release): libffi vs a direct call, full dispatch from argument JSON text
/// to result JSON text, memory over a million calls, and 100 concurrent plugin → worker →
/// plugin chains. Loads libcalc_tools.so from the build folder and compiles the test plugin
/// (Tests/Fixtures/plugins/test_plugin.c) with cc; run from the package root.
func runPluginBenchmarks() throws {
    let calc = try PluginLoading.load(declaredPath: "libcalc_tools.so", projectRoot: FileManager.default.currentDirectoryPath)
    guard let toolset = calc.toolsets.first as? PluginToolset,
        let add = toolset.functions.first(where: { $0.definition.name == "add" })
    else { throw BenchError("calc_tools has no add") }

    // 1. The call itself: a cached cif vs a direct C call of the same function.
    typealias Add = @convention(c) (Double, Double) -> Double
    let direct = unsafeBitCast(add.pointer, to: Add.self)
    var sink = 0.0
    var a = 1.5, b = 2.0
    let directCall = "plugin: direct C call add(double, double)"
    Bench.measure(directCall, iterations: 1_000_000) { sink += direct(a, b) }
    try withUnsafeMutablePointer(to: &a) { pa in
        try withUnsafeMutablePointer(to: &b) { pb in
            var arguments: [UnsafeMutableRawPointer?] = [UnsafeMutableRawPointer(pa), UnsafeMutableRawPointer(pb)]
            var raw: UInt64 = 0
            try arguments.withUnsafeMutableBufferPointer { values in
                guard let base = values.baseAddress else { throw BenchError("no buffer") }
                Bench.measure("plugin: ffi_call add through the cached cif", iterations: 1_000_000, floor: directCall) {
                    add.signature.call(add.pointer, arguments: base, result: &raw)
                    sink += Double(bitPattern: raw)
                }
            }
        }
    }

    // 2. Full dispatch on the calling thread: parse → validate (defaults) → convert → call → encode.
    let schema = try JSONSchema(add.definition.parametersSchema)
    func dispatch(_ text: String) throws -> String {
        let arguments = try JSONValue(parsing: text)
        guard case .success(let valid) = schema.validate(arguments) else { throw BenchError("invalid") }
        return try add.invoke(valid, call: PluginCall(scope: nil, projectRoot: "/")).get().jsonValue.jsonText
    }
    try Bench.measure("plugin: dispatch args JSON text → result JSON text", iterations: 100_000, floor: directCall) {
        sink += Double(try dispatch(#"{"a": 1.5, "b": 2}"#).count)
    }
    let parsed: JSONValue = ["a": 1.5, "b": 2]
    Bench.measure("plugin: dispatch parsed+validated args → ToolOutput", iterations: 100_000, floor: directCall) {
        if case .success = add.invoke(parsed, call: PluginCall(scope: nil, projectRoot: "/")) { sink += 1 }
    }
    // The same, from a task, hopping to a plugin thread and back (what a real tool call adds).
    let hops = 20_000
    let hopNanoseconds = try blocking {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<hops {
            _ = await PluginThreads.shared.run { add.invoke(parsed, call: PluginCall(scope: nil, projectRoot: "/")) }
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(hops)
    }
    Bench.record(Bench.Result(
        name: "plugin: dispatch parsed args incl. plugin-thread hop", medianNanoseconds: hopNanoseconds, iterations: hops,
        note: "mean"))

    // 3. A million calls: resident memory must not grow.
    let before = residentMiB()
    for _ in 0..<1_000_000 { sink += Double(try dispatch(#"{"a": 1, "b": 2}"#).count) }
    let after = residentMiB()
    print(String(format: "plugin: 1,000,000 dispatches: RSS %.1f MiB → %.1f MiB", before, after))

    // 4. 100 concurrent chains plugin → worker → plugin … until max_depth (5).
    let testPlugin = try compileTestPlugin()
    try blocking { try await chains(count: 100, plugin: testPlugin) }

    // 5. call_tool from plugin code, 10,000 and 100,000 times in one plugin call: host memory.
    try blocking { try await repeatedCallTool(plugin: testPlugin) }

    // 6. 1,000 concurrent calls of a thread-safe function: threads under the default cap.
    try blocking { try await concurrentCalls(1_000, plugin: testPlugin) }
    if sink == 42 { print("") }  // keep the work observable
}

/// Compiles and loads the test plugin (Tests/Fixtures/plugins/test_plugin.c).
private func compileTestPlugin() throws -> LoadedPlugin {
    let source = "Tests/Fixtures/plugins/test_plugin.c"
    let library = NSTemporaryDirectory() + "llmdo-bench-test-plugin-\(getpid()).so"
    let cc = Process()
    cc.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
    cc.arguments = ["-O2", "-fPIC", "-shared", "-fvisibility=hidden", "-Wl,-Bsymbolic", "-I", "Sources/LLMDoToolABI/include", "-o", library, source]
    try cc.run()
    cc.waitUntilExit()
    guard cc.terminationStatus == 0 else { throw BenchError("cc failed") }
    return try PluginLoading.load(declaredPath: library, projectRoot: "/")
}

/// A code entry that runs a closure (the benchmarks' way to call tools as code).
private struct ClosureEntry: CodeEntry {
    let name = "bench_entry"
    let body: @Sendable (CallScope) async throws -> JSONValue
    func run(input: JSONValue, scope: CallScope) async throws -> JSONValue { try await body(scope) }
}

/// A runtime over the test plugin whose entry is `body`.
private func codeRuntime(_ plugin: LoadedPlugin, _ body: @escaping @Sendable (CallScope) async throws -> JSONValue) -> Runtime {
    var config = RuntimeConfig()
    config.approvalMode = .approveAll
    let program = Program(
        projectRoot: "/", manifest: Manifest(path: "/project.json", runtime: config), workers: [:],
        toolsets: Dictionary(uniqueKeysWithValues: plugin.toolsets.map { ($0.name, $0) }), plugins: [plugin],
        entry: .code(ClosureEntry(body: body)))
    return Runtime(program: program, options: RuntimeOptions())
}

/// `repeat_tool(n)` makes n `call_tool("add")` from inside one plugin call; every output it
/// was lent stays valid until that call returns (the ABI's rule), so what may grow is those
/// bytes (2 per call here) and nothing per call besides.
private func repeatedCallTool(plugin: LoadedPlugin) async throws {
    for calls in [10_000, 100_000] {
        let runtime = codeRuntime(plugin) { scope in try await scope.callTool("repeat_tool", arguments: ["n": .int(Int64(calls))]).jsonValue }
        let before = residentMiB(), peakBefore = Bench.peakRSSMiB()
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try await runtime.run(input: "go")
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(calls)
        print(String(
            format: "plugin: %d call_tool from one plugin call: RSS %.1f MiB → %.1f MiB, peak %.1f → %.1f MiB, %@ per call_tool",
            calls, before, residentMiB(), peakBefore, Bench.peakRSSMiB(), Bench.format(elapsed)))
    }
}

/// 1,000 calls of `add` at once, on a fresh pool with the default cap.
private func concurrentCalls(_ count: Int, plugin: LoadedPlugin) async throws {
    let pool = PluginThreads()
    let runtime = codeRuntime(plugin) { scope in
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count { group.addTask { _ = try await scope.callTool("add", arguments: ["a": .int(Int64(index)), "b": 1]) } }
            try await group.waitForAll()
        }
        return .null
    }
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try await PluginThreads.$current.withValue(pool) { try await runtime.run(input: "go") }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
    let stats = pool.statistics
    print(String(
        format: "plugin: %d concurrent thread-safe calls: %@ wall, cap %d, %d threads started (peak live %d, peak running %d)",
        count, Bench.format(elapsed), pool.limit, stats.threadsStarted, stats.peakLive, stats.peakRunning))
}

private func chains(count: Int, plugin: LoadedPlugin) async throws {
    let model = FunctionModel { request in
        if let result = request.messages.last?.parts.compactMap({ part -> ToolResult? in
            if case .toolResult(let result) = part { return result } else { return nil }
        }).first {
            return .text("done: \(result.content.prefix(40))")
        }
        return .toolCalls([ToolCall(id: "chain", name: "call_worker", arguments: ["worker": "chain", "input": "deeper"])])
    }
    let worker = WorkerSpec(
        name: "chain", isEntry: true, model: "fn", toolsetRefs: [NameRef(name: "test_tools", line: nil)], instructions: "Go.",
        file: "chain.worker")
    var config = RuntimeConfig()
    config.approvalMode = .approveAll
    let program = Program(
        projectRoot: "/", manifest: Manifest(path: "/project.json", runtime: config), workers: ["chain": worker],
        toolsets: Dictionary(uniqueKeysWithValues: plugin.toolsets.map { ($0.name, $0) }), plugins: [plugin],
        entry: .worker("chain"))
    let runtime = Runtime(program: program, options: RuntimeOptions(models: ["fn": model]))
    let threadsBefore = PluginThreads.shared.statistics.threadsStarted
    let start = DispatchTime.now().uptimeNanoseconds
    try await withThrowingTaskGroup(of: Void.self) { group in
        for index in 0..<count { group.addTask { _ = try await runtime.run(input: .string("chain \(index)")) } }
        try await group.waitForAll()
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
    let stats = PluginThreads.shared.statistics
    print(String(
        format: "plugin: %d concurrent chains (depth 0…5): %@ wall, %d plugin threads started (peak live %d), peak RSS %.1f MiB",
        count, Bench.format(elapsed), stats.threadsStarted - threadsBefore, stats.peakLive, Bench.peakRSSMiB()))
}

/// Runs async work from the (synchronous) benchmark driver on the main thread, which is not
/// a cooperative-pool thread, so waiting here starves nothing.
private func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: Result<T, any Error>?
    Task.detached {
        do { result = .success(try await work()) } catch { result = .failure(error) }
        done.signal()
    }
    done.wait()
    guard let result else { throw BenchError("no result") }
    return try result.get()
}

private func residentMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return (line.split(separator: " ").compactMap { Double($0) }.first ?? 0) / 1024
    }
    return 0
}

struct BenchError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

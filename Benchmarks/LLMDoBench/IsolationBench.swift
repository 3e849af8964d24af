import Foundation
import LLMDo

/// Isolated plugins (release): a trivial call (`calc_tools.add`, no per-call instance) in-process
/// vs in a helper process, and a crash followed by the next call (helper restart). Compiles
/// Tests/Fixtures/plugins/crash_plugin.c with cc; the helper is the release `llmdo` beside this
/// executable, as is libcalc_tools.so. Run from the package root.
func runIsolationBenchmarks() async throws {
    let folder = NSTemporaryDirectory() + "llmdo-bench-isolation-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try compile("Tests/Fixtures/plugins/crash_plugin.c", defines: ["CRASH_SEGV"], into: "\(folder)/libcrash.so")
    try #"{"version": 1, "worker_files": ["main.worker"], "plugin_files": ["libcalc_tools.so", "./libcrash.so"]}"#
        .write(toFile: "\(folder)/project.json", atomically: true, encoding: .utf8)
    try "---\nname: main\nentry: true\ntoolsets: [calc_tools, crashy]\n---\nGo.\n"
        .write(toFile: "\(folder)/main.worker", atomically: true, encoding: .utf8)

    // 1. The same trivial call (`add`, through CallScope.callTool, from a code entry) both ways,
    // in alternating batches (the machine's load drifts); the median batch of each mode.
    let calls = 2_000, batches = 15
    var batchMeans: [PluginIsolation: [Double]] = [:]
    let modes: [PluginIsolation] = [.inProcess, .process]
    let programs = try modes.map { mode -> (PluginIsolation, Program) in (mode, try ProjectLoader.load(path: folder, pluginIsolation: mode)) }
    for batch in 0...batches {
        for (mode, program) in programs {
            let nanoseconds = try await run(program) { scope in
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<calls { _ = try await scope.callTool("add", arguments: ["a": 1, "b": 2]) }
                return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(calls)
            }
            if batch > 0 { batchMeans[mode, default: []].append(nanoseconds) }  // batch 0 warms up
        }
    }
    func median(_ mode: PluginIsolation) -> Double {
        let sorted = (batchMeans[mode] ?? []).sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
    for mode in modes {
        Bench.record(Bench.Result(
            name: "isolation: callTool add, isolation \(mode.rawValue)", medianNanoseconds: median(mode),
            iterations: calls * batches, note: "median of \(batches) batch means"))
    }
    let differences = zip(batchMeans[.process] ?? [], batchMeans[.inProcess] ?? []).map { $0 - $1 }.sorted()
    Bench.record(Bench.Result(
        name: "isolation: cost of isolation per call", medianNanoseconds: differences.isEmpty ? 0 : differences[differences.count / 2],
        iterations: calls * batches, note: "median of paired batch differences; target ≤ 25 µs"))

    // 2. Crash and restart: a call that segfaults, then the next call (new helper, init, call).
    let cycles = 50
    let program = try ProjectLoader.load(path: folder, pluginIsolation: .process)
    let counter = "\(folder)/boom-count"
    let cycle = try await run(program) { scope in
        var total: UInt64 = 0
        for _ in 0..<cycles {
            unlink(counter)  // boom crashes on its first call
            let start = DispatchTime.now().uptimeNanoseconds
            guard (try? await scope.callTool("boom", arguments: [:])) == nil else { throw BenchError("boom did not crash") }
            _ = try await scope.callTool("add", arguments: ["a": 1, "b": 2])
            total += DispatchTime.now().uptimeNanoseconds - start
        }
        return Double(total) / Double(cycles)
    }
    Bench.record(Bench.Result(
        name: "isolation: crash (SIGSEGV) + restart + next call", medianNanoseconds: cycle, iterations: cycles,
        note: "mean; target ≤ 50 ms"))
}

/// Runs `body` as the program's code entry and returns what it returns.
func run(_ program: Program, _ body: @escaping @Sendable (CallScope) async throws -> Double) async throws -> Double {
    var program = program
    program.entry = .code(BenchEntry(body: body))
    var options = RuntimeOptions()
    options.approvalMode = .approveAll
    let output = try await Runtime(program: program, options: options).run(input: "go").output
    guard let value = output.doubleValue else { throw BenchError("no figure") }
    return value
}

private struct BenchEntry: CodeEntry {
    let name = "bench"
    let body: @Sendable (CallScope) async throws -> Double
    func run(input: JSONValue, scope: CallScope) async throws -> JSONValue { .double(try await body(scope)) }
}

private func compile(_ source: String, defines: [String] = [], into output: String) throws {
    let cc = Process()
    cc.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
    cc.arguments = ["-O2", "-fPIC", "-shared", "-fvisibility=hidden", "-I", "Sources/LLMDoToolABI/include"]
        + defines.map { "-D\($0)" } + ["-o", output, source]
    try cc.run()
    cc.waitUntilExit()
    guard cc.terminationStatus == 0 else { throw BenchError("cc failed for \(source)") }
}

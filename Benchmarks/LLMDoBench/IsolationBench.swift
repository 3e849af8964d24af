import Foundation
import LLMDo

/// Isolated plugins (release): a trivial call in-process vs in a helper process, and a crash
/// followed by the next call (helper restart). Compiles Tests/Fixtures/plugins/test_plugin.c and
/// crash_plugin.c with cc; the helper is the release `llmdo` beside this executable. Run from the
/// package root.
func runIsolationBenchmarks() async throws {
    let folder = NSTemporaryDirectory() + "llmdo-bench-isolation-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try compile("Tests/Fixtures/plugins/test_plugin.c", into: "\(folder)/libtest.so")
    try compile("Tests/Fixtures/plugins/crash_plugin.c", defines: ["CRASH_SEGV"], into: "\(folder)/libcrash.so")
    try #"{"version": 1, "worker_files": ["main.worker"], "plugin_files": ["./libtest.so", "./libcrash.so"]}"#
        .write(toFile: "\(folder)/project.json", atomically: true, encoding: .utf8)
    try "---\nname: main\nentry: true\ntoolsets: [test_tools, crashy]\n---\nGo.\n"
        .write(toFile: "\(folder)/main.worker", atomically: true, encoding: .utf8)

    // 1. The same trivial call (`add`, through CallScope.callTool, from a code entry) both ways.
    let calls = 20_000
    var perCall: [PluginIsolation: Double] = [:]
    for mode in [PluginIsolation.none, .process] {
        let program = try ProjectLoader.load(path: folder, pluginIsolation: mode)
        let nanoseconds = try await run(program) { scope in
            for _ in 0..<1_000 { _ = try await scope.callTool("add", arguments: ["a": 1, "b": 2]) }  // warm up
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<calls { _ = try await scope.callTool("add", arguments: ["a": 1, "b": 2]) }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(calls)
        }
        perCall[mode] = nanoseconds
        Bench.record(Bench.Result(
            name: "isolation: callTool add, isolation \(mode.rawValue)", medianNanoseconds: nanoseconds, iterations: calls,
            note: "mean, sequential"))
    }
    if let isolated = perCall[.process], let inProcess = perCall[.none] {
        Bench.record(Bench.Result(
            name: "isolation: cost of isolation per call", medianNanoseconds: isolated - inProcess, iterations: calls,
            note: "target ≤ 25 µs"))
    }

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
private func run(_ program: Program, _ body: @escaping @Sendable (CallScope) async throws -> Double) async throws -> Double {
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

// llmdo benchmarks: `make bench` (release build). Each layer adds a `run…Benchmarks()` function
// in its own file and calls it here. Only sections whose name contains the first argument run.
import Foundation

let filter = CommandLine.arguments.dropFirst().first

func wanted(_ name: String) -> Bool {
    guard let filter else { return true }
    return name.localizedCaseInsensitiveContains(filter)
}

func section(_ name: String, _ body: () throws -> Void) rethrows {
    guard wanted(name) else { return }
    let load = begin(name)
    try body()
    BenchReport.writeTable(section: name, loadBefore: load)
}

func section(_ name: String, _ body: () async throws -> Void) async rethrows {
    guard wanted(name) else { return }
    let load = begin(name)
    try await body()
    BenchReport.writeTable(section: name, loadBefore: load)
}

/// Prints the section header with the machine and its load; returns the load.
private func begin(_ name: String) -> String {
    Bench.section = name
    print("\n== \(name)\n\(BenchReport.header())")
    return BenchReport.load()
}

try section("json") { try runJSONBenchmarks() }
try await section("runtime") { try await runRuntimeBenchmarks() }
try await section("journal") { try await runJournalBenchmarks() }
try section("http") { try runHTTPBenchmarks() }
try section("tools") { try runToolsBenchmarks() }
try section("plugin") { try runPluginBenchmarks() }
try await section("reload") { try await runReloadBenchmarks() }
try await section("isolation") { try await runIsolationBenchmarks() }
try section("steps") { try runStepCostBenchmarks() }
section("tui") { runTUIBenchmarks() }
try await section("mcp") { try await runMCPBenchmarks() }

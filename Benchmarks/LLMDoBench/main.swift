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
    print("\n== \(name)")
    try body()
}

func section(_ name: String, _ body: () async throws -> Void) async rethrows {
    guard wanted(name) else { return }
    print("\n== \(name)")
    try await body()
}

try section("json") { try runJSONBenchmarks() }
try await section("runtime") { try await runRuntimeBenchmarks() }
try section("http") { try runHTTPBenchmarks() }
try section("tools") { try runToolsBenchmarks() }
try section("plugin") { try runPluginBenchmarks() }
try await section("reload") { try await runReloadBenchmarks() }
try await section("isolation") { try await runIsolationBenchmarks() }
try await section("mcp") { try await runMCPBenchmarks() }

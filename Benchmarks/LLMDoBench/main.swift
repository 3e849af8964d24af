// llmdo benchmarks: `make bench` (release build). Each layer adds a `run…Benchmarks()` function
// in its own file and calls it here. Only names matching the first argument run, if one is given.
import Foundation

let filter = CommandLine.arguments.dropFirst().first

func section(_ name: String, _ body: () throws -> Void) rethrows {
    if let filter, !name.localizedCaseInsensitiveContains(filter) { return }
    print("\n== \(name)")
    try body()
}

try section("json") { try runJSONBenchmarks() }
try section("plugin") { try runPluginBenchmarks() }

import Foundation
import LLMDo

/// Hot swap costs (release): the latency from renaming a new worker file into place to the first
/// call served by it (inotify path), the cost of one reload of a project with 10 plugins and 20
/// workers, and the memory each swap keeps (plugin images are never unloaded). Compiles
/// examples/hot_swap/hot_swap.c with cc; run from the package root.
func runReloadBenchmarks() async throws {
    try await swapLatency()
    try reloadCostAndMemory()
}

/// Rename of a new `main.worker` → the watcher reloads → the first call that answers with it.
private func swapLatency() async throws {
    let root = try benchFolder("latency")
    defer { try? FileManager.default.removeItem(atPath: root) }
    try write(root, "project.json", #"{"version": 1, "worker_files": ["main.worker"]}"#)
    try write(root, "main.worker", worker("main", entry: true, body: "v0"))
    let model = FunctionModel { request in .text(request.system.trimmingCharacters(in: .whitespacesAndNewlines)) }
    let runtime = Runtime(
        program: try ProjectLoader.load(path: root), options: RuntimeOptions(modelOverride: "fn", models: ["fn": model]))
    let watcher = ProjectWatcher(runtime: runtime, projectPath: root)
    watcher.start()
    defer { watcher.stop() }
    guard watcher.usesInotify else { throw BenchError("inotify is unavailable here") }
    var latencies: [Double] = []
    for version in 1...40 {
        try write(root, ".main.worker.tmp", worker("main", entry: true, body: "v\(version)"))
        let start = DispatchTime.now().uptimeNanoseconds
        guard rename(root + "/.main.worker.tmp", root + "/main.worker") == 0 else { throw BenchError("rename failed") }
        while runtime.program.workers["main"]?.instructions.contains("v\(version)") != true {
            try await Task.sleep(for: .microseconds(200))
        }
        guard try await runtime.run(input: "hi").output.stringValue == "v\(version)" else { throw BenchError("stale answer") }
        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start))
    }
    latencies.sort()
    Bench.record(.init(
        name: "hot swap: rename of a worker file → first call served by it", medianNanoseconds: latencies[latencies.count / 2],
        iterations: latencies.count,
        note: "p90 \(Bench.format(latencies[latencies.count * 9 / 10])); includes the 20 ms settle"))
}

/// One reload of 10 plugins + 20 workers, and the resident memory 50 such reloads keep.
private func reloadCostAndMemory() throws {
    let root = try benchFolder("cost")
    defer { try? FileManager.default.removeItem(atPath: root) }
    var pluginFiles: [String] = []
    for index in 0..<10 {
        try compileHotSwap(toolset: "greeting\(index)", output: "\(root)/libgreeting\(index).so")
        pluginFiles.append("./libgreeting\(index).so")
    }
    let workerFiles = (0..<20).map { "w\($0).worker" }
    func manifest(plugins: [String]) -> String {
        let quoted = { (files: [String]) in files.map { "\"\($0)\"" }.joined(separator: ", ") }
        return #"{"version": 1, "worker_files": [\#(quoted(workerFiles))], "plugin_files": [\#(quoted(plugins))]}"#
    }

    for (label, plugins) in [("20 workers, no plugins", [String]()), ("10 plugins + 20 workers", pluginFiles)] {
        try write(root, "project.json", manifest(plugins: plugins))
        // The same 20 workers; without plugins they name no toolsets.
        for index in 0..<20 {
            let toolsets = plugins.isEmpty ? [] : ["greeting\(index % 10)"]
            try write(root, "w\(index).worker", worker("w\(index)", entry: index == 0, toolsets: toolsets, body: "Worker \(index)."))
        }
        let runtime = Runtime(program: try ProjectLoader.load(path: root))
        let watcher = ProjectWatcher(runtime: runtime, projectPath: root)
        try Bench.measure("hot swap: reloadNow(), \(label)", iterations: 5, batches: 10) { try watcher.reloadNow() }
        let before = residentMiB()
        let swaps = 50
        for _ in 0..<swaps { try watcher.reloadNow() }
        let kept = (residentMiB() - before) / Double(swaps)
        Bench.record(.init(
            name: "hot swap: resident memory kept per reload, \(label)", medianNanoseconds: 0, iterations: swaps,
            note: String(format: "%.3f MiB per reload (%.1f MiB after %d)", kept, residentMiB(), swaps)))
    }
}

private func compileHotSwap(toolset: String, output: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
    process.arguments = [
        "-std=c11", "-O2", "-fPIC", "-shared", "-fvisibility=hidden", "-Wl,-Bsymbolic", "-I", "Sources/LLMDoToolABI/include",
        "-DTOOLSET=\"\(toolset)\"", "-o", output, "examples/hot_swap/hot_swap.c",
    ]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchError("cc failed for \(toolset)") }
}

private func worker(_ name: String, entry: Bool, toolsets: [String] = [], body: String) -> String {
    "---\nname: \(name)\nentry: \(entry)\ntoolsets: [\(toolsets.joined(separator: ", "))]\n---\n\(body)\n"
}

private func benchFolder(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "llmdo-reload-bench-\(name)-\(getpid())"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func write(_ root: String, _ name: String, _ text: String) throws {
    try text.write(toFile: root + "/" + name, atomically: false, encoding: .utf8)
}

/// Current resident set size in MiB (VmRSS: unlike the peak, it shows what a swap keeps).
private func residentMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return (line.split(separator: " ").compactMap { Double($0) }.first ?? 0) / 1024
    }
    return 0
}

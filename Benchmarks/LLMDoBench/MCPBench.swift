import Foundation
import LLMDo

/// MCP servers (release): one tool call on a stdio server through llmdo (`CallScope.callTool`:
/// validation, gate, JSON-RPC, the server's thread) against the raw pipe round trip to the same
/// server (a JSON line written, a line read back), and loading a project with three servers
/// (lazy: nothing starts) against the same project without them. The server is the toy fixture
/// (Tests/Fixtures/mcp/toy_server.py, Python) from `.build/venv` (`make venv`): its own time
/// is in both figures, so the difference is llmdo's overhead. Run from the package root.
func runMCPBenchmarks() async throws {
    let python = ".build/venv/bin/python"
    guard FileManager.default.isExecutableFile(atPath: python) else { throw BenchError("no .build/venv: run `make venv` first") }
    let root = FileManager.default.currentDirectoryPath
    let folder = NSTemporaryDirectory() + "llmdo-bench-mcp-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let toy = #"{"command": "\#(root)/\#(python)", "args": ["\#(root)/Tests/Fixtures/mcp/toy_server.py"], "pre_approved": ["echo"]}"#
    try #"{"version": 1, "worker_files": ["main.worker"], "mcp_servers": {"toy": \#(toy)}}"#
        .write(toFile: "\(folder)/project.json", atomically: true, encoding: .utf8)
    try "---\nname: main\nentry: true\ntoolsets: [toy]\n---\nGo.\n".write(toFile: "\(folder)/main.worker", atomically: true, encoding: .utf8)

    // 1. Per call, alternating batches of the raw round trip and llmdo's call.
    let calls = 500, batches = 11
    let raw = try RawServer(python: python, script: "Tests/Fixtures/mcp/toy_server.py")
    defer { raw.stop() }
    let program = try ProjectLoader.load(path: folder)
    var rawMeans: [Double] = [], llmdoMeans: [Double] = []
    for batch in 0...batches {
        let rawMean = try raw.echoRoundTrips(calls)
        let llmdoMean = try await run(program) { scope in
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<calls { _ = try await scope.callTool("toy.echo", arguments: ["text": "x"]) }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(calls)
        }
        if batch > 0 {  // batch 0 warms up (and starts the server)
            rawMeans.append(rawMean)
            llmdoMeans.append(llmdoMean)
        }
    }
    let rawMedian = median(rawMeans), llmdoMedian = median(llmdoMeans)
    Bench.record(Bench.Result(
        name: "mcp: raw pipe round trip (echo, toy server)", medianNanoseconds: rawMedian, iterations: calls * batches,
        note: "median of \(batches) batch means; includes the server's own time"))
    Bench.record(Bench.Result(
        name: "mcp: callTool echo through llmdo (stdio)", medianNanoseconds: llmdoMedian, iterations: calls * batches,
        note: String(format: "%.2f× the raw round trip; target ≤ 2×", llmdoMedian / max(rawMedian, 1))))

    // 2. Loading a project with three servers (none starts) against one without.
    let servers = ["a", "b", "c"].map { #""\#($0)": \#(toy)"# }.joined(separator: ", ")
    try FileManager.default.createDirectory(atPath: "\(folder)/three", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: "\(folder)/none", withIntermediateDirectories: true)
    try #"{"version": 1, "worker_files": ["../main.worker"], "mcp_servers": {\#(servers)}}"#
        .write(toFile: "\(folder)/three/project.json", atomically: true, encoding: .utf8)
    try #"{"version": 1, "worker_files": ["../plain.worker"]}"#.write(toFile: "\(folder)/none/project.json", atomically: true, encoding: .utf8)
    try "---\nname: main\nentry: true\n---\nGo.\n".write(toFile: "\(folder)/plain.worker", atomically: true, encoding: .utf8)
    try "---\nname: main\nentry: true\ntoolsets: [a]\n---\nGo.\n".write(toFile: "\(folder)/main.worker", atomically: true, encoding: .utf8)
    try Bench.measure("mcp: load a project without servers", iterations: 200, batches: 11) { _ = try ProjectLoader.load(path: "\(folder)/none") }
    try Bench.measure("mcp: load a project with three servers", iterations: 200, batches: 11, note: "lazy: no server starts") {
        _ = try ProjectLoader.load(path: "\(folder)/three")
    }
}

private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

/// The toy server driven directly: newline-delimited JSON-RPC over pipes, nothing else.
private final class RawServer {
    private let process = Process()
    private let input: FileHandle
    private let output: UnsafeMutablePointer<FILE>
    private var nextID = 1

    init(python: String, script: String) throws {
        let stdin = Pipe(), stdout = Pipe()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script]
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        input = stdin.fileHandleForWriting
        guard let file = fdopen(dup(stdout.fileHandleForReading.fileDescriptor), "r") else { throw BenchError("fdopen failed") }
        output = file
        _ = try request(#""method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}"#)
        input.write(Data(#"{"jsonrpc": "2.0", "method": "notifications/initialized"}"# .utf8 + [0x0A]))
    }

    /// Writes one request and reads one line back.
    private func request(_ body: String) throws -> String {
        defer { nextID += 1 }
        input.write(Data(#"{"jsonrpc": "2.0", "id": \#(nextID), \#(body)}"#.utf8 + [0x0A]))
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        guard getline(&line, &capacity, output) > 0, let line else { throw BenchError("the toy server closed its output") }
        return String(cString: line)
    }

    /// The mean time of `count` echo calls, in nanoseconds.
    func echoRoundTrips(_ count: Int) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<count {
            _ = try request(#""method": "tools/call", "params": {"name": "echo", "arguments": {"text": "x"}}"#)
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(count)
    }

    func stop() {
        try? input.close()
        process.waitUntilExit()
        fclose(output)
    }
}

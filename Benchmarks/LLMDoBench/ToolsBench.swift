import Foundation
import LLMDo

/// Built-in tools and the approval gate: the gate's cost on a pre-approved call (target ≤ 1 µs),
/// on calls decided without a prompt, and a 1 MB `read_file` through the tool plane.
func runToolsBenchmarks() throws {
    try blockingAwait {
        let request = ApprovalRequest(
            kind: .tool, worker: "main", depth: 0, toolset: "filesystem_project", tool: "write_file",
            arguments: ["path": "a.txt", "content": "x"], description: "write 1 chars to a.txt")
        let prompt = CallPolicy(RuntimeConfig(), overrides: RuntimeOptions())
        let unattended = ApprovalGate(approver: nil, events: NullEventSink())
        try await measureAsync("approval gate: pre-approved call", iterations: 1_000_000) {
            _ = try await unattended.authorize(request, required: false, policy: prompt)
        }
        let approveAll = CallPolicy(RuntimeConfig(), overrides: RuntimeOptions(approvalMode: .approveAll))
        try await measureAsync("approval gate: gated call, approve_all", iterations: 1_000_000) {
            _ = try await unattended.authorize(request, required: true, policy: approveAll)
        }
        let session = ApprovalGate(approver: ClosureApprover { _ in .approveForSession }, events: NullEventSink())
        _ = try await session.authorize(request, required: true, policy: prompt)
        try await measureAsync("approval gate: gated call, approved for the session", iterations: 1_000_000) {
            _ = try await session.authorize(request, required: true, policy: prompt)
        }

        let folder = FileManager.default.temporaryDirectory.path + "/llmdo-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let line = String(repeating: "lorem ipsum ", count: 8) + "\n"  // 97 bytes
        try String(repeating: line, count: 1_048_576 / line.utf8.count).write(
            toFile: folder + "/big.txt", atomically: false, encoding: .utf8)
        let arguments: JSONValue = ["path": "big.txt", "max_chars": 2_000_000]
        try await throughToolPlane(folder: folder) { scope in
            try await measureAsync("read_file 1 MB via CallScope.callTool (schema, gate, instance)", iterations: 50) {
                _ = try await scope.callTool("filesystem_project.read_file", arguments: arguments)
            }
        }

        // One short command: the cost of starting it without and with the OS sandbox (Landlock
        // ruleset, user + network namespace, no_new_privs), and through the whole shell tool.
        try "hello\n".write(toFile: folder + "/small.txt", atomically: false, encoding: .utf8)
        let environment = ["PATH": "/usr/bin:/bin"]
        try await measureAsync("shell: spawn `cat small.txt`, no sandbox", iterations: 100) {
            _ = try await Subprocess.run(
                ["cat", "small.txt"], in: folder, environment: environment, sandbox: nil, timeout: .seconds(10), outputLimit: 1024)
        }
        let policy = SandboxPolicy(base: folder, writable: false)
        try await measureAsync("shell: spawn `cat small.txt`, sandboxed", iterations: 100) {
            _ = try await Subprocess.run(
                ["cat", "small.txt"], in: folder, environment: environment, sandbox: policy, timeout: .seconds(10), outputLimit: 1024)
        }
        try await throughToolPlane(folder: folder) { scope in
            try await measureAsync("shell_readonly `cat small.txt` via CallScope.callTool (parse, allow-list, sandbox)", iterations: 100) {
                _ = try await scope.callTool("shell_readonly.shell", arguments: ["command": "cat small.txt"])
            }
        }
    }
}

/// Runs `body` as a code entry of a program that has the built-in toolsets, rooted at `folder`.
private func throughToolPlane(folder: String, _ body: @escaping @Sendable (CallScope) async throws -> Void) async throws {
    struct Entry: CodeEntry {
        let name = "bench"
        let body: @Sendable (CallScope) async throws -> Void
        func run(input: JSONValue, scope: CallScope) async throws -> JSONValue {
            try await body(scope)
            return .null
        }
    }
    let program = Program(
        projectRoot: folder, manifest: Manifest(path: folder + "/project.json"), workers: [:],
        toolsets: BuiltinToolsets.all(), plugins: [], entry: .code(Entry(body: body)))
    _ = try await Runtime(program: program, options: RuntimeOptions(workingDirectory: folder)).run()
}

/// ``Bench/measure`` for async bodies: median per call over 15 batches.
private func measureAsync(_ name: String, iterations: Int, _ body: () async throws -> Void) async throws {
    for _ in 0..<min(iterations, 1000) { try await body() }
    var perCall: [Double] = []
    for _ in 0..<15 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { try await body() }
        perCall.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations))
    }
    perCall.sort()
    Bench.record(Bench.Result(name: name, medianNanoseconds: perCall[perCall.count / 2], iterations: iterations * 15, note: ""))
}

/// Runs async work from the synchronous benchmark driver.
private func blockingAwait(_ body: @escaping @Sendable () async throws -> Void) throws {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var failure: (any Error)?
    Task {
        do { try await body() } catch { failure = error }
        done.signal()
    }
    done.wait()
    if let failure { throw failure }
}

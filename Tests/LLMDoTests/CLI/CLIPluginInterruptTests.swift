import Foundation
import Testing

/// Ctrl-C while a plugin's code entry waits in `call_worker`: the cancellation crosses the
/// plugin and the run ends as interrupted (exit 130), as it does without a plugin.
@Suite struct CLIPluginInterruptTests {
    @Test func ctrlCDuringACodeEntrysCallWorkerExits130() throws {
        let server = try LoopbackServer { _, _ in
            [.write(Array("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n".utf8)), .sleep(30)]
        }
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["echo.worker"], "plugin_files": ["./test_plugin.so"]}"#,
            // The test plugin's code entry calls this worker (it is the project's one entry).
            "echo.worker": workerFile("name: echo\nmodel: anthropic:claude-haiku-4-5", body: "Echo."),
        ])
        let compile = Process()
        compile.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
        compile.arguments = [
            "-std=c11", "-fPIC", "-shared", "-fvisibility=hidden", "-Wl,-Bsymbolic",
            "-I", "\(CLITests.packageRoot)/Sources/LLMDoToolABI/include",
            "-o", "\(project.root)/test_plugin.so", "\(CLITests.packageRoot)/Tests/Fixtures/plugins/test_plugin.c",
        ]
        try compile.run()
        compile.waitUntilExit()
        #expect(compile.terminationStatus == 0)

        let (status, stderr) = try CLITests.runAndInterrupt([project.root, "Hi"], server: server)
        #expect(status == 130, "stderr: \(stderr)")
        #expect(stderr.contains("interrupted"))
    }
}

extension CLITests {
    /// Runs the binary against `server` (as the Anthropic endpoint), sends Ctrl-C once the
    /// server has a request in flight, and returns the exit status and stderr.
    static func runAndInterrupt(_ arguments: [String], server: LoopbackServer) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        var environment = ProcessInfo.processInfo.environment
        environment["ANTHROPIC_API_KEY"] = "k"
        environment["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:\(server.port)"
        environment["LLM_DO_MODEL"] = nil
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Wait (bounded) until the request is in flight, then interrupt.
        for _ in 0..<500 where server.requests.isEmpty { usleep(10_000) }
        #expect(!server.requests.isEmpty)
        process.interrupt()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr)
    }
}

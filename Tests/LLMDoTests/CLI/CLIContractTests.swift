import Foundation
import Synchronization
import Testing

@testable import LLMDo

/// The CLI's contract through the built binary, with a misbehaving C plugin built by the test
/// (Tests/Fixtures/plugins/misbehaving_plugin.c): stdout holds only llmdo's output (under
/// `--json` exactly one object, however the run ends), in-process crashes are named, and
/// signals end a run with their documented exit codes.
@Suite struct CLIContractTests {
    // MARK: - Fixture

    private static let built = Mutex<[String: String]>([:])

    /// The plugin compiled with `BEHAVIOUR_<behaviour>`, once per test process.
    static func plugin(_ behaviour: String) throws -> String {
        if let path = built.withLock({ $0[behaviour] }) { return path }
        let folder = NSTemporaryDirectory() + "llmdo-contract-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let output = "\(folder)/\(behaviour).so", partial = "\(folder)/\(behaviour)-\(UUID().uuidString).so"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
        process.arguments = [
            "-std=c11", "-Wall", "-Werror", "-fPIC", "-shared", "-fvisibility=hidden", "-Wl,-Bsymbolic",
            "-I", "\(CLITests.packageRoot)/Sources/LLMDoToolABI/include", "-DBEHAVIOUR_\(behaviour)",
            "-o", partial, "\(CLITests.packageRoot)/Tests/Fixtures/plugins/misbehaving_plugin.c",
        ]
        let messages = Pipe()
        process.standardError = messages
        try process.run()
        let text = String(decoding: messages.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "cc failed for BEHAVIOUR_\(behaviour):\n\(text)")
        try #require(rename(partial, output) == 0, "cannot rename \(partial)")
        built.withLock { $0[behaviour] = output }
        return output
    }

    /// A project whose entry worker uses the `inventory` toolset of the plugin with `behaviour`
    /// (the test model calls `restock` once, then answers), loaded in-process: these tests are
    /// about what an in-process plugin can do to the host (isolation has its own tests).
    static func project(_ behaviour: String) throws -> TemporaryProject {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker"], "plugin_files": [{"path": "./libinventory.so", "isolation": "none"}]}"#,
            "main.worker": workerFile("name: main\nentry: true\ntoolsets: [inventory]", body: "Restock."),
        ])
        try FileManager.default.copyItem(atPath: try plugin(behaviour), toPath: project.root + "/libinventory.so")
        return project
    }

    /// The one JSON object stdout must hold (one line, nothing else).
    static func onlyObject(_ stdout: String) -> JSONValue? {
        guard stdout.hasSuffix("\n"), stdout.dropLast().firstIndex(of: "\n") == nil else { return nil }
        guard let value = try? JSONValue(parsing: stdout), value.objectValue != nil else { return nil }
        return value
    }

    // MARK: - stdout belongs to llmdo

    @Test func pluginStdoutGoesToStderrUnderJSON() throws {
        let project = try Self.project("PRINT")
        let result = try CLITests.run([project.root, "--model", "test", "--json", "go"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try #require(Self.onlyObject(result.stdout), "stdout: \(result.stdout)")
        #expect(object["status"] == "ok")
        #expect(object["output"] == "test model called 1 tool\nrestock: restocked")
        for line in ["init printf {\"status\":\"pwned\"}", "restock printf {\"status\":\"pwned\"}"] {
            #expect(result.stderr.contains(line))
        }
    }

    @Test func plainRunPrintsOnlyTheFinalOutput() throws {
        let project = try Self.project("PRINT")
        let result = try CLITests.run([project.root, "--model", "test", "go"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "test model called 1 tool\nrestock: restocked\n")
        #expect(result.stderr.contains("pwned"))
    }

    @Test func checkAndToolsKeepStdoutForTheirDocument() throws {
        let project = try Self.project("PRINT")
        for command in ["check", "tools"] {
            let result = try CLITests.run([command, project.root, "--json"])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let document = try JSONValue(parsing: result.stdout)
            #expect(document.objectValue != nil, "\(command): \(result.stdout)")
            #expect(result.stderr.contains("init printf"))
        }
    }

    // MARK: - Crashes inside an in-process plugin

    struct Crash: Sendable, CustomTestStringConvertible {
        var behaviour: String
        /// What the report names in parentheses: the signal, or `exit(N)`.
        var cause: String
        var signal: String?
        var testDescription: String { "\(behaviour) → \(cause)" }

        init(_ behaviour: String, signal: String) { (self.behaviour, cause, self.signal) = (behaviour, signal, signal) }
        init(_ behaviour: String, cause: String) { (self.behaviour, self.cause, signal) = (behaviour, cause, nil) }
    }

    static let crashes = [
        Crash("SEGV", signal: "SIGSEGV"), Crash("ABORT", signal: "SIGABRT"), Crash("FPE", signal: "SIGFPE"),
        Crash("RAISE", signal: "SIGFPE"),
        Crash("RECURSE", signal: "SIGSEGV"),  // reported from the alternate signal stack
        Crash("EXIT", cause: "exit(3)"),
    ]

    @Test(arguments: crashes)
    func crashIsNamedAndExitsSeventy(_ crash: Crash) throws {
        let project = try Self.project(crash.behaviour)
        let line = "error: plugin 'libinventory.so' crashed in inventory.restock (\(crash.cause))"
        let plain = try CLITests.run([project.root, "--model", "test", "go"])
        #expect(plain.status == 70)
        #expect(plain.stdout.isEmpty)
        #expect(plain.stderr.components(separatedBy: line).count == 2, "stderr: \(plain.stderr)")
        let json = try CLITests.run([project.root, "--model", "test", "--json", "go"])
        #expect(json.status == 70)
        let object = try #require(Self.onlyObject(json.stdout), "stdout: \(json.stdout)")
        #expect(object["status"] == "error")
        #expect(object["error"] == .string("plugin 'libinventory.so' crashed in inventory.restock (\(crash.cause))"))
        #expect(object["signal"] == crash.signal.map(JSONValue.string))
    }

    @Test func crashInInitIsNamedByCheck() throws {
        let project = try Self.project("INIT_ABORT")
        let result = try CLITests.run(["check", project.root, "--json"])
        #expect(result.status == 70)
        #expect(result.stderr.hasPrefix("error: plugin 'libinventory.so' crashed in init (SIGABRT)"), "stderr: \(result.stderr)")
        let object = try #require(Self.onlyObject(result.stdout), "stdout: \(result.stdout)")
        #expect(object["signal"] == "SIGABRT")
    }

    // MARK: - Signals

    /// Ctrl-C while a plugin call ignores cancellation, in a run (`--json`) and in a chat turn:
    /// the first names the call, the second exits with 130.
    @Test(arguments: ["--json", "--chat"])
    func ctrlCWhileAPluginDoesNotPoll(_ mode: String) throws {
        let project = try Self.project("SPIN")
        let run = try SignalledRun([project.root, "--model", "test", mode, "go"])
        run.expectStderr("restock started\n")
        run.send(SIGINT)
        run.expectStderr("waiting for inventory.restock, which does not check for cancellation; Ctrl-C again to exit\n")
        run.send(SIGINT)
        let result = run.finish()
        #expect(result.status == 130)
        guard mode == "--json" else { return }
        let object = try #require(Self.onlyObject(result.stdout), "stdout: \(result.stdout)")
        #expect(object["status"] == "interrupted")
    }

    struct Signalled: Sendable, CustomTestStringConvertible {
        var signal: Int32
        var status: Int32
        var error: String
        var testDescription: String { error }
    }

    static let signalled = [
        Signalled(signal: SIGINT, status: 130, error: "interrupted"),
        Signalled(signal: SIGTERM, status: 143, error: "terminated by SIGTERM"),
        Signalled(signal: SIGHUP, status: 129, error: "terminated by SIGHUP"),
    ]

    /// One signal cancels the run like Ctrl-C: the plugin sees `is_cancelled`, the run ends,
    /// and the result names the signal.
    @Test(arguments: signalled)
    func signalCancelsTheRun(_ testCase: Signalled) throws {
        let project = try Self.project("POLL")
        let run = try SignalledRun([project.root, "--model", "test", "--json", "go"])
        run.expectStderr("restock started\n")
        run.send(testCase.signal)
        let result = run.finish()
        #expect(result.status == testCase.status, "stderr: \(result.stderr)")
        let object = try #require(Self.onlyObject(result.stdout), "stdout: \(result.stdout)")
        #expect(object["status"] == "interrupted")
        #expect(object["error"] == .string(testCase.error))
    }

    // MARK: - Every other ending under --json

    struct Ending: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var status: Int32
        var error: String
        var testDescription: String { name }
    }

    static let endings = [
        Ending(name: "--max-depth 0", arguments: ["examples/greeter", "--model", "test", "--max-depth", "0", "--json", "Hi"], status: 2, error: "--max-depth must be at least 1"),
        Ending(name: "approve and reject", arguments: ["examples/greeter", "--approve-all", "--reject-all", "--json", "Hi"], status: 2, error: "cannot be combined"),
        Ending(name: "unknown flag", arguments: ["examples/greeter", "--json", "--bogus", "Hi"], status: 2, error: "Unknown option '--bogus'"),
        Ending(name: "bad model", arguments: ["examples/greeter", "--model", "nope", "--json", "Hi"], status: 2, error: "--model"),
        Ending(name: "missing project", arguments: ["/nonexistent/llmdo-project", "--model", "test", "--json", "Hi"], status: 2, error: "/nonexistent/llmdo-project"),
        Ending(name: "project error", arguments: ["Tests/Fixtures/README.md", "--model", "test", "--json", "Hi"], status: 2, error: "README.md"),
        Ending(name: "check of a missing project", arguments: ["check", "/nonexistent/llmdo-project", "--json"], status: 2, error: "/nonexistent/llmdo-project"),
        Ending(name: "tools of a missing plugin", arguments: ["tools", "/nonexistent/libx.so", "--json"], status: 2, error: "libx.so"),
    ]

    @Test(arguments: endings)
    func everyEndingIsOneObject(_ ending: Ending) throws {
        let result = try CLITests.run(ending.arguments)
        #expect(result.status == ending.status, "stderr: \(result.stderr)")
        let object = try #require(Self.onlyObject(result.stdout), "stdout: \(result.stdout)")
        #expect(object["status"] == "error")
        #expect(object["error"]?.stringValue?.contains(ending.error) == true, "\(object)")
    }

    // MARK: - Small defects

    @Test func verboseShowsADenialReadably() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker"]}"#,
            "main.worker": workerFile("name: main\nentry: true\ntoolsets: [filesystem_project]", body: "Write."),
        ])
        let result = try CLITests.run([project.root, "--model", "test", "--reject-all", "-v", "go"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("approval for write_file: denied (reject_all)\n"), "stderr: \(result.stderr)")
    }

    @Test func checkAndToolsSpellApprovalAlike() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker"]}"#,
            "main.worker": workerFile("name: main\nentry: true\ntoolsets: [filesystem_project]", body: "Write."),
        ])
        let result = try CLITests.run(["check", project.root, "--json"])
        let tools = try JSONValue(parsing: result.stdout)["toolsets"]?.arrayValue?.first?["tools"]?.arrayValue ?? []
        var approvals: [String: String] = [:]
        for tool in tools { approvals[tool["name"]?.stringValue ?? ""] = tool["approval"]?.stringValue }
        #expect(approvals["read_file"] == "pre_approved")
        #expect(approvals["write_file"] == "always")
    }
}

/// A running `llmdo` the test signals, reading its stderr up to markers (never timing it). A
/// process still alive after two minutes is killed, so a missing marker fails the test instead
/// of hanging it.
final class SignalledRun {
    private let process = Process()
    private let output = Pipe(), errors = Pipe()
    private var stderr = Data()
    private var watchdog: DispatchWorkItem?

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: CLITests.packageRoot)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let watchdog = DispatchWorkItem { [weak process] in
            if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        self.watchdog = watchdog
    }

    /// Reads stderr until it contains `marker`; records an issue (with the stderr read) if
    /// stderr ends first.
    func expectStderr(_ marker: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var text = ""
        while true {
            text = String(decoding: stderr, as: UTF8.self)
            if text.contains(marker) { return }
            let more = errors.fileHandleForReading.availableData
            if more.isEmpty { break }
            stderr += more
        }
        Issue.record("stderr ended without \(marker.debugDescription): \(text)", sourceLocation: sourceLocation)
    }

    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to end; its status and whole stdout and stderr.
    func finish() -> CLITests.Output {
        let out = output.fileHandleForReading.readDataToEndOfFile()
        stderr += errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog?.cancel()
        return CLITests.Output(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    deinit {
        watchdog?.cancel()
        if process.isRunning { process.terminate() }
    }
}

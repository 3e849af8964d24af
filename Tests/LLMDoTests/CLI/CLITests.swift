import Foundation
import Testing

/// Runs the built `llmdo` binary: exact stdout, stderr and exit codes.
@Suite struct CLITests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The binary SwiftPM built next to the tests.
    static var binary: String {
        let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundlePath ?? ""
        let sibling = ((bundle as NSString).deletingLastPathComponent as NSString).appendingPathComponent("llmdo")
        return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : packageRoot + "/.build/debug/llmdo"
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        var env = ProcessInfo.processInfo.environment
        env["LLM_DO_MODEL"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    @Test func greeterRunsOnTheTestModel() throws {
        let result = try Self.run(["examples/greeter/project.json", "--model", "test", "Hi"])
        #expect(result.status == 0)
        #expect(result.stdout == "test model reply to: Hi\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func promptFromStdin() throws {
        // A project without entry.input (one with it never reads stdin: LLMDoCompatibilityTests).
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker"]}"#, "main.worker": workerFile("name: main\nentry: true"),
        ])
        let result = try Self.run([project.root, "--model", "test"], stdin: "from a pipe\n")
        #expect(result.stdout == "test model reply to: from a pipe\n")
    }

    @Test func jsonOutput() throws {
        let result = try Self.run(["examples/greeter", "--model", "test", "--json", "Hi"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix(#"{"status":"ok","output":"test model reply to: Hi","usage":{"requests":1,"#))
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let runID = object?["run_id"] as? String ?? ""
        #expect(runID.count == 32 && runID.allSatisfy(\.isHexDigit))
    }

    @Test func checkPrintsTheLinkedProgram() throws {
        let result = try Self.run(["check", "examples/greeter"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("entry: worker main"))
        #expect(result.stdout.contains("model: anthropic:claude-haiku-4-5"))
    }

    @Test func checkReportsEveryErrorAndExitsTwo() throws {
        let dir = NSTemporaryDirectory() + "llmdo-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"version": 1, "worker_files": ["a.worker", "b.worker"]}"#.write(toFile: dir + "/project.json", atomically: true, encoding: .utf8)
        try "---\nname: a\nentry: true\ntoolsets: [filesytem_project]\n---\nx".write(toFile: dir + "/a.worker", atomically: true, encoding: .utf8)
        try "---\nname: b\nentry: true\n---\nx".write(toFile: dir + "/b.worker", atomically: true, encoding: .utf8)
        let result = try Self.run(["check", dir])
        #expect(result.status == 2)
        #expect(result.stderr.contains("a.worker:4: toolsets: unknown toolset 'filesytem_project'"))
        #expect(result.stderr.contains("more than one entry"))
        #expect(result.stderr.contains("2 errors in"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var files: [String: String]
        var status: Int32
        var message: String
        var testDescription: String { message }
    }

    static let badInputs: [BadInput] = [
        BadInput(arguments: ["--model", "test", "Hi"], files: ["project.json": "{not json"], status: 2, message: "invalid JSON"),
        BadInput(arguments: ["--model", "test", "Hi"], files: ["project.json": #"{"version": 9, "worker_files": ["m.worker"]}"#, "m.worker": "---\nname: m\nentry: true\n---\n"], status: 2, message: "unsupported manifest version 9"),
        BadInput(arguments: ["Hi"], files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"]}"#, "m.worker": "---\nname: m\nentry: true\nmodel: nope:x\n---\n"], status: 2, message: "unknown model provider 'nope'"),
        BadInput(arguments: ["--model", "test", "Hi"], files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"]}"#, "m.worker": "---\nname: [m\n---\n"], status: 2, message: "m.worker:3: YAML syntax error"),
        BadInput(arguments: ["--model", "test", "Hi"], files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"]}"#, "m.worker": "just text"], status: 2, message: "missing YAML frontmatter"),
        BadInput(arguments: ["--model", "test", "Hi"], files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"]}"#, "m.worker": "---\nname: m\n---\n"], status: 2, message: "no entry"),
        BadInput(arguments: ["--model", "test", ""], files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"]}"#, "m.worker": "---\nname: m\nentry: true\n---\n"], status: 2, message: "the prompt is empty"),
        BadInput(arguments: ["--model", "test", "Hi"], files: ["project.json": #"{"version": 1, "allow_cli_input": false, "entry": {"input": "x"}, "worker_files": ["m.worker"]}"#, "m.worker": "---\nname: m\nentry: true\n---\n"], status: 2, message: "does not accept input from the command line"),
        BadInput(arguments: ["--model", "test", "--max-depth", "1", "Hi"], files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"]}"#, "m.worker": "---\nname: m\nentry: true\ntoolsets: [m]\n---\n"], status: 0, message: "maximum worker depth 1 exceeded"),
        BadInput(arguments: ["--model", "bogus:x", "Hi"], files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"]}"#, "m.worker": "---\nname: m\nentry: true\n---\n"], status: 2, message: "unknown model provider 'bogus'"),
        BadInput(arguments: ["Hi"], files: ["project.json": #"{"version": 1, "worker_files": ["m.worker"]}"#, "m.worker": "---\nname: m\nentry: true\nmodel: fn\n---\n"], status: 2, message: "m.worker:4: model: unknown model 'fn'"),
        BadInput(arguments: ["Hi"], files: ["project.json": #"{"version": "1", "worker_files": ["m.worker"]}"#, "m.worker": "---\nname: m\nentry: true\n---\n"], status: 2, message: "version: expected the integer 1, found string \"1\""),
        BadInput(arguments: ["--model", "test", "Hi"], files: ["project.json": #"{"version": 1, "worker_files": ["a.worker"]}"#, "a.worker": "---\nname: a\nentry: true\ntoolsets: [x, y]\n---\n"], status: 2, message: "error: a.worker:4: toolsets: unknown toolset 'y'"),
        BadInput(arguments: ["--approve-all", "--reject-all", "Hi"], files: ["project.json": "{}"], status: 2, message: "cannot be combined"),
    ]

    @Test(arguments: badInputs)
    func badInputGetsOneClearMessage(_ testCase: BadInput) throws {
        let dir = NSTemporaryDirectory() + "llmdo-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, text) in testCase.files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        let result = try Self.run([dir] + testCase.arguments)
        #expect(result.status == testCase.status, "stderr: \(result.stderr)")
        #expect((result.stderr + result.stdout).contains(testCase.message), "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"))
    }
}

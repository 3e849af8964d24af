import Foundation
import Glibc
import Synchronization
import Testing

@testable import LLMDo

/// A project for the journal tests: its entry worker, on a scripted OpenAI-compatible loopback
/// model, calls `effects.step` (or `effects.gated`) with n = 1, 2, 3, one per turn, then answers.
/// The model decides by the number of tool results in the request, so a resumed run is answered
/// the same way; the server can hold one such request forever (a crash point). The plugin
/// (`Tests/Fixtures/plugins/journal_plugin.c`, built here with cc) appends "done n" to
/// `effects.txt` and can block on a FIFO nobody writes (another crash point).
final class JournalFixture {
    static let apiKey = "sk-canary-journal-0123456789"
    static let answer = "finished after 3 steps"

    let project: TemporaryProject
    let server: LoopbackServer
    init(tool: String = "step", runtime: String = "{}", holdAtToolResults: Int? = nil) throws {
        let hold = HoldOnce(holdAtToolResults)
        server = try LoopbackServer { request, _ in
            let results = Self.toolResults(in: request)
            if hold.take(results) { return [.sleep(30)] }
            return results < 3 ? Self.callTool(tool, results + 1) : Self.finalAnswer()
        }
        project = try TemporaryProject(files: [
            "project.json": """
                {"version": 1, "worker_files": ["main.worker"], "runtime": \(runtime),
                 "plugin_files": [{"path": "./libjournal.so", "isolation": "none"}],
                 "providers": {"box": {"api": "openai", "base_url": "\(server.baseURL)/v1", "api_key_env": "BOX_KEY"}}}
                """,
            "main.worker": workerFile("name: main\nentry: true\nmodel: box:m\ntoolsets: [effects]", body: "Do the three steps."),
        ])
        try build(changed: false)
    }

    /// Builds the plugin into the project (`changed`: step 2 answers differently;
    /// `idempotent`: step declares LLMDO_FN_IDEMPOTENT).
    func build(changed: Bool, idempotent: Bool = false) throws {
        let header = "\(CLITests.packageRoot)/Sources/LLMDoToolABI/include"
        let process = try Process.run(
            URL(fileURLWithPath: "/usr/bin/cc"),
            arguments: ["-std=c11", "-Wall", "-Werror", "-fPIC", "-shared", "-fvisibility=hidden", "-I", header]
                + (changed ? ["-DCHANGED"] : []) + (idempotent ? ["-DIDEMPOTENT"] : []) + ["-o", "\(project.root)/libjournal.so", "\(CLITests.packageRoot)/Tests/Fixtures/plugins/journal_plugin.c"])
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CrashPluginError(message: "cc failed building journal_plugin.c") }
    }

    var journals: String { project.root + "/journals" }
    func journal(_ runID: String) -> String { "\(journals)/\(runID).jsonl" }
    var effectsFile: String { project.root + "/effects.txt" }

    /// The lines the tool appended, in order.
    var effects: [String] {
        ((try? String(contentsOfFile: effectsFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// How many requests the server got with `count` tool results in them.
    func requests(withToolResults count: Int) -> Int { server.requests.filter { Self.toolResults(in: $0) == count }.count }

    /// The journal's lines of one record type.
    func records(_ runID: String, type: String) -> Int {
        let text = (try? String(contentsOfFile: journal(runID), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.contains("\"type\":\"\(type)\"") }.count
    }

    /// The environment of a run; `blockAt` makes step n wait on a FIFO nobody writes.
    func environment(blockAt: Int? = nil) throws -> [String: String] {
        var environment = ["BOX_KEY": Self.apiKey, "JOURNAL_TEST_EFFECTS": effectsFile]
        if let blockAt {
            let fifo = project.root + "/gate.fifo"
            if !FileManager.default.fileExists(atPath: fifo) { #expect(mkfifo(fifo, 0o600) == 0) }
            environment["JOURNAL_TEST_FIFO"] = fifo
            environment["JOURNAL_TEST_BLOCK_AT"] = String(blockAt)
        }
        return environment
    }

    /// Starts `llmdo` with `arguments`, waits until `condition` holds, then kills it with SIGKILL.
    func killRun(_ arguments: [String], environment: [String: String], when condition: () -> Bool) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: CLITests.packageRoot)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let reached = try await eventually(60, condition)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(reached, "the run never reached the kill point")
        #expect(process.terminationReason == .uncaughtSignal)
    }

    private static func toolResults(in request: LoopbackServer.Request) -> Int {
        (request.json["messages"]?.arrayValue ?? []).filter { $0["role"] == "tool" }.count
    }

    private static func callTool(_ tool: String, _ n: Int) -> [LoopbackServer.Step] {
        LoopbackServer.reply(status: 200, json: """
            {"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_\(n)","type":"function","function":{"name":"\(tool)","arguments":"{\\"n\\":\(n)}"}}]},"finish_reason":"tool_calls"}]}
            """)
    }

    private static func finalAnswer() -> [LoopbackServer.Step] {
        LoopbackServer.reply(status: 200, json: """
            {"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"\(answer)"},"finish_reason":"stop"}]}
            """)
    }
}

/// The tool-result count of the one request the scripted server holds.
private final class HoldOnce: Sendable {
    private let count: Mutex<Int?>
    init(_ count: Int?) { self.count = Mutex(count) }

    /// Whether a request with `results` tool results is the one to hold (true once).
    func take(_ results: Int) -> Bool {
        count.withLock { count in
            guard count == results else { return false }
            count = nil
            return true
        }
    }
}

import Foundation
import Testing

/// `llmdo call` through the built binary: a C plugin function, built-in tools, and every way a
/// call can go wrong, with exit codes and the `--json` shape.
@Suite struct CallCommandTests {
    /// examples/text_stats built with its Makefile into a fresh folder.
    static let textStats: String = {
        let out = NSTemporaryDirectory() + "llmdo-call-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        make.arguments = ["-s", "-C", CLITests.packageRoot + "/examples/text_stats", "OUT=\(out)"]
        try? make.run()
        make.waitUntilExit()
        return out + "/libtext_stats.so"
    }()

    @Test func callsAPluginFunction() throws {
        let result = try CLITests.run(["call", Self.textStats, "text_stats.repeat", #"{"text": "ab", "times": 3}"#])
        #expect(result.status == 0)
        #expect(result.stdout == "ababab\n")
        #expect(result.stderr.isEmpty)
        // A bare function name works when one toolset offers it; defaults are filled in.
        let bare = try CLITests.run(["call", Self.textStats, "repeat", #"{"text": "ab"}"#])
        #expect(bare.stdout == "abab\n")
    }

    @Test func callsABuiltinToolOfAProject() throws {
        let result = try CLITests.run(["call", "examples/greeter", "filesystem_project_ro.read_file", #"{"path": "main.worker"}"#, "--json"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["status"] as? String == "ok")
        let output = object?["output"] as? [String: Any]
        #expect((output?["content"] as? String)?.contains("name: main") == true)
    }

    @Test func badJSONIsAUsageError() throws {
        let result = try CLITests.run(["call", Self.textStats, "text_stats.repeat", #"{"text": "#])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: the arguments are not valid JSON: "))
        #expect(result.stdout.isEmpty)
        let notObject = try CLITests.run(["call", Self.textStats, "text_stats.repeat", "[1]"])
        #expect(notObject.status == 2)
        #expect(notObject.stderr.contains("the arguments must be a JSON object"))
    }

    @Test func invalidArgumentsAndRetriesExit2() throws {
        let invalid = try CLITests.run(["call", Self.textStats, "text_stats.repeat", #"{"text": 5}"#, "--json"])
        #expect(invalid.status == 2)
        #expect(invalid.stdout.hasPrefix(#"{"status":"retry","error":"invalid arguments"#))
        // The plugin asks for a retry (times out of its range).
        let retry = try CLITests.run(["call", Self.textStats, "text_stats.repeat", #"{"text": "a", "times": 11}"#])
        #expect(retry.status == 2)
        #expect(retry.stderr == "error: times must be between 1 and 10\n")
    }

    @Test func unknownToolsSuggestTheNearestName() throws {
        let tool = try CLITests.run(["call", Self.textStats, "text_stats.repaet", "{}"])
        #expect(tool.status == 2)
        #expect(tool.stderr == "error: no tool 'repaet' in toolset 'text_stats'; did you mean 'repeat'?\n")
        let toolset = try CLITests.run(["call", "examples/greeter", "filesystem_projec.read_file", "{}"])
        #expect(toolset.status == 2)
        #expect(toolset.stderr.contains("did you mean 'filesystem_project'?"))
    }

    @Test func aFailingToolExits1() throws {
        let result = try CLITests.run(["call", "examples/greeter", "filesystem_project_ro.read_file", #"{"path": "missing.txt"}"#, "--json"])
        #expect(result.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["status"] as? String == "error")
        #expect((object?["error"] as? String)?.contains("missing.txt") == true)
        #expect(Set(object?.keys.map { $0 } ?? []) == ["status", "error"])
    }

    @Test func gatedCallsFollowTheApprovalFlags() throws {
        // text_stats has no gated function; the file tools' write_file always asks.
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker"]}"#,
            "main.worker": workerFile("name: main\nentry: true\nmodel: test\ntoolsets: [filesystem_project]"),
        ])
        let arguments = ["call", project.root, "filesystem_project.write_file", #"{"path": "out.txt", "content": "hi"}"#]
        let headless = try CLITests.run(arguments + ["--headless"])
        #expect(headless.status == 1)
        #expect(headless.stderr.contains("needs approval"))
        let rejected = try CLITests.run(arguments + ["--reject-all"])
        #expect(rejected.status == 1)
        #expect(!FileManager.default.fileExists(atPath: project.root + "/out.txt"))
        let approved = try CLITests.run(arguments + ["--approve-all"])
        #expect(approved.status == 0)
        #expect((try? String(contentsOfFile: project.root + "/out.txt", encoding: .utf8)) == "hi")
    }

    /// A plugin function that calls a worker: the worker needs a model, which --model gives.
    @Test func aToolThatCallsAWorkerUsesTheModelOption() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker", "helper.worker"], "plugin_files": ["./libtest.so"]}"#,
            "main.worker": workerFile("name: main\nentry: true\ntoolsets: [helper]"),
            "helper.worker": workerFile("name: helper\ndescription: Helps."),
        ])
        try Self.buildTestPlugin(into: project.root)
        let arguments = ["call", project.root, "test_tools.call_worker", #"{"worker": "helper", "input": "hi"}"#]
        let noModel = try CLITests.run(arguments)
        #expect(noModel.status == 1)
        #expect(noModel.stderr == "error: worker 'helper' has no model: set `model:` in helper.worker, set LLM_DO_MODEL, or pass --model\n")
        let withModel = try CLITests.run(arguments + ["--model", "test"])
        #expect(withModel.status == 0)
        #expect(withModel.stdout == "\"test model reply to: hi\"\n")
    }

    @Test func aPluginThatDoesNotLoadIsAUsageError() throws {
        let result = try CLITests.run(["call", "/nonexistent/libx.so", "x.y", "{}"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/libx.so"))
    }

    /// Compiles Tests/Fixtures/plugins/test_plugin.c to `folder/libtest.so`.
    static func buildTestPlugin(into folder: String) throws {
        let cc = Process()
        cc.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
        cc.arguments = [
            "-std=c11", "-fPIC", "-shared", "-fvisibility=hidden", "-I", CLITests.packageRoot + "/Sources/LLMDoToolABI/include",
            "-o", folder + "/libtest.so", CLITests.packageRoot + "/Tests/Fixtures/plugins/test_plugin.c",
        ]
        try cc.run()
        cc.waitUntilExit()
        try #require(cc.terminationStatus == 0)
    }
}

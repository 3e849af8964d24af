import Foundation
import Testing
@testable import LLMDo

/// `llmdo tools`, `llmdo check` and a run of a project with MCP servers, through the built binary.
@Suite struct MCPCLITests {
    /// A project with the toy server as `toy` (`extra` is added to its entry) and a worker on the test model.
    static func project(command: String? = nil, marker: String = "", extra: String = "") throws -> TemporaryProject {
        let command = try command ?? MCPFixtures.python()
        return try TemporaryProject(files: [
            "project.json": """
            {"version": 1, "worker_files": ["main.worker"],
             "mcp_servers": {"toy": {"command": "\(command)", "args": ["\(MCPFixtures.folder)/toy_server.py"\(marker.isEmpty ? "" : ", \"\(marker)\"")]\(extra)}}}
            """,
            "main.worker": workerFile("name: main\nentry: true\nmodel: test\ntoolsets: [toy]"),
        ])
    }

    @Test func toolsStartsTheServerAndListsItsTools() throws {
        let project = try Self.project(extra: #", "pre_approved": ["echo"]"#)
        let result = try CLITests.run(["tools", project.root])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "starting MCP server toy to list its tools\n")
        #expect(result.stdout.hasPrefix("mcp server toy (stdio: \(try MCPFixtures.python()) \(MCPFixtures.folder)/toy_server.py), started to list its tools\n"), "\(result.stdout)")
        #expect(result.stdout.contains("\n  echo  [pre_approved; hints: read-only]\n    Echo the text back.\n"))
        #expect(result.stdout.contains("\n  crash  [needs approval]\n"))
    }

    @Test func toolsAsJSON() throws {
        let project = try Self.project()
        let result = try CLITests.run(["tools", project.root, "--json"])
        let json = try JSONValue(parsing: result.stdout)
        let server = try #require(json["mcp_servers"]?.arrayValue?.first)
        #expect(server["name"] == "toy")
        #expect(server["transport"] == "stdio")
        #expect(server["tools"]?.arrayValue?.map { $0["name"]?.stringValue ?? "" }.sorted() == ["add_tool", "crash", "echo", "fail", "slow"])
    }

    @Test func checkStartsTheServerAndShowsItsTools() throws {
        let project = try Self.project(extra: #", "tools": ["echo", "fail"], "pre_approved": ["echo"]"#)
        let result = try CLITests.run(["check", project.root])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "starting MCP server toy to list its tools\n")
        #expect(result.stdout.contains("toolsets:\n  toy\n    echo: Echo the text back.\n    fail (needs approval): Always fails.\n"), "\(result.stdout)")
        #expect(result.stdout.contains("mcp servers (started to list their tools):\n  toy  [\(try MCPFixtures.python()) \(MCPFixtures.folder)/toy_server.py]\n"))
    }

    @Test func theMCPTimeExampleRunsOnTheTestModel() throws {
        _ = try MCPFixtures.python()
        let path = "\(MCPFixtures.venv):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")"
        let result = try CLITests.run(["examples/mcp_time", "--model", "test", "--approve-all", "What time is it in Tokyo?"], environment: ["PATH": path])
        #expect(result.status == 0, "\(result.stderr)")
        // The test model passes made-up time zones; the real server's answer comes back.
        #expect(result.stdout.hasPrefix("test model called 2 tools\nget_current_time (error): Error executing tool get_current_time: Invalid timezone"), "\(result.stdout)")
    }

    @Test func checkNamesAServerThatDoesNotStart() throws {
        let project = try Self.project(command: "llmdo-no-such-mcp-server")
        let result = try CLITests.run(["check", project.root])
        #expect(result.status == 2)
        #expect(result.stderr.contains(
            "error: \(project.manifestPath): mcp_servers.toy: cannot start MCP server 'toy': 'llmdo-no-such-mcp-server' not found"), "\(result.stderr)")
    }

    @Test func aRunWhoseServerDoesNotStartSaysWhy() throws {
        let project = try Self.project(command: "llmdo-no-such-mcp-server")
        let result = try CLITests.run([project.root, "--model", "test", "go"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: cannot start MCP server 'toy': 'llmdo-no-such-mcp-server' not found"), "\(result.stderr)")
    }

    @Test func secretsNeverAppearInOutput() throws {
        let project = try TemporaryProject(files: [
            "project.json": """
            {"version": 1, "worker_files": ["main.worker"],
             "mcp_servers": {"docs": {"url": "http://127.0.0.1:9/mcp?key=${LLMDO_TEST_SECRET}", "headers": {"Authorization": "Bearer ${LLMDO_TEST_SECRET}"}}}}
            """,
            "main.worker": workerFile("name: main\nentry: true\nmodel: test\ntoolsets: [docs]"),
        ])
        let result = try CLITests.run(["check", project.root, "--json"], environment: ["LLMDO_TEST_SECRET": "hunter2-secret"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot reach MCP server 'docs' at http://127.0.0.1:9/mcp?key=${LLMDO_TEST_SECRET}"), "\(result.stderr)")
        #expect(!result.stdout.contains("hunter2") && !result.stderr.contains("hunter2"))
    }

    @Test(arguments: [SIGTERM, SIGKILL])
    func noServerProcessIsLeftWhenLLMDoIsKilled(signal: Int32) async throws {
        let marker = "llmdo-test-\(UUID().uuidString)"
        let project = try Self.project(marker: marker, extra: #", "tools": ["slow"], "pre_approved": ["slow"], "env": {"TOY_MIN_SLOW": "120"}"#)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = [project.root, "--model", "test", "go"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The server starts when the worker runs; the call then waits (at least 120 s).
        #expect(try await eventually { !Self.processes(containing: marker).isEmpty })
        let servers = Self.processes(containing: marker)
        kill(process.processIdentifier, signal)
        #expect(try await eventually { !process.isRunning })
        // SIGTERM cancels the run, which ends with 128 + 15; SIGKILL ends llmdo at once, and
        // the kernel's parent-death signal takes the server along.
        #expect(process.terminationStatus == (signal == SIGTERM ? 128 + SIGTERM : SIGKILL))
        #expect(try await eventually { servers.allSatisfy { !Self.alive($0) } })
    }

    /// Pids whose command line contains `text`.
    static func processes(containing text: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry in
            guard let pid = pid_t(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            return String(decoding: data, as: UTF8.self).contains(text) ? pid : nil
        }
    }

    /// Whether `pid` exists and is not a zombie.
    static func alive(_ pid: pid_t) -> Bool {
        guard let status = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return false }
        let text = String(decoding: status, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return false }
        return !text[close...].hasPrefix(") Z")
    }
}

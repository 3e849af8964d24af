import Foundation
import Testing
@testable import LLMDo

/// The client against real servers: the toy stdio server, `mcp-server-time`, and the Streamable
/// HTTP fixture made with the `mcp` package.
@Suite struct MCPServerTests {
    @Test func listsEveryPageAndCallsATool() async throws {
        let server = MCPServer(config: try MCPFixtures.toy(), projectRoot: MCPFixtures.packageRoot)
        defer { Task { await server.stop() } }
        let tools = try await server.listTools()
        // One tool per page: every page was fetched.
        #expect(tools.map(\.name).sorted() == ["add_tool", "crash", "echo", "fail", "slow"])
        #expect(tools.first { $0.name == "echo" }?.annotations["readOnlyHint"] == .bool(true))
        let result = try await server.call("echo", arguments: ["text": "hello"])
        #expect(try MCPToolResult.output(result, server: "toy", tool: "echo") == .text("hello"))
    }

    @Test func messagesLargerThanTheSocketBufferArriveWhole() async throws {
        let server = MCPServer(config: try MCPFixtures.toy(), projectRoot: MCPFixtures.packageRoot)
        defer { Task { await server.stop() } }
        let big = String(repeating: "0123456789abcdef", count: 1 << 17)  // 2 MiB
        // Concurrent calls: queued writes must not interleave.
        async let first = server.call("echo", arguments: ["text": .string(big)])
        async let second = server.call("echo", arguments: ["text": "small"])
        #expect(try MCPToolResult.output(await first, server: "toy", tool: "echo") == .text(big))
        #expect(try MCPToolResult.output(await second, server: "toy", tool: "echo") == .text("small"))
    }

    @Test func stderrBecomesDebugEvents() async throws {
        let server = MCPServer(config: try MCPFixtures.toy(), projectRoot: MCPFixtures.packageRoot)
        defer { Task { await server.stop() } }
        let log = MCPEventLog()
        server.setEvents(log.sink)
        _ = try await server.listTools()
        #expect(try await eventually { log.debugLines.contains("toy: toy server started") })
    }

    @Test func anErrorResultIsAToolError() async throws {
        let server = MCPServer(config: try MCPFixtures.toy(), projectRoot: MCPFixtures.packageRoot)
        defer { Task { await server.stop() } }
        let result = try await server.call("fail", arguments: [:])
        #expect(throws: ToolError.failed("the fail tool failed, as asked")) {
            try MCPToolResult.output(result, server: "toy", tool: "fail")
        }
    }

    @Test func aServerThatDiesMidCallFailsTheCallAndTheNextCallRestartsIt() async throws {
        let server = MCPServer(config: try MCPFixtures.toy(), projectRoot: MCPFixtures.packageRoot)
        defer { Task { await server.stop() } }
        _ = try await server.call("echo", arguments: ["text": "before"])
        await #expect {
            _ = try await server.call("crash", arguments: [:])
        } throws: { error in
            let message = (error as? MCPError)?.message ?? ""
            return message.contains("MCP server 'toy' exited (exit status 3)") && message.contains("crashing on purpose")
        }
        let after = try await server.call("echo", arguments: ["text": "after"])
        #expect(try MCPToolResult.output(after, server: "toy", tool: "echo") == .text("after"))
    }

    @Test func listChangedReachesTheHandler() async throws {
        let server = MCPServer(config: try MCPFixtures.toy(), projectRoot: MCPFixtures.packageRoot)
        defer { Task { await server.stop() } }
        let source = MCPToolsetSource(origin: "test", servers: [server])
        var changes = source.changes().makeAsyncIterator()
        #expect(try await server.listTools().contains { $0.name == "extra" } == false)
        _ = try await server.call("add_tool", arguments: [:])
        #expect(await changes.next() != nil)
        #expect(try await server.listTools().contains { $0.name == "extra" })
    }

    @Test func cancellingACallSendsNotificationsCancelled() async throws {
        let server = MCPServer(config: try MCPFixtures.toy(), projectRoot: MCPFixtures.packageRoot)
        defer { Task { await server.stop() } }
        let log = MCPEventLog()
        server.setEvents(log.sink)
        _ = try await server.listTools()
        let call = Task { try await server.call("slow", arguments: ["seconds": 30]) }
        try await Task.sleep(for: .milliseconds(200))
        call.cancel()
        await #expect { _ = try await call.value } throws: { ($0 as? MCPError)?.kind == .cancelled }
        #expect(try await eventually { log.debugLines.contains { $0.hasPrefix("toy: toy server: cancelled ") } })
    }

    @Test func aCallPastTimeoutSIsWithdrawn() async throws {
        let server = MCPServer(config: try MCPFixtures.toy(timeout: 1), projectRoot: MCPFixtures.packageRoot)
        defer { Task { await server.stop() } }
        let log = MCPEventLog()
        server.setEvents(log.sink)
        await #expect {
            _ = try await server.call("slow", arguments: ["seconds": 30])
        } throws: { error in
            (error as? MCPError)?.message == "MCP server 'toy' did not answer tools/call within 1 s (timeout_s)"
        }
        #expect(try await eventually { log.debugLines.contains { $0.hasPrefix("toy: toy server: cancelled ") } })
    }

    @Test func aCommandThatDoesNotExistNamesIt() async throws {
        let config = MCPServerConfig(
            name: "ghost", transport: .stdio(command: "llmdo-no-such-server", arguments: [], environment: [:], directory: nil),
            origin: "test", redacted: "llmdo-no-such-server")
        let server = MCPServer(config: config, projectRoot: MCPFixtures.packageRoot)
        await #expect {
            _ = try await server.listTools()
        } throws: { error in
            (error as? MCPError)?.message.hasPrefix("cannot start MCP server 'ghost': 'llmdo-no-such-server' not found") == true
        }
    }

    @Test func aServerThatExitsAtStartShowsItsStderr() async throws {
        let config = MCPServerConfig(
            name: "broken", transport: .stdio(command: try MCPFixtures.python(), arguments: ["-c", "import sys; sys.stderr.write('no config file\\n'); sys.exit(2)"], environment: [:], directory: nil),
            origin: "test", redacted: "python -c …")
        let server = MCPServer(config: config, projectRoot: MCPFixtures.packageRoot)
        await #expect {
            _ = try await server.listTools()
        } throws: { error in
            let message = (error as? MCPError)?.message ?? ""
            return message.contains("MCP server 'broken' (python -c …) did not start") && message.contains("no config file")
        }
    }

    @Test func theReferenceTimeServer() async throws {
        let config = MCPServerConfig(
            name: "time", transport: .stdio(command: "\(MCPFixtures.venv)/mcp-server-time", arguments: [], environment: [:], directory: nil),
            origin: "test", redacted: "mcp-server-time")
        _ = try MCPFixtures.python()
        let server = MCPServer(config: config, projectRoot: MCPFixtures.packageRoot)
        defer { Task { await server.stop() } }
        #expect(try await server.listTools().map(\.name).sorted() == ["convert_time", "get_current_time"])
        let result = try await server.call("get_current_time", arguments: ["timezone": "Asia/Tokyo"])
        guard case .json(let time) = try MCPToolResult.output(result, server: "time", tool: "get_current_time") else {
            Issue.record("expected structured content, got \(result.jsonText)")
            return
        }
        #expect(time["timezone"] == "Asia/Tokyo")
        #expect(time["datetime"]?.stringValue?.hasSuffix("+09:00") == true)
    }

    @Test func streamableHTTP() async throws {
        let fixture = try await MCPFixtures.startHTTPServer()
        defer { try? fixture.input.fileHandleForWriting.close() }
        let config = MCPServerConfig(
            name: "remote", transport: .http(url: fixture.url, headers: ["Authorization": "Bearer not-shown"]), origin: "test",
            redacted: fixture.url)
        let server = MCPServer(config: config, projectRoot: MCPFixtures.packageRoot)
        defer { Task { await server.stop() } }
        #expect(try await server.listTools().map(\.name).sorted() == ["add", "shout"])
        let result = try await server.call("add", arguments: ["a": 2, "b": 40])
        #expect(result["structuredContent"]?["result"] == .int(42))
        let shouted = try await server.call("shout", arguments: ["text": "hi"])
        #expect(try MCPToolResult.output(shouted, server: "remote", tool: "shout") == .json(["result": "HI"]))
    }

    @Test func anUnreachableURLNamesTheServerAndTheURL() async throws {
        let config = MCPServerConfig(
            name: "nowhere", transport: .http(url: "http://127.0.0.1:9/mcp", headers: ["Authorization": "Bearer secret-value"]),
            origin: "test", redacted: "http://127.0.0.1:9/mcp")
        let server = MCPServer(config: config, projectRoot: MCPFixtures.packageRoot)
        await #expect {
            _ = try await server.listTools()
        } throws: { error in
            let message = (error as? MCPError)?.message ?? ""
            return message.contains("cannot reach MCP server 'nowhere' at http://127.0.0.1:9/mcp") && !message.contains("secret-value")
        }
    }
}

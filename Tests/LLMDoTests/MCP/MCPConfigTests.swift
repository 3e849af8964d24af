import Foundation
import Testing
@testable import LLMDo

/// `mcp_servers` and `mcp_config` are read strictly, with `${VAR}` expanded and secrets never quoted.
@Suite struct MCPConfigTests {
    static func parse(_ servers: String) throws(ProjectError) -> Manifest {
        try ManifestParser.parse(text: #"{"version": 1, "worker_files": ["main.worker"], "mcp_servers": \#(servers)}"#, path: "project.json")
    }

    static func error(_ servers: String) -> String {
        do {
            _ = try parse(servers)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        (#"{"time": {"command": "uvx", "argz": []}}"#, "project.json: mcp_servers.time.argz: unknown key; did you mean 'args'?"),
        (#"{"time": {"args": ["x"]}}"#, "project.json: mcp_servers.time: missing 'command' (a stdio server, like \"command\": \"uvx\") or 'url' (a Streamable HTTP server)"),
        (#"{"time": {"command": ""}}"#, "project.json: mcp_servers.time.command: expected the program to run (a non-empty string), found \"\""),
        (#"{"time": {"command": "x", "url": "http://a"}}"#, "project.json: mcp_servers.time: has both 'command' (a stdio server) and 'url' (an HTTP server); keep one"),
        (#"{"time": {"url": "ftp://a"}}"#, "project.json: mcp_servers.time.url: expected an http:// or https:// URL, found 'ftp://a'"),
        (#"{"time": {"type": "sse", "url": "http://a"}}"#, "project.json: mcp_servers.time.type: expected \"stdio\" or \"http\", found \"sse\": the old HTTP+SSE transport is not supported; use the server's Streamable HTTP endpoint"),
        (#"{"time": {"url": "http://a", "env": {}}}"#, "project.json: mcp_servers.time.env: 'env' belongs to a stdio server (with 'command'); this one has 'url'"),
        (#"{"a b": {"command": "x"}}"#, "project.json: mcp_servers.a b: 'a b' is not a valid server name: use letters, digits, '_' and '-' (at most 64); it is the toolset name workers list"),
        (#"{"time": {"command": "x", "timeout_s": 0}}"#, "project.json: mcp_servers.time.timeout_s: expected an integer ≥ 1, found 0"),
        (#"[]"#, "project.json: mcp_servers: expected an object of server names, like {\"time\": {\"command\": \"uvx\", \"args\": [\"mcp-server-time\"]}}, found array"),
    ])
    func badEntries(servers: String, expected: String) {
        #expect(Self.error(servers) == expected)
    }

    @Test func anUndefinedVariableIsNamedAndNoValueIsQuoted() {
        let message = Self.error(#"{"docs": {"url": "https://example.com/mcp", "headers": {"Authorization": "Bearer ${LLMDO_TEST_UNSET_TOKEN}"}}}"#)
        #expect(message == "project.json: mcp_servers.docs.headers.Authorization: the environment variable 'LLMDO_TEST_UNSET_TOKEN' is not set")
    }

    @Test func variablesExpandInEnvHeadersAndURL() throws {
        var reader = ManifestParser.Reader(file: "project.json")
        let servers = reader.mcpServers(
            [
                "docs": ["url": "https://${HOST}/mcp", "headers": ["Authorization": "Bearer ${TOKEN}"], "pre_approved": ["search"]],
                "time": ["command": "uvx", "args": ["mcp-server-time"], "env": ["KEY": "${TOKEN}", "MODE": "${MODE:-fast}"], "tools": ["get_current_time"]],
            ], field: "mcp_servers", environment: ["HOST": "example.com", "TOKEN": "s3cret"])
        #expect(reader.diagnostics.isEmpty)
        #expect(servers.map(\.name) == ["docs", "time"])
        #expect(servers[0].transport == .http(url: "https://example.com/mcp", headers: ["Authorization": "Bearer s3cret"]))
        #expect(servers[0].preApproved == ["search"])
        #expect(servers[0].redacted == "https://${HOST}/mcp")
        #expect(servers[1].transport == .stdio(command: "uvx", arguments: ["mcp-server-time"], environment: ["KEY": "s3cret", "MODE": "fast"], directory: nil))
        #expect(servers[1].allowedTools == ["get_current_time"])
        #expect(!servers.contains { $0.redacted.contains("s3cret") })
    }

    @Test func anMCPConfigFileIsReadAsIs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try #"{"mcpServers": {"time": {"command": "uvx", "args": ["mcp-server-time"]}}}"#.write(toFile: "\(folder)/mcp.json", atomically: true, encoding: .utf8)
        let manifest = try ManifestParser.parse(
            text: #"{"version": 1, "worker_files": ["main.worker"], "mcp_config": "mcp.json"}"#, path: "\(folder)/project.json")
        #expect(manifest.mcpServers.map(\.name) == ["time"])
        #expect(manifest.mcpServers.first?.origin == "\(folder)/mcp.json: mcpServers.time")

        try #"{"mcpServers": {"time": {"comand": "uvx"}}}"#.write(toFile: "\(folder)/mcp.json", atomically: true, encoding: .utf8)
        #expect(throws: ProjectError.self) {
            try ManifestParser.parse(text: #"{"version": 1, "worker_files": ["main.worker"], "mcp_config": "mcp.json"}"#, path: "\(folder)/project.json")
        }
    }
}

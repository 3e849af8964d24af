/// What `llmdo check` and `llmdo tools` show of a project's MCP servers. Servers are lazy, so
/// these commands start them (each within its `timeout_s`) to list their tools, and say so.
package enum MCPCatalog {
    /// The program's MCP toolsets, in manifest order.
    static func toolsets(of program: Program) -> [MCPToolset] {
        program.manifest.mcpServers.compactMap { program.toolsets[$0.name] as? MCPToolset }
    }

    /// Starts every MCP server of `program` and lists its tools (concurrently); a server that
    /// does not start is a diagnostic naming its entry, its command and its stderr tail.
    package static func start(_ program: Program) async -> [ProjectDiagnostic] {
        await withTaskGroup(of: ProjectDiagnostic?.self) { group in
            for toolset in toolsets(of: program) {
                group.addTask {
                    do throws(MCPError) {
                        try await toolset.list()
                        return nil
                    } catch {
                        return ProjectDiagnostic(file: program.manifest.path, field: "mcp_servers.\(toolset.name)", message: error.message)
                    }
                }
            }
            var problems: [ProjectDiagnostic] = []
            for await problem in group { if let problem { problems.append(problem) } }
            return problems.sorted { ($0.field ?? "") < ($1.field ?? "") }
        }
    }

    /// The servers and their tools as JSON (after ``start(_:)``).
    package static func describe(_ program: Program) -> JSONValue {
        .array(toolsets(of: program).map { toolset in
            let config = toolset.server.config
            let transport: String
            switch config.transport {
            case .stdio: transport = "stdio"
            case .http: transport = "http"
            }
            return [
                "name": .string(toolset.name), "transport": .string(transport), "command": .string(config.redacted),
                "tools": .array(toolset.tools.map { tool in
                    [
                        "name": .string(tool.name), "description": .string(tool.description),
                        "approval": .string(PluginCatalog.approvalName(tool.approval)),
                        "hints": .string(toolset.hints(for: tool.name)), "schema": tool.parametersSchema,
                    ]
                }),
            ]
        })
    }

    /// ``describe(_:)`` as text, one block per server:
    ///
    ///     mcp server time (stdio: uvx mcp-server-time), started to list its tools
    ///       get_current_time  [needs approval; hints: read-only, idempotent]
    ///         Get current time in a specific timezone
    ///         schema: {"type":"object",…}
    package static func render(_ servers: JSONValue) -> String {
        var lines: [String] = []
        for server in servers.arrayValue ?? [] {
            let name = server["name"]?.stringValue ?? ""
            let transport = server["transport"]?.stringValue ?? ""
            let command = server["command"]?.stringValue ?? ""
            lines.append("mcp server \(name) (\(transport): \(command)), started to list its tools")
            for tool in server["tools"]?.arrayValue ?? [] {
                var flags = tool["approval"]?.stringValue == "pre_approved" ? "pre_approved" : "needs approval"
                if let hints = tool["hints"]?.stringValue, !hints.isEmpty { flags += "; hints: \(hints)" }
                lines.append("  \(tool["name"]?.stringValue ?? "")  [\(flags)]")
                lines.append("    \(tool["description"]?.stringValue ?? "")")
                lines.append("    schema: \(tool["schema"]?.jsonText ?? "{}")")
            }
        }
        return lines.joined(separator: "\n")
    }
}

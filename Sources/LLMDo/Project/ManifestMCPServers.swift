import Foundation

/// Reads the manifest's `mcp_servers` section and the file named by `mcp_config`: MCP servers
/// in the shape Claude Desktop, Cursor and VS Code use, plus llmdo's own keys.
///
/// ```json
/// "mcp_servers": {
///   "time": {"command": "uvx", "args": ["mcp-server-time"], "pre_approved": ["get_current_time"]},
///   "docs": {"url": "https://example.com/mcp", "headers": {"Authorization": "Bearer ${DOCS_TOKEN}"}}
/// },
/// "mcp_config": "mcp.json"
/// ```
///
/// `${VAR}` (or `${VAR:-default}`) in `env` and `headers` values and in `url` expands from the
/// environment when the manifest is read; a variable that is not set is an error naming it.
/// Messages never quote an `env` or header value.
extension ManifestParser.Reader {
    static let mcpServerKeys = ["type", "command", "args", "env", "cwd", "url", "headers", "tools", "pre_approved", "timeout_s"]

    /// `mcp_servers` (an object of server entries), read with `origin` naming where it was written.
    mutating func mcpServers(_ json: JSONValue, field: String, environment: [String: String]) -> [MCPServerConfig] {
        guard case .object(let object) = json else {
            fail(field, "expected an object of server names, like {\"time\": {\"command\": \"uvx\", \"args\": [\"mcp-server-time\"]}}, found \(json.typeName)")
            return []
        }
        return object.compactMap { name, value in mcpServer(name, value, field: "\(field).\(name)", environment: environment) }
    }

    /// `mcp_config`: a path (relative to the manifest's folder) to a file holding `{"mcpServers": {…}}`.
    mutating func mcpConfigFile(_ json: JSONValue, environment: [String: String]) -> [MCPServerConfig] {
        guard let declared = json.stringValue, !declared.isEmpty else {
            fail("mcp_config", "expected the path of a file like {\"mcpServers\": {…}}, found \(json.jsonText)")
            return []
        }
        let path = FileSystem.absolute(declared, relativeTo: (file as NSString).deletingLastPathComponent)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            fail("mcp_config", "cannot read '\(declared)' (\(path))")
            return []
        }
        let parsed: JSONValue
        do {
            parsed = try JSONValue(parsing: text)
        } catch {
            fail("mcp_config", "\(declared): invalid JSON: \(error)")
            return []
        }
        var reader = ManifestParser.Reader(file: path)
        var servers: [MCPServerConfig] = []
        if case .object(let root) = parsed, let entries = root["mcpServers"] {
            for (key, _) in root where key != "mcpServers" {
                reader.fail(key, "unknown key; an MCP config file holds {\"mcpServers\": {…}}")
            }
            servers = reader.mcpServers(entries, field: "mcpServers", environment: environment)
        } else {
            reader.fail("", "expected an object like {\"mcpServers\": {…}}")
        }
        diagnostics += reader.diagnostics
        return servers
    }

    private mutating func mcpServer(_ name: String, _ json: JSONValue, field: String, environment: [String: String]) -> MCPServerConfig? {
        guard !name.isEmpty, WorkerFileParser.isValidName(name) else {
            fail(field, "'\(name)' is not a valid server name: use letters, digits, '_' and '-' (at most 64); it is the toolset name workers list")
            return nil
        }
        guard case .object(let object) = json else {
            fail(field, "expected an object like {\"command\": \"uvx\", \"args\": [\"mcp-server-time\"]} or {\"url\": \"https://…/mcp\"}, found \(json.typeName)")
            return nil
        }
        let before = diagnostics.count
        for (key, _) in object where !Self.mcpServerKeys.contains(key) {
            fail("\(field).\(key)", "unknown key\(DidYouMean.hint(for: key, among: Self.mcpServerKeys))")
        }
        let transport = mcpTransport(object, field: field, environment: environment)
        var config = MCPServerConfig(
            name: name, transport: transport?.transport ?? .http(url: "", headers: [:]), origin: "\(file): \(field)",
            redacted: transport?.redacted ?? "")
        if let tools = object["tools"] { config.allowedTools = names(tools, field: "\(field).tools") }
        if let tools = object["pre_approved"] { config.preApproved = Set(names(tools, field: "\(field).pre_approved")) }
        if let timeout = object["timeout_s"] { config.timeoutSeconds = positiveInt(timeout, field: "\(field).timeout_s") ?? config.timeoutSeconds }
        return diagnostics.count == before && transport != nil ? config : nil
    }

    /// `command` (stdio) or `url` (Streamable HTTP), with the keys that belong to each.
    private mutating func mcpTransport(
        _ object: JSONObject, field: String, environment: [String: String]
    ) -> (transport: MCPServerConfig.Transport, redacted: String)? {
        let type = object["type"].map { $0.stringValue ?? $0.jsonText }
        if let type, !["stdio", "http", "streamable-http", "streamableHttp"].contains(type) {
            let hint = type == "sse" ? ": the old HTTP+SSE transport is not supported; use the server's Streamable HTTP endpoint" : ""
            fail("\(field).type", "expected \"stdio\" or \"http\", found \(type.debugDescription)\(hint)")
            return nil
        }
        switch (object["command"], object["url"]) {
        case (.some(let command), nil):
            for key in ["headers"] where object[key] != nil { fail("\(field).\(key)", "'\(key)' belongs to an HTTP server (with 'url'); this one has 'command'") }
            guard let command = command.stringValue, !command.allSatisfy(\.isWhitespace) else {
                fail("\(field).command", "expected the program to run (a non-empty string), found \(command.jsonText)")
                return nil
            }
            let arguments = object["args"].map { stringList($0, field: "\(field).args") } ?? []
            var env: [String: String] = [:]
            if let json = object["env"] {
                if case .object(let variables) = json {
                    for (key, value) in variables {
                        guard let text = value.stringValue else {
                            fail("\(field).env.\(key)", "expected a string, found \(value.typeName)")
                            continue
                        }
                        env[key] = expand(text, field: "\(field).env.\(key)", environment: environment)
                    }
                } else {
                    fail("\(field).env", "expected an object of variable names and string values, found \(json.typeName)")
                }
            }
            let directory = object["cwd"].flatMap { value -> String? in
                if let text = value.stringValue, !text.isEmpty { return text }
                fail("\(field).cwd", "expected a folder path, found \(value.jsonText)")
                return nil
            }
            return (.stdio(command: command, arguments: arguments, environment: env, directory: directory), ([command] + arguments).joined(separator: " "))
        case (nil, .some(let url)):
            for key in ["args", "env", "cwd"] where object[key] != nil {
                fail("\(field).\(key)", "'\(key)' belongs to a stdio server (with 'command'); this one has 'url'")
            }
            guard let written = url.stringValue else {
                fail("\(field).url", "expected an http:// or https:// URL, found \(url.typeName)")
                return nil
            }
            let expanded = expand(written, field: "\(field).url", environment: environment)
            if let expanded, !(expanded.hasPrefix("http://") || expanded.hasPrefix("https://")) {
                fail("\(field).url", "expected an http:// or https:// URL, found '\(written)'")
            }
            var headers = object["headers"].map { self.headers("\(field).headers", $0) } ?? [:]
            for (key, value) in headers { headers[key] = expand(value, field: "\(field).headers.\(key)", environment: environment) }
            return (.http(url: expanded ?? "", headers: headers), written)
        case (.some, .some):
            fail(field, "has both 'command' (a stdio server) and 'url' (an HTTP server); keep one")
        case (nil, nil):
            fail(field, "missing 'command' (a stdio server, like \"command\": \"uvx\") or 'url' (a Streamable HTTP server)")
        }
        return nil
    }

    /// `${VAR}` and `${VAR:-default}` expanded from `environment`; a missing variable (with no
    /// default) is a diagnostic naming it and the field, never the value.
    mutating func expand(_ text: String, field: String, environment: [String: String]) -> String? {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                fail(field, "an unclosed '${' (write ${NAME} to use an environment variable)")
                return nil
            }
            let inner = rest[start.upperBound..<end]
            let name: Substring
            let fallback: Substring?
            if let separator = inner.range(of: ":-") {
                name = inner[..<separator.lowerBound]
                fallback = inner[separator.upperBound...]
            } else {
                name = inner
                fallback = nil
            }
            if let value = environment[String(name)] ?? fallback.map(String.init) {
                result += value
            } else {
                fail(field, "the environment variable '\(name)' is not set")
                return nil
            }
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// An array of non-empty strings.
    private mutating func stringList(_ json: JSONValue, field: String) -> [String] {
        guard case .array(let items) = json else {
            fail(field, "expected an array of strings, found \(json.typeName)")
            return []
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            if let text = item.stringValue { result.append(text) } else { fail("\(field)[\(index)]", "expected a string, found \(item.typeName)") }
        }
        return result
    }

    /// An array of tool names.
    private mutating func names(_ json: JSONValue, field: String) -> [String] {
        stringList(json, field: field).filter { name in
            if name.isEmpty { fail(field, "a tool name is empty") }
            return !name.isEmpty
        }
    }
}

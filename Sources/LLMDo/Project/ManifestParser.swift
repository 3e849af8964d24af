import Foundation

/// Reads `project.json` strictly: every unknown key, wrong type, duplicate or empty path and
/// missing file is reported with the manifest's path, the JSON path and what was expected.
enum ManifestParser {
    /// Parses manifest text. File existence is checked by the loader, which knows the root.
    static func parse(text: String, path: String) throws(ProjectError) -> Manifest {
        let (manifest, diagnostics) = try read(text: text, path: path)
        if !diagnostics.isEmpty { throw ProjectError(diagnostics) }
        return manifest
    }

    /// Reads manifest text as far as it can: the fields that are valid, and a diagnostic for each
    /// one that is not, so a loader can go on to report the worker files' problems in the same
    /// pass. Only text that is not JSON at all throws.
    static func read(text: String, path: String) throws(ProjectError) -> (Manifest, [ProjectDiagnostic]) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: text)
        } catch {
            throw ProjectError(ProjectDiagnostic(file: path, line: error.line, message: "invalid JSON: \(error.message) (column \(error.column))"))
        }
        var reader = Reader(file: path)
        let manifest = reader.manifest(json)
        return (manifest, reader.diagnostics)
    }

    /// Collects diagnostics while reading; sections in their own files extend it
    /// (ManifestProviders.swift).
    struct Reader {
        let file: String
        var diagnostics: [ProjectDiagnostic] = []
        /// Things accepted but worth saying (an empty `python_files`).
        var warnings: [ProjectDiagnostic] = []
        /// `plugin_files` entries written as objects, by path.
        var pluginSettings: [String: PluginSettings] = [:]

        mutating func fail(_ field: String, _ message: String) {
            diagnostics.append(ProjectDiagnostic(file: file, field: field, message: message))
        }

        mutating func warn(_ field: String, _ message: String) {
            warnings.append(ProjectDiagnostic(file: file, field: field, message: message))
        }

        mutating func manifest(_ json: JSONValue) -> Manifest {
            var manifest = Manifest(path: file)
            guard case .object(let root) = json else {
                fail("", "expected a JSON object at the top level, found \(json.typeName)")
                return manifest
            }
            let known = [
                "version", "runtime", "allow_cli_input", "entry", "worker_files", "agent_files", "plugin_files", "$schema", "description",
                "providers", "mcp_servers", "mcp_config",
            ]
            for (key, value) in root where !known.contains(key) {
                switch key {
                case "python_files" where value.arrayValue?.isEmpty == true:
                    warn(key, "ignored: it is empty, and llmdo loads tools from shared-library plugins ('plugin_files'), not Python files")
                case "python_files":
                    fail(key, "llmdo loads tools from shared-library plugins: list them under 'plugin_files' (see docs/plugin-abi.md)")
                case "generated_agents_dir":
                    fail(key, "llmdo has no 'dynamic_agents' toolset yet, so it does not write generated agents; remove this key (docs/reference.md, \"llm-do compatibility\")")
                default:
                    fail(key, "unknown key\(DidYouMean.hint(for: key, among: known))")
                }
            }
            switch root["version"] {
            case .some(.int(1)): break
            case nil: fail("version", "missing; expected 1")
            case .some(.int(let other)): fail("version", "unsupported manifest version \(other); this llmdo reads version 1")
            case .some(let other): fail("version", "expected the integer 1, found \(other.typeName) \(other.jsonText)")
            }
            if let runtime = root["runtime"] { manifest.runtime = self.runtime(runtime) }
            if let allow = root["allow_cli_input"] {
                if let value = allow.boolValue { manifest.allowCLIInput = value } else {
                    fail("allow_cli_input", "expected true or false, found \(allow.typeName)")
                }
            }
            if let entry = root["entry"] { self.entry(entry, into: &manifest) }
            // `agent_files` is llm-do's newer name for `worker_files`; a project may use either or both.
            let workerFiles = paths(root["worker_files"], field: "worker_files")
            manifest.workerFileFields = workerFiles.indices.map { "worker_files[\($0)]" }
            let agentFiles = paths(root["agent_files"], field: "agent_files")
            manifest.workerFileFields += agentFiles.indices.map { "agent_files[\($0)]" }
            manifest.workerFiles = workerFiles + agentFiles
            manifest.pluginFiles = paths(root["plugin_files"], field: "plugin_files", objects: true)
            manifest.pluginSettings = pluginSettings
            manifest.warnings = warnings
            if let providers = root["providers"] {
                manifest.providers = self.providers(providers)
            }
            let environment = ProcessInfo.processInfo.environment
            if let servers = root["mcp_servers"] { manifest.mcpServers = mcpServers(servers, field: "mcp_servers", environment: environment) }
            if let config = root["mcp_config"] { manifest.mcpServers += mcpConfigFile(config, environment: environment) }
            if manifest.workerFiles.isEmpty, manifest.pluginFiles.isEmpty, diagnostics.isEmpty {
                fail("worker_files", "the project lists no files: add at least one worker file ('worker_files' or 'agent_files'), or a plugin with an entry function")
            }
            return manifest
        }

        /// File paths; with `objects`, an item may also be a plugin entry object (`{"path": …}`).
        mutating func paths(_ value: JSONValue?, field: String, objects: Bool = false) -> [String] {
            guard let value else { return [] }
            guard case .array(let items) = value else {
                fail(field, "expected an array of file paths, found \(value.typeName)")
                return []
            }
            var seen: Set<String> = []
            var result: [String] = []
            for (index, item) in items.enumerated() {
                let path: String
                switch item {
                case .string(let text): path = text
                case .object(let object) where objects:
                    guard let text = plugin(object, field: "\(field)[\(index)]") else { continue }
                    path = text
                default:
                    let expected = objects ? "a file path string or an object like {\"path\": \"libx.so\", \"isolation\": \"process\"}" : "a file path string"
                    fail("\(field)[\(index)]", "expected \(expected), found \(item.typeName)")
                    continue
                }
                if path.allSatisfy(\.isWhitespace) {
                    fail("\(field)[\(index)]", "empty path")
                    continue
                }
                if let control = PrintableText.firstControlCharacter(in: path) {
                    fail("\(field)[\(index)]", "the path \(path.debugDescription) contains the control character \(control); a file path is printable text")
                    continue
                }
                let normalized = (path as NSString).standardizingPath
                if !seen.insert(normalized).inserted {
                    fail("\(field)[\(index)]", "duplicate path '\(path)'")
                    continue
                }
                result.append(path)
            }
            return result
        }

        /// A `plugin_files` object: `path` plus optional `isolation`, `timeout_s` and `memory_mb`.
        mutating func plugin(_ object: JSONObject, field: String) -> String? {
            var settings = PluginSettings()
            var path: String?
            for (key, value) in object {
                let member = "\(field).\(key)"
                switch key {
                case "path":
                    if let text = value.stringValue { path = text } else { fail(member, "expected a file path string, found \(value.typeName)") }
                case "isolation": settings.isolation = isolation(value, field: member)
                case "timeout_s": settings.timeoutSeconds = positiveInt(value, field: member)
                case "memory_mb":
                    // Below about 100 MiB of address space the helper (the llmdo executable) cannot even start.
                    if let megabytes = positiveInt(value, field: member) {
                        if megabytes >= 128 { settings.memoryMB = megabytes } else { fail(member, "expected at least 128 (MiB; the helper needs about 100 to start), found \(megabytes)") }
                    }
                default:
                    fail(member, "unknown key\(DidYouMean.hint(for: key, among: ["path", "isolation", "timeout_s", "memory_mb"]))")
                }
            }
            guard let path else {
                fail(field, "missing 'path' (the plugin file)")
                return nil
            }
            pluginSettings[path] = settings
            return path
        }

        mutating func isolation(_ value: JSONValue, field: String) -> PluginIsolation? {
            if let mode = value.stringValue.flatMap(PluginIsolation.init(rawValue:)) { return mode }
            fail(field, "expected \"none\" or \"process\", found \(value.jsonText)")
            return nil
        }

        mutating func runtime(_ json: JSONValue) -> RuntimeConfig {
            var config = RuntimeConfig()
            guard case .object(let object) = json else {
                fail("runtime", "expected an object, found \(json.typeName)")
                return config
            }
            let known = [
                "approval_mode", "max_depth", "return_permission_errors", "worker_calls_require_approval",
                "worker_attachments_require_approval", "worker_approval_overrides", "max_retries", "usage_limits",
                "plugin_isolation", "idempotent_tools", "journal",
            ]
            for (written, value) in object {
                let field = "runtime.\(written)"
                // llm-do renamed "worker" to "agent" in these keys; both spellings mean the same.
                let key = Self.runtimeAliases[written] ?? written
                if key != written, object[key] != nil {
                    fail(field, "given twice: '\(written)' and '\(key)' are the same setting; keep one")
                    continue
                }
                switch key {
                case "auth_mode" where value.stringValue == "oauth_off": break
                case "auth_mode":
                    fail(field, "llmdo has no OAuth sign-in; remove this key (or write \"oauth_off\") and set the provider's API key variable (ANTHROPIC_API_KEY, OPENAI_API_KEY)")
                case "approval_mode":
                    if let mode = value.stringValue.flatMap(ApprovalMode.init(rawValue:)) { config.approvalMode = mode } else {
                        fail(field, "expected one of \"prompt\", \"approve_all\", \"reject_all\", found \(value.jsonText)")
                    }
                case "max_depth": config.maxDepth = positiveInt(value, field: field) ?? config.maxDepth
                case "max_retries": config.maxRetries = nonNegativeInt(value, field: field) ?? config.maxRetries
                case "return_permission_errors": config.returnPermissionErrors = bool(value, field: field) ?? false
                case "worker_calls_require_approval": config.workerCallsRequireApproval = bool(value, field: field) ?? false
                case "worker_attachments_require_approval":
                    config.workerAttachmentsRequireApproval = bool(value, field: field) ?? false
                case "worker_approval_overrides": config.workerApprovalOverrides = overrides(value, field: field)
                case "usage_limits": config.usageLimits = limits(value, field: field)
                case "plugin_isolation": config.pluginIsolation = isolation(value, field: field)
                case "idempotent_tools": config.idempotentTools = Set(toolNames(value, field: field))
                case "journal": config.journal = journal(value, field: field)
                default: fail(field, "unknown key\(DidYouMean.hint(for: key, among: known))")
                }
            }
            return config
        }

        /// llm-do's current spellings of runtime keys → llmdo's (which are llm-do v0.3's).
        static let runtimeAliases = [
            "agent_calls_require_approval": "worker_calls_require_approval",
            "agent_attachments_require_approval": "worker_attachments_require_approval",
            "agent_approval_overrides": "worker_approval_overrides",
        ]

        /// `entry`: the default input (`input`, or llm-do's newer `args`) and optionally the entry
        /// itself (`agent`: a worker name; `function`: `libx.so:name`, a plugin's entry function).
        mutating func entry(_ entry: JSONValue, into manifest: inout Manifest) {
            guard case .object(let object) = entry else {
                fail("entry", "expected an object like {\"input\": \"...\"} or {\"agent\": \"main\", \"args\": {...}}, found \(entry.typeName)")
                return
            }
            let known = ["input", "args", "agent", "function"]
            for (key, _) in object where !known.contains(key) {
                fail("entry.\(key)", "unknown key\(DidYouMean.hint(for: key, among: known))")
            }
            if object["input"] != nil, object["args"] != nil {
                fail("entry.args", "given twice: 'args' and 'input' are the same setting (the default input); keep one")
            }
            manifest.entryInput = object["input"] ?? object["args"]
            if object["agent"] != nil, object["function"] != nil {
                fail("entry", "give either 'agent' (a worker) or 'function' (a plugin entry function), not both")
                return
            }
            if let agent = object["agent"] {
                if let name = agent.stringValue, !name.isEmpty { manifest.entryTarget = .worker(name) } else {
                    fail("entry.agent", "expected the name of a worker, found \(agent.jsonText)")
                }
            }
            if let function = object["function"] {
                let parts = function.stringValue?.split(separator: ":", omittingEmptySubsequences: false) ?? []
                if parts.count >= 2, let name = parts.last, !name.isEmpty, !parts.dropLast().joined(separator: ":").isEmpty {
                    manifest.entryTarget = .function(plugin: parts.dropLast().joined(separator: ":"), name: String(name))
                } else {
                    fail("entry.function", "expected \"PLUGIN:FUNCTION\" (a plugin listed in plugin_files and its entry function, e.g. \"libreport.so:main\"), found \(function.jsonText)")
                }
            }
        }

        mutating func overrides(_ json: JSONValue, field: String) -> [String: WorkerApprovalOverride] {
            guard case .object(let object) = json else {
                fail(field, "expected an object of worker names, found \(json.typeName)")
                return [:]
            }
            var result: [String: WorkerApprovalOverride] = [:]
            for (name, value) in object {
                guard case .object(let settings) = value else {
                    fail("\(field).\(name)", "expected an object, found \(value.typeName)")
                    continue
                }
                var entry = WorkerApprovalOverride()
                for (key, flag) in settings {
                    switch key {
                    case "calls_require_approval": entry.callsRequireApproval = bool(flag, field: "\(field).\(name).\(key)")
                    case "attachments_require_approval":
                        entry.attachmentsRequireApproval = bool(flag, field: "\(field).\(name).\(key)")
                    default:
                        let known = ["calls_require_approval", "attachments_require_approval"]
                        fail("\(field).\(name).\(key)", "unknown key\(DidYouMean.hint(for: key, among: known))")
                    }
                }
                result[name] = entry
            }
            return result
        }

        mutating func limits(_ json: JSONValue, field: String) -> UsageLimits {
            guard case .object(let object) = json else {
                fail(field, "expected an object, found \(json.typeName)")
                return UsageLimits()
            }
            var limits = UsageLimits()
            let known = ["max_requests", "max_tool_calls", "max_input_tokens", "max_output_tokens", "max_total_tokens"]
            for (key, value) in object {
                let path = "\(field).\(key)"
                let number = value.isNull ? nil : positiveInt(value, field: path)
                switch key {
                case "max_requests": limits.maxRequests = number
                case "max_tool_calls": limits.maxToolCalls = number
                case "max_input_tokens": limits.maxInputTokens = number
                case "max_output_tokens": limits.maxOutputTokens = number
                case "max_total_tokens": limits.maxTotalTokens = number
                default: fail(path, "unknown key\(DidYouMean.hint(for: key, among: known))")
                }
            }
            return limits
        }

        /// `runtime.idempotent_tools`: names of toolsets or single tools (`"toolset.tool"`).
        mutating func toolNames(_ value: JSONValue, field: String) -> [String] {
            guard case .array(let items) = value, items.allSatisfy({ $0.stringValue?.isEmpty == false }) else {
                fail(field, "expected an array of names (\"toolset\" or \"toolset.tool\"), found \(value.jsonText)")
                return []
            }
            return items.compactMap(\.stringValue)
        }

        /// `runtime.journal`: a folder (`"journals"`) or `{"dir": "journals", "fsync": true}`.
        mutating func journal(_ value: JSONValue, field: String) -> JournalSettings? {
            if let dir = value.stringValue, !dir.isEmpty { return JournalSettings(directory: dir) }
            guard case .object(let object) = value, let dir = object["dir"]?.stringValue, !dir.isEmpty else {
                fail(field, "expected a folder name or an object {\"dir\": \"journals\", \"fsync\": false}, found \(value.jsonText)")
                return nil
            }
            var settings = JournalSettings(directory: dir)
            for (key, member) in object where key != "dir" {
                if key == "fsync" { settings.fsync = bool(member, field: "\(field).fsync") ?? false } else {
                    fail("\(field).\(key)", "unknown key\(DidYouMean.hint(for: key, among: ["dir", "fsync"]))")
                }
            }
            return settings
        }

        mutating func bool(_ value: JSONValue, field: String) -> Bool? {
            if let flag = value.boolValue { return flag }
            fail(field, "expected true or false, found \(value.jsonText)")
            return nil
        }

        mutating func positiveInt(_ value: JSONValue, field: String) -> Int? {
            if case .int(let n) = value, n >= 1, n <= Int64(Int32.max) { return Int(n) }
            fail(field, "expected an integer ≥ 1, found \(value.jsonText)")
            return nil
        }

        mutating func nonNegativeInt(_ value: JSONValue, field: String) -> Int? {
            if case .int(let n) = value, n >= 0, n <= Int64(Int32.max) { return Int(n) }
            fail(field, "expected an integer ≥ 0, found \(value.jsonText)")
            return nil
        }
    }
}

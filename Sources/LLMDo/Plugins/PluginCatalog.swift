/// What `llmdo tools PROJECT_OR_PLUGIN` shows: each plugin's toolsets, functions (C signature,
/// flags, approval, schema) and code entries, as JSON or as text.
package enum PluginCatalog {
    /// Loads one plugin file and describes it.
    ///
    /// - Parameters:
    ///   - path: a `.so` path (absolute, or relative to `workingDirectory`), or a bare file name
    ///     searched like a manifest's `plugin_files`.
    ///   - isolation: where its `init` runs; `nil` for the default of where the file is found
    ///     (a plugin that is not beside the llmdo executable is loaded in a helper process).
    /// - Throws: ``ProjectError`` when the plugin does not load.
    package static func describePlugin(at path: String, workingDirectory: String, isolation: PluginIsolation? = nil)
        throws(ProjectError) -> JSONValue
    {
        describe([try PluginLoader.load(declaredPath: path, projectRoot: workingDirectory, settings: PluginSettings(isolation: isolation))])
    }

    /// Describes loaded plugins (e.g. a linked ``Program``'s `plugins`).
    ///
    /// - Returns: `{"plugins": [{"file", "path", "isolation", "toolsets": [{"name", "version", "description",
    ///   "functions": [{"name", "description", "parameters": [{"name", "type"}], "returns",
    ///   "takes_context", "thread_safe", "approval", "schema"}]}], "entries": [{"name", "description"}]}]}`.
    package static func describe(_ plugins: [LoadedPlugin]) -> JSONValue {
        .object(["plugins": .array(plugins.map(describe))])
    }

    static func describe(_ plugin: LoadedPlugin) -> JSONValue {
        // An isolated plugin was described by its helper, which loaded it in-process.
        let toolsets = plugin.toolsets.compactMap { toolset -> JSONValue? in
            if let isolated = toolset as? IsolatedToolset { return isolated.catalogEntry }
            guard let toolset = toolset as? PluginToolset else { return nil }
            return [
                "name": .string(toolset.name), "version": toolset.version.map(JSONValue.string) ?? .null,
                "description": .string(toolset.description), "functions": .array(toolset.functions.map(describe)),
            ]
        }
        let entries = plugin.entries.map { entry -> JSONValue in
            let description = (entry as? PluginCodeEntry)?.description ?? (entry as? IsolatedCodeEntry)?.description ?? ""
            return ["name": .string(entry.name), "description": .string(description)]
        }
        return [
            "file": .string(plugin.declaredPath), "path": .string(plugin.resolvedPath), "isolation": .string(plugin.isolation.rawValue),
            "toolsets": .array(toolsets), "entries": .array(entries),
        ]
    }

    private static func describe(_ function: PluginFunction) -> JSONValue {
        return [
            "name": .string(function.definition.name), "description": .string(function.definition.description),
            "parameters": .array(function.parameters.map { ["name": .string($0.name), "type": .string($0.type.label)] }),
            "returns": .string(function.result.label), "takes_context": .bool(function.takesContext),
            "thread_safe": .bool(function.threadSafe), "approval": .string(approvalName(function.definition.approval)),
            "schema": function.definition.parametersSchema,
        ]
    }

    /// Renders ``describe(_:)``'s JSON as indented text, one function per block:
    ///
    ///     libcalc_tools.so (/…/.build/debug/libcalc_tools.so), isolation: none
    ///       toolset calc_tools 1.0.0: Exact integer sequences and basic arithmetic.
    ///         factorial(n: int64) -> int64  [ctx, thread-safe, pre_approved]
    ///           n! for 0 <= n <= 20.
    ///           schema: {"type":"object",…}
    package static func render(_ catalog: JSONValue) -> String {
        var lines: [String] = []
        for plugin in catalog["plugins"]?.arrayValue ?? [] {
            lines.append("\(text(plugin["file"])) (\(text(plugin["path"]))), isolation: \(text(plugin["isolation"]))")
            for toolset in plugin["toolsets"]?.arrayValue ?? [] {
                let version = toolset["version"]?.stringValue.map { " \($0)" } ?? ""
                lines.append("  toolset \(text(toolset["name"]))\(version): \(text(toolset["description"]))")
                for function in toolset["functions"]?.arrayValue ?? [] {
                    let parameters = (function["parameters"]?.arrayValue ?? []).map { "\(text($0["name"])): \(text($0["type"]))" }
                    var flags: [String] = []
                    if function["takes_context"] == .bool(true) { flags.append("ctx") }
                    flags.append(function["thread_safe"] == .bool(true) ? "thread-safe" : "serialized")
                    flags.append(text(function["approval"]))
                    lines.append(
                        "    \(text(function["name"]))(\(parameters.joined(separator: ", "))) -> \(text(function["returns"]))  [\(flags.joined(separator: ", "))]")
                    lines.append("      \(text(function["description"]))")
                    lines.append("      schema: \(function["schema"]?.jsonText ?? "{}")")
                }
            }
            for entry in plugin["entries"]?.arrayValue ?? [] {
                lines.append("  entry \(text(entry["name"])): \(text(entry["description"]))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func text(_ value: JSONValue?) -> String { value?.stringValue ?? "" }

    /// The JSON spelling of an approval requirement, the same in `tools --json` and `check --json`.
    package static func approvalName(_ requirement: ApprovalRequirement) -> String {
        switch requirement {
        case .preApproved: return "pre_approved"
        case .always: return "always"
        case .perCall: return "per_call"
        }
    }
}

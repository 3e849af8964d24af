import LLMDo

/// What `llmdo check` prints: the entry, each worker with its model and toolsets, and each
/// toolset with its tools.
struct ProgramSummary {
    let program: Program
    let environment: [String: String]

    private var workers: [WorkerSpec] { program.workers.values.sorted { $0.name < $1.name } }
    private var toolsets: [any Toolset] {
        let used = Set(workers.flatMap { $0.toolsetRefs.map(\.name) + $0.toolPicks.map(\.toolset) })
        let pluginNames = Set(program.plugins.flatMap { $0.toolsets.map(\.name) })
        return program.toolsets.values.filter { used.contains($0.name) || pluginNames.contains($0.name) }
            .sorted { $0.name < $1.name }
    }

    private func model(of worker: WorkerSpec) -> String {
        worker.model ?? environment["LLM_DO_MODEL"].map { "\($0) (LLM_DO_MODEL)" } ?? "unset (needs --model or LLM_DO_MODEL)"
    }

    var text: String {
        var out = "project: \(program.manifest.path)\n"
        switch program.entry {
        case .worker(let name): out += "entry: worker \(name)\n"
        case .code(let entry): out += "entry: code \(entry.name)\n"
        }
        out += "workers:\n"
        for worker in workers {
            let tools = worker.toolsetRefs.map(\.name).joined(separator: ", ")
            out += "  \(worker.name)\(worker.isEntry ? " (entry)" : "")  [\(worker.file)]\n"
            out += "    model: \(model(of: worker))\n"
            out += "    toolsets: \(tools.isEmpty ? "none" : tools)\n"
            if !worker.toolPicks.isEmpty { out += "    tools: \(worker.toolPicks.map { "\($0.toolset).\($0.tool)" }.joined(separator: ", "))\n" }
        }
        if !toolsets.isEmpty {
            out += "toolsets:\n"
            for toolset in toolsets {
                out += "  \(toolset.name)\n"
                for tool in toolset.tools {
                    out += "    \(tool.name)\(Self.approvalLabel(tool.approval)): \(tool.description)\n"
                }
            }
        }
        if !program.plugins.isEmpty {
            out += "plugins:\n"
            for plugin in program.plugins { out += "  \(plugin.declaredPath)  [isolation: \(plugin.isolation.rawValue)]\n" }
        }
        out += "ok: \(workers.count) worker\(workers.count == 1 ? "" : "s"), \(program.plugins.count) plugin\(program.plugins.count == 1 ? "" : "s")\n"
        return out
    }

    var json: JSONValue {
        var workerList: [JSONValue] = []
        for worker in workers {
            workerList.append([
                "name": .string(worker.name), "file": .string(worker.file), "entry": .bool(worker.isEntry),
                "model": worker.model.map(JSONValue.string) ?? .null,
                "toolsets": .array(worker.toolsetRefs.map { .string($0.name) }),
                "tools": .array(worker.toolPicks.map { .string("\($0.toolset).\($0.tool)") }),
            ])
        }
        var toolsetList: [JSONValue] = []
        for toolset in toolsets {
            toolsetList.append([
                "name": .string(toolset.name),
                "tools": .array(toolset.tools.map { tool in
                    ["name": .string(tool.name), "description": .string(tool.description), "approval": .string(PluginCatalog.approvalName(tool.approval)), "parameters": tool.parametersSchema]
                }),
            ])
        }
        let plugins = program.plugins.map { plugin -> JSONValue in
            ["file": .string(plugin.declaredPath), "path": .string(plugin.resolvedPath), "isolation": .string(plugin.isolation.rawValue)]
        }
        return [
            "project": .string(program.manifest.path), "entry": .string(program.entry.name), "workers": .array(workerList),
            "toolsets": .array(toolsetList), "plugins": .array(plugins),
        ]
    }

    /// The text listing's note on a gated tool (nothing for a pre-approved one).
    static func approvalLabel(_ requirement: ApprovalRequirement) -> String {
        switch requirement {
        case .preApproved: return ""
        case .always: return " (needs approval)"
        case .perCall: return " (decided per call)"
        }
    }
}

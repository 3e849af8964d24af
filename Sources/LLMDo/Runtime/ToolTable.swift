/// The tools one worker call can use, by name, with their instantiated toolsets.
struct ToolTable: Sendable {
    struct Entry: Sendable {
        let toolset: String
        let definition: ToolDefinition
        let schema: JSONSchema
        let instance: any ToolsetInstance
    }

    let entries: [String: Entry]
    /// Definitions in the order the worker listed its toolsets (what the model is offered).
    let definitions: [ToolDefinition]
    let instances: [any ToolsetInstance]

    /// Instantiates the worker's toolsets for one call.
    static func make(for spec: WorkerSpec, scope: CallScope) async throws -> ToolTable {
        var entries: [String: Entry] = [:]
        var definitions: [ToolDefinition] = []
        var instances: [any ToolsetInstance] = []
        do {
            // Whole toolsets first, then those the worker picks single tools from (`tools:`).
            let picks = Dictionary(grouping: spec.toolPicks, by: \.toolset).mapValues { Set($0.map(\.tool)) }
            let names = spec.toolsetRefs.map(\.name) + spec.toolPicks.map(\.toolset).uniqued()
            for name in names {
                let toolset = try scope.resolveToolset(name)
                let instance = try await toolset.makeInstance(context: scope.toolsetContext)
                instances.append(instance)
                for definition in toolset.tools where picks[name]?.contains(definition.name) ?? true {
                    // The linker rejects duplicates among tools known at link time; a toolset
                    // that learns its tools when it starts is checked here.
                    if let first = entries[definition.name] {
                        throw RunError(
                            .toolConflict,
                            "tool '\(definition.name)' is offered by both '\(first.toolset)' and '\(toolset.name)'; a worker's tool names must be unique")
                    }
                    entries[definition.name] = Entry(
                        toolset: toolset.name, definition: definition, schema: try scope.program.parametersSchema(of: definition, in: toolset.name),
                        instance: instance)
                    definitions.append(definition)
                }
            }
            // A picked tool of a toolset that learns its tools when it starts is checked here.
            if let missing = spec.toolPicks.first(where: { entries[$0.tool]?.toolset != $0.toolset }) {
                throw RunError(.unknownName, "toolset '\(missing.toolset)' has no tool '\(missing.tool)' (\(spec.file), tools:)")
            }
        } catch {
            for instance in instances { await instance.close() }
            throw error
        }
        return ToolTable(entries: entries, definitions: definitions, instances: instances)
    }

    func close() async {
        for instance in instances { await instance.close() }
    }
}

extension Sequence where Element: Hashable {
    /// The elements in order, each once.
    fileprivate func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}

extension CallScope {
    /// A toolset name from a worker's `toolsets:` list: another worker, or a program toolset.
    func resolveToolset(_ name: String) throws -> any Toolset {
        if let worker = program.workers[name] {
            return WorkerToolset(spec: worker, config: program.manifest.runtime)
        }
        if let toolset = program.toolsets[name] { return toolset }
        throw RunError(.unknownName, "unknown toolset '\(name)'")
    }
}

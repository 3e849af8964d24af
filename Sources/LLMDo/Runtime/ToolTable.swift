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
            for ref in spec.toolsetRefs {
                let toolset = try scope.resolveToolset(ref.name)
                let instance = try await toolset.makeInstance(context: scope.toolsetContext)
                instances.append(instance)
                for definition in toolset.tools {
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

import Synchronization

/// A schema as written and compiled.
struct CompiledSchema: Sendable {
    var json: JSONValue
    var compiled: JSONSchema
}

/// JSON Schemas are compiled once, when a program is linked, and kept on the definitions: a
/// worker's input and output schemas on its ``WorkerSpec``, the parameter schemas of the tools
/// its workers use on the ``Program``. A schema that does not compile is a link error naming the
/// file and field. Calls then validate against the compiled schemas (compiling one costs
/// 0.1–0.6 ms; an agent step about 3 µs).
///
/// A spec or program built in code without the linker is compiled on first use instead, with
/// the same errors, at run time.
extension WorkerSpec {
    /// The compiled ``effectiveInputSchema``.
    /// - Throws: ``RunError`` (`invalidInput`) naming the worker file when it does not compile.
    func inputSchemaCompiled() throws(RunError) -> JSONSchema {
        if let compiledInputSchema { return compiledInputSchema }
        return try Self.compile(effectiveInputSchema, field: "input_schema", file: file)
    }

    /// The compiled ``outputSchema``, if the worker has one.
    func outputSchemaCompiled() throws(RunError) -> JSONSchema? {
        if let compiledOutputSchema { return compiledOutputSchema }
        guard let outputSchema else { return nil }
        return try Self.compile(outputSchema, field: "output_schema", file: file)
    }

    private static func compile(_ schema: JSONValue, field: String, file: String) throws(RunError) -> JSONSchema {
        do {
            return try JSONSchema(schema)
        } catch {
            throw RunError(.invalidInput, "\(file): \(field): invalid JSON Schema: \(error)")
        }
    }
}

extension Program {
    /// The compiled parameter schema of a tool offered by `toolset` (a program toolset or a
    /// worker called as a tool).
    /// - Throws: ``RunError`` when the schema does not compile (only for tools the linker did
    ///   not see: toolsets no worker lists, programs built without the linker).
    func parametersSchema(of definition: ToolDefinition, in toolset: String) throws(RunError) -> JSONSchema {
        if let worker = workers[toolset] { return try worker.inputSchemaCompiled() }
        if let compiled = toolSchemas[toolset]?[definition.name] { return compiled }
        return try lateSchemas.schema(for: definition, in: toolset)
    }
}

/// Parameter schemas compiled on first use, once per program generation: the tools of lazy
/// toolsets (MCP servers list theirs when they start, after linking) and of programs built
/// without the linker. Without it every call would compile its tool's schema again.
final class LateSchemas: Sendable {
    private let compiled = Mutex<[String: [String: (json: JSONValue, schema: JSONSchema)]]>([:])

    func schema(for definition: ToolDefinition, in toolset: String) throws(RunError) -> JSONSchema {
        if let cached = compiled.withLock({ $0[toolset]?[definition.name] }), cached.json == definition.parametersSchema {
            return cached.schema
        }
        let schema = try ToolDispatch.schema(for: definition)
        compiled.withLock { $0[toolset, default: [:]][definition.name] = (definition.parametersSchema, schema) }
        return schema
    }
}

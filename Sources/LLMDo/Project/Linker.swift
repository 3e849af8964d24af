/// Resolves every name in a project and picks its one entry. Reports every problem in one pass.
enum Linker {
    static func link(
        manifest: Manifest, projectRoot: String, workers: [WorkerSpec], plugins: [LoadedPlugin],
        sources: [any ToolsetSource] = [], builtins: [String: any Toolset] = BuiltinToolsets.all()
    ) throws(ProjectError) -> Program {
        var diagnostics: [ProjectDiagnostic] = []
        // Every definable name and where it came from, so a clash names both origins.
        var origins: [String: String] = [:]
        for name in builtins.keys { origins[name] = "a built-in toolset" }

        var toolsets = builtins
        var sourceOrigins: [String: String] = [:]
        /// Adds a toolset; false (and a diagnostic) when its name is taken.
        @discardableResult
        func define(_ toolset: any Toolset, file: String, origin: String) -> Bool {
            if let existing = origins[toolset.name] {
                diagnostics.append(ProjectDiagnostic(
                    file: file, message: "toolset '\(toolset.name)' is defined twice: here and as \(existing)"))
                return false
            }
            origins[toolset.name] = origin
            toolsets[toolset.name] = toolset
            return true
        }
        for plugin in plugins {
            for toolset in plugin.toolsets {
                define(toolset, file: plugin.declaredPath, origin: "plugin toolset in \(plugin.declaredPath)")
            }
        }
        for source in sources {
            do {
                for toolset in try source.toolsets() {
                    if define(toolset, file: source.origin, origin: "a toolset from \(source.origin)") {
                        sourceOrigins[toolset.name] = source.origin
                    }
                }
            } catch {
                diagnostics += error.diagnostics
            }
        }
        var workersByName: [String: WorkerSpec] = [:]
        for worker in workers {
            if let existing = origins[worker.name] {
                diagnostics.append(ProjectDiagnostic(
                    file: worker.file, field: "name", message: "'\(worker.name)' is defined twice: here and as \(existing)"))
                continue
            }
            origins[worker.name] = "worker in \(worker.file)"
            workersByName[worker.name] = worker
        }

        let allNames = Array(origins.keys)
        for worker in workersByName.values.sorted(by: { $0.file < $1.file }) {
            var providers: [String: String] = [:]  // tool name → toolset offering it
            /// Notes which toolset offers each tool, reporting a name offered twice.
            func record(_ tools: [String], from ref: NameRef) {
                for tool in tools {
                    if let first = providers[tool] {
                        diagnostics.append(ProjectDiagnostic(
                            file: worker.file, line: ref.line, field: "toolsets",
                            message: "tool '\(tool)' is offered by both '\(first)' and '\(ref.name)'; a worker's tool names must be unique"))
                    } else {
                        providers[tool] = ref.name
                    }
                }
            }
            for ref in worker.toolsetRefs {
                let tools: [String]
                if let other = workersByName[ref.name] {
                    tools = [other.name]
                } else if let toolset = toolsets[ref.name] {
                    tools = toolset.tools.map(\.name)
                } else {
                    diagnostics.append(ProjectDiagnostic(
                        file: worker.file, line: ref.line, field: "toolsets",
                        message: ref.name == "dynamic_agents"
                            ? "llm-do's 'dynamic_agents' toolset (workers created at run time) is not supported by llmdo yet; write the workers as files"
                            : "unknown toolset '\(ref.name)'\(DidYouMean.hint(for: ref.name, among: allNames))"))
                    continue
                }
                record(tools, from: ref)
            }
            for pick in worker.toolPicks {
                let ref = NameRef(name: "\(pick.toolset).\(pick.tool)", line: pick.line)
                guard workersByName[pick.toolset] == nil, let toolset = toolsets[pick.toolset] else {
                    let message =
                        workersByName[pick.toolset] != nil
                        ? "'\(pick.toolset)' is a worker, which is one tool: list it under toolsets"
                        : "unknown toolset '\(pick.toolset)'\(DidYouMean.hint(for: pick.toolset, among: toolsets.keys))"
                    diagnostics.append(ProjectDiagnostic(file: worker.file, line: pick.line, field: "tools", message: message))
                    continue
                }
                let offered = toolset.tools.map(\.name)
                // A toolset whose tools are learned on first use offers none yet; ToolTable checks then.
                if !offered.isEmpty, !offered.contains(pick.tool) {
                    diagnostics.append(ProjectDiagnostic(
                        file: worker.file, line: pick.line, field: "tools",
                        message: "toolset '\(pick.toolset)' has no tool '\(pick.tool)'\(DidYouMean.hint(for: pick.tool, among: offered)) (its tools: \(offered.joined(separator: ", ")))"))
                    continue
                }
                record([pick.tool], from: ref)
            }
        }

        let toolSchemas = compileSchemas(workers: &workersByName, toolsets: toolsets, origins: origins, diagnostics: &diagnostics)
        let entry =
            manifest.entryTarget.map { namedEntry($0, workers: workersByName, plugins: plugins, manifestPath: manifest.path, diagnostics: &diagnostics) }
            ?? chooseEntry(workers: workersByName, plugins: plugins, manifestPath: manifest.path, diagnostics: &diagnostics)
        if !diagnostics.isEmpty { throw ProjectError(diagnostics) }
        guard let entry else { throw ProjectError(ProjectDiagnostic(file: manifest.path, message: "no entry")) }
        var program = Program(
            projectRoot: projectRoot, manifest: manifest, workers: workersByName, toolsets: toolsets, plugins: plugins,
            entry: entry)
        program.toolSchemas = toolSchemas
        program.toolsetSources = sources
        program.sourceOrigins = sourceOrigins
        return program
    }

    /// Compiles, once, every schema a call validates against: each worker's input and output
    /// schema (kept on the spec), and the parameter schemas of the program toolsets workers
    /// list (returned by toolset and tool). A schema that does not compile is a diagnostic.
    private static func compileSchemas(
        workers: inout [String: WorkerSpec], toolsets: [String: any Toolset], origins: [String: String],
        diagnostics: inout [ProjectDiagnostic]
    ) -> [String: [String: JSONSchema]] {
        for name in workers.keys.sorted() {
            guard var worker = workers[name] else { continue }
            func compile(_ schema: JSONValue, _ field: String) -> JSONSchema? {
                do {
                    return try JSONSchema(schema)
                } catch {
                    diagnostics.append(ProjectDiagnostic(
                        file: worker.file, line: worker.fieldLines[field], field: field, message: "invalid JSON Schema: \(error)"))
                    return nil
                }
            }
            // The parser compiled the schemas it read; specs built in code arrive uncompiled.
            if worker.compiledInputSchema == nil { worker.compiledInputSchema = compile(worker.effectiveInputSchema, "input_schema") }
            if worker.compiledOutputSchema == nil, let output = worker.outputSchema {
                worker.compiledOutputSchema = compile(output, "output_schema")
            }
            workers[name] = worker
        }
        let used = Set(workers.values.flatMap { $0.toolsetRefs.map(\.name) + $0.toolPicks.map(\.toolset) })
        var compiled: [String: [String: JSONSchema]] = [:]
        for name in used.sorted() {
            guard workers[name] == nil, let toolset = toolsets[name] else { continue }
            for definition in toolset.tools {
                do {
                    compiled[name, default: [:]][definition.name] = try JSONSchema(definition.parametersSchema)
                } catch {
                    diagnostics.append(ProjectDiagnostic(
                        file: origins[name] ?? name, field: "\(name).\(definition.name)",
                        message: "the tool's parameters schema is invalid: \(error)"))
                }
            }
        }
        return compiled
    }

    /// The entry the manifest names (`entry.agent` / `entry.function`, llm-do's newer spelling).
    /// A worker's own `entry: true` may agree with it, never contradict it.
    private static func namedEntry(
        _ target: EntryTarget, workers: [String: WorkerSpec], plugins: [LoadedPlugin], manifestPath: String,
        diagnostics: inout [ProjectDiagnostic]
    ) -> Entry? {
        let marked = workers.values.filter(\.isEntry).sorted { $0.name < $1.name }
        switch target {
        case .worker(let name):
            guard workers[name] != nil else {
                diagnostics.append(ProjectDiagnostic(
                    file: manifestPath, field: "entry.agent",
                    message: "no worker named '\(name)'\(DidYouMean.hint(for: name, among: workers.keys)) (workers: \(workers.keys.sorted().joined(separator: ", ")))"))
                return nil
            }
            for other in marked where other.name != name {
                diagnostics.append(ProjectDiagnostic(
                    file: other.file, line: other.fieldLines["entry"], field: "entry",
                    message: "the manifest's entry.agent names '\(name)', but this worker says 'entry: true'; keep one entry"))
            }
            return .worker(name)
        case .function(let path, let name):
            guard let plugin = plugins.first(where: { $0.declaredPath == path }) else {
                diagnostics.append(ProjectDiagnostic(
                    file: manifestPath, field: "entry.function",
                    message: "'\(path)' is not listed in plugin_files\(DidYouMean.hint(for: path, among: plugins.map(\.declaredPath))); the entry function's plugin must be one of them"))
                return nil
            }
            guard let entry = plugin.entries.first(where: { $0.name == name }) else {
                let names = plugin.entries.map(\.name)
                diagnostics.append(ProjectDiagnostic(
                    file: manifestPath, field: "entry.function",
                    message: "plugin '\(path)' has no entry function '\(name)'\(DidYouMean.hint(for: name, among: names)) (its entry functions: \(names.isEmpty ? "none" : names.joined(separator: ", ")))"))
                return nil
            }
            for other in marked {
                diagnostics.append(ProjectDiagnostic(
                    file: other.file, line: other.fieldLines["entry"], field: "entry",
                    message: "the manifest's entry.function names '\(path):\(name)', but this worker says 'entry: true'; keep one entry"))
            }
            return .code(entry)
        }
    }

    /// Exactly one worker with `entry: true`; when no worker is marked, exactly one plugin entry
    /// function. A worker's `entry: true` is a choice made in the project's own files, while a
    /// plugin's entry function is something a library offers (a plugin may ship toolsets and an
    /// entry, and a project may use only the toolsets).
    private static func chooseEntry(
        workers: [String: WorkerSpec], plugins: [LoadedPlugin], manifestPath: String,
        diagnostics: inout [ProjectDiagnostic]
    ) -> Entry? {
        var candidates: [(Entry, String)] = workers.values.filter(\.isEntry).sorted { $0.name < $1.name }
            .map { (.worker($0.name), "worker '\($0.name)' (\($0.file))") }
        if candidates.isEmpty {
            for plugin in plugins {
                for entry in plugin.entries { candidates.append((.code(entry), "entry function '\(entry.name)' (\(plugin.declaredPath))")) }
            }
        }
        if candidates.count == 1 { return candidates[0].0 }
        if candidates.isEmpty {
            let names = workers.keys.sorted().joined(separator: ", ")
            diagnostics.append(ProjectDiagnostic(
                file: manifestPath,
                message: "no entry: mark one worker with 'entry: true' or add a plugin with an entry function (workers: \(names.isEmpty ? "none" : names))"))
        } else {
            diagnostics.append(ProjectDiagnostic(
                file: manifestPath,
                message: "more than one entry; keep exactly one of: \(candidates.map(\.1).joined(separator: "; "))"))
        }
        return nil
    }
}

extension Program {
    /// Workers whose `model` no provider or registered model can resolve: a bare name that is
    /// neither `test` nor one of `registered` (the models an embedding program supplies), or a
    /// `provider:model` whose provider is neither built in, nor in the manifest's `providers`,
    /// nor one of `providers` (the embedding program's ``ModelFactory`` names); with
    /// `modelOverride` (`--model`), that string instead of every worker's. The CLI registers
    /// none, so it reports these when it loads a project; a library user checks against its own.
    public func unknownModelNames(
        registered: Set<String> = [], providers: Set<String> = [], modelOverride: String? = nil
    ) -> [ProjectDiagnostic] {
        let registry = ProviderRegistry(custom: manifest.providers, factoryNames: providers)
        if let modelOverride {
            guard let problem = registry.problem(with: modelOverride) else { return [] }
            return [ProjectDiagnostic(file: manifest.path, field: "--model", message: problem)]
        }
        return workers.values.sorted { $0.file < $1.file }.compactMap { worker in
            guard let model = worker.model, model != "test", !registered.contains(model) else { return nil }
            let problem =
                model.contains(":")
                ? registry.problem(with: model)
                : "unknown model '\(model)': use provider:model (anthropic:…, openai:…, ollama:…) or test"
            return problem.map { ProjectDiagnostic(file: worker.file, line: worker.fieldLines["model"], field: "model", message: $0) }
        }
    }
}

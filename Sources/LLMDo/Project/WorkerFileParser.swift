import Foundation
import Yams

/// Reads a `.worker` file: a YAML frontmatter block between `---` lines, then the prompt body.
///
/// Every problem is reported with the file, the line and the field; all of a file's problems
/// are reported together.
enum WorkerFileParser {
    /// Frontmatter fields and what each expects (for unknown-field suggestions).
    static let fields = [
        "name", "description", "entry", "model", "compatible_models", "toolsets", "tools", "server_side_tools",
        "input_schema", "output_schema", "model_settings", "prompt_template",
    ]

    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the name used in messages (relative to the project root when inside it).
    ///   - folder: the absolute folder the file is in; schema file references resolve against it.
    static func parse(text: String, file: String, folder: String = FileSystem.currentDirectory()) throws(ProjectError) -> WorkerSpec {
        let (frontmatter, body, bodyFound) = split(text)
        guard bodyFound, let frontmatter else {
            throw ProjectError(ProjectDiagnostic(
                file: file, line: 1,
                message: "missing YAML frontmatter: a .worker file starts with a '---' line, then fields such as 'name:', then a closing '---' line, then the prompt"))
        }
        if let line = YAMLAliasKeys.firstRiskyKeyLine(in: frontmatter) {
            throw ProjectError(ProjectDiagnostic(
                file: file, line: line + 1,
                message: "YAML aliases (*name) cannot be combined with complex mapping keys (? key, [..]: or *name: as a key); use plain keys"))
        }
        let node: Node?
        do {
            // The basic resolver tags nothing: the typed accessors below parse scalars themselves, and
            // the default one compiles ICU regular expressions (about 3 MB and a millisecond at start-up).
            node = try Yams.compose(yaml: frontmatter, .basic)
        } catch let error as YamlError {
            throw ProjectError(yamlDiagnostic(error, file: file))
        } catch {
            throw ProjectError(ProjectDiagnostic(file: file, line: 2, message: "invalid YAML frontmatter: \(error)"))
        }
        guard let node, case .mapping(let mapping) = node else {
            throw ProjectError(ProjectDiagnostic(file: file, line: 2, message: "the frontmatter must be a mapping of fields (name: …, model: …)"))
        }
        var reader = FieldReader(file: file, folder: folder)
        let spec = reader.spec(mapping, body: body)
        if !reader.diagnostics.isEmpty { throw ProjectError(reader.diagnostics) }
        return spec
    }

    /// Splits `---\nfrontmatter\n---\nbody`. Returns nil frontmatter when the file does not open with `---`.
    static func split(_ text: String) -> (frontmatter: String?, body: String, closed: Bool) {
        // "\r\n" is one Character in Swift, so a CRLF file has no "\n" Character to split on.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        guard let first = lines.first, first.trimmingWhitespace() == "---" else { return (nil, text, false) }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingWhitespace() == "---" }) else {
            return (nil, text, false)
        }
        let frontmatter = lines[1..<close].joined(separator: "\n")
        let body = lines[(close + 1)...].joined(separator: "\n")
        return (frontmatter, String(Substring(body).trimmingWhitespace()), true)
    }

    /// A YAML error, its line shifted past the opening `---`.
    static func yamlDiagnostic(_ error: YamlError, file: String) -> ProjectDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let what = context.map { "\($0.text) " } ?? ""
            return ProjectDiagnostic(file: file, line: mark.line + 1, message: "YAML syntax error: \(what)\(problem) (column \(mark.column))")
        default:
            return ProjectDiagnostic(file: file, line: 2, message: "YAML syntax error: \(error)")
        }
    }

    /// Reads fields off the frontmatter mapping, collecting diagnostics.
    private struct FieldReader {
        let file: String
        let folder: String
        var diagnostics: [ProjectDiagnostic] = []
        /// YAML nodes the whole file may still convert to JSON (``YAMLToJSON/maxNodes``).
        var nodeBudget = YAMLToJSON.maxNodes
        var nodeBudgetSpent = false

        mutating func fail(_ node: Node?, _ field: String, _ message: String) {
            diagnostics.append(ProjectDiagnostic(file: file, line: node?.mark.map { $0.line + 1 }, field: field, message: message))
        }

        mutating func spec(_ mapping: Node.Mapping, body: String) -> WorkerSpec {
            var spec = WorkerSpec(name: "", instructions: body, file: file)
            var nameNode: Node?
            var seen: Set<String> = []
            for (keyNode, value) in mapping {
                guard let key = keyNode.string else {
                    fail(keyNode, "", "field names must be strings")
                    continue
                }
                if !seen.insert(key).inserted { fail(keyNode, key, "field given twice") }
                spec.fieldLines[key] = keyNode.mark.map { $0.line + 1 }
                switch key {
                case "name":
                    nameNode = keyNode
                    spec.name = string(value, key) ?? ""
                case "description": spec.description = string(value, key)
                case "entry": spec.isEntry = bool(value, key) ?? false
                case "model": spec.model = model(value)
                case "compatible_models":
                    spec.compatibleModels = strings(value, key).map(\.name)
                    if spec.compatibleModels?.isEmpty == true {
                        fail(keyNode, key, "an empty list allows no model; write [\"*\"] for any model, or list globs such as \"anthropic:*\"")
                    }
                case "toolsets": spec.toolsetRefs = toolsets(value)
                case "server_side_tools": spec.serverSideTools = serverSideTools(value)
                case "tools": spec.toolPicks = toolPicks(value)
                case "input_schema":
                    let schema = schema(value, key)
                    spec.inputSchema = schema?.json
                    spec.compiledInputSchema = schema?.compiled
                case "schema_in_ref", "input_model_ref":
                    // llm-do's references to a Python (Pydantic) input model; a JSON Schema file is
                    // the one kind of reference llmdo can read.
                    guard case .scalar(let scalar) = value, scalar.string.hasSuffix(".json") else {
                        fail(keyNode, key, "llm-do's '\(key)' names a Python input model, which llmdo cannot load; write 'input_schema:' with an inline JSON Schema or the path of a .json schema file")
                        continue
                    }
                    let schema = schema(value, key)
                    spec.inputSchema = schema?.json
                    spec.compiledInputSchema = schema?.compiled
                case "output_schema":
                    let schema = schema(value, key)
                    spec.outputSchema = schema?.json
                    spec.compiledOutputSchema = schema?.compiled
                case "model_settings": spec.settings = settings(value)
                case "prompt_template": spec.promptTemplate = string(value, key)
                default:
                    fail(keyNode, key, "unknown field\(DidYouMean.hint(for: key, among: WorkerFileParser.fields))")
                }
            }
            if nameNode == nil {
                fail(nil, "name", "missing: every worker needs a name")
            } else if spec.name.isEmpty {
                fail(nameNode, "name", "must not be empty")
            } else if !Self.isValidName(spec.name) {
                fail(nameNode, "name", "'\(spec.name)' is not a valid name: use letters, digits, '_' and '-' (at most 64)")
            }
            if spec.model != nil, spec.compatibleModels != nil {
                fail(mapping.first { $0.key.string == "compatible_models" }?.key, "compatible_models", "cannot be combined with 'model': set one or the other")
            }
            let inputSchemaKeys = ["input_schema", "schema_in_ref", "input_model_ref"].filter { seen.contains($0) }
            if inputSchemaKeys.count > 1 {
                fail(nil, inputSchemaKeys[1], "the input schema is given twice (\(inputSchemaKeys.joined(separator: " and "))); keep 'input_schema'")
            }
            for pick in spec.toolPicks where spec.toolsetRefs.contains(where: { $0.name == pick.toolset }) {
                diagnostics.append(ProjectDiagnostic(
                    file: file, line: pick.line, field: "tools",
                    message: "'\(pick.toolset)' is listed whole under toolsets; pick single tools from it here, or list it there, not both"))
            }
            if spec.inputSchema == nil, spec.promptTemplate != nil {
                fail(mapping.first { $0.key.string == "prompt_template" }?.key, "prompt_template", "needs an 'input_schema': the template's {{fields}} come from it")
            }
            return spec
        }

        static func isValidName(_ name: String) -> Bool {
            name.utf8.count <= 64 && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "-") }
        }

        mutating func string(_ node: Node, _ field: String) -> String? {
            if case .scalar(let scalar) = node, scalar.style != .plain || node.null == nil { return scalar.string }
            fail(node, field, "expected a string")
            return nil
        }

        /// `provider:model` or a bare name: printable, and with a name after the provider.
        mutating func model(_ node: Node) -> String? {
            guard let model = string(node, "model") else { return nil }
            if let control = PrintableText.firstControlCharacter(in: model) {
                fail(node, "model", "\(model.debugDescription) contains the control character \(control); a model name is printable text")
                return nil
            }
            if model.isEmpty || model.hasSuffix(":") {
                fail(node, "model", "'\(model)' names no model; write provider:model (openai:gpt-4o-mini) or a bare name such as test")
                return nil
            }
            return model
        }

        mutating func bool(_ node: Node, _ field: String) -> Bool? {
            if case .scalar(let scalar) = node, scalar.style == .plain, let value = node.bool { return value }
            fail(node, field, "expected true or false")
            return nil
        }

        mutating func strings(_ node: Node, _ field: String) -> [NameRef] {
            guard case .sequence(let sequence) = node else {
                fail(node, field, "expected a list of strings")
                return []
            }
            var result: [NameRef] = []
            for item in sequence {
                if case .scalar(let scalar) = item, !scalar.string.isEmpty {
                    result.append(NameRef(name: scalar.string, line: item.mark.map { $0.line + 1 }))
                } else {
                    fail(item, field, "expected a non-empty string")
                }
            }
            return result
        }

        mutating func toolsets(_ node: Node) -> [NameRef] {
            var seen: Set<String> = []
            var result: [NameRef] = []
            for ref in strings(node, "toolsets") {
                if seen.insert(ref.name).inserted {
                    result.append(ref)
                } else {
                    diagnostics.append(ProjectDiagnostic(file: file, line: ref.line, field: "toolsets", message: "'\(ref.name)' is listed twice"))
                }
            }
            return result
        }

        mutating func serverSideTools(_ node: Node) -> [JSONValue] {
            guard case .sequence(let sequence) = node else {
                fail(node, "server_side_tools", "expected a list of tool settings, e.g. - type: web_search")
                return []
            }
            var result: [JSONValue] = []
            for item in sequence {
                guard var value = json(item, "server_side_tools") else { continue }
                // llm-do spells the key `tool_type`; llmdo's providers read `type`.
                if case .object(var object) = value, let toolType = object["tool_type"] {
                    if let type = object["type"], type != toolType {
                        fail(item, "server_side_tools", "'type' and 'tool_type' disagree (\(type.jsonText) and \(toolType.jsonText)); keep one")
                        continue
                    }
                    object["tool_type"] = nil
                    object["type"] = toolType
                    value = .object(object)
                }
                guard let type = value["type"]?.stringValue, !type.isEmpty else {
                    fail(item, "server_side_tools", "each entry needs a 'type' (or llm-do's 'tool_type'): web_search, web_fetch, code_execution")
                    continue
                }
                result.append(value)
            }
            return result
        }

        /// `tools: [toolset.tool, …]`: single tools picked from toolsets (llm-do's `tools:` field);
        /// the linker checks that each exists.
        mutating func toolPicks(_ node: Node) -> [ToolPick] {
            var result: [ToolPick] = []
            for ref in strings(node, "tools") {
                let parts = ref.name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    diagnostics.append(ProjectDiagnostic(
                        file: file, line: ref.line, field: "tools",
                        message: "'\(ref.name)' does not say which toolset: write TOOLSET.TOOL (e.g. calc_tools.factorial); `llmdo tools PROJECT` lists them"))
                    continue
                }
                let pick = ToolPick(toolset: String(parts[0]), tool: String(parts[1]), line: ref.line)
                if result.contains(where: { $0.toolset == pick.toolset && $0.tool == pick.tool }) {
                    diagnostics.append(ProjectDiagnostic(file: file, line: ref.line, field: "tools", message: "'\(ref.name)' is listed twice"))
                } else {
                    result.append(pick)
                }
            }
            return result
        }

        /// An inline schema (a mapping) or the path of a `.json` file, relative to the worker file.
        mutating func schema(_ node: Node, _ field: String) -> CompiledSchema? {
            let json: JSONValue
            switch node {
            case .mapping:
                guard let converted = self.json(node, field) else { return nil }
                json = converted
            case .scalar(let scalar):
                let path = FileSystem.absolute(scalar.string, relativeTo: folder)
                guard let data = FileManager.default.contents(atPath: path) else {
                    fail(node, field, "schema file '\(scalar.string)' not found (\(path))")
                    return nil
                }
                do {
                    json = try JSONValue(parsing: [UInt8](data))
                } catch {
                    fail(node, field, "schema file '\(scalar.string)' is not valid JSON: \(error)")
                    return nil
                }
            default:
                fail(node, field, "expected a JSON Schema (a mapping) or the path of a .json schema file")
                return nil
            }
            do {
                let compiled = try JSONSchema(json)
                if json["type"]?.stringValue != "object" {
                    fail(node, field, "must describe an object (\"type\": \"object\"), found type \(json["type"]?.jsonText ?? "unset")")
                }
                return CompiledSchema(json: json, compiled: compiled)
            } catch {
                fail(node, field, "invalid JSON Schema: \(error)")
                return nil
            }
        }

        /// `node` as JSON, within the file's node budget (aliases expand: a "billion laughs" of
        /// nested aliases is refused here, before it is expanded, with the field's line).
        mutating func json(_ node: Node, _ field: String) -> JSONValue? {
            do {
                return try YAMLToJSON.convert(node, budget: &nodeBudget)
            } catch {
                // Once the budget is spent every later field fails too; name only the first.
                if !nodeBudgetSpent { fail(node, field, "\(error)") }
                nodeBudgetSpent = true
                return nil
            }
        }

        mutating func settings(_ node: Node) -> ModelSettings {
            guard case .mapping(let mapping) = node else {
                fail(node, "model_settings", "expected a mapping such as {temperature: 0.2, max_tokens: 1024}")
                return ModelSettings()
            }
            var settings = ModelSettings()
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                let field = "model_settings.\(key)"
                switch key {
                case "temperature", "top_p":
                    guard case .scalar = value, let number = value.float, value.bool == nil else {
                        fail(value, field, "expected a number")
                        continue
                    }
                    if key == "temperature" { settings.temperature = number } else { settings.topP = number }
                case "max_tokens", "max_tool_rounds":
                    guard let number = value.int, number > 0 else {
                        fail(value, field, "expected a positive integer")
                        continue
                    }
                    if key == "max_tokens" { settings.maxTokens = number } else { settings.maxToolRounds = number }
                case "stop_sequences":
                    settings.stopSequences = strings(value, field).map(\.name)
                default:
                    if let json = json(value, field) { settings.extra[key] = json }
                }
            }
            return settings
        }
    }
}

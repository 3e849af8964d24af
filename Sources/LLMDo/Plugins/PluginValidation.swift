import LLMDoToolABI

/// Reads a plugin's C descriptor into toolsets and entries, checking everything before any
/// tool is offered: struct sizes, names (present, valid, unique), schemas (valid JSON Schema
/// of type object) and the agreement of each C parameter list with its schema.
///
/// Every problem is collected (not just the first), each naming the file, toolset and function.
struct PluginValidation {
    let file: String
    let generation: PluginGeneration
    private(set) var diagnostics: [ProjectDiagnostic] = []
    private var functionNames: Set<String> = []

    init(file: String, generation: PluginGeneration) {
        self.file = file
        self.generation = generation
    }

    /// The ABI check, done before anything else is read: the descriptor's major version and
    /// `struct_size`, then the descriptor itself (see ``DescriptorLayout``).
    static func readDescriptor(_ descriptor: UnsafePointer<llmdo_plugin>, file: String) -> Result<llmdo_plugin, ProjectError> {
        let raw = UnsafeRawPointer(descriptor)
        let size = DescriptorLayout.declaredSize(at: raw)
        // struct_size and abi_major are the first 8 bytes of every version's llmdo_plugin.
        guard size >= 8 else {
            return .failure(ProjectError(ProjectDiagnostic(file: file, message: "the plugin descriptor's struct_size (\(size)) is too small to be an llmdo_plugin")))
        }
        let major = raw.load(fromByteOffset: 4, as: UInt32.self)
        guard major == LLMDO_ABI_MAJOR else {
            return .failure(
                ProjectError(
                    ProjectDiagnostic(
                        file: file,
                        message: "plugin was built for LLMDoToolABI \(major).x, but this llmdo supports \(LLMDO_ABI_MAJOR).x; rebuild it against this llmdo's llmdo_tool.h")))
        }
        if let problem = DescriptorLayout.problem(size: size, kind: DescriptorLayout.plugin) {
            return .failure(ProjectError(ProjectDiagnostic(file: file, message: problem)))
        }
        return .success(DescriptorLayout.read(raw, size: size, as: llmdo_plugin.self))
    }

    /// Reads every toolset; invalid ones are reported and left out.
    mutating func toolsets() -> [PluginToolset] {
        let plugin = generation.plugin
        var names: Set<String> = []
        var result: [PluginToolset] = []
        for value in elements(plugin.toolsets, count: plugin.toolset_count, field: "toolsets", kind: DescriptorLayout.toolset) {
            let location = "toolsets[\(result.count)]"
            guard let name = name(value.name, what: "toolset", at: location) else { continue }
            let field = "toolset '\(name)'"
            if !names.insert(name).inserted { report(field, "duplicate toolset name '\(name)'") }
            guard let description = value.description.map({ String(cString: $0) }) else {
                report(field, "description is NULL")
                continue
            }
            let functions = elements(
                value.functions, count: value.function_count, field: "\(field) functions", kind: DescriptorLayout.function
            ).compactMap { self.function($0, toolset: name) }
            result.append(
                PluginToolset(
                    name: name, version: value.version.map { String(cString: $0) }, description: description,
                    functions: functions, createInstance: value.create_instance, destroyInstance: value.destroy_instance,
                    generation: generation))
        }
        return result
    }

    /// Reads every code entry.
    mutating func entries() -> [PluginCodeEntry] {
        let plugin = generation.plugin
        var names: Set<String> = []
        var result: [PluginCodeEntry] = []
        for value in elements(plugin.entries, count: plugin.entry_count, field: "entries", kind: DescriptorLayout.codeEntry) {
            guard let name = name(value.name, what: "entry", at: "entries[\(result.count)]") else { continue }
            let field = "entry '\(name)'"
            if !names.insert(name).inserted { report(field, "duplicate entry name '\(name)'") }
            guard let description = value.description.map({ String(cString: $0) }) else {
                report(field, "description is NULL")
                continue
            }
            guard let run = value.run else {
                report(field, "run is NULL")
                continue
            }
            result.append(PluginCodeEntry(name: name, description: description, body: run, generation: generation))
        }
        return result
    }

    private mutating func function(_ value: llmdo_function, toolset: String) -> PluginFunction? {
        guard let name = name(value.name, what: "function", at: "toolset '\(toolset)' function") else { return nil }
        let field = "toolset '\(toolset)' function '\(name)'"
        var problems: [String] = []
        func problem(_ message: String) { problems.append(message) }
        defer { for message in problems { report(field, message) } }
        if !functionNames.insert(name).inserted { problem("duplicate function name '\(name)' (function names are unique across a plugin)") }
        let description = value.description.map { String(cString: $0) }
        if description == nil { problem("description is NULL") }
        let result = PluginFunction.ResultType(rawValue: value.result_type)
        if result == nil { problem("result_type \(value.result_type) is not an LLMDO_R_* value") }
        let approval: ApprovalRequirement?
        switch value.approval {
        case UInt32(LLMDO_APPROVAL_PRE_APPROVED): approval = .preApproved
        case UInt32(LLMDO_APPROVAL_ALWAYS): approval = .always
        case UInt32(LLMDO_APPROVAL_PER_CALL):
            approval = .perCall
            if value.needs_approval == nil { problem("approval is LLMDO_APPROVAL_PER_CALL but needs_approval is NULL") }
        default:
            approval = nil
            problem("approval \(value.approval) is not an LLMDO_APPROVAL_* value")
        }
        if value.fn == nil { problem("fn is NULL") }
        let takesContext = value.flags & LLMDO_FN_TAKES_CTX != 0
        if result == .json || result == .text, !takesContext {
            problem("a function returning a status (LLMDO_R_JSON/LLMDO_R_TEXT) must take a ctx (LLMDO_FN_TAKES_CTX) to set its result")
        }
        let parameters = Self.parameters(value, problem: problem)
        guard let schemaText = value.parameters_schema.map({ String(cString: $0) }) else {
            problem("parameters_schema is NULL")
            return nil
        }
        let schema = Self.checkSchema(schemaText, parameters: parameters, problem: problem)
        guard problems.isEmpty, let description, let result, let approval, let pointer = value.fn, let schema, let parameters else { return nil }
        guard let signature = PluginFunction.signature(parameters: parameters, result: result, takesContext: takesContext) else {
            report(field, "libffi could not prepare a call for this signature")
            return nil
        }
        return PluginFunction(
            definition: ToolDefinition(
                name: name, description: description, parametersSchema: schema, approval: approval,
                idempotent: value.flags & LLMDO_FN_IDEMPOTENT != 0),
            parameters: parameters, result: result, takesContext: takesContext,
            threadSafe: value.flags & LLMDO_FN_THREAD_SAFE != 0, needsApproval: value.needs_approval, pointer: pointer,
            signature: signature, generation: generation)
    }

    private static func parameters(_ value: llmdo_function, problem: (String) -> Void) -> [PluginFunction.Parameter]? {
        guard value.param_count > 0 else { return [] }
        guard let params = value.params else {
            problem("param_count is \(value.param_count) but params is NULL")
            return nil
        }
        var result: [PluginFunction.Parameter] = []
        for index in 0..<Int(value.param_count) {
            let param = params[index]
            guard let name = param.name.map({ String(cString: $0) }) else {
                problem("params[\(index)].name is NULL")
                return nil
            }
            guard let type = PluginFunction.ParameterType(rawValue: param.type) else {
                problem("parameter '\(name)' has type \(param.type), which is not an LLMDO_T_* value")
                return nil
            }
            result.append(PluginFunction.Parameter(name: name, type: type))
        }
        return result
    }

    /// Parses and checks a schema against the C parameters; returns the schema when valid.
    private static func checkSchema(_ text: String, parameters: [PluginFunction.Parameter]?, problem: (String) -> Void) -> JSONValue? {
        let schema: JSONValue
        do {
            schema = try JSONValue(parsing: text)
            _ = try JSONSchema(schema)
        } catch {
            problem("parameters_schema is not a valid JSON Schema: \(error)")
            return nil
        }
        guard schema["type"]?.stringValue == "object" else {
            problem(#"parameters_schema must be a JSON Schema with "type": "object""#)
            return nil
        }
        guard let parameters else { return schema }
        let properties = schema["properties"]?.objectValue ?? JSONObject()
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let names = parameters.map(\.name)
        for name in names where properties[name] == nil { problem("parameter '\(name)' is not a property of parameters_schema") }
        for name in properties.keys where !names.contains(name) { problem("schema property '\(name)' has no C parameter") }
        let shared = properties.keys.filter { names.contains($0) }
        if shared != names.filter({ properties[$0] != nil }) {
            problem("C parameters (\(names.joined(separator: ", "))) are not in the schema's property order (\(properties.keys.joined(separator: ", ")))")
        }
        for parameter in parameters {
            guard let property = properties[parameter.name] else { continue }
            if let expected = schemaTypes(for: parameter.type), !expected.contains(property["type"]?.stringValue ?? "") {
                problem("parameter '\(parameter.name)' is \(parameter.type.label) in C but its schema type is \(property["type"]?.jsonText ?? "missing"); expected \(expected.map { "\"\($0)\"" }.joined(separator: " or "))")
                continue
            }
            guard !required.contains(parameter.name) else { continue }
            switch parameter.type {
            case .bool, .int64, .double:
                guard let value = property["default"] else {
                    problem("optional parameter '\(parameter.name)' (\(parameter.type.label)) needs a schema \"default\"; only string and json parameters may be absent (NULL)")
                    continue
                }
                if !fits(value, parameter.type) { problem("the default of '\(parameter.name)' (\(value.jsonText)) is not a \(parameter.type.label)") }
            case .string:
                if let value = property["default"], value.stringValue == nil {
                    problem("the default of '\(parameter.name)' (\(value.jsonText)) is not a string")
                }
            case .json: break
            }
        }
        return schema
    }

    /// The schema `type`s a C parameter type accepts (`nil`: any).
    private static func schemaTypes(for type: PluginFunction.ParameterType) -> [String]? {
        switch type {
        case .bool: return ["boolean"]
        case .int64: return ["integer"]
        case .double: return ["number", "integer"]
        case .string: return ["string"]
        case .json: return nil
        }
    }

    private static func fits(_ value: JSONValue, _ type: PluginFunction.ParameterType) -> Bool {
        switch type {
        case .bool: return value.boolValue != nil
        case .int64: return value.int64Value != nil
        case .double: return value.doubleValue != nil
        case .string: return value.stringValue != nil
        case .json: return true
        }
    }

    /// A descriptor name, checked: present and matching `^[a-zA-Z0-9_-]{1,64}$`.
    private mutating func name(_ pointer: UnsafePointer<CChar>?, what: String, at location: String) -> String? {
        guard let pointer else {
            report(location, "\(what) name is NULL")
            return nil
        }
        let name = String(cString: pointer)
        guard Self.isValidName(name) else {
            report(location, "\(what) name '\(name)' must match ^[a-zA-Z0-9_-]{1,64}$")
            return nil
        }
        return name
    }

    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    return true
                default: return false
                }
            }
    }

    /// The elements of a descriptor array, read with the plugin's own `struct_size` as the
    /// stride (a plugin built against a later 1.x header has bigger elements). The first
    /// element's size is checked before the second is looked for, and every element must
    /// declare the same size.
    private mutating func elements<T>(_ base: UnsafePointer<T>?, count: UInt32, field: String, kind: DescriptorLayout.Kind) -> [T] {
        guard count > 0 else { return [] }
        guard let base else {
            report(field, "count is \(count) but the array is NULL")
            return []
        }
        let first = UnsafeRawPointer(base)
        let stride = DescriptorLayout.declaredSize(at: first)
        if let problem = DescriptorLayout.problem(size: stride, kind: kind) {
            report("\(field)[0]", problem)
            return []
        }
        var result: [T] = []
        for index in 0..<Int(count) {
            let element = first + index * stride
            let size = DescriptorLayout.declaredSize(at: element)
            guard size == stride else {
                report(
                    "\(field)[\(index)]",
                    "\(kind.name).struct_size is \(size), but element 0's is \(stride); every element of an array must have the same struct_size (sizeof(\(kind.name)))")
                return []
            }
            result.append(DescriptorLayout.read(element, size: size, as: T.self))
        }
        return result
    }

    private mutating func report(_ field: String, _ message: String) {
        diagnostics.append(ProjectDiagnostic(file: file, field: field, message: message))
    }
}

import LLMDoToolABI

/// One plugin function, validated and prepared at load: its tool definition, C parameter
/// list, result type, and the libffi signature it is called through.
package final class PluginFunction: Sendable {
    /// C parameter types; raw values are the ABI's `LLMDO_T_*`.
    enum ParameterType: UInt32, Sendable {
        case bool = 1, int64, double, string, json

        var label: String {
            switch self {
            case .bool: return "bool"
            case .int64: return "int64"
            case .double: return "double"
            case .string: return "string"
            case .json: return "json"
            }
        }
    }

    /// Result types; raw values are the ABI's `LLMDO_R_*`.
    enum ResultType: UInt32, Sendable {
        case json = 0, text, int64, double, bool

        var label: String {
            switch self {
            case .json: return "status+json"
            case .text: return "status+text"
            case .int64: return "int64"
            case .double: return "double"
            case .bool: return "bool"
            }
        }
    }

    struct Parameter: Sendable {
        var name: String
        var type: ParameterType
    }

    package let definition: ToolDefinition
    let parameters: [Parameter]
    let result: ResultType
    let takesContext: Bool
    let threadSafe: Bool
    /// Serializes calls of a function that is not thread-safe.
    let gate: SerialGate?
    let needsApproval: llmdo_needs_approval_fn?
    let generation: PluginGeneration
    package let pointer: @convention(c) () -> Void
    package let signature: FFISignature

    init(
        definition: ToolDefinition, parameters: [Parameter], result: ResultType, takesContext: Bool,
        threadSafe: Bool, needsApproval: llmdo_needs_approval_fn?, pointer: @escaping @convention(c) () -> Void,
        signature: FFISignature, generation: PluginGeneration
    ) {
        self.definition = definition
        self.parameters = parameters
        self.result = result
        self.takesContext = takesContext
        self.threadSafe = threadSafe
        self.gate = threadSafe ? nil : SerialGate()
        self.needsApproval = needsApproval
        self.pointer = pointer
        self.signature = signature
        self.generation = generation
    }

    /// The libffi signature for a parameter list and result type.
    static func signature(parameters: [Parameter], result: ResultType, takesContext: Bool) -> FFISignature? {
        var arguments: [FFISignature.CType] = takesContext ? [.pointer] : []
        for parameter in parameters {
            switch parameter.type {
            case .bool: arguments.append(.int32)
            case .int64: arguments.append(.int64)
            case .double: arguments.append(.double)
            case .string, .json: arguments.append(.pointer)
            }
        }
        let returns: FFISignature.CType
        switch result {
        case .json, .text, .bool: returns = .int32
        case .int64: returns = .int64
        case .double: returns = .double
        }
        return FFISignature(returning: returns, arguments: arguments)
    }

    /// Calls the function on the current thread (a plugin thread) with arguments already
    /// validated against its schema, defaults filled in.
    package func invoke(_ arguments: JSONValue, call: PluginCall) -> Result<ToolOutput, ToolError> {
        let count = max(1, signature.argumentCount)
        // The per-call argument arena, on the stack: one 8-byte slot per C argument, and
        // libffi's vector of pointers to them. Both outlive ffi_call, which is all they need.
        return withUnsafeTemporaryAllocation(byteCount: count * 8, alignment: 8) { slots in
            withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer?.self, capacity: count) { values in
                // Temporary allocations of a nonzero size always have a base address.
                guard let slots = slots.baseAddress, let values = values.baseAddress else {
                    return .failure(.failed("tool '\(definition.name)' could not allocate its arguments"))
                }
                return invoke(arguments, call: call, slots: slots, values: values)
            }
        }
    }

    private func invoke(
        _ arguments: JSONValue, call: PluginCall, slots: UnsafeMutableRawPointer,
        values: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    ) -> Result<ToolOutput, ToolError> {
        var index = 0
        if takesContext {
            slots.storeBytes(of: UnsafeRawPointer(call.context), as: UnsafeRawPointer.self)
            values[0] = slots
            index = 1
        }
        let members = arguments.objectValue ?? JSONObject()
        for parameter in parameters {
            let slot = slots + index * 8
            if let problem = Self.store(members[parameter.name], as: parameter, into: slot, call: call) {
                return .failure(.retry(problem))
            }
            values[index] = slot
            index += 1
        }
        call.gate?.acquire()
        var raw: UInt64 = 0
        signature.call(pointer, arguments: values, result: &raw)
        call.gate?.release()
        return output(raw: raw, report: call.report)
    }

    /// Writes one argument into its slot; returns a message for the model when it cannot.
    /// The argument edge cases are listed in docs/plugin-abi.md: schema validation has already
    /// refused `null` for typed parameters; here a whole number outside int64 is out of range
    /// and a string containing U+0000 is refused (a C string would end there).
    private static func store(_ value: JSONValue?, as parameter: Parameter, into slot: UnsafeMutableRawPointer, call: PluginCall)
        -> String?
    {
        switch parameter.type {
        case .bool:
            guard let flag = value?.boolValue else { return mismatch(parameter, "a boolean", value) }
            slot.storeBytes(of: Int32(flag ? 1 : 0), as: Int32.self)
        case .int64:
            guard let number = value?.int64Value else {
                if case .double(let whole)? = value, whole.isFinite, whole.rounded() == whole {
                    return "argument '\(parameter.name)' is \(JSONValue.double(whole).jsonText), out of range for int64 (\(Int64.min)…\(Int64.max))"
                }
                return mismatch(parameter, "an integer", value)
            }
            slot.storeBytes(of: number, as: Int64.self)
        case .double:
            guard let number = value?.doubleValue else { return mismatch(parameter, "a number", value) }
            slot.storeBytes(of: number, as: Double.self)
        case .string:
            var pointer: UnsafeRawPointer?
            if let value, !value.isNull {
                guard let text = value.stringValue else { return mismatch(parameter, "a string", value) }
                guard !text.utf8.contains(0) else {
                    return "argument '\(parameter.name)' contains a NUL character (U+0000), which the tool cannot receive; send the text without it"
                }
                pointer = UnsafeRawPointer(call.lend(text))
            }
            slot.storeBytes(of: pointer, as: UnsafeRawPointer?.self)
        case .json:
            let pointer = value.map { UnsafeRawPointer(call.lend($0.jsonText)) }
            slot.storeBytes(of: pointer, as: UnsafeRawPointer?.self)
        }
        return nil
    }

    private static func mismatch(_ parameter: Parameter, _ expected: String, _ value: JSONValue?) -> String {
        "argument '\(parameter.name)' must be \(expected)\(value?.isNull == true ? " (got null)" : "")"
    }

    /// Turns the raw return value and what the plugin reported into the tool's output.
    private func output(raw: UInt64, report: PluginCall.Report) -> Result<ToolOutput, ToolError> {
        let name = definition.name
        if let failure = report.failure { return .failure(failure) }
        switch result {
        case .json, .text:
            // An int32 status, widened by libffi to a full register.
            let status = Int32(truncatingIfNeeded: raw)
            guard status == LLMDO_OK else {
                return .failure(PluginErrors.failure(status: status, reported: nil, function: name))
            }
            guard result == .json else { return .success(.text(report.result ?? "")) }
            guard let text = report.result else { return .success(.json(.null)) }
            do {
                return .success(.json(try JSONValue(parsing: text)))
            } catch {
                return .failure(.failed("tool '\(name)' returned invalid JSON (\(error)): \(text.prefix(200))"))
            }
        case .int64:
            return .success(.json(.int(Int64(bitPattern: raw))))
        case .double:
            let number = Double(bitPattern: raw)
            guard number.isFinite else { return .failure(.failed("tool '\(name)' returned \(number), which is not a JSON number")) }
            return .success(.json(.double(number)))
        case .bool:
            return .success(.json(.bool(Int32(truncatingIfNeeded: raw) != 0)))
        }
    }
}

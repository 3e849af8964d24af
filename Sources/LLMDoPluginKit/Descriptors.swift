public import LLMDoToolABI

/// A parameter of a plugin function. The kit builds both the function's JSON Schema and its C
/// parameter list from these, so the two always agree.
public struct Parameter: Sendable {
    let name: String
    let type: UInt32
    let schema: String
    let required: Bool

    /// An `int64_t` parameter (schema `integer`); optional when it has a default.
    public static func int(_ name: String, _ description: String, default value: Int64? = nil) -> Parameter {
        Parameter(name, LLMDO_T_I64, type: "integer", description, value.map { "\($0)" })
    }

    /// A `double` parameter (schema `number`); optional when it has a default.
    public static func number(_ name: String, _ description: String, default value: Double? = nil) -> Parameter {
        Parameter(name, LLMDO_T_F64, type: "number", description, value.map { "\($0)" })
    }

    /// An `llmdo_bool` parameter (schema `boolean`); optional when it has a default.
    public static func bool(_ name: String, _ description: String, default value: Bool? = nil) -> Parameter {
        Parameter(name, LLMDO_T_BOOL, type: "boolean", description, value.map { "\($0)" })
    }

    /// A UTF-8 string parameter. With a default it is optional (the host fills the default);
    /// with `required: false` and no default the function receives NULL when it is absent.
    public static func string(_ name: String, _ description: String, default value: String? = nil, required: Bool = true)
        -> Parameter
    {
        var parameter = Parameter(name, LLMDO_T_STR, type: "string", description, value.map(JSONText.string))
        if value == nil, !required { parameter = Parameter(copying: parameter, required: false) }
        return parameter
    }

    private init(_ name: String, _ type: Int32, type schemaType: String, _ description: String, _ defaultJSON: String?) {
        self.name = name
        self.type = UInt32(type)
        var members = [#""type":"\#(schemaType)""#, #""description":\#(JSONText.string(description))"#]
        if let defaultJSON { members.append(#""default":\#(defaultJSON)"#) }
        self.schema = "{" + members.joined(separator: ",") + "}"
        self.required = defaultJSON == nil
    }

    private init(copying other: Parameter, required: Bool) {
        name = other.name
        type = other.type
        schema = other.schema
        self.required = required
    }
}

/// What a plugin function returns.
public enum Returns: Sendable {
    /// `int32_t` status; the result is JSON text given to `set_result`.
    case json
    /// `int32_t` status; the result is plain text given to `set_result`.
    case text
    /// The function returns an `Int64` / `Double` / `llmdo_bool` itself.
    case int64, double, bool

    var raw: UInt32 {
        switch self {
        case .json: return UInt32(LLMDO_R_JSON)
        case .text: return UInt32(LLMDO_R_TEXT)
        case .int64: return UInt32(LLMDO_R_I64)
        case .double: return UInt32(LLMDO_R_F64)
        case .bool: return UInt32(LLMDO_R_BOOL)
        }
    }
}

/// Whether calls need the operator's consent.
public enum Approval: Sendable {
    case preApproved
    case always
    /// Decided per call by the callback (see `llmdo_needs_approval_fn`).
    case perCall(llmdo_needs_approval_fn)
}

/// One tool function: a `@convention(c)` implementation plus what the model sees.
///
/// ```swift
/// let add: @convention(c) (Int64, Int64) -> Int64 = { $0 + $1 }
/// Function("add", "Adds two integers.", parameters: [.int("a", "First"), .int("b", "Second")], returns: .int64, add)
/// ```
public struct Function: @unchecked Sendable {
    let name: String
    let description: String
    let parameters: [Parameter]
    let returns: Returns
    let flags: UInt32
    let approval: Approval
    let pointer: @convention(c) () -> Void

    /// - Parameters:
    ///   - takesContext: the implementation's first parameter is `UnsafePointer<llmdo_ctx>?`.
    ///   - threadSafe: calls may run concurrently (otherwise the host serializes them).
    ///   - idempotent: running a call twice has the effect of running it once, so a resumed run
    ///     may run it again (`LLMDO_FN_IDEMPOTENT`).
    ///   - implementation: a `@convention(c)` function whose parameters follow `parameters`
    ///     (Int64, Double, Int32 for bool, `UnsafePointer<CChar>?` for strings).
    public init<Implementation>(
        _ name: String, _ description: String, parameters: [Parameter] = [], returns: Returns,
        takesContext: Bool = false, threadSafe: Bool = true, idempotent: Bool = false, approval: Approval = .preApproved,
        _ implementation: Implementation
    ) {
        // A @convention(c) function is one pointer; a Swift closure is two words.
        precondition(
            MemoryLayout<Implementation>.size == MemoryLayout<UnsafeRawPointer>.size,
            "the implementation of '\(name)' must be a @convention(c) function")
        self.name = name
        self.description = description
        self.parameters = parameters
        self.returns = returns
        self.flags =
            (takesContext ? UInt32(LLMDO_FN_TAKES_CTX) : 0) | (threadSafe ? UInt32(LLMDO_FN_THREAD_SAFE) : 0)
            | (idempotent ? UInt32(LLMDO_FN_IDEMPOTENT) : 0)
        self.approval = approval
        self.pointer = unsafeBitCast(implementation, to: (@convention(c) () -> Void).self)
    }

    /// The argument object's JSON Schema, properties in parameter order.
    var schema: String {
        let properties = parameters.map { "\(JSONText.string($0.name)):\($0.schema)" }.joined(separator: ",")
        let required = parameters.filter(\.required).map { JSONText.string($0.name) }.joined(separator: ",")
        return #"{"type":"object","properties":{\#(properties)},"required":[\#(required)],"additionalProperties":false}"#
    }
}

/// A named group of functions, with optional per-call instance callbacks.
public struct Toolset: @unchecked Sendable {
    let name: String
    let version: String
    let description: String
    let functions: [Function]
    let createInstance: (@convention(c) (UnsafePointer<llmdo_ctx>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32)?
    let destroyInstance: (@convention(c) (UnsafeMutableRawPointer?) -> Void)?

    public init(
        _ name: String, version: String, _ description: String, functions: [Function],
        createInstance: (@convention(c) (UnsafePointer<llmdo_ctx>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32)? = nil,
        destroyInstance: (@convention(c) (UnsafeMutableRawPointer?) -> Void)? = nil
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.functions = functions
        self.createInstance = createInstance
        self.destroyInstance = destroyInstance
    }
}

/// A code entry: trusted orchestration code run as a program's entry.
public struct CodeEntry: @unchecked Sendable {
    let name: String
    let description: String
    let run: @convention(c) (UnsafePointer<llmdo_ctx>?, UnsafePointer<CChar>?) -> Int32

    public init(_ name: String, _ description: String, run: @convention(c) (UnsafePointer<llmdo_ctx>?, UnsafePointer<CChar>?) -> Int32) {
        self.name = name
        self.description = description
        self.run = run
    }
}

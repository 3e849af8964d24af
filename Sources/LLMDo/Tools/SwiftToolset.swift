/// A tool written as a Swift closure, for a ``SwiftToolset``.
public struct SwiftTool: Sendable {
    /// What the model is offered.
    public let definition: ToolDefinition
    let body: @Sendable (JSONValue, ToolInvocation) async throws -> ToolOutput

    /// - Parameters:
    ///   - name: the tool's name as the model calls it.
    ///   - description: what the model reads to decide when to call it.
    ///   - parameters: JSON Schema of the argument object; arguments are validated against it
    ///     before `body` runs (a mismatch goes back to the model as a retry prompt).
    ///   - requiresApproval: whether each call needs the operator's consent (the approval mode
    ///     and the manifest's overrides apply as for any tool).
    ///   - body: runs the tool with the validated arguments. Throw ``ToolError`` for a failure
    ///     the model should read; any other error becomes a generic tool failure.
    public init(
        name: String, description: String, parameters: JSONValue, requiresApproval: Bool = false,
        body: @escaping @Sendable (_ arguments: JSONValue, _ invocation: ToolInvocation) async throws -> ToolOutput
    ) {
        self.definition = ToolDefinition(
            name: name, description: description, parametersSchema: parameters, approval: requiresApproval ? .always : .preApproved)
        self.body = body
    }
}

/// A toolset of Swift closures: how an embedding program (or a test) gives workers tools
/// without writing a plugin. Offer it through a ``ToolsetSource`` such as ``ToolsetList``.
public struct SwiftToolset: Toolset {
    public let name: String
    public let tools: [ToolDefinition]
    private let bodies: [String: @Sendable (JSONValue, ToolInvocation) async throws -> ToolOutput]

    /// - Parameters:
    ///   - name: the name workers list in `toolsets:`.
    ///   - tools: the tools; a name used twice keeps the first.
    public init(name: String, tools: [SwiftTool]) {
        self.name = name
        var definitions: [ToolDefinition] = []
        var bodies: [String: @Sendable (JSONValue, ToolInvocation) async throws -> ToolOutput] = [:]
        for tool in tools where bodies[tool.definition.name] == nil {
            definitions.append(tool.definition)
            bodies[tool.definition.name] = tool.body
        }
        self.tools = definitions
        self.bodies = bodies
    }

    public func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance { Instance(bodies: bodies) }

    /// The closures are stateless from the runtime's view: one instance per worker call.
    private struct Instance: ToolsetInstance {
        let bodies: [String: @Sendable (JSONValue, ToolInvocation) async throws -> ToolOutput]

        func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
            guard let body = bodies[tool] else { throw ToolError.failed("unknown tool '\(tool)'") }
            return try await body(arguments, invocation)
        }
    }
}

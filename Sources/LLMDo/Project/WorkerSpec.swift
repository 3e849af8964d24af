/// A parsed `.worker` file: frontmatter fields plus the prompt body.
public struct WorkerSpec: Sendable {
    /// The worker's name (`name:`), unique in the program.
    public var name: String
    /// What it does (`description:`); the model that may call it reads this.
    public var description: String?
    /// Whether it is the program's entry (`entry: true`).
    public var isEntry: Bool
    /// `provider:model` from the frontmatter, if set.
    public var model: String?
    /// Globs a model must match (`anthropic:*`), if set. Exclusive with `model`.
    public var compatibleModels: [String]?
    /// Names listed under `toolsets:`, in order, with the line each is on.
    public var toolsetRefs: [NameRef]
    /// `tools:`: single tools picked from toolsets, in order (a toolset here is not also in
    /// ``toolsetRefs``; the worker is offered only the picked tools of it).
    public var toolPicks: [ToolPick] = []
    /// `server_side_tools`, as written (llm-do's `tool_type` key read as `type`).
    public var serverSideTools: [JSONValue]
    /// JSON Schema of the input; `nil` means the default (`input` text + `attachments`).
    public var inputSchema: JSONValue? { didSet { compiledInputSchema = nil } }
    /// JSON Schema the final answer must satisfy, if any.
    public var outputSchema: JSONValue? { didSet { compiledOutputSchema = nil } }
    /// ``effectiveInputSchema`` compiled, once: by the parser or the linker (nil until then, and
    /// again after ``inputSchema`` changes).
    var compiledInputSchema: JSONSchema?
    /// ``outputSchema`` compiled, once, like ``compiledInputSchema``.
    var compiledOutputSchema: JSONSchema?
    /// `model_settings`.
    public var settings: ModelSettings
    /// Template for rendering a custom input into the user prompt (`{{field}}` placeholders).
    public var promptTemplate: String?
    /// The instructions (the file's body after the frontmatter).
    public var instructions: String
    /// The file it came from.
    public var file: String
    /// The line of each frontmatter field, for messages about it.
    package var fieldLines: [String: Int] = [:]

    /// A worker as parsed from a `.worker` file.
    public init(
        name: String, description: String? = nil, isEntry: Bool = false, model: String? = nil,
        compatibleModels: [String]? = nil, toolsetRefs: [NameRef] = [], serverSideTools: [JSONValue] = [],
        inputSchema: JSONValue? = nil, outputSchema: JSONValue? = nil, settings: ModelSettings = ModelSettings(),
        promptTemplate: String? = nil, instructions: String, file: String
    ) {
        self.name = name
        self.description = description
        self.isEntry = isEntry
        self.model = model
        self.compatibleModels = compatibleModels
        self.toolsetRefs = toolsetRefs
        self.serverSideTools = serverSideTools
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
        self.settings = settings
        self.promptTemplate = promptTemplate
        self.instructions = instructions
        self.file = file
    }

    /// The schema other workers see when they call this one as a tool.
    package var effectiveInputSchema: JSONValue {
        inputSchema ?? WorkerSpec.defaultInputSchema
    }

    /// `{input: string, attachments?: [string]}`.
    package static let defaultInputSchema: JSONValue = [
        "type": "object",
        "properties": [
            "input": ["type": "string", "description": "The request for this worker."],
            "attachments": [
                "type": "array", "items": ["type": "string"], "default": [],
                "description": "Paths of files to attach (PDF, images, text), relative to the project root.",
            ],
        ],
        "required": ["input"],
        "additionalProperties": false,
    ]
}

/// One `tools:` entry, `toolset.tool`, with the line it is on.
public struct ToolPick: Sendable, Hashable {
    public var toolset: String
    public var tool: String
    public var line: Int?
    public init(toolset: String, tool: String, line: Int?) {
        self.toolset = toolset
        self.tool = tool
        self.line = line
    }
}

/// A name written in a file, with where it was written.
public struct NameRef: Sendable, Hashable {
    /// The name.
    public var name: String
    /// The line it was written on, when known.
    public var line: Int?
    /// A reference to `name` written on `line`.
    public init(name: String, line: Int?) {
        self.name = name
        self.line = line
    }
}

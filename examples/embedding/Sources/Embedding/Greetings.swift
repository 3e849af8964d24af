import LLMDo

/// The tool this program gives its workers: a worker lists `greetings` in its `toolsets:`.
let greetings = SwiftToolset(name: "greetings", tools: [
    SwiftTool(
        name: "greet", description: "Greets a person by name.",
        parameters: ["type": "object", "properties": ["name": ["type": "string"]], "required": ["name"]]
    ) { arguments, _ in
        // The arguments were validated against `parameters` before this runs.
        guard let name = arguments["name"]?.stringValue else { throw ToolError.retry("'name' must be a string") }
        return .text("Hello, \(name)!")
    },
])

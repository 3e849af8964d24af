import Testing

@testable import LLMDo

/// The `test` model's generated tool arguments follow what a schema declares (`const`, `enum`,
/// `default`, `examples`) before inventing placeholders, so an example project shows real calls.
@Suite struct TestModelArgumentTests {
    /// The arguments the test model sends for one tool with these parameters.
    static func arguments(for parameters: String) async throws -> JSONValue {
        let tool = ToolDefinition(name: "probe", description: "", parametersSchema: try JSONValue(parsing: parameters))
        let request = ModelRequest(system: "", messages: [.user("go")], tools: [tool])
        let response = try await TestModel().respond(
            to: request, context: ModelContext(workerName: "main", depth: 0, events: NullEventSink()))
        let call = try #require(response.message.toolCalls.first)
        guard case .parsed(let value) = call.arguments else { throw TestModelArgumentError() }
        return value
    }

    struct TestModelArgumentError: Error {}

    @Test(arguments: [
        (#"{"type": "object", "properties": {"path": {"type": "string", "examples": ["notes/todo.md", "b"]}}}"#, #"{"path":"notes/todo.md"}"#),
        (#"{"type": "object", "properties": {"path": {"type": "string", "default": "."}}}"#, #"{"path":"."}"#),
        (#"{"type": "object", "properties": {"unit": {"enum": ["km", "mi"]}}}"#, #"{"unit":"km"}"#),
        (#"{"type": "object", "properties": {"kind": {"const": "deck"}}}"#, #"{"kind":"deck"}"#),
        // An example that breaks the schema is skipped for one that holds.
        (#"{"type": "object", "properties": {"n": {"type": "integer", "minimum": 3, "examples": [1, 7]}}}"#, #"{"n":7}"#),
        // A default wins over examples, as the generator documents.
        (#"{"type": "object", "properties": {"q": {"type": "string", "default": "d", "examples": ["e"]}}}"#, #"{"q":"d"}"#),
        // Without any guidance the placeholder remains.
        (#"{"type": "object", "properties": {"s": {"type": "string"}}}"#, #"{"s":"example"}"#),
    ])
    func declaredValuesGuideTheArguments(parameters: String, expected: String) async throws {
        #expect(try await Self.arguments(for: parameters).jsonText == expected)
    }

    /// The built-in tools a newcomer meets first get arguments that do something real.
    @Test func builtinToolsGetUsefulArguments() async throws {
        let shell = try #require(BuiltinToolsets.all()["shell_readonly"]?.tools.first)
        #expect(try await Self.arguments(for: shell.parametersSchema.jsonText)["command"] == "ls")
        let filesystem = try #require(BuiltinToolsets.all()["filesystem_project"]).tools
        let read = try #require(filesystem.first { $0.name == "read_file" })
        #expect(try await Self.arguments(for: read.parametersSchema.jsonText)["path"] == "project.json")
        let list = try #require(filesystem.first { $0.name == "list_files" })
        #expect(try await Self.arguments(for: list.parametersSchema.jsonText).jsonText == #"{"path":".","pattern":"**/*"}"#)
    }
}

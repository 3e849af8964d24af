import Foundation
import Testing

@testable import LLMDo

/// The manifest's `providers` section: validation, quirks, and Swift-registered factories.
@Suite struct ProviderManifestTests {
    func diagnostics(providers: String) throws -> [String] {
        try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["a.worker"], "providers": \#(providers)}"#,
            "a.worker": workerFile("name: a\nentry: true"),
        ]).diagnostics()
    }

    @Test(arguments: [
        (#"[]"#, "project.json: providers: expected an object of provider names, found array"),
        (#"{"Big": {}}"#, "project.json: providers.Big: a provider name is lower-case letters"),
        (#"{"box": {"api": "openai"}}"#, "project.json: providers.box.base_url: missing; expected the endpoint's base URL"),
        (#"{"box": {"api": "gpt", "base_url": "http://h"}}"#, #"project.json: providers.box.api: expected "openai" or "anthropic", found "gpt""#),
        (#"{"box": {"api": "openai", "base_url": "ftp://h/v1"}}"#, #"project.json: providers.box.base_url: "ftp://h/v1" is not an http:// or https:// URL"#),
        (#"{"box": {"api": "openai", "base_url": 7}}"#, "project.json: providers.box.base_url: expected a URL string, found integer"),
        (#"{"box": {"api": "openai", "base_url": "http://h", "bse_url": 1}}"#, "project.json: providers.box.bse_url: unknown key; did you mean 'base_url'?"),
        (#"{"box": {"api": "openai", "base_url": "http://h", "api_key_env": "MY-KEY"}}"#, "project.json: providers.box.api_key_env: \"MY-KEY\" is not an environment variable name"),
        (#"{"box": {"api": "openai", "base_url": "http://h", "headers": {"X-A": 1}}}"#, "project.json: providers.box.headers.X-A: expected a string, found integer"),
        (#"{"box": {"api": "openai", "base_url": "http://h", "quirks": {"no_stream_with_tool": true}}}"#, "project.json: providers.box.quirks.no_stream_with_tool: unknown quirk; did you mean 'no_stream_with_tools'?"),
        (#"{"box": {"api": "openai", "base_url": "http://h", "quirks": {"tool_choice_auto": "no"}}}"#, "project.json: providers.box.quirks.tool_choice_auto: expected true or false, found \"no\""),
        (#"{"box": {"api": "anthropic", "base_url": "http://h", "quirks": {}}}"#, "project.json: providers.box.quirks: quirks apply to \"api\": \"openai\" providers only"),
        (#"{"openai": {"api": "openai", "base_url": "http://h"}}"#, "project.json: providers.openai: 'openai' is a built-in provider; choose another name, or add \"override\": true"),
        (#"{"test": {"api": "openai", "base_url": "http://h"}}"#, "project.json: providers.test: 'test' is the built-in test model"),
    ])
    func invalidEntriesNameFileAndField(providers: String, expected: String) throws {
        let found = try diagnostics(providers: providers)
        #expect(found.count == 1 && found.first?.contains("/" + expected) == true, "\(found)")
    }

    @Test func overridingABuiltInIsExplicit() throws {
        #expect(try diagnostics(providers: #"{"openai": {"api": "openai", "base_url": "http://h/v1", "override": true}}"#).isEmpty)
    }

    @Test func workersMayNameTheProjectsProvidersOnly() throws {
        let p = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["a.worker"], "providers": {"mybox": {"api": "openai", "base_url": "http://h/v1"}}}"#,
            "a.worker": workerFile("name: a\nentry: true\nmodel: mybx:qwen"),
        ])
        let problems = try ProjectLoader.load(path: p.root).unknownModelNames().map(\.description)
        #expect(problems.count == 1 && problems.first?.contains("unknown model provider 'mybx' in model 'mybx:qwen'; did you mean 'mybox'?") == true, "\(problems)")
        #expect(problems.first?.contains("mybox, ollama") == true, "the known providers are listed")
        #expect(try ProjectLoader.load(path: p.root).unknownModelNames(modelOverride: "mybox:qwen").isEmpty)
    }

    /// Each documented quirk changes the request body as documented.
    @Test func quirksShapeTheRequestBody() {
        let tool = ToolDefinition(name: "t", description: "T.", parametersSchema: ["type": "object"])
        let history = [Message.user("Hi"), Message(role: .assistant, parts: [.toolCall(.make("t", [:]))])]
        let request = ModelRequest(system: "", messages: history, tools: [tool], settings: ModelSettings(maxTokens: 9))

        let plain = OpenAIRequest.body(for: request, model: "m", quirks: ProviderQuirks(), streamWithTools: true)
        #expect(plain.body["tool_choice"] == "auto" && plain.body["max_tokens"] == 9 && plain.stream)
        #expect(plain.body["messages"]?.arrayValue?.last?["content"] == "")

        var quirks = ProviderQuirks()
        quirks.toolChoiceAuto = false
        quirks.emptyContentAsString = false
        quirks.maxCompletionTokens = true
        let changed = OpenAIRequest.body(for: request, model: "m", quirks: quirks, streamWithTools: true).body
        #expect(changed["tool_choice"] == nil && changed["max_tokens"] == nil && changed["max_completion_tokens"] == 9)
        #expect(changed["messages"]?.arrayValue?.last?["content"] == .null)
    }

    /// `no_stream_with_tools` (the llamacpp built-in's) sends requests with tools unstreamed
    /// from the first one; without it the first is streamed.
    @Test(arguments: [("llamacpp", false), ("vllm", true)])
    func noStreamWithToolsQuirk(provider: String, streamsFirst: Bool) async throws {
        let server = try LoopbackServer { _, _ in ProviderRegistryTests.answer("hi") }
        let options = ProviderOptions(environment: [provider.uppercased() + "_BASE_URL": server.baseURL + "/v1"])
        let model = try #require(try makeProviderModel(provider: provider, model: "m", options: options))
        let tool = ToolDefinition(name: "t", description: "T.", parametersSchema: ["type": "object"])
        _ = try await model.respond(to: .user("Hi", tools: [tool]), context: ModelContext(workerName: "w", depth: 0, events: NullEventSink()))
        #expect(server.requests.first?.json["stream"] == .bool(streamsFirst))
    }

    @Test func aSwiftFactoryServesItsProviderName() async throws {
        let worker = WorkerSpec(
            name: "main", description: "Main.", isEntry: true, model: "mine:small", toolsetRefs: [], instructions: "Hi.",
            file: "main.worker")
        let seen = Recorded()
        let factory: ModelFactory = { model, _ in
            seen.append(model)
            return FunctionModel(name: "mine:\(model)") { _ in ModelResponse(message: Message(role: .assistant, parts: [.text("made")])) }
        }
        let program = try makeProgram([worker])
        #expect(program.unknownModelNames(providers: ["mine"]).isEmpty)
        #expect(program.unknownModelNames().first?.message.contains("unknown model provider 'mine'") == true)
        let runtime = Runtime(program: program, options: RuntimeOptions(modelFactories: ["mine": factory]))
        #expect(try await runtime.run(input: "Hi").output == "made")
        _ = try await runtime.run(input: "Again")
        #expect(seen.values == ["small"], "the model is made once per runtime")
    }
}

/// Strings recorded from a `@Sendable` closure.
final class Recorded: @unchecked Sendable {
    private var items: [String] = []
    private let lock = NSLock()
    func append(_ item: String) { lock.withLock { items.append(item) } }
    var values: [String] { lock.withLock { items } }
}

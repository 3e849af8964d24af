import Testing

@testable import LLMDo

/// Named providers: the built-in table, a manifest's `providers`, quirks, and Swift factories.
@Suite struct ProviderRegistryTests {
    /// A plain (unstreamed) Chat Completions answer with `text`.
    static func answer(_ text: String) -> [LoopbackServer.Step] {
        LoopbackServer.reply(status: 200, json: """
            {"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"\(text)"},"finish_reason":"stop"}]}
            """)
    }

    static func callHelper() -> [LoopbackServer.Step] {
        LoopbackServer.reply(status: 200, json: """
            {"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"helper","arguments":"{\\"input\\":\\"sub\\"}"}}]},"finish_reason":"tool_calls"}]}
            """)
    }

    @Test func twoWorkersOnTwoCustomProvidersReachOnlyTheirOwnServer() async throws {
        let serverA = try LoopbackServer { _, number in number == 0 ? Self.callHelper() : Self.answer("done") }
        let serverB = try LoopbackServer { _, _ in Self.answer("from b") }
        let p = try TemporaryProject(files: [
            "project.json": """
                {"version": 1, "worker_files": ["main.worker", "helper.worker"], "providers": {
                  "boxa": {"api": "openai", "base_url": "\(serverA.baseURL)/v1/", "api_key_env": "BOXA_KEY", "headers": {"X-Org": "a"}},
                  "boxb": {"api": "openai", "base_url": "\(serverB.baseURL)/v1", "api_key_env": "BOXB_KEY"}}}
                """,
            "main.worker": "---\nname: main\nentry: true\nmodel: boxa:alpha\ntoolsets: [helper]\n---\nCall helper.\n",
            "helper.worker": "---\nname: helper\ndescription: Helps.\nmodel: boxb:beta\n---\nHelp.\n",
        ])
        let program = try ProjectLoader.load(path: p.root)
        #expect(program.unknownModelNames().isEmpty)
        let runtime = Runtime(program: program, options: RuntimeOptions(environment: ["BOXA_KEY": "ka", "BOXB_KEY": "kb"]))
        let result = try await runtime.run(input: "Hi")
        #expect(result.output == "done")

        #expect(serverA.requests.count == 2 && serverB.requests.count == 1)
        for request in serverA.requests {
            #expect(request.target == "/v1/chat/completions" && request.json["model"] == "alpha")
            #expect(request.header("authorization") == "Bearer ka" && request.header("x-org") == "a")
        }
        let b = try #require(serverB.requests.first)
        #expect(b.json["model"] == "beta" && b.header("authorization") == "Bearer kb" && b.header("x-org") == nil)
    }

    struct Named: Sendable, CustomTestStringConvertible {
        var name: String
        var api: ProviderAPI
        var baseURL: String
        var keyVariable: String?
        var testDescription: String { name }
    }

    /// docs/cli.md's table, row by row.
    static let table: [Named] = [
        Named(name: "anthropic", api: .anthropic, baseURL: "https://api.anthropic.com", keyVariable: "ANTHROPIC_API_KEY"),
        Named(name: "openai", api: .openai, baseURL: "https://api.openai.com/v1", keyVariable: "OPENAI_API_KEY"),
        Named(name: "ollama", api: .openai, baseURL: "http://localhost:11434/v1", keyVariable: nil),
        Named(name: "openrouter", api: .openai, baseURL: "https://openrouter.ai/api/v1", keyVariable: "OPENROUTER_API_KEY"),
        Named(name: "groq", api: .openai, baseURL: "https://api.groq.com/openai/v1", keyVariable: "GROQ_API_KEY"),
        Named(name: "deepseek", api: .openai, baseURL: "https://api.deepseek.com", keyVariable: "DEEPSEEK_API_KEY"),
        Named(name: "together", api: .openai, baseURL: "https://api.together.xyz/v1", keyVariable: "TOGETHER_API_KEY"),
        Named(name: "fireworks", api: .openai, baseURL: "https://api.fireworks.ai/inference/v1", keyVariable: "FIREWORKS_API_KEY"),
        Named(name: "mistral", api: .openai, baseURL: "https://api.mistral.ai/v1", keyVariable: "MISTRAL_API_KEY"),
        Named(name: "xai", api: .openai, baseURL: "https://api.x.ai/v1", keyVariable: "XAI_API_KEY"),
        Named(
            name: "gemini", api: .openai, baseURL: "https://generativelanguage.googleapis.com/v1beta/openai",
            keyVariable: "GEMINI_API_KEY"),
        Named(name: "lmstudio", api: .openai, baseURL: "http://localhost:1234/v1", keyVariable: "LMSTUDIO_API_KEY"),
        Named(name: "vllm", api: .openai, baseURL: "http://localhost:8000/v1", keyVariable: "VLLM_API_KEY"),
        Named(name: "llamacpp", api: .openai, baseURL: "http://localhost:8080/v1", keyVariable: "LLAMACPP_API_KEY"),
    ]

    @Test func theTableListsEveryBuiltIn() {
        #expect(Self.table.map(\.name) == BuiltinProviders.all.map(\.name))
    }

    /// Each built-in's defaults, and `<NAME>_BASE_URL` pointed at a loopback server: the request
    /// arrives there with the key from the provider's own variable in its own header.
    @Test(arguments: table)
    func builtInDefaultsAndOverride(_ row: Named) async throws {
        let config = try #require(BuiltinProviders.named(row.name))
        #expect(config.api == row.api && config.baseURL == row.baseURL && config.keyVariable == row.keyVariable)
        let keyed = ProviderOptions(environment: row.keyVariable.map { [$0: "k"] } ?? [:])
        #expect(try config.endpoint(model: "m", options: keyed).baseURL == row.baseURL)

        let anthropic = row.api == .anthropic
        let server = try LoopbackServer { _, _ in
            anthropic
                ? LoopbackServer.reply(status: 200, json: """
                    {"type":"message","model":"m","role":"assistant","content":[{"type":"text","text":"hi"}],"stop_reason":"end_turn"}
                    """) : Self.answer("hi")
        }
        let variable = row.name.uppercased() + "_BASE_URL"
        var environment = [variable: server.baseURL + (anthropic ? "" : "/v1")]
        if let key = row.keyVariable { environment[key] = "key-\(row.name)" }
        let model = try #require(try makeProviderModel(provider: row.name, model: "m", options: ProviderOptions(environment: environment)))
        #expect(model.name == "\(row.name):m")
        let response = try await model.respond(to: .user("Hi"), context: ModelContext(workerName: "w", depth: 0, events: NullEventSink()))
        #expect(response.message.text == "hi")
        let request = try #require(server.requests.first)
        switch (anthropic, row.keyVariable) {
        case (true, _): #expect(request.header("x-api-key") == "key-\(row.name)")
        case (false, .some): #expect(request.header("authorization") == "Bearer key-\(row.name)")
        case (false, nil): #expect(request.header("authorization") == nil)
        }
    }

    @Test func hostedProvidersNeedTheirKeyAtTheDefaultURL() throws {
        let error = #expect(throws: ModelError.self) {
            try makeProviderModel(provider: "groq", model: "m", options: ProviderOptions(environment: [:]))
        }
        #expect(error?.kind == .missingAPIKey && error?.variable == "GROQ_API_KEY")
        // Local servers take a key when one is set, and need none.
        #expect(try makeProviderModel(provider: "vllm", model: "m", options: ProviderOptions(environment: [:])) != nil)
    }

    @Test func googleGLAIsGemini() throws {
        let model = try makeProviderModel(provider: "google-gla", model: "gemini-2.5-flash", options: ProviderOptions(environment: ["GEMINI_API_KEY": "k"]))
        #expect(model?.name == "gemini:gemini-2.5-flash")
        #expect(ModelNames.problem(with: "google-gla:gemini-2.5-flash") == nil)
    }
}

/// The providers every project can name. Sources of each default (base URL, key variable) are
/// listed in docs/cli.md; `<NAME>_BASE_URL` overrides any base URL.
package enum BuiltinProviders {
    package static let all: [ProviderConfig] = [
        hosted("anthropic", .anthropic, "https://api.anthropic.com", key: "ANTHROPIC_API_KEY", policy: .required),
        hosted("openai", .openai, "https://api.openai.com/v1", key: "OPENAI_API_KEY"),
        local("ollama", "http://localhost:11434/v1", key: nil),
        hosted("openrouter", .openai, "https://openrouter.ai/api/v1", key: "OPENROUTER_API_KEY"),
        hosted("groq", .openai, "https://api.groq.com/openai/v1", key: "GROQ_API_KEY"),
        hosted("deepseek", .openai, "https://api.deepseek.com", key: "DEEPSEEK_API_KEY"),
        hosted("together", .openai, "https://api.together.xyz/v1", key: "TOGETHER_API_KEY"),
        hosted("fireworks", .openai, "https://api.fireworks.ai/inference/v1", key: "FIREWORKS_API_KEY"),
        hosted("mistral", .openai, "https://api.mistral.ai/v1", key: "MISTRAL_API_KEY"),
        hosted("xai", .openai, "https://api.x.ai/v1", key: "XAI_API_KEY"),
        hosted("gemini", .openai, "https://generativelanguage.googleapis.com/v1beta/openai", key: "GEMINI_API_KEY"),
        local("lmstudio", "http://localhost:1234/v1", key: "LMSTUDIO_API_KEY"),
        local("vllm", "http://localhost:8000/v1", key: "VLLM_API_KEY"),
        llamacpp,
    ]

    /// Other spellings of a built-in's name: PydanticAI's `google-gla:` is Gemini.
    package static let aliases = ["google-gla": "gemini"]

    /// The built-in called `name` (or an alias of one).
    package static func named(_ name: String) -> ProviderConfig? {
        let canonical = aliases[name] ?? name
        return all.first { $0.name == canonical }
    }

    /// llama.cpp's `llama-server` cannot stream tool calls, refuses `content: null` and ignores
    /// tools without `tool_choice`.
    private static var llamacpp: ProviderConfig {
        var config = local("llamacpp", "http://localhost:8080/v1", key: "LLAMACPP_API_KEY")
        config.quirks.noStreamWithTools = true
        config.quirks.emptyContentAsString = true
        config.quirks.toolChoiceAuto = true
        return config
    }

    private static func hosted(
        _ name: String, _ api: ProviderAPI, _ url: String, key: String, policy: KeyPolicy = .requiredUnlessOverridden
    ) -> ProviderConfig {
        ProviderConfig(name: name, api: api, baseURL: url, keyVariable: key, keyPolicy: policy)
    }

    private static func local(_ name: String, _ url: String, key: String?) -> ProviderConfig {
        ProviderConfig(name: name, api: .openai, baseURL: url, keyVariable: key, keyPolicy: .optional)
    }
}

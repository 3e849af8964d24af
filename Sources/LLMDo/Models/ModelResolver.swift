import Synchronization

/// Resolves a worker's model string to a ``Model``, as llm-do does: `--model` overrides every
/// worker; otherwise the worker's `model`, else `LLM_DO_MODEL`; checked against the worker's
/// `compatible_models` globs. Workers never inherit a caller's model.
final class ModelResolver: Sendable {
    private let options: RuntimeOptions
    /// Keyed by the model string and the provider configuration it resolved to, so a project
    /// reload that changes a provider's URL gets a new model, and two providers never share one.
    private let cache = Mutex([CacheKey: any Model]())

    private struct CacheKey: Hashable {
        var name: String
        var config: ProviderConfig?
    }

    init(options: RuntimeOptions) { self.options = options }

    /// The model a worker runs on; `providers` are the program's own (manifest `providers`).
    func model(for spec: WorkerSpec, providers: [String: ProviderConfig] = [:]) throws -> any Model {
        let name = try Self.modelName(for: spec, override: options.modelOverride, environment: options.environment)
        if let named = options.models[name] { return named }
        let registry = ProviderRegistry(custom: providers, factoryNames: Set(options.modelFactories.keys))
        let (provider, model) = Self.split(name)
        let config = options.modelFactories[provider] == nil ? registry.config(for: provider) : nil
        let key = CacheKey(name: name, config: config)
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let made = try make(name, provider: provider, model: model, config: config, registry: registry)
        cache.withLock { $0[key] = made }
        return made
    }

    /// The model string a worker resolves to, checked against `compatible_models`.
    static func modelName(for spec: WorkerSpec, override: String?, environment: [String: String]) throws(RunError) -> String {
        let chosen: String
        if let override, !override.isEmpty {
            chosen = override
        } else if let model = spec.model {
            chosen = model
        } else if let fromEnvironment = environment["LLM_DO_MODEL"], !fromEnvironment.isEmpty {
            chosen = fromEnvironment
        } else {
            throw RunError(
                .model,
                "worker '\(spec.name)' has no model: set `model:` in \(spec.file), set LLM_DO_MODEL, or pass --model")
        }
        // An explicit --model is the user's deliberate choice (e.g. `test`); compatibility globs
        // constrain the environment default, which is what llm-do checks them against.
        if override == nil, spec.model == nil, let globs = spec.compatibleModels,
            !globs.contains(where: { Glob.matches(chosen.lowercased(), pattern: $0.lowercased()) })  // like llm-do: case-insensitive
        {
            throw RunError(
                .model,
                "model '\(chosen)' (from LLM_DO_MODEL) is not compatible with worker '\(spec.name)'; compatible_models: \(globs.joined(separator: ", "))"
            )
        }
        return chosen
    }

    private var providerOptions: ProviderOptions {
        var provider = ProviderOptions(environment: options.environment)
        provider.maxRetries = options.providerRetries
        return provider
    }

    private func make(
        _ name: String, provider: String, model: String, config: ProviderConfig?, registry: ProviderRegistry
    ) throws -> any Model {
        if provider == "test" { return TestModel() }
        if let factory = options.modelFactories[provider] { return try factory(model, providerOptions) }
        guard let config, !model.isEmpty else { throw RunError(.model, registry.problem(with: name) ?? registry.unknownProviderMessage(name)) }
        return try makeModel(config, model: model, options: providerOptions)
    }

    /// `provider:model` → (provider, model); a bare name is its own provider (`test`).
    static func split(_ name: String) -> (provider: String, model: String) {
        guard let colon = name.firstIndex(of: ":") else { return (name, "") }
        return (String(name[..<colon]), String(name[name.index(after: colon)...]))
    }
}

/// Shell-style glob matching (`*`, `?`) for `compatible_models`.
enum Glob {
    static func matches(_ text: String, pattern: String) -> Bool {
        let t = Array(text.unicodeScalars)
        let p = Array(pattern.unicodeScalars)
        var ti = 0, pi = 0
        var star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                ti += 1
                pi += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}

/// Checks model strings before anything runs.
package enum ModelNames {
    /// Why `name` is not a model string at all, or nil when it has the form of one: `test`, or
    /// `provider:model` with both parts. Whether the provider exists depends on the project
    /// (its `providers`): ``Program/unknownModelNames(registered:providers:modelOverride:)``.
    package static func problem(with name: String) -> String? {
        if name == "test" { return nil }
        guard name.contains(":") else {
            return "unknown model '\(name)': use provider:model (anthropic:…, openai:…, ollama:…) or test"
        }
        let (provider, model) = ModelResolver.split(name)
        if provider.isEmpty { return "model '\(name)' names no provider before ':'" }
        if model.isEmpty { return "model '\(name)' names no model after '\(provider):'" }
        return nil
    }
}

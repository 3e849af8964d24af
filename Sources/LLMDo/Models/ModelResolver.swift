import Synchronization

/// Resolves a worker's model string to a ``Model``, as llm-do does: `--model` overrides every
/// worker; otherwise the worker's `model`, else `LLM_DO_MODEL`; checked against the worker's
/// `compatible_models` globs. Workers never inherit a caller's model.
final class ModelResolver: Sendable {
    private let options: RuntimeOptions
    private let cache = Mutex([String: any Model]())

    init(options: RuntimeOptions) { self.options = options }

    /// The model a worker runs on.
    func model(for spec: WorkerSpec) throws -> any Model {
        let name = try Self.modelName(for: spec, override: options.modelOverride, environment: options.environment)
        if let cached = cache.withLock({ $0[name] }) { return cached }
        let model = try make(name)
        cache.withLock { $0[name] = model }
        return model
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
            !globs.contains(where: { Glob.matches(chosen, pattern: $0) })
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

    private func make(_ name: String) throws -> any Model {
        if let named = options.models[name] { return named }
        let (provider, model) = Self.split(name)
        switch provider {
        case "test":
            return TestModel()
        default:
            if let made = try makeProviderModel(
                provider: provider, model: model,
                options: providerOptions)
            {
                return made
            }
            throw RunError(.model, Self.unknownProviderMessage(name))
        }
    }

    /// `provider:model` → (provider, model); a bare name is its own provider (`test`).
    static func split(_ name: String) -> (provider: String, model: String) {
        guard let colon = name.firstIndex(of: ":") else { return (name, "") }
        return (String(name[..<colon]), String(name[name.index(after: colon)...]))
    }

    /// Providers a model string may name.
    static let knownProviders = ["anthropic", "openai", "ollama", "test"]

    static func unknownProviderMessage(_ name: String) -> String {
        let provider = split(name).provider
        return "unknown model provider '\(provider)' in model '\(name)'\(DidYouMean.hint(for: provider, among: knownProviders)); "
            + "use anthropic:MODEL, openai:MODEL, ollama:MODEL or test"
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
public enum ModelNames {
    /// Why `name` cannot name a model without an embedding program's help, or nil when it can
    /// (`provider:model` with a known provider, or `test`).
    public static func problem(with name: String) -> String? {
        if name == "test" { return nil }
        guard name.contains(":") else {
            return "unknown model '\(name)': use provider:model (anthropic:…, openai:…, ollama:…) or test"
        }
        let (provider, model) = ModelResolver.split(name)
        if !ModelResolver.knownProviders.contains(provider) { return ModelResolver.unknownProviderMessage(name) }
        if model.isEmpty { return "model '\(name)' names no model after '\(provider):'" }
        return nil
    }
}

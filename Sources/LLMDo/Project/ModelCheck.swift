/// Every worker's model, resolved as a run would resolve it, checked before anything runs.
public struct ModelCheck: Sendable {
    /// What makes a run fail: a worker with no model, an unknown model or provider, a model
    /// that `compatible_models` rules out.
    public var errors: [ProjectDiagnostic] = []
    /// What the run's environment must supply: a worker with no model anywhere (it needs
    /// `--model` or `LLM_DO_MODEL`), a provider's API key variable that is not set. A run fails
    /// on these; `check` only warns, so a project can be checked where they are not set.
    public var environment: [ProjectDiagnostic] = []
}

extension Program {
    /// Resolves every worker's model without the network, as ``Runtime`` will (`--model`, else
    /// the worker's `model`, else `LLM_DO_MODEL`, checked against `compatible_models`), so a
    /// run fails before it spends tokens and `check` reports every worker at once.
    ///
    /// - Parameters:
    ///   - environment: where `LLM_DO_MODEL`, API keys and base URLs are read from.
    ///   - modelOverride: `--model`, replacing every worker's model.
    ///   - registered: bare model names an embedding program supplies (``RuntimeOptions/models``).
    ///   - providers: provider names of the embedding program's ``ModelFactory``s.
    public func checkModels(
        environment: [String: String], modelOverride: String? = nil, registered: Set<String> = [], providers: Set<String> = []
    ) -> ModelCheck {
        var check = ModelCheck()
        let registry = ProviderRegistry(custom: manifest.providers, factoryNames: providers)
        let options = ProviderOptions(environment: environment)
        var reported: Set<String> = []  // a --model or LLM_DO_MODEL value shared by workers: said once
        for worker in workers.values.sorted(by: { $0.file < $1.file }) {
            let name: String
            do {
                name = try ModelResolver.modelName(for: worker, override: modelOverride, environment: environment)
            } catch {
                let unset = worker.model == nil && (modelOverride ?? "").isEmpty && (environment["LLM_DO_MODEL"] ?? "").isEmpty
                let field = worker.compatibleModels == nil ? "model" : "compatible_models"
                let diagnostic = ProjectDiagnostic(file: worker.file, line: worker.fieldLines[field], field: field, message: error.message)
                if unset { check.environment.append(diagnostic) } else { check.errors.append(diagnostic) }
                continue
            }
            guard name != "test", !registered.contains(name) else { continue }
            let origin: ProjectDiagnostic
            if let modelOverride, !modelOverride.isEmpty {
                origin = ProjectDiagnostic(file: manifest.path, field: "--model", message: "")
            } else if worker.model != nil {
                origin = ProjectDiagnostic(file: worker.file, line: worker.fieldLines["model"], field: "model", message: "")
            } else {
                origin = ProjectDiagnostic(file: worker.file, field: "LLM_DO_MODEL", message: "")
            }
            func report(_ message: String, in list: inout [ProjectDiagnostic]) {
                guard origin.field == "model" || reported.insert(message).inserted else { return }
                var diagnostic = origin
                diagnostic.message = message
                list.append(diagnostic)
            }
            if let problem = ModelNames.problem(with: name) ?? registry.problem(with: name) {
                report(problem, in: &check.errors)
                continue
            }
            let (provider, model) = ModelResolver.split(name)
            guard !providers.contains(provider), let config = registry.config(for: provider) else { continue }
            do {
                _ = try config.endpoint(model: model, options: options)
            } catch {
                report((error as? ModelError)?.message ?? "\(error)", in: &check.environment)
            }
        }
        return check
    }
}

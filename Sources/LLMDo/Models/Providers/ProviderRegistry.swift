/// Makes the model for `NAME:MODEL` strings of a provider an embedding program adds
/// (``RuntimeOptions/modelFactories``). It receives `MODEL` (the text after the first colon) and
/// the provider settings read from the runtime's environment; it runs once per model string
/// per runtime, and its model is reused.
public typealias ModelFactory = @Sendable (_ model: String, _ options: ProviderOptions) throws -> any Model

/// Which providers a model string may name, in order of precedence: the embedding program's
/// factories, the manifest's `providers`, the built-ins (``BuiltinProviders``), and `test`.
package struct ProviderRegistry: Sendable {
    package var custom: [String: ProviderConfig]
    package var factoryNames: Set<String>

    package init(custom: [String: ProviderConfig] = [:], factoryNames: Set<String> = []) {
        self.custom = custom
        self.factoryNames = factoryNames
    }

    /// The configuration `provider` names, if it is a configured (not a factory) provider.
    package func config(for provider: String) -> ProviderConfig? {
        custom[provider] ?? BuiltinProviders.named(provider)
    }

    package func knows(_ provider: String) -> Bool {
        provider == "test" || factoryNames.contains(provider) || config(for: provider) != nil
    }

    /// Every name a model string may start with, sorted.
    package var names: [String] {
        Set(BuiltinProviders.all.map(\.name) + BuiltinProviders.aliases.keys + custom.keys + factoryNames + ["test"]).sorted()
    }

    /// Why `name` (a `provider:model` string) names no known provider.
    package func unknownProviderMessage(_ name: String) -> String {
        let provider = ModelResolver.split(name).provider
        return "unknown model provider '\(provider)' in model '\(name)'\(DidYouMean.hint(for: provider, among: names)); "
            + "known providers: \(names.joined(separator: ", ")) (or add one under \"providers\" in project.json)"
    }

    /// Why `name` cannot name a model, or nil when it can: `test`, or `provider:model` with a
    /// known provider. Bare names other than `test` are left to ``Program/unknownModelNames(registered:providers:)``.
    package func problem(with name: String) -> String? {
        guard name.contains(":") else { return nil }
        let (provider, model) = ModelResolver.split(name)
        if !knows(provider) { return unknownProviderMessage(name) }
        if model.isEmpty { return "model '\(name)' names no model after '\(provider):'" }
        return nil
    }
}

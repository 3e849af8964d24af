/// Settings for provider models that come from outside the project (CLI flags, environment).
public struct ProviderOptions: Sendable {
    public var environment: [String: String]
    public var maxRetries: Int
    public init(environment: [String: String], maxRetries: Int = 4) {
        self.environment = environment
        self.maxRetries = maxRetries
    }
}

/// Builds the model for `provider:model`, or returns nil for an unknown provider.
/// (Placeholder until the provider layer lands: no provider is known.)
func makeProviderModel(provider: String, model: String, options: ProviderOptions) throws -> (any Model)? {
    nil
}

/// `project.json`, manifest version 1.
public struct Manifest: Sendable {
    /// The manifest file's path.
    public var path: String
    public var runtime: RuntimeConfig
    /// Whether a prompt on the command line is accepted.
    public var allowCLIInput: Bool
    /// `entry.input`: the default input when none is given.
    public var entryInput: JSONValue?
    /// Worker file paths as written (relative to the manifest's folder).
    public var workerFiles: [String]
    /// Plugin paths as written: a path relative to the project, or a bare file name.
    public var pluginFiles: [String]
    /// Settings of the `plugin_files` entries written as objects, by path as written.
    public var pluginSettings: [String: PluginSettings] = [:]
    /// `providers`: the project's own model providers by name (see docs/reference.md).
    package var providers: [String: ProviderConfig] = [:]

    public init(
        path: String, runtime: RuntimeConfig = RuntimeConfig(), allowCLIInput: Bool = true, entryInput: JSONValue? = nil,
        workerFiles: [String] = [], pluginFiles: [String] = []
    ) {
        self.path = path
        self.runtime = runtime
        self.allowCLIInput = allowCLIInput
        self.entryInput = entryInput
        self.workerFiles = workerFiles
        self.pluginFiles = pluginFiles
    }
}

/// The manifest's `runtime` section.
public struct RuntimeConfig: Sendable {
    public var approvalMode: ApprovalMode = .prompt
    public var maxDepth: Int = 5
    /// Return permission errors to the model instead of failing the run when nobody can approve.
    public var returnPermissionErrors: Bool = false
    public var workerCallsRequireApproval: Bool = false
    public var workerAttachmentsRequireApproval: Bool = false
    public var workerApprovalOverrides: [String: WorkerApprovalOverride] = [:]
    /// How many times in a row one tool may fail with a retry before the worker call fails.
    public var maxRetries: Int = 3
    public var usageLimits: UsageLimits = UsageLimits()
    /// `runtime.plugin_isolation`: the mode of plugins that do not choose one (`nil`: by location,
    /// see ``PluginSettings/isolation``).
    public var pluginIsolation: PluginIsolation?

    public init() {}
}

/// Per-worker approval settings (`runtime.worker_approval_overrides.NAME`).
public struct WorkerApprovalOverride: Sendable, Hashable {
    public var callsRequireApproval: Bool?
    public var attachmentsRequireApproval: Bool?
    public init(callsRequireApproval: Bool? = nil, attachmentsRequireApproval: Bool? = nil) {
        self.callsRequireApproval = callsRequireApproval
        self.attachmentsRequireApproval = attachmentsRequireApproval
    }
}

/// Per-run limits (`runtime.usage_limits`). `nil` means unlimited, the default: a long
/// tool loop must not be stopped by a limit nobody set.
public struct UsageLimits: Sendable, Hashable {
    public var maxRequests: Int?
    public var maxToolCalls: Int?
    public var maxInputTokens: Int?
    public var maxOutputTokens: Int?
    public var maxTotalTokens: Int?
    public init(
        maxRequests: Int? = nil, maxToolCalls: Int? = nil, maxInputTokens: Int? = nil, maxOutputTokens: Int? = nil,
        maxTotalTokens: Int? = nil
    ) {
        self.maxRequests = maxRequests
        self.maxToolCalls = maxToolCalls
        self.maxInputTokens = maxInputTokens
        self.maxOutputTokens = maxOutputTokens
        self.maxTotalTokens = maxTotalTokens
    }
}

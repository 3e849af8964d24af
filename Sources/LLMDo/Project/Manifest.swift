/// `project.json`, manifest version 1.
public struct Manifest: Sendable {
    /// The manifest file's path.
    public var path: String
    /// The `runtime` section.
    public var runtime: RuntimeConfig
    /// Whether a prompt on the command line is accepted.
    public var allowCLIInput: Bool
    /// `entry.input`: the default input when none is given.
    public var entryInput: JSONValue?
    /// `entry.agent` / `entry.function`: the entry chosen in the manifest (llm-do's newer
    /// spelling), or nil when a worker's `entry: true` (or the one plugin entry) chooses it.
    public var entryTarget: EntryTarget?
    /// Worker file paths as written (relative to the manifest's folder): `worker_files`, then `agent_files`.
    public var workerFiles: [String]
    /// The manifest field each of ``workerFiles`` came from (`agent_files[0]`), for messages.
    package var workerFileFields: [String] = []

    /// The manifest field ``workerFiles``[`index`] came from (`worker_files[i]` for a manifest made in code).
    func workerFileField(_ index: Int) -> String {
        workerFileFields.indices.contains(index) ? workerFileFields[index] : "worker_files[\(index)]"
    }
    /// Things the manifest says that are accepted but worth a warning (an empty `python_files`).
    public var warnings: [ProjectDiagnostic] = []
    /// Plugin paths as written: a path relative to the project, or a bare file name.
    public var pluginFiles: [String]
    /// Settings of the `plugin_files` entries written as objects, by path as written.
    public var pluginSettings: [String: PluginSettings] = [:]
    /// `providers`: the project's own model providers by name (see docs/reference.md).
    package var providers: [String: ProviderConfig] = [:]
    /// `mcp_servers` and the servers of the `mcp_config` file, in the order written.
    package var mcpServers: [MCPServerConfig] = []

    /// A manifest as parsed (the loader makes these; tests and programs built in code may too).
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

/// The entry a manifest names (`entry.agent` or `entry.function`).
public enum EntryTarget: Sendable, Hashable {
    /// A worker, by name.
    case worker(String)
    /// A plugin's entry function: the plugin as listed in `plugin_files`, and the function's name.
    case function(plugin: String, name: String)
}

/// The manifest's `runtime` section.
public struct RuntimeConfig: Sendable {
    /// `runtime.approval_mode`.
    public var approvalMode: ApprovalMode = .prompt
    /// `runtime.max_depth`: how deep worker calls may nest.
    public var maxDepth: Int = 5
    /// Return permission errors to the model instead of failing the run when nobody can approve.
    public var returnPermissionErrors: Bool = false
    /// `runtime.worker_calls_require_approval`.
    public var workerCallsRequireApproval: Bool = false
    /// `runtime.worker_attachments_require_approval`.
    public var workerAttachmentsRequireApproval: Bool = false
    /// `runtime.worker_approval_overrides`, by worker name.
    public var workerApprovalOverrides: [String: WorkerApprovalOverride] = [:]
    /// How many times in a row one tool may fail with a retry before the worker call fails.
    public var maxRetries: Int = 3
    /// `runtime.usage_limits`.
    public var usageLimits: UsageLimits = UsageLimits()
    /// `runtime.plugin_isolation`: the mode of plugins that do not choose one (`nil`: by location,
    /// see ``PluginSettings/isolation``).
    public var pluginIsolation: PluginIsolation?
    /// `runtime.idempotent_tools`: tools (`toolset.tool`) and whole toolsets (`toolset`) that
    /// may run again when a resumed run cannot tell whether they finished.
    public var idempotentTools: Set<String> = []
    /// `runtime.journal`: the journal settings of runs of this project (the command line's
    /// `--journal` wins).
    public var journal: JournalSettings?

    /// The defaults of a manifest without a `runtime` section.
    public init() {}

    /// Whether `runtime.idempotent_tools` names the tool or its toolset.
    func declaresIdempotent(_ toolset: String, _ tool: String) -> Bool {
        !idempotentTools.isEmpty && (idempotentTools.contains(toolset) || idempotentTools.contains("\(toolset).\(tool)"))
    }
}

/// Per-worker approval settings (`runtime.worker_approval_overrides.NAME`).
public struct WorkerApprovalOverride: Sendable, Hashable {
    /// Whether calls of this worker need approval (`nil`: the project's setting).
    public var callsRequireApproval: Bool?
    /// Whether attachments handed to it need approval (`nil`: the project's setting).
    public var attachmentsRequireApproval: Bool?
    /// An override; `nil` keeps the project's setting.
    public init(callsRequireApproval: Bool? = nil, attachmentsRequireApproval: Bool? = nil) {
        self.callsRequireApproval = callsRequireApproval
        self.attachmentsRequireApproval = attachmentsRequireApproval
    }
}

/// Per-run limits (`runtime.usage_limits`). `nil` means unlimited, the default: a long
/// tool loop must not be stopped by a limit nobody set.
public struct UsageLimits: Sendable, Hashable {
    /// `max_requests`: model requests per run.
    public var maxRequests: Int?
    /// `max_tool_calls`: tool calls per run.
    public var maxToolCalls: Int?
    /// `max_input_tokens`: input tokens per run.
    public var maxInputTokens: Int?
    /// `max_output_tokens`: output tokens per run.
    public var maxOutputTokens: Int?
    /// `max_total_tokens`: input plus output tokens per run.
    public var maxTotalTokens: Int?
    /// Limits; `nil` for none.
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

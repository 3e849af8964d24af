/// The rules a call runs under: approval mode, permission-error handling and depth limit.
///
/// Policy belongs to the program generation a call started on, like the program itself: a hot
/// reload that changes `runtime.approval_mode` or `runtime.max_depth` governs calls that start
/// afterwards, while calls already running keep their generation's rules. Overrides from the
/// embedding program or the command line (``RuntimeOptions/approvalMode``,
/// ``RuntimeOptions/maxDepth``) win over every generation. Per-tool rules
/// (`worker_approval_overrides`) and usage limits are read from the same generation.
///
/// `package` so the benchmarks can drive the approval gate directly.
package struct CallPolicy: Sendable, Equatable {
    var approvalMode: ApprovalMode
    var returnPermissionErrors: Bool
    var maxDepth: Int

    package init(_ config: RuntimeConfig, overrides options: RuntimeOptions) {
        approvalMode = options.approvalMode ?? config.approvalMode
        returnPermissionErrors = config.returnPermissionErrors
        maxDepth = options.maxDepth ?? config.maxDepth
    }
}

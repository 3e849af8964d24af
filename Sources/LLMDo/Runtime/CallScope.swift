/// One worker (or code entry) call: its depth, the program generation it runs on, and the
/// runtime it belongs to. Tools receive it (through ``ToolInvocation``) to call back in.
public final class CallScope: Sendable {
    public let runtime: Runtime
    /// The program generation this call runs on (fixed for the call's life, even across a reload).
    public let program: Program
    /// The worker or code entry this scope belongs to.
    public let workerName: String
    /// 0 for the entry, +1 per nested worker call.
    public let depth: Int

    init(runtime: Runtime, program: Program, workerName: String, depth: Int) {
        self.runtime = runtime
        self.program = program
        self.workerName = workerName
        self.depth = depth
    }
}

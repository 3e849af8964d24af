/// The process-wide runtime: approval policy, usage totals, event sink, depth limit.
public final class Runtime: Sendable {
    public let program: Program
    public init(program: Program) { self.program = program }
}

import Synchronization

/// Per-run bookkeeping shared by every call scope of one run: its id, call ids, usage and limits.
final class RunState: Sendable {
    private struct Counters {
        var total = Usage()
        var byWorker: [String: Usage] = [:]
    }

    let id: String
    let limits: UsageLimits
    private let counters = Mutex(Counters())
    private let lastCall = Atomic<Int>(0)

    init(id: String, limits: UsageLimits) {
        self.id = id
        self.limits = limits
    }

    /// A path for a new call made by `parent` (nil for the entry), with the run's next call id.
    func newCall(parent: CallPath?) -> CallPath {
        let number = lastCall.wrappingAdd(1, ordering: .relaxed).newValue
        return CallPath(runID: id, callID: "c\(number)", parentCallID: parent?.callID)
    }

    var usage: Usage { counters.withLock { $0.total } }
    var usageByWorker: [String: Usage] { counters.withLock { $0.byWorker } }

    /// Counts a model request about to be made; throws when it would pass the request limit.
    func beginRequest(worker: String) throws(RunError) {
        let total = record(Usage(requests: 1), worker: worker)
        try check(total.requests, against: limits.maxRequests, "model requests", key: "max_requests")
    }

    /// Adds a response's token counts; throws when a token limit is passed.
    func addTokens(_ usage: Usage, worker: String) throws(RunError) {
        var tokens = usage
        tokens.requests = 0
        tokens.toolCalls = 0
        let total = record(tokens, worker: worker)
        try check(total.inputTokens, against: limits.maxInputTokens, "input tokens", key: "max_input_tokens")
        try check(total.outputTokens, against: limits.maxOutputTokens, "output tokens", key: "max_output_tokens")
        try check(total.totalTokens, against: limits.maxTotalTokens, "tokens", key: "max_total_tokens")
    }

    /// Counts a tool call about to run; throws when it would pass the tool-call limit.
    func beginToolCall(worker: String) throws(RunError) {
        let total = record(Usage(toolCalls: 1), worker: worker)
        try check(total.toolCalls, against: limits.maxToolCalls, "tool calls", key: "max_tool_calls")
    }

    /// Adds to the run's and the worker's counts; returns the run's new totals.
    private func record(_ delta: Usage, worker: String) -> Usage {
        counters.withLock { c in
            c.total += delta
            c.byWorker[worker, default: Usage()] += delta
            return c.total
        }
    }

    private func check(_ value: Int, against limit: Int?, _ what: String, key: String) throws(RunError) {
        guard let limit, value > limit else { return }
        throw RunError(.usageLimitExceeded, "usage limit reached: \(value) \(what), more than \(limit) (runtime.usage_limits.\(key))")
    }
}

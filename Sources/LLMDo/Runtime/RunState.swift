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
    /// Children started so far, by parent call id ("" for the run's entries).
    private let children = Mutex([String: Int]())

    init(id: String, limits: UsageLimits) {
        self.id = id
        self.limits = limits
    }

    /// A path for a new call made by `parent` (nil for the entry): the parent's id and the
    /// parent's next child number (`c1`, `c1.1`, `c1.2`, `c1.2.1`), so ids do not depend on how
    /// concurrent calls interleave and a resumed run gives each call the id it had before.
    func newCall(parent: CallPath?) -> CallPath {
        let parentID = parent?.callID ?? ""
        let number = children.withLock { counts in
            let next = counts[parentID, default: 0] &+ 1
            counts[parentID] = next
            return next
        }
        let callID = parent.map { "\($0.callID).\(number)" } ?? "c\(number)"
        return CallPath(runID: id, callID: callID, parentCallID: parent?.callID)
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

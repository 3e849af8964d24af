import Synchronization

/// Per-run bookkeeping shared by every call scope of one run: usage and limits.
final class RunState: Sendable {
    private struct Counters {
        var total = Usage()
        var byWorker: [String: Usage] = [:]
    }

    let limits: UsageLimits
    private let counters = Mutex(Counters())

    init(limits: UsageLimits) { self.limits = limits }

    var usage: Usage { counters.withLock { $0.total } }
    var usageByWorker: [String: Usage] { counters.withLock { $0.byWorker } }

    /// Counts a model request about to be made; throws when it would pass the request limit.
    func beginRequest(worker: String) throws(RunError) {
        let requests = counters.withLock { c -> Int in
            c.total.requests += 1
            c.byWorker[worker, default: Usage()].requests += 1
            return c.total.requests
        }
        if let limit = limits.maxRequests, requests > limit {
            throw RunError(.usageLimitExceeded, "usage limit reached: more than \(limit) model requests (runtime.usage_limits.max_requests)")
        }
    }

    /// Adds a response's token counts; throws when a token limit is passed.
    func addTokens(_ usage: Usage, worker: String) throws(RunError) {
        let total = counters.withLock { c -> Usage in
            var tokens = usage
            tokens.requests = 0
            tokens.toolCalls = 0
            c.total += tokens
            c.byWorker[worker, default: Usage()] += tokens
            return c.total
        }
        if let limit = limits.maxInputTokens, total.inputTokens > limit {
            throw RunError(.usageLimitExceeded, "usage limit reached: \(total.inputTokens) input tokens > \(limit) (runtime.usage_limits.max_input_tokens)")
        }
        if let limit = limits.maxOutputTokens, total.outputTokens > limit {
            throw RunError(.usageLimitExceeded, "usage limit reached: \(total.outputTokens) output tokens > \(limit) (runtime.usage_limits.max_output_tokens)")
        }
        if let limit = limits.maxTotalTokens, total.totalTokens > limit {
            throw RunError(.usageLimitExceeded, "usage limit reached: \(total.totalTokens) tokens > \(limit) (runtime.usage_limits.max_total_tokens)")
        }
    }

    /// Counts a tool call about to run; throws when it would pass the tool-call limit.
    func beginToolCall(worker: String) throws(RunError) {
        let calls = counters.withLock { c -> Int in
            c.total.toolCalls += 1
            c.byWorker[worker, default: Usage()].toolCalls += 1
            return c.total.toolCalls
        }
        if let limit = limits.maxToolCalls, calls > limit {
            throw RunError(.usageLimitExceeded, "usage limit reached: more than \(limit) tool calls (runtime.usage_limits.max_tool_calls)")
        }
    }
}

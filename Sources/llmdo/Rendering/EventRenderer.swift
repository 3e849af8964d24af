import LLMDo

/// Renders runtime events to stderr as plain text, filtered by verbosity:
/// 0 warnings and retries that wait 5 s or more, 1 (`-v`) tool calls, results, retries and status, 2 (`-vv`) streamed text,
/// 3 (`-vvv`) other debug lines (what a plugin printed); HTTP-level debug lines with `showHTTP` (`--log-http`).
struct EventRenderer: EventSink {
    let verbosity: Int
    var showHTTP = false

    func emit(_ event: RuntimeEvent) {
        guard let line = render(event) else { return }
        Terminal.error(line)
    }

    func render(_ event: RuntimeEvent) -> String? {
        switch event {
        case .warning(let warning):
            return "warning: \(warning.message)\n"
        case .reload(let reload):
            return verbosity >= 1 || !reload.succeeded ? "reload: \(reload.summary)\n" : nil
        case .toolCall(let call) where verbosity >= 1:
            return "\(indent(call.depth))→ \(call.worker) calls \(call.call.name)(\(Self.truncate(call.call.arguments.json.jsonText, 200)))\n"
        case .toolResult(let result) where verbosity >= 1:
            let marker = result.result.isError ? "✗" : "←"
            return "\(indent(result.depth))\(marker) \(result.result.toolName): \(Self.truncate(result.result.content, 200))\n"
        case .retry(let retry) where verbosity >= 1 || (retry.delay ?? 0) >= 5:  // a long wait is always shown
            let delay = retry.delay.map { String(format: " in %.1fs", $0) } ?? ""
            let count = retry.limit.map { "\(retry.attempt) of \($0)" } ?? "\(retry.attempt)"
            return "\(retry.what): retry \(count)\(delay): \(Self.truncate(retry.reason, 300))\n"
        case .modelRequest(let request) where verbosity >= 1:
            return "\(indent(request.depth))· \(request.worker) asks \(request.model) (\(request.messageCount) messages)\n"
        case .approvalDecided(let decision) where verbosity >= 1:
            return "approval for \(decision.request.tool): \(Self.describe(decision.decision))\n"
        case .textDelta(let delta) where verbosity >= 2:
            return delta.text
        case .modelResponse(let response) where verbosity >= 2:
            return "\n\(indent(response.depth))· \(response.worker): \(response.usage.inputTokens) in / \(response.usage.outputTokens) out tokens\n"
        case .debug(let debug) where debug.category == "http" ? showHTTP : verbosity >= 3:
            return "[\(debug.category)] \(debug.message)\n"
        case .runFinished(let finished) where verbosity >= 1:
            let usage = finished.usage
            return "done: \(usage.requests) requests, \(usage.toolCalls) tool calls, \(usage.inputTokens) in / \(usage.outputTokens) out tokens\n"
        default:
            return nil
        }
    }

    private func indent(_ depth: Int) -> String { String(repeating: "  ", count: depth) }

    /// `approved once`, `approved for the session`, `denied (reason)`, ….
    static func describe(_ decision: ApprovalDecision) -> String {
        switch decision {
        case .approveOnce: return "approved once"
        case .approveForSession: return "approved for the session (these arguments)"
        case .approveToolForSession: return "approved for the session (every call of the tool)"
        case .deny(let reason): return reason.map { "denied (\($0))" } ?? "denied"
        }
    }

    static func truncate(_ text: String, _ limit: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: "⏎")
        return flat.count <= limit ? flat : String(flat.prefix(limit)) + "…"
    }
}

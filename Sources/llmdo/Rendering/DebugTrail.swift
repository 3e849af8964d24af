import LLMDo
import Synchronization

/// With `--debug`: passes every event on, remembering the run's last steps, so a failure can
/// say where it arose (which worker, after which request or tool call) besides what it was.
final class DebugTrail: EventSink {
    private let base: any EventSink
    private let steps = Mutex([String]())
    private static let kept = 8

    init(passingTo base: any EventSink) { self.base = base }

    func emit(_ event: RuntimeEvent) {
        if let step = Self.step(event) {
            steps.withLock { steps in
                steps.append(step)
                if steps.count > Self.kept { steps.removeFirst() }
            }
        }
        base.emit(event)
    }

    private static func step(_ event: RuntimeEvent) -> String? {
        switch event {
        case .modelRequest(let request): return "worker '\(request.worker)' (depth \(request.depth)) sent a request to \(request.model)"
        case .toolCall(let call): return "worker '\(call.worker)' (depth \(call.depth)) called '\(call.call.name)'"
        case .toolResult(let result) where result.result.isError:
            return "'\(result.result.toolName)' failed for worker '\(result.worker)': \(EventRenderer.truncate(result.result.content, 200))"
        case .retry(let retry): return "\(retry.what): retry \(retry.attempt): \(EventRenderer.truncate(retry.reason, 200))"
        default: return nil
        }
    }

    /// The `debug:` lines for a failure: the error with its type and fields, where the library
    /// raised it (for a ``RunError``), and the run's last steps.
    func report(_ error: any Error) -> String {
        let kind = (error as? ToolError).map { " (\($0.kind))" } ?? ""
        var lines = ["error chain:", "  \(type(of: error))\(kind): \(error)"]
        if let run = error as? RunError { lines.append("  raised at \(run.origin) (\(run.kind.name))") }
        let steps = steps.withLock { $0 }
        lines.append(steps.isEmpty ? "no model request or worker tool call came before it" : "last steps before the failure, oldest first:")
        lines += steps.map { "  \($0)" }
        return lines.map { "debug: \($0)\n" }.joined()
    }
}

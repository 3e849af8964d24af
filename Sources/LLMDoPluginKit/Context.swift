public import LLMDoToolABI

/// Host services for Swift plugin functions that take a context (`takesContext: true`).
/// Each wraps one `llmdo_host_api` function; see llmdo_tool.h for the ownership rules.
extension UnsafePointer where Pointee == llmdo_ctx {
    private var api: llmdo_host_api { pointee.api.pointee }

    /// Sets the call's result (JSON text or plain text, per the function's `returns`).
    @discardableResult
    public func setResult(_ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { api.set_result(self, $0.baseAddress, $0.count) }
        }
    }

    /// Fails the call with a message for the model; returns `LLMDO_FAILED`.
    @discardableResult
    public func fail(_ message: String) -> Int32 { message.withCString { api.fail(self, $0) } }

    /// Asks the model to fix its call; returns `LLMDO_RETRY`.
    @discardableResult
    public func retry(_ message: String) -> Int32 { message.withCString { api.retry(self, $0) } }

    /// Logs a message at an `LLMDO_LOG_*` level.
    public func log(_ level: Int32, _ message: String) { message.withCString { api.log(self, level, $0) } }

    /// Calls a worker, blocking; the output as JSON text, or the error message.
    public func callWorker(_ name: String, inputJSON: String) -> Result<String, PluginCallFailure> {
        name.withCString { name in
            inputJSON.withCString { input in
                var out: UnsafePointer<CChar>?
                let status = api.call_worker(self, name, input, &out)
                let text = out.map { String(cString: $0) } ?? ""
                return status == LLMDO_OK ? .success(text) : .failure(PluginCallFailure(status: status, message: text))
            }
        }
    }

    /// The project root (absolute).
    public var projectRoot: String { api.project_root(self).map { String(cString: $0) } ?? "." }

    /// Whether the call has been cancelled.
    public var isCancelled: Bool { api.is_cancelled(self) != 0 }
}

/// A failed host call: its status and message.
public struct PluginCallFailure: Error, Sendable {
    public let status: Int32
    public let message: String
}

import LLMDoToolABI

/// A plugin's code entry: trusted C code that receives the run's input and orchestrates
/// workers through the host table (`call_worker` goes through ``CallScope/callWorker(_:input:)``,
/// so approvals and depth limits apply).
struct PluginCodeEntry: CodeEntry {
    let name: String
    let description: String
    let body: @convention(c) (UnsafePointer<llmdo_ctx>?, UnsafePointer<CChar>?) -> Int32
    let generation: PluginGeneration

    func run(input: JSONValue, scope: CallScope) async throws -> JSONValue {
        let call = PluginCall(scope: scope, projectRoot: scope.projectRoot)
        let text = input.jsonText
        return try await call.run { invoke(text, call: call) }.get()
    }

    /// Runs the entry on the current thread (a plugin thread) with the input as JSON text.
    func invoke(_ input: String, call: PluginCall) -> Result<JSONValue, PluginEntryError> {
        let status = input.withCString { body(call.context, $0) }
        let report = call.report
        if status != LLMDO_OK || report.failure != nil {
            let error = PluginErrors.failure(status: status, reported: report.failure, function: name)
            return .failure(PluginEntryError(entry: name, message: PluginErrors.message(of: error)))
        }
        guard let result = report.result else { return .success(.null) }
        do {
            return .success(try JSONValue(parsing: result))
        } catch {
            return .failure(PluginEntryError(entry: name, message: "returned invalid JSON (\(error)): \(result.prefix(200))"))
        }
    }
}

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
        let body = self.body
        let label = PluginCallLabel(plugin: generation.path, function: name)
        let status = await call.run(as: label) { text.withCString { body(call.context, $0) } }
        return try output(status: status, call: call)
    }

    /// The entry's output from its status and what it reported through `call` (also used by a
    /// plugin helper process, which runs the entry itself).
    func output(status: Int32, call: PluginCall) throws -> JSONValue {
        let report = call.report
        let outcome: Result<String?, ToolError> =
            status == LLMDO_OK && report.failure == nil
            ? .success(report.result)
            : .failure(PluginErrors.failure(status: status, reported: report.failure, function: name))
        let result: String?
        do {
            // A run-ending error from a nested call (Ctrl-C, a usage limit) ends the run as itself.
            result = try call.finish(outcome)
        } catch let error as ToolError {
            throw PluginEntryError(entry: name, message: PluginErrors.message(of: error))
        }
        guard let result else { return .null }
        do {
            return try JSONValue(parsing: result)
        } catch {
            throw PluginEntryError(entry: name, message: "returned invalid JSON (\(error)): \(result.prefix(200))")
        }
    }
}

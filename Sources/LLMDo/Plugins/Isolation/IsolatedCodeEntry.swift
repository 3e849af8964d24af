/// A code entry of an isolated plugin: it runs in the helper; its `call_worker` and
/// `call_tool` come back to this process and run in the entry's scope.
struct IsolatedCodeEntry: CodeEntry {
    let name: String
    let description: String
    let plugin: IsolatedPlugin

    func run(input: JSONValue, scope: CallScope) async throws -> JSONValue {
        do {
            let (_, reply) = try await plugin.perform(label: "entry \(name)", scope: scope) { [name] id in
                ["op": "entry", "id": .int(Int64(id)), "entry": .string(name), "input": input]
            }
            return try ToolReply.output(reply).jsonValue
        } catch let error as ToolError {
            // A failure because the run was cancelled ends the run as a cancellation (exit 130).
            if Task.isCancelled { throw CancellationError() }
            throw PluginEntryError(entry: name, message: PluginErrors.message(of: error))
        }
    }
}

/// Which host callback a plugin made.
package enum NestedCallKind: String, Sendable {
    case worker = "call_worker"
    case tool = "call_tool"
}

/// Host services a ``PluginCall`` forwards to another process: inside a plugin helper, `log`,
/// `call_worker` and `call_tool` travel to llmdo and run in the original call's scope there,
/// while `instance`, `is_cancelled` and `project_root` are answered locally.
package protocol PluginCallForwarding: Sendable {
    func log(level: Int32, message: String)
    /// Blocks the plugin's thread until the host answers; returns the status and the output
    /// (or error message) to lend the plugin.
    func call(_ kind: NestedCallKind, name: String, input: JSONValue) -> (status: Int32, text: String)
}

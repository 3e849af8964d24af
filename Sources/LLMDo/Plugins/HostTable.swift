import LLMDoToolABI

/// The `llmdo_host_api` table every plugin receives: the host's services as C functions.
///
/// Each function finds its ``PluginCall`` through the context and never traps on bad input
/// from the plugin (a NULL context or string is a failed status). `log` alone accepts a NULL
/// context, meaning the call running on this thread (`destroy_instance` receives none).
enum HostTable {
    // Written once here, never mutated, and valid for the process's life (plugins keep it).
    nonisolated(unsafe) static let api: UnsafePointer<llmdo_host_api> = {
        let table = UnsafeMutablePointer<llmdo_host_api>.allocate(capacity: 1)
        table.initialize(
            to: llmdo_host_api(
                struct_size: UInt32(MemoryLayout<llmdo_host_api>.size), abi_minor: LLMDO_ABI_MINOR,
                log: log, set_result: setResult, fail: fail, retry: retry, call_worker: callWorker,
                call_tool: callTool, instance: instance, is_cancelled: isCancelled, project_root: projectRoot,
                plugin_path: pluginPath))
        return UnsafePointer(table)
    }()

    private static let log: @convention(c) (UnsafePointer<llmdo_ctx>?, Int32, UnsafePointer<CChar>?) -> Void = {
        context, level, message in
        let call = context == nil ? PluginCall.onCurrentThread : PluginCall.from(context)
        guard let call, let message else { return }
        if let forwarding = call.forwarding { return forwarding.log(level: level, message: String(cString: message)) }
        guard let destination = call.logDestination else { return }
        // Plugin logs are diagnostics: warnings and errors surface as warning events, the rest as debug.
        let text = "\(destination.workerName): \(String(cString: message))"
        destination.events.emit(level >= LLMDO_LOG_WARNING ? .warning(WarningEvent(message: text)) : .debug(DebugEvent(category: "plugin", message: text)))
    }

    private static let setResult: @convention(c) (UnsafePointer<llmdo_ctx>?, UnsafePointer<CChar>?, Int) -> Int32 = {
        context, text, length in
        guard let call = PluginCall.from(context) else { return LLMDO_FAILED }
        guard let text, length >= 0 else {
            call.setResult("")
            return LLMDO_OK
        }
        let bytes = UnsafeRawBufferPointer(start: text, count: length)
        call.setResult(String(decoding: bytes, as: UTF8.self))
        return LLMDO_OK
    }

    private static let fail: @convention(c) (UnsafePointer<llmdo_ctx>?, UnsafePointer<CChar>?) -> Int32 = {
        context, message in
        PluginCall.from(context)?.setFailure(.failed(message.map { String(cString: $0) } ?? "the tool failed"))
        return LLMDO_FAILED
    }

    private static let retry: @convention(c) (UnsafePointer<llmdo_ctx>?, UnsafePointer<CChar>?) -> Int32 = {
        context, message in
        PluginCall.from(context)?.setFailure(.retry(message.map { String(cString: $0) } ?? "the tool asked for a retry"))
        return LLMDO_RETRY
    }

    private typealias Callback = @convention(c) (
        UnsafePointer<llmdo_ctx>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
        UnsafeMutablePointer<UnsafePointer<CChar>?>?
    ) -> Int32

    private static let callWorker: Callback = { context, name, input, out in
        nested(context, kind: .worker, name: name, json: input, out: out) { scope, name, input in
            try await scope.callWorker(name, input: input).jsonText
        }
    }

    /// A tool called from code runs one level deeper, like a worker: a plugin tool that calls
    /// itself through `call_tool` stops at `max_depth` with the usual depth error.
    private static let callTool: Callback = { context, name, arguments, out in
        nested(context, kind: .tool, name: name, json: arguments, out: out) { scope, name, arguments in
            try await scope.deeper(calling: "tool '\(name)'").callTool(name, arguments: arguments).jsonValue.jsonText
        }
    }

    /// The common path of `call_worker` and `call_tool`: decode, run in the call's scope
    /// while the plugin's thread waits, and lend the output (or the error message). A
    /// run-ending error stays on the call too (``PluginCall/block(_:)``), to end the run when
    /// the plugin returns.
    private static func nested(
        _ context: UnsafePointer<llmdo_ctx>?, kind: NestedCallKind, name: UnsafePointer<CChar>?, json: UnsafePointer<CChar>?,
        out: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
        _ work: @escaping @Sendable (CallScope, String, JSONValue) async throws -> String
    ) -> Int32 {
        guard let call = PluginCall.from(context) else { return LLMDO_FAILED }
        func answer(_ status: Int32, _ text: String) -> Int32 {
            out?.pointee = UnsafePointer(call.lend(text))
            return status
        }
        let nowhere = "workers and tools cannot be called from here (only from a tool call or a code entry)"
        guard call.scope != nil || call.forwarding != nil else { return answer(LLMDO_FAILED, nowhere) }
        guard let name else { return answer(LLMDO_FAILED, "the name is NULL") }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: json.map { String(cString: $0) } ?? "null")
        } catch {
            return answer(LLMDO_FAILED, "the JSON passed by the plugin is invalid: \(error)")
        }
        let calleeName = String(cString: name)
        if let forwarding = call.forwarding {
            // Another serialized call may run while this one waits for the host.
            call.gate?.release()
            defer { call.gate?.acquire() }
            let (status, text) = forwarding.call(kind, name: calleeName, input: value)
            return answer(status, text)
        }
        guard let scope = call.scope else { return answer(LLMDO_FAILED, nowhere) }
        switch call.block({ try await work(scope, calleeName, value) }) {
        case .success(let text): return answer(LLMDO_OK, text)
        case .failure(let error): return answer(PluginErrors.status(of: error), PluginErrors.message(of: error))
        }
    }

    private static let instance: @convention(c) (UnsafePointer<llmdo_ctx>?) -> UnsafeMutableRawPointer? = { context in
        PluginCall.from(context)?.instance
    }

    private static let isCancelled: @convention(c) (UnsafePointer<llmdo_ctx>?) -> Int32 = { context in
        guard let call = PluginCall.from(context) else { return 1 }
        guard call.isCancelled else { return 0 }
        PluginCallWatch.noticedCancellation(call)
        return 1
    }

    /// 1.1: the user's file of the plugin image containing an address (see ``PluginLifecycle``).
    private static let pluginPath: @convention(c) (UnsafeRawPointer?) -> UnsafePointer<CChar>? = { address in
        address.flatMap(PluginLifecycle.realPath(containing:))
    }

    private static let projectRoot: @convention(c) (UnsafePointer<llmdo_ctx>?) -> UnsafePointer<CChar>? = { context in
        guard let call = PluginCall.from(context) else { return nil }
        return UnsafePointer(call.lend(call.projectRoot))
    }
}

extension CallScope {
    /// The scope a tool called from plugin code runs in: one level deeper (under this call's
    /// generation's `max_depth`), with the same tools.
    func deeper(calling callee: String) throws(RunError) -> CallScope {
        let limit = policy.maxDepth
        guard depth < limit else { throw RunError.depthExceeded(limit: limit, calling: callee) }
        return CallScope(runtime: runtime, program: program, run: run, path: path, workerName: workerName, depth: depth + 1, tools: tools)
    }
}

import CProcessControl
import Dispatch
import Glibc
import LLMDoToolABI
import Synchronization

/// The helper process: `llmdo __plugin-helper PARENT_PID MEMORY_MB`, serving one plugin over fd 3.
///
/// It loads the plugin with the same loader and validation as in-process mode (so `init` runs
/// here), then answers requests: each call runs on a plugin thread through the same libffi
/// invoke, while another plugin thread reads the next frames (so a cancel arrives while a call
/// loops). The host
/// table's `log`, `call_worker` and `call_tool` are forwarded to llmdo (``PluginCallForwarding``).
/// When llmdo closes the socket, the plugin's `shutdown` runs and the process exits; if llmdo
/// dies, the kernel kills the helper (`PR_SET_PDEATHSIG`).
package enum PluginHelper {
    /// Serves a plugin and exits if `arguments` select helper mode; otherwise returns at once.
    package static func runIfRequested(_ arguments: [String]) {
        guard arguments.count == 4, arguments[1] == HelperLauncher.modeArgument else { return }
        _ = llmdo_set_parent_death_signal(SIGKILL)
        // The parent may have died before the request took effect.
        guard let parent = Int32(arguments[2]), getppid() == parent else { _exit(70) }
        if let megabytes = Int(arguments[3]), megabytes > 0 {
            let bytes = rlim_t(megabytes) << 20
            var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
            _ = setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
        }
        // A child the plugin starts must not hold the protocol socket.
        _ = fcntl(3, F_SETFD, FD_CLOEXEC)
        HelperServer(channel: FrameChannel(fd: 3)).serve()
    }
}

/// The helper's state: the loaded plugin, its instances, and the calls in flight.
private final class HelperServer: Sendable {
    private struct Plugin {
        var root: String
        var toolsets: [String: PluginToolset]
        var entries: [String: PluginCodeEntry]
    }

    private struct State {
        var plugin: Plugin?
        /// Per-call toolset instances by id: what `create_instance` stored, and its toolset.
        var instances: [Int: (state: SendablePointer?, toolset: String)] = [:]
        var nextInstance = 1
        /// Calls in flight by request id (for cancel).
        var running: [Int64: PluginCall] = [:]
        /// Cancellations that arrived before their call started on a plugin thread.
        var cancelledEarly: Set<Int64> = []
        /// Plugin threads waiting for the host to answer a forwarded call.
        var waiting: [Int64: Waiter] = [:]
        var nextForward: Int64 = 1
    }

    /// One plugin thread blocked in a forwarded `call_worker` / `call_tool`.
    final class Waiter: Sendable {
        let done = DispatchSemaphore(value: 0)
        let answer = Mutex<(Int32, String)>((LLMDO_FAILED, "llmdo went away"))
    }

    let channel: FrameChannel
    private let state = Mutex(State())

    init(channel: FrameChannel) { self.channel = channel }

    /// Reads requests until llmdo closes the socket. The thread that reads a call hands reading
    /// to another plugin thread and runs the call itself, so no thread switch lies between a
    /// request's arrival and the plugin function (leader/follower).
    func serve() -> Never {
        PluginThreads.shared.submit { [self] in lead() }
        while true { pause() }
    }

    private func lead() {
        while let frame = channel.receive() {
            if let id = frame["re"]?.int64Value {
                guard let waiter = state.withLock({ $0.waiting.removeValue(forKey: id) }) else { continue }
                let status = frame["status"]?.int64Value.map { Int32(truncatingIfNeeded: $0) } ?? LLMDO_FAILED
                waiter.answer.withLock { $0 = (status, frame["text"]?.stringValue ?? "") }
                waiter.done.signal()
                continue
            }
            let id = frame["id"]?.int64Value ?? 0
            switch frame["op"]?.stringValue {
            case "load": load(frame, id: id)
            case "call", "approval", "create", "entry":
                PluginThreads.shared.submit { [self] in lead() }
                return run(frame, id: id)
            case "destroy": destroy(frame)
            case "cancel":
                let call = state.withLock { state in
                    let call = state.running[id]
                    if call == nil { state.cancelledEarly.insert(id) }
                    return call
                }
                call?.cancel()
            default: continue
            }
        }
        // llmdo closed the socket: a normal end runs `shutdown` once (never while a call runs).
        if state.withLock({ $0.running.isEmpty }) { PluginLifecycle.shutdownAll() }
        _exit(0)
    }

    private func load(_ frame: JSONValue, id: Int64) {
        let declared = frame["file"]?.stringValue ?? ""
        let path = frame["path"]?.stringValue ?? ""
        let root = frame["root"]?.stringValue ?? "/"
        do {
            // The host resolved the path; loading it by its absolute path finds the same file.
            let loaded = try PluginLoading.load(declaredPath: path, projectRoot: root, searchPath: [])
            let toolsets = loaded.toolsets.compactMap { $0 as? PluginToolset }
            let entries = loaded.entries.compactMap { $0 as? PluginCodeEntry }
            state.withLock {
                $0.plugin = Plugin(
                    root: root, toolsets: Dictionary(toolsets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }),
                    entries: Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }))
            }
            let instanced = toolsets.filter { $0.createInstance != nil }.map { JSONValue.string($0.name) }
            channel.send(["re": .int(id), "plugin": PluginCatalog.describe(loaded), "instanced": .array(instanced)])
        } catch {
            let diagnostics = error.diagnostics.map { diagnostic -> JSONValue in
                // Messages name the file as the manifest does, not the absolute path loaded here.
                ["field": diagnostic.field.map(JSONValue.string) ?? .null, "message": .string(diagnostic.message.replacingAll(path, with: declared))]
            }
            channel.send(["re": .int(id), "diagnostics": .array(diagnostics)])
        }
    }

    private func destroy(_ frame: JSONValue) {
        guard let key = frame["instance"]?.int64Value.map(Int.init) else { return }
        let (instance, toolsets) = state.withLock { ($0.instances.removeValue(forKey: key), $0.plugin?.toolsets) }
        guard let instance, let state = instance.state, let destroy = toolsets?[instance.toolset]?.destroyInstance else { return }
        PluginThreads.shared.submit { destroy(state.raw) }
    }

    /// Runs one request on this (plugin) thread and sends the reply.
    private func run(_ frame: JSONValue, id: Int64) {
        guard let plugin = state.withLock({ $0.plugin }) else {
            channel.send(ToolReply.frame(answering: id, .failure(.failed("the plugin is not loaded"))))
            return
        }
        let instanceKey = frame["instance"]?.int64Value.map(Int.init)
        let instance = instanceKey.flatMap { key in state.withLock { $0.instances[key]?.state } }
        let toolset = frame["toolset"]?.stringValue.flatMap { plugin.toolsets[$0] }
        let function = frame["tool"]?.stringValue.flatMap { name in toolset?.functions.first { $0.definition.name == name } }
        let call = PluginCall(
            scope: nil, projectRoot: plugin.root, instance: instance?.raw, gate: function?.gate,
            forwarding: Forwarder(server: self, call: id))
        let cancelled = state.withLock { state in
            state.running[id] = call
            return state.cancelledEarly.remove(id) != nil
        }
        if cancelled { call.cancel() }
        defer { _ = state.withLock { $0.running.removeValue(forKey: id) } }
        let reply: JSONValue
        switch frame["op"]?.stringValue {
        case "call":
            reply = ToolReply.frame(
                answering: id, function.map { $0.invoke(frame["args"] ?? [:], call: call) } ?? .failure(.failed("no such tool")))
        case "approval":
            reply = approval(function, arguments: frame["args"] ?? [:], call: call, id: id)
        case "create":
            reply = create(toolset, call: call, id: id)
        default:
            reply = ToolReply.frame(answering: id, runEntry(frame, plugin: plugin, call: call))
        }
        channel.send(reply)
    }

    private func runEntry(_ frame: JSONValue, plugin: Plugin, call: PluginCall) -> Result<ToolOutput, ToolError> {
        guard let entry = frame["entry"]?.stringValue.flatMap({ plugin.entries[$0] }) else { return .failure(.failed("no such entry")) }
        let status = (frame["input"] ?? .null).jsonText.withCString { entry.body(call.context, $0) }
        do {
            return .success(.json(try entry.output(status: status, call: call)))
        } catch let error as PluginEntryError {
            return .failure(.failed(error.message))
        } catch {
            return .failure(.failed(PluginErrors.message(of: error)))
        }
    }

    private func approval(_ function: PluginFunction?, arguments: JSONValue, call: PluginCall, id: Int64) -> JSONValue {
        guard let needsApproval = function?.needsApproval else { return ["re": .int(id), "required": true] }
        let capacity = 512
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        buffer[0] = 0
        let required = arguments.jsonText.withCString { needsApproval(call.context, $0, buffer, capacity) }
        buffer[capacity - 1] = 0
        return ["re": .int(id), "required": .bool(required != 0), "description": .string(String(cString: buffer))]
    }

    private func create(_ toolset: PluginToolset?, call: PluginCall, id: Int64) -> JSONValue {
        guard let toolset, let createInstance = toolset.createInstance else {
            return ToolReply.frame(answering: id, .failure(.failed("the toolset has no create_instance")))
        }
        var pointer: UnsafeMutableRawPointer?
        let status = createInstance(call.context, &pointer)
        guard status == LLMDO_OK else {
            let error = PluginErrors.failure(status: status, reported: call.report.failure, function: "\(toolset.name).create_instance")
            return ToolReply.frame(answering: id, .failure(error))
        }
        let key = state.withLock { state in
            defer { state.nextInstance += 1 }
            state.instances[state.nextInstance] = (pointer.map { SendablePointer(OpaquePointer($0)) }, toolset.name)
            return state.nextInstance
        }
        return ToolReply.frame(answering: id, .success(.json(.int(Int64(key)))))
    }

    /// Sends a forwarded call to the host and blocks this plugin thread until it answers.
    fileprivate func forward(_ kind: NestedCallKind, call: Int64, name: String, input: JSONValue) -> (Int32, String) {
        let waiter = Waiter()
        let id = state.withLock { state in
            defer { state.nextForward += 1 }
            state.waiting[state.nextForward] = waiter
            return state.nextForward
        }
        channel.send(["op": .string(kind.rawValue), "id": .int(id), "call": .int(call), "name": .string(name), "input": input])
        waiter.done.wait()
        return waiter.answer.withLock { $0 }
    }
}

/// The forwarding of one call in the helper: its id travels with every request to the host.
private struct Forwarder: PluginCallForwarding {
    let server: HelperServer
    let call: Int64

    func log(level: Int32, message: String) {
        server.channel.send(["op": "log", "call": .int(call), "level": .int(Int64(level)), "message": .string(message)])
    }

    func call(_ kind: NestedCallKind, name: String, input: JSONValue) -> (status: Int32, text: String) {
        server.forward(kind, call: call, name: name, input: input)
    }
}

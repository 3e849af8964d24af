import Synchronization

/// A plugin whose code runs in a helper process: the generation its toolsets and entries hold.
///
/// One helper serves the generation at a time. When it dies (a crash, `exit`, a timeout), the
/// calls it was running fail with a tool error naming the plugin, the function and the cause, a
/// warning event is emitted, and the next request starts a new helper (the plugin's `init` runs
/// again). A hot swap builds a new `IsolatedPlugin` (a new helper); this one's helper is told to
/// exit when the last toolset or entry holding it is released, after its calls have finished.
final class IsolatedPlugin: Sendable {
    /// The path as written in the manifest, for messages.
    let declaredPath: String
    let resolvedPath: String
    let projectRoot: String
    let settings: PluginSettings
    /// The plugin's catalog entry, as the helper described it at the first load.
    let catalog: JSONValue
    /// Toolsets whose plugin defines `create_instance`.
    let instanced: Set<String>

    private struct Slot {
        var connection: HelperConnection?
        var starting: Task<HelperConnection, any Error>?
    }

    private let slot: Mutex<Slot>

    private init(
        declaredPath: String, resolvedPath: String, projectRoot: String, settings: PluginSettings, loaded: Loaded,
        connection: HelperConnection
    ) {
        self.declaredPath = declaredPath
        self.resolvedPath = resolvedPath
        self.projectRoot = projectRoot
        self.settings = settings
        self.catalog = loaded.catalog
        self.instanced = loaded.instanced
        self.slot = Mutex(Slot(connection: connection))
    }

    deinit { slot.withLock { $0.connection?.stop() } }

    /// Starts a helper, loads the plugin in it (validation and `init` run there) and describes it.
    static func load(declaredPath: String, resolvedPath: String, projectRoot: String, settings: PluginSettings)
        throws(ProjectError) -> LoadedPlugin
    {
        func failure(_ message: String) -> ProjectError { ProjectError(ProjectDiagnostic(file: declaredPath, message: message)) }
        let connection: HelperConnection
        do {
            connection = try HelperConnection.start(plugin: declaredPath, memoryMB: settings.memoryMB)
        } catch {
            throw failure(HelperFailure.text(error, plugin: declaredPath, label: "load"))
        }
        let (id, reply) = connection.requestBlocking(label: "init", timeout: settings.timeoutSeconds) {
            loadRequest(id: $0, declaredPath: declaredPath, resolvedPath: resolvedPath, projectRoot: projectRoot)
        }
        let loaded: Loaded
        switch reply {
        case .failure(let error):
            throw failure(HelperFailure.text(error, plugin: declaredPath, label: "init", request: id))
        case .success(let frame):
            loaded = try Loaded(frame, file: declaredPath)
        }
        let plugin = IsolatedPlugin(
            declaredPath: declaredPath, resolvedPath: resolvedPath, projectRoot: projectRoot, settings: settings, loaded: loaded,
            connection: connection)
        let toolsets = (loaded.catalog["toolsets"]?.arrayValue ?? []).map { IsolatedToolset(plugin: plugin, catalogEntry: $0) }
        let entries = (loaded.catalog["entries"]?.arrayValue ?? []).map { entry in
            IsolatedCodeEntry(
                name: entry["name"]?.stringValue ?? "", description: entry["description"]?.stringValue ?? "", plugin: plugin)
        }
        var versions: [String: String] = [:]
        for toolset in toolsets { versions[toolset.name] = toolset.version }
        return LoadedPlugin(
            declaredPath: declaredPath, resolvedPath: resolvedPath, toolsets: toolsets, entries: entries, versions: versions,
            isolation: .process)
    }

    private static func loadRequest(id: Int, declaredPath: String, resolvedPath: String, projectRoot: String) -> JSONValue {
        ["op": "load", "id": .int(Int64(id)), "path": .string(resolvedPath), "file": .string(declaredPath), "root": .string(projectRoot)]
    }

    /// What a helper answers to `load`.
    private struct Loaded {
        var catalog: JSONValue
        var instanced: Set<String>

        init(_ frame: JSONValue, file: String) throws(ProjectError) {
            if let diagnostics = frame["diagnostics"]?.arrayValue {
                throw ProjectError(diagnostics.map { item in
                    ProjectDiagnostic(file: file, field: item["field"]?.stringValue, message: item["message"]?.stringValue ?? "")
                })
            }
            guard let catalog = frame["plugin"], catalog.objectValue != nil else {
                throw ProjectError(ProjectDiagnostic(file: file, message: "the plugin helper answered without a description"))
            }
            self.catalog = catalog
            self.instanced = Set((frame["instanced"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
    }

    // MARK: Requests

    /// Sends one request to the helper (starting a new one if the last died) and waits for the
    /// reply. A dead helper becomes a ``ToolError`` naming the plugin, `label` and the cause,
    /// with a warning event; a request cancelled by its caller throws `CancellationError`.
    func perform(label: String, scope: CallScope?, _ message: @escaping @Sendable (Int) -> JSONValue) async throws
        -> (connection: HelperConnection, reply: JSONValue)
    {
        let connection = try await self.connection()
        let timeout = settings.timeoutSeconds.map { Duration.seconds($0) }
        let (id, result) = await connection.request(label: label, scope: scope, timeout: timeout, message)
        switch result {
        case .success(let reply):
            return (connection, reply)
        case .failure(let error):
            if case .died(let death) = error, death.cancelled(request: id) { throw CancellationError() }
            let text = HelperFailure.text(error, plugin: declaredPath, label: label, request: id)
            scope?.emit(.warning(WarningEvent(message: "\(text); the plugin restarts for its next call")))
            throw ToolError.failed(text)
        }
    }

    /// The live helper, or a new one (one restart shared by every caller that needs it).
    func connection() async throws(ToolError) -> HelperConnection {
        enum Lookup {
            case live(HelperConnection)
            case starting(Task<HelperConnection, any Error>)
        }
        let lookup = slot.withLock { slot -> Lookup in
            if let connection = slot.connection, connection.isAlive { return .live(connection) }
            if let starting = slot.starting { return .starting(starting) }
            let task = Task { try await self.restart() }
            slot.starting = task
            return .starting(task)
        }
        switch lookup {
        case .live(let connection): return connection
        case .starting(let task):
            do {
                return try await task.value
            } catch let error as ToolError {
                throw error
            } catch {
                throw ToolError.failed("plugin '\(declaredPath)' could not restart: \(error)")
            }
        }
    }

    private func restart() async throws -> HelperConnection {
        defer { slot.withLock { $0.starting = nil } }
        let connection: HelperConnection
        do {
            connection = try HelperConnection.start(plugin: declaredPath, memoryMB: settings.memoryMB)
        } catch {
            throw ToolError.failed(HelperFailure.text(error, plugin: declaredPath, label: "init"))
        }
        let timeout = settings.timeoutSeconds.map { Duration.seconds($0) }
        let (id, reply) = await connection.request(label: "init", scope: nil, timeout: timeout) { [self] in
            Self.loadRequest(id: $0, declaredPath: declaredPath, resolvedPath: resolvedPath, projectRoot: projectRoot)
        }
        let loaded: Loaded
        do {
            loaded = try Loaded(try reply.get(), file: declaredPath)
        } catch let error as HelperFailure {
            throw ToolError.failed(HelperFailure.text(error, plugin: declaredPath, label: "init", request: id))
        } catch let error as ProjectError {
            throw ToolError.failed("plugin '\(declaredPath)' could not restart: \(error.description)")
        }
        guard loaded.catalog == catalog, loaded.instanced == instanced else {
            connection.stop()
            throw ToolError.failed(
                "plugin '\(declaredPath)' could not restart: its file changed since it was loaded (reload the project to use the new version)")
        }
        slot.withLock { $0.connection = connection }
        return connection
    }
}

extension HelperFailure {
    /// The message for a request (`label`) that failed this way.
    static func text(_ failure: HelperFailure, plugin: String, label: String, request: Int = 0) -> String {
        switch failure {
        case .unavailable(let reason): return "plugin '\(plugin)' cannot run isolated: \(reason)"
        case .malformed(let reason): return "plugin '\(plugin)' helper answered badly in \(label): \(reason)"
        case .died(let death): return death.message(plugin: plugin, label: label, request: request)
        }
    }
}

import Synchronization

/// Keeps a ``Runtime`` in step with its project on disk (hot swap) and with its toolset sources.
///
/// The watcher notices when the manifest, a worker file or a plugin file changes (inotify on
/// their folders, or polling), waits for the write to settle, and compares content hashes, so a
/// `touch` without change does nothing. It then loads and links the whole project again on its
/// own thread. A valid program replaces the runtime's (``Runtime/replaceProgram(_:)``): calls
/// already running finish on the generation they started with, calls that start afterwards
/// use the new one. An invalid one (YAML error, link error, a file that is not a plugin or has
/// the wrong ABI) changes nothing: the previous program keeps serving, and a warning and a
/// failed ``RuntimeEvent/reload(_:)`` event name the file and the error. Saving a fix reloads.
/// A ``ToolsetSource`` announcing a change (``ToolsetSource/changes()``) reloads the same way.
///
/// ```swift
/// let runtime = Runtime(program: try ProjectLoader.load(path: "proj"), options: options)
/// let watcher = ProjectWatcher(runtime: runtime, projectPath: "proj")
/// watcher.start()
/// defer { watcher.stop() }
/// ```
public final class ProjectWatcher: Sendable {
    /// The runtime whose program is replaced on each reload.
    public let runtime: Runtime
    /// The manifest this watcher reloads.
    public let manifestPath: String
    /// How changes are noticed.
    public let options: WatchOptions
    /// The command line's `--plugin-isolation`, applied to every reload.
    public let pluginIsolation: PluginIsolation?
    /// The toolset sources the program was loaded with, passed again to every reload.
    public let toolsetSources: [any ToolsetSource]
    private let state: Mutex<ReloadState>
    private let monitor = Mutex<FileChangeMonitor?>(nil)
    /// Plugins loaded by reloads, reused while their files are unchanged.
    private let plugins = PluginCache()
    /// MCP servers, kept running across reloads while their entries are unchanged.
    private let mcpServers = MCPServerCache()
    /// One task per toolset source of the current program, waiting for its changes; nil while
    /// the watcher is stopped.
    private let subscriptions = Mutex<[Task<Void, Never>]?>(nil)

    /// Creates a watcher for a runtime whose program was loaded from `projectPath`. The files'
    /// current contents count as the loaded ones. Nothing is watched until ``start()``.
    ///
    /// - Parameters:
    ///   - runtime: the runtime whose program is replaced on each successful reload.
    ///   - projectPath: a `project.json` file, or a folder containing one (as for ``ProjectLoader/load(path:pluginIsolation:toolsetSources:)``).
    ///   - options: inotify or polling, and the debounce delays.
    ///   - pluginIsolation: as for ``ProjectLoader/load(path:pluginIsolation:toolsetSources:)``, on every reload.
    ///   - toolsetSources: the sources the program was loaded with, on every reload.
    public init(
        runtime: Runtime, projectPath: String, options: WatchOptions = WatchOptions(), pluginIsolation: PluginIsolation? = nil,
        toolsetSources: [any ToolsetSource] = []
    ) {
        self.runtime = runtime
        self.pluginIsolation = pluginIsolation
        self.toolsetSources = toolsetSources
        mcpServers.adopt(runtime.program)
        self.manifestPath = ProjectLoader.manifestPath(for: projectPath)
        self.options = options
        let program = runtime.program
        let files = WatchSet(program: program).union(.declared(manifestPath: manifestPath))
        self.state = Mutex(ReloadState(program: program, files: files))
    }

    /// Starts watching (on a thread of its own). Does nothing when already started. The
    /// thread keeps the watcher alive until ``stop()``.
    public func start() {
        monitor.withLock { monitor in
            guard monitor == nil else { return }
            let files = state.withLock { $0.files }
            monitor = FileChangeMonitor(files: files, options: options) { [self] in
                _ = try? reload(trigger: .fileChange)  // a failure is reported as events
                return state.withLock { $0.files }
            }
            follow(state.withLock { $0.program.toolsetSources }, starting: true)
        }
    }

    /// Waits for changes of `sources` (the current program's), replacing earlier subscriptions;
    /// does nothing while stopped unless `starting`. A change reloads off the cooperative pool;
    /// a failure is reported as events. (Lock order: state, then subscriptions.)
    private func follow(_ sources: [any ToolsetSource], starting: Bool = false) {
        let previous = subscriptions.withLock { subscriptions -> [Task<Void, Never>] in
            guard starting || subscriptions != nil else { return [] }
            let old = subscriptions ?? []
            subscriptions = sources.map { source in
                let changes = source.changes()  // subscribed now: a change right after start counts
                return Task { [weak self] in
                    for await _ in changes {
                        guard let self, !Task.isCancelled else { return }
                        await BlockingPool.current.runToCompletion { _ = try? self.reload(trigger: .toolsetChange(source.origin)) }
                    }
                }
            }
            return old
        }
        for task in previous { task.cancel() }
    }

    /// Stops watching; a reload in progress finishes first. The watcher can be started again.
    public func stop() {
        let running = monitor.withLock { monitor in
            defer { monitor = nil }
            return monitor
        }
        running?.stop()
        let tasks = subscriptions.withLock { subscriptions in
            defer { subscriptions = nil }
            return subscriptions ?? []
        }
        for task in tasks { task.cancel() }
    }

    /// Whether changes are seen through inotify (false: polled, or not started).
    package var usesInotify: Bool { monitor.withLock { $0?.usesInotify ?? false } }

    /// The generation new calls start on: 1 for the program the watcher started with, +1 per reload.
    public var generation: Int { state.withLock { $0.generation } }

    /// Reloads the project now, changed or not, and waits for the outcome. It blocks while files
    /// are read and plugins are loaded: call it off the cooperative pool, or use ``reload()``.
    ///
    /// - Returns: what changed and what was reloaded (also emitted as a reload event).
    /// - Throws: ``ProjectError`` when the project does not load; the previous program keeps serving.
    @discardableResult
    public func reloadNow() throws(ProjectError) -> ReloadReport {
        // `reload(trigger: .manual)` always loads, so it always has a report or an error.
        guard let report = try reload(trigger: .manual) else { return ReloadReport(trigger: .manual, generation: generation, changedFiles: []) }
        return report
    }

    /// ``reloadNow()`` on the blocking pool, for async callers. It runs to completion even if
    /// the task is cancelled: the program may already have been replaced.
    @discardableResult
    public func reload() async throws(ProjectError) -> ReloadReport {
        try await BlockingPool.current.runToCompletion { Result { () throws(ProjectError) in try self.reloadNow() } }.get()
    }

    /// Reloads when a file's content changed (or always, for a manual reload), replaces the
    /// runtime's program when the new one links, and reports either way. Serialized: the lock
    /// is held for the whole load, so two reloads never race to replace the program.
    ///
    /// - Returns: nil when nothing changed and the reload was not manual.
    private func reload(trigger: ReloadReport.Trigger) throws(ProjectError) -> ReloadReport? {
        let events = runtime.options.events
        return try state.withLock { (state) throws(ProjectError) -> ReloadReport? in
            let changed = state.refresh()
            guard trigger != .fileChange || !changed.isEmpty else { return nil }
            let root = state.program.projectRoot
            let shown = changed.sorted().map { ProjectLoader.display($0, root: root) }
            do throws(ProjectError) {
                let program = try ProjectLoader.load(
                    path: manifestPath, pluginIsolation: pluginIsolation, toolsetSources: toolsetSources, mcpServers: mcpServers
                ) { declared, root, settings throws(ProjectError) in
                    try plugins.load(declaredPath: declared, projectRoot: root, settings: settings)
                }
                let diff = ProgramDiff(old: state.program, new: program, changedFiles: changed)
                runtime.replaceProgram(program)
                state.accept(program, declared: .declared(manifestPath: manifestPath))
                var reloaded = diff.reloaded
                if case .toolsetChange(let origin) = trigger { reloaded.append("toolsets from \(origin)") }
                let report = ReloadReport(
                    trigger: trigger, generation: state.generation, changedFiles: shown, reloaded: reloaded,
                    pluginVersions: diff.pluginVersions, changedToolSchemas: diff.changedToolSchemas)
                events.emit(.reload(ReloadEvent(report: report)))
                follow(program.toolsetSources)
                return report
            } catch {
                state.watch(.declared(manifestPath: manifestPath))
                let report = ReloadReport(trigger: trigger, generation: state.generation, changedFiles: shown)
                events.emit(.warning(WarningEvent(
                    message: "reload failed; the previous version keeps serving until the files are fixed:\n\(error.description)")))
                events.emit(.reload(ReloadEvent(report: report, error: error.description)))
                throw error
            }
        }
    }
}

/// The watcher's record of the last good program and of the files as last seen.
struct ReloadState: Sendable {
    private(set) var program: Program
    private(set) var generation = 1
    /// The files to watch: the last good program's, plus what the manifest names now.
    var files: WatchSet
    /// Each file's fingerprint and content hash when last looked at.
    private var seen: [String: FileState] = [:]

    struct FileState: Sendable, Hashable {
        var fingerprint: FileFingerprint?
        var hash: UInt64?
    }

    init(program: Program, files: WatchSet) {
        self.program = program
        self.files = files
        _ = refresh()
    }

    /// Looks at every file again; returns those whose content differs from when last looked
    /// at. A file whose `stat` is unchanged is not read; one that was touched but not changed
    /// is read, found equal, and not reported.
    mutating func refresh() -> Set<String> {
        var changed: Set<String> = []
        for file in files.files {
            let fingerprint = FileFingerprint(path: file)
            let known = seen[file]
            if let known, known.fingerprint == fingerprint { continue }
            let hash = fingerprint == nil ? nil : ContentHash.of(path: file)
            if let known, known.hash != hash { changed.insert(file) }
            seen[file] = FileState(fingerprint: fingerprint, hash: hash)
        }
        return changed
    }

    /// Adds files to watch (what a manifest that failed to load names); their current state
    /// is their first sight, so creating or fixing one later counts as a change.
    mutating func watch(_ more: WatchSet) {
        files = files.union(more)
        _ = refresh()
    }

    /// Records a successful reload.
    mutating func accept(_ program: Program, declared: WatchSet) {
        self.program = program
        generation += 1
        files = WatchSet(program: program).union(declared)
        seen = seen.filter { files.files.contains($0.key) }
        _ = refresh()  // files new to the watch set are seen for the first time: not changes
    }
}

import Dispatch
import Glibc
import LLMDoToolABI
import Synchronization

/// The process's plugin images and their `init` / `shutdown`, each exactly once per image.
///
/// An image is one `dlopen`ed copy of a plugin file's code (a rebuilt file reloaded by hot swap
/// is a new image; loading an unchanged file again reuses the live one). Its life:
/// 1. loaded and validated (`PluginLoading`), then `init` once; an image whose descriptor or
///    `init` fails is retired without `shutdown`.
/// 2. in use while its `PluginGeneration` lives: every program, toolset, function and
///    running call holds the generation, so it cannot go while a call of it runs.
/// 3. `shutdown` once, after a successful `init`: on a plugin thread when the generation is
///    released (a hot swap replaced it and its last call returned), or in ``shutdownAll()``
///    before the process exits, whichever comes first. A retired image is never used again:
///    loading its file once more loads a fresh private copy.
public enum PluginLifecycle {
    /// Runs `shutdown` of every plugin image that is initialized and not yet shut down, on the
    /// calling thread, and waits for shutdowns already running on plugin threads (images a
    /// hot swap released). Afterwards no plugin code runs for the images loaded so far.
    ///
    /// The `llmdo` command calls it once before every normal exit. An embedding program calls
    /// it once before it exits, after its runs have returned (it must not race a running
    /// plugin call: a finished run has no call left, and calls still running are the caller's
    /// to wait for). Calling it again does nothing for the images already shut down.
    public static func shutdownAll() {
        let pending = registry.withLock { images in
            var claimed: [@convention(c) () -> Void] = []
            for key in images.keys {
                guard case .initialized(let shutdown) = images[key]?.state else { continue }
                images[key]?.state = .shutDown
                if let shutdown { claimed.append(shutdown) }
            }
            return claimed
        }
        for shutdown in pending { shutdown() }
        running.wait()
    }

    // MARK: - The registry (used by the loader and the host table)

    /// What the loader knows about one image.
    struct Image {
        enum State {
            /// Opened; its `init` has not (successfully) run.
            case loaded
            /// `init` succeeded; `shutdown` (if any) is still owed.
            case initialized((@convention(c) () -> Void)?)
            /// Retired: shut down, or refused before `init` succeeded.
            case shutDown
        }

        /// The user's file (absolute, symlinks resolved), even when a private copy was mapped.
        var realPath: UnsafeMutablePointer<CChar>
        var state: State = .loaded
        var generation = WeakGeneration()
    }

    /// Images by their load address (`dli_fbase`), which is also how `plugin_path` finds the
    /// image an address belongs to.
    private static let registry = Mutex<[UInt: Image]>([:])
    /// Shutdowns running on plugin threads.
    private static let running = DispatchGroup()

    /// Records an opened image, returning the live generation when the image is already in use
    /// (the same unchanged file loaded again), or `.retired` when it was used before and can
    /// never be used again (shut down, refused, or released).
    static func register(base: UInt, realPath: String) -> Registration {
        registry.withLock { images in
            guard let image = images[base] else {
                // Kept for the process's life, like the image: plugin_path lends it out.
                guard let copy = strdup(realPath) else { return .retired }
                images[base] = Image(realPath: copy)
                return .new
            }
            // Reused only while initialized and in use; an image whose generation is gone (or
            // going: its deinit may be about to run `shutdown`) is never handed out again.
            if case .initialized = image.state, let generation = image.generation.value { return .live(generation) }
            return .retired
        }
    }

    enum Registration {
        case new
        case live(PluginGeneration)
        case retired
    }

    /// Binds an image to the generation made for it.
    static func attach(_ generation: PluginGeneration) {
        registry.withLock { $0[generation.base]?.generation.value = generation }
    }

    /// Runs the image's `init` (if any) once; returns its refusal, if any.
    static func initialize(_ generation: PluginGeneration, file: String) -> ProjectDiagnostic? {
        var problem: ProjectDiagnostic?
        if let initialize = generation.plugin.`init` {
            let capacity = 1024
            let message = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
            defer { message.deallocate() }
            message[0] = 0
            let label = PluginCallLabel(plugin: file, function: "init")
            let status = PluginCallWatch.during(label, call: nil) { initialize(HostTable.api, message, capacity) }
            if status != LLMDO_OK {
                message[capacity - 1] = 0
                let text = String(cString: message)
                problem = ProjectDiagnostic(file: file, message: "plugin init failed (status \(status))\(text.isEmpty ? "" : ": \(text)")")
            }
        }
        let state: Image.State = problem == nil ? .initialized(generation.plugin.shutdown) : .shutDown
        registry.withLock { $0[generation.base]?.state = state }
        return problem
    }

    /// Retires an image that never got a generation (its entry or descriptor was refused).
    static func retire(base: UInt) {
        registry.withLock { $0[base]?.state = .shutDown }
    }

    /// Called when an image's generation is released: retires the image and, when it was
    /// initialized, runs its `shutdown` on a plugin thread (plugin code never runs on the
    /// cooperative pool, where the last reference may have been dropped).
    static func release(base: UInt) {
        let owed: (@convention(c) () -> Void)? = registry.withLock { images in
            guard let state = images[base]?.state else { return nil }
            images[base]?.state = .shutDown
            guard case .initialized(let shutdown) = state, let shutdown else { return nil }
            // Counted before the lock is released, so shutdownAll() cannot miss it.
            running.enter()
            return shutdown
        }
        guard let shutdown = owed else { return }
        // Safe from any thread: the plugin pool releases a finished job outside its lock, so a
        // last reference dropped there never reaches this submit while the lock is held.
        PluginThreads.shared.submit {
            shutdown()
            running.leave()
        }
    }

    /// The user's file of the image that contains `address` (for the host table's
    /// `plugin_path`), or nil when no plugin image does.
    static func realPath(containing address: UnsafeRawPointer) -> UnsafePointer<CChar>? {
        guard let base = DynamicLoader.base(of: address) else { return nil }
        return registry.withLock { images in images[base].map { UnsafePointer($0.realPath) } }
    }
}

/// A weak reference to a generation: the registry must not keep an image in use.
final class WeakGeneration: @unchecked Sendable {
    // Guarded by PluginLifecycle's registry lock.
    weak var value: PluginGeneration?
}

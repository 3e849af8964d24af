import Foundation
import Synchronization

/// The process groups of the running stdio MCP servers, killed when llmdo exits.
///
/// Each server leads its own process group and is killed by the kernel when the thread that
/// started it exits (`PR_SET_PDEATHSIG`, so even a SIGKILL of llmdo takes the server with it).
/// What a server started itself (`uvx` starting Python) is only reached through its group: an
/// `atexit` handler kills every registered group on any normal exit path (the end of a run,
/// `exit()` after a second SIGTERM/SIGINT/SIGHUP).
enum MCPProcessGroups {
    private static let groups = Mutex<Set<pid_t>>([])
    private static let installed = Mutex(false)

    static func register(_ group: pid_t) {
        groups.withLock { _ = $0.insert(group) }
        let install = installed.withLock { installed in
            defer { installed = true }
            return !installed
        }
        if install { atexit { MCPProcessGroups.killAll() } }
    }

    static func unregister(_ group: pid_t) {
        groups.withLock { _ = $0.remove(group) }
    }

    private static func killAll() {
        for group in groups.withLock({ $0 }) { kill(-group, SIGKILL) }
    }
}

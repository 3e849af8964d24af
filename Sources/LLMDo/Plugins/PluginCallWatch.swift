import CSignals
import Glibc
import Synchronization

/// What one plugin call is, named for the two moments the user must learn which plugin code
/// is running: a crash in it (the line `CSignals`'s signal handler writes) and a
/// cancellation it does not notice (``PluginCallWatch/notCheckingCancellation()``).
///
/// The crash texts are formatted here, before the call, because a signal handler can only
/// copy bytes that already exist.
package final class PluginCallLabel: Sendable {
    /// `toolset.function` (or `init`, or a code entry's name).
    package let function: String
    /// The C strings the crash handler reads; allocated here, freed in `deinit`, never mutated.
    private nonisolated(unsafe) let crash: UnsafeMutablePointer<llmdo_crash_label>

    /// - Parameters:
    ///   - path: the plugin file (its last component names it).
    ///   - function: `toolset.function`, `init`, or a code entry's name.
    package init(plugin path: String, function: String) {
        self.function = function
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let text = "plugin '\(file)' crashed in \(function)"
        let quoted = JSONValue.string(text).jsonText
        crash = .allocate(capacity: 1)
        crash.initialize(to: llmdo_crash_label(text: strdup(text), json: strdup(String(quoted.dropFirst().dropLast()))))
    }

    deinit {
        free(UnsafeMutablePointer(mutating: crash.pointee.text))
        free(UnsafeMutablePointer(mutating: crash.pointee.json))
        crash.deallocate()
    }

    fileprivate var cLabel: UnsafePointer<llmdo_crash_label> { UnsafePointer(crash) }
}

/// The plugin calls running right now, and whether each cancelled one has since noticed.
///
/// A plugin that never calls `is_cancelled` cannot be stopped from outside; the CLI asks
/// ``notCheckingCancellation()`` after a Ctrl-C to say which calls it is waiting for.
package enum PluginCallWatch {
    private struct Running {
        let label: PluginCallLabel
        let call: PluginCall
        /// Whether `is_cancelled` has answered yes to this call.
        var noticed = false
    }

    private static let running = Mutex<[ObjectIdentifier: Running]>([:])

    /// Runs plugin code on the current (plugin) thread under `label`: a crash names it, and
    /// while `call` runs it is listed as running.
    static func during<T>(_ label: PluginCallLabel?, call: PluginCall?, _ body: () -> T) -> T {
        guard let label else { return body() }
        if let call { running.withLock { $0[ObjectIdentifier(call)] = Running(label: label, call: call) } }
        let previous = llmdo_crash_guard_enter(label.cLabel)
        defer {
            llmdo_crash_guard_leave(previous)
            if let call { _ = running.withLock { $0.removeValue(forKey: ObjectIdentifier(call)) } }
        }
        return withExtendedLifetime(label) { body() }
    }

    /// Records that `is_cancelled` told `call` it is cancelled.
    static func noticedCancellation(_ call: PluginCall) {
        running.withLock { $0[ObjectIdentifier(call)]?.noticed = true }
    }

    /// The functions of cancelled calls still running that have not called `is_cancelled`
    /// since they were cancelled, sorted.
    package static func notCheckingCancellation() -> [String] {
        running.withLock { calls in
            calls.values.filter { $0.call.isCancelled && !$0.noticed }.map(\.label.function).sorted()
        }
    }
}

/// How a ``ProjectWatcher`` notices changes.
public struct WatchOptions: Sendable {
    /// How change detection works.
    public enum Mode: Sendable {
        /// inotify on the files' folders where available, polling for what it cannot cover.
        case automatic
        /// Polling only (network file systems, containers without inotify).
        case polling
    }

    /// How changes are noticed.
    public var mode: Mode
    /// Quiet time after a finished write (closed after writing, or renamed into place) before
    /// reloading; it groups a burst of saves into one reload.
    public var settle: Duration
    /// Quiet time after any other sign of change (a file created or deleted, a polled change),
    /// so a file still being written is not read half-way.
    public var debounce: Duration
    /// How often polled files are checked.
    public var pollInterval: Duration

    /// Options; the defaults suit an editor saving files.
    public init(
        mode: Mode = .automatic, settle: Duration = .milliseconds(20), debounce: Duration = .milliseconds(150),
        pollInterval: Duration = .seconds(1)
    ) {
        self.mode = mode
        self.settle = settle
        self.debounce = debounce
        self.pollInterval = pollInterval
    }
}

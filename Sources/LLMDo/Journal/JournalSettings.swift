/// Where a run's journal goes (`runtime.journal` in the manifest, `--journal` on the command line).
public struct JournalSettings: Sendable, Hashable {
    /// The folder that holds one `<run-id>.jsonl` per run; relative to the project's folder
    /// when it comes from the manifest.
    public var directory: String
    /// Whether each record is also flushed to the disk (`fsync`), not only to the page cache.
    public var fsync: Bool

    public init(directory: String, fsync: Bool = false) {
        self.directory = directory
        self.fsync = fsync
    }
}

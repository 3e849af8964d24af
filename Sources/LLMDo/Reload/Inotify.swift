import Glibc

/// The Linux inotify calls the file monitor needs: one non-blocking descriptor, directory
/// watches, and decoding of the variable-length events it reads.
final class Inotify: Sendable {
    /// One event: the watch it belongs to, what happened, and the file name inside the folder.
    struct Event: Sendable {
        var watch: Int32
        var mask: UInt32
        var name: String

        /// The write is finished (closed after writing, or renamed into place): the file can be
        /// read at once. Other events (create, delete) may be the middle of a save.
        var isComplete: Bool { mask & (UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO)) != 0 }
        /// The kernel dropped events; anything may have changed.
        var isOverflow: Bool { mask & UInt32(IN_Q_OVERFLOW) != 0 }
        /// The watched folder itself is gone (its watch was removed).
        var isWatchGone: Bool { mask & UInt32(IN_IGNORED) != 0 }
    }

    /// What is watched in each folder: end of in-place writes, renames in, creation, deletion.
    static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM)

    let descriptor: Int32

    /// Opens an inotify instance, or returns nil where the kernel or container offers none.
    init?() {
        let fd = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Watches a folder; nil when it cannot be watched (missing, no permission, out of watches).
    func watch(directory: String) -> Int32? {
        let watch = inotify_add_watch(descriptor, directory, Self.mask)
        return watch >= 0 ? watch : nil
    }

    func unwatch(_ watch: Int32) { _ = inotify_rm_watch(descriptor, watch) }

    /// Every event queued now (the descriptor is non-blocking).
    func readEvents() -> [Event] {
        var events: [Event] = []
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, capacity)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return events }
            var offset = 0
            // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[]; }
            let header = 16
            while offset + header <= count {
                let watch = buffer.load(fromByteOffset: offset, as: Int32.self)
                let mask = buffer.load(fromByteOffset: offset + 4, as: UInt32.self)
                let length = Int(buffer.load(fromByteOffset: offset + 12, as: UInt32.self))
                let nameBytes = buffer[(offset + header)..<min(count, offset + header + length)]
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                events.append(Event(watch: watch, mask: mask, name: name))
                offset += header + length
            }
        }
    }
}

import Glibc

/// What `stat` says about a file: cheap enough to take every poll, and different after any
/// write, rename or replacement. Equal fingerprints mean "unchanged"; different ones only mean
/// "look at the content" (a `touch` changes the mtime, not the bytes).
struct FileFingerprint: Sendable, Hashable {
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int

    /// The file's fingerprint, or nil when it does not exist or cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = info.st_mtim.tv_sec
        modifiedNanoseconds = info.st_mtim.tv_nsec
    }
}

/// A 64-bit FNV-1a hash of a file's bytes. It detects change, not tampering: the files are the
/// operator's own, and a collision would only delay a reload until the next save.
enum ContentHash {
    /// The hash of the file at `path`, or nil when it cannot be read.
    static func of(path: String) -> UInt64? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return hash }
            for byte in buffer.prefix(count) {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
    }
}

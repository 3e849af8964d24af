import Glibc
import Synchronization

/// Loads a private copy of a plugin file, for a reload of a file that changed after its first
/// image was loaded (`dlopen` would return the old image for the same name or inode).
///
/// The copy goes into a fresh `mkdtemp` folder under `$TMPDIR` (or `/tmp`), checked to be a
/// directory owned by this user with mode 0700, and every later step goes through a descriptor
/// of that folder: the file is created with `openat(O_EXCL | O_NOFOLLOW)`, and `dlopen` opens
/// `/proc/self/fd/N/NAME`, which resolves through the descriptor. So no other user can reach
/// the copy, and nobody can swap the folder or the file between the copy and the `dlopen`
/// (renaming the folder's path does not change what the descriptor points at).
///
/// The folder also holds a symlink to every other entry of the plugin's real folder, so
/// `$ORIGIN`-relative libraries (`-Wl,-rpath,'$ORIGIN'`) resolve as they did on the first
/// load. The copy's name is unique in the process (`dlopen` deduplicates by name). The folder
/// is removed once the library is open: the mapping stays, and a plugin finds its real file
/// through the host's `plugin_path`.
enum PrivateCopy {
    private static let counter = Atomic<Int>(0)

    /// Where private folders are made: `$TMPDIR`, or `/tmp`.
    static var temporaryFolder: String {
        getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    /// Copies `realPath` and opens the copy with `dlopen(mode)`.
    ///
    /// - Returns: the handle, or `dlerror`'s text (naming the copy) when `dlopen` refused it.
    /// - Throws: the system error that stopped the copy (folder, ownership, read or write).
    static func open(_ realPath: String, mode: Int32) throws(Errno) -> Result<UnsafeMutableRawPointer, DlopenFailure> {
        var folder = try PrivateFolder()
        defer { folder.remove() }
        let slash = realPath.lastIndex(of: "/")
        let name = slash.map { String(realPath[realPath.index(after: $0)...]) } ?? realPath
        let copyName = "\(counter.add(1, ordering: .relaxed).newValue)-\(name)"
        try folder.copy(realPath, as: copyName)
        if let slash { folder.linkEntries(of: String(realPath[..<slash]), except: [name, copyName]) }
        let path = "/proc/self/fd/\(folder.descriptor)/\(copyName)"
        guard let handle = dlopen(path, mode) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            return .failure(DlopenFailure(message: reason.replacingAll(path, with: realPath)))
        }
        return .success(handle)
    }
}

/// `dlerror`'s text for a refused library.
struct DlopenFailure: Error {
    let message: String
}

/// A fresh folder only this user can use, held open by descriptor.
private struct PrivateFolder {
    let path: String
    let descriptor: Int32
    /// Names created in the folder (removed with it).
    private(set) var created: [String] = []

    init() throws(Errno) {
        var template = Array("\(PrivateCopy.temporaryFolder)/llmdo-plugin-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } != nil }
        guard made else { throw Errno(errno) }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let descriptor = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = Errno(errno)
            rmdir(path)
            throw error
        }
        // mkdtemp made it 0700 and ours; check what the descriptor holds, so a folder swapped in
        // before `open` is refused rather than used.
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid(),
            info.st_mode & 0o777 == 0o700
        else {
            close(descriptor)
            throw Errno(EPERM)
        }
        self.descriptor = descriptor
    }

    /// Copies the file at `source` into the folder as `name`.
    mutating func copy(_ source: String, as name: String) throws(Errno) {
        let input = Glibc.open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw Errno(errno) }
        defer { close(input) }
        let output = openat(descriptor, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o700)
        guard output >= 0 else { throw Errno(errno) }
        created.append(name)
        defer { close(output) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer.baseAddress, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw Errno(errno) }
            if count == 0 { return }
            var offset = 0
            while offset < count {
                let written = write(output, buffer.baseAddress.map { $0 + offset }, count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { throw Errno(errno) }
                offset += written
            }
        }
    }

    /// Links every entry of `folder` (but `excluded`) into this folder, so `$ORIGIN` finds the
    /// plugin's siblings. A name that cannot be linked is skipped: it only matters if the
    /// plugin needs it, and then `dlopen` names it.
    mutating func linkEntries(of folder: String, except excluded: Set<String>) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != "..", !excluded.contains(name) else { continue }
            if symlinkat("\(folder)/\(name)", descriptor, name) == 0 { created.append(name) }
        }
    }

    /// Removes what was created and the folder (the loaded library's mapping stays).
    func remove() {
        for name in created { unlinkat(descriptor, name, 0) }
        close(descriptor)
        rmdir(path)
    }
}

import Glibc
import LLMDoToolABI
import Synchronization

/// A plugin's shared library, mapped into the process: its entry function, its load address,
/// and the user's file it came from.
///
/// The first load of a file `dlopen`s the user's file itself (symlinks resolved), so
/// `$ORIGIN`-relative libraries, `dladdr` and everything else a shared library expects work
/// as usual. Loading the same unchanged file again returns that image (and its live
/// generation, if it is still in use). `dlopen` caches by name and inode, so a file that
/// changed since (a hot swap) is loaded from a ``PrivateCopy`` instead, which gets a new
/// image; so is a file whose image was already retired (see ``PluginLifecycle``).
/// Opened `RTLD_NOW` (every symbol resolved up front), `RTLD_LOCAL` (its symbols never
/// satisfy anyone else's), `RTLD_NODELETE`, and never `dlclose`d.
struct PluginImage {
    let entry: llmdo_entry_fn
    /// The load address (`dli_fbase`): the image's key in ``PluginLifecycle``.
    let base: UInt
    /// The user's file, absolute with symlinks resolved.
    let realPath: String
    /// The generation already made for this image, when it is loaded and still in use.
    let live: PluginGeneration?

    private static let mode = RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE

    /// What each file loaded directly looked like then: a later load of that name maps the
    /// same image only while the file is unchanged.
    private static let directLoads = Mutex<[String: FileIdentity]>([:])

    /// Opens `path` and finds its entry function.
    static func open(_ path: String, declaredPath: String) throws(ProjectError) -> PluginImage {
        func failure(_ message: String) -> ProjectError { ProjectError(ProjectDiagnostic(file: declaredPath, message: message)) }
        let realPath = resolvedPath(path)
        guard let identity = FileIdentity(path: realPath) else { throw failure("cannot read the plugin file \(path): \(Errno(errno).text)") }
        let direct = directLoads.withLock { loads in
            if let earlier = loads[realPath] { return earlier == identity }
            loads[realPath] = identity
            return true
        }
        if direct {
            guard let handle = dlopen(realPath, mode) else {
                let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
                throw failure("not a loadable shared library: \(reason)")
            }
            let image = try image(handle, realPath: realPath, failure: failure)
            switch PluginLifecycle.register(base: image.base, realPath: realPath) {
            case .new: return image
            case .live(let generation): return PluginImage(entry: image.entry, base: image.base, realPath: realPath, live: generation)
            case .retired: break  // used up (shut down, or refused): load a fresh copy below
            }
        }
        let opened: Result<UnsafeMutableRawPointer, DlopenFailure>
        do {
            opened = try PrivateCopy.open(realPath, mode: mode)
        } catch {
            throw failure("cannot make a private copy of the plugin file \(path) in \(PrivateCopy.temporaryFolder) to reload it: \(error.text)")
        }
        let handle: UnsafeMutableRawPointer
        switch opened {
        case .success(let opened): handle = opened
        case .failure(let refusal): throw failure("not a loadable shared library: \(refusal.message)")
        }
        let image = try image(handle, realPath: realPath, failure: failure)
        _ = PluginLifecycle.register(base: image.base, realPath: realPath)  // a fresh copy is always new
        return image
    }

    /// The entry function and load address of an opened library.
    private static func image(_ handle: UnsafeMutableRawPointer, realPath: String, failure: (String) -> ProjectError)
        throws(ProjectError) -> PluginImage
    {
        guard let symbol = dlsym(handle, LLMDO_ENTRY_SYMBOL) else {
            if let major = (2...9).first(where: { dlsym(handle, "llmdo_entry_v\($0)") != nil }) {
                throw failure("plugin was built for LLMDoToolABI \(major).x (it exports llmdo_entry_v\(major)), but this llmdo supports \(LLMDO_ABI_MAJOR).x")
            }
            throw failure("not an llmdo plugin: it does not export \(LLMDO_ENTRY_SYMBOL)")
        }
        guard let base = DynamicLoader.base(of: symbol) else {
            throw failure("the dynamic loader does not know where \(LLMDO_ENTRY_SYMBOL) was loaded")
        }
        return PluginImage(
            entry: unsafeBitCast(symbol, to: llmdo_entry_fn.self), base: base, realPath: realPath, live: nil)
    }

    /// `path` absolute, with symlinks resolved (as given when it cannot be resolved).
    private static func resolvedPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `LLMDO_PLUGIN_PATH`, split on colons.
    static func environmentSearchPath() -> [String] {
        guard let value = getenv("LLMDO_PLUGIN_PATH") else { return [] }
        return String(cString: value).split(separator: ":").map(String.init)
    }

    /// The running executable's folder (`/proc/self/exe`).
    static func executableDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let path = buffer[..<count].withUnsafeBufferPointer { String(decoding: UnsafeRawBufferPointer($0), as: UTF8.self) }
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }
}

/// Which file a path names, and which version of it: equal identities mean "the same bytes"
/// for a file that is replaced by rename or rewritten (the mtime and ctime move).
private struct FileIdentity: Equatable {
    private let info: stat

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.info = info
    }

    static func == (a: FileIdentity, b: FileIdentity) -> Bool {
        func same(_ x: timespec, _ y: timespec) -> Bool { x.tv_sec == y.tv_sec && x.tv_nsec == y.tv_nsec }
        return a.info.st_dev == b.info.st_dev && a.info.st_ino == b.info.st_ino && a.info.st_size == b.info.st_size
            && same(a.info.st_mtim, b.info.st_mtim) && same(a.info.st_ctim, b.info.st_ctim)
    }
}

/// An errno value with its message.
struct Errno: Error {
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var text: String { String(cString: strerror(code)) }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

import Glibc
import LLMDoToolABI
import Synchronization

/// A plugin's shared library, opened from a private copy.
///
/// `dlopen` returns the already-loaded image for a path it has seen (even after the file was
/// replaced), so each load copies the file to a unique private path first: a rebuilt plugin
/// gets a new image, which is what hot swap needs. The copy is unlinked once open (the mapping
/// stays). Opened `RTLD_NOW` (every symbol resolved up front), `RTLD_LOCAL` (its symbols never
/// satisfy anyone else's), `RTLD_NODELETE`, and never `dlclose`d.
struct PluginImage {
    let entry: llmdo_entry_fn

    private static let counter = Atomic<Int>(0)

    /// Opens `path` and finds its entry function.
    static func open(_ path: String, declaredPath: String) throws(ProjectError) -> PluginImage {
        func failure(_ message: String) -> ProjectError { ProjectError(ProjectDiagnostic(file: declaredPath, message: message)) }
        let copy: String
        do { copy = try privateCopy(of: path) } catch { throw failure("cannot read the plugin file \(path): \(error.text)") }
        defer { unlink(copy) }
        guard let handle = dlopen(copy, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            // dlerror names the private copy; show the user's file instead.
            throw failure("not a loadable shared library: \(reason.replacingAll(copy, with: path))")
        }
        guard let symbol = dlsym(handle, LLMDO_ENTRY_SYMBOL) else {
            if let major = (2...9).first(where: { dlsym(handle, "llmdo_entry_v\($0)") != nil }) {
                throw failure("plugin was built for LLMDoToolABI \(major).x (it exports llmdo_entry_v\(major)), but this llmdo supports \(LLMDO_ABI_MAJOR).x")
            }
            throw failure("not an llmdo plugin: it does not export \(LLMDO_ENTRY_SYMBOL)")
        }
        return PluginImage(entry: unsafeBitCast(symbol, to: llmdo_entry_fn.self))
    }

    /// Copies a file to a new path only this process uses.
    private static func privateCopy(of path: String) throws(Errno) -> String {
        let temporary = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        let folder = "\(temporary)/llmdo-plugins-\(getuid())"
        if mkdir(folder, 0o700) != 0, errno != EEXIST { throw Errno(errno) }
        let name = path.split(separator: "/").last.map(String.init) ?? "plugin.so"
        let copy = "\(folder)/\(getpid())-\(counter.add(1, ordering: .relaxed).newValue)-\(name)"
        let source = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw Errno(errno) }
        defer { close(source) }
        let target = Glibc.open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o700)
        guard target >= 0 else { throw Errno(errno) }
        defer { close(target) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count == 0 { return copy }
            guard count > 0 else {
                unlink(copy)
                throw Errno(errno)
            }
            let written = buffer.withUnsafeBytes { write(target, $0.baseAddress, count) }
            guard written == count else {
                unlink(copy)
                throw Errno(errno)
            }
        }
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

import Glibc

/// `dladdr(3)`, which Swift's Glibc module leaves out (it is a GNU extension): which loaded
/// object an address belongs to.
enum DynamicLoader {
    /// `Dl_info`: four pointers (file name, load address, symbol name, symbol address).
    private typealias Info = (UnsafePointer<CChar>?, UnsafeRawPointer?, UnsafePointer<CChar>?, UnsafeRawPointer?)
    private typealias Dladdr = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32

    // Found once in the process's global scope (libc); an immutable function pointer.
    private static let dladdr: Dladdr? = {
        guard let global = dlopen(nil, RTLD_NOW), let symbol = dlsym(global, "dladdr") else { return nil }
        return unsafeBitCast(symbol, to: Dladdr.self)
    }()

    /// The load address (`dli_fbase`) of the object containing `address`, or nil when none does.
    static func base(of address: UnsafeRawPointer) -> UInt? {
        guard let dladdr else { return nil }
        var info: Info = (nil, nil, nil, nil)
        let found = withUnsafeMutableBytes(of: &info) { dladdr(address, $0.baseAddress) }
        guard found != 0, let base = info.1 else { return nil }
        return UInt(bitPattern: base)
    }
}

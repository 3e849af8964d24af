import Foundation

/// The ELF interpreter (`PT_INTERP`, e.g. `/lib64/ld-linux-x86-64.so.2`) a program names: the
/// kernel executes it too, so the sandbox must allow executing it.
enum ElfInterpreter {
    /// The interpreter's real path, or `nil` for a static program, a script, or a 32-bit or
    /// big-endian ELF file (not supported: such a program then fails to start in the sandbox).
    static func path(of program: String) -> String? {
        let fd = open(program, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        func bytes(at offset: Int, count: Int) -> [UInt8]? {
            guard count > 0, count <= 4096 else { return nil }
            var buffer = [UInt8](repeating: 0, count: count)
            let read = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            return read == count ? buffer : nil
        }
        func integer(_ bytes: [UInt8], at offset: Int, size: Int) -> Int {
            // Little-endian; every field read here fits in Int on a 64-bit host.
            (0..<size).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) } & Int.max
        }
        // ELF magic, 64-bit class, little-endian.
        guard let header = bytes(at: 0, count: 64), header[0..<4] == [0x7F, 0x45, 0x4C, 0x46], header[4] == 2,
            header[5] == 1
        else { return nil }
        let tableOffset = integer(header, at: 0x20, size: 8)
        let entrySize = integer(header, at: 0x36, size: 2)
        let count = integer(header, at: 0x38, size: 2)
        guard entrySize >= 56, tableOffset < Int(Int32.max),
            let table = bytes(at: tableOffset, count: min(count * entrySize, 4096))
        else { return nil }
        for index in 0..<(table.count / entrySize) {
            let entry = index * entrySize
            guard integer(table, at: entry, size: 4) == 3 else { continue }  // PT_INTERP
            let offset = integer(table, at: entry + 8, size: 8)
            let size = integer(table, at: entry + 0x20, size: 8)
            guard offset < Int(Int32.max), let name = bytes(at: offset, count: size) else { return nil }
            let path = String(decoding: name.prefix { $0 != 0 }, as: UTF8.self)
            return realpath(path, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            }
        }
        return nil
    }
}

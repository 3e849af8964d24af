import Foundation

/// `read_file`: a window of a UTF-8 text file, with the file's total length so a caller can page
/// through it (llm-do's recursive summarizer relies on `total_chars`).
///
/// Lengths and offsets count Unicode scalars (what Python's `len` counts). Binary files (a NUL
/// byte, invalid UTF-8, or the signature of a binary format such as `%PDF-`, which an ASCII PDF
/// would otherwise pass as text) and files over ``maxBytes`` are refused, as is anything that is
/// not a regular file (a FIFO would block the read).
enum ReadFile {
    /// The largest file read (bytes).
    static let maxBytes = 10 * 1024 * 1024
    /// Scalars returned when the call gives no `max_chars`.
    static let defaultMaxChars = 20_000

    /// Reads `path` (already confined) and returns `{content, total_chars, offset, truncated}`.
    static func run(_ resolved: BaseFolder.Resolved, shownAs path: String, maxChars: Int, offset: Int) throws(ToolError)
        -> JSONValue
    {
        guard resolved.exists else { throw ToolError.failed("'\(path)' does not exist") }
        let bytes = try readBytes(resolved.absolute, shownAs: path)
        if let format = binarySignatures.first(where: { bytes.starts(with: $0.magic) })?.format {
            throw ToolError.failed("'\(path)' is a \(format) file, not text; read_file reads text files only")
        }
        if bytes.contains(0) || String(validating: bytes, as: UTF8.self) == nil {
            throw ToolError.failed("'\(path)' is a binary file, not UTF-8 text; read_file reads text files only")
        }
        let (total, startIndex, endIndex) = scalarWindow(bytes, from: offset, count: maxChars)
        let first = min(offset, total)
        let truncated = maxChars < total - first
        let content = String(decoding: bytes[startIndex..<endIndex], as: UTF8.self)
        return [
            "content": .string(content), "total_chars": .int(Int64(total)), "offset": .int(Int64(first)),
            "truncated": .bool(truncated),
        ]
    }

    /// Leading bytes of binary formats that can be valid UTF-8 all the same (an ASCII-only PDF),
    /// or that a model should get as an attachment rather than as text.
    static let binarySignatures: [(format: String, magic: [UInt8])] = [
        ("PDF", Array("%PDF-".utf8)), ("PNG", [0x89, 0x50, 0x4E, 0x47]), ("GIF", Array("GIF8".utf8)),
        ("JPEG", [0xFF, 0xD8, 0xFF]), ("ZIP", [0x50, 0x4B, 0x03, 0x04]), ("gzip", [0x1F, 0x8B]),
        ("ELF", [0x7F, 0x45, 0x4C, 0x46]), ("PostScript", Array("%!PS".utf8)),
    ]

    /// One pass over valid UTF-8: the number of scalars, and the byte range of the scalars
    /// `[offset, offset + count)` (clamped to the end).
    private static func scalarWindow(_ bytes: [UInt8], from offset: Int, count: Int) -> (total: Int, start: Int, end: Int) {
        let endScalar = offset.addingReportingOverflow(count).overflow ? Int.max : offset + count
        var start = bytes.count, end = bytes.count, scalars = 0
        bytes.withUnsafeBufferPointer { buffer in
            for (index, byte) in buffer.enumerated() where byte & 0xC0 != 0x80 {
                // Every byte that is not a UTF-8 continuation byte starts a scalar.
                if scalars == offset { start = index }
                if scalars == endScalar { end = index }
                scalars += 1
            }
        }
        return (scalars, start, end)
    }

    /// The file's bytes, after checking it is a regular file within the size limit.
    private static func readBytes(_ absolute: String, shownAs path: String) throws(ToolError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: the name was
        // resolved already, so a symlink here means it changed under us.
        let fd = open(absolute, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw ToolError.failed("'\(path)' cannot be read: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ToolError.failed("'\(path)' cannot be read: \(String(cString: strerror(errno)))") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw ToolError.failed("'\(path)' is a folder; use list_files to see what is in it")
        default: throw ToolError.failed("'\(path)' is not a regular file")
        }
        let size = Int(info.st_size)
        guard size <= maxBytes else {
            throw ToolError.failed(
                "'\(path)' is \(CountText.grouped(size)) bytes; read_file reads files up to \(CountText.grouped(maxBytes)) bytes")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress.map { $0 + filled }, size - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }  // the file shrank while we read it
            filled += count
        }
        if filled < size { bytes.removeLast(size - filled) }
        return bytes
    }
}

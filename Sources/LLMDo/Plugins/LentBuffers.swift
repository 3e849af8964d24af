import Glibc

/// The NUL-terminated strings the host lends a plugin during one call (`call_worker` and
/// `call_tool` output, the project root, string arguments). The ABI promises each one lives
/// until the plugin call returns, so nothing is freed earlier; what the host keeps per lent
/// string is its bytes and the NUL, packed into shared blocks (no allocation, no bookkeeping
/// entry per string), so a code entry making 100,000 `call_tool`s holds exactly the text it
/// was given. Long strings get a block of their own.
///
/// Not thread-safe: its owner (``PluginCall``) guards it.
struct LentBuffers: ~Copyable {
    private static let maxBlockSize = 16 * 1024

    private var blocks: [UnsafeMutableRawPointer] = []
    /// Free bytes at the end of the last shared block, and where they start.
    private var free = 0
    private var next: UnsafeMutableRawPointer?
    /// Bytes lent so far (text plus NUL), for tests and benchmarks.
    private(set) var bytesLent = 0

    init() {}

    deinit {
        for block in blocks { Glibc.free(block) }
    }

    /// Blocks allocated so far.
    var blockCount: Int { blocks.count }

    /// A NUL-terminated copy of `text` that lives as long as this arena.
    mutating func lend(_ text: String) -> UnsafeMutablePointer<CChar> {
        var text = text
        return text.withUTF8 { bytes in
            let size = bytes.count + 1
            bytesLent += size
            let target: UnsafeMutableRawPointer
            if size > Self.maxBlockSize / 4 {
                target = allocate(size)
            } else if let next, size <= free {
                target = next
            } else {
                // Blocks grow from 256 bytes, so a call that lends one short string stays cheap.
                let blockSize = max(size, min(Self.maxBlockSize, 256 << min(blocks.count, 6)))
                target = allocate(blockSize)
                free = blockSize
            }
            if size <= Self.maxBlockSize / 4 {
                next = target + size
                free -= size
            }
            if let base = bytes.baseAddress { target.copyMemory(from: base, byteCount: bytes.count) }
            target.storeBytes(of: 0, toByteOffset: bytes.count, as: UInt8.self)
            return target.assumingMemoryBound(to: CChar.self)
        }
    }

    private mutating func allocate(_ size: Int) -> UnsafeMutableRawPointer {
        // malloc fails only when out of memory; nothing sensible can continue then.
        guard let block = malloc(size) else { fatalError("out of memory lending \(size) bytes to a plugin") }
        blocks.append(block)
        return block
    }
}

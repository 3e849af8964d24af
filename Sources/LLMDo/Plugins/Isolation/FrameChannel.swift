import Glibc
import Synchronization

/// One end of the host ↔ helper socket: length-prefixed frames, each a JSON object.
///
/// A frame is a 4-byte little-endian length followed by that many bytes of compact JSON. Either
/// side may send at any time (requests carry `"op"` and `"id"`, replies `"re"`: the id they
/// answer), so one socket multiplexes every concurrent call. Writes are serialized by a lock;
/// reads happen on one dedicated thread per end and block in `read`.
final class FrameChannel: Sendable {
    /// Frames larger than this end the connection (a corrupt or hostile peer).
    static let maximumFrame = 256 << 20

    let fd: Int32
    private let writeLock = Mutex(())

    init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Sends one frame; false when the peer is gone.
    @discardableResult
    func send(_ message: JSONValue) -> Bool {
        var bytes = [UInt8](repeating: 0, count: 4)
        bytes.append(contentsOf: message.jsonText.utf8)
        let length = UInt32(truncatingIfNeeded: bytes.count - 4)
        for index in 0..<4 { bytes[index] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(index))) }
        return writeLock.withLock { _ in
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    // MSG_NOSIGNAL: a dead peer is an error here, not a SIGPIPE for the process.
                    let written = Glibc.send(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL))
                    if written < 0, errno == EINTR { continue }
                    guard written > 0 else { return false }
                    offset += written
                }
                return true
            }
        }
    }

    /// Blocks until the next frame; `nil` at end of stream, on an error or on a malformed frame.
    func receive() -> JSONValue? {
        var header = [UInt8](repeating: 0, count: 4)
        guard readFully(&header) else { return nil }
        var length = 0
        for index in 0..<4 { length |= Int(header[index]) << (8 * index) }
        guard length <= Self.maximumFrame else { return nil }
        var body = [UInt8](repeating: 0, count: length)
        guard readFully(&body) else { return nil }
        return try? JSONValue(parsing: body)
    }

    /// Ends the sending direction; the peer reads end of stream once it has read what was sent.
    func closeForWriting() { _ = shutdown(fd, Int32(SHUT_WR)) }

    private func readFully(_ buffer: inout [UInt8]) -> Bool {
        var offset = 0
        let count = buffer.count
        while offset < count {
            let received = buffer.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress.map { $0 + offset }, count - offset)
            }
            if received < 0, errno == EINTR { continue }
            guard received > 0 else { return false }
            offset += received
        }
        return true
    }
}

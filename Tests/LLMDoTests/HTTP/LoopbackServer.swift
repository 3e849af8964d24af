import Foundation
import Glibc
@testable import LLMDo

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests: plain sockets, TCP_NODELAY, one thread per
/// connection, keep-alive. A handler scripts each reply as steps (writes, pauses, a close or a
/// reset), so tests can replay recorded exchanges and inject faults; every request is captured.
final class LoopbackServer: @unchecked Sendable {
    // @unchecked: `captured` is guarded by `lock`; the rest is immutable after init.

    struct Request: Sendable {
        var method: String
        /// The request target as sent (a path, or an absolute URL through a proxy).
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
        var json: JSONValue { (try? JSONValue(parsing: body)) ?? .null }
    }

    enum Step: Sendable {
        case write([UInt8])
        case sleep(Double)
        /// Close the connection normally (FIN).
        case close
        /// Abort the connection (RST).
        case reset
        /// Run a closure on the connection's thread (a test holds a reply back until it has seen something).
        case run(@Sendable () -> Void)
    }

    typealias Handler = @Sendable (_ request: Request, _ number: Int) -> [Step]

    let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var captured: [Request] = []
    private var accepted = 0

    init(_ handler: @escaping Handler) throws {
        self.handler = handler
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(listener, socketAddress, length) == 0 && listen(listener, 512) == 0
                    && getsockname(listener, socketAddress, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(listener)
            throw POSIXError(.EADDRINUSE)
        }
        self.listener = listener
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { Glibc.shutdown(listener, Int32(SHUT_RDWR)); Glibc.close(listener) }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    var requests: [Request] { lock.withLock { captured } }

    /// Connections accepted so far (keep-alive reuse keeps it low).
    var connectionCount: Int { lock.withLock { accepted } }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 { return }
            lock.withLock { accepted += 1 }
            var yes: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        var buffer: [UInt8] = []
        defer { Glibc.close(connection) }
        while let request = readRequest(connection, &buffer) {
            let number = lock.withLock {
                captured.append(request)
                return captured.count - 1
            }
            for step in handler(request, number) {
                switch step {
                case .write(let bytes):
                    _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                case .sleep(let seconds):
                    Thread.sleep(forTimeInterval: seconds)
                case .run(let body):
                    body()
                case .close:
                    return
                case .reset:
                    var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                    setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                    return
                }
            }
        }
    }

    private func readRequest(_ connection: Int32, _ buffer: inout [UInt8]) -> Request? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int? = nil
        while true {
            if headerEnd == nil, let range = buffer.firstRange(of: separator) { headerEnd = range.upperBound }
            if let end = headerEnd {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                let lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
                if buffer.count >= end + length {
                    let parts = lines.first?.split(separator: " ") ?? []
                    let request = Request(
                        method: parts.first.map(String.init) ?? "", target: parts.dropFirst().first.map(String.init) ?? "",
                        headers: headers, body: Array(buffer[end..<(end + length)]))
                    buffer.removeFirst(end + length)
                    return request
                }
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = recv(connection, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}

// MARK: - Reply scripts

extension LoopbackServer {
    /// A complete response in one write.
    static func reply(
        status: Int, body: [UInt8], contentType: String = "application/json", headers: [String: String] = [:]
    ) -> [Step] {
        var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\ncontent-type: \(contentType)\r\n"
        head += "content-length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return [.write(Array((head + "\r\n").utf8) + body)]
    }

    static func reply(status: Int, json: String, headers: [String: String] = [:]) -> [Step] {
        reply(status: status, body: Array(json.utf8), headers: headers)
    }

    /// An event stream with chunked encoding. With `piece`, the body goes out in writes of that
    /// many bytes (one chunk each), splitting lines, CRLFs and UTF-8 sequences; `end: false`
    /// leaves the chunked body unterminated (the caller adds what happens next).
    static func stream(_ body: [UInt8], piece: Int? = nil, end: Bool = true) -> [Step] {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
        func chunk(_ bytes: ArraySlice<UInt8>) -> [UInt8] { Array("\(String(bytes.count, radix: 16))\r\n".utf8) + bytes + [13, 10] }
        let terminator: [UInt8] = end ? Array("0\r\n\r\n".utf8) : []
        guard let piece else { return [.write(Array(head.utf8) + chunk(body[...]) + terminator)] }
        var steps: [Step] = [.write(Array(head.utf8))]
        var start = 0
        while start < body.count {
            let stop = min(body.count, start + piece)
            steps.append(.write(chunk(body[start..<stop])))
            start = stop
        }
        if end { steps.append(.write(terminator)) }
        return steps
    }
}

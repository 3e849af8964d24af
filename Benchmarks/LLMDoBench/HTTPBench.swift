import Foundation
import Glibc
import LLMDo
import Synchronization

// HTTP layer benchmarks: SSE decoding throughput, per-request overhead against a loopback
// server (compared with the curl binary), 256 concurrent streamed requests, and long tool
// arguments streamed in small deltas (StreamMergeBench.swift).
//
// The loopback server runs in a child process (this binary again, with LLMDO_BENCH_SERVE=1), so
// its threads and memory do not count against the client's figures.

func runHTTPBenchmarks() throws {
    if ProcessInfo.processInfo.environment["LLMDO_BENCH_SERVE"] != nil { BenchServer.serveForever() }
    let server = try BenchServer.spawn()
    defer { server.process.terminate() }
    try benchConcurrentStreams(port: server.port)  // first: peak RSS is a high-water mark
    try benchRequestOverhead(port: server.port)
    benchSSEDecoding()
    try benchStreamedArguments(port: server.port)
}

/// Anthropic-style stream of `events` text deltas.
private func anthropicStream(events: Int) -> [UInt8] {
    var text = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"bench\",\"content\":[],\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
    text += "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
    for i in 0..<events {
        text += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"word \(i) of a streamed answer, \"}}\n\n"
    }
    text += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
    text += "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":\(events)}}\n\n"
    text += "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
    return Array(text.utf8)
}

private func benchSSEDecoding() {
    let unit = anthropicStream(events: 2000)
    var stream: [UInt8] = []
    while stream.count < 64 << 20 { stream += unit }
    let megabytes = Double(stream.count) / 1e6
    // The floor: finding every newline of the same bytes in the same reads, which any SSE
    // decoder must do at least.
    var newlines = 0
    let floorSeconds = timeReads(of: stream) { piece in
        var offset = 0
        while let base = piece.baseAddress, offset < piece.count,
            let found = memchr(base + offset, 10, piece.count - offset)
        {
            newlines += 1
            offset = UnsafeRawPointer(base).distance(to: found) + 1
        }
    }
    let floor = "memchr for every newline of the same \(Int(megabytes)) MB in 16 KiB reads"
    Bench.record(Bench.Result(
        name: floor, medianNanoseconds: floorSeconds * 1e9, iterations: newlines,
        note: String(format: "%.0f MB/s", megabytes / floorSeconds)))
    var events = 0
    var decoder = SSEDecoder()
    let seconds = timeReads(of: stream) { piece in decoder.feed(piece) { _ in events += 1 } }
    decoder.finish { _ in events += 1 }
    Bench.record(Bench.Result(
        name: "SSE decode \(Int(megabytes)) MB in 16 KiB reads", medianNanoseconds: seconds * 1e9, iterations: events,
        note: String(format: "%.0f MB/s (target ≥ 300), %.0f ns per event", megabytes / seconds, seconds * 1e9 / Double(events)),
        floor: floor))
}

/// Feeds `stream` to `body` in 16 KiB pieces (a typical network read); returns the seconds taken.
private func timeReads(of stream: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Double {
    let chunk = 16 << 10
    let start = DispatchTime.now().uptimeNanoseconds
    stream.withUnsafeBufferPointer { buffer in
        var offset = 0
        while offset < buffer.count {
            let end = min(buffer.count, offset + chunk)
            body(UnsafeBufferPointer(rebasing: buffer[offset..<end]))
            offset = end
        }
    }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

private func benchRequestOverhead(port: UInt16) throws {
    let requests = 300
    let curl = Process()
    curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    curl.arguments = ["curl", "-s", "-X", "POST", "-d", "{}", "http://127.0.0.1:\(port)/v1/messages?[1-\(requests)]"]
    curl.standardOutput = FileHandle.nullDevice
    let start = DispatchTime.now().uptimeNanoseconds
    try curl.run()
    curl.waitUntilExit()
    let curlSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let floor = "curl binary, the same requests in one process"
    Bench.record(Bench.Result(
        name: floor, medianNanoseconds: curlSeconds * 1e9 / Double(requests),
        iterations: requests, note: "mean, keep-alive; includes one process start"))

    let model = try benchModel(port: port)
    let seconds = try timeAsync {
        for _ in 0..<requests { _ = try await model.respond(to: benchRequest, context: benchContext) }
    }
    Bench.record(Bench.Result(
        name: "anthropic model request, 40-event stream (loopback)", medianNanoseconds: seconds * 1e9 / Double(requests),
        iterations: requests, note: "mean, sequential, keep-alive; SSE + JSON included; target ≤ 1.2× curl", floor: floor))
}

private func benchConcurrentStreams(port: UInt16) throws {
    let model = try benchModel(port: port, path: "/slow")
    let count = 256
    final class Peak: Sendable { let threads = Mutex(0) }
    let peak = Peak()
    let seconds = try timeAsync {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<count { group.addTask { _ = try await model.respond(to: benchRequest, context: benchContext) } }
            group.addTask {
                for _ in 0..<10 {
                    let now = threadCount()
                    peak.threads.withLock { $0 = max($0, now) }
                    try await Task.sleep(nanoseconds: 50_000_000)
                }
            }
            try await group.waitForAll()
        }
    }
    Bench.record(Bench.Result(
        name: "256 concurrent streams (20 pieces, 10 ms apart)", medianNanoseconds: seconds * 1e9, iterations: 1,
        note: String(format: "wall; peak %d threads, peak RSS %.1f MiB (target ≤ 64)", peak.threads.withLock { $0 }, Bench.peakRSSMiB())))
}

nonisolated(unsafe) private var benchRequest = ModelRequest(system: "", messages: [.user("hi")], tools: [])
private let benchContext = ModelContext(workerName: "bench", depth: 0, events: NullEventSink())

private func benchModel(port: UInt16, path: String = "") throws -> any Model {
    var options = ProviderOptions(environment: [
        "ANTHROPIC_API_KEY": "bench-key-not-secret", "ANTHROPIC_BASE_URL": "http://127.0.0.1:\(port)\(path)",
    ])
    options.maxRetries = 0
    guard let model = try makeProviderModel(provider: "anthropic", model: "bench", options: options) else {
        fatalError("anthropic provider missing")
    }
    return model
}

private func threadCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
}

/// Runs async work from the synchronous benchmark driver and returns its wall time.
func timeAsync(_ body: @escaping @Sendable () async throws -> Void) throws -> Double {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var failure: (any Error)?
    let start = DispatchTime.now().uptimeNanoseconds
    Task {
        do { try await body() } catch { failure = error }
        done.signal()
    }
    done.wait()
    if let failure { throw failure }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// A minimal keep-alive HTTP/1.1 server answering every request with one Anthropic stream;
/// under `/slow…` the stream goes out in 20 pieces 10 ms apart.
private enum BenchServer {
    struct Child {
        var process: Process
        var port: UInt16
    }

    static func spawn() throws -> Child {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["http"]
        process.environment = ProcessInfo.processInfo.environment.merging(["LLMDO_BENCH_SERVE": "1"]) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        // The child prints its section header first, then "port=N".
        var line: [UInt8] = []
        while let byte = try pipe.fileHandleForReading.read(upToCount: 1)?.first {
            guard byte == 10 else {
                line.append(byte)
                continue
            }
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix("port="), let port = UInt16(text.dropFirst(5)) { return Child(process: process, port: port) }
            line.removeAll()
        }
        throw POSIXError(.ECHILD)
    }

    static func serveForever() -> Never {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 1024) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        FileHandle.standardOutput.write(Data("port=\(UInt16(bigEndian: address.sin_port))\n".utf8))
        let body = anthropicStream(events: 40)
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            var yes: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            Thread { serve(connection, body: body) }.start()
        }
    }

    private static func serve(_ connection: Int32, body: [UInt8]) {
        defer { close(connection) }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let separator = Array("\r\n\r\n".utf8)
        while true {
            guard let headEnd = pending.firstRange(of: separator)?.upperBound else {
                let count = recv(connection, &buffer, buffer.count, 0)
                if count <= 0 { return }
                pending += buffer[..<count]
                continue
            }
            let head = String(decoding: pending[..<headEnd], as: UTF8.self).lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            while pending.count < headEnd + length {
                let count = recv(connection, &buffer, buffer.count, 0)
                if count <= 0 { return }
                pending += buffer[..<count]
            }
            pending.removeFirst(headEnd + length)
            let reply = argumentStream(requestHead: head) ?? body
            let slow = head.contains(" /slow")
            let pieces = slow ? 20 : 1
            write(connection, Array("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n".utf8))
            let size = (reply.count + pieces - 1) / pieces
            for start in stride(from: 0, to: reply.count, by: size) {
                let piece = reply[start..<min(reply.count, start + size)]
                write(connection, Array("\(String(piece.count, radix: 16))\r\n".utf8) + piece + [13, 10])
                if slow { usleep(10_000) }
            }
            write(connection, Array("0\r\n\r\n".utf8))
        }
    }

    private static func write(_ connection: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}

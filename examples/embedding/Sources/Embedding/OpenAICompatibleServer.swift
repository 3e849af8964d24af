import Foundation
import Glibc
import LLMDo
import Synchronization

/// A scripted OpenAI-compatible chat server on 127.0.0.1 (any free port), standing in for a
/// local vLLM or llama.cpp: a request without a tool result gets a call of `greet` with the
/// user's text as `name`; a request with one gets a final answer quoting it.
///
/// One blocking thread of its own accepts connections and answers one request on each
/// (`Connection: close`), so nothing here blocks Swift's cooperative pool.
final class OpenAICompatibleServer: Sendable {
    let baseURL: String
    private let listener: Int32
    private let served = Mutex(0)

    var requestCount: Int { served.withLock { $0 } }

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        // bind to port 0 (the kernel picks one), then read back which one it picked.
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(listener, socketAddress, length) == 0 && listen(listener, 16) == 0
                    && getsockname(listener, socketAddress, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
        self.listener = listener
        baseURL = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
        Thread.detachNewThread { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 { continue }
                answer(on: connection)
                close(connection)
            }
        }
    }

    private func answer(on connection: Int32) {
        guard let body = Self.readRequestBody(connection) else { return }
        served.withLock { $0 += 1 }
        let reply = Self.reply(to: (try? JSONValue(parsing: body)) ?? .null).jsonText
        let response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(reply.utf8.count)\r\nConnection: close\r\n\r\n" + reply
        let bytes = Array(response.utf8)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, 0) }
            if written <= 0 { return }
            sent += written
        }
    }

    /// The chat completion for `request`: a tool call first, then the answer.
    static func reply(to request: JSONValue) -> JSONValue {
        let messages = request["messages"]?.arrayValue ?? []
        let usage: JSONValue = ["prompt_tokens": 12, "completion_tokens": 6, "total_tokens": 18]
        if let toolResult = messages.last(where: { $0["role"] == "tool" })?["content"]?.stringValue {
            let message: JSONValue = ["role": "assistant", "content": .string("The greet tool said: \(toolResult)")]
            return ["id": "done", "object": "chat.completion", "model": "tiny", "usage": usage,
                    "choices": [["index": 0, "message": message, "finish_reason": "stop"]]]
        }
        let name = messages.last(where: { $0["role"] == "user" })?["content"]?.stringValue ?? "stranger"
        let call: JSONValue = ["id": "call_1", "type": "function",
                               "function": ["name": "greet", "arguments": .string((["name": .string(name)] as JSONValue).jsonText)]]
        let message: JSONValue = ["role": "assistant", "content": .null, "tool_calls": [call]]
        return ["id": "call", "object": "chat.completion", "model": "tiny", "usage": usage,
                "choices": [["index": 0, "message": message, "finish_reason": "tool_calls"]]]
    }

    /// Reads one request's head and its `Content-Length` body; nil if the client went away.
    private static func readRequestBody(_ connection: Int32) -> [UInt8]? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            if let headEnd = data.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: data[..<headEnd.lowerBound], as: UTF8.self).lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if data.count - headEnd.upperBound >= length { return Array(data[headEnd.upperBound..<(headEnd.upperBound + length)]) }
            }
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return nil }
            data += chunk[..<count]
        }
    }
}

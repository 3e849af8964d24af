import Synchronization

/// 64-bit FNV-1a: a fast, stable (across processes and builds) hash to tell whether a request
/// is the one a journal recorded. Not a security boundary: a journal is trusted input.
struct FNV1a: Sendable {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: [UInt8]) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    mutating func add(_ json: JSONValue) {
        var bytes: [UInt8] = []
        json.write(into: &bytes)
        add(bytes)
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// Hashes the model requests of a run. A worker call's conversation only grows, so each call
/// keeps the hash of the messages it has already seen and hashes only the new ones: a step costs
/// the same at step 10,000 as at step 1.
final class RequestHasher: Sendable {
    private struct Progress {
        var messages = 0
        var hash = FNV1a()
    }

    private let progress = Mutex([String: Progress]())

    /// The hash of `request`, made by call `callID`: its system prompt, tools, output schema
    /// and messages.
    func hash(_ request: ModelRequest, callID: String) -> String {
        var seen = progress.withLock { $0[callID] } ?? Progress()
        if request.messages.count < seen.messages { seen = Progress() }  // not a continuation: start over
        for message in request.messages[seen.messages...] { seen.hash.add(JournalCoding.encode(message)) }
        seen.messages = request.messages.count
        let stored = seen
        progress.withLock { $0[callID] = stored }
        var total = seen.hash
        total.add(Array(request.system.utf8))
        for tool in request.tools {
            total.add(Array(tool.name.utf8))
            total.add(tool.parametersSchema)
        }
        if let schema = request.outputSchema { total.add(schema) }
        return total.hex
    }
}

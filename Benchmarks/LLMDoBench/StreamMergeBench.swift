import Foundation
import LLMDo
import Synchronization

// Streamed tool arguments: the cost of one long argument (10 MiB) sent in deltas of 16 B to
// 4 KiB, against the same bytes in one delta, for both providers, end to end (loopback HTTP,
// SSE, JSON of every event, merging, the final parse of the argument). The merge must be
// linear: before, every OpenAI delta copied the whole buffer (1 MiB in 16 B deltas: 5 s).

/// Runs inside `runHTTPBenchmarks`, against its loopback server child.
func benchStreamedArguments(port: UInt16) throws {
    let total = 10 << 20
    for provider in ["openai", "anthropic"] {
        let oneDelta = try timeArgument(provider, piece: total, total: total, port: port)
        record(provider, piece: total, total: total, seconds: oneDelta, oneDelta: oneDelta)
        for piece in [4096, 256, 16] {
            let seconds = try timeArgument(provider, piece: piece, total: total, port: port)
            record(provider, piece: piece, total: total, seconds: seconds, oneDelta: oneDelta)
        }
        // Linearity: a tenth of the bytes in the same deltas should cost a tenth.
        let small = try timeArgument(provider, piece: 16, total: total / 10, port: port)
        record(provider, piece: 16, total: total / 10, seconds: small, oneDelta: nil)
    }
}

private func record(_ provider: String, piece: Int, total: Int, seconds: Double, oneDelta: Double?) {
    let size = total >= 1 << 20 ? "\(total >> 20) MiB" : "\(total >> 10) KiB"
    let deltas = piece >= total ? "one delta" : "\(piece) B deltas"
    let events = (total + piece - 1) / piece
    var note = String(format: "median of 3; %d events, %.0f ns per event", events, seconds * 1e9 / Double(events))
    if let oneDelta, piece < total { note += String(format: "; %.1f× one delta", seconds / oneDelta) }
    Bench.record(Bench.Result(
        name: "\(provider) \(size) tool argument in \(deltas)", medianNanoseconds: seconds * 1e9, iterations: 3, note: note))
}

/// Median wall time of three requests (after one that warms the server's cache and the client).
private func timeArgument(_ provider: String, piece: Int, total: Int, port: UInt16) throws -> Double {
    let base = "http://127.0.0.1:\(port)/args/\(provider)/\(piece)/\(total)"
    var options = ProviderOptions(environment: [
        "OPENAI_BASE_URL": base, "ANTHROPIC_BASE_URL": base, "ANTHROPIC_API_KEY": "bench-key-not-secret",
    ])
    options.maxRetries = 0
    options.requestTimeout = 0
    options.maxResponseBytes = 1 << 30  // 16 B deltas of 10 MiB take some 80 MB of SSE
    guard let model = try makeProviderModel(provider: provider, model: "bench", options: options) else {
        fatalError("\(provider) provider missing")
    }
    let request = ModelRequest(system: "", messages: [.user("write")], tools: [])
    let context = ModelContext(workerName: "bench", depth: 0, events: NullEventSink())
    var times: [Double] = []
    for run in 0..<4 {
        let seconds = try timeAsync {
            let response = try await model.respond(to: request, context: context)
            guard response.message.toolCalls.first?.arguments.json["content"]?.stringValue?.utf8.count == total - 14 else {
                fatalError("\(provider): the streamed argument did not arrive intact")
            }
        }
        if run > 0 { times.append(seconds) }
    }
    return times.sorted()[1]
}

/// The server side: for a request to `/args/PROVIDER/PIECE/TOTAL…`, an SSE answer with one tool
/// call whose `{"content":"…"}` argument is TOTAL bytes, sent in PIECE-byte deltas; nil for
/// other paths. Bodies are built once and cached.
func argumentStream(requestHead head: String) -> [UInt8]? {
    guard let line = head.split(separator: "\r\n").first, let path = line.split(separator: " ").dropFirst().first,
        path.hasPrefix("/args/")
    else { return nil }
    let parts = path.split(separator: "/")
    guard parts.count >= 4, let piece = Int(parts[2]), let total = Int(parts[3]), piece > 0 else { return nil }
    let key = "\(parts[1])/\(piece)/\(total)"
    if let cached = argumentStreams.withLock({ $0[key] }) { return cached }
    let body = buildArgumentStream(openAI: parts[1] == "openai", piece: piece, total: total)
    argumentStreams.withLock { $0[key] = body }
    return body
}

private let argumentStreams = Mutex<[String: [UInt8]]>([:])

/// Each provider's stream as (events before the argument, the delta event with `@` where a
/// piece goes, events after it).
private let argumentStreamShapes: [Bool: (head: [String], delta: String, tail: [String])] = [
    true: (
        [#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"write","arguments":""}}]}}]}"#],
        #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":@}}]}}]}"#,
        [#"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#, "[DONE]"]
    ),
    false: (
        [
            #"{"type":"message_start","message":{"model":"bench","role":"assistant","content":[],"usage":{}}}"#,
            #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"write","input":{}}}"#,
        ],
        #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":@}}"#,
        [#"{"type":"message_delta","delta":{"stop_reason":"tool_use"}}"#, #"{"type":"message_stop"}"#]
    ),
]

private func buildArgumentStream(openAI: Bool, piece: Int, total: Int) -> [UInt8] {
    let argument = Array(#"{"content":""#.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: total - 14) + Array(#""}"#.utf8)
    guard let shape = argumentStreamShapes[openAI] else { return [] }
    let halves = shape.delta.split(separator: "@").map { Array("\($0)".utf8) }
    var sse: [UInt8] = []
    sse.reserveCapacity(total + (total / piece + 1) * 120)
    for line in shape.head { sse += Array("data: \(line)\n\n".utf8) }
    for start in stride(from: 0, to: argument.count, by: piece) {
        sse += Array("data: ".utf8) + halves[0]
        JSONValue.string(String(decoding: argument[start..<min(argument.count, start + piece)], as: UTF8.self)).write(into: &sse)
        sse += halves[1] + [10, 10]
    }
    for line in shape.tail { sse += Array("data: \(line)\n\n".utf8) }
    return sse
}

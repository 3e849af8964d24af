import Synchronization

/// One worker call's conversation as the providers encode it, so that each model request
/// encodes only the messages added since the previous one.
///
/// The agent loop creates one per worker call and attaches it to every ``ModelRequest`` it
/// builds (``ModelRequest/encodedHistory``). Within a call the history is append-only and the
/// system prompt fixed, so the first messages of a request are the ones already encoded. An
/// interceptor that changes a request's `system` or `messages`, or builds a request of its own,
/// gets a request without the cache (the property setters drop it), and the provider encodes
/// that request in full: the cache travels only with requests the loop made.
final class EncodedHistory: Sendable {
    /// Per wire format (`openai`, `openai-null-content`, `anthropic`): a model may be asked in
    /// another format by a fallback or an interceptor, and each format has its own prefix.
    private let prefixes = Mutex<[String: EncodedPrefix]>([:])

    init() {}

    /// Runs `body` on the encoded prefix for `format` (empty the first time), under the lock:
    /// concurrent requests of one call (an interceptor may send several) see a consistent prefix.
    func withPrefix<R>(format: String, _ body: (inout EncodedPrefix) -> R) -> R {
        prefixes.withLock { body(&$0[format, default: EncodedPrefix()]) }
    }
}

/// The settled part of a provider's `messages` array: encoded items that no later message can
/// change, and how many of the conversation's messages they cover.
struct EncodedPrefix: Sendable {
    /// Compact JSON array items separated by commas, without the brackets.
    private(set) var bytes: [UInt8] = []
    /// The conversation's messages `0..<messageCount` are encoded in `bytes`.
    var messageCount = 0

    /// Appends one encoded array item.
    mutating func append(_ item: JSONValue) {
        if !bytes.isEmpty { bytes.append(UInt8(ascii: ",")) }
        item.write(into: &bytes)
    }
}

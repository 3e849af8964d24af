/// An HTTP request for ``HTTPClient``.
struct HTTPRequest: Sendable {
    var method: String
    var url: String
    /// Header lines in order, e.g. `("content-type", "application/json")`.
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var timeouts: HTTPTimeouts
    /// The most body bytes the response may have; more ends the transfer with
    /// ``HTTPError/Kind/tooLarge``. This also bounds what the body stream can buffer.
    var maxBodyBytes: Int
    /// The setting that raises ``maxBodyBytes``, named in the error.
    var maxBodySetting: String
    /// Proxy to use (`http://host:port`), or nil to let curl read the process environment.
    var proxy: String?
    /// Hosts that bypass the proxy (curl's `NO_PROXY` syntax).
    var noProxy: String?

    init(
        method: String = "POST", url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        timeouts: HTTPTimeouts = HTTPTimeouts(), maxBodyBytes: Int = 64 << 20, maxBodySetting: String = "maxBodyBytes",
        proxy: String? = nil, noProxy: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
        self.maxBodyBytes = maxBodyBytes
        self.maxBodySetting = maxBodySetting
        self.proxy = proxy
        self.noProxy = noProxy
    }
}

/// Time limits of one transfer, in seconds; zero means none.
struct HTTPTimeouts: Sendable, Hashable {
    /// Establishing the connection (TCP + TLS).
    var connect: Double = 10
    /// The whole transfer, including the streamed body.
    var overall: Double = 0
    /// Longest silence between received bytes (a stalled stream).
    var idle: Double = 300
}

/// The status line and headers of a response; the body streams separately.
struct HTTPResponseHead: Sendable {
    var status: Int
    /// Header lines in order; names as the server sent them.
    var headers: [(name: String, value: String)]

    /// The first header with this name, compared case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name }?.value
    }
}

/// A response whose body arrives as byte chunks while the transfer runs.
struct HTTPResponse: Sendable {
    var head: HTTPResponseHead
    var body: AsyncThrowingStream<[UInt8], any Error>

    /// Reads the whole body, keeping at most `limit` bytes (the rest is read and dropped; the
    /// transfer's own ``HTTPRequest/maxBodyBytes`` ends a body that is too long with an error).
    func collectBody(limit: Int = .max) async throws -> [UInt8] {
        var out: [UInt8] = []
        for try await chunk in body where out.count < limit {
            out.append(contentsOf: chunk.prefix(limit - out.count))
        }
        return out
    }
}

/// A transfer that failed below HTTP: no connection, a timeout, a broken stream.
struct HTTPError: Error, Sendable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case connectFailed
        case timedOut
        /// No bytes arrived for longer than ``HTTPTimeouts/idle``.
        case idleTimeout
        /// The connection broke or the server sent something curl could not read.
        case transport
        /// The request was invalid before it was sent (bad URL, unsupported option).
        case invalidRequest
        /// The response's headers or body passed a size limit (not worth retrying).
        case tooLarge
    }
    var kind: Kind
    var message: String
    var description: String { message }
}

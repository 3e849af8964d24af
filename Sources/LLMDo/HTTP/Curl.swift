// The only file that touches libcurl. Every transfer of the process runs on ONE dedicated
// thread that owns a curl multi handle: Swift tasks hand it commands through a lock and
// `curl_multi_wakeup`, and get results through continuations. So any number of concurrent
// requests costs one thread, the cooperative pool never blocks, and connections (and TLS
// sessions) are reused through the multi handle's connection cache.
import CCurl
import Foundation
import Synchronization

/// Runs HTTP transfers on libcurl's multi interface from a dedicated I/O thread.
final class CurlEngine: @unchecked Sendable {
    // @unchecked: `multi`, `active` and `idleHandles` are touched only on the I/O thread
    // (after init); `commands` is behind a mutex; curl_multi_wakeup is thread-safe.

    /// The process-wide engine, created (and libcurl loaded) on first use.
    static let shared = Result { () throws(HTTPError) in try CurlEngine() }

    private enum Command {
        case start(CurlTransfer)
        case cancel(CurlTransfer)
    }

    private let multi: UnsafeMutableRawPointer
    private let commands = Mutex<[Command]>([])
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    /// Reset easy handles kept for reuse (they keep their DNS cache and buffers).
    private var idleHandles: [UnsafeMutableRawPointer] = []

    private init() throws(HTTPError) {
        var reason = [CChar](repeating: 0, count: 512)
        guard llmdo_curl_load(&reason, reason.count) == 0 else {
            throw HTTPError(kind: .invalidRequest, message: String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        guard let multi = llmdo_curl_multi_init() else {
            throw HTTPError(kind: .invalidRequest, message: "curl_multi_init failed: out of memory")
        }
        self.multi = multi
        // Idle connections kept for reuse; curl's default (4 per added handle) evicts too eagerly.
        // A refusal only costs connection reuse, so it is not an error.
        _ = Self.check(llmdo_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 64), "curl_multi_setopt")
        let thread = Thread { [self] in
            ThreadName.set("llmdo-curl")
            runLoop()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Starts a transfer and returns once the response headers have arrived; the body then
    /// streams. Cancelling the calling task (or dropping the body stream) aborts the transfer.
    ///
    /// - Throws: ``HTTPError`` when no response arrives; `CancellationError` when cancelled.
    func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = CurlTransfer(request: request)
        transfer.onBodyDropped = { [weak self, weak transfer] in
            if let self, let transfer { self.submit(.cancel(transfer)) }
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.headContinuation = continuation  // before submit: the lock orders it
                submit(.start(transfer))
            }
        } onCancel: {
            transfer.cancelled.store(true, ordering: .relaxed)
            submit(.cancel(transfer))
        }
    }

    private func submit(_ command: Command) {
        commands.withLock { $0.append(command) }
        // If the wakeup fails, the command still runs when the poll times out (within a second).
        _ = Self.check(llmdo_curl_multi_wakeup(multi), "curl_multi_wakeup")
    }

    /// The one check of every `curl_multi_*` result: nil for success, else an error naming the
    /// call and libcurl's reason.
    static func check(_ code: CURLMcode, _ call: StaticString) -> HTTPError? {
        // CURLM_CALL_MULTI_PERFORM is "call again", never returned since libcurl 7.20: not an error.
        guard code != CURLM_OK, code != CURLM_CALL_MULTI_PERFORM else { return nil }
        return HTTPError(kind: .transport, message: "\(call) failed: \(String(cString: llmdo_curl_multi_strerror(code)))")
    }

    /// Fails every running transfer: the multi handle itself reported an error, so none of
    /// them would otherwise ever finish.
    private func failAll(_ error: HTTPError) {
        for transfer in Array(active.values) { finish(transfer, error: error) }
    }

    // MARK: - I/O thread

    private func runLoop() {
        while true {
            let pending = commands.withLock { queue in
                defer { queue.removeAll(keepingCapacity: true) }
                return queue
            }
            for command in pending {
                switch command {
                case .start(let transfer): start(transfer)
                case .cancel(let transfer): cancel(transfer)
                }
            }
            var running: Int32 = 0
            if let failure = Self.check(llmdo_curl_multi_perform(multi, &running), "curl_multi_perform") {
                failAll(failure)
            }
            var queued: Int32 = 0
            while let message = llmdo_curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                    let transfer = active[easy]
                else { continue }
                let code = message.pointee.data.result
                finish(transfer, error: code == CURLE_OK ? nil : error(for: code, transfer: transfer))
            }
            expireIdleTransfers()
            if let failure = Self.check(llmdo_curl_multi_poll(multi, nil, 0, pollTimeoutMilliseconds(), nil), "curl_multi_poll") {
                failAll(failure)
                usleep(10_000)  // a poll that keeps failing must not spin the thread
            }
        }
    }

    /// Wakes often enough to notice idle timeouts; curl shortens the wait for its own timers.
    private func pollTimeoutMilliseconds() -> Int32 {
        var timeout = 1000.0
        for transfer in active.values where transfer.request.timeouts.idle > 0 {
            timeout = min(timeout, transfer.request.timeouts.idle * 250)
        }
        return Int32(max(timeout, 5))
    }

    private func expireIdleTransfers() {
        let now = DispatchTime.now().uptimeNanoseconds
        for transfer in active.values where transfer.request.timeouts.idle > 0 {
            let silence = Double(now &- transfer.lastActivity) / 1e9
            if silence > transfer.request.timeouts.idle {
                let seconds = transfer.request.timeouts.idle
                finish(transfer, error: HTTPError(kind: .idleTimeout, message: "no data received for \(seconds) s"))
            }
        }
    }

    private func start(_ transfer: CurlTransfer) {
        if transfer.cancelled.load(ordering: .relaxed) {
            transfer.fail(CancellationError())
            return
        }
        guard let easy = idleHandles.popLast() ?? llmdo_curl_easy_init() else {
            transfer.fail(HTTPError(kind: .transport, message: "curl_easy_init failed"))
            return
        }
        transfer.easy = easy
        transfer.lastActivity = DispatchTime.now().uptimeNanoseconds
        if let problem = configure(easy, for: transfer) {
            release(transfer)
            transfer.fail(problem)
            return
        }
        if let failure = Self.check(llmdo_curl_multi_add_handle(multi, easy), "curl_multi_add_handle") {
            release(transfer)
            transfer.fail(failure)  // never left waiting for a transfer that does not run
            return
        }
        active[easy] = transfer
    }

    private func cancel(_ transfer: CurlTransfer) {
        guard let easy = transfer.easy, active[easy] === transfer else { return }
        finish(transfer, error: CancellationError())
    }

    /// Removes a transfer from the multi handle and completes its continuations.
    private func finish(_ transfer: CurlTransfer, error: (any Error)?) {
        if let easy = transfer.easy {
            active[easy] = nil
            if Self.check(llmdo_curl_multi_remove_handle(multi, easy), "curl_multi_remove_handle") != nil {
                transfer.easy = nil  // curl may still hold it: neither reuse nor free it (a rare leak)
            }
        }
        release(transfer)
        if let error {
            transfer.fail(error)
        } else {
            transfer.deliverHeadIfNeeded(status: transfer.status)
            transfer.bodyContinuation.finish()
        }
    }

    /// Returns the easy handle to the pool and frees per-transfer C memory.
    private func release(_ transfer: CurlTransfer) {
        if let easy = transfer.easy {
            llmdo_curl_easy_reset(easy)
            if idleHandles.count < 64 { idleHandles.append(easy) } else { llmdo_curl_easy_cleanup(easy) }
            transfer.easy = nil
        }
        if let list = transfer.headerList {
            llmdo_curl_slist_free_all(list)
            transfer.headerList = nil
        }
    }

    /// Sets the options of one transfer; returns an error when curl refuses one.
    private func configure(_ easy: UnsafeMutableRawPointer, for transfer: CurlTransfer) -> HTTPError? {
        let request = transfer.request
        let userdata = Unmanaged.passUnretained(transfer).toOpaque()  // `active` keeps it alive
        var list: UnsafeMutablePointer<curl_slist>? = nil
        // "Expect:" stops curl from waiting for 100-continue before sending large bodies.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            list = llmdo_curl_slist_append(list, line)
        }
        transfer.headerList = list

        var codes: [CURLcode] = [
            llmdo_curl_setopt_string(easy, CURLOPT_URL, request.url),
            llmdo_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1),
            llmdo_curl_setopt_long(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS),
            llmdo_curl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1),
            llmdo_curl_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""),
            llmdo_curl_setopt_pointer(easy, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list)),
            llmdo_curl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, transfer.errorBuffer),
            llmdo_curl_setopt_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteCallback),
            llmdo_curl_setopt_pointer(easy, CURLOPT_WRITEDATA, userdata),
            llmdo_curl_setopt_callback(easy, CURLOPT_HEADERFUNCTION, curlHeaderCallback),
            llmdo_curl_setopt_pointer(easy, CURLOPT_HEADERDATA, userdata),
            llmdo_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(request.timeouts.connect * 1000)),
            llmdo_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(request.timeouts.overall * 1000)),
        ]
        switch request.method {
        case "GET":
            codes.append(llmdo_curl_setopt_long(easy, CURLOPT_HTTPGET, 1))
        default:
            if request.method != "POST" {
                codes.append(llmdo_curl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method))
            }
            codes.append(llmdo_curl_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            // COPYPOSTFIELDS copies the bytes, so the Swift array need not outlive this call.
            codes.append(request.body.withUnsafeBytes { bytes in
                let empty: StaticString = ""
                let base = bytes.baseAddress ?? UnsafeRawPointer(empty.utf8Start)
                return llmdo_curl_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
            })
        }
        // Without an explicit proxy curl reads http_proxy / HTTPS_PROXY / NO_PROXY itself.
        if let proxy = request.proxy { codes.append(llmdo_curl_setopt_string(easy, CURLOPT_PROXY, proxy)) }
        if let noProxy = request.noProxy { codes.append(llmdo_curl_setopt_string(easy, CURLOPT_NOPROXY, noProxy)) }

        guard let failed = codes.first(where: { $0 != CURLE_OK }) else { return nil }
        return HTTPError(kind: .invalidRequest, message: String(cString: llmdo_curl_easy_strerror(failed)))
    }

    private func error(for code: CURLcode, transfer: CurlTransfer) -> HTTPError {
        if let exceeded = transfer.limitExceeded { return exceeded }  // our callback stopped it
        let detail = String(cString: transfer.errorBuffer)
        let message = detail.isEmpty ? String(cString: llmdo_curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_OUT_OF_MEMORY where !transfer.headDelivered:
            // libcurl's answer to a header line longer than it accepts (100 KiB).
            return HTTPError(
                kind: .tooLarge, message: "the response headers are larger than libcurl accepts (\(message))")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return HTTPError(kind: .connectFailed, message: message)
        case CURLE_OPERATION_TIMEDOUT:
            return HTTPError(kind: .timedOut, message: message)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return HTTPError(kind: .invalidRequest, message: message)
        default:
            return HTTPError(kind: .transport, message: message)
        }
    }
}

/// One transfer's state. Touched only on the I/O thread, except `cancelled` (atomic) and
/// `headContinuation`, which is set before the start command is queued.
private final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    var easy: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer: UnsafeMutablePointer<CChar>
    let cancelled = Atomic<Bool>(false)
    var headContinuation: CheckedContinuation<HTTPResponse, any Error>?
    let body: AsyncThrowingStream<[UInt8], any Error>
    let bodyContinuation: AsyncThrowingStream<[UInt8], any Error>.Continuation
    var onBodyDropped: (@Sendable () -> Void)?
    var headers: [(name: String, value: String)] = []
    var status = 0
    var lastActivity: UInt64 = 0
    /// Bytes received so far, against the limits below.
    private var headerBytes = 0
    private var bodyByteCount = 0
    /// Set when a callback stopped the transfer because a size limit was passed.
    private(set) var limitExceeded: HTTPError?
    /// Whether the status and headers went to the caller.
    var headDelivered: Bool { headContinuation == nil }

    /// The most header bytes a response may have (libcurl limits one line to 100 KiB, not all).
    static let maxHeaderBytes = 256 << 10

    init(request: HTTPRequest) {
        self.request = request
        errorBuffer = .allocate(capacity: llmdo_curl_error_size)
        errorBuffer.initialize(to: 0)
        (body, bodyContinuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        bodyContinuation.onTermination = { [weak self] termination in
            if case .cancelled = termination { self?.onBodyDropped?() }
        }
    }

    deinit { errorBuffer.deallocate() }

    /// A header line arrived (status lines included; an empty line ends a header block).
    /// Returns false to stop the transfer (the headers passed their limit).
    func headerLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lastActivity = DispatchTime.now().uptimeNanoseconds
        headerBytes += bytes.count  // at most maxHeaderBytes + one line: cannot overflow
        guard headerBytes <= Self.maxHeaderBytes else {
            limitExceeded = HTTPError(kind: .tooLarge, message: "the response headers passed \(Self.maxHeaderBytes >> 10) KiB")
            return false
        }
        switch HTTPHeaderLine(bytes) {
        case .status(let code):
            // A new block (after 100 Continue or a proxy's CONNECT reply).
            headers.removeAll()
            status = code
        case .end:
            if status >= 200 { deliverHeadIfNeeded(status: status) }
        case .field(let name, let value):
            headers.append((name, value))
        case .other:
            break
        }
        return true
    }

    /// Body bytes arrived. Returns false to stop the transfer (the body passed its limit,
    /// which is also what bounds the body stream's buffer).
    func bodyBytes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lastActivity = DispatchTime.now().uptimeNanoseconds
        deliverHeadIfNeeded(status: status)
        guard bytes.count <= request.maxBodyBytes - bodyByteCount else {
            let limit = request.maxBodyBytes
            let mebibytes = limit % (1 << 20) == 0 ? " (\(limit >> 20) MiB)" : ""
            limitExceeded = HTTPError(
                kind: .tooLarge,
                message: "the response passed the limit of \(limit) bytes\(mebibytes) per response; set \(request.maxBodySetting) to allow more")
            return false
        }
        bodyByteCount += bytes.count
        bodyContinuation.yield([UInt8](bytes))
        return true
    }

    func deliverHeadIfNeeded(status: Int) {
        guard let continuation = headContinuation else { return }
        headContinuation = nil
        continuation.resume(returning: HTTPResponse(head: HTTPResponseHead(status: status, headers: headers), body: body))
    }

    func fail(_ error: any Error) {
        if let continuation = headContinuation {
            headContinuation = nil
            continuation.resume(throwing: error)
        }
        bodyContinuation.finish(throwing: error)
    }
}

// C callbacks: `userdata` is the transfer, passed unretained (the engine's `active` table owns it).
private let curlWriteCallback: llmdo_curl_data_callback = { data, size, count, userdata in
    guard let data, let userdata else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    // Returning less than was given makes curl stop the transfer (CURLE_WRITE_ERROR).
    return transfer.bodyBytes(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}

private let curlHeaderCallback: llmdo_curl_data_callback = { data, size, count, userdata in
    guard let data, let userdata else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.headerLine(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}

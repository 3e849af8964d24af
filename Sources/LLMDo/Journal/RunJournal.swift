import Synchronization

/// A run journal as a ``RunInterceptor``: it records every model response and tool result of a
/// run before the run acts on it, and serves them back on a resume or a replay.
///
/// - ``Mode/record``: a fresh run; everything is live and appended.
/// - ``Mode/resume(reexecute:)``: recorded responses and results are served (no provider
///   request, no tool runs again) until the journal runs out, then the run continues live and
///   keeps appending. A request that differs from the recorded one stops the run (the project or
///   the input changed); a tool call that started but has no recorded result runs again only
///   when its tool is idempotent (or `reexecute` is set), since it may have had its effect.
/// - ``Mode/replay(executeTools:)``: nothing is appended and no model is asked; tools run again
///   and their results are compared with the recorded ones (``differences``), or are served too.
///
/// Call ids are deterministic (``CallPath``), so the nth request of call `c1.2` is the same
/// request in the original run and in its resume.
public final class RunJournal: RunInterceptor {
    public enum Mode: Sendable, Equatable {
        case record
        case resume(reexecute: Bool)
        case replay(executeTools: Bool)
    }

    public let mode: Mode
    /// Where records go; nil for a replay, which writes nothing.
    public let writer: JournalWriter?
    let recorded: RecordedRun
    private let hasher = RequestHasher()
    private let sequences = Mutex([String: Int]())
    private let found = Mutex([ReplayDifference]())

    /// A journal for a run. For a resume or replay, `contents` is the journal read back.
    public convenience init(mode: Mode, writer: JournalWriter?, contents: JournalContents? = nil) {
        self.init(mode: mode, writer: writer, records: contents?.records ?? [])
    }

    /// A journal serving `records` (one turn of a chat session's journal, say).
    public init(mode: Mode, writer: JournalWriter?, records: [JournalRecord]) {
        self.mode = mode
        self.writer = writer
        self.recorded = RecordedRun(records)
    }

    /// The tool calls whose replayed result differs from the recorded one, in call order.
    public var differences: [ReplayDifference] {
        let order = Dictionary(recorded.toolOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return found.withLock { $0 }.sorted { (order[$0.call] ?? .max, $0.call) < (order[$1.call] ?? .max, $1.call) }
    }

    /// Appends a record (nothing in a replay).
    public func append(_ record: JournalRecord) throws(JournalError) {
        try writer?.append(record)
    }

    /// Appends a record from the run (off the cooperative pool when it waits for the disk);
    /// `flush: false` for what the run received and will act on only after the next flush point.
    /// `nil` only flushes. A failure is a run error: the run stops rather than act on something
    /// it could not record (a tool's caller must not mistake it for the tool's own failure).
    func record(_ record: JournalRecord?, flush: Bool = true) async throws(RunError) {
        do {
            try await writer?.commit(record, flush: flush)
        } catch {
            throw RunError(.journal, error.message)
        }
    }

    public func interceptModelRequest(
        _ request: ModelRequest, call: ModelCallInfo, next: (ModelRequest) async throws -> ModelResponse
    ) async throws -> ModelResponse {
        let id = call.path.callID
        let sequence = sequences.withLock { counts in
            let next = counts[id, default: 0] &+ 1
            counts[id] = next
            return next
        }
        let hash = hasher.hash(request, callID: id)
        if let recorded = recorded.response(call: id, sequence: sequence) {
            if case .replay = mode {} else if recorded.requestHash != hash {
                throw RunError(
                    .journal,
                    "the run no longer matches the journal: model request \(sequence) of call \(id) (worker '\(call.worker)') "
                        + "differs from the recorded one, so the recorded answer cannot be used; the project, its input or a "
                        + "tool's result changed since the journal was written")
            }
            return try Self.decode(recorded.response)
        }
        if case .replay = mode {
            throw RunError(
                .journal,
                "the replay went past the journal: call \(id) (worker '\(call.worker)') made model request \(sequence), "
                    + "which the journal does not have (the run took another path)")
        }
        try await record(nil)  // sending the request acts on everything received so far
        let response = try await next(request)
        try await record(
            .modelResponse(call: id, sequence: sequence, requestHash: hash, response: JournalCoding.encode(response)), flush: false)
        return response
    }

    public func interceptToolCall(
        arguments: JSONValue, call: ToolCallInfo, next: (JSONValue) async throws -> ToolOutput
    ) async throws -> ToolOutput {
        let id = call.path.callID
        let started = recorded.toolStarts[id]
        if let started, started.tool != call.tool || started.arguments != arguments, mode != .replay(executeTools: true) {
            throw RunError(
                .journal,
                "the run no longer matches the journal: call \(id) is '\(call.tool)' with \(arguments.jsonText), "
                    + "but the journal recorded '\(started.tool)' with \(started.arguments.jsonText)")
        }
        if case .replay(let executeTools) = mode {
            return try await replay(arguments: arguments, call: call, executeTools: executeTools, next: next)
        }
        if let finished = recorded.toolFinishes[id] { return try Self.decodeTool(finished.result).get() }
        if started != nil, !(call.idempotent || mode == .resume(reexecute: true)) {
            throw RunError(
                .journal,
                "cannot resume: tool '\(call.tool)' (call \(id)) had started when the run stopped, and the journal has "
                    + "no result for it, so it may have had its effect; it is not declared idempotent. Check its effect, "
                    + "then resume with --resume-reexecute to run it again")
        }
        // Written with what is pending: the tool may have effects, so everything before it is on file first.
        try await record(started == nil ? .toolStarted(call: id, toolset: call.toolset, tool: call.tool, arguments: arguments) : nil)
        let result = try await Self.run(next, arguments)
        try await record(.toolFinished(call: id, tool: call.tool, result: JournalCoding.encode(result)), flush: false)
        return try result.get()
    }

    /// A tool call in a replay: served, or run again and compared.
    private func replay(
        arguments: JSONValue, call: ToolCallInfo, executeTools: Bool, next: (JSONValue) async throws -> ToolOutput
    ) async throws -> ToolOutput {
        let id = call.path.callID
        let finished = recorded.toolFinishes[id]
        guard executeTools else {
            guard let finished else {
                throw RunError(.journal, "the replay went past the journal: call \(id) ('\(call.tool)') has no recorded result")
            }
            return try Self.decodeTool(finished.result).get()
        }
        let result = try await Self.run(next, arguments)
        // A worker's own calls are compared one by one; its answer follows from them.
        if !call.runsWorker {
            let recordedResult = try finished.map { try Self.decodeTool($0.result) }
            let replayed = ReplayDifference.describe(result)
            let before = recordedResult.map(ReplayDifference.describe)
            if replayed != before {
                found.withLock {
                    $0.append(ReplayDifference(call: id, worker: call.worker, tool: call.tool, recorded: before, replayed: replayed))
                }
            }
        }
        return try result.get()
    }

    /// Runs the tool; its ``ToolError`` is a result to record, anything else (cancellation, a
    /// run error) ends the call unrecorded.
    private static func run(_ next: (JSONValue) async throws -> ToolOutput, _ arguments: JSONValue) async throws
        -> Result<ToolOutput, ToolError>
    {
        do {
            return .success(try await next(arguments))
        } catch let error as ToolError {
            return .failure(error)
        }
    }

    private static func decode(_ response: JSONValue) throws(RunError) -> ModelResponse {
        do {
            return try JournalCoding.decodeResponse(response)
        } catch {
            throw RunError(.journal, "the journal has a model response this llmdo cannot read: \(error.message)")
        }
    }

    private static func decodeTool(_ result: JSONValue) throws(RunError) -> Result<ToolOutput, ToolError> {
        do {
            return try JournalCoding.decodeToolResult(result)
        } catch {
            throw RunError(.journal, "the journal has a tool result this llmdo cannot read: \(error.message)")
        }
    }
}

/// A tool call whose replayed result is not the recorded one.
public struct ReplayDifference: Sendable, Equatable {
    public var call: String
    public var worker: String
    public var tool: String
    /// What the model saw in the recorded run (nil: the journal has no result for the call).
    public var recorded: String?
    /// What the model sees now.
    public var replayed: String

    /// A result as the model sees it; errors are marked, so an error and a text never compare equal.
    static func describe(_ result: Result<ToolOutput, ToolError>) -> String {
        switch result {
        case .success(let output): return output.modelText
        case .failure(let error): return "[\(error.kind == .failed ? "error" : error.kind.name)] " + error.message
        }
    }
}

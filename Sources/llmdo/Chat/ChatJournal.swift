import Foundation
import LLMDo
import Synchronization

/// The journal of a chat session (`--chat --journal DIR`, `--chat --resume FILE`): one file for
/// the whole session. The header (marked as a chat's) comes once; each turn is a `turn` record
/// with the user's message, that turn's run records (call ids restart at `c1` every turn, so
/// each turn is served by a ``RunJournal`` of its own) and an `end` record; an `end` after the
/// last turn says how the session ended.
///
/// As an interceptor it forwards to the current turn's ``RunJournal``.
final class ChatJournal: RunInterceptor {
    let runID: String
    /// The journal file.
    let path: String
    /// The turns already in the file (a resume), in order.
    let recordedTurns: [JournalTurn]
    private let writer: JournalWriter
    private let reexecute: Bool
    private let current: Mutex<(turns: Int, journal: RunJournal?)>

    /// Opens the journal the options name: a new one, or the session to resume.
    static func open(_ options: JournalOptions, program: Program) throws -> ChatJournal {
        let (path, fsync) = try JournalSession.location(options, program: program)
        if FileManager.default.fileExists(atPath: path) {
            let contents = try JournalContents.read(path: path)
            guard contents.header.chat else {
                throw CLIFailure(message: "\(path) is the journal of a one-shot run, not a chat session; resume it without --chat", code: ExitStatus.usage)
            }
            JournalSession.warnIfChanged(contents, program: program)
            let writer = try JournalWriter(path: path, fsync: fsync, validLength: contents.validLength)
            return ChatJournal(
                writer: writer, runID: contents.header.runID, turns: contents.turns, reexecute: options.reexecute)
        }
        if options.resume != nil { _ = try JournalContents.read(path: path) }  // names the missing file
        let runID = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let writer = try JournalWriter(path: path, fsync: fsync)
        try writer.append(JournalSession.header(runID: runID, program: program, input: .null, chat: true))
        return ChatJournal(writer: writer, runID: runID, turns: [], reexecute: false)
    }

    private init(writer: JournalWriter, runID: String, turns: [JournalTurn], reexecute: Bool) {
        self.writer = writer
        self.path = writer.path
        self.runID = runID
        self.recordedTurns = turns
        self.reexecute = reexecute
        self.current = Mutex((turns.last?.number ?? 0, nil))
    }

    /// Starts a new turn: its record is written, and its run is recorded from here.
    func beginTurn(_ input: String) throws(JournalError) {
        let number = current.withLock { state in
            state.turns = state.turns &+ 1
            return state.turns
        }
        try writer.append(.turn(number: number, input: input))
        let journal = RunJournal(mode: .record, writer: writer)
        current.withLock { $0.journal = journal }
    }

    /// Runs a recorded turn again: what it recorded is served, and a turn that was cut off
    /// continues live, appending to the same turn.
    func resumeTurn(_ turn: JournalTurn) {
        let journal = RunJournal(mode: .resume(reexecute: reexecute), writer: writer, records: turn.records)
        current.withLock { $0.journal = journal }
    }

    /// Closes the current turn (or, after the last one, the session) with how it ended.
    func end(status: String, output: JSONValue? = nil, error: String? = nil) throws(JournalError) {
        current.withLock { $0.journal = nil }
        try writer.append(.end(status: status, output: output, error: error))
    }

    func interceptModelRequest(
        _ request: ModelRequest, call: ModelCallInfo, next: (ModelRequest) async throws -> ModelResponse
    ) async throws -> ModelResponse {
        guard let journal = current.withLock({ $0.journal }) else { return try await next(request) }
        return try await journal.interceptModelRequest(request, call: call, next: next)
    }

    func interceptToolCall(
        arguments: JSONValue, call: ToolCallInfo, next: (JSONValue) async throws -> ToolOutput
    ) async throws -> ToolOutput {
        guard let journal = current.withLock({ $0.journal }) else { return try await next(arguments) }
        return try await journal.interceptToolCall(arguments: arguments, call: call, next: next)
    }
}

import Foundation
import Synchronization

/// Appends records to a journal file, one JSON line each, and hands them to the kernel before
/// the run acts on them, so a crash leaves a valid prefix.
///
/// A record is written with its newline in one write(2) (no buffer of ours outlives a flush
/// point). Records the run has received but not yet acted on (a model response, a tool's result)
/// may wait for the next flush point, which the run reaches before it acts (a tool starting, the
/// next model request): one write per step instead of one per record. With `fsync` each write
/// also reaches the disk (survives a power failure; costs a disk flush per write).
public final class JournalWriter: Sendable {
    private struct State {
        let handle: FileHandle
        /// Whole records not written yet.
        var pending: [UInt8] = []
    }

    /// The journal file.
    public let path: String
    /// Whether each write is also flushed to the disk.
    public let fsync: Bool
    private let state: Mutex<State>

    /// Opens `path` for appending, creating it when missing. `validLength`, when given, first
    /// cuts the file to that many bytes (a resumed journal loses its torn last line, so the next
    /// record starts on a line of its own).
    public init(path: String, fsync: Bool = false, validLength: Int? = nil) throws(JournalError) {
        self.path = path
        self.fsync = fsync
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw JournalError("cannot create the journal \(path): check that its folder exists and is writable")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw JournalError("cannot open the journal \(path) for writing")
        }
        do {
            if let validLength { try handle.truncate(atOffset: UInt64(max(0, validLength))) }
            try handle.seekToEnd()
        } catch {
            throw JournalError("cannot prepare the journal \(path) for appending: \(error.localizedDescription)")
        }
        state = Mutex(State(handle: handle))
    }

    /// Appends one record and writes it with anything pending, or, with `flush: false`, keeps it
    /// for the next flush. Lines from concurrent calls never interleave.
    ///
    /// - Throws: ``JournalError`` when the write fails (a run that cannot journal stops rather
    ///   than act on something it could not record).
    public func append(_ record: JournalRecord, flush: Bool = true) throws(JournalError) {
        var line: [UInt8] = []
        record.json.write(into: &line)
        line.append(UInt8(ascii: "\n"))
        let failure: (any Error)? = state.withLock { state in
            state.pending.append(contentsOf: line)
            return flush ? write(&state) : nil
        }
        if let failure { throw JournalError("cannot write to the journal \(path): \(failure.localizedDescription)") }
    }

    /// Writes the records kept by `append(_:flush: false)`.
    public func flush() throws(JournalError) {
        let failure = state.withLock { write(&$0) }
        if let failure { throw JournalError("cannot write to the journal \(path): \(failure.localizedDescription)") }
    }

    private func write(_ state: inout State) -> (any Error)? {
        guard !state.pending.isEmpty else { return nil }
        do {
            try state.handle.write(contentsOf: state.pending)
            state.pending.removeAll(keepingCapacity: true)
            if fsync { try state.handle.synchronize() }
            return nil
        } catch {
            return error
        }
    }

    /// Appends from async code (the run): a write that waits for the disk (`fsync`) runs on the
    /// blocking pool, never on the cooperative pool; a page-cache write runs inline.
    func commit(_ record: JournalRecord?, flush: Bool) async throws(JournalError) {
        let body: @Sendable () throws(JournalError) -> Void = {
            if let record { try self.append(record, flush: flush) } else { try self.flush() }
        }
        guard fsync, flush else { return try body() }
        try await BlockingPool.current.runToCompletion { Result(catching: body) }.get()
    }

    deinit { state.withLock { try? $0.handle.close() } }
}

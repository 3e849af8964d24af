import Foundation
import Synchronization

/// Appends records to a journal file, one JSON line each, and hands each line to the kernel
/// before returning (a write(2) per record, no buffer of ours), so a record is in the page cache
/// before the run acts on what it describes and a crash leaves a valid prefix. With `fsync` each
/// record also reaches the disk (survives a power failure; costs a disk flush per record).
public final class JournalWriter: Sendable {
    /// The journal file.
    public let path: String
    /// Whether each record is also flushed to the disk.
    public let fsync: Bool
    private let file: Mutex<FileHandle>

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
        file = Mutex(handle)
    }

    /// Appends one record. Lines from concurrent calls never interleave.
    ///
    /// - Throws: ``JournalError`` when the write fails (a run that cannot journal stops rather
    ///   than act on something it could not record).
    public func append(_ record: JournalRecord) throws(JournalError) {
        var bytes: [UInt8] = []
        record.json.write(into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        let data = Data(bytes)
        let failure: (any Error)? = file.withLock { handle in
            do {
                try handle.write(contentsOf: data)
                if fsync { try handle.synchronize() }
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw JournalError("cannot write to the journal \(path): \(failure.localizedDescription)") }
    }

    /// Appends from async code (the run): a record that waits for the disk (`fsync`) is written on
    /// the blocking pool, never on the cooperative pool; a page-cache write is written inline.
    func commit(_ record: JournalRecord) async throws(JournalError) {
        guard fsync else { return try append(record) }
        let result = await BlockingPool.current.runToCompletion { Result { () throws(JournalError) in try self.append(record) } }
        try result.get()
    }

    deinit { file.withLock { try? $0.close() } }
}

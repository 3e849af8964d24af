import Foundation

/// A journal read back: its header and records, in file order. A last line cut off mid-write
/// (no newline) is a crash's torn record and is left out; damage anywhere else is an error
/// naming the line.
public struct JournalContents: Sendable {
    public var path: String
    public var header: JournalRecord.Header
    /// The records after the header.
    public var records: [JournalRecord]
    /// The bytes up to the end of the last whole record (where appending continues).
    public var validLength: Int
    /// Whether a torn last line was dropped.
    public var hadTornTail: Bool

    /// Reads the journal at `path`.
    public static func read(path: String) throws(JournalError) -> JournalContents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JournalError("cannot read the journal \(path): no such file, or not readable")
        }
        let bytes = Array(data)
        var records: [JournalRecord] = []
        var header: JournalRecord.Header?
        var start = 0, lineNumber = 0, validLength = 0, torn = false
        while start < bytes.count {
            lineNumber += 1
            // Each record is written with its newline in one write: a line without one is torn.
            guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                torn = true
                break
            }
            let record: JournalRecord
            do {
                record = try JournalRecord(json: try JSONValue(parsing: Array(bytes[start..<end])))
            } catch let error as JournalError {
                throw JournalError("\(path), line \(lineNumber): \(error.message)")
            } catch {
                throw JournalError("\(path), line \(lineNumber): not valid JSON (\(error))")
            }
            if lineNumber == 1 {
                guard case .header(let first) = record else { throw JournalError("\(path), line 1: expected the journal header") }
                header = first
            } else {
                records.append(record)
            }
            start = end + 1
            validLength = start
        }
        guard let header else { throw JournalError("\(path) is empty: no journal header (the run stopped before it started)") }
        return JournalContents(path: path, header: header, records: records, validLength: validLength, hadTornTail: torn)
    }
}

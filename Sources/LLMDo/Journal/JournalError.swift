/// A journal that cannot be read or written: the message names the file and, when it is about
/// one record, its line.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

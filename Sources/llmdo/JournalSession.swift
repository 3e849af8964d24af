import Foundation
import LLMDo

/// A journaled one-shot run as the command line sets it up: a new journal (`--journal DIR`,
/// `runtime.journal`) or a resumed one (`--resume FILE`, or `--journal DIR --run-id ID` when
/// that run's journal exists), the interceptor and approver that use it, and its end record.
struct JournalSession {
    let journal: RunJournal
    let approver: JournalApprover
    let runID: String
    /// The journal file.
    let path: String
    /// The run's input: the recorded one on a resume.
    let input: JSONValue?

    /// Opens the journal. `resolveInput` gives the command line's input; a resume reads it
    /// from the journal instead.
    ///
    /// - Throws: ``CLIFailure`` (usage) for options that do not fit, ``JournalError`` for a
    ///   journal that cannot be read or written.
    static func open(
        _ options: JournalOptions, program: Program, runtime: RuntimeOptions, resolveInput: () throws -> JSONValue?
    ) throws -> JournalSession {
        let (path, fsync) = try location(options, program: program)
        if FileManager.default.fileExists(atPath: path) {
            let contents = try JournalContents.read(path: path)
            if contents.header.chat {
                throw CLIFailure(message: "\(path) is the journal of a chat session; resume it with --chat", code: ExitStatus.usage)
            }
            if options.resume == nil, let given = try resolveInput(), given != contents.header.input {
                throw CLIFailure(
                    message: "run \(contents.header.runID) already has a journal (\(path)) with another input; "
                        + "resume it without an input, or choose another --run-id", code: ExitStatus.usage)
            }
            warnIfChanged(contents, program: program)
            let writer = try JournalWriter(path: path, fsync: fsync, validLength: contents.validLength)
            let journal = RunJournal(mode: .resume(reexecute: options.reexecute), writer: writer, contents: contents)
            return JournalSession(journal: journal, options: options, runtime: runtime, runID: contents.header.runID, path: path, input: contents.header.input)
        }
        if options.resume != nil { _ = try JournalContents.read(path: path) }  // names the missing file
        let input = try resolveInput()
        let runID = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let writer = try JournalWriter(path: path, fsync: fsync)
        let journal = RunJournal(mode: .record, writer: writer)
        try journal.append(header(runID: runID, program: program, input: input ?? .null))
        return JournalSession(journal: journal, options: options, runtime: runtime, runID: runID, path: path, input: input)
    }

    /// The journal file the options name (`--resume FILE`, or `DIR/<run-id>.jsonl` with DIR
    /// created) and whether its writes are flushed to the disk.
    static func location(_ options: JournalOptions, program: Program) throws -> (path: String, fsync: Bool) {
        let settings = options.directory.map { JournalSettings(directory: $0, fsync: options.fsync) }
            ?? program.manifest.runtime.journal.map {
                JournalSettings(directory: FileSystem.absolute($0.directory, relativeTo: program.projectRoot), fsync: $0.fsync || options.fsync)
            }
        let fsync = options.fsync || settings?.fsync == true
        if let resume = options.resume { return (resume, fsync) }
        guard let settings else {
            throw CLIFailure(message: "--approvals deferred needs a journal to record the pending calls: give --journal DIR (or set runtime.journal)", code: ExitStatus.usage)
        }
        try createFolder(settings.directory)
        return ((settings.directory as NSString).appendingPathComponent("\(options.runID ?? CallPath.randomRunID()).jsonl"), fsync)
    }

    /// Warns that the project is not the one the journal was written by.
    static func warnIfChanged(_ contents: JournalContents, program: Program) {
        if contents.header.projectHash != program.journalFingerprint {
            Terminal.error("warning: the project changed since \(contents.path) was written; a call that no longer matches stops the resume\n")
        }
    }

    /// The header of a new journal.
    static func header(runID: String, program: Program, input: JSONValue, chat: Bool = false) -> JournalRecord {
        .header(JournalRecord.Header(
            llmdoVersion: LLMDoVersion.string, runID: runID, project: FileSystem.absolute(program.manifest.path, relativeTo: program.projectRoot),
            projectHash: program.journalFingerprint, input: input, chat: chat))
    }

    private init(journal: RunJournal, options: JournalOptions, runtime: RuntimeOptions, runID: String, path: String, input: JSONValue?) {
        self.journal = journal
        self.approver = JournalApprover(
            base: runtime.approver, journal: journal, decisions: options.decisions, deferred: options.approvals == .deferred,
            unattendedReason: runtime.unattendedReason)
        self.runID = runID
        self.path = path
        self.input = input
    }

    private static func createFolder(_ folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIFailure(message: "cannot create the journal folder \(folder): \(error.localizedDescription)", code: ExitStatus.usage)
        }
    }

    /// Writes the end record of a run that returned.
    func finished(_ result: RunResult) throws {
        try journal.append(.end(status: "ok", output: result.output, error: nil))
    }

    /// Writes the end record of a run that failed and returns the failure to report, with the
    /// run's id, the journal and any pending approvals (for `--json`).
    func failed(_ failure: CLIFailure) -> CLIFailure {
        var failure = failure
        do {
            try journal.append(.end(status: failure.status, output: nil, error: failure.message))
        } catch {
            failure.message += "; the journal's end record was not written: \(error)"
        }
        failure.details["run_id"] = .string(runID)
        failure.details["journal"] = .string(path)
        let pending = approver.pending
        if !pending.isEmpty { failure.details["pending"] = .array(pending.map(JournalApprover.json)) }
        return failure
    }
}

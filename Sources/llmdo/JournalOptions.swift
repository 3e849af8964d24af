import ArgumentParser
import LLMDo

/// The run journal's command-line options (`llmdo PROJECT …`): where the journal goes, the run's
/// id, resuming, and decisions for deferred approvals. docs/cli.md describes them.
struct JournalOptions: ParsableArguments {
    @Option(name: .customLong("journal"), help: ArgumentHelp("Write the run's journal to DIR/<run-id>.jsonl (resumed when it exists).", valueName: "DIR"))
    var directory: String?

    @Flag(name: .customLong("journal-fsync"), help: "Flush each journal record to the disk, not only to the page cache.")
    var fsync = false

    @Option(name: .customLong("run-id"), help: ArgumentHelp("The run's id (an engine's idempotency key); default random.", valueName: "ID"))
    var runID: String?

    @Option(name: .customLong("resume"), help: ArgumentHelp("Continue the run journaled in FILE, serving what it recorded.", valueName: "FILE"))
    var resume: String?

    @Flag(name: .customLong("resume-reexecute"), help: "On --resume, run again a tool call that started but has no recorded result.")
    var reexecute = false

    @Option(name: .customLong("approvals"), help: ArgumentHelp("deferred: stop the run when a gated call needs a decision (exit 3), to resume with --approve/--deny.", valueName: "MODE"))
    var approvals: ApprovalsMode?

    @Option(name: .customLong("approve"), help: ArgumentHelp("Approve the gated call CALL_ID (with --resume).", valueName: "CALL_ID"))
    var approve: [String] = []

    @Option(name: .customLong("deny"), help: ArgumentHelp("Deny the gated call CALL_ID, telling the model the reason (with --resume).", valueName: "CALL_ID[=REASON]"))
    var deny: [String] = []

    enum ApprovalsMode: String, ExpressibleByArgument, CaseIterable {
        case deferred
    }

    func validate() throws {
        if resume != nil, directory != nil { throw ValidationError("--resume continues its own journal file; leave out --journal") }
        if resume != nil, runID != nil { throw ValidationError("--resume takes the run id from the journal; leave out --run-id") }
        if reexecute, resume == nil { throw ValidationError("--resume-reexecute needs --resume FILE") }
        if resume == nil, directory == nil, !(approve.isEmpty && deny.isEmpty) {
            throw ValidationError("--approve and --deny answer a journaled run: give --resume FILE")
        }
        if let runID, runID.isEmpty || runID.contains("/") || runID.hasPrefix(".") {
            throw ValidationError("--run-id '\(runID)' must be a file name: not empty, no '/', not starting with '.'")
        }
        let ids = approve + deny.map(Self.split).map(\.0)
        if let twice = Dictionary(grouping: ids, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw ValidationError("call \(twice) is given more than one decision")
        }
    }

    /// The decisions given by call id.
    var decisions: [String: ApprovalDecision] {
        var decisions: [String: ApprovalDecision] = [:]
        for id in approve { decisions[id] = .approveOnce }
        for entry in deny {
            let (id, reason) = Self.split(entry)
            decisions[id] = .deny(reason: reason)
        }
        return decisions
    }

    /// `CALL_ID=reason` → (CALL_ID, reason).
    private static func split(_ entry: String) -> (String, String?) {
        guard let equals = entry.firstIndex(of: "=") else { return (entry, nil) }
        return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
    }

    /// Whether this run is journaled at all (the manifest's `runtime.journal` also turns it on).
    func isActive(for program: Program) -> Bool {
        resume != nil || directory != nil || approvals != nil || program.manifest.runtime.journal != nil
    }
}

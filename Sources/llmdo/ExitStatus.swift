import ArgumentParser
import Glibc
import LLMDo

/// Exit codes, for people and for engines (a Kubernetes Job's podFailurePolicy, a Temporal
/// activity) deciding whether to retry. docs/cli.md has the table; 70 (an in-process plugin
/// crashed) is written by `CSignals`'s handler.
enum ExitStatus {
    /// The run failed; running it again as it is will not help.
    static let runFailure: Int32 = 1
    /// A usage or project error: fix the command or the project; never retry.
    static let usage: Int32 = 2
    /// A gated call waits for a decision (`--approvals deferred`): resume with `--approve`/`--deny`.
    static let approvalPending: Int32 = 3
    /// The provider kept failing with errors that may pass (rate limits, overload, network) after
    /// the retries: retry later (EX_TEMPFAIL).
    static let transient: Int32 = 75
    /// 128 + N: ended by signal N (130 SIGINT, 143 SIGTERM, 129 SIGHUP); the journal is complete.
    static let interrupted: Int32 = 128 + SIGINT
}

/// A failure the CLI reports as one message and an exit code (no stack trace unless --debug).
struct CLIFailure: Error {
    var message: String
    var code: Int32
    /// More members of the `--json` document (a journaled run's id, pending approvals).
    var details: JSONObject = [:]

    init(message: String, code: Int32) {
        self.message = message
        self.code = code
    }
}

extension CLIFailure {
    /// Classifies any error: project and usage errors exit 2, run errors 1, a deferred approval 3,
    /// a provider failure that may pass 75, cancellation 130.
    init(_ error: any Error) {
        switch error {
        case let failure as CLIFailure: self = failure
        case let project as ProjectError: self.init(message: project.description, code: ExitStatus.usage)
        case let journal as JournalError: self.init(message: journal.message, code: ExitStatus.usage)
        case let run as RunError:
            let code =
                switch run.kind {
                case .invalidInput: ExitStatus.usage
                case .approvalPending: ExitStatus.approvalPending
                default: ExitStatus.runFailure
                }
            self.init(message: run.message, code: code)
        case let model as ModelError:
            self.init(message: model.description, code: model.isRetryable ? ExitStatus.transient : ExitStatus.runFailure)
        case is CancellationError: self.init(message: "interrupted", code: ExitStatus.interrupted)
        default: self.init(message: "\(error)", code: ExitStatus.runFailure)
        }
    }

    /// A run ended by signal `number`.
    init(signal number: Int32) {
        let ending = RunSignals.ending(number)
        self.init(message: ending.message, code: ending.code)
    }

    /// The ending's name in `--json` and in a journal's end record.
    var status: String {
        code == ExitStatus.approvalPending ? "approval_pending" : code > 128 ? "interrupted" : "error"
    }

    /// The `--json` document of this ending: `{"status": "error" | "interrupted" | "approval_pending", "error": …}`.
    var json: JSONValue {
        var object: JSONObject = ["status": .string(status), "error": .string(message)]
        for (key, value) in details { object[key] = value }
        return .object(object)
    }
}

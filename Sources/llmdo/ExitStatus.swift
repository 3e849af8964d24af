import ArgumentParser
import Glibc
import LLMDo

/// Exit codes (docs/cli.md has the table): 0 success, 1 run failure, 2 usage or project error,
/// 70 an in-process plugin crashed (written by `CSignals`'s handler), 128 + N ended by signal N
/// (130 SIGINT, 143 SIGTERM, 129 SIGHUP).
enum ExitStatus {
    static let runFailure: Int32 = 1
    static let usage: Int32 = 2
    static let interrupted: Int32 = 128 + SIGINT
}

/// A failure the CLI reports as one message and an exit code (no stack trace unless --debug).
struct CLIFailure: Error {
    var message: String
    var code: Int32
}

extension CLIFailure {
    /// Classifies any error: project and usage errors exit 2, run errors 1, cancellation 130.
    init(_ error: any Error) {
        switch error {
        case let failure as CLIFailure: self = failure
        case let project as ProjectError: self.init(message: project.description, code: ExitStatus.usage)
        case let run as RunError:
            let code = run.kind == .invalidInput ? ExitStatus.usage : ExitStatus.runFailure
            self.init(message: run.message, code: code)
        case is CancellationError: self.init(message: "interrupted", code: ExitStatus.interrupted)
        default: self.init(message: "\(error)", code: ExitStatus.runFailure)
        }
    }

    /// A run ended by signal `number`.
    init(signal number: Int32) {
        let ending = RunSignals.ending(number)
        self.init(message: ending.message, code: ending.code)
    }

    /// The `--json` document of this ending: `{"status": "error" | "interrupted", "error": …}`.
    var json: JSONValue {
        ["status": code > 128 ? "interrupted" : "error", "error": .string(message)]
    }
}

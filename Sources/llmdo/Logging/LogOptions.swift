import ArgumentParser

/// Where a run's logs go: the message log (llm-do's `-vvv` JSONL) and HTTP debug lines.
struct LogOptions: ParsableArguments {
    @Option(
        name: .customLong("log-file"),
        help: ArgumentHelp("Write every model message as one JSON object per line to this file (API keys redacted).", valueName: "path"))
    var logFile: String?

    @Flag(name: .customLong("log-http"), help: "Print HTTP-level debug lines (requests, statuses, retries) on stderr.")
    var logHTTP = false

    /// The message log a run with verbosity `verbose` writes: to `--log-file`, else to stderr with
    /// `-vvv`, else none.
    func messageLog(verbose: Int, environment: [String: String]) throws -> MessageLog? {
        logFile != nil || verbose >= 3 ? try MessageLog(path: logFile, environment: environment) : nil
    }
}

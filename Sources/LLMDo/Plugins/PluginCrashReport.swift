import CSignals

/// The process-wide side of ``PluginCallLabel``: the CLI turns on the crash report once at
/// start-up (an embedder decides for itself whether a library may install signal handlers).
package enum PluginCrashReport {
    /// Installs the handlers for SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT: a crash inside a
    /// labelled plugin call writes one line to stderr and exits with status 70
    /// (`LLMDO_CRASH_EXIT_CODE`); any other crash keeps the disposition it had before.
    package static func install() { llmdo_crash_guard_install() }

    /// Also writes a JSON error object to `fd` when a plugin crashes (`--json`).
    package static func reportJSON(to fd: Int32) { llmdo_crash_guard_set_json_fd(fd) }

    /// Claims the one final document written to stdout; true for the first caller only (the
    /// crash handler claims it too, so stdout never holds two).
    package static func claimFinalOutput() -> Bool { llmdo_crash_guard_claim_output() != 0 }
}

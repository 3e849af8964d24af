/*
 * llmdo_crash_guard.h: what llmdo says when an in-process plugin crashes.
 *
 * An in-process plugin shares llmdo's address space, so a crash in it (SIGSEGV, SIGBUS,
 * SIGFPE, SIGILL, SIGABRT) ends the process. Before it does, the handler installed here
 * writes ONE line to stderr naming the plugin, toolset, function and signal, and (when
 * llmdo prints JSON) one error object on llmdo's private stdout, then exits with
 * LLMDO_CRASH_EXIT_CODE. Everything the handler writes is formatted before the call starts:
 * a signal handler may only call async-signal-safe functions (write, _exit, sigaction, raise).
 * A plugin that calls exit() is reported the same way (`… (exit(3))`), from an exit handler.
 *
 * "Which plugin call is running on this thread" is a thread-local pointer set right before
 * plugin code runs and cleared after it (llmdo_crash_guard_enter / _leave). A crash on a
 * thread with no label is not a plugin's: the previous disposition is restored and the
 * signal delivered again, so llmdo's own crashes behave as they would without this file.
 */
#ifndef LLMDO_CRASH_GUARD_H
#define LLMDO_CRASH_GUARD_H

#ifdef __cplusplus
extern "C" {
#endif

/** The exit status after an in-process plugin crashed (EX_SOFTWARE). */
#define LLMDO_CRASH_EXIT_CODE 70

/** One plugin call's preformatted description; both strings NUL-terminated and owned by the caller. */
typedef struct llmdo_crash_label {
    /** Plain text, e.g. `plugin 'libx.so' crashed in inventory.restock`. */
    const char *text;
    /** The same text escaped for the inside of a JSON string. */
    const char *json;
} llmdo_crash_label;

/** Installs the handlers (once per process; later calls do nothing). */
void llmdo_crash_guard_install(void);

/** Where the JSON error object goes (llmdo's private stdout), or -1 for none. */
void llmdo_crash_guard_set_json_fd(int fd);

/**
 * Marks plugin code as running on this thread; returns the previous label, to pass to
 * llmdo_crash_guard_leave. Gives the thread an alternate signal stack on first use, so a
 * stack overflow in the plugin still reaches the handler.
 */
const llmdo_crash_label *llmdo_crash_guard_enter(const llmdo_crash_label *label);

/** Restores the label llmdo_crash_guard_enter returned. */
void llmdo_crash_guard_leave(const llmdo_crash_label *previous);

/**
 * Claims the one final document llmdo writes to stdout under --json; returns 1 for the first
 * caller and 0 after. The crash handler claims it too, so stdout never holds two objects.
 */
int llmdo_crash_guard_claim_output(void);

#ifdef __cplusplus
}
#endif

#endif

/* See llmdo_crash_guard.h. Everything reachable from `handle` is async-signal-safe. */
#define _GNU_SOURCE
#include "llmdo_crash_guard.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const int guarded[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
#define GUARDED_COUNT (sizeof guarded / sizeof guarded[0])

static struct sigaction previous_actions[GUARDED_COUNT];
static atomic_int json_fd = -1;
static atomic_int output_claimed = 0;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static atomic_int installed = 0;
static pthread_key_t stack_key;

static _Thread_local const llmdo_crash_label *current_label;
static _Thread_local int has_alternate_stack;

static const char *signal_name(int sig) {
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    default: return "a signal";
    }
}

static void put(int fd, const char *text) {
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t written = write(fd, text, length);
        if (written <= 0) return;
        text += written;
        length -= (size_t)written;
    }
}

/* The line and the JSON object; `cause` is e.g. "SIGSEGV" or "exit(3)". */
static void report(const llmdo_crash_label *label, const char *cause, const char *signal) {
    put(STDERR_FILENO, "error: ");
    put(STDERR_FILENO, label->text);
    put(STDERR_FILENO, " (");
    put(STDERR_FILENO, cause);
    put(STDERR_FILENO, "); an in-process plugin takes llmdo down with it (run it isolated to survive this)\n");
    int fd = atomic_load(&json_fd);
    if (fd >= 0 && llmdo_crash_guard_claim_output()) {
        put(fd, "{\"status\":\"error\",\"error\":\"");
        put(fd, label->json);
        put(fd, " (");
        put(fd, cause);
        put(fd, ")\"");
        if (signal != NULL) {
            put(fd, ",\"signal\":\"");
            put(fd, signal);
            put(fd, "\"");
        }
        put(fd, "}\n");
    }
}

/* exit() called from plugin code: not a signal, so formatting is allowed here. */
static void on_process_exit(int status, void *unused) {
    (void)unused;
    const llmdo_crash_label *label = current_label;
    if (label == NULL) return; /* llmdo's own exit */
    char cause[32];
    snprintf(cause, sizeof cause, "exit(%d)", status);
    report(label, cause, NULL);
    _exit(LLMDO_CRASH_EXIT_CODE);
}

static void handle(int sig, siginfo_t *info, void *context) {
    (void)context;
    const llmdo_crash_label *label = current_label;
    if (label == NULL) {
        /* Not a plugin's crash: the disposition from before llmdo_crash_guard_install. */
        for (size_t i = 0; i < GUARDED_COUNT; i++)
            if (guarded[i] == sig) sigaction(sig, &previous_actions[i], NULL);
        /* A fault re-runs the faulting instruction on return; a sent signal must be re-sent. */
        if (info == NULL || info->si_code <= 0) raise(sig);
        return;
    }
    const char *name = signal_name(sig);
    report(label, name, name);
    _exit(LLMDO_CRASH_EXIT_CODE);
}

/* A thread's alternate stack is freed when the thread exits (disabled first). */
static void release_stack(void *memory) {
    stack_t disable = {.ss_flags = SS_DISABLE};
    sigaltstack(&disable, NULL);
    free(memory);
}

static void install(void) {
    pthread_key_create(&stack_key, release_stack);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = handle;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < GUARDED_COUNT; i++) sigaction(guarded[i], &action, &previous_actions[i]);
    on_exit(on_process_exit, NULL);
    atomic_store(&installed, 1);
}

void llmdo_crash_guard_install(void) { pthread_once(&install_once, install); }

void llmdo_crash_guard_set_json_fd(int fd) { atomic_store(&json_fd, fd); }

const llmdo_crash_label *llmdo_crash_guard_enter(const llmdo_crash_label *label) {
    /* Only where the handlers are installed (the CLI): an embedder's threads stay as they are. */
    if (!has_alternate_stack && atomic_load(&installed)) {
        has_alternate_stack = 1;
        stack_t existing;
        if (sigaltstack(NULL, &existing) == 0 && (existing.ss_flags & SS_DISABLE)) {
            size_t size = SIGSTKSZ < 65536 ? 65536 : SIGSTKSZ;
            void *memory = malloc(size);
            stack_t stack = {.ss_sp = memory, .ss_size = size, .ss_flags = 0};
            if (memory != NULL && sigaltstack(&stack, NULL) == 0) {
                pthread_setspecific(stack_key, memory);
            } else {
                free(memory);
            }
        }
    }
    const llmdo_crash_label *previous = current_label;
    current_label = label;
    return previous;
}

void llmdo_crash_guard_leave(const llmdo_crash_label *previous) { current_label = previous; }

int llmdo_crash_guard_claim_output(void) { return atomic_exchange(&output_claimed, 1) == 0; }

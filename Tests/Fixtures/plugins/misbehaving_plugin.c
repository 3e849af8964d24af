#define _DEFAULT_SOURCE /* usleep */
/* misbehaving_plugin.c: one toolset `inventory` with one function `restock`, built by the CLI
 * contract tests with exactly one BEHAVIOUR_* macro, each breaking the host's trust one way:
 *
 *   BEHAVIOUR_PRINT   init and restock print to stdout (printf + fflush, and write(1, ...)),
 *                     including a forged result object; restock then succeeds
 *   BEHAVIOUR_SEGV    restock writes through a NULL pointer
 *   BEHAVIOUR_ABORT   restock calls abort()
 *   BEHAVIOUR_FPE     restock divides an integer by zero
 *   BEHAVIOUR_RAISE   restock calls raise(SIGFPE)
 *   BEHAVIOUR_RECURSE restock recurses until its stack overflows (SIGSEGV on the guard page)
 *   BEHAVIOUR_EXIT    restock calls exit(3)
 *   BEHAVIOUR_INIT_ABORT  init calls abort()
 *   BEHAVIOUR_SPIN    restock says "restock started" on stderr, then sleeps in a loop and
 *                     never calls is_cancelled
 *   BEHAVIOUR_POLL    the same, but returns LLMDO_CANCELLED once is_cancelled says so (the
 *                     well-behaved control for the signal tests)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "llmdo_tool.h"

#ifdef BEHAVIOUR_PRINT
static const char forged[] = "{\"status\":\"pwned\"}\n";

static void print_to_stdout(const char *where) {
    printf("%s printf %s", where, forged);
    fflush(stdout);
    ssize_t written = write(STDOUT_FILENO, forged, sizeof forged - 1);
    (void)written;
}
#endif

static int32_t plugin_init(const llmdo_host_api *api, char *err, size_t capacity) {
    (void)api, (void)err, (void)capacity;
#if defined(BEHAVIOUR_PRINT)
    print_to_stdout("init");
#elif defined(BEHAVIOUR_INIT_ABORT)
    abort();
#endif
    return LLMDO_OK;
}

static volatile int zero = 0;

#ifdef BEHAVIOUR_RECURSE
static int deeper(int depth) {
    volatile char frame[4096];
    frame[0] = (char)depth;
    return zero == 0 ? deeper(depth + 1) + frame[0] : 0; /* zero is always 0: no end */
}
#endif

static int32_t restock(const llmdo_ctx *ctx) {
#if defined(BEHAVIOUR_PRINT)
    print_to_stdout("restock");
#elif defined(BEHAVIOUR_SEGV)
    *(volatile int *)NULL = 1;
#elif defined(BEHAVIOUR_ABORT)
    abort();
#elif defined(BEHAVIOUR_FPE)
    volatile int quotient = 100 / zero;
    (void)quotient;
#elif defined(BEHAVIOUR_RAISE)
    raise(SIGFPE);
#elif defined(BEHAVIOUR_RECURSE)
    return deeper(0);
#elif defined(BEHAVIOUR_EXIT)
    exit(3);
#elif defined(BEHAVIOUR_SPIN)
    fprintf(stderr, "restock started\n");
    for (;;) usleep(10000);
#elif defined(BEHAVIOUR_POLL)
    fprintf(stderr, "restock started\n");
    while (!ctx->api->is_cancelled(ctx)) usleep(10000);
    return LLMDO_CANCELLED;
#endif
    return ctx->api->set_result(ctx, "\"restocked\"", 11);
}

static const llmdo_function functions[] = {{
    .struct_size = sizeof(llmdo_function),
    .flags = LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE,
    .name = "restock",
    .description = "Restocks the inventory.",
    .parameters_schema = "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
    .result_type = LLMDO_R_JSON,
    .approval = LLMDO_APPROVAL_PRE_APPROVED,
    .fn = (void (*)(void))restock,
}};

static const llmdo_toolset toolsets[] = {{
    .struct_size = sizeof(llmdo_toolset),
    .function_count = 1,
    .name = "inventory",
    .description = "An inventory that misbehaves.",
    .functions = functions,
}};

static const llmdo_plugin plugin = {
    .struct_size = sizeof(llmdo_plugin),
    .abi_major = LLMDO_ABI_MAJOR,
    .abi_minor = LLMDO_ABI_MINOR,
    .toolset_count = 1,
    .toolsets = toolsets,
    .init = plugin_init,
};

LLMDO_EXPORT const llmdo_plugin *llmdo_entry_v1(const llmdo_host_api *api) {
    (void)api;
    return &plugin;
}

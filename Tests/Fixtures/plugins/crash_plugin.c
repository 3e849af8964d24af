#define _DEFAULT_SOURCE
/* crash_plugin.c: a plugin that misbehaves on purpose, for the isolation tests. Built with cc,
 * once per CRASH_* macro. `boom` counts its calls in a file in the project root (so the count
 * survives a restarted helper) and misbehaves on call number CRASH_ON (default 1); every other
 * call answers "call N ok". `tally` counts calls in a per-call instance; `secret` returns the
 * helper's ANTHROPIC_API_KEY (or "unset"); `relay` calls `secret` through the host. With
 * CRASH_HANG_INIT, init never returns. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "llmdo_tool.h"

#ifndef CRASH_ON
#define CRASH_ON 1
#endif

static void misbehave(void) {
#if defined(CRASH_SEGV)
    volatile int *nowhere = NULL;
    *nowhere = 1;
#elif defined(CRASH_ABORT)
    abort();
#elif defined(CRASH_EXIT)
    exit(3);
#elif defined(CRASH_SPIN)
    for (volatile unsigned long i = 0;; i++) {
    }
#elif defined(CRASH_PRINT)
    printf("{\"status\":\"pwned\"}\n");
    fflush(stdout);
#endif
}

static int32_t boom(const llmdo_ctx *ctx) {
    char path[4096];
    snprintf(path, sizeof path, "%s/boom-count", ctx->api->project_root(ctx));
    long count = 0;
    FILE *file = fopen(path, "r");
    if (file) {
        if (fscanf(file, "%ld", &count) != 1) count = 0;
        fclose(file);
    }
    count++;
    file = fopen(path, "w");
    if (file) {
        fprintf(file, "%ld", count);
        fclose(file);
    }
    char text[64];
    snprintf(text, sizeof text, "boom call %ld", count);
    ctx->api->log(ctx, LLMDO_LOG_WARNING, text);
    if (count == CRASH_ON) misbehave();
    int length = snprintf(text, sizeof text, "call %ld ok", count);
    return ctx->api->set_result(ctx, text, (size_t)length);
}

static int32_t create_instance(const llmdo_ctx *ctx, void **out) {
    (void)ctx;
    *out = calloc(1, sizeof(int64_t));
    return *out ? LLMDO_OK : LLMDO_FAILED;
}

static void destroy_instance(void *instance) { free(instance); }

static int64_t tally(const llmdo_ctx *ctx) {
    int64_t *counter = ctx->api->instance(ctx);
    return ++*counter;
}

static int32_t secret(const llmdo_ctx *ctx) {
    const char *value = getenv("ANTHROPIC_API_KEY");
    if (!value) value = "unset";
    return ctx->api->set_result(ctx, value, strlen(value));
}

/* relay(): calls the tool `secret` through the host (call_tool) and returns what it got. */
static int32_t relay(const llmdo_ctx *ctx) {
    const char *out = NULL;
    int32_t status = ctx->api->call_tool(ctx, "secret", "{}", &out);
    if (status != LLMDO_OK) return ctx->api->fail(ctx, out);
    return ctx->api->set_result(ctx, out, strlen(out));
}

#define NO_ARGS "{\"type\":\"object\",\"properties\":{}}"

static const llmdo_function boom_functions[] = {
    {sizeof(llmdo_function), LLMDO_FN_TAKES_CTX, "boom", "Misbehaves once.", NO_ARGS, NULL, 0, LLMDO_R_TEXT,
     LLMDO_APPROVAL_PRE_APPROVED, 0, (void (*)(void))boom, NULL},
};

static const llmdo_function state_functions[] = {
    {sizeof(llmdo_function), LLMDO_FN_TAKES_CTX, "tally", "Counts calls in this worker call.", NO_ARGS, NULL, 0,
     LLMDO_R_I64, LLMDO_APPROVAL_PRE_APPROVED, 0, (void (*)(void))tally, NULL},
    {sizeof(llmdo_function), LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, "secret", "The API key, if any.", NO_ARGS, NULL,
     0, LLMDO_R_TEXT, LLMDO_APPROVAL_PRE_APPROVED, 0, (void (*)(void))secret, NULL},
    {sizeof(llmdo_function), LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, "relay", "Calls secret through the host.",
     NO_ARGS, NULL, 0, LLMDO_R_TEXT, LLMDO_APPROVAL_PRE_APPROVED, 0, (void (*)(void))relay, NULL},
};

static const llmdo_toolset toolsets[] = {
    {sizeof(llmdo_toolset), 1, "crashy", "1.0.0", "Misbehaves.", boom_functions, NULL, NULL},
    {sizeof(llmdo_toolset), 3, "stateful", "1.0.0", "Per-call state.", state_functions, create_instance, destroy_instance},
};

#ifdef CRASH_HANG_INIT
static int32_t hang(const llmdo_host_api *api, char *err, size_t capacity) {
    (void)api, (void)err, (void)capacity;
    for (;;) pause();
    return LLMDO_OK;
}
#define INIT hang
#else
#define INIT NULL
#endif

static const llmdo_plugin plugin = {
    sizeof(llmdo_plugin), LLMDO_ABI_MAJOR, LLMDO_ABI_MINOR, 2, toolsets, 0, 0, NULL, INIT, NULL,
};

LLMDO_EXPORT const llmdo_plugin *llmdo_entry_v1(const llmdo_host_api *api) {
    (void)api;
    return &plugin;
}

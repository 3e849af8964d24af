#define _DEFAULT_SOURCE /* usleep */
/* test_plugin.c: the plugin the plugin tests load. Built by the tests with cc, once plain and
 * once per VARIANT_* macro, each variant breaking one rule the loader must catch. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "llmdo_tool.h"

/* add(a, b): a pure typed function, no ctx. */
static int64_t add(int64_t a, int64_t b) { return a + b; }

/* greet(name, excited = false): plain-text result. */
static int32_t greet(const llmdo_ctx *ctx, const char *name, llmdo_bool excited) {
    char buffer[256];
    int length = snprintf(buffer, sizeof buffer, "hello, %s%s", name, excited ? "!" : "");
    return ctx->api->set_result(ctx, buffer, (size_t)length);
}

static int32_t fails(const llmdo_ctx *ctx) { return ctx->api->fail(ctx, "deliberate failure"); }

static int32_t asks_retry(const llmdo_ctx *ctx, int64_t x) {
    if (x % 2 != 0) return ctx->api->retry(ctx, "x must be even");
    return ctx->api->set_result(ctx, "\"even\"", 6);
}

static int32_t bad_json(const llmdo_ctx *ctx) { return ctx->api->set_result(ctx, "{not json", 9); }

/* call_worker(worker, input): calls a worker through the host and returns its output. */
static int32_t call_worker(const llmdo_ctx *ctx, const char *worker, const char *input) {
    char json[512];
    snprintf(json, sizeof json, "\"%s\"", input);
    const char *out = NULL;
    int32_t status = ctx->api->call_worker(ctx, worker, json, &out);
    if (status != LLMDO_OK) return ctx->api->fail(ctx, out);
    return ctx->api->set_result(ctx, out, strlen(out));
}

/* The host's table, kept by the entry function for destroy_instance (which gets no ctx). */
static const llmdo_host_api *api_table;

/* Per-call instances: a counter each call of `count` increments. */
static atomic_int live_instances;

static int32_t create_instance(const llmdo_ctx *ctx, void **out) {
    ctx->api->log(ctx, LLMDO_LOG_DEBUG, "test_tools: instance created");
    int64_t *counter = calloc(1, sizeof *counter);
    if (!counter) return ctx->api->fail(ctx, "out of memory");
    atomic_fetch_add(&live_instances, 1);
    *out = counter;
    return LLMDO_OK;
}

static void destroy_instance(void *instance) {
    /* No ctx here: a NULL ctx logs into the worker call the instance served. */
    api_table->log(NULL, LLMDO_LOG_DEBUG, "test_tools: instance destroyed");
    atomic_fetch_sub(&live_instances, 1);
    free(instance);
}

static int64_t count(const llmdo_ctx *ctx) {
    int64_t *counter = ctx->api->instance(ctx);
    return ++*counter;
}

static int64_t live(void) { return atomic_load(&live_instances); }

/* guarded(path): approval decided per call; absolute paths need it. */
static llmdo_bool guarded_needs_approval(const llmdo_ctx *ctx, const char *args, char *description, size_t capacity) {
    ctx->api->log(ctx, LLMDO_LOG_DEBUG, "test_tools: deciding approval");
    if (strstr(args, "\"/") == NULL) return 0;
    snprintf(description, capacity, "write outside the project: %s", args);
    return 1;
}

static int32_t guarded(const llmdo_ctx *ctx, const char *path) {
    (void)path;
    return ctx->api->set_result(ctx, "\"written\"", 9);
}

/* scale(x, factor = 2.0): double result, optional number with a default. */
static double scale(double x, double factor) { return x * factor; }

static int32_t root(const llmdo_ctx *ctx) {
    const char *path = ctx->api->project_root(ctx);
    return ctx->api->set_result(ctx, path, strlen(path));
}

/* wait_cancel(): polls is_cancelled until the call is cancelled (at most 10 s). */
static int32_t wait_cancel(const llmdo_ctx *ctx) {
    for (int i = 0; i < 10000; i++) {
        if (ctx->api->is_cancelled(ctx)) return LLMDO_CANCELLED;
        usleep(1000);
    }
    return ctx->api->set_result(ctx, "\"not cancelled\"", 15);
}

/* serial(): not thread-safe; fails if the host ever runs two calls at once. */
static int running;

static int64_t serial(const llmdo_ctx *ctx) {
    if (++running != 1) {
        running--;
        ctx->api->fail(ctx, "two calls overlapped");
        return 0;
    }
    usleep(2000);
    running--;
    return 1;
}

/* repeat_tool(n): calls the tool `add` n times through call_tool; returns n. */
static int64_t repeat_tool(const llmdo_ctx *ctx, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        const char *out = NULL;
        if (ctx->api->call_tool(ctx, "add", "{\"a\":1,\"b\":2}", &out) != LLMDO_OK) {
            ctx->api->fail(ctx, out);
            return i;
        }
    }
    return n;
}

/* recurse(): calls itself through call_tool until the host refuses (the depth limit). */
static int32_t recurse(const llmdo_ctx *ctx) {
    const char *out = NULL;
    if (ctx->api->call_tool(ctx, "recurse", "{}", &out) != LLMDO_OK) return ctx->api->fail(ctx, out);
    return ctx->api->set_result(ctx, out, strlen(out));
}

/* echo_text(text, count): a string and an int64 argument, echoed back as text. */
static int32_t echo_text(const llmdo_ctx *ctx, const char *text, int64_t count) {
    char buffer[256];
    int length = snprintf(buffer, sizeof buffer, "%s|%lld", text ? text : "(null)", (long long)count);
    return ctx->api->set_result(ctx, buffer, (size_t)length);
}

/* flaky_tools: a toolset whose create_instance fails on its first attempt and logs each one;
 * ping returns the attempt that made the instance. */
static atomic_int flaky_attempts;

static int32_t flaky_create(const llmdo_ctx *ctx, void **out) {
    int attempt = atomic_fetch_add(&flaky_attempts, 1) + 1;
    char line[64];
    snprintf(line, sizeof line, "flaky_tools: create attempt %d", attempt);
    ctx->api->log(ctx, LLMDO_LOG_DEBUG, line);
    if (attempt == 1) return ctx->api->fail(ctx, "not ready yet (attempt 1)");
    int64_t *state = malloc(sizeof *state);
    if (!state) return ctx->api->fail(ctx, "out of memory");
    *state = attempt;
    *out = state;
    return LLMDO_OK;
}

static void flaky_destroy(void *instance) {
    char line[64];
    snprintf(line, sizeof line, "flaky_tools: destroyed the instance of attempt %lld", (long long)*(int64_t *)instance);
    api_table->log(NULL, LLMDO_LOG_DEBUG, line);
    free(instance);
}

static int64_t ping(const llmdo_ctx *ctx) { return *(int64_t *)ctx->api->instance(ctx); }

#ifdef VARIANT_NULL_NAME
#define ADD_NAME NULL
#else
#define ADD_NAME "add"
#endif
#ifdef VARIANT_SCHEMA_NOT_OBJECT
#define ADD_SCHEMA "{\"type\": \"array\"}"
#elif defined(VARIANT_PARAM_MISMATCH)
#define ADD_SCHEMA "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"c\":{\"type\":\"integer\"}},\"required\":[\"a\",\"c\"]}"
#elif defined(VARIANT_OPTIONAL_NO_DEFAULT)
#define ADD_SCHEMA "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}},\"required\":[\"a\"]}"
#else
#define ADD_SCHEMA "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"]}"
#endif
#ifdef VARIANT_DUPLICATE
#define GREET_NAME "add"
#else
#define GREET_NAME "greet"
#endif

static const llmdo_param add_params[] = {{"a", LLMDO_T_I64, 0}, {"b", LLMDO_T_I64, 0}};
static const llmdo_param greet_params[] = {{"name", LLMDO_T_STR, 0}, {"excited", LLMDO_T_BOOL, 0}};
static const llmdo_param retry_params[] = {{"x", LLMDO_T_I64, 0}};
static const llmdo_param call_worker_params[] = {{"worker", LLMDO_T_STR, 0}, {"input", LLMDO_T_STR, 0}};
static const llmdo_param guarded_params[] = {{"path", LLMDO_T_STR, 0}};
static const llmdo_param scale_params[] = {{"x", LLMDO_T_F64, 0}, {"factor", LLMDO_T_F64, 0}};
static const llmdo_param repeat_params[] = {{"n", LLMDO_T_I64, 0}};
static const llmdo_param echo_text_params[] = {{"text", LLMDO_T_STR, 0}, {"count", LLMDO_T_I64, 0}};

#define NO_ARGS "{\"type\":\"object\",\"properties\":{}}"
#define FN(name, description, schema, params, count, result, flags, fn) \
    {sizeof(llmdo_function), flags, name, description, schema, params, count, result, \
     LLMDO_APPROVAL_PRE_APPROVED, 0, (void (*)(void))fn, NULL}

static const llmdo_function functions[] = {
    FN(ADD_NAME, "Adds two integers.", ADD_SCHEMA, add_params, 2, LLMDO_R_I64, LLMDO_FN_THREAD_SAFE, add),
    FN(GREET_NAME, "Greets someone.",
       "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"excited\":{\"type\":\"boolean\",\"default\":false}},\"required\":[\"name\"]}",
       greet_params, 2, LLMDO_R_TEXT, LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, greet),
    FN("fails", "Always fails.", NO_ARGS, NULL, 0, LLMDO_R_JSON, LLMDO_FN_TAKES_CTX, fails),
    FN("asks_retry", "Wants an even number.",
       "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}},\"required\":[\"x\"]}", retry_params, 1,
       LLMDO_R_JSON, LLMDO_FN_TAKES_CTX, asks_retry),
    FN("bad_json", "Returns invalid JSON.", NO_ARGS, NULL, 0, LLMDO_R_JSON, LLMDO_FN_TAKES_CTX, bad_json),
    FN("call_worker", "Calls a worker.",
       "{\"type\":\"object\",\"properties\":{\"worker\":{\"type\":\"string\"},\"input\":{\"type\":\"string\"}},\"required\":[\"worker\",\"input\"]}",
       call_worker_params, 2, LLMDO_R_JSON, LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, call_worker),
    FN("count", "Counts calls in this worker call.", NO_ARGS, NULL, 0, LLMDO_R_I64, LLMDO_FN_TAKES_CTX, count),
    FN("live", "Live instances.", NO_ARGS, NULL, 0, LLMDO_R_I64, LLMDO_FN_THREAD_SAFE, live),
    {sizeof(llmdo_function), LLMDO_FN_TAKES_CTX, "guarded", "Writes a file.",
     "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}", guarded_params, 1,
     LLMDO_R_JSON, LLMDO_APPROVAL_PER_CALL, 0, (void (*)(void))guarded, guarded_needs_approval},
    FN("scale", "Scales a number.",
       "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"},\"factor\":{\"type\":\"number\",\"default\":2.0}},\"required\":[\"x\"]}",
       scale_params, 2, LLMDO_R_F64, LLMDO_FN_THREAD_SAFE, scale),
    FN("root", "The project root.", NO_ARGS, NULL, 0, LLMDO_R_TEXT, LLMDO_FN_TAKES_CTX, root),
    FN("wait_cancel", "Waits to be cancelled.", NO_ARGS, NULL, 0, LLMDO_R_JSON, LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, wait_cancel),
    FN("serial", "Must never overlap.", NO_ARGS, NULL, 0, LLMDO_R_I64, LLMDO_FN_TAKES_CTX, serial),
    FN("repeat_tool", "Calls add n times.",
       "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}", repeat_params, 1,
       LLMDO_R_I64, LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, repeat_tool),
    FN("recurse", "Calls itself.", NO_ARGS, NULL, 0, LLMDO_R_JSON, LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, recurse),
    FN("echo_text", "Echoes a string and an integer.",
       "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"},\"count\":{\"type\":\"integer\"}},\"required\":[\"text\",\"count\"]}",
       echo_text_params, 2, LLMDO_R_TEXT, LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, echo_text),
};

static const llmdo_function flaky_functions[] = {
    FN("ping", "The attempt that made this call's instance.", NO_ARGS, NULL, 0, LLMDO_R_I64,
       LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, ping),
};

static const llmdo_toolset toolsets[] = {{
    sizeof(llmdo_toolset), sizeof functions / sizeof functions[0], "test_tools", "1.2.3", "Tools for the plugin tests.",
    functions, create_instance, destroy_instance,
}, {
    sizeof(llmdo_toolset), 1, "flaky_tools", "1.0.0", "A toolset whose instance fails to start once.",
    flaky_functions, flaky_create, flaky_destroy,
}};

/* echo: a code entry; input {"tool": T} calls tool T with {} and returns its result; any
 * other input calls worker "echo" ("nope" with {"worker": "nope"}) and returns {"result": output}. */
static int32_t echo_entry(const llmdo_ctx *ctx, const char *input) {
    const char *out = NULL;
    const char *tool = strstr(input, "\"tool\":\"");
    if (tool) {
        char name[65] = {0};
        sscanf(tool + 8, "%64[^\"]", name);
        int32_t status = ctx->api->call_tool(ctx, name, "{}", &out);
        if (status != LLMDO_OK) return ctx->api->fail(ctx, out);
        return ctx->api->set_result(ctx, out, strlen(out));
    }
    const char *worker = strstr(input, "\"worker\":\"nope\"") ? "nope" : "echo";
    int32_t status = ctx->api->call_worker(ctx, worker, "\"from the entry\"", &out);
    if (status != LLMDO_OK) return ctx->api->fail(ctx, out);
    char buffer[1024];
    int length = snprintf(buffer, sizeof buffer, "{\"result\":%s}", out);
    return ctx->api->set_result(ctx, buffer, (size_t)length);
}

static const llmdo_code_entry entries[] = {{sizeof(llmdo_code_entry), 0, "echo_entry", "Calls the echo worker.", echo_entry}};

static const llmdo_plugin plugin = {
    sizeof(llmdo_plugin),
#ifdef VARIANT_ABI2
    2,
#else
    LLMDO_ABI_MAJOR,
#endif
    LLMDO_ABI_MINOR, sizeof toolsets / sizeof toolsets[0], toolsets, 1, 0, entries, NULL, NULL,
};

#ifdef VARIANT_NO_ENTRY
LLMDO_EXPORT const llmdo_plugin *some_other_symbol(void) { return &plugin; }
#else
LLMDO_EXPORT const llmdo_plugin *llmdo_entry_v1(const llmdo_host_api *api) {
    api_table = api;
    return &plugin;
}
#endif

/* future_plugin.c: a plugin as a later 1.x header (say 1.7) would build it: every descriptor
 * struct has fields appended after the ones this host knows, so every struct_size is bigger,
 * and the arrays' stride with it. The appended fields hold pointers that must never be
 * followed. Built by the tests with cc, plain and with one of:
 *   -DFUNCTION_SIZE=N  every function's struct_size is N (a bound the host must enforce)
 *   -DPLUGIN_SIZE=N    the descriptor's struct_size is N
 *   -DMIXED_SIZES      the second function's struct_size differs from the first's */
#include <stdint.h>

#include "llmdo_tool.h"

#define FUTURE_MINOR 7u
/* Never dereferenced: a host that read an unknown field would crash on it. */
#define POISON ((const void *)(uintptr_t)0x10)

typedef struct {
    llmdo_function known;
    const void *future_examples;
    uint64_t future_flags;
} function_1_7;

typedef struct {
    llmdo_toolset known;
    const void *future_homepage;
} toolset_1_7;

typedef struct {
    llmdo_code_entry known;
    const void *future_input_schema;
    uint32_t future_flags, future_reserved;
} entry_1_7;

typedef struct {
    llmdo_plugin known;
    const void *future_vendor;
    uint64_t future_bits[3];
} plugin_1_7;

#ifndef FUNCTION_SIZE
#define FUNCTION_SIZE sizeof(function_1_7)
#endif
#ifdef MIXED_SIZES
#define SECOND_FUNCTION_SIZE (FUNCTION_SIZE - 8)
#else
#define SECOND_FUNCTION_SIZE FUNCTION_SIZE
#endif
#ifndef PLUGIN_SIZE
#define PLUGIN_SIZE sizeof(plugin_1_7)
#endif

static int64_t add(int64_t a, int64_t b) { return a + b; }

static int32_t hello(const llmdo_ctx *ctx) { return ctx->api->set_result(ctx, "hello from 1.7", 14); }

static int32_t run(const llmdo_ctx *ctx, const char *input) {
    (void)input;
    return ctx->api->set_result(ctx, "\"entry from 1.7\"", 16);
}

static const llmdo_param add_params[] = {{"a", LLMDO_T_I64, 0}, {"b", LLMDO_T_I64, 0}};

static const function_1_7 functions[] = {
    {{FUNCTION_SIZE, LLMDO_FN_THREAD_SAFE | LLMDO_FN_IDEMPOTENT, "future_add", "Adds two integers.",
      "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"]}",
      add_params, 2, LLMDO_R_I64, LLMDO_APPROVAL_PRE_APPROVED, 0, (void (*)(void))add, NULL},
     POISON, ~0ull},
    {{SECOND_FUNCTION_SIZE, LLMDO_FN_TAKES_CTX, "future_hello", "Says hello.", "{\"type\":\"object\",\"properties\":{}}",
      NULL, 0, LLMDO_R_TEXT, LLMDO_APPROVAL_PRE_APPROVED, 0, (void (*)(void))hello, NULL},
     POISON, ~0ull},
};

static const toolset_1_7 toolsets[] = {
    {{sizeof(toolset_1_7), 2, "future_tools", "1.7.0", "Built against a newer header.",
      (const llmdo_function *)functions, NULL, NULL},
     POISON},
};

static const entry_1_7 entries[] = {
    {{sizeof(entry_1_7), 0, "future_entry", "A code entry from the future.", run}, POISON, ~0u, ~0u},
};

static const plugin_1_7 plugin = {
    {PLUGIN_SIZE, LLMDO_ABI_MAJOR, FUTURE_MINOR, 1, (const llmdo_toolset *)toolsets, 1, 0,
     (const llmdo_code_entry *)entries, NULL, NULL},
    POISON,
    {~0ull, ~0ull, ~0ull},
};

LLMDO_EXPORT const llmdo_plugin *llmdo_entry_v1(const llmdo_host_api *api) {
    (void)api;
    return &plugin.known;
}

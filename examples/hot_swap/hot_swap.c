/* hot_swap: a plugin to change while llmdo is running (see README.md).
 *
 *   greeting(name) -> text                    "Hello, NAME!" (edit GREETING and run make)
 *   slow_greeting(name, delay_ms = 2000) -> text
 *                                             the same after a delay, so a swap can happen
 *                                             while a call runs; it stops early when cancelled
 *
 * The toolset is named `greeting`, like the worker in greeting.worker, so the boundary can
 * move: a worker's `toolsets: [greeting]` runs either one without a change.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <time.h>

#include "llmdo_tool.h"

#ifndef GREETING
#define GREETING "Hello"
#endif
#ifndef VERSION
#define VERSION "1.0.0"
#endif
/* Benchmarks build several copies side by side under different toolset names. */
#ifndef TOOLSET
#define TOOLSET "greeting"
#endif

static int32_t greeting(const llmdo_ctx *ctx, const char *name) {
    char text[256];
    int length = snprintf(text, sizeof text, "%s, %s!", GREETING, name);
    if (length < 0 || (size_t)length >= sizeof text) return ctx->api->retry(ctx, "name is too long");
    return ctx->api->set_result(ctx, text, (size_t)length);
}

static int32_t slow_greeting(const llmdo_ctx *ctx, const char *name, int64_t delay_ms) {
    if (delay_ms < 0 || delay_ms > 60000) return ctx->api->retry(ctx, "delay_ms must be between 0 and 60000");
    struct timespec slice = {0, 10 * 1000 * 1000};
    for (int64_t waited = 0; waited < delay_ms; waited += 10) {
        if (ctx->api->is_cancelled(ctx)) return LLMDO_CANCELLED;
        nanosleep(&slice, NULL);
    }
    return greeting(ctx, name);
}

static const llmdo_param greeting_params[] = {{"name", LLMDO_T_STR, 0}};
static const llmdo_param slow_params[] = {{"name", LLMDO_T_STR, 0}, {"delay_ms", LLMDO_T_I64, 0}};

static const llmdo_function functions[] = {
    {
        .struct_size = sizeof(llmdo_function),
        .flags = LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE,
        .name = "greeting",
        .description = "Greets someone by name.",
        .parameters_schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"examples\":[\"Ada\"]}},"
                             "\"required\":[\"name\"],\"additionalProperties\":false}",
        .params = greeting_params,
        .param_count = 1,
        .result_type = LLMDO_R_TEXT,
        .approval = LLMDO_APPROVAL_PRE_APPROVED,
        .fn = (void (*)(void))greeting,
    },
    {
        .struct_size = sizeof(llmdo_function),
        .flags = LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE,
        .name = "slow_greeting",
        .description = "Greets someone by name after a delay in milliseconds.",
        .parameters_schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"examples\":[\"Ada\"]},"
                             "\"delay_ms\":{\"type\":\"integer\",\"default\":2000}},"
                             "\"required\":[\"name\"],\"additionalProperties\":false}",
        .params = slow_params,
        .param_count = 2,
        .result_type = LLMDO_R_TEXT,
        .approval = LLMDO_APPROVAL_PRE_APPROVED,
        .fn = (void (*)(void))slow_greeting,
    },
};

static const llmdo_toolset toolsets[] = {{
    .struct_size = sizeof(llmdo_toolset),
    .function_count = sizeof functions / sizeof functions[0],
    .name = TOOLSET,
    .version = VERSION,
    .description = "Greetings, compiled.",
    .functions = functions,
}};

static const llmdo_plugin plugin = {
    .struct_size = sizeof(llmdo_plugin),
    .abi_major = LLMDO_ABI_MAJOR,
    .abi_minor = LLMDO_ABI_MINOR,
    .toolset_count = 1,
    .toolsets = toolsets,
};

/* The only exported symbol. */
LLMDO_EXPORT const llmdo_plugin *llmdo_entry_v1(const llmdo_host_api *api) {
    (void)api;
    return &plugin;
}

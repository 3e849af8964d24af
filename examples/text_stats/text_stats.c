/* text_stats: a complete llmdo tool plugin in C, built against llmdo_tool.h alone.
 *
 *   word_count(text) -> integer     a pure function: no ctx, returns its value directly
 *   repeat(text, times = 2) -> text uses the ctx to ask for a retry and to set its result
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "llmdo_tool.h"

static int64_t word_count(const char *text) {
    int64_t words = 0;
    int in_word = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (isspace(*p)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    return words;
}

static int32_t repeat(const llmdo_ctx *ctx, const char *text, int64_t times) {
    if (times < 1 || times > 10) return ctx->api->retry(ctx, "times must be between 1 and 10");
    size_t length = strlen(text);
    char *out = malloc(length * (size_t)times + 1);
    if (out == NULL) return ctx->api->fail(ctx, "out of memory");
    for (int64_t i = 0; i < times; i++) memcpy(out + length * (size_t)i, text, length);
    int32_t status = ctx->api->set_result(ctx, out, length * (size_t)times); /* the host copies */
    free(out);
    return status;
}

static const llmdo_param word_count_params[] = {{"text", LLMDO_T_STR, 0}};
static const llmdo_param repeat_params[] = {{"text", LLMDO_T_STR, 0}, {"times", LLMDO_T_I64, 0}};

static const llmdo_function functions[] = {
    {
        .struct_size = sizeof(llmdo_function),
        .flags = LLMDO_FN_THREAD_SAFE,
        .name = "word_count",
        .description = "Counts the words (runs of non-space characters) in a text.",
        .parameters_schema = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
                             "\"required\":[\"text\"],\"additionalProperties\":false}",
        .params = word_count_params,
        .param_count = 1,
        .result_type = LLMDO_R_I64,
        .approval = LLMDO_APPROVAL_PRE_APPROVED,
        .fn = (void (*)(void))word_count,
    },
    {
        .struct_size = sizeof(llmdo_function),
        .flags = LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE,
        .name = "repeat",
        .description = "Repeats a text a number of times (1 to 10).",
        .parameters_schema = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"},"
                             "\"times\":{\"type\":\"integer\",\"default\":2}},"
                             "\"required\":[\"text\"],\"additionalProperties\":false}",
        .params = repeat_params,
        .param_count = 2,
        .result_type = LLMDO_R_TEXT,
        .approval = LLMDO_APPROVAL_PRE_APPROVED,
        .fn = (void (*)(void))repeat,
    },
};

static const llmdo_toolset toolsets[] = {{
    .struct_size = sizeof(llmdo_toolset),
    .function_count = sizeof functions / sizeof functions[0],
    .name = "text_stats",
    .version = "1.0.0",
    .description = "Small text utilities.",
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

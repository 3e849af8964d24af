/* text_stats: a complete llmdo tool plugin in C, built against llmdo_tool.h and its optional
 * companion llmdo_tool_util.h (header-only: nothing to link).
 *
 *   word_count(text) -> integer     a pure function: no ctx, returns its value directly
 *   repeat(text, times = 2) -> text uses the ctx to ask for a retry and to set its result
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "llmdo_tool_util.h"

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

/* Each parameter is written once; the params[] array and the JSON Schema come from the list. */
#define WORD_COUNT_PARAMS(P) P(text, LLMDO_T_STR, LLMDO_REQUIRED, "The text.")
LLMDO_PARAMS(word_count, WORD_COUNT_PARAMS)

#define REPEAT_PARAMS(P)                                        \
    P(text, LLMDO_T_STR, LLMDO_REQUIRED, "The text to repeat.") \
    P(times, LLMDO_T_I64, LLMDO_DEFAULT("2"), "How many times, 1 to 10.")
LLMDO_PARAMS(repeat, REPEAT_PARAMS)

static const llmdo_function functions[] = {
    {LLMDO_FUNCTION(word_count, LLMDO_R_I64, LLMDO_FN_THREAD_SAFE, LLMDO_PRE_APPROVED,
                    "Counts the words (runs of non-space characters) in a text.")},
    {LLMDO_FUNCTION(repeat, LLMDO_R_TEXT, LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, LLMDO_PRE_APPROVED,
                    "Repeats a text a number of times (1 to 10).")},
};

static const llmdo_toolset toolsets[] = {
    {LLMDO_TOOLSET("text_stats", "1.0.0", "Small text utilities.", functions, NULL, NULL)},
};

static const llmdo_plugin plugin = {LLMDO_PLUGIN(toolsets)};

/* The only exported symbol: llmdo_entry_v1, returning &plugin. */
LLMDO_EXPORT_PLUGIN(plugin)

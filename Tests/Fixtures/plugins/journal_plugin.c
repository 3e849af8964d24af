/* journal_plugin.c: the plugin of the journal tests (Tests/LLMDoTests/Journal). Written for
 * these tests.
 *
 * step(n) appends "done n" to the file $JOURNAL_TEST_EFFECTS: the effect a resumed run must not
 * repeat. When $JOURNAL_TEST_BLOCK_AT is n it first blocks reading the FIFO $JOURNAL_TEST_FIFO,
 * which nobody writes: the test kills the run there. Built with -DCHANGED, step 2 answers
 * differently (a changed plugin function, for replay); with -DIDEMPOTENT, step declares itself
 * LLMDO_FN_IDEMPOTENT. gated(n) is step behind an approval. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "llmdo_tool.h"

static int32_t step(const llmdo_ctx *ctx, int64_t n) {
    const char *block_at = getenv("JOURNAL_TEST_BLOCK_AT");
    const char *fifo = getenv("JOURNAL_TEST_FIFO");
    if (block_at && fifo && atoll(block_at) == n) {
        int fd = open(fifo, O_RDONLY);
        char byte;
        if (fd >= 0) {
            (void)read(fd, &byte, 1);
            close(fd);
        }
    }
    const char *effects = getenv("JOURNAL_TEST_EFFECTS");
    if (!effects) return ctx->api->fail(ctx, "JOURNAL_TEST_EFFECTS is not set");
    FILE *file = fopen(effects, "a");
    if (!file) return ctx->api->fail(ctx, "cannot open JOURNAL_TEST_EFFECTS");
    fprintf(file, "done %lld\n", (long long)n);
    fclose(file);
    char result[64];
#ifdef CHANGED
    int length = n == 2 ? snprintf(result, sizeof result, "step 2 done differently")
                        : snprintf(result, sizeof result, "step %lld done", (long long)n);
#else
    int length = snprintf(result, sizeof result, "step %lld done", (long long)n);
#endif
    return ctx->api->set_result(ctx, result, (size_t)length);
}

static const llmdo_param step_params[] = {{"n", LLMDO_T_I64, 0}};
#define STEP_SCHEMA "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}"

#ifdef IDEMPOTENT
#define STEP_FLAGS (LLMDO_FN_TAKES_CTX | LLMDO_FN_IDEMPOTENT)
#else
#define STEP_FLAGS LLMDO_FN_TAKES_CTX
#endif

static const llmdo_function functions[] = {
    {sizeof(llmdo_function), STEP_FLAGS, "step", "Does step n.", STEP_SCHEMA, step_params, 1, LLMDO_R_TEXT,
     LLMDO_APPROVAL_PRE_APPROVED, 0, (void (*)(void))step, NULL},
    {sizeof(llmdo_function), LLMDO_FN_TAKES_CTX, "gated", "Does step n, with the operator's consent.", STEP_SCHEMA,
     step_params, 1, LLMDO_R_TEXT, LLMDO_APPROVAL_ALWAYS, 0, (void (*)(void))step, NULL},
};

static const llmdo_toolset toolsets[] = {{
    sizeof(llmdo_toolset), sizeof functions / sizeof functions[0], "effects", "1.0.0", "Steps with an effect.", functions,
    NULL, NULL,
}};

static const llmdo_plugin plugin = {
    sizeof(llmdo_plugin), LLMDO_ABI_MAJOR, LLMDO_ABI_MINOR, 1, toolsets, 0, 0, NULL, NULL, NULL,
};

LLMDO_EXPORT const llmdo_plugin *llmdo_entry_v1(const llmdo_host_api *api) {
    (void)api;
    return &plugin;
}

/* util_plugin.c: uses every helper of llmdo_tool_util.h; the tests build it with
 * cc -std=c11 -Wall -Wextra -Werror and call each function.
 *
 *   echo(name, count = 3, ratio = 0.5, loud = false, tags?, note?) -> JSON of what it received
 *   escape(text, raw_bytes = false) -> {"writer": text, "fixed": text, "length": n}
 *   numbers(n = 1000) -> [0, 1, ..., n-1] (grows the writer past its inline buffer)
 *   answer() -> 42, a function without parameters, approved per call
 */
#include "llmdo_tool_util.h"

static int32_t echo(const llmdo_ctx *ctx, const char *name, int64_t count, double ratio, llmdo_bool loud,
                    const char *tags, const char *note) {
    llmdo_json w;
    llmdo_json_init(&w);
    llmdo_json_object_begin(&w);
    llmdo_json_key(&w, "name");
    llmdo_json_string(&w, name);
    llmdo_json_key(&w, "count");
    llmdo_json_i64(&w, count);
    llmdo_json_key(&w, "ratio");
    llmdo_json_f64(&w, ratio);
    llmdo_json_key(&w, "loud");
    llmdo_json_bool(&w, loud);
    llmdo_json_key(&w, "tags");
    if (tags) llmdo_json_raw(&w, tags); else llmdo_json_null(&w);
    llmdo_json_key(&w, "note");
    llmdo_json_string(&w, note); /* NULL when absent: null */
    llmdo_json_key(&w, "not_a_number");
    llmdo_json_f64(&w, ratio / 0.0 - ratio / 0.0); /* NaN: null */
    llmdo_json_object_end(&w);
    return llmdo_json_set_result(&w, ctx);
}

#define ECHO_PARAMS(P)                                                                           \
    P(name, LLMDO_T_STR, LLMDO_REQUIRED, "Who: \"quoted\", back\\slash,\nnew line, caf\xc3\xa9.") \
    P(count, LLMDO_T_I64, LLMDO_DEFAULT_WITH("3", "\"minimum\":0"), "How many.")                \
    P(ratio, LLMDO_T_F64, LLMDO_DEFAULT("0.5"), "A ratio.")                                     \
    P(loud, LLMDO_T_BOOL, LLMDO_DEFAULT("false"), "Shout?")                                     \
    P(tags, LLMDO_T_JSON, LLMDO_OPTIONAL_WITH("\"type\":\"array\",\"items\":{\"type\":\"string\"}"), "Tags.") \
    P(note, LLMDO_T_STR, LLMDO_OPTIONAL, "A note.")
LLMDO_PARAMS(echo, ECHO_PARAMS)

/* The same text through the writer and through llmdo_json_escape into a fixed buffer.
 * raw_bytes appends an invalid UTF-8 byte and a truncated sequence, which become U+FFFD. */
static int32_t escape(const llmdo_ctx *ctx, const char *text, llmdo_bool raw_bytes) {
    char input[512];
    int length = snprintf(input, sizeof input, "%s%s", text, raw_bytes ? "\xff|\xe2\x82" : "");
    if (length < 0 || (size_t)length >= sizeof input) return ctx->api->retry(ctx, "text is too long");
    char fixed[2048];
    size_t escaped = llmdo_json_escape(fixed, sizeof fixed, input, (size_t)length);
    char small[4];
    size_t cut = llmdo_json_escape(small, sizeof small, input, (size_t)length);
    if (cut != escaped || small[sizeof small - 1] != '\0') return ctx->api->fail(ctx, "a cut escape is wrong");
    llmdo_json w;
    llmdo_json_init(&w);
    llmdo_json_object_begin(&w);
    llmdo_json_key(&w, "writer");
    llmdo_json_string_n(&w, input, (size_t)length);
    llmdo_json_key(&w, "fixed");
    char quoted[sizeof fixed + 2];
    snprintf(quoted, sizeof quoted, "\"%s\"", fixed);
    llmdo_json_raw(&w, quoted);
    llmdo_json_key(&w, "length");
    llmdo_json_i64(&w, (int64_t)escaped);
    llmdo_json_object_end(&w);
    return llmdo_json_set_result(&w, ctx);
}

#define ESCAPE_PARAMS(P)                                         \
    P(text, LLMDO_T_STR, LLMDO_REQUIRED, "Any text.")            \
    P(raw_bytes, LLMDO_T_BOOL, LLMDO_DEFAULT("false"), "Append invalid UTF-8.")
LLMDO_PARAMS(escape, ESCAPE_PARAMS)

static int32_t numbers(const llmdo_ctx *ctx, int64_t n) {
    llmdo_json w;
    llmdo_json_init(&w);
    llmdo_json_array_begin(&w);
    for (int64_t i = 0; i < n; i++) llmdo_json_i64(&w, i);
    llmdo_json_array_end(&w);
    return llmdo_json_set_result(&w, ctx);
}

#define NUMBERS_PARAMS(P) P(n, LLMDO_T_I64, LLMDO_DEFAULT_WITH("1000", "\"minimum\":0,\"maximum\":100000"), "How many.")
LLMDO_PARAMS(numbers, NUMBERS_PARAMS)

static int64_t answer(void) { return 42; }
LLMDO_PARAMS(answer, LLMDO_NO_PARAMS)

/* answer asks for approval per call: never, with a description nobody reads. */
static llmdo_bool answer_needs_approval(const llmdo_ctx *ctx, const char *arguments, char *description, size_t capacity) {
    (void)ctx, (void)arguments;
    snprintf(description, capacity, "compute the answer");
    return 0;
}

static const llmdo_function functions[] = {
    {LLMDO_FUNCTION(echo, LLMDO_R_JSON, LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, LLMDO_PRE_APPROVED,
                    "Echoes its arguments.")},
    {LLMDO_FUNCTION(escape, LLMDO_R_JSON, LLMDO_FN_TAKES_CTX, LLMDO_PRE_APPROVED, "Escapes a text two ways.")},
    {LLMDO_FUNCTION(numbers, LLMDO_R_JSON, LLMDO_FN_TAKES_CTX, LLMDO_ALWAYS_ASK, "Counts from zero.")},
    {LLMDO_FUNCTION(answer, LLMDO_R_I64, 0, LLMDO_ASK_PER_CALL(answer_needs_approval), "The answer.")},
};

static const llmdo_toolset toolsets[] = {{LLMDO_TOOLSET("util", "1.0.0", "Every helper of llmdo_tool_util.h.", functions, NULL, NULL)}};

static const llmdo_plugin plugin = {LLMDO_PLUGIN(toolsets)};
LLMDO_EXPORT_PLUGIN(plugin)

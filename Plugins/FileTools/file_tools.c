/* file_tools: the C first-party plugin.
 *
 * sanitize_filename(filename) -> text, as llm-do's file_organizer example does it:
 *   (1) the extension (after the last '.', if any and not leading) is kept, lowercased;
 *   (2) the stem is lowercased; spaces and underscores become hyphens;
 *   (3) characters other than [a-z0-9.-] are dropped; runs of hyphens collapse to one;
 *   (4) leading and trailing hyphens and dots are trimmed; an empty stem becomes "file".
 * Bad input (empty name) is a retry, never a crash. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "llmdo_tool.h"

/* Appends the sanitized form of src[0..<length] to out (capacity checked by the caller). */
static size_t sanitize(const char *src, size_t length, char *out) {
    size_t n = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c == ' ' || c == '_' || c == '-') c = '-';
        else if (isalnum(c) || c == '.') c = (unsigned char)tolower(c);
        else continue;                                  /* requirement 3 */
        if (c == '-' && n > 0 && out[n - 1] == '-') continue;
        out[n++] = (char)c;
    }
    size_t start = 0;
    while (start < n && (out[start] == '-' || out[start] == '.')) start++;   /* requirement 4 */
    while (n > start && (out[n - 1] == '-' || out[n - 1] == '.')) n--;
    memmove(out, out + start, n - start);
    return n - start;
}

static int32_t sanitize_filename(const llmdo_ctx *ctx, const char *filename) {
    size_t length = strlen(filename);
    if (length == 0) return ctx->api->retry(ctx, "filename must not be empty");
    char *out = malloc(length + 8);
    if (!out) return ctx->api->fail(ctx, "out of memory");
    const char *dot = strrchr(filename, '.');
    if (dot == filename) dot = NULL;                      /* ".bashrc" has no extension */
    size_t stem = sanitize(filename, dot ? (size_t)(dot - filename) : length, out);
    if (stem == 0) {
        memcpy(out, "file", 4);
        stem = 4;
    }
    size_t total = stem;
    if (dot) {                                            /* requirement 1 */
        size_t extension = sanitize(dot + 1, strlen(dot + 1), out + stem + 1);
        if (extension > 0) {
            out[stem] = '.';
            total = stem + 1 + extension;
        }
    }
    int32_t status = ctx->api->set_result(ctx, out, total);
    free(out);
    return status;
}

static const llmdo_param sanitize_params[] = {{"filename", LLMDO_T_STR, 0}};

static const llmdo_function functions[] = {{
    sizeof(llmdo_function), LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, "sanitize_filename",
    "Makes a file name safe and consistent: lowercase, spaces to hyphens, unsafe characters removed, extension kept.",
    "{\"type\":\"object\",\"properties\":{\"filename\":{\"type\":\"string\",\"description\":\"The file name to clean up.\","
    "\"examples\":[\"Q3 Report (FINAL) v2.PDF\"]}},"
    "\"required\":[\"filename\"],\"additionalProperties\":false}",
    sanitize_params, 1, LLMDO_R_TEXT, LLMDO_APPROVAL_PRE_APPROVED, 0, (void (*)(void))sanitize_filename, NULL,
}};

static const llmdo_toolset toolsets[] = {{
    sizeof(llmdo_toolset), 1, "file_tools", "1.0.0", "File name helpers.", functions, NULL, NULL,
}};

static const llmdo_plugin plugin = {
    sizeof(llmdo_plugin), LLMDO_ABI_MAJOR, LLMDO_ABI_MINOR, 1, toolsets, 0, 0, NULL, NULL, NULL,
};

LLMDO_EXPORT const llmdo_plugin *llmdo_entry_v1(const llmdo_host_api *api) {
    (void)api;
    return &plugin;
}

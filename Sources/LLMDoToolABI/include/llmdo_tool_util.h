/* llmdo_tool_util.h: optional helpers for writing llmdo tool plugins in C (and C++).
 *
 * Header-only, C11, nothing to link. It adds no ABI: everything here expands to the plain
 * descriptors of llmdo_tool.h, which stays the whole contract.
 *
 * 1. One source of truth per function. A parameter list, written once as an X-macro:
 *
 *      #define REPEAT_PARAMS(P) \
 *          P(text,  LLMDO_T_STR, LLMDO_REQUIRED,     "The text to repeat.") \
 *          P(times, LLMDO_T_I64, LLMDO_DEFAULT("2"), "How many times, 1 to 10.")
 *      LLMDO_PARAMS(repeat, REPEAT_PARAMS)
 *
 *    defines `repeat_params` (the llmdo_param array) and `repeat_schema` (the JSON Schema of
 *    the argument object: one property per parameter in order, its "type", "description",
 *    "default", the "required" list and "additionalProperties": false). Then
 *
 *      { LLMDO_FUNCTION(repeat, LLMDO_R_TEXT, LLMDO_FN_TAKES_CTX, LLMDO_PRE_APPROVED,
 *                       "Repeats a text.") }
 *
 *    is the llmdo_function for the C function `repeat` (the tool's name is the C name).
 *    LLMDO_TOOLSET(...) and LLMDO_PLUGIN(toolsets) fill the other descriptors, and
 *    LLMDO_EXPORT_PLUGIN(plugin) defines llmdo_entry_v1.
 *    Presence, the third column:
 *      LLMDO_REQUIRED              the model must give it
 *      LLMDO_OPTIONAL              may be absent: NULL (LLMDO_T_STR and LLMDO_T_JSON only)
 *      LLMDO_DEFAULT(json)         may be absent: the host passes `json` (JSON text, e.g. "2",
 *                                  "\"en\"", "true")
 *      LLMDO_REQUIRED_WITH(extra), LLMDO_OPTIONAL_WITH(extra), LLMDO_DEFAULT_WITH(json, extra)
 *                                  the same, plus more schema members for the property, as JSON
 *                                  member text: "\"minimum\":1" or "\"enum\":[\"a\",\"b\"]".
 *                                  A LLMDO_T_JSON parameter has no "type" of its own, so extra
 *                                  can give one: "\"type\":\"array\",\"items\":{\"type\":\"string\"}".
 *    Descriptions are plain C string literals: quotes, backslashes and newlines are escaped
 *    for you. Names, descriptions, defaults and extras must be literals (their sizeof sizes
 *    the schema buffer); a name is a C identifier, which the tool's parameter is called.
 *    A function without parameters: LLMDO_PARAMS(fn, LLMDO_NO_PARAMS).
 *
 *    Why the schema is built at load time, not compile time: the preprocessor cannot escape a
 *    description into JSON. Each LLMDO_PARAMS adds a constructor that writes the schema into a
 *    static buffer sized at compile time (no allocation) when the library is loaded, before
 *    llmdo_entry_v1 can run; after that it never changes, as llmdo_tool.h requires.
 *
 * 2. JSON results without hand-rolled escaping:
 *
 *      llmdo_json w;
 *      llmdo_json_init(&w);
 *      llmdo_json_object_begin(&w);
 *      llmdo_json_key(&w, "name");  llmdo_json_string(&w, name);
 *      llmdo_json_key(&w, "sizes"); llmdo_json_array_begin(&w);
 *      for (...) llmdo_json_i64(&w, size);
 *      llmdo_json_array_end(&w);
 *      llmdo_json_object_end(&w);
 *      return llmdo_json_set_result(&w, ctx);   // sets the result and frees the writer
 *
 *    The writer starts in a 256-byte buffer inside the struct and mallocs only beyond it; it
 *    never aborts: out of memory marks it failed, and llmdo_json_set_result then fails the call.
 *    Commas are placed for you; nesting is not checked (balance your begin/end calls).
 *    Strings are escaped as JSON requires ("\\\"", "\\\\", control characters); valid UTF-8
 *    passes through unchanged and each invalid byte becomes U+FFFD, so the output is always
 *    valid JSON. llmdo_json_escape does the same into a caller's buffer.
 *
 * 3. C++: llmdo_guard (end of this file) keeps exceptions from crossing the boundary.
 */
#ifndef LLMDO_TOOL_UTIL_H
#define LLMDO_TOOL_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "llmdo_tool.h"

#ifdef __cplusplus
#define LLMDO__EXTERN_C extern "C"
extern "C" {
#else
#define LLMDO__EXTERN_C
#endif

/* ---- Parameter lists ------------------------------------------------------------------- */

/* One parameter as written in a list (what the schema is built from). */
typedef struct llmdo_util_param {
    const char *name;
    uint32_t type;            /* LLMDO_T_* */
    const char *description;  /* plain text; may be NULL */
    int required;
    const char *default_json; /* JSON text or NULL */
    const char *schema_extra; /* JSON member text or NULL */
} llmdo_util_param;

#define LLMDO_REQUIRED 1, NULL, NULL
#define LLMDO_OPTIONAL 0, NULL, NULL
#define LLMDO_DEFAULT(json) 0, json, NULL
#define LLMDO_REQUIRED_WITH(extra) 1, NULL, extra
#define LLMDO_OPTIONAL_WITH(extra) 0, NULL, extra
#define LLMDO_DEFAULT_WITH(json, extra) 0, json, extra
#define LLMDO_NO_PARAMS(P)

#define LLMDO__APPLY(macro, ...) macro(__VA_ARGS__)
#define LLMDO__DEFAULT_OF(required, json, extra) json
#define LLMDO__EXTRA_OF(required, json, extra) extra
#define LLMDO__PARAM(name, type, presence, description) {#name, type, 0},
#define LLMDO__SPEC(name, type, presence, description) {#name, type, description, presence},
/* An upper bound of one property's schema text: every character of the description may
 * escape to 6 bytes; sizeof(NULL) counts for an absent default or extra. */
#define LLMDO__ROOM(name, type, presence, description)                                          \
    +sizeof(#name) * 2 + sizeof(description) * 6 + sizeof(LLMDO__APPLY(LLMDO__DEFAULT_OF, presence)) \
        + sizeof(LLMDO__APPLY(LLMDO__EXTRA_OF, presence)) + 64

/* Defines, from one parameter list LIST(P): fn##_params (llmdo_param[], with a terminating
 * zero element so an empty list is valid C), fn##_param_specs and fn##_schema. */
#define LLMDO_PARAMS(fn, LIST)                                                                   \
    static const llmdo_param fn##_params[] = {LIST(LLMDO__PARAM){NULL, 0, 0}};                   \
    static const llmdo_util_param fn##_param_specs[] = {LIST(LLMDO__SPEC){NULL, 0, NULL, 0, NULL, NULL}}; \
    static char fn##_schema[96 LIST(LLMDO__ROOM)];                                               \
    __attribute__((constructor)) static void llmdo__build_##fn##_schema(void) {                  \
        llmdo_util_write_schema(fn##_param_specs, LLMDO_COUNT(fn##_param_specs) - 1, fn##_schema, \
                                sizeof fn##_schema);                                             \
    }

/* The number of elements of an array. */
#define LLMDO_COUNT(array) ((uint32_t)(sizeof(array) / sizeof((array)[0])))

/* How a function is approved, the fourth argument of LLMDO_FUNCTION. */
#define LLMDO_PRE_APPROVED LLMDO_APPROVAL_PRE_APPROVED, NULL
#define LLMDO_ALWAYS_ASK LLMDO_APPROVAL_ALWAYS, NULL
#define LLMDO_ASK_PER_CALL(needs_approval_fn) LLMDO_APPROVAL_PER_CALL, needs_approval_fn
#define LLMDO__FIRST(a, b) a
#define LLMDO__SECOND(a, b) b

/* The fields of the llmdo_function for the C function `function_` with
 * LLMDO_PARAMS(function_, ...), in declaration order (so C++ accepts them); wrap in braces.
 * approval_: LLMDO_PRE_APPROVED, LLMDO_ALWAYS_ASK or LLMDO_ASK_PER_CALL(needs_approval). */
#define LLMDO_FUNCTION(function_, result, flags_, approval_, description_)                        \
    .struct_size = sizeof(llmdo_function), .flags = (flags_), .name = #function_,                \
    .description = (description_), .parameters_schema = function_##_schema,                      \
    .params = function_##_params, .param_count = LLMDO_COUNT(function_##_params) - 1,            \
    .result_type = (result), .approval = LLMDO__APPLY(LLMDO__FIRST, approval_), .reserved = 0,   \
    .fn = (void (*)(void))function_, .needs_approval = LLMDO__APPLY(LLMDO__SECOND, approval_)

/* The fields of an llmdo_toolset over an array of functions; create_ and destroy_ manage
 * per-call instances (NULL, NULL for none). */
#define LLMDO_TOOLSET(name_, version_, description_, functions_, create_, destroy_)               \
    .struct_size = sizeof(llmdo_toolset), .function_count = LLMDO_COUNT(functions_), .name = (name_), \
    .version = (version_), .description = (description_), .functions = (functions_),             \
    .create_instance = (create_), .destroy_instance = (destroy_)

/* The first fields of an llmdo_plugin over an array of toolsets; entry_count, reserved,
 * entries, init and shutdown may follow, in that order. */
#define LLMDO_PLUGIN(toolsets_)                                                                   \
    .struct_size = sizeof(llmdo_plugin), .abi_major = LLMDO_ABI_MAJOR, .abi_minor = LLMDO_ABI_MINOR, \
    .toolset_count = LLMDO_COUNT(toolsets_), .toolsets = (toolsets_)

/* Defines the one exported entry function, returning a constant llmdo_plugin. */
#define LLMDO_EXPORT_PLUGIN(plugin)                                                              \
    LLMDO__EXTERN_C LLMDO_EXPORT const llmdo_plugin *llmdo_entry_v1(const llmdo_host_api *api) { \
        (void)api;                                                                               \
        return &(plugin);                                                                        \
    }

/* ---- JSON writer ----------------------------------------------------------------------- */

typedef struct llmdo_json {
    char *buf;
    size_t len;
    size_t cap;
    unsigned char owned;  /* buf was malloc'ed by the writer */
    unsigned char fixed;  /* buf is the caller's and never grows */
    unsigned char failed; /* out of memory or out of room */
    unsigned char comma;  /* the next value or key needs a ',' first */
    char inline_buf[256];
} llmdo_json;

/* Starts an empty writer that grows on the heap past its inline buffer. Do not copy the
 * struct once started (buf may point into it). */
static inline void llmdo_json_init(llmdo_json *w) {
    w->buf = w->inline_buf;
    w->len = 0;
    w->cap = sizeof w->inline_buf;
    w->owned = w->fixed = w->failed = w->comma = 0;
    w->buf[0] = '\0';
}

/* Starts a writer over the caller's buffer (capacity > 0), which never grows: text that does
 * not fit marks the writer failed. */
static inline void llmdo_json_init_fixed(llmdo_json *w, char *buf, size_t capacity) {
    w->buf = buf;
    w->len = 0;
    w->cap = capacity;
    w->owned = w->failed = w->comma = 0;
    w->fixed = 1;
    if (capacity > 0) buf[0] = '\0'; else w->failed = 1;
}

/* Releases the writer's memory (after llmdo_json_set_result it is already released). */
static inline void llmdo_json_free(llmdo_json *w) {
    if (w->owned) free(w->buf);
    llmdo_json_init(w);
}

/* Makes room for `more` bytes plus the NUL. */
static inline int llmdo__json_reserve(llmdo_json *w, size_t more) {
    if (w->failed) return 0;
    if (more < w->cap - w->len) return 1;
    if (w->fixed || more > ((size_t)-1) / 2 - w->len) {
        w->failed = 1;
        return 0;
    }
    size_t cap = w->cap * 2 > w->len + more + 1 ? w->cap * 2 : w->len + more + 1;
    char *grown = (char *)(w->owned ? realloc(w->buf, cap) : malloc(cap));
    if (grown == NULL) {
        w->failed = 1;
        return 0;
    }
    if (!w->owned) memcpy(grown, w->buf, w->len + 1);
    w->buf = grown;
    w->cap = cap;
    w->owned = 1;
    return 1;
}

static inline void llmdo__json_put(llmdo_json *w, const char *text, size_t n) {
    if (!llmdo__json_reserve(w, n)) return;
    memcpy(w->buf + w->len, text, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

/* Writes the ',' a value or key needs after an earlier one at the same level. */
static inline void llmdo__json_separate(llmdo_json *w) {
    if (w->comma) llmdo__json_put(w, ",", 1);
    w->comma = 1;
}

/* Escapes `len` bytes of `src` as the inside of a JSON string (no quotes) into `dst`, writing
 * at most `capacity` bytes with a terminating NUL (nothing when capacity is 0). Returns the
 * escaped length without the NUL, like snprintf: a result >= capacity means it was cut. */
static inline size_t llmdo_json_escape(char *dst, size_t capacity, const char *src, size_t len) {
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)src;
    size_t out = 0, i = 0;
    while (i < len) {
        char piece[8];
        size_t n = 0, consumed = 1;
        unsigned char c = s[i];
        if (c == '"' || c == '\\') {
            piece[0] = '\\', piece[1] = (char)c, n = 2;
        } else if (c < 0x20) {
            const char *named = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : c == '\b' ? "\\b" : c == '\f' ? "\\f" : NULL;
            if (named) memcpy(piece, named, 2), n = 2;
            else memcpy(piece, "\\u00", 4), piece[4] = hex[c >> 4], piece[5] = hex[c & 15], n = 6;
        } else if (c < 0x80) {
            piece[0] = (char)c, n = 1;
        } else {
            /* A well-formed UTF-8 sequence (RFC 3629: no overlongs, no surrogates, <= U+10FFFF)
             * is copied; anything else is one invalid byte, replaced by U+FFFD. */
            size_t need = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
            unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
            unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
            int valid = need > 0 && len - i >= need;
            for (size_t k = 1; valid && k < need; k++) {
                unsigned char cont = s[i + k];
                valid = k == 1 ? (cont >= lo && cont <= hi) : (cont & 0xC0) == 0x80;
            }
            if (valid) memcpy(piece, s + i, need), n = need, consumed = need;
            else memcpy(piece, "\\ufffd", 6), n = 6;
        }
        for (size_t k = 0; k < n; k++, out++) {
            if (out + 1 < capacity) dst[out] = piece[k];
        }
        i += consumed;
    }
    if (capacity > 0) dst[out < capacity ? out : capacity - 1] = '\0';
    return out;
}

/* Writes `len` bytes of text as a JSON string. */
static inline void llmdo_json_string_n(llmdo_json *w, const char *text, size_t len) {
    llmdo__json_separate(w);
    llmdo__json_put(w, "\"", 1);
    size_t room = w->failed ? 0 : w->cap - w->len;
    size_t need = llmdo_json_escape(w->buf + w->len, room, text, len);
    if (need >= room) { /* did not fit: grow and escape again */
        if (!llmdo__json_reserve(w, need)) return;
        llmdo_json_escape(w->buf + w->len, w->cap - w->len, text, len);
    }
    w->len += need;
    llmdo__json_put(w, "\"", 1);
}

/* Writes a NUL-terminated string as a JSON string; NULL writes null. */
static inline void llmdo_json_string(llmdo_json *w, const char *text) {
    if (text == NULL) {
        llmdo__json_separate(w);
        llmdo__json_put(w, "null", 4);
    } else {
        llmdo_json_string_n(w, text, strlen(text));
    }
}

/* Writes already-valid JSON text as one value (e.g. a worker's output from call_worker). */
static inline void llmdo_json_raw(llmdo_json *w, const char *json) {
    llmdo__json_separate(w);
    llmdo__json_put(w, json, strlen(json));
}

static inline void llmdo_json_null(llmdo_json *w) { llmdo_json_raw(w, "null"); }
static inline void llmdo_json_bool(llmdo_json *w, int value) { llmdo_json_raw(w, value ? "true" : "false"); }

static inline void llmdo_json_i64(llmdo_json *w, int64_t value) {
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)value);
    llmdo_json_raw(w, text);
}

/* Writes a number in the shortest of %.15g / %.17g that reads back exactly (0.1, not
 * 0.10000000000000001); NaN and infinities (not JSON) become null. */
static inline void llmdo_json_f64(llmdo_json *w, double value) {
    char text[32];
    if (!isfinite(value)) {
        llmdo_json_raw(w, "null");
        return;
    }
    snprintf(text, sizeof text, "%.15g", value);
    if (strtod(text, NULL) != value) snprintf(text, sizeof text, "%.17g", value);
    llmdo_json_raw(w, text);
}

/* Writes an object key (then write its value). */
static inline void llmdo_json_key(llmdo_json *w, const char *key) {
    llmdo_json_string(w, key);
    llmdo__json_put(w, ":", 1);
    w->comma = 0;
}

static inline void llmdo__json_open(llmdo_json *w, const char *bracket) {
    llmdo__json_separate(w);
    llmdo__json_put(w, bracket, 1);
    w->comma = 0;
}
static inline void llmdo__json_close(llmdo_json *w, const char *bracket) {
    llmdo__json_put(w, bracket, 1);
    w->comma = 1;
}
static inline void llmdo_json_object_begin(llmdo_json *w) { llmdo__json_open(w, "{"); }
static inline void llmdo_json_object_end(llmdo_json *w) { llmdo__json_close(w, "}"); }
static inline void llmdo_json_array_begin(llmdo_json *w) { llmdo__json_open(w, "["); }
static inline void llmdo_json_array_end(llmdo_json *w) { llmdo__json_close(w, "]"); }

/* Sets the written JSON as the call's result and frees the writer. Returns set_result's
 * status, or fails the call when the writer ran out of memory. */
static inline int32_t llmdo_json_set_result(llmdo_json *w, const llmdo_ctx *ctx) {
    int32_t status = w->failed ? ctx->api->fail(ctx, "out of memory while building the result")
                               : ctx->api->set_result(ctx, w->buf, w->len);
    llmdo_json_free(w);
    return status;
}

/* ---- Schemas --------------------------------------------------------------------------- */

/* The schema "type" of a parameter type (NULL for LLMDO_T_JSON: any value). */
static inline const char *llmdo_util_schema_type(uint32_t type) {
    switch (type) {
    case LLMDO_T_BOOL: return "boolean";
    case LLMDO_T_I64: return "integer";
    case LLMDO_T_F64: return "number";
    case LLMDO_T_STR: return "string";
    default: return NULL;
    }
}

/* Writes the JSON Schema of an argument object with these parameters into buf. Returns 1, or
 * 0 when it does not fit (buf then holds "", which the host refuses as an invalid schema). */
static inline int llmdo_util_write_schema(const llmdo_util_param *params, size_t count, char *buf, size_t capacity) {
    llmdo_json w;
    llmdo_json_init_fixed(&w, buf, capacity);
    llmdo_json_object_begin(&w);
    llmdo_json_key(&w, "type");
    llmdo_json_string(&w, "object");
    llmdo_json_key(&w, "properties");
    llmdo_json_object_begin(&w);
    for (size_t i = 0; i < count; i++) {
        const llmdo_util_param *p = &params[i];
        llmdo_json_key(&w, p->name);
        llmdo_json_object_begin(&w);
        if (llmdo_util_schema_type(p->type)) {
            llmdo_json_key(&w, "type");
            llmdo_json_string(&w, llmdo_util_schema_type(p->type));
        }
        if (p->description) {
            llmdo_json_key(&w, "description");
            llmdo_json_string(&w, p->description);
        }
        if (p->default_json) {
            llmdo_json_key(&w, "default");
            llmdo_json_raw(&w, p->default_json);
        }
        if (p->schema_extra) llmdo_json_raw(&w, p->schema_extra); /* members: "k":v,... */
        llmdo_json_object_end(&w);
    }
    llmdo_json_object_end(&w);
    llmdo_json_key(&w, "required");
    llmdo_json_array_begin(&w);
    for (size_t i = 0; i < count; i++) {
        if (params[i].required) llmdo_json_string(&w, params[i].name);
    }
    llmdo_json_array_end(&w);
    llmdo_json_key(&w, "additionalProperties");
    llmdo_json_bool(&w, 0);
    llmdo_json_object_end(&w);
    if (w.failed) buf[0] = '\0';
    return !w.failed;
}

#ifdef __cplusplus
} /* extern "C" */

#include <exception>

/* Runs `body` (a lambda returning the function's C result) and turns any exception into
 * api->fail with its what(), so nothing crosses the boundary. Mark every exported function
 * and every function in a descriptor `noexcept`, and wrap its body:
 *
 *   static int32_t lookup(const llmdo_ctx *ctx, const char *key) noexcept {
 *       return llmdo_guard(ctx, [&] { return ctx->api->set_result(ctx, table.at(key)...); });
 *   }
 *
 * After a caught exception the function returns LLMDO_FAILED cast to its result type; the
 * host ignores the value of a call that called fail. A pure function (no ctx) cannot report
 * a failure: give a function that can throw a ctx. */
template <typename Body>
static inline auto llmdo_guard(const llmdo_ctx *ctx, Body &&body) noexcept -> decltype(body()) {
    try {
        return body();
    } catch (const std::exception &error) {
        ctx->api->fail(ctx, error.what());
    } catch (...) {
        ctx->api->fail(ctx, "unknown C++ exception");
    }
    return static_cast<decltype(body())>(LLMDO_FAILED);
}
#endif

#endif /* LLMDO_TOOL_UTIL_H */

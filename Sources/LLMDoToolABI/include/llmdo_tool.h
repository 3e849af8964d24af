/* llmdo_tool.h: LLMDoToolABI 1.2, the C ABI between llmdo and tool plugins.
 *
 * A plugin is a shared library that compiles against this header alone and links against
 * nothing of the host. It exports exactly one symbol, the entry function `llmdo_entry_v1`
 * (the ABI major is in its name). The host calls it once, passing its API table; the plugin
 * returns a constant descriptor of its toolsets, functions and code entries.
 *
 * Versioning. Every struct starts with `struct_size` (set it to sizeof the struct you
 * compiled against). Within major 1, fields are only ever appended, never moved or removed:
 *   - The host accepts any struct_size from the frozen 1.0 size (LLMDO_*_SIZE_1_0 below) up to
 *     LLMDO_STRUCT_SIZE_MAX, and reads a field appended after 1.0 only when struct_size
 *     covers it (an uncovered field counts as 0/NULL). A plugin built against 1.0 loads into
 *     every 1.x host; a plugin built against a newer 1.x header loads into an older 1.x host,
 *     which ignores the fields it does not know.
 *   - Arrays of descriptors (toolsets, functions, entries) are walked with the elements' own
 *     struct_size as the stride, so every element of one array must have the same
 *     struct_size. llmdo_param has no struct_size: it is fixed at 16 bytes and never grows.
 *   - A plugin reads a host field added after 1.0 only when the host's struct_size covers
 *     it: LLMDO_HAS_FIELD(api, llmdo_host_api, plugin_path).
 * The host refuses a descriptor whose `abi_major` differs from its own, naming both
 * versions, and a struct_size outside [1.0 size, LLMDO_STRUCT_SIZE_MAX], naming the struct.
 *
 * Lifecycle. Per loaded image of the library, the host calls the entry function once, then
 * `init` once after the descriptor validated, and `shutdown` once after a successful `init`:
 * when a hot swap retired the image and its last call returned, or before the process exits
 * normally (every llmdo command; embedders call PluginLifecycle.shutdownAll()). Never while
 * a call of that image runs; never without a successful `init`.
 *
 * Loading. The first load of a file in a process dlopens the file itself, so libraries beside
 * it load through -Wl,-rpath,'$ORIGIN' and dladdr() names it. A hot swap of a changed file loads
 * a private copy (in a fresh 0700 folder holding links to the file's siblings, so $ORIGIN still
 * resolves); then dladdr() names the copy, and api->plugin_path gives the real file.
 *
 * Ownership, in three rules:
 *   1. Host -> plugin pointers (ctx, argument strings, the project root) are borrowed: valid
 *      until the callee returns; never store them.
 *   2. Plugin -> host data (results, messages, names passed to call_worker) is copied before
 *      the host function returns; the plugin keeps ownership of its buffers.
 *   3. Buffers the host hands back (call_worker / call_tool output) are host-owned and live
 *      until the current plugin call returns. Nobody frees anybody else's memory.
 *   Descriptors (every struct reachable from llmdo_plugin, and their strings) are
 *   plugin-owned and must stay constant for the life of the process.
 *
 * Threading. Every host API function is [thread-safe]. Plugin calls run on threads the host
 * owns. A function without LLMDO_FN_THREAD_SAFE is serialized: the host never runs two of
 * its calls at once, except that the host releases the function while one of its calls is
 * blocked inside call_worker / call_tool, so nested chains cannot deadlock (state must be
 * consistent at those points, like code under a GIL). init and shutdown never overlap any
 * other call. A thread the plugin starts may use ctx only while that call is active.
 *
 * Forbidden in plugins: exceptions, panics or Swift errors crossing the boundary; exit();
 * installing signal handlers; changing cwd, environment or locale. Bad arguments are a
 * failed status, never an abort.
 *
 * Build: cc -std=c11 -fPIC -shared -fvisibility=hidden -Wl,-Bsymbolic -o libx.so x.c
 * (export only the entry: LLMDO_EXPORT marks it). See docs/plugin-abi.md.
 */
#ifndef LLMDO_TOOL_H
#define LLMDO_TOOL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LLMDO_ABI_MAJOR 1u
#define LLMDO_ABI_MINOR 2u
/* The entry symbol's name; it changes with the major version. */
#define LLMDO_ENTRY_SYMBOL "llmdo_entry_v1"
#define LLMDO_EXPORT __attribute__((visibility("default")))

/* The sizes of the size-prefixed structs as ABI 1.0 defined them, frozen forever: the
 * smallest struct_size the host accepts. In bytes on LP64 (x86_64, aarch64), the only data
 * model llmdo runs on; abi_layout.c checks them at build time. */
#define LLMDO_HOST_API_SIZE_1_0 80u
#define LLMDO_CTX_SIZE_1_0 24u
#define LLMDO_FUNCTION_SIZE_1_0 72u
#define LLMDO_TOOLSET_SIZE_1_0 56u
#define LLMDO_CODE_ENTRY_SIZE_1_0 32u
#define LLMDO_PLUGIN_SIZE_1_0 56u
/* Later sizes, one line per minor that appended to a struct. */
#define LLMDO_HOST_API_SIZE_1_1 88u
/* No 1.x struct will ever be larger: a bigger struct_size is refused as corrupt. */
#define LLMDO_STRUCT_SIZE_MAX 1024u
/* Whether a size-prefixed struct (e.g. the host's api) has a field appended after 1.0. */
#define LLMDO_HAS_FIELD(pointer, type, field) \
    ((size_t)(pointer)->struct_size >= offsetof(type, field) + sizeof(((type *)0)->field))

/* A boolean in the ABI: int32_t, 0 or 1 (never C `bool`, whose ABI varies). */
typedef int32_t llmdo_bool;

/* ---- Status codes (int32_t) ------------------------------------------------------------
 * A call fails when it called api->fail or api->retry (whatever it returns, and for any
 * result type), or when it returns a status other than LLMDO_OK; without a message the
 * host writes one. Otherwise it succeeds with its result. */
#define LLMDO_OK 0
/* The model should fix its call and retry; the message goes back to it and counts against
 * the retry limit. */
#define LLMDO_RETRY 1
/* The call failed; the message goes to the model as a tool error. */
#define LLMDO_FAILED 2
/* The call noticed cancellation (is_cancelled) and stopped. */
#define LLMDO_CANCELLED 3

/* ---- Parameter types (uint32_t) -------------------------------------------------------- */
#define LLMDO_T_BOOL 1 /* llmdo_bool; schema "boolean" */
#define LLMDO_T_I64 2  /* int64_t; schema "integer" */
#define LLMDO_T_F64 3  /* double; schema "number" (or "integer") */
#define LLMDO_T_STR 4  /* const char*, UTF-8, NUL-terminated; schema "string"; NULL if absent */
#define LLMDO_T_JSON 5 /* const char*, compact JSON text of the member; any schema; NULL if absent */

/* ---- Result types (uint32_t): what the function returns -------------------------------- */
/* int32_t status; on LLMDO_OK the result is the JSON text given to set_result (null if none). */
#define LLMDO_R_JSON 0
/* int32_t status; on LLMDO_OK the result is the plain text given to set_result ("" if none). */
#define LLMDO_R_TEXT 1
/* The function returns the value itself: int64_t, double or llmdo_bool. It can still fail
 * when it takes a ctx: after api->fail / api->retry the returned value is ignored. */
#define LLMDO_R_I64 2
#define LLMDO_R_F64 3
#define LLMDO_R_BOOL 4

/* ---- Function flags (uint32_t) --------------------------------------------------------- */
/* The function's first C parameter is `const llmdo_ctx *ctx` (needed for set_result, fail,
 * retry and every other host service). Without it the function is a pure typed function. */
#define LLMDO_FN_TAKES_CTX (1u << 0)
/* Calls may run concurrently on several threads. Without it the host serializes them. */
#define LLMDO_FN_THREAD_SAFE (1u << 1)
/* (1.2) Running a call twice with the same arguments has the effect of running it once (a read,
 * a lookup, writing the same content). A run resumed from its journal may run such a call again
 * when it stopped in the middle of it; any other interrupted call stops the resume. Hosts before
 * 1.2 ignore the bit. */
#define LLMDO_FN_IDEMPOTENT (1u << 2)

/* ---- Approval (uint32_t) --------------------------------------------------------------- */
#define LLMDO_APPROVAL_PRE_APPROVED 0 /* runs without asking */
#define LLMDO_APPROVAL_ALWAYS 1       /* always asks (subject to the run's approval mode) */
#define LLMDO_APPROVAL_PER_CALL 2     /* needs_approval decides for each call */

/* ---- Log levels (int32_t) -------------------------------------------------------------- */
#define LLMDO_LOG_DEBUG 0
#define LLMDO_LOG_INFO 1
#define LLMDO_LOG_WARNING 2
#define LLMDO_LOG_ERROR 3

/* Host-owned state of one call; read `api` and pass ctx back to the host's functions.
 * [borrowed: valid until the plugin function it was passed to returns] */
typedef struct llmdo_ctx llmdo_ctx;

/* The host's services. Host-owned, immutable, valid for the life of the process. */
typedef struct llmdo_host_api {
    uint32_t struct_size;
    uint32_t abi_minor; /* the host's minor version */

    /* Logs a message (copied) at a LLMDO_LOG_* level, as an event of the worker call the
     * callback serves. Works with a NULL ctx from destroy_instance (which has no ctx). */
    void (*log)(const llmdo_ctx *ctx, int32_t level, const char *message);
    /* Sets the call's result: JSON text for LLMDO_R_JSON, plain text for LLMDO_R_TEXT.
     * Copies `len` bytes of UTF-8; a later call replaces an earlier one. Returns LLMDO_OK. */
    int32_t (*set_result)(const llmdo_ctx *ctx, const char *text, size_t len);
    /* Marks the call failed with a message for the model (copied). Returns LLMDO_FAILED,
     * so a function can `return ctx->api->fail(ctx, "...")`. */
    int32_t (*fail)(const llmdo_ctx *ctx, const char *message);
    /* Asks the model to fix its call and retry, with a message (copied). Returns LLMDO_RETRY. */
    int32_t (*retry)(const llmdo_ctx *ctx, const char *message);
    /* Calls a worker by name, blocking this thread until it finishes. `input_json` is a JSON
     * string (the prompt) or an object matching the worker's input schema. Approval and
     * depth limits apply. On LLMDO_OK, *out is the worker's output as JSON text; otherwise
     * *out is the error message. *out is host-owned until the current plugin call returns.
     * If the failure ends the run (cancelled: LLMDO_CANCELLED; a usage limit; approval
     * unavailable), unwind: the run ends with that error whatever the plugin returns. */
    int32_t (*call_worker)(const llmdo_ctx *ctx, const char *name, const char *input_json, const char **out);
    /* Calls a tool by name with a JSON argument object, blocking, validated and approved like
     * a model's call, one level deeper (max_depth applies). On LLMDO_OK, *out is the tool's
     * result as JSON text; otherwise the error message (LLMDO_RETRY or LLMDO_FAILED). Same
     * lifetime and run-ending errors as call_worker. */
    int32_t (*call_tool)(const llmdo_ctx *ctx, const char *name, const char *arguments_json, const char **out);
    /* The per-call toolset instance made by create_instance (NULL if none). */
    void *(*instance)(const llmdo_ctx *ctx);
    /* 1 once the call has been cancelled; long loops should poll it and return LLMDO_CANCELLED. */
    llmdo_bool (*is_cancelled)(const llmdo_ctx *ctx);
    /* The project root (the manifest's folder), absolute. Borrowed like ctx. */
    const char *(*project_root)(const llmdo_ctx *ctx);

    /* ---- 1.1 and later (check LLMDO_HAS_FIELD(api, llmdo_host_api, FIELD) first) ---- */

    /* The absolute, symlink-free path of the plugin file that contains `address`, as the user
     * installed it (never a private copy the host may have loaded after a hot swap), or NULL
     * when `address` is not inside a loaded plugin. Pass the address of anything in your
     * library, e.g. `(const void *)&llmdo_entry_v1`. Needs no ctx, so it works from init, from
     * any call and from threads the plugin starts. Host-owned, valid for the process's life.
     * The folder (for data files and libraries shipped beside the plugin) is the part before
     * the last '/'. Prefer it over dladdr(), which names the private copy after a reload. */
    const char *(*plugin_path)(const void *address);
    /* Append only. */
} llmdo_host_api;

struct llmdo_ctx {
    uint32_t struct_size;
    uint32_t reserved; /* 0 */
    const llmdo_host_api *api;
    void *host_private; /* opaque; the plugin must not touch it */
};

/* Decides whether one call of an LLMDO_APPROVAL_PER_CALL function needs approval.
 * `arguments_json` is the validated argument object. Writes a human-readable description
 * of the call for the approval prompt into `description` (at most `capacity` bytes with
 * the NUL; leave it empty for the default). Returns 1 to ask, 0 to run without asking.
 * Runs on a host-owned plugin thread before the call is approved; it should be quick and
 * must not call host functions other than log and instance (there is no call scope yet).
 * The instance is created first if the worker call has none yet. */
typedef llmdo_bool (*llmdo_needs_approval_fn)(
    const llmdo_ctx *ctx, const char *arguments_json, char *description, size_t capacity);

/* One C parameter; `name` is a property of the function's schema. */
typedef struct llmdo_param {
    const char *name;
    uint32_t type; /* LLMDO_T_* */
    uint32_t reserved; /* 0 */
} llmdo_param;

/* One tool function. Its C signature is
 *   RET fn([const llmdo_ctx *ctx,] P1, P2, ...)
 * with RET = int32_t (status) for LLMDO_R_JSON/TEXT, else the result type, and P1.. the
 * params' C types in order. Never variadic. */
typedef struct llmdo_function {
    uint32_t struct_size;
    uint32_t flags; /* LLMDO_FN_* */
    /* ^[a-zA-Z0-9_-]{1,64}$, unique within the plugin. */
    const char *name;
    /* What the model reads; required. */
    const char *description;
    /* JSON Schema of the argument object, as JSON text: "type": "object", with one property
     * per param, in the same order and of the matching type. A param that is not "required"
     * must be STR or JSON (passed as NULL when absent) or have a schema "default". */
    const char *parameters_schema;
    const llmdo_param *params;
    uint32_t param_count;
    uint32_t result_type; /* LLMDO_R_* */
    uint32_t approval;    /* LLMDO_APPROVAL_* */
    uint32_t reserved;    /* 0 */
    void (*fn)(void);     /* cast of the real function */
    /* Required for LLMDO_APPROVAL_PER_CALL, ignored otherwise. */
    llmdo_needs_approval_fn needs_approval;
} llmdo_function;

/* A named group of functions, offered to workers that list it under `toolsets:`. */
typedef struct llmdo_toolset {
    uint32_t struct_size;
    uint32_t function_count;
    const char *name;        /* ^[a-zA-Z0-9_-]{1,64}$, unique within the plugin */
    const char *version;     /* e.g. "1.0.0"; may be NULL */
    const char *description; /* required */
    const llmdo_function *functions;
    /* Optional. Called lazily, once per worker call that uses the toolset, just before the
     * first call (or needs_approval) that needs the instance; stores per-call state in
     * *out_instance (read back with api->instance). May fail with api->fail, returning its
     * status: that tool call fails with the message, and the next one tries again. May log;
     * may not call workers or tools. */
    int32_t (*create_instance)(const llmdo_ctx *ctx, void **out_instance);
    /* Optional. Called once when that worker call ends, with what create_instance stored,
     * only if a creation succeeded with a non-NULL instance. Logs with a NULL ctx. */
    void (*destroy_instance)(void *instance);
} llmdo_toolset;

/* A code entry (trusted orchestration code; the run's entry instead of a worker).
 * `run` receives the run's input as JSON text, may call workers and tools through ctx,
 * and returns a status; its output is the JSON given to set_result (null if none). */
typedef struct llmdo_code_entry {
    uint32_t struct_size;
    uint32_t reserved; /* 0 */
    const char *name;        /* ^[a-zA-Z0-9_-]{1,64}$ */
    const char *description; /* required */
    int32_t (*run)(const llmdo_ctx *ctx, const char *input_json);
} llmdo_code_entry;

/* What llmdo_entry_v1 returns: the whole plugin. Plugin-owned and constant. */
typedef struct llmdo_plugin {
    uint32_t struct_size;
    uint32_t abi_major; /* LLMDO_ABI_MAJOR: must equal the host's */
    uint32_t abi_minor; /* LLMDO_ABI_MINOR the plugin was built with */
    uint32_t toolset_count;
    const llmdo_toolset *toolsets;
    uint32_t entry_count;
    uint32_t reserved; /* 0 */
    const llmdo_code_entry *entries;
    /* Optional. Called once per loaded image, after the descriptor is validated and before
     * any other call. Return LLMDO_OK, or an error status with a message written into err
     * (capacity bytes, NUL included): the plugin is then refused (and shutdown never runs). */
    int32_t (*init)(const llmdo_host_api *api, char *err, size_t capacity);
    /* Optional. Called exactly once after a successful init: when a hot swap has replaced the
     * image and its calls have returned, or before a normal process exit. Never while a call
     * of the image runs; may run on any thread. (A crash, a signal or _exit skips it.) */
    void (*shutdown)(void);
} llmdo_plugin;

/* The entry function every plugin exports, exactly once:
 *   LLMDO_EXPORT const llmdo_plugin *llmdo_entry_v1(const llmdo_host_api *api);
 * It must not call into the host; it only returns the (constant) descriptor, or NULL. */
typedef const llmdo_plugin *(*llmdo_entry_fn)(const llmdo_host_api *api);

#ifdef __cplusplus
}
#endif
#endif /* LLMDO_TOOL_H */

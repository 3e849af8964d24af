#define _GNU_SOURCE /* dladdr */
/* lifecycle_plugin.c: the plugin of the lifecycle and loading tests. Built by the tests with cc.
 *
 * init and shutdown append a line to lifecycle.log in the plugin's real folder (found with the
 * 1.1 host function plugin_path, from init), so a test can count them across processes:
 *   init VERSION PATH
 *   shutdown VERSION busy=N   (N: calls running at the time; must be 0)
 *   blocked VERSION           (a call of `blocked` started)
 * Functions: where() -> {"version", "plugin_path", "dladdr"}; helper() -> a value from
 * libhelper.so, linked with -Wl,-rpath,'$ORIGIN' (only with -DWITH_HELPER); neighbour(via) ->
 * a value from libneighbour.so, opened with dlopen in the folder of dladdr (via "dladdr") or
 * of plugin_path (via "plugin_path"); blocked() -> returns once a file named `go` exists in the
 * plugin's folder.
 * Macros: VERSION (a string), WITH_HELPER, VARIANT_INIT_FAILS. */
#include <dlfcn.h>
#include <stdatomic.h>
#include <unistd.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "llmdo_tool.h"

#ifndef VERSION
#define VERSION "1"
#endif

static const llmdo_host_api *host;
static char log_path[PATH_MAX + 32];

static void append(const char *line) {
    FILE *file = fopen(log_path, "a");
    if (!file) return;
    fputs(line, file);
    fclose(file);
}

/* The folder of a path, into `folder`. */
static void folder_of(const char *path, char *folder, size_t capacity) {
    snprintf(folder, capacity, "%s", path);
    char *slash = strrchr(folder, '/');
    if (slash) *slash = 0;
}

static const char *own_path(void) {
    if (!LLMDO_HAS_FIELD(host, llmdo_host_api, plugin_path)) return NULL;
    return host->plugin_path((const void *)&own_path);
}

static int32_t init(const llmdo_host_api *api, char *err, size_t capacity) {
    host = api;
    const char *path = own_path();
    if (!path) {
        snprintf(err, capacity, "plugin_path returned NULL");
        return LLMDO_FAILED;
    }
    char folder[PATH_MAX];
    folder_of(path, folder, sizeof folder);
    snprintf(log_path, sizeof log_path, "%s/lifecycle.log", folder);
    char line[PATH_MAX + 64];
    snprintf(line, sizeof line, "init %s %s\n", VERSION, path);
    append(line);
#ifdef VARIANT_INIT_FAILS
    snprintf(err, capacity, "deliberately refused");
    return LLMDO_FAILED;
#else
    return LLMDO_OK;
#endif
}

static atomic_int busy;

static void shutdown(void) {
    char line[64];
    snprintf(line, sizeof line, "shutdown %s busy=%d\n", VERSION, atomic_load(&busy));
    append(line);
}

static int64_t blocked(void) {
    atomic_fetch_add(&busy, 1);
    append("blocked " VERSION "\n");
    char go[PATH_MAX + 32];
    snprintf(go, sizeof go, "%.*s/go", (int)(strlen(log_path) - strlen("/lifecycle.log")), log_path);
    while (access(go, F_OK) != 0) usleep(1000);
    atomic_fetch_sub(&busy, 1);
    return 1;
}

static int32_t where(const llmdo_ctx *ctx) {
    Dl_info info;
    const char *loaded = dladdr((const void *)&where, &info) ? info.dli_fname : "";
    const char *path = own_path();
    char json[3 * PATH_MAX];
    int length = snprintf(json, sizeof json, "{\"version\":\"%s\",\"plugin_path\":\"%s\",\"dladdr\":\"%s\"}", VERSION,
                          path ? path : "", loaded);
    return ctx->api->set_result(ctx, json, (size_t)length);
}

#ifdef WITH_HELPER
int64_t sibling_value(void);
static int64_t helper(void) { return sibling_value(); }
#endif

static int64_t neighbour(const llmdo_ctx *ctx, const char *via) {
    char folder[PATH_MAX];
    if (strcmp(via, "dladdr") == 0) {
        Dl_info info;
        if (!dladdr((const void *)&neighbour, &info)) return ctx->api->fail(ctx, "dladdr failed"), 0;
        folder_of(info.dli_fname, folder, sizeof folder);
    } else {
        const char *path = own_path();
        if (!path) return ctx->api->fail(ctx, "no plugin_path"), 0;
        folder_of(path, folder, sizeof folder);
    }
    char library[PATH_MAX + 32];
    snprintf(library, sizeof library, "%s/libneighbour.so", folder);
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (!handle) return ctx->api->fail(ctx, dlerror()), 0;
    int64_t (*value)(void) = (int64_t (*)(void))dlsym(handle, "sibling_value");
    if (!value) return ctx->api->fail(ctx, "libneighbour.so has no sibling_value"), 0;
    return value();
}

static const llmdo_param neighbour_params[] = {{"via", LLMDO_T_STR, 0}};

#define NO_ARGS "{\"type\":\"object\",\"properties\":{}}"
static const llmdo_function functions[] = {
    {sizeof(llmdo_function), LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, "where", "Where the plugin was loaded from.",
     NO_ARGS, NULL, 0, LLMDO_R_JSON, LLMDO_APPROVAL_PRE_APPROVED, 0, (void (*)(void))where, NULL},
    {sizeof(llmdo_function), LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, "neighbour", "A value from libneighbour.so.",
     "{\"type\":\"object\",\"properties\":{\"via\":{\"type\":\"string\"}},\"required\":[\"via\"]}", neighbour_params,
     1, LLMDO_R_I64, LLMDO_APPROVAL_PRE_APPROVED, 0, (void (*)(void))neighbour, NULL},
    {sizeof(llmdo_function), LLMDO_FN_THREAD_SAFE, "blocked", "Returns once the file go exists.", NO_ARGS, NULL, 0,
     LLMDO_R_I64, LLMDO_APPROVAL_PRE_APPROVED, 0, (void (*)(void))blocked, NULL},
#ifdef WITH_HELPER
    {sizeof(llmdo_function), LLMDO_FN_THREAD_SAFE, "helper", "A value from libhelper.so.", NO_ARGS, NULL, 0,
     LLMDO_R_I64, LLMDO_APPROVAL_PRE_APPROVED, 0, (void (*)(void))helper, NULL},
#endif
};

static const llmdo_toolset toolsets[] = {{
    sizeof(llmdo_toolset), sizeof functions / sizeof functions[0], "life", VERSION, "Lifecycle and loading probes.",
    functions, NULL, NULL,
}};

static const llmdo_plugin plugin = {
    sizeof(llmdo_plugin), LLMDO_ABI_MAJOR, LLMDO_ABI_MINOR, 1, toolsets, 0, 0, NULL, init, shutdown,
};

LLMDO_EXPORT const llmdo_plugin *llmdo_entry_v1(const llmdo_host_api *api) {
    (void)api;
    return &plugin;
}

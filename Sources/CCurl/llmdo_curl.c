// Lazy binding of libcurl: see include/llmdo_curl.h for why.
#include "llmdo_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    const char *(*multi_strerror)(CURLMcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];
static int load_status = -1;

static void *resolve(void *library, const char *name) {
    void *symbol = dlsym(library, name);
    if (!symbol && !load_error[0]) snprintf(load_error, sizeof load_error, "libcurl has no symbol %s", name);
    return symbol;
}

static void load(void) {
    // The versioned soname is what the runtime package installs; the bare name needs the -dev package.
    // RTLD_LAZY: functions of libcurl's thirty dependencies that were not linked with -z now are
    // bound when first called, not all at load (2.6 M of the 15.4 M instructions the load cost;
    // docs/performance.md). The 18 symbols llmdo uses are resolved right below either way.
    void *library = dlopen("libcurl.so.4", RTLD_LAZY | RTLD_LOCAL);
    if (!library) library = dlopen("libcurl.so", RTLD_LAZY | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error, "cannot load libcurl (install libcurl4): %s", dlerror());
        return;
    }
#define BIND(field, symbol) *(void **)&api.field = resolve(library, #symbol)
    BIND(global_init, curl_global_init);
    BIND(easy_init, curl_easy_init);
    BIND(easy_cleanup, curl_easy_cleanup);
    BIND(easy_reset, curl_easy_reset);
    BIND(easy_strerror, curl_easy_strerror);
    BIND(easy_setopt, curl_easy_setopt);
    BIND(easy_getinfo, curl_easy_getinfo);
    BIND(multi_init, curl_multi_init);
    BIND(multi_setopt, curl_multi_setopt);
    BIND(multi_add_handle, curl_multi_add_handle);
    BIND(multi_remove_handle, curl_multi_remove_handle);
    BIND(multi_perform, curl_multi_perform);
    BIND(multi_poll, curl_multi_poll);
    BIND(multi_wakeup, curl_multi_wakeup);
    BIND(multi_info_read, curl_multi_info_read);
    BIND(multi_strerror, curl_multi_strerror);
    BIND(slist_append, curl_slist_append);
    BIND(slist_free_all, curl_slist_free_all);
#undef BIND
    if (load_error[0]) return;
    CURLcode code = api.global_init(CURL_GLOBAL_ALL);
    if (code != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed: %s", api.easy_strerror(code));
        return;
    }
    load_status = 0;
}

int llmdo_curl_load(char *error, size_t capacity) {
    pthread_once(&load_once, load);
    if (load_status != 0 && error && capacity > 0) snprintf(error, capacity, "%s", load_error);
    return load_status;
}

CURL *llmdo_curl_easy_init(void) { return api.easy_init(); }
void llmdo_curl_easy_cleanup(CURL *h) { api.easy_cleanup(h); }
void llmdo_curl_easy_reset(CURL *h) { api.easy_reset(h); }
const char *llmdo_curl_easy_strerror(CURLcode c) { return api.easy_strerror(c); }
CURLcode llmdo_curl_setopt_long(CURL *h, CURLoption o, long v) { return api.easy_setopt(h, o, v); }
CURLcode llmdo_curl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return api.easy_setopt(h, o, v); }
CURLcode llmdo_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return api.easy_setopt(h, o, v); }
CURLcode llmdo_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return api.easy_setopt(h, o, v); }
CURLcode llmdo_curl_setopt_callback(CURL *h, CURLoption o, llmdo_curl_data_callback v) { return api.easy_setopt(h, o, v); }
CURLcode llmdo_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return api.easy_getinfo(h, i, v); }
CURLM *llmdo_curl_multi_init(void) { return api.multi_init(); }
CURLMcode llmdo_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return api.multi_setopt(m, o, v); }
CURLMcode llmdo_curl_multi_add_handle(CURLM *m, CURL *h) { return api.multi_add_handle(m, h); }
CURLMcode llmdo_curl_multi_remove_handle(CURLM *m, CURL *h) { return api.multi_remove_handle(m, h); }
CURLMcode llmdo_curl_multi_perform(CURLM *m, int *running) { return api.multi_perform(m, running); }
CURLMcode llmdo_curl_multi_poll(CURLM *m, struct curl_waitfd *extra, unsigned count, int timeout_ms, int *numfds) {
    return api.multi_poll(m, extra, count, timeout_ms, numfds);
}
CURLMcode llmdo_curl_multi_wakeup(CURLM *m) { return api.multi_wakeup(m); }
CURLMsg *llmdo_curl_multi_info_read(CURLM *m, int *remaining) { return api.multi_info_read(m, remaining); }
const char *llmdo_curl_multi_strerror(CURLMcode c) { return api.multi_strerror(c); }
struct curl_slist *llmdo_curl_slist_append(struct curl_slist *l, const char *s) { return api.slist_append(l, s); }
void llmdo_curl_slist_free_all(struct curl_slist *l) { api.slist_free_all(l); }

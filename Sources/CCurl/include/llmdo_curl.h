#ifndef LLMDO_CURL_H
#define LLMDO_CURL_H
// libcurl for Swift, loaded on first use.
//
// llmdo does not link libcurl: libcurl pulls in some thirty shared libraries (TLS, Kerberos,
// LDAP, …) whose loading would triple the start-up time of every command, including the many
// that never make a request. `llmdo_curl_load` dlopens it the first time HTTP is needed. The
// header still comes from the libcurl development package, for its types and constants.
//
// curl_easy_setopt/getinfo and curl_multi_setopt are variadic, which Swift cannot call, so
// typed wrappers are declared here (prefixed llmdo_curl_).
#include <curl/curl.h>
#include <stddef.h>

/// Loads libcurl (once, thread-safe) and calls curl_global_init. Returns 0 on success; otherwise
/// fills `error` with the reason and returns -1 (and every later call returns -1 again).
int llmdo_curl_load(char *error, size_t capacity);

/// The signature of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks.
typedef size_t (*llmdo_curl_data_callback)(char *data, size_t size, size_t count, void *userdata);

// Only valid after llmdo_curl_load returned 0.
CURL *llmdo_curl_easy_init(void);
void llmdo_curl_easy_cleanup(CURL *handle);
void llmdo_curl_easy_reset(CURL *handle);
const char *llmdo_curl_easy_strerror(CURLcode code);
CURLcode llmdo_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode llmdo_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode llmdo_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode llmdo_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode llmdo_curl_setopt_callback(CURL *handle, CURLoption option, llmdo_curl_data_callback value);
CURLcode llmdo_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

CURLM *llmdo_curl_multi_init(void);
CURLMcode llmdo_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
CURLMcode llmdo_curl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode llmdo_curl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode llmdo_curl_multi_perform(CURLM *multi, int *running);
CURLMcode llmdo_curl_multi_poll(CURLM *multi, struct curl_waitfd *extra, unsigned count, int timeout_ms, int *numfds);
CURLMcode llmdo_curl_multi_wakeup(CURLM *multi);
CURLMsg *llmdo_curl_multi_info_read(CURLM *multi, int *remaining);
const char *llmdo_curl_multi_strerror(CURLMcode code);

struct curl_slist *llmdo_curl_slist_append(struct curl_slist *list, const char *string);
void llmdo_curl_slist_free_all(struct curl_slist *list);

// Macros Swift does not import (they combine other macros).
static const long llmdo_curl_error_size = CURL_ERROR_SIZE;
#endif

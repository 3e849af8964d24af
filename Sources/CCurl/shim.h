#ifndef LLMDO_CCURL_SHIM_H
#define LLMDO_CCURL_SHIM_H
// libcurl for Swift. curl_easy_setopt/getinfo and curl_multi_setopt are variadic, which
// Swift cannot call, so typed static-inline wrappers live here (prefixed llmdo_curl_).
#include <curl/curl.h>

/// The signature of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks.
typedef size_t (*llmdo_curl_data_callback)(char *data, size_t size, size_t count, void *userdata);

static inline CURLcode llmdo_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode llmdo_curl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode llmdo_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode llmdo_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode llmdo_curl_setopt_callback(CURL *h, CURLoption o, llmdo_curl_data_callback v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode llmdo_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLMcode llmdo_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }

// Macros Swift does not import (they combine other macros).
static const long llmdo_curl_global_all = CURL_GLOBAL_ALL;
static const long llmdo_curl_error_size = CURL_ERROR_SIZE;
#endif

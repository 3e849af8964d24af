#ifndef LLMDO_CCURL_SHIM_H
#define LLMDO_CCURL_SHIM_H
// libcurl for Swift. curl_easy_setopt/getinfo are variadic, which Swift cannot
// call, so typed static-inline wrappers live here (prefixed llmdo_curl_).
#include <curl/curl.h>

static inline CURLcode llmdo_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode llmdo_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode llmdo_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode llmdo_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
#endif

/* The floor for a model request: a bare libcurl client posting one recorded request body
 * `count` times over one keep-alive connection, discarding the answers. Prints the CPU time
 * (user + system, getrusage) per request in seconds; the step benchmark
 * (Benchmarks/LLMDoBench/StepCostBench.swift) compares llmdo's CPU per step with it.
 *
 *   cc -O2 -o bareclient bareclient.c -lcurl
 *   bareclient http://127.0.0.1:PORT/v1/chat/completions body.json 1000
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static size_t discard(char *data, size_t size, size_t count, void *user) {
    (void)data;
    (void)user;
    return size * count;
}

static double cpu_seconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s URL BODY_FILE COUNT\n", argv[0]);
        return 2;
    }
    FILE *file = fopen(argv[2], "rb");
    if (!file) { perror(argv[2]); return 1; }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *body = malloc(size > 0 ? (size_t)size : 1);
    if (!body || fread(body, 1, (size_t)size, file) != (size_t)size) { fprintf(stderr, "cannot read %s\n", argv[2]); return 1; }
    fclose(file);
    long count = strtol(argv[3], NULL, 10);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *easy = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, "content-type: application/json");
    headers = curl_slist_append(headers, "authorization: Bearer mock-key");
    headers = curl_slist_append(headers, "x-api-key: mock-key");
    headers = curl_slist_append(headers, "anthropic-version: 2023-06-01");
    curl_easy_setopt(easy, CURLOPT_URL, argv[1]);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)size);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);

    double start = cpu_seconds();
    for (long i = 0; i < count; i++) {
        CURLcode code = curl_easy_perform(easy);
        if (code != CURLE_OK) { fprintf(stderr, "request %ld: %s\n", i, curl_easy_strerror(code)); return 1; }
    }
    double per_request = (cpu_seconds() - start) / (double)(count > 0 ? count : 1);
    printf("cpu_per_request %.9f\n", per_request);
    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);
    curl_global_cleanup();
    free(body);
    return 0;
}

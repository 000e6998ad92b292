/*
 * mock_load - a small HTTP load generator for the mock server benchmarks (bench/README.md).
 *
 *   mock_load URL CONNECTIONS REQUESTS BODYFILE   keep-alive POSTs over CONNECTIONS parallel
 *                                                 connections (libcurl multi), prints
 *                                                 "rps=.. p50_ms=.. p99_ms=.. ok=.. failed=.."
 *   mock_load --request METHOD BITS               prints an Invoke request for class
 *                                                 MI_MockBench (the codec writes it)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "wsman/wsman.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static size_t sink(char *p, size_t s, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return s * n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int print_request(const char *method, unsigned bits)
{
    wsman_invoke_request req;
    memset(&req, 0, sizeof req);
    req.to = "http://127.0.0.1/wsman";
    req.resource_uri = WSMAN_URI_DMTF_CLASS_PREFIX "MI_MockBench";
    req.method = method;
    req.namespace_name = "root/cimv2";
    req.callback_bits = bits;
    char *out = NULL;
    size_t len = 0;
    wsman_error err;
    if (wsman_write_invoke_request(&req, &out, &len, &err) != 0) return 1;
    fwrite(out, 1, len, stdout);
    free(out);
    return 0;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    *len = fread(d, 1, (size_t)n, f);
    fclose(f);
    return d;
}

typedef struct slot {
    CURL *easy;
    double started;
} slot;

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--request") == 0)
        return print_request(argv[2], (unsigned)strtoul(argv[3], NULL, 0));
    if (argc != 5) {
        fprintf(stderr, "usage: mock_load URL CONNECTIONS REQUESTS BODYFILE | --request METHOD BITS\n");
        return 2;
    }
    const char *url = argv[1];
    int conns = atoi(argv[2]);
    long total = atol(argv[3]);
    size_t blen = 0;
    char *body = read_all(argv[4], &blen);
    if (body == NULL || conns <= 0 || total <= 0) return 2;
    curl_global_init(CURL_GLOBAL_ALL);
    CURLM *m = curl_multi_init();
    curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)conns);
    curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)conns);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/soap+xml;charset=UTF-8");
    slot *slots = calloc((size_t)conns, sizeof *slots);
    double *lat = calloc((size_t)total, sizeof *lat);
    long started = 0, done = 0, ok = 0, failed = 0;
    for (int i = 0; i < conns; i++) {
        CURL *e = curl_easy_init();
        curl_easy_setopt(e, CURLOPT_URL, url);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)blen);
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, sink);
        curl_easy_setopt(e, CURLOPT_PRIVATE, &slots[i]);
        curl_easy_setopt(e, CURLOPT_TIMEOUT, 60L);
        slots[i].easy = e;
        if (started < total) {
            slots[i].started = now_ms();
            curl_multi_add_handle(m, e);
            started++;
        }
    }
    double t0 = now_ms();
    while (done < started) {
        int running = 0;
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE) continue;
            slot *s = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&s);
            long status = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            if (msg->data.result == CURLE_OK && status == 200) ok++;
            else failed++;
            lat[done++] = now_ms() - s->started;
            curl_multi_remove_handle(m, s->easy);
            if (started < total) {
                s->started = now_ms();
                curl_multi_add_handle(m, s->easy);
                started++;
            }
        }
        if (done < started) curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    double elapsed = now_ms() - t0;
    qsort(lat, (size_t)done, sizeof *lat, cmp_double);
    printf("rps=%.0f p50_ms=%.3f p99_ms=%.3f ok=%ld failed=%ld\n", done / (elapsed / 1e3),
           lat[done / 2], lat[(size_t)(done * 0.99)], ok, failed);
    for (int i = 0; i < conns; i++) curl_easy_cleanup(slots[i].easy);
    curl_multi_cleanup(m);
    curl_slist_free_all(h);
    free(slots);
    free(lat);
    free(body);
    curl_global_cleanup();
    return failed == 0 ? 0 : 1;
}

/*
 * invoke_bench - the reference client's throughput against a running mock (bench/README.md):
 *   1. N sequential synchronous invokes over one session (keep-alive), p50/p99;
 *   2. plain libcurl posting the identical envelope N times on one easy handle (keep-alive);
 *      1 and 2 three times, alternated, and the ratio of the best rates;
 *   3. client RSS after the first 1,000 invokes and after all of them (flat memory);
 *   4. 100 concurrent asynchronous operations on one session.
 * Usage: invoke_bench URL N [ref|curl]   (fixtures/mock-bench.xml, class MI_MockBench, method
 *   Nop); "ref" runs only the reference's sequential invokes, "curl" only plain libcurl (after
 *   the warm-up), so callgrind can count each alone (bench/callgrind-invoke.sh).
 */
#include "mi.h"
#include "reference/invoke.h"
#include "reference/session.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NS "root/cimv2"
#define CLS "MI_MockBench"
#define METHOD "Nop"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *lat, int n, double total_ms)
{
    qsort(lat, (size_t)n, sizeof *lat, cmp);
    printf("%-28s %8.0f req/s  p50 %.3f ms  p99 %.3f ms\n", what, n / (total_ms / 1e3),
           lat[n / 2], lat[(int)(n * 0.99)]);
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1) break;
    if (f != NULL) fclose(f);
    return kb;
}

static int invoke_once(MI_Session *s)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_Session_Invoke(s, 0, NULL, NS, CLS, METHOD, NULL, NULL, NULL, &op);
    const MI_Instance *out;
    MI_Boolean more;
    MI_Result r = MI_RESULT_FAILED;
    MI_Operation_GetInstance(&op, &out, &more, &r, NULL, NULL);
    MI_Operation_Close(&op);
    return r == MI_RESULT_OK ? 0 : -1;
}

static size_t sink(char *p, size_t s, size_t n, void *u)
{
    (void)p, (void)u;
    return s * n;
}

static int plain_curl(const char *url, const char *body, size_t len, double *lat, int n)
{
    CURL *e = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/soap+xml;charset=UTF-8");
    h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)len);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    int bad = 0;
    for (int i = 0; i < n; i++) {
        double t = now_ms();
        long code = 0;
        if (curl_easy_perform(e) != CURLE_OK) bad++;
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
        if (code != 200) bad++;
        lat[i] = now_ms() - t;
    }
    curl_slist_free_all(h);
    curl_easy_cleanup(e);
    return bad;
}

typedef struct counter {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int done, failed;
} counter;

static void MI_CALL on_result(MI_Operation *op, void *ctx, const MI_Instance *i, MI_Boolean m,
                              MI_Result r, const MI_Char *msg, const MI_Instance *d,
                              MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)op, (void)i, (void)m, (void)msg, (void)d, (void)ack;
    counter *c = ctx;
    pthread_mutex_lock(&c->mu);
    c->done++;
    c->failed += r != MI_RESULT_OK;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
}

static void concurrent(MI_Session *s, int n)
{
    counter c = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = &c;
    cb.instanceResult = on_result;
    MI_Operation *ops = calloc((size_t)n, sizeof *ops);
    double t = now_ms();
    for (int i = 0; i < n; i++)
        MI_Session_Invoke(s, 0, NULL, NS, CLS, METHOD, NULL, NULL, &cb, &ops[i]);
    pthread_mutex_lock(&c.mu);
    while (c.done < n) pthread_cond_wait(&c.cv, &c.mu);
    pthread_mutex_unlock(&c.mu);
    double ms = now_ms() - t;
    for (int i = 0; i < n; i++) MI_Operation_Close(&ops[i]);
    free(ops);
    printf("%d concurrent async on 1 session: all done in %.1f ms, %d failed\n", n, ms, c.failed);
}

/* N sequential invokes; the client RSS after the first 1,000 into *rss_first when asked. */
static double ref_round(MI_Session *s, double *lat, int n, int *bad, long *rss_first)
{
    double t0 = now_ms();
    for (int i = 0; i < n; i++) {
        double t = now_ms();
        *bad += invoke_once(s) != 0;
        lat[i] = now_ms() - t;
        if (i == 999 && rss_first != NULL) *rss_first = rss_kb();
    }
    double total = now_ms() - t0;
    report("reference sync invokes", lat, n, total);
    return n / (total / 1e3);
}

static double plain_round(const char *url, const miref_request *req, double *lat, int n,
                          int *bad)
{
    double t0 = now_ms();
    *bad += plain_curl(url, req->body, req->len, lat, n);
    double total = now_ms() - t0;
    report("plain libcurl, same envelope", lat, n, total);
    return n / (total / 1e3);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: invoke_bench URL N [ref|curl]\n");
        return 2;
    }
    const char *only = argc > 3 ? argv[3] : "all";
    const char *url = argv[1];
    int n = atoi(argv[2]);
    char host[128];
    unsigned port = 0;
    if (sscanf(url, "http://%127[^:]:%u/", host, &port) != 2 || n < 1000) return 2;
    MI_Application app = MI_APPLICATION_NULL;
    MI_Application_Initialize(0, "bench", NULL, &app);
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    MI_Application_NewDestinationOptions(&app, &d);
    MI_DestinationOptions_SetDestinationPort(&d, port);
    MI_Session s = MI_SESSION_NULL;
    if (MI_Application_NewSession(&app, NULL, host, &d, NULL, NULL, &s) != MI_RESULT_OK) return 1;

    int run_ref = strcmp(only, "curl") != 0, run_curl = strcmp(only, "ref") != 0;
    double *lat = calloc((size_t)n, sizeof *lat);
    for (int i = 0; i < 200; i++) invoke_once(&s); /* warm-up: connection, allocator */
    /* The identical envelope the reference sends, from its own request builder. */
    struct miref_session fake;
    memset(&fake, 0, sizeof fake);
    fake.endpoint.url = (char *)url;
    miref_invoke_args a = {NULL, NS, CLS, METHOD, NULL, NULL, NULL};
    miref_request req;
    const char *why;
    if (miref_invoke_build(&fake, &a, &req, &why) != MI_RESULT_OK) return 1;
    /* Both alone: one round (callgrind counts one client at a time). Both: three rounds,
     * alternated, and the best of each, so a burst of load on a shared machine shows as one
     * slow round rather than as the ratio. */
    int rounds = run_ref && run_curl ? 3 : 1, bad = 0;
    long rss_first = 0, rss_last = 0;
    double ref_best = 0, plain_best = 0;
    for (int r = 0; r < rounds; r++) {
        if (run_ref) {
            double rate = ref_round(&s, lat, n, &bad, r == 0 ? &rss_first : NULL);
            if (rate > ref_best) ref_best = rate;
            rss_last = rss_kb();
        }
        if (run_curl) {
            double rate = plain_round(url, &req, lat, n, &bad);
            if (rate > plain_best) plain_best = rate;
        }
    }
    miref_request_clear(&req);
    if (run_ref && run_curl) {
        printf("best of %d: reference %.0f req/s, plain libcurl %.0f req/s\n", rounds, ref_best,
               plain_best);
        printf("ratio reference / plain: %.2f\n", ref_best / plain_best);
        printf("client RSS after 1,000 invokes %ld kB, after %d: %ld kB\n", rss_first,
               rounds * n, rss_last);
        concurrent(&s, 100);
    }
    printf("failed requests: %d\n", bad);
    free(lat);
    MI_Session_Close(&s, NULL, NULL);
    MI_DestinationOptions_Delete(&d);
    MI_Application_Close(&app);
    return bad != 0;
}

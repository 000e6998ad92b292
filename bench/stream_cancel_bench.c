/*
 * stream_cancel_bench - the reference client's streaming rate and memory, and the time from
 * MI_Operation_Cancel to the final callback (bench/README.md, "streaming and cancel").
 *
 *   stream_cancel_bench stream COUNT   one async Invoke streaming COUNT uint32 elements
 *                                      (10000 or 1000000): elements/s, RSS before, peak after
 *   stream_cancel_bench cancel N       N times: an async Invoke of a method that never
 *                                      answers, Cancel once the server has the request, time
 *                                      until the final callback; p50 / p99 / max
 *
 * The mock server is embedded (its journal says when the request arrived); its own memory is
 * flat over a stream (bench/README.md, "Mock server"), so growth is the client's.
 */
#include "mi.h"
#include "mock_server/mockcim.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define NS "root/cimv2"
#define CLS "MIREF_BenchStream"

typedef struct run {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    long elements;
    int finals;
    MI_Result result;
    double final_ms;
} run;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long rss_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    size_t n = strlen(field);
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, field, n) == 0) {
            kb = strtol(line + n, NULL, 10);
            break;
        }
    if (f != NULL) fclose(f);
    return kb;
}

static void MI_CALL on_streamed(MI_Operation *op, void *ctx, const MI_Char *name, MI_Type type,
                                const MI_Value *value, MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)op, (void)name, (void)type, (void)value, (void)ack;
    run *r = ctx;
    r->elements++; /* only the worker thread writes it before the final */
}

static void MI_CALL on_final(MI_Operation *op, void *ctx, const MI_Instance *inst,
                             MI_Boolean more, MI_Result result, const MI_Char *msg,
                             const MI_Instance *details, MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)op, (void)inst, (void)more, (void)msg, (void)details, (void)ack;
    run *r = ctx;
    pthread_mutex_lock(&r->mu);
    r->final_ms = now_ms();
    r->result = result;
    r->finals++;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

/* Waits for the final callback, at most ms. 0 when it came. */
static int wait_final(run *r, long ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&r->mu);
    int rc = 0;
    while (r->finals == 0 && rc == 0) rc = pthread_cond_timedwait(&r->cv, &r->mu, &ts);
    int got = r->finals;
    pthread_mutex_unlock(&r->mu);
    return got > 0 ? 0 : -1;
}

static void invoke(MI_Session *s, const char *method, run *r, MI_Operation *op)
{
    memset(r, 0, sizeof *r);
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv, NULL);
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = r;
    cb.instanceResult = on_final;
    cb.streamedParameterResult = on_streamed;
    MI_Session_Invoke(s, 0, NULL, NS, CLS, method, NULL, NULL, &cb, op);
}

static void run_done(run *r, MI_Operation *op)
{
    MI_Operation_Close(op);
    pthread_cond_destroy(&r->cv);
    pthread_mutex_destroy(&r->mu);
}

static int bench_stream(MI_Session *s, long count)
{
    run r;
    MI_Operation op = MI_OPERATION_NULL;
    long rss0 = rss_kb("VmRSS:");
    double t0 = now_ms();
    invoke(s, count >= 1000000 ? "Items1M" : "Items10k", &r, &op);
    if (wait_final(&r, 600000) != 0) {
        printf("stream %ld: no final result\n", count);
        return 1;
    }
    double secs = (r.final_ms - t0) / 1e3;
    printf("stream %ld: %ld elements in %.2f s = %.0f elements/s, result %d; "
           "RSS before %ld kB, peak (VmHWM) %ld kB\n",
           count, r.elements, secs, r.elements / secs, (int)r.result, rss0, rss_kb("VmHWM:"));
    run_done(&r, &op);
    return r.elements == count && r.result == MI_RESULT_OK ? 0 : 1;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int bench_cancel(MI_Session *s, mock_server *srv, int n)
{
    double *lat = calloc((size_t)n, sizeof *lat);
    int bad = 0;
    for (int i = 0; i < n && lat != NULL; i++) {
        run r;
        MI_Operation op = MI_OPERATION_NULL;
        size_t from = mock_journal_count(srv);
        invoke(s, "Hang", &r, &op);
        if (mock_journal_wait(srv, MOCK_EV_REQUEST, from, 5000) < 0) bad++;
        double t0 = now_ms();
        MI_Operation_Cancel(&op, MI_REASON_NONE);
        if (wait_final(&r, 5000) != 0 || r.result == MI_RESULT_OK) bad++;
        lat[i] = r.final_ms - t0;
        run_done(&r, &op);
    }
    qsort(lat, (size_t)n, sizeof *lat, cmp);
    printf("cancel -> final callback, %d hanging operations: p50 %.3f ms, p99 %.3f ms, "
           "max %.3f ms, %d failed\n", n, lat[n / 2], lat[(int)(n * 0.99)], lat[n - 1], bad);
    free(lat);
    return bad != 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: stream_cancel_bench stream COUNT | cancel N\n");
        return 2;
    }
    mock_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.fixture_path = "fixtures/bench-stream.xml";
    /* A stream journals each chunk; the cancel run reads the journal, so it keeps all. */
    if (strcmp(argv[1], "stream") == 0) cfg.journal_max_events = 1000;
    char err[512];
    mock_server *srv = NULL;
    if (mock_server_start(&cfg, &srv, err, sizeof err) != 0) {
        fprintf(stderr, "mock: %s\n", err);
        return 2;
    }
    MI_Application app;
    MI_Session s;
    char dest[64];
    snprintf(dest, sizeof dest, "127.0.0.1:%u", mock_server_port(srv));
    if (MI_Application_Initialize(0, "bench", NULL, &app) != MI_RESULT_OK ||
        MI_Application_NewSession(&app, NULL, dest, NULL, NULL, NULL, &s) != MI_RESULT_OK)
        return 2;
    int rc = strcmp(argv[1], "stream") == 0 ? bench_stream(&s, atol(argv[2]))
                                             : bench_cancel(&s, srv, atoi(argv[2]));
    MI_Session_Close(&s, NULL, NULL);
    MI_Application_Close(&app);
    mock_server_stop(srv);
    return rc;
}

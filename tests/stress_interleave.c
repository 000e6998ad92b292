/*
 * stress_interleave - seeded random interleavings of the MI operation calls from two threads
 * against the embedded mock server (`make stress STRESS_ITER=N STRESS_SEED=S`).
 *
 * Each interleaving is planned from its seed: a handful of Invokes (sync or async, manual or
 * automatic ack, with or without a streaming callback, on a method that answers, streams,
 * streams slowly, hangs, delays or faults - fixtures/stress.xml), and two step lists that
 * threads A and B run at once: Cancel, Operation Close, ack, GetInstance, session Close
 * (sync or async) and short jitter pauses between them. Callbacks may close or cancel their
 * own operation. Then the main thread drains: acks what waits, cancels what hangs, retrieves
 * the sync results, closes everything, closes the session and the application.
 *
 * Checked for every operation: exactly one final result (async: one instanceResult with
 * moreResults FALSE and no callback after it; sync: GetInstance gives it, repeated calls give
 * the same code), the code is the method's own or, after a Cancel / Close / session close,
 * a FAILED naming the cancellation (INVALID_PARAMETER when invoked on a closing session),
 * streamed elements in order and never while one waits for its ack, data valid until the
 * ack, Close/Cancel return promptly, and every wait is bounded: a watchdog aborts a hung
 * interleaving, printing the seed and what each thread did.
 *
 * The seed of interleaving 0 is the run's seed, so a failure's replay line
 * (STRESS_SEED=S STRESS_ITER=1) runs exactly that plan again. Uses only mi.h on the MI side.
 * Usage: stress_interleave [ITERATIONS [SEED]]. Last line: "stress: N passed, N failed".
 */
#include "mi.h"
#include "mock_server/mockcim.h"
#include "tests/support/cutest.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define FIXTURE "fixtures/stress.xml"
#define NS "root/cimv2"
#define CLS "MIREF_Stress"
#define MAX_OPS 8
#define MAX_STEPS 40
#define LOG_BYTES 24000
#define SOP_MAGIC 0x53544f50u

/* ---------------------------------------------------------------- plan */

enum method { M_ANSWER, M_STREAM, M_SLOWSTREAM, M_HANG, M_DELAY, M_FAULT, M_COUNT };
static const char *const method_name[M_COUNT] = {"Answer", "Stream", "SlowStream",
                                                 "Hang",   "Delay",  "Fault"};
static const int method_stream_len[M_COUNT] = {0, 6, 8, 0, 0, 0};

enum step_kind { S_INVOKE, S_CANCEL, S_CLOSE, S_ACK, S_GET, S_SESSION_CLOSE, S_PAUSE };
static const char *const step_name[] = {"invoke", "cancel", "close", "ack",
                                        "get",    "session-close", "pause"};

typedef struct step {
    int kind;
    int op;  /* operation index, -1 for none */
    int arg; /* pause: microseconds; session close: 1 = synchronous */
} step;

/* One operation: its plan, then what was seen (under iter.mu). */
typedef struct sop {
    unsigned magic;
    struct iter *it;
    int idx;
    int async, manual, streaming, method;
    int ack_in_callback;  /* manual: ack inside the callback, else an ack step or the drain */
    int close_in_final;   /* async: Close from inside the final callback (ASY-5, CLO-5) */
    int cancel_in_stream; /* Cancel from inside the second streamed callback (CAN-6) */
    int app_close_in_final; /* MI_Application_Close from inside the final callback: it
                               cannot wait for its own worker, so it must fail fast */

    int invoked, closed, getting, taken;
    MI_Operation h;
    int disturbed;        /* Cancel, Close or a session/application close came first */
    int closing_at_invoke;/* invoked after the session close began (SES-3 may apply) */
    int finals, streamed;
    int pending_stream;   /* a streamed element waits for its ack */
    const MI_Char *pending_value;
    MI_Result(MI_CALL *stream_ack)(MI_Operation *);
    int pending_final;
    const MI_Instance *final_inst;
    MI_Result(MI_CALL *final_ack)(MI_Operation *);
    MI_Operation cb_op;   /* a copy of the operation passed to callbacks (ASY-2) */
    MI_Result result;
} sop;

typedef struct iter {
    uint64_t seed;
    unsigned index;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int64_t t0;
    MI_Application app;
    MI_Session sess;
    int nops;
    sop ops[MAX_OPS];
    int nsteps[2];
    step steps[2][MAX_STEPS];
    int early_app_close;  /* the drain closes the application before the operations (SES-5) */
    int final_session_close; /* 0: left to the application close, 1: sync, 2: async */

    int go, done[2], blocked_on[2], draining, app_closing;
    int session_closing, session_close_sync, completions;
    pthread_t session_closer;
    pthread_t client_threads[3]; /* the runners and the main thread */
    int session_closer_running, session_closer_done;
    MI_Result session_closer_result;
    char log[LOG_BYTES];
    size_t log_len;
    int violations;
    char first[400];
} iter;

/* ---------------------------------------------------------------- small tools */

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int rnd(uint64_t *s, int n)
{
    return (int)(splitmix(s) % (uint64_t)n);
}

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static struct timespec deadline_in(long ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

/* Appends one line to the interleaving's log. Caller holds it->mu. */
static void logf_locked(iter *it, const char *who, const char *fmt, ...)
{
    if (it->log_len + 200 >= sizeof it->log) return;
    char *p = it->log + it->log_len;
    size_t room = sizeof it->log - it->log_len;
    int n = snprintf(p, room, "  %8.3f ms %s ", (now_us() - it->t0) / 1000.0, who);
    va_list ap;
    va_start(ap, fmt);
    n += vsnprintf(p + n, room - (size_t)n, fmt, ap);
    va_end(ap);
    if ((size_t)n + 1 < room) {
        p[n++] = '\n';
        p[n] = '\0';
        it->log_len += (size_t)n;
    } else {
        it->log_len = sizeof it->log - 1;
    }
}

/* Records a broken invariant. Caller holds it->mu. */
static void violation(iter *it, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (it->violations++ == 0) snprintf(it->first, sizeof it->first, "%s", msg);
    logf_locked(it, "!", "VIOLATION: %s", msg);
}

/* ---------------------------------------------------------------- the watchdog */

static pthread_mutex_t wd_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wd_cv = PTHREAD_COND_INITIALIZER;
static iter *wd_iter;
static int64_t wd_deadline_us;
static int wd_stop;
static uint64_t run_seed;

static void print_plan(const iter *it, FILE *f);

static void *watchdog_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&wd_mu);
    while (!wd_stop) {
        struct timespec ts = deadline_in(100);
        pthread_cond_timedwait(&wd_cv, &wd_mu, &ts);
        if (wd_iter != NULL && now_us() > wd_deadline_us) {
            iter *it = wd_iter;
            /* Not it->mu: the hung thread may hold it. The log is read as it stands. */
            fprintf(stdout, "stress: HANG in interleaving %u, seed %" PRIu64
                    " (run seed %" PRIu64 ")\n", it->index, it->seed, run_seed);
            print_plan(it, stdout);
            fprintf(stdout, "what happened:\n%.*s", (int)it->log_len, it->log);
            fprintf(stdout, "replay: STRESS_SEED=%" PRIu64 " STRESS_ITER=1 make stress\n",
                    it->seed);
            fflush(stdout);
            abort();
        }
    }
    pthread_mutex_unlock(&wd_mu);
    return NULL;
}

static void watchdog_arm(iter *it, long ms)
{
    pthread_mutex_lock(&wd_mu);
    wd_iter = it;
    wd_deadline_us = now_us() + (int64_t)ms * 1000;
    pthread_mutex_unlock(&wd_mu);
}

/* ---------------------------------------------------------------- expectations */

static int contains_cancel(const MI_Char *msg)
{
    if (msg == NULL) return 0;
    for (const char *p = msg; *p != '\0'; p++)
        if (strncasecmp(p, "cancel", 6) == 0) return 1;
    return 0;
}

static MI_Result natural_code(int method)
{
    return method == M_FAULT ? MI_RESULT_ACCESS_DENIED : MI_RESULT_OK;
}

/* Reads the outbound instance (so memcheck sees a use of freed data) and checks what a
 * natural success must carry (INV-3, STR-4, STR-5). Caller holds it->mu. */
static void check_outbound(iter *it, sop *o, const MI_Instance *inst)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 n = 0;
    if (inst == NULL) {
        violation(it, "op%d: success without an outbound instance (INV-3)", o->idx);
        return;
    }
    MI_Instance_GetElementCount(inst, &n);
    if (o->method == M_HANG || o->method == M_FAULT) return;
    if (MI_Instance_GetElement(inst, "ReturnValue", &v, &t, NULL, NULL) != MI_RESULT_OK)
        violation(it, "op%d: no ReturnValue in the final result (INV-3)", o->idx);
    if (o->method == M_ANSWER &&
        (MI_Instance_GetElement(inst, "TextOut", &v, &t, NULL, NULL) != MI_RESULT_OK ||
         t != MI_STRING || v.string == NULL || strncmp(v.string, "got op", 6) != 0))
        violation(it, "op%d: TextOut missing or wrong (INV-3)", o->idx);
    int len = method_stream_len[o->method];
    if (len == 0) return;
    int has = MI_Instance_GetElement(inst, "Items", &v, &t, NULL, NULL) == MI_RESULT_OK;
    if (o->streaming && has)
        violation(it, "op%d: the final result repeats the streamed Items (STR-5)", o->idx);
    if (!o->streaming && (!has || t != MI_STRINGA || (int)v.stringa.size != len))
        violation(it, "op%d: Items not whole in the final result (STR-4)", o->idx);
    if (o->streaming && o->streamed != len)
        violation(it, "op%d: %d of %d streamed elements before a successful final (STR-1)",
                  o->idx, o->streamed, len);
}

/* The final result, from the callback or GetInstance. Caller holds it->mu. */
static void check_final(iter *it, sop *o, MI_Result r, const MI_Char *msg,
                        const MI_Instance *inst)
{
    o->result = r;
    /* SES-3: invoked on a closing session; the final may come before Invoke returns */
    if (r == MI_RESULT_INVALID_PARAMETER &&
        (o->closing_at_invoke || (!o->invoked && it->session_closing)))
        return;
    if (o->method != M_HANG && r == natural_code(o->method)) {
        if (r == MI_RESULT_OK) check_outbound(it, o, inst);
        return;
    }
    if (!o->disturbed) {
        violation(it, "op%d (%s): final %d \"%s\" but nothing cancelled it", o->idx,
                  method_name[o->method], (int)r, msg != NULL ? msg : "");
        return;
    }
    if (r != MI_RESULT_FAILED || !contains_cancel(msg))
        violation(it, "op%d: cancelled, final %d \"%s\" is not a FAILED naming the "
                  "cancellation (CAN-2, CAN-9)", o->idx, (int)r, msg != NULL ? msg : "");
}

/* ---------------------------------------------------------------- callbacks */

static sop *sop_from(void *ctx)
{
    sop *o = ctx;
    if (o == NULL || o->magic != SOP_MAGIC) {
        fprintf(stdout, "stress: a callback got a context that is not one of ours (ASY-2)\n");
        abort();
    }
    return o;
}

static void MI_CALL on_streamed(MI_Operation *operation, void *ctx, const MI_Char *name,
                                MI_Type type, const MI_Value *value,
                                MI_Result(MI_CALL *ack)(MI_Operation *))
{
    sop *o = sop_from(ctx);
    iter *it = o->it;
    pthread_mutex_lock(&it->mu);
    int n = ++o->streamed;
    logf_locked(it, "W", "op%d streamed #%d%s", o->idx, n, ack != NULL ? " (ack)" : "");
    if (o->finals > 0 || o->taken)
        violation(it, "op%d: a streamed element after the final result (ASY-1)", o->idx);
    if (o->pending_stream && !o->closed)
        violation(it, "op%d: element #%d while #%d waits for its ack (ASY-4, STR-3)", o->idx, n,
                  n - 1);
    char want[32];
    snprintf(want, sizeof want, "item-%d", n);
    if (name == NULL || strcmp(name, "Items") != 0 || type != MI_STRING || value == NULL ||
        value->string == NULL || strcmp(value->string, want) != 0)
        violation(it, "op%d: streamed #%d is not Items/%s (STR-1, STR-2, STR-6)", o->idx, n,
                  want);
    if ((ack != NULL) != (o->manual != 0))
        violation(it, "op%d: streamed ack %s with manual=%d (ASY-3, ASY-4)", o->idx,
                  ack != NULL ? "given" : "missing", o->manual);
    if (o->cancel_in_stream && n == 2) {
        o->disturbed = 1;
        MI_Result r = MI_Operation_Cancel(operation, MI_REASON_NONE);
        logf_locked(it, "W", "op%d cancel inside the streamed callback -> %d", o->idx, (int)r);
        if (r != MI_RESULT_OK && !o->closed)
            violation(it, "op%d: Cancel inside a callback returned %d (CAN-6)", o->idx, (int)r);
    }
    if (ack != NULL) {
        if (o->ack_in_callback || it->draining) {
            ack(operation);
        } else {
            o->pending_stream = 1;
            o->pending_value = value != NULL ? value->string : NULL;
            o->stream_ack = ack;
            o->cb_op = *operation;
        }
    }
    pthread_cond_broadcast(&it->cv);
    pthread_mutex_unlock(&it->mu);
}

static int on_client_thread(const iter *it)
{
    pthread_t self = pthread_self();
    return pthread_equal(self, it->client_threads[0]) || pthread_equal(self, it->client_threads[1])
        || pthread_equal(self, it->client_threads[2]);
}

static void MI_CALL on_final(MI_Operation *operation, void *ctx, const MI_Instance *inst,
                             MI_Boolean more, MI_Result r, const MI_Char *msg,
                             const MI_Instance *details,
                             MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)details;
    sop *o = sop_from(ctx);
    iter *it = o->it;
    pthread_mutex_lock(&it->mu);
    int n = ++o->finals;
    logf_locked(it, "W", "op%d final #%d result %d \"%s\"%s", o->idx, n, (int)r,
                msg != NULL ? msg : "", ack != NULL ? " (ack)" : "");
    if (n > 1) violation(it, "op%d: %d final results (INV-1, ASY-1)", o->idx, n);
    if (more != MI_FALSE) violation(it, "op%d: instanceResult with moreResults TRUE", o->idx);
    if (o->pending_stream && !o->closed && !o->disturbed)
        violation(it, "op%d: final result while a streamed element waits for its ack (ASY-4)",
                  o->idx);
    if (operation != NULL && (ack != NULL) != (o->manual != 0))
        violation(it, "op%d: final ack %s with manual=%d (ASY-3, ASY-4)", o->idx,
                  ack != NULL ? "given" : "missing", o->manual);
    if (n == 1) check_final(it, o, r, msg, inst);
    /* Only on the worker: a final delivered inside Invoke (closed session) runs on the
     * invoking thread, where Close legitimately waits for the operations (SES-5). */
    if (o->app_close_in_final && !on_client_thread(it)) {
        MI_Result c = MI_Application_Close(&it->app);
        logf_locked(it, "W", "op%d application close inside the final callback -> %d", o->idx,
                    (int)c);
        /* INVALID_PARAMETER when another thread's application close got there first */
        if (c != MI_RESULT_FAILED && !(c == MI_RESULT_INVALID_PARAMETER && it->app_closing))
            violation(it, "op%d: application close inside a callback returned %d, not FAILED "
                      "(SES-4, SES-5)", o->idx, (int)c);
    }
    if (o->close_in_final && operation != NULL) {
        MI_Result c = MI_Operation_Close(operation);
        logf_locked(it, "W", "op%d close inside the final callback -> %d", o->idx, (int)c);
        if (c == MI_RESULT_OK) o->closed = 1;
        else if (!o->closed)
            violation(it, "op%d: Close inside the final callback returned %d (CLO-5)", o->idx,
                      (int)c);
    }
    if (ack != NULL) {
        if (o->ack_in_callback || it->draining || o->closed) {
            ack(operation);
        } else {
            o->pending_final = 1;
            o->final_inst = inst;
            o->final_ack = ack;
            o->cb_op = *operation;
        }
    }
    pthread_cond_broadcast(&it->cv);
    pthread_mutex_unlock(&it->mu);
}

static void MI_CALL on_session_closed(void *ctx)
{
    iter *it = ctx;
    pthread_mutex_lock(&it->mu);
    it->completions++;
    logf_locked(it, "W", "session close completion #%d", it->completions);
    if (it->completions > 1) violation(it, "session close completed %d times (SES-1, SES-2)",
                                       it->completions);
    pthread_cond_broadcast(&it->cv);
    pthread_mutex_unlock(&it->mu);
}

/* ---------------------------------------------------------------- steps */

/* Waits (bounded) for op to be invoked; 0 when it is. Caller holds it->mu. */
static int wait_invoked(iter *it, sop *o, long ms)
{
    struct timespec ts = deadline_in(ms);
    while (!o->invoked && pthread_cond_timedwait(&it->cv, &it->mu, &ts) == 0) {}
    return o->invoked ? 0 : -1;
}

static void mark_all_disturbed(iter *it)
{
    for (int i = 0; i < it->nops; i++)
        if (it->ops[i].finals == 0 && !it->ops[i].taken) it->ops[i].disturbed = 1;
}

static void step_invoke(iter *it, sop *o, const char *who)
{
    MI_Instance *params = NULL;
    if (o->method == M_ANSWER && MI_Application_NewParameterSet(&it->app, NULL, &params) == 0) {
        char text[16];
        MI_Value v;
        snprintf(text, sizeof text, "op%d", o->idx);
        v.string = text;
        MI_Instance_AddElement(params, "Text", &v, MI_STRING, 0);
    }
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = o;
    if (o->async) cb.instanceResult = on_final;
    if (o->streaming) cb.streamedParameterResult = on_streamed;
    int use_cb = o->async || o->streaming;
    pthread_mutex_lock(&it->mu);
    o->closing_at_invoke = it->session_closing;
    if (it->session_closing) o->disturbed = 1;
    logf_locked(it, who, "invoke op%d %s %s%s%s", o->idx, method_name[o->method],
                o->async ? "async" : "sync", o->manual ? " manual-ack" : "",
                o->streaming ? " streaming" : "");
    pthread_mutex_unlock(&it->mu);
    MI_Operation h = MI_OPERATION_NULL;
    /* Not under it->mu: a failure may be delivered at once on this thread. */
    MI_Session_Invoke(&it->sess, o->manual ? MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS : 0, NULL,
                      NS, CLS, method_name[o->method], NULL, params, use_cb ? &cb : NULL, &h);
    if (params != NULL) MI_Instance_Delete(params); /* OPT-5 spirit: gone right away */
    pthread_mutex_lock(&it->mu);
    if (h.ft == NULL) violation(it, "op%d: Invoke left the handle empty (INV-4)", o->idx);
    /* A session close that began while Invoke ran may have come first (SES-3). */
    if (it->session_closing && !o->closing_at_invoke) {
        o->closing_at_invoke = 1;
        if (o->finals == 0) o->disturbed = 1;
    }
    o->h = h;
    o->invoked = 1;
    pthread_cond_broadcast(&it->cv);
    pthread_mutex_unlock(&it->mu);
}

/* Cancel and Close never wait for the server: bounded by this even on a loaded machine. */
static long prompt_ms(void)
{
    return cutest_bound_ms(1000);
}

static void step_cancel(iter *it, sop *o, const char *who)
{
    if (!o->closed && o->finals == 0 && !o->taken) o->disturbed = 1;
    int64_t t = now_us();
    MI_Result r = MI_Operation_Cancel(&o->h, MI_REASON_NONE);
    long ms = (long)((now_us() - t) / 1000);
    logf_locked(it, who, "cancel op%d -> %d (%ld ms)", o->idx, (int)r, ms);
    MI_Result want = o->closed ? MI_RESULT_INVALID_PARAMETER : MI_RESULT_OK;
    if (r != want) violation(it, "op%d: Cancel returned %d, expected %d (CAN-1, CAN-3, CAN-8)",
                             o->idx, (int)r, (int)want);
    if (ms > prompt_ms()) violation(it, "op%d: Cancel took %ld ms (CAN-1)", o->idx, ms);
}

static void step_close(iter *it, sop *o, const char *who)
{
    int was_closed = o->closed;
    int64_t t = now_us();
    MI_Result r = MI_Operation_Close(&o->h);
    long ms = (long)((now_us() - t) / 1000);
    logf_locked(it, who, "close op%d -> %d (%ld ms)", o->idx, (int)r, ms);
    if (ms > prompt_ms()) violation(it, "op%d: Close took %ld ms (CLO-2, CLO-3)", o->idx, ms);
    if (was_closed) {
        if (r != MI_RESULT_INVALID_PARAMETER)
            violation(it, "op%d: second Close returned %d (CLO-4)", o->idx, (int)r);
        return;
    }
    if (r == MI_RESULT_OK) {
        if (!o->async && !o->taken && !o->getting)
            violation(it, "op%d: Close of a sync operation before its result: OK (CLO-3)",
                      o->idx);
        if (o->finals == 0 && !o->taken) o->disturbed = 1;
        o->closed = 1;
        o->pending_stream = 0; /* Close releases a withheld ack */
        return;
    }
    if (o->async || o->taken || r != MI_RESULT_FAILED)
        violation(it, "op%d: Close returned %d (CLO-1, CLO-2, CLO-3)", o->idx, (int)r);
}

static void step_ack(iter *it, sop *o, const char *who)
{
    if (o->pending_stream) {
        /* ASY-4: the element is still readable until the ack (unless cancelled meanwhile) */
        if (!o->disturbed && o->pending_value != NULL) (void)strlen(o->pending_value);
        o->pending_stream = 0;
        MI_Result r = o->stream_ack(&o->cb_op);
        logf_locked(it, who, "ack op%d streamed #%d -> %d", o->idx, o->streamed, (int)r);
        if (r != MI_RESULT_OK && !o->closed)
            violation(it, "op%d: streamed ack returned %d", o->idx, (int)r);
    }
    if (o->pending_final) {
        if (!o->closed && o->final_inst != NULL) {
            MI_Uint32 n;
            MI_Instance_GetElementCount(o->final_inst, &n); /* ASY-4: valid until the ack */
        }
        o->pending_final = 0;
        MI_Result r = o->final_ack(&o->cb_op);
        logf_locked(it, who, "ack op%d final -> %d", o->idx, (int)r);
        if (r != MI_RESULT_OK && !o->closed)
            violation(it, "op%d: final ack returned %d", o->idx, (int)r);
    }
}

/* GetInstance; called with it->mu held, drops it while blocked. t: the thread (blocked_on). */
static void step_get(iter *it, sop *o, const char *who, int t)
{
    const MI_Instance *inst = NULL, *details = NULL;
    MI_Boolean more = MI_TRUE;
    MI_Result res = MI_RESULT_OK;
    const MI_Char *msg = NULL;
    if (o->async || o->closed) {
        MI_Result r = MI_Operation_GetInstance(&o->h, &inst, &more, &res, &msg, &details);
        logf_locked(it, who, "get op%d (%s) -> %d", o->idx, o->closed ? "closed" : "async",
                    (int)r);
        if (r != MI_RESULT_INVALID_PARAMETER)
            violation(it, "op%d: GetInstance on a%s operation returned %d (SYN-4, CLO-4)",
                      o->idx, o->closed ? " closed" : "n async", (int)r);
        return;
    }
    if (o->getting) return; /* one reader at a time: the instance is valid until the next */
    int again = o->taken;
    o->getting = 1;
    if (t >= 0) it->blocked_on[t] = o->idx;
    logf_locked(it, who, "get op%d%s ...", o->idx, again ? " again" : "");
    pthread_mutex_unlock(&it->mu);
    MI_Result r = MI_Operation_GetInstance(&o->h, &inst, &more, &res, &msg, &details);
    pthread_mutex_lock(&it->mu);
    o->getting = 0;
    if (t >= 0) it->blocked_on[t] = -1;
    pthread_cond_broadcast(&it->cv);
    logf_locked(it, who, "get op%d -> %d result %d \"%s\"", o->idx, (int)r, (int)res,
                o->closed || msg == NULL ? "" : msg);
    if (o->closed) { /* closed meanwhile by the other thread: the result was taken, but */
        o->taken = 1; /* its data is gone with the operation */
        return;
    }
    if (r != MI_RESULT_OK || more != MI_FALSE) {
        violation(it, "op%d: GetInstance returned %d, moreResults %d (SYN-1)", o->idx, (int)r,
                  (int)more);
        return;
    }
    if (again) {
        if (inst != NULL || res != o->result)
            violation(it, "op%d: repeated GetInstance gave %d (was %d) and %s instance (SYN-3)",
                      o->idx, (int)res, (int)o->result, inst != NULL ? "an" : "no");
        return;
    }
    o->taken = 1;
    check_final(it, o, res, msg, inst);
}

static void *session_closer_main(void *arg)
{
    iter *it = arg;
    MI_Result r = MI_Session_Close(&it->sess, NULL, NULL);
    pthread_mutex_lock(&it->mu);
    it->session_closer_result = r;
    it->session_closer_done = 1;
    logf_locked(it, "C", "sync session close -> %d", (int)r);
    pthread_cond_broadcast(&it->cv);
    pthread_mutex_unlock(&it->mu);
    return NULL;
}

/* A synchronous session close blocks until every operation is closed, so it runs on a thread
 * of its own; an asynchronous one returns at once and calls back (SES-2). */
static void step_session_close(iter *it, int sync, const char *who)
{
    if (it->session_closing) {
        MI_Result r = MI_Session_Close(&it->sess, it, on_session_closed);
        logf_locked(it, who, "second session close -> %d", (int)r);
        if (r != MI_RESULT_INVALID_PARAMETER)
            violation(it, "a second session close returned %d", (int)r);
        return;
    }
    it->session_closing = 1;
    it->session_close_sync = sync;
    mark_all_disturbed(it);
    if (sync) {
        logf_locked(it, who, "sync session close (closer thread)");
        if (pthread_create(&it->session_closer, NULL, session_closer_main, it) == 0)
            it->session_closer_running = 1;
        else
            violation(it, "cannot start the session closer thread");
        return;
    }
    pthread_mutex_unlock(&it->mu); /* the completion may run on this thread */
    MI_Result r = MI_Session_Close(&it->sess, it, on_session_closed);
    pthread_mutex_lock(&it->mu);
    logf_locked(it, who, "async session close -> %d", (int)r);
    if (r != MI_RESULT_OK) violation(it, "async session close returned %d (SES-1)", (int)r);
}

/* Jitter between steps, so the two threads meet at varying points (not a wait for an event). */
static void pause_us(iter *it, int us)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += (long)us * 1000;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&it->mu);
    pthread_cond_timedwait(&it->cv, &it->mu, &ts);
    pthread_mutex_unlock(&it->mu);
}

static void run_step(iter *it, int t, const step *s)
{
    const char *who = t == 0 ? "A" : "B";
    if (s->kind == S_PAUSE) {
        pause_us(it, s->arg);
        return;
    }
    if (s->kind == S_INVOKE) {
        step_invoke(it, &it->ops[s->op], who);
        return;
    }
    pthread_mutex_lock(&it->mu);
    if (s->kind == S_SESSION_CLOSE) {
        step_session_close(it, s->arg, who);
        pthread_mutex_unlock(&it->mu);
        return;
    }
    sop *o = &it->ops[s->op];
    if (wait_invoked(it, o, 5) != 0) {
        logf_locked(it, who, "%s op%d skipped: not invoked yet", step_name[s->kind], o->idx);
    } else if (s->kind == S_CANCEL) {
        step_cancel(it, o, who);
    } else if (s->kind == S_CLOSE) {
        step_close(it, o, who);
    } else if (s->kind == S_ACK) {
        step_ack(it, o, who);
    } else if (s->kind == S_GET) {
        step_get(it, o, who, t);
    }
    pthread_mutex_unlock(&it->mu);
}

typedef struct runner_arg {
    iter *it;
    int t;
} runner_arg;

static void *runner_main(void *arg)
{
    runner_arg *ra = arg;
    iter *it = ra->it;
    pthread_mutex_lock(&it->mu);
    while (!it->go) pthread_cond_wait(&it->cv, &it->mu); /* the watchdog bounds this */
    pthread_mutex_unlock(&it->mu);
    for (int i = 0; i < it->nsteps[ra->t]; i++) run_step(it, ra->t, &it->steps[ra->t][i]);
    pthread_mutex_lock(&it->mu);
    it->done[ra->t] = 1;
    pthread_cond_broadcast(&it->cv);
    pthread_mutex_unlock(&it->mu);
    return NULL;
}

/* ---------------------------------------------------------------- planning */

static void insert_step(iter *it, int t, int at, step s)
{
    if (it->nsteps[t] >= MAX_STEPS) return;
    memmove(&it->steps[t][at + 1], &it->steps[t][at],
            (size_t)(it->nsteps[t] - at) * sizeof s);
    it->steps[t][at] = s;
    it->nsteps[t]++;
}

static int find_invoke(const iter *it, int t, int op)
{
    for (int i = 0; i < it->nsteps[t]; i++)
        if (it->steps[t][i].kind == S_INVOKE && it->steps[t][i].op == op) return i;
    return -1;
}

static void plan(iter *it)
{
    uint64_t s = it->seed;
    it->nops = 2 + rnd(&s, 5);
    for (int i = 0; i < it->nops; i++) {
        sop *o = &it->ops[i];
        o->magic = SOP_MAGIC;
        o->it = it;
        o->idx = i;
        o->async = rnd(&s, 2);
        o->manual = rnd(&s, 3) == 0;
        o->streaming = rnd(&s, 2);
        o->method = rnd(&s, M_COUNT);
        o->ack_in_callback = rnd(&s, 2);
        o->close_in_final = o->async && rnd(&s, 4) == 0;
        o->cancel_in_stream = o->streaming && rnd(&s, 6) == 0;
        o->app_close_in_final = o->async && rnd(&s, 10) == 0;
        step inv = {S_INVOKE, i, 0};
        insert_step(it, rnd(&s, 2), 0, inv);
    }
    /* the invokes in op order within each thread */
    for (int t = 0; t < 2; t++)
        for (int a = 0; a < it->nsteps[t]; a++)
            for (int b = a + 1; b < it->nsteps[t]; b++)
                if (it->steps[t][b].op < it->steps[t][a].op) {
                    step x = it->steps[t][a];
                    it->steps[t][a] = it->steps[t][b];
                    it->steps[t][b] = x;
                }
    static const int extra_kinds[] = {S_CANCEL, S_CLOSE, S_ACK, S_GET, S_GET, S_PAUSE, S_PAUSE};
    int extras = it->nops * 2 + rnd(&s, 5);
    for (int e = 0; e < extras; e++) {
        int t = rnd(&s, 2);
        step st = {extra_kinds[rnd(&s, 7)], rnd(&s, it->nops), 0};
        if (st.kind == S_PAUSE) {
            st.op = -1;
            st.arg = rnd(&s, 3000);
        }
        int lo = 0;
        if (st.op >= 0) lo = find_invoke(it, t, st.op) + 1; /* after its own invoke, if ours */
        insert_step(it, t, lo + rnd(&s, it->nsteps[t] - lo + 1), st);
    }
    if (rnd(&s, 4) == 0) {
        int t = rnd(&s, 2);
        step st = {S_SESSION_CLOSE, -1, rnd(&s, 2)};
        insert_step(it, t, rnd(&s, it->nsteps[t] + 1), st);
    }
    it->early_app_close = rnd(&s, 6) == 0;
    it->final_session_close = rnd(&s, 3);
}

static void print_plan(const iter *it, FILE *f)
{
    fprintf(f, "plan of seed %" PRIu64 ":\n", it->seed);
    for (int i = 0; i < it->nops; i++) {
        const sop *o = &it->ops[i];
        fprintf(f, "  op%d %s %s%s%s%s%s%s%s\n", i, method_name[o->method],
                o->async ? "async" : "sync", o->manual ? " manual-ack" : "",
                o->streaming ? " streaming" : "", o->manual && o->ack_in_callback ? " ack-in-cb" : "",
                o->close_in_final ? " close-in-final" : "",
                o->cancel_in_stream ? " cancel-in-stream" : "",
                o->app_close_in_final ? " app-close-in-final" : "");
    }
    for (int t = 0; t < 2; t++) {
        fprintf(f, "  thread %c:", t == 0 ? 'A' : 'B');
        for (int i = 0; i < it->nsteps[t]; i++) {
            const step *s = &it->steps[t][i];
            if (s->kind == S_PAUSE) fprintf(f, " pause(%dus)", s->arg);
            else if (s->kind == S_SESSION_CLOSE) fprintf(f, " session-close(%s)",
                                                         s->arg ? "sync" : "async");
            else fprintf(f, " %s(op%d)", step_name[s->kind], s->op);
        }
        fprintf(f, "\n");
    }
    fprintf(f, "  drain: %s, session close at the end: %s\n",
            it->early_app_close ? "application close first (SES-5)" : "operations first",
            it->final_session_close == 0 ? "left to the application" :
            it->final_session_close == 1 ? "sync" : "async");
}

/* ---------------------------------------------------------------- one interleaving */

/* Waits with it->mu held until pred or ms passed; returns pred's last value. */
static int wait_for(iter *it, int (*pred)(iter *), long ms)
{
    struct timespec ts = deadline_in(ms);
    int ok;
    while (!(ok = pred(it)) && pthread_cond_timedwait(&it->cv, &it->mu, &ts) == 0) {}
    return ok || pred(it);
}

static int op_stuck(const sop *o)
{
    return o->method == M_HANG || o->pending_stream || o->pending_final;
}

/* The runners are done, or every one still running is blocked on an operation that only a
 * cancel or an ack can move. */
static int runners_settled(iter *it)
{
    for (int t = 0; t < 2; t++)
        if (!it->done[t] && (it->blocked_on[t] < 0 || !op_stuck(&it->ops[it->blocked_on[t]])))
            return 0;
    return 1;
}

static int runners_done(iter *it)
{
    return it->done[0] && it->done[1];
}

static int async_finals_in(iter *it)
{
    for (int i = 0; i < it->nops; i++)
        if (it->ops[i].invoked && it->ops[i].async && it->ops[i].finals == 0) return 0;
    return 1;
}

static int completion_in(iter *it)
{
    return it->completions > 0;
}

static int closer_done(iter *it)
{
    return !it->session_closer_running || it->session_closer_done;
}

/* Acks what waits and cancels what only a cancel ends. Caller holds it->mu. */
static void unstick(iter *it)
{
    it->draining = 1;
    for (int i = 0; i < it->nops; i++) {
        sop *o = &it->ops[i];
        if (!o->invoked) continue;
        step_ack(it, o, "M");
        if (o->method == M_HANG && !o->closed && o->finals == 0 && !o->taken)
            step_cancel(it, o, "M");
    }
}

static void *app_closer_main(void *arg)
{
    iter *it = arg;
    MI_Result r = MI_Application_Close(&it->app);
    pthread_mutex_lock(&it->mu);
    logf_locked(it, "C", "application close -> %d", (int)r);
    if (r != MI_RESULT_OK) violation(it, "application close returned %d (SES-5)", (int)r);
    pthread_mutex_unlock(&it->mu);
    return NULL;
}

static void drain(iter *it, long bound)
{
    pthread_t app_closer;
    int app_closing = 0;
    pthread_mutex_lock(&it->mu);
    unstick(it);
    if (it->early_app_close) {
        mark_all_disturbed(it);
        logf_locked(it, "M", "application close (closer thread)");
        it->app_closing = 1;
        app_closing = pthread_create(&app_closer, NULL, app_closer_main, it) == 0;
    }
    for (int i = 0; i < it->nops; i++) {
        sop *o = &it->ops[i];
        if (!o->invoked || o->closed) continue;
        if (!o->async && !o->taken) step_get(it, o, "M", -1);
        step_close(it, o, "M");
    }
    if (!wait_for(it, async_finals_in, bound))
        violation(it, "an async operation got no final result after Close (CLO-2, INV-1)");
    unstick(it); /* final acks that came meanwhile */
    if (!wait_for(it, closer_done, bound))
        violation(it, "the sync session close did not return once all operations were closed "
                  "(SES-2)");
    int closer = it->session_closer_running;
    if (!app_closing && !it->session_closing && it->final_session_close == 1) {
        logf_locked(it, "M", "sync session close");
        MI_Result r = MI_Session_Close(&it->sess, NULL, NULL);
        if (r != MI_RESULT_OK) violation(it, "sync session close returned %d (SES-1)", (int)r);
        it->session_closing = 1;
        it->session_close_sync = 1;
    } else if (!app_closing && !it->session_closing && it->final_session_close == 2) {
        step_session_close(it, 0, "M");
    }
    if (it->session_closing && !it->session_close_sync && !wait_for(it, completion_in, bound))
        violation(it, "async session close never completed (SES-1, SES-2)");
    pthread_mutex_unlock(&it->mu);
    if (closer) pthread_join(it->session_closer, NULL);
    if (app_closing) {
        pthread_join(app_closer, NULL); /* bounded by the watchdog */
    } else {
        MI_Result r = MI_Application_Close(&it->app);
        if (r != MI_RESULT_OK) {
            pthread_mutex_lock(&it->mu);
            violation(it, "application close returned %d (SES-5)", (int)r);
            pthread_mutex_unlock(&it->mu);
        }
    }
}

static void final_checks(iter *it)
{
    pthread_mutex_lock(&it->mu);
    /* An application close that began first makes the session's own close a late one. */
    if (it->session_closer_running && it->session_closer_result != MI_RESULT_OK &&
        !(it->early_app_close && it->session_closer_result == MI_RESULT_INVALID_PARAMETER))
        violation(it, "sync session close returned %d (SES-2)", (int)it->session_closer_result);
    if (it->completions > 1) violation(it, "session completion called %d times", it->completions);
    for (int i = 0; i < it->nops; i++) {
        sop *o = &it->ops[i];
        if (!o->invoked) continue;
        if (o->async && o->finals != 1)
            violation(it, "op%d: %d final results (INV-1, ASY-1)", i, o->finals);
        if (!o->async && !o->taken)
            violation(it, "op%d: the sync result was never retrieved", i);
        if (!o->closed) violation(it, "op%d: never closed", i);
    }
    pthread_mutex_unlock(&it->mu);
}

static int run_one(iter *it, unsigned port)
{
    long bound = cutest_bound_ms(2000);
    watchdog_arm(it, cutest_bound_ms(15000));
    pthread_mutex_init(&it->mu, NULL);
    pthread_cond_init(&it->cv, NULL);
    it->blocked_on[0] = it->blocked_on[1] = -1;
    plan(it);
    it->t0 = now_us();
    char dest[64];
    snprintf(dest, sizeof dest, "127.0.0.1:%u", port);
    if (MI_Application_Initialize(0, "stress", NULL, &it->app) != MI_RESULT_OK ||
        MI_Application_NewSession(&it->app, NULL, dest, NULL, NULL, NULL, &it->sess) !=
            MI_RESULT_OK) {
        fprintf(stdout, "stress: cannot open the application or session\n");
        return -1;
    }
    pthread_t th[2];
    runner_arg ra[2] = {{it, 0}, {it, 1}};
    pthread_mutex_lock(&it->mu);
    for (int t = 0; t < 2; t++) pthread_create(&th[t], NULL, runner_main, &ra[t]);
    it->client_threads[0] = th[0];
    it->client_threads[1] = th[1];
    it->client_threads[2] = pthread_self();
    it->go = 1;
    pthread_cond_broadcast(&it->cv);
    while (!runners_done(it)) {
        if (!wait_for(it, runners_settled, bound)) {
            violation(it, "a runner is blocked on an operation that should finish by itself");
            break;
        }
        if (runners_done(it)) break;
        unstick(it); /* CAN-4: a cancel completes a GetInstance blocked in another thread */
        if (!wait_for(it, runners_done, 50)) it->draining = 0; /* maybe stuck elsewhere */
    }
    it->draining = 0;
    pthread_mutex_unlock(&it->mu);
    for (int t = 0; t < 2; t++) pthread_join(th[t], NULL); /* bounded by the watchdog */
    drain(it, bound);
    final_checks(it);
    watchdog_arm(NULL, 0);
    pthread_cond_destroy(&it->cv);
    pthread_mutex_destroy(&it->mu);
    return it->violations == 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- main */

static uint64_t iteration_seed(uint64_t seed, unsigned i)
{
    uint64_t s = seed ^ ((uint64_t)i * 0xd1b54a32d192ed03ull);
    return i == 0 ? seed : splitmix(&s);
}

int main(int argc, char **argv)
{
    unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 200;
    run_seed = argc > 2 && argv[2][0] != '\0' ? strtoull(argv[2], NULL, 10)
                                             : (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)now_us();
    setvbuf(stdout, NULL, _IOLBF, 0);
    mock_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.fixture_path = FIXTURE;
    cfg.journal_max_events = 1000; /* the journal must not grow with the run */
    char err[512] = "";
    mock_server *srv = NULL;
    if (mock_server_start(&cfg, &srv, err, sizeof err) != 0) {
        fprintf(stdout, "stress: mock: %s\n", err);
        return 2;
    }
    pthread_t wd;
    pthread_create(&wd, NULL, watchdog_main, NULL);
    printf("stress: %u interleavings, seed %" PRIu64 "%s\n", n, run_seed,
           cutest_under_valgrind() ? " (under valgrind)" : "");
    int64_t t0 = now_us();
    unsigned passed = 0, failed = 0;
    for (unsigned i = 0; i < n; i++) {
        iter *it = calloc(1, sizeof *it);
        if (it == NULL) return 2;
        it->seed = iteration_seed(run_seed, i);
        it->index = i;
        if (run_one(it, mock_server_port(srv)) == 0) {
            passed++;
        } else {
            failed++;
            printf("stress: FAIL interleaving %u, seed %" PRIu64 ": %s\n", i, it->seed,
                   it->first);
            print_plan(it, stdout);
            printf("what happened:\n%.*s", (int)it->log_len, it->log);
            printf("replay: STRESS_SEED=%" PRIu64 " STRESS_ITER=1 make stress\n", it->seed);
        }
        free(it);
    }
    pthread_mutex_lock(&wd_mu);
    wd_stop = 1;
    pthread_cond_broadcast(&wd_cv);
    pthread_mutex_unlock(&wd_mu);
    pthread_join(wd, NULL);
    mock_server_stop(srv);
    printf("stress: %u interleavings in %.1f s (run seed %" PRIu64 ")\n", n,
           (now_us() - t0) / 1e6, run_seed);
    printf("stress: %u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

/*
 * Unit tests of reference/operation.c (and the session's handling of operations): the state
 * machine's delivery rules, handle life cycle and registry, without a server. Operations that
 * need the worker go to a closed local port (connection refused at once).
 */
#include "reference/invoke.h"
#include "reference/operation.h"
#include "reference/session.h"
#include "tests/support/cutest.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define OK MI_RESULT_OK
#define INVALID MI_RESULT_INVALID_PARAMETER

typedef struct rec {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int finals;
    MI_Result result;
    int had_ack, close_in_cb, session_close_rc, get_instance_rc;
    MI_Session *session;
    MI_Operation *other;
    MI_Result(MI_CALL *ack)(MI_Operation *);
    MI_Operation *op_seen;
} rec;

static void rec_init(rec *r)
{
    memset(r, 0, sizeof *r);
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv, NULL);
    r->session_close_rc = -1;
    r->get_instance_rc = -1;
}

static void rec_destroy(rec *r)
{
    pthread_cond_destroy(&r->cv);
    pthread_mutex_destroy(&r->mu);
}

static int rec_wait(rec *r, int n, long ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long b = cutest_bound_ms(ms);
    ts.tv_sec += b / 1000 + 1;
    pthread_mutex_lock(&r->mu);
    int rc = 0;
    while (r->finals < n && rc == 0) rc = pthread_cond_timedwait(&r->cv, &r->mu, &ts);
    int ok = r->finals >= n;
    pthread_mutex_unlock(&r->mu);
    return ok ? 0 : -1;
}

static void MI_CALL on_final(MI_Operation *op, void *ctx, const MI_Instance *inst,
                             MI_Boolean more, MI_Result result, const MI_Char *msg,
                             const MI_Instance *details, MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)inst;
    rec *r = ctx;
    CU_ASSERT(more == MI_FALSE);
    if (result != OK && op != NULL) CU_ASSERT(msg != NULL && details != NULL);
    if (r->session != NULL) r->session_close_rc = MI_Session_Close(r->session, NULL, NULL);
    if (r->other != NULL) {
        const MI_Instance *i;
        MI_Boolean m;
        MI_Result res;
        r->get_instance_rc = MI_Operation_GetInstance(r->other, &i, &m, &res, NULL, NULL);
    }
    if (r->close_in_cb) CU_ASSERT(MI_Operation_Close(op) == OK);
    pthread_mutex_lock(&r->mu);
    r->finals++;
    r->result = result;
    r->had_ack = ack != NULL;
    r->ack = ack;
    r->op_seen = op;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

static unsigned closed_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    bind(s, (struct sockaddr *)&a, sizeof a);
    getsockname(s, (struct sockaddr *)&a, &len);
    close(s);
    return ntohs(a.sin_port);
}

static MI_Application app;
static MI_Session sess;

static void open_refused(void)
{
    CU_ASSERT_FATAL(MI_Application_Initialize(0, NULL, NULL, &app) == OK);
    char dest[64];
    snprintf(dest, sizeof dest, "127.0.0.1:%u", closed_port());
    CU_ASSERT_FATAL(MI_Application_NewSession(&app, NULL, dest, NULL, NULL, NULL, &sess) == OK);
}

/* SYN-1..3, CLO-1, CLO-3, CLO-4 on an operation failed before any exchange. */
static void test_sync_rules(void)
{
    MI_Operation h = MI_OPERATION_NULL;
    miref_op *op = miref_op_new(NULL, NULL, 0, NULL, &h);
    CU_ASSERT_FATAL(op != NULL && h.ft == &miref_op_ft);
    CU_ASSERT(MI_Operation_Close(&h) == MI_RESULT_FAILED); /* CLO-3: not final yet */
    miref_op_fail(op, INVALID, "bad argument");
    CU_ASSERT(MI_Operation_Close(&h) == MI_RESULT_FAILED); /* final, but not retrieved */
    const MI_Instance *inst = (const MI_Instance *)1, *details = NULL;
    MI_Boolean more = MI_TRUE;
    MI_Result r = OK;
    const MI_Char *msg = NULL;
    CU_ASSERT(MI_Operation_GetInstance(&h, &inst, &more, &r, &msg, &details) == OK);
    CU_ASSERT(inst == NULL && more == MI_FALSE && r == INVALID);
    CU_ASSERT(msg != NULL && strcmp(msg, "bad argument") == 0 && details != NULL);
    CU_ASSERT(MI_Operation_GetInstance(&h, &inst, &more, &r, &msg, &details) == OK); /* SYN-3 */
    CU_ASSERT(inst == NULL && more == MI_FALSE && r == INVALID);
    CU_ASSERT(MI_Operation_Cancel(&h, MI_REASON_NONE) == OK); /* CAN-3 */
    MI_Session s;
    CU_ASSERT(MI_Operation_GetSession(&h, &s) == OK);
    const MI_OperationFT *ft = h.ft;
    CU_ASSERT(MI_Operation_Close(&h) == OK);
    CU_ASSERT(ft->Close(&h) == INVALID); /* CLO-4 */
    CU_ASSERT(ft->Cancel(&h, MI_REASON_NONE) == INVALID);
    CU_ASSERT(ft->GetSession(&h, &s) == INVALID);
    CU_ASSERT(ft->GetInstance(&h, &inst, &more, &r, &msg, &details) == INVALID);
    MI_Operation forged = {123456789, 0, &miref_op_ft};
    CU_ASSERT(ft->Close(&forged) == INVALID);
}

/* ASY-1, ASY-3, SYN-4, ASY-5: async delivery (inline: no worker) and close in the callback. */
static void test_async_rules(void)
{
    rec r;
    rec_init(&r);
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = &r;
    cb.instanceResult = on_final;
    MI_Operation h = MI_OPERATION_NULL;
    miref_op *op = miref_op_new(NULL, NULL, 0xfff0u, &cb, &h); /* VAL-4: unknown bits */
    CU_ASSERT_FATAL(op != NULL);
    const MI_Instance *i;
    MI_Boolean m;
    MI_Result res;
    CU_ASSERT(MI_Operation_GetInstance(&h, &i, &m, &res, NULL, NULL) == INVALID);
    r.close_in_cb = 1;
    miref_op_fail(op, MI_RESULT_NOT_SUPPORTED, "no");
    CU_ASSERT(r.finals == 1 && r.result == MI_RESULT_NOT_SUPPORTED && !r.had_ack);
    CU_ASSERT(MI_Operation_Close(&h) == INVALID); /* closed inside the callback */
    CU_ASSERT(MI_Operation_Cancel(&h, MI_REASON_NONE) == INVALID);
    rec_destroy(&r);

    /* ASY-4: manual ack gives an ack function; calling it after the callback is fine. */
    rec_init(&r);
    op = miref_op_new(NULL, NULL, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, &cb, &h);
    miref_op_fail(op, MI_RESULT_FAILED, "x");
    CU_ASSERT(r.finals == 1 && r.had_ack);
    CU_ASSERT(r.ack(&h) == OK);
    CU_ASSERT(MI_Operation_Close(&h) == OK);
    rec_destroy(&r);
}

/* VAL-3, SES-3 and the other operations of the session table. */
static void test_session_arguments(void)
{
    open_refused();
    rec r;
    rec_init(&r);
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = &r;
    cb.instanceResult = on_final;
    MI_Session_Invoke(&sess, 0, NULL, NULL, "C", "M", NULL, NULL, &cb, NULL);
    CU_ASSERT(r.finals == 1 && r.result == INVALID);
    MI_Session_Invoke(&sess, 0, NULL, NULL, "C", "M", NULL, NULL, NULL, NULL); /* no crash */

    MI_Operation h = MI_OPERATION_NULL;
    MI_Session_EnumerateInstances(&sess, 0, NULL, "root", "C", MI_FALSE, NULL, &h);
    CU_ASSERT_FATAL(h.ft != NULL);
    const MI_Instance *i;
    MI_Boolean m;
    MI_Result res = OK;
    CU_ASSERT(MI_Operation_GetInstance(&h, &i, &m, &res, NULL, NULL) == OK);
    CU_ASSERT(res == MI_RESULT_NOT_SUPPORTED);
    CU_ASSERT(MI_Operation_Close(&h) == OK);

    MI_Session copy = sess;
    CU_ASSERT(MI_Session_Close(&sess, NULL, NULL) == OK);
    CU_ASSERT(MI_Session_Close(&copy, NULL, NULL) == INVALID);
    MI_Session_Invoke(&copy, 0, NULL, NULL, "C", "M", NULL, NULL, NULL, &h); /* SES-3 */
    CU_ASSERT_FATAL(h.ft != NULL);
    CU_ASSERT(MI_Operation_GetInstance(&h, &i, &m, &res, NULL, NULL) == OK && res == INVALID);
    CU_ASSERT(MI_Operation_Close(&h) == OK);
    CU_ASSERT(MI_Application_Close(&app) == OK);
    rec_destroy(&r);
}

/* ERR-4 on the worker; SES-4: a sync session close and a blocking GetInstance from the
 * callback fail fast; an async close from there works. */
static void test_blocking_from_callback(void)
{
    open_refused();
    rec r;
    rec_init(&r);
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = &r;
    cb.instanceResult = on_final;
    MI_Operation pending = MI_OPERATION_NULL, h = MI_OPERATION_NULL;
    /* A sync operation on a session that is closing can never be waited for on the worker:
     * use a fresh one that will also be refused, but ask before it completes. */
    r.session = &sess;
    r.other = &pending;
    MI_Session_Invoke(&sess, 0, NULL, NULL, "C", "M", NULL, NULL, NULL, &pending);
    MI_Session_Invoke(&sess, 0, NULL, NULL, "C", "M", NULL, NULL, &cb, &h);
    CU_ASSERT(rec_wait(&r, 1, 5000) == 0);
    CU_ASSERT(r.result == MI_RESULT_FAILED);
    CU_ASSERT(r.session_close_rc == MI_RESULT_FAILED);
    CU_ASSERT(r.get_instance_rc == OK || r.get_instance_rc == MI_RESULT_FAILED);
    const MI_Instance *i;
    MI_Boolean m;
    MI_Result res = OK;
    CU_ASSERT(MI_Operation_GetInstance(&pending, &i, &m, &res, NULL, NULL) == OK);
    CU_ASSERT(res == MI_RESULT_FAILED);
    CU_ASSERT(MI_Operation_Close(&pending) == OK);
    CU_ASSERT(MI_Operation_Close(&h) == OK);
    CU_ASSERT(MI_Session_Close(&sess, NULL, NULL) == OK);
    CU_ASSERT(MI_Application_Close(&app) == OK);
    rec_destroy(&r);
}

static pthread_mutex_t done_mu = PTHREAD_MUTEX_INITIALIZER;
static int done_calls;
static void MI_CALL on_session_closed(void *ctx)
{
    (void)ctx;
    pthread_mutex_lock(&done_mu);
    done_calls++;
    pthread_mutex_unlock(&done_mu);
}

/* SES-1, SES-2, SES-5: async session close calls back once; the application close waits. */
static void test_session_close(void)
{
    open_refused();
    done_calls = 0;
    MI_Operation h = MI_OPERATION_NULL;
    MI_Session_Invoke(&sess, 0, NULL, NULL, "C", "M", NULL, NULL, NULL, &h);
    CU_ASSERT(MI_Session_Close(&sess, NULL, on_session_closed) == OK);
    const MI_Instance *i;
    MI_Boolean m;
    MI_Result res = OK;
    CU_ASSERT(MI_Operation_GetInstance(&h, &i, &m, &res, NULL, NULL) == OK);
    CU_ASSERT(res != OK);
    CU_ASSERT(MI_Operation_Close(&h) == OK);
    CU_ASSERT(MI_Application_Close(&app) == OK); /* returns once the session is gone */
    CU_ASSERT(done_calls == 1);
}

static void test_helpers(void)
{
    MI_Interval iv;
    memset(&iv, 0, sizeof iv);
    iv.days = 1;
    iv.seconds = 2;
    iv.microseconds = 3999;
    CU_ASSERT(miref_interval_ms(&iv) == 86402003);
    CU_ASSERT(miref_invoke_callback_bits(NULL) == 0);
    uint64_t id = miref_handle_register(MIREF_HANDLE_SESSION, &iv);
    CU_ASSERT(miref_handle_lookup(id, MIREF_HANDLE_SESSION, NULL) == &iv);
    CU_ASSERT(miref_handle_lookup(id, MIREF_HANDLE_OP, NULL) == NULL);
    miref_handle_unregister(id);
    CU_ASSERT(miref_handle_lookup(id, MIREF_HANDLE_SESSION, NULL) == NULL);
}

static int can_enter(const miref_state_table *t, int from, int to)
{
    return (t->states[from].next & (1u << to)) != 0;
}

/* The states reachable from `from` (itself included), one bit each. */
static unsigned reachable(const miref_state_table *t, int from)
{
    unsigned seen = 1u << from, grown;
    do {
        grown = seen;
        for (int s = 0; s < t->count; s++)
            if (seen & (1u << s)) seen |= t->states[s].next;
    } while (seen != grown);
    return seen;
}

/* Every state named once, moves only to states of its own machine, never to itself, and is
 * reachable from the first. */
static void check_table_shape(const miref_state_table *t)
{
    CU_ASSERT_FATAL(t->count > 0 && t->count <= 32);
    for (int s = 0; s < t->count; s++) {
        CU_ASSERT_FATAL(t->states[s].name != NULL && t->states[s].name[0] != '\0');
        for (int o = 0; o < s; o++) CU_ASSERT(strcmp(t->states[s].name, t->states[o].name) != 0);
        CU_ASSERT((t->states[s].next >> t->count) == 0);
        CU_ASSERT(!can_enter(t, s, s));
    }
    CU_ASSERT(reachable(t, 0) == (1u << t->count) - 1);
}

static void test_state_tables(void)
{
    check_table_shape(&miref_op_states);
    check_table_shape(&miref_final_states);
    check_table_shape(&miref_ack_states);
    CU_ASSERT(strcmp(miref_op_states.states[MIREF_OP_FINAL_ABORTING].name, "FINAL_ABORTING") == 0);
    CU_ASSERT(strcmp(miref_final_states.states[MIREF_FINAL_TAKEN].name, "TAKEN") == 0);
    CU_ASSERT(strcmp(miref_ack_states.states[MIREF_ACK_GIVEN].name, "GIVEN") == 0);

    /* The drive always ends in DONE (the driver's reference released), and nowhere else. */
    for (int s = 0; s < MIREF_OP_STATE_COUNT; s++) {
        CU_ASSERT(reachable(&miref_op_states, s) & (1u << MIREF_OP_DONE));
        CU_ASSERT((miref_op_states.states[s].next == 0) == (s == MIREF_OP_DONE));
    }
    /* The final result is produced once: nothing goes back to NONE. */
    for (int s = 0; s < MIREF_FINAL_STATE_COUNT; s++)
        CU_ASSERT(!can_enter(&miref_final_states, s, MIREF_FINAL_NONE));
    /* A sync result is never in an async state, nor the other way round. */
    CU_ASSERT(!(reachable(&miref_final_states, MIREF_FINAL_READY) &
                reachable(&miref_final_states, MIREF_FINAL_IN_CALLBACK)));
    /* The gate always opens again. */
    for (int s = 0; s < MIREF_ACK_STATE_COUNT; s++)
        CU_ASSERT(reachable(&miref_ack_states, s) & (1u << MIREF_ACK_NONE));
}

/* Without MIREF_DEBUG_STATE a whole life cycle writes nothing to stderr. */
static void test_state_trace_off(void)
{
    if (getenv("MIREF_DEBUG_STATE") != NULL) return; /* a debug run asked for the trace */
    int p[2];
    CU_ASSERT_FATAL(pipe(p) == 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(p[1], STDERR_FILENO);
    MI_Operation h = MI_OPERATION_NULL;
    miref_op *op = miref_op_new(NULL, NULL, 0, NULL, &h);
    miref_op_fail(op, INVALID, "bad argument");
    const MI_Instance *inst;
    MI_Boolean more;
    MI_Result r;
    MI_Operation_GetInstance(&h, &inst, &more, &r, NULL, NULL);
    MI_Operation_Close(&h);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(p[1]);
    char buf[256];
    CU_ASSERT(read(p[0], buf, sizeof buf) == 0);
    close(p[0]);
}

static const cutest_case cases[] = {
    {"sync_rules", test_sync_rules},
    {"async_rules", test_async_rules},
    {"session_arguments", test_session_arguments},
    {"blocking_from_callback", test_blocking_from_callback},
    {"session_close", test_session_close},
    {"helpers", test_helpers},
    {"state_tables", test_state_tables},
    {"state_trace_off", test_state_trace_off},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return cutest_run("ref_operation", cases, argc, argv);
}

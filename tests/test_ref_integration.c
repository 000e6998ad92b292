/*
 * Smoke integration of the reference client against the embedded mock server, one or two per
 * clause group (the clause-by-clause evidence is in cases/). Fixture: fixtures/ref-smoke.xml.
 * Every wait is bounded (condition variables with timeouts, the journal's own waits).
 */
#include "mock_server/mockcim.h"
#include "model/mimodel.h"
#include "tests/support/cutest.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OK MI_RESULT_OK
#define FIXTURE "fixtures/ref-smoke.xml"
#define NS "root/cimv2"
#define CLS "MIREF_Smoke"

static mock_server *srv;
static MI_Application app;
static MI_Session sess;

/* ---------------------------------------------------------------- set-up */

static int start_mock(const char *fixture, mock_server **out)
{
    mock_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.fixture_path = fixture;
    char err[512] = "";
    if (mock_server_start(&cfg, out, err, sizeof err) != 0) {
        fprintf(stderr, "mock: %s\n", err);
        return -1;
    }
    return 0;
}

static MI_Result open_session(unsigned port, MI_Session *s, MI_DestinationOptions *extra)
{
    char dest[64];
    snprintf(dest, sizeof dest, "127.0.0.1:%u", port);
    return MI_Application_NewSession(&app, NULL, dest, extra, NULL, NULL, s);
}

static void setup(void)
{
    CU_ASSERT_FATAL(start_mock(FIXTURE, &srv) == 0);
    CU_ASSERT_FATAL(MI_Application_Initialize(0, "ref-integration", NULL, &app) == OK);
    CU_ASSERT_FATAL(open_session(mock_server_port(srv), &sess, NULL) == OK);
}

static void teardown(void)
{
    CU_ASSERT(MI_Session_Close(&sess, NULL, NULL) == OK);
    CU_ASSERT(MI_Application_Close(&app) == OK);
    mock_server_stop(srv);
    srv = NULL;
}

/* ---------------------------------------------------------------- sync helper */

typedef struct outcome {
    MI_Result result;
    char message[512];
    char details_class[64];
    char details_message[512];
    MI_Instance *out; /* a clone of the outbound instance */
} outcome;

static void outcome_clear(outcome *o)
{
    if (o->out != NULL) MI_Instance_Delete(o->out);
    memset(o, 0, sizeof *o);
}

static void record(outcome *o, const MI_Instance *inst, MI_Result r, const MI_Char *msg,
                   const MI_Instance *details)
{
    o->result = r;
    if (msg != NULL) snprintf(o->message, sizeof o->message, "%s", msg);
    if (inst != NULL) MI_Instance_Clone(inst, &o->out);
    if (details != NULL) {
        const MI_Char *cn = NULL;
        MI_Value v;
        MI_Type t;
        MI_Instance_GetClassName(details, &cn);
        snprintf(o->details_class, sizeof o->details_class, "%s", cn ? cn : "");
        if (MI_Instance_GetElement(details, "Message", &v, &t, NULL, NULL) == OK &&
            t == MI_STRING && v.string != NULL)
            snprintf(o->details_message, sizeof o->details_message, "%s", v.string);
    }
}

static void invoke_sync(MI_Session *s, MI_OperationOptions *opts, const char *ns,
                        const char *cls, const char *method, const MI_Instance *inst,
                        const MI_Instance *params, outcome *o)
{
    memset(o, 0, sizeof *o);
    MI_Operation op = MI_OPERATION_NULL;
    MI_Session_Invoke(s, 0, opts, ns, cls, method, inst, params, NULL, &op);
    CU_ASSERT_FATAL(op.ft != NULL); /* INV-4 */
    const MI_Instance *out = NULL, *details = NULL;
    MI_Boolean more = MI_TRUE;
    MI_Result r = MI_RESULT_FAILED;
    const MI_Char *msg = NULL;
    CU_ASSERT(MI_Operation_GetInstance(&op, &out, &more, &r, &msg, &details) == OK);
    CU_ASSERT(more == MI_FALSE);
    record(o, out, r, msg, details);
    CU_ASSERT(MI_Operation_Close(&op) == OK);
}

static int get_string(const MI_Instance *inst, const char *name, const char **out)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 f = 0;
    if (inst == NULL || MI_Instance_GetElement(inst, name, &v, &t, &f, NULL) != OK) return -1;
    if (t != MI_STRING || (f & MI_FLAG_NULL)) return -1;
    *out = v.string;
    return 0;
}

static MI_Instance *params_new(void)
{
    MI_Instance *p = NULL;
    CU_ASSERT_FATAL(MI_Application_NewParameterSet(&app, NULL, &p) == OK);
    return p;
}

static void add_string(MI_Instance *inst, const char *name, const char *value, MI_Uint32 flags)
{
    MI_Value v;
    v.string = (MI_Char *)value;
    CU_ASSERT_FATAL(MI_Instance_AddElement(inst, name, &v, MI_STRING, flags) == OK);
}

/* The last request the mock journaled (-1 when none). */
static long last_request(mock_event *ev)
{
    long idx = -1;
    size_t n = mock_journal_count(srv);
    for (size_t i = 0; i < n; i++) {
        mock_event e;
        if (mock_journal_get(srv, i, &e) != 0) continue;
        if (e.kind == MOCK_EV_REQUEST) idx = (long)i;
        mock_event_clear(&e);
    }
    if (idx >= 0) mock_journal_get(srv, (size_t)idx, ev);
    return idx;
}

static size_t count_requests(void)
{
    size_t n = mock_journal_count(srv), c = 0;
    for (size_t i = 0; i < n; i++) {
        mock_event e;
        if (mock_journal_get(srv, i, &e) != 0) continue;
        if (e.kind == MOCK_EV_REQUEST) c++;
        mock_event_clear(&e);
    }
    return c;
}

/* ---------------------------------------------------------------- async helper */

typedef struct waiter {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int finals;
    int streamed;
    outcome o;
    int manual;
    MI_Operation *close_in_callback;
} waiter;

static void waiter_init(waiter *w)
{
    memset(w, 0, sizeof *w);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
}

static void waiter_destroy(waiter *w)
{
    outcome_clear(&w->o);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
}

/* Waits until `finals` reaches n, at most ms (scaled for valgrind). */
static int waiter_wait(waiter *w, int n, long ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long b = cutest_bound_ms(ms);
    ts.tv_sec += b / 1000;
    ts.tv_nsec += (b % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&w->mu);
    int rc = 0;
    while (w->finals < n && rc == 0) rc = pthread_cond_timedwait(&w->cv, &w->mu, &ts);
    int got = w->finals;
    pthread_mutex_unlock(&w->mu);
    return got >= n ? 0 : -1;
}

static void MI_CALL on_result(MI_Operation *op, void *ctx, const MI_Instance *inst,
                              MI_Boolean more, MI_Result r, const MI_Char *msg,
                              const MI_Instance *details,
                              MI_Result(MI_CALL *ack)(MI_Operation *))
{
    waiter *w = ctx;
    CU_ASSERT(more == MI_FALSE);
    CU_ASSERT((ack != NULL) == (w->manual != 0)); /* ASY-3, ASY-4 */
    if (w->close_in_callback != NULL) CU_ASSERT(MI_Operation_Close(op) == OK); /* ASY-5 */
    pthread_mutex_lock(&w->mu);
    if (w->finals == 0) record(&w->o, inst, r, msg, details);
    w->finals++;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    if (ack != NULL) ack(op);
}

static void MI_CALL on_streamed(MI_Operation *op, void *ctx, const MI_Char *name, MI_Type type,
                                const MI_Value *value, MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)name, (void)type, (void)value;
    waiter *w = ctx;
    pthread_mutex_lock(&w->mu);
    w->streamed++;
    pthread_mutex_unlock(&w->mu);
    if (ack != NULL) ack(op);
}

/* ---------------------------------------------------------------- the tests */

/* INV-1, INV-3, STA-1, PAR-1, NS-2, SYN-1: a static method, sync, echoes its inputs. */
static void test_sync_static(void)
{
    setup();
    MI_Instance *p = params_new();
    add_string(p, "Text", "hello", 0);
    outcome o;
    invoke_sync(&sess, NULL, NS, CLS, "Echo", NULL, p, &o);
    CU_ASSERT_EQUAL(o.result, OK);
    const char *s = NULL;
    CU_ASSERT(get_string(o.out, "TextOut", &s) == 0 && s != NULL && strcmp(s, "got hello") == 0);
    MI_Value v;
    MI_Type t;
    CU_ASSERT(o.out != NULL && MI_Instance_GetElement(o.out, "ReturnValue", &v, &t, NULL, NULL) == OK);
    mock_event ev;
    CU_ASSERT_FATAL(last_request(&ev) >= 0);
    CU_ASSERT(ev.namespace_name != NULL && strcmp(ev.namespace_name, NS) == 0);
    CU_ASSERT(ev.method != NULL && strcmp(ev.method, "Echo") == 0);
    CU_ASSERT(ev.body != NULL && strstr(ev.body, "Selector Name=\"Name\"") == NULL);
    mock_event_clear(&ev);
    outcome_clear(&o);
    MI_Instance_Delete(p);
    teardown();
}

/* INS-1: the inbound instance's keys become selectors; non-keys do not. */
static void test_sync_instance(void)
{
    setup();
    MI_Instance *inst = NULL;
    CU_ASSERT_FATAL(MI_Application_NewInstance(&app, CLS, NULL, &inst) == OK);
    add_string(inst, "Name", "a", MI_FLAG_KEY);
    add_string(inst, "Other", "not-a-key", 0);
    MI_Instance *p = params_new();
    add_string(p, "Note", "n1", 0);
    outcome o;
    invoke_sync(&sess, NULL, NS, NULL, "Touch", inst, p, &o);
    CU_ASSERT_EQUAL(o.result, OK);
    const char *s = NULL;
    CU_ASSERT(get_string(o.out, "Note", &s) == 0 && s != NULL && strcmp(s, "n1") == 0);
    mock_event ev;
    CU_ASSERT_FATAL(last_request(&ev) >= 0);
    CU_ASSERT(ev.body != NULL && strstr(ev.body, "not-a-key") == NULL);
    mock_event_clear(&ev);
    outcome_clear(&o);
    MI_Instance_Delete(p);
    MI_Instance_Delete(inst);
    teardown();
}

/* NS-1, NS-3, NS-4, STA-2, VAL-2. */
static void test_namespaces_and_validation(void)
{
    setup();
    outcome o;
    invoke_sync(&sess, NULL, NULL, CLS, "Echo", NULL, NULL, &o); /* server's default */
    CU_ASSERT_EQUAL(o.result, OK);
    mock_event ev;
    CU_ASSERT_FATAL(last_request(&ev) >= 0);
    CU_ASSERT(ev.body != NULL && strstr(ev.body, "__cimnamespace") == NULL);
    mock_event_clear(&ev);
    outcome_clear(&o);

    invoke_sync(&sess, NULL, "root\\cimv2", CLS, "Echo", NULL, NULL, &o);
    CU_ASSERT_EQUAL(o.result, OK);
    CU_ASSERT_FATAL(last_request(&ev) >= 0);
    CU_ASSERT(ev.namespace_name != NULL && strcmp(ev.namespace_name, NS) == 0);
    mock_event_clear(&ev);
    outcome_clear(&o);

    size_t before = count_requests();
    invoke_sync(&sess, NULL, "//host/root/cimv2", CLS, "Echo", NULL, NULL, &o);
    CU_ASSERT_EQUAL(o.result, MI_RESULT_INVALID_PARAMETER);
    outcome_clear(&o);
    invoke_sync(&sess, NULL, NS, NULL, "Echo", NULL, NULL, &o);
    CU_ASSERT_EQUAL(o.result, MI_RESULT_INVALID_PARAMETER);
    outcome_clear(&o);
    invoke_sync(&sess, NULL, NS, CLS, NULL, NULL, NULL, &o);
    CU_ASSERT_EQUAL(o.result, MI_RESULT_INVALID_PARAMETER);
    outcome_clear(&o);
    CU_ASSERT_EQUAL(count_requests(), before); /* nothing went on the wire */
    teardown();
}

/* INV-2, ASY-1..5: async, automatic and manual ack, close from the final callback. */
static void test_async(void)
{
    setup();
    waiter w;
    waiter_init(&w);
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = &w;
    cb.instanceResult = on_result;
    MI_Operation op = MI_OPERATION_NULL;
    MI_Session_Invoke(&sess, 0, NULL, NS, CLS, "Echo", NULL, NULL, &cb, &op);
    CU_ASSERT(waiter_wait(&w, 1, 2000) == 0);
    CU_ASSERT_EQUAL(w.o.result, OK);
    const MI_Instance *i = NULL;
    MI_Boolean more;
    MI_Result r;
    CU_ASSERT(MI_Operation_GetInstance(&op, &i, &more, &r, NULL, NULL) ==
              MI_RESULT_INVALID_PARAMETER); /* SYN-4 */
    CU_ASSERT(MI_Operation_Close(&op) == OK);
    CU_ASSERT(w.finals == 1);
    waiter_destroy(&w);

    waiter_init(&w);
    w.manual = 1;
    cb.callbackContext = &w;
    w.close_in_callback = &op;
    MI_Session_Invoke(&sess, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS | 0x40000000u, NULL, NS, CLS,
                      "Echo", NULL, NULL, &cb, &op);
    CU_ASSERT(waiter_wait(&w, 1, 2000) == 0);
    CU_ASSERT_EQUAL(w.o.result, OK);
    CU_ASSERT(MI_Operation_Close(&op) == MI_RESULT_INVALID_PARAMETER); /* closed in callback */
    CU_ASSERT(MI_Operation_Cancel(&op, MI_REASON_NONE) == MI_RESULT_INVALID_PARAMETER);
    waiter_destroy(&w);
    teardown();
}

/* OPT-1..3: options with a custom option and a timeout; OPT-2 against a hanging server. */
static void test_options_and_timeout(void)
{
    setup();
    MI_OperationOptions opts = MI_OPERATIONOPTIONS_NULL;
    CU_ASSERT_FATAL(MI_Application_NewOperationOptions(&app, MI_FALSE, &opts) == OK);
    MI_Interval iv;
    memset(&iv, 0, sizeof iv);
    iv.seconds = 1;
    CU_ASSERT(MI_OperationOptions_SetTimeout(&opts, &iv) == OK);
    CU_ASSERT(MI_OperationOptions_SetString(&opts, "Custom1", "v1", 0) == OK);
    outcome o;
    invoke_sync(&sess, &opts, NS, CLS, "Echo", NULL, NULL, &o);
    CU_ASSERT_EQUAL(o.result, OK);
    outcome_clear(&o);
    mock_event ev;
    CU_ASSERT_FATAL(last_request(&ev) >= 0);
    CU_ASSERT(ev.body != NULL && strstr(ev.body, "OperationTimeout") != NULL);
    CU_ASSERT(ev.body != NULL && strstr(ev.body, "Custom1") != NULL);
    mock_event_clear(&ev);

    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    invoke_sync(&sess, &opts, NS, CLS, "Hang", NULL, NULL, &o);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    CU_ASSERT(o.result != OK);
    CU_ASSERT(ms < cutest_bound_ms(3000));
    outcome_clear(&o);
    MI_OperationOptions_Delete(&opts);
    teardown();
}

/* ERR-1, ERR-2, ERR-3, ERR-5. */
static void test_errors(void)
{
    setup();
    outcome o;
    invoke_sync(&sess, NULL, NS, CLS, "Fault", NULL, NULL, &o);
    CU_ASSERT_EQUAL(o.result, MI_RESULT_ACCESS_DENIED);
    CU_ASSERT(strstr(o.message, "scripted fault") != NULL);
    CU_ASSERT(o.details_class[0] != '\0');
    outcome_clear(&o);
    invoke_sync(&sess, NULL, NS, CLS, "NoSuchMethod", NULL, NULL, &o);
    CU_ASSERT_EQUAL(o.result, MI_RESULT_METHOD_NOT_FOUND);
    outcome_clear(&o);
    invoke_sync(&sess, NULL, NS, "NoSuchClass", "Echo", NULL, NULL, &o);
    CU_ASSERT_EQUAL(o.result, MI_RESULT_INVALID_CLASS);
    outcome_clear(&o);
    invoke_sync(&sess, NULL, NS, CLS, "Status503", NULL, NULL, &o);
    CU_ASSERT_EQUAL(o.result, MI_RESULT_FAILED);
    CU_ASSERT(o.details_message[0] != '\0');
    outcome_clear(&o);
    const char *broken[] = {"NotXml", "NoBody", "WrongBody", "NotEnvelope", "Truncate", "Drop"};
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        invoke_sync(&sess, NULL, NS, CLS, broken[i], NULL, NULL, &o);
        CU_ASSERT_EQUAL(o.result, MI_RESULT_FAILED);
        if (o.result != MI_RESULT_FAILED) fprintf(stderr, "%s: %d\n", broken[i], o.result);
        outcome_clear(&o);
    }
    teardown();
}

/* ERR-4: nobody listens (a port the mock used and gave back). */
static void test_refused(void)
{
    mock_server *m;
    CU_ASSERT_FATAL(start_mock(FIXTURE, &m) == 0);
    unsigned port = mock_server_port(m);
    mock_server_stop(m);
    CU_ASSERT_FATAL(MI_Application_Initialize(0, NULL, NULL, &app) == OK);
    MI_Session s;
    CU_ASSERT_FATAL(open_session(port, &s, NULL) == OK);
    outcome o;
    invoke_sync(&s, NULL, NS, CLS, "Echo", NULL, NULL, &o);
    CU_ASSERT_EQUAL(o.result, MI_RESULT_FAILED);
    CU_ASSERT(o.details_message[0] != '\0');
    outcome_clear(&o);
    CU_ASSERT(MI_Session_Close(&s, NULL, NULL) == OK);
    CU_ASSERT(MI_Application_Close(&app) == OK);
}

/* CAN-2, CAN-9, CLO-2: cancel and close of a running async operation. */
static void test_cancel(void)
{
    setup();
    waiter w;
    waiter_init(&w);
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = &w;
    cb.instanceResult = on_result;
    MI_Operation op = MI_OPERATION_NULL;
    MI_Session_Invoke(&sess, 0, NULL, NS, CLS, "Hang", NULL, NULL, &cb, &op);
    CU_ASSERT(mock_journal_wait(srv, MOCK_EV_REQUEST, 0, (int)cutest_bound_ms(2000)) >= 0);
    CU_ASSERT(MI_Operation_Cancel(&op, MI_REASON_NONE) == OK);
    CU_ASSERT(waiter_wait(&w, 1, 2000) == 0);
    CU_ASSERT_EQUAL(w.o.result, MI_RESULT_FAILED);
    CU_ASSERT(strstr(w.o.details_message, "cancel") != NULL);
    CU_ASSERT(MI_Operation_Cancel(&op, MI_REASON_NONE) == OK); /* CAN-3 */
    CU_ASSERT(MI_Operation_Close(&op) == OK);
    CU_ASSERT(w.finals == 1);
    waiter_destroy(&w);

    waiter_init(&w);
    cb.callbackContext = &w;
    MI_Session_Invoke(&sess, 0, NULL, NS, CLS, "Hang", NULL, NULL, &cb, &op);
    CU_ASSERT(MI_Operation_Close(&op) == OK); /* CLO-2: never blocks, cancels */
    CU_ASSERT(waiter_wait(&w, 1, 2000) == 0);
    CU_ASSERT(w.finals == 1);
    waiter_destroy(&w);
    teardown();
}

/* STR-1, STR-5: streamed elements through the callback with manual ack. */
static void test_streaming(void)
{
    setup();
    waiter w;
    waiter_init(&w);
    w.manual = 1;
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = &w;
    cb.instanceResult = on_result;
    cb.streamedParameterResult = on_streamed;
    MI_Operation op = MI_OPERATION_NULL;
    MI_Session_Invoke(&sess, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, NULL, NS, CLS, "Stream",
                      NULL, NULL, &cb, &op);
    CU_ASSERT(waiter_wait(&w, 1, 3000) == 0);
    CU_ASSERT_EQUAL(w.o.result, OK);
    CU_ASSERT_EQUAL(w.streamed, 5);
    CU_ASSERT(MI_Operation_Close(&op) == OK);
    waiter_destroy(&w);
    teardown();
}

/* CLO-3, CLO-4, SES-3: close semantics of a sync operation and a closed session. */
static void test_close_rules(void)
{
    setup();
    MI_Operation op = MI_OPERATION_NULL;
    MI_Session_Invoke(&sess, 0, NULL, NS, CLS, "Echo", NULL, NULL, NULL, &op);
    CU_ASSERT(MI_Operation_Close(&op) == MI_RESULT_FAILED); /* not retrieved yet */
    const MI_Instance *i = NULL;
    MI_Boolean more;
    MI_Result r = MI_RESULT_FAILED;
    CU_ASSERT(MI_Operation_GetInstance(&op, &i, &more, &r, NULL, NULL) == OK);
    CU_ASSERT(r == OK && i != NULL);
    CU_ASSERT(MI_Operation_GetInstance(&op, &i, &more, &r, NULL, NULL) == OK); /* SYN-3 */
    CU_ASSERT(r == OK && i == NULL && more == MI_FALSE);
    const MI_OperationFT *ft = op.ft;
    CU_ASSERT(MI_Operation_Close(&op) == OK);
    CU_ASSERT(ft->Close(&op) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->GetInstance(&op, &i, &more, &r, NULL, NULL) == MI_RESULT_INVALID_PARAMETER);
    MI_Session other;
    CU_ASSERT(ft->GetSession(&op, &other) == MI_RESULT_INVALID_PARAMETER);

    MI_Session s2;
    CU_ASSERT_FATAL(open_session(mock_server_port(srv), &s2, NULL) == OK);
    MI_Session copy = s2;
    CU_ASSERT(MI_Session_Close(&s2, NULL, NULL) == OK);
    outcome o;
    invoke_sync(&copy, NULL, NS, CLS, "Echo", NULL, NULL, &o);
    CU_ASSERT_EQUAL(o.result, MI_RESULT_INVALID_PARAMETER);
    outcome_clear(&o);
    teardown();
}

/* ---------------------------------------------------------------- the session's lane */

typedef struct getter {
    MI_Operation *op;
    MI_Result call, result;
    const MI_Instance *inst;
} getter;

/* Joins t within the bound; a thread still blocked after it is a hang, and the process stops
 * there rather than run on with a thread writing into this test's stack. */
static void join_or_abort(pthread_t t)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    long ms = cutest_bound_ms(5000);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    if (pthread_timedjoin_np(t, NULL, &until) != 0) {
        fprintf(stderr, "ref_integration: a GetInstance did not return within %ld ms\n", ms);
        abort();
    }
}

static void *get_instance_thread(void *arg)
{
    getter *g = arg;
    MI_Boolean more;
    g->call = MI_Operation_GetInstance(g->op, &g->inst, &more, &g->result, NULL, NULL);
    return NULL;
}

/* A synchronous invoke without callbacks runs in the session's lane, driven by GetInstance
 * (transport.h). What must still hold: the request leaves in Invoke, even on a new connection;
 * a second sync operation while the lane is taken goes to the worker; two threads in
 * GetInstance share one result (SYN-3); Cancel from another thread ends a GetInstance that
 * drives the lane (CAN-4, CAN-9). */
static void test_sync_lane(void)
{
    setup();
    MI_Operation first = MI_OPERATION_NULL, second = MI_OPERATION_NULL;
    MI_Session_Invoke(&sess, 0, NULL, NS, CLS, "Echo", NULL, NULL, NULL, &first);
    CU_ASSERT(mock_journal_wait(srv, MOCK_EV_REQUEST, 0, (int)cutest_bound_ms(2000)) >= 0);
    MI_Session_Invoke(&sess, 0, NULL, NS, CLS, "Echo", NULL, NULL, NULL, &second);
    const MI_Instance *inst = NULL;
    MI_Boolean more;
    MI_Result r = MI_RESULT_FAILED;
    CU_ASSERT(MI_Operation_GetInstance(&second, &inst, &more, &r, NULL, NULL) == OK);
    CU_ASSERT(r == OK && inst != NULL);
    CU_ASSERT(MI_Operation_Close(&second) == OK);

    getter g[2] = {{&first, MI_RESULT_FAILED, MI_RESULT_FAILED, NULL},
                   {&first, MI_RESULT_FAILED, MI_RESULT_FAILED, NULL}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        CU_ASSERT_FATAL(pthread_create(&t[i], NULL, get_instance_thread, &g[i]) == 0);
    for (int i = 0; i < 2; i++) join_or_abort(t[i]);
    CU_ASSERT(g[0].call == OK && g[1].call == OK && g[0].result == OK && g[1].result == OK);
    CU_ASSERT((g[0].inst != NULL) + (g[1].inst != NULL) == 1);
    CU_ASSERT(MI_Operation_Close(&first) == OK);

    size_t before = mock_journal_count(srv);
    MI_Operation hang = MI_OPERATION_NULL;
    MI_Session_Invoke(&sess, 0, NULL, NS, CLS, "Hang", NULL, NULL, NULL, &hang);
    getter h = {&hang, MI_RESULT_FAILED, OK, NULL};
    pthread_t ht;
    CU_ASSERT_FATAL(pthread_create(&ht, NULL, get_instance_thread, &h) == 0);
    CU_ASSERT(mock_journal_wait(srv, MOCK_EV_REQUEST, before, (int)cutest_bound_ms(2000)) >= 0);
    CU_ASSERT(MI_Operation_Cancel(&hang, MI_REASON_NONE) == OK);
    join_or_abort(ht);
    CU_ASSERT(h.call == OK && h.result == MI_RESULT_FAILED && h.inst == NULL);
    const MI_Char *msg = NULL;
    CU_ASSERT(MI_Operation_GetInstance(&hang, &inst, &more, &r, &msg, NULL) == OK);
    CU_ASSERT(msg != NULL && strstr(msg, "cancel") != NULL);
    CU_ASSERT(MI_Operation_Close(&hang) == OK);
    teardown();
}

static const cutest_case cases[] = {
    {"sync_static", test_sync_static},
    {"sync_instance", test_sync_instance},
    {"namespaces_and_validation", test_namespaces_and_validation},
    {"async", test_async},
    {"options_and_timeout", test_options_and_timeout},
    {"errors", test_errors},
    {"refused", test_refused},
    {"cancel", test_cancel},
    {"streaming", test_streaming},
    {"close_rules", test_close_rules},
    {"sync_lane", test_sync_lane},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return cutest_run("ref_integration", cases, argc, argv);
}

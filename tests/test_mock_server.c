/*
 * The mock server driven over HTTP with libcurl: every step type, the validation faults, the
 * chunk format of streaming, Cancel/End/InteractiveResponse, flow control, disconnects, the
 * journal and its redaction, auth, TLS, and a corpus of bad requests. Waits are bounded
 * (mock_journal_wait, curl timeouts); only 127.0.0.1 is used.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "mock_server/mockcim.h"
#include "model/mimodel.h"
#include "tests/support/cutest.h"
#include "wsman/wsman.h"

#define FIXTURE "fixtures/mock-basic.xml"
#define CLASS_URI WSMAN_URI_DMTF_CLASS_PREFIX "MI_MockTest"
#define SOAP WSMAN_CONTENT_TYPE

/* ---------------------------------------------------------------- helpers */

static mock_server *start_with(const char *user, const char *cert, const char *key)
{
    mock_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.fixture_path = FIXTURE;
    cfg.user = user;
    cfg.cert_file = cert;
    cfg.key_file = key;
    cfg.max_request_bytes = 256 * 1024;
    mock_server *srv = NULL;
    char err[512];
    int rc = mock_server_start(&cfg, &srv, err, sizeof err);
    if (rc != 0) fprintf(stderr, "start: %s\n", err);
    CU_ASSERT_FATAL(rc == 0);
    return srv;
}

static mock_server *start(void)
{
    return start_with(NULL, NULL, NULL);
}

typedef struct reply {
    CURLcode rc;
    long status;
    char *body;
    size_t len;
    char headers[2048];
} reply;

static size_t on_data(char *p, size_t s, size_t n, void *ud)
{
    reply *r = ud;
    char *g = realloc(r->body, r->len + s * n + 1);
    if (g == NULL) return 0;
    r->body = g;
    memcpy(r->body + r->len, p, s * n);
    r->len += s * n;
    r->body[r->len] = '\0';
    return s * n;
}

static size_t on_header(char *p, size_t s, size_t n, void *ud)
{
    reply *r = ud;
    size_t have = strlen(r->headers);
    if (have + s * n < sizeof r->headers) {
        memcpy(r->headers + have, p, s * n);
        r->headers[have + s * n] = '\0';
    }
    return s * n;
}

typedef struct post_opts {
    const char *content_type; /* NULL: SOAP; "" : none */
    const char *userpwd;
    long timeout_ms;
    int raw_chunks;
    int insecure;
} post_opts;

static void post(const char *url, const char *body, size_t len, const post_opts *o, reply *r)
{
    memset(r, 0, sizeof *r);
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    const char *ct = o && o->content_type ? o->content_type : SOAP;
    char line[256];
    if (*ct) {
        snprintf(line, sizeof line, "Content-Type: %s", ct);
        h = curl_slist_append(h, line);
    } else {
        h = curl_slist_append(h, "Content-Type:");
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, cutest_bound_ms(o && o->timeout_ms ? o->timeout_ms : 10000));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (o && o->userpwd) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERPWD, o->userpwd);
    }
    if (o && o->raw_chunks) curl_easy_setopt(c, CURLOPT_HTTP_TRANSFER_DECODING, 0L);
    if (o && o->insecure) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    r->rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

static void reply_free(reply *r)
{
    free(r->body);
    r->body = NULL;
}

typedef struct call {
    const char *cls, *method, *ns, *op_id;
    const wsman_selector *keys;
    size_t n_keys;
    const char *const *param_names; /* string params, NULL-terminated */
    const char *const *param_values;
    int64_t timeout_ms;
    uint64_t max_envelope;
    unsigned bits;
    const char *resource_uri;
} call;

static char *request_for(const call *k, size_t *len)
{
    char uri[256];
    snprintf(uri, sizeof uri, "%s%s", WSMAN_URI_DMTF_CLASS_PREFIX, k->cls ? k->cls : "MI_MockTest");
    MI_Instance *params = NULL;
    if (k->param_names != NULL) {
        CU_ASSERT_FATAL(mimodel_instance_new("Params", &params) == MI_RESULT_OK);
        for (size_t i = 0; k->param_names[i]; i++) {
            MI_Value v;
            v.string = (MI_Char *)k->param_values[i];
            MI_Instance_AddElement(params, k->param_names[i], &v, MI_STRING, 0);
        }
    }
    wsman_invoke_request req;
    memset(&req, 0, sizeof req);
    req.to = "http://127.0.0.1/wsman";
    req.resource_uri = k->resource_uri ? k->resource_uri : uri;
    req.method = k->method;
    req.namespace_name = k->ns;
    req.keys = k->keys;
    req.n_keys = k->n_keys;
    req.params = params;
    req.operation_timeout_ms = k->timeout_ms;
    req.max_envelope_size = k->max_envelope;
    req.callback_bits = k->bits;
    req.operation_id = k->op_id;
    char *out = NULL;
    wsman_error err;
    CU_ASSERT_FATAL(wsman_write_invoke_request(&req, &out, len, &err) == 0);
    if (params) MI_Instance_Delete(params);
    return out;
}

static void invoke(mock_server *srv, const call *k, const post_opts *o, reply *r)
{
    size_t len = 0;
    char *body = request_for(k, &len);
    post(mock_server_url(srv), body, len, o, r);
    free(body);
}

static wsman_envelope *parse(const reply *r)
{
    wsman_error err;
    return r->body ? wsman_envelope_parse(r->body, r->len, NULL, &err) : NULL;
}

/* Asserts a fault with this subcode (local part) and, when status != 0, CIM status. */
static void expect_fault(const reply *r, const char *subcode, unsigned status)
{
    CU_ASSERT_EQUAL(r->status, 500);
    wsman_envelope *env = parse(r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_FAULT);
    if (env->fault.subcode == NULL || strcmp(env->fault.subcode, subcode) != 0)
        fprintf(stderr, "expected %s, got %s\n", subcode, env->fault.subcode ? env->fault.subcode : "(none)");
    CU_ASSERT_STRING_EQUAL(env->fault.subcode ? env->fault.subcode : "", subcode);
    if (status != 0) {
        CU_ASSERT(env->fault.has_cim_status);
        CU_ASSERT_EQUAL(env->fault.cim_status, status);
    }
    wsman_envelope_free(env);
}

static void simple_fault(mock_server *srv, const call *k, const char *subcode, unsigned status)
{
    reply r;
    invoke(srv, k, NULL, &r);
    expect_fault(&r, subcode, status);
    reply_free(&r);
}

static int has_event(mock_server *srv, mock_event_kind kind, size_t from, int ms)
{
    return mock_journal_wait(srv, kind, from, (int)cutest_bound_ms(ms)) >= 0;
}

/* ---------------------------------------------------------------- return and echo */

static void test_return_echo(void)
{
    mock_server *srv = start();
    static const char *const names[] = {"Text", "Count", NULL};
    static const char *const values[] = {"hello", "5", NULL};
    call k = {.method = "Echo", .ns = "root/cimv2", .param_names = names, .param_values = values};
    reply r;
    invoke(srv, &k, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "EchoResponse"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, ">got hello<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "xsi:type=\"cim:cimUnsignedInt\">5<"));
    wsman_envelope *env = parse(&r);
    CU_ASSERT_PTR_NOT_NULL(env);
    if (env) CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_OUTPUT);
    wsman_envelope_free(env);
    reply_free(&r);
    mock_server_stop(srv);
}

/* A long journal's transcript keeps its first and last events; taking the journal moves every
 * event out, bodies at their own size. */
static void test_journal_cut_and_take(void)
{
    mock_server *srv = start();
    static const char *const names[] = {"Text", "Count", NULL};
    static const char *const values[] = {"hello", "5", NULL};
    call k = {.method = "Echo", .ns = "root/cimv2", .param_names = names, .param_values = values};
    for (int i = 0; i < 40; i++) {
        reply r;
        invoke(srv, &k, NULL, &r);
        CU_ASSERT_EQUAL(r.status, 200);
        reply_free(&r);
    }
    char *all = mock_journal_transcript(srv);
    char *cut = mock_journal_transcript_cut(srv, 16 * 1024);
    CU_ASSERT_PTR_NOT_NULL_FATAL(all);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cut);
    CU_ASSERT(strlen(all) > 40 * 1024);
    CU_ASSERT(strlen(cut) < strlen(all));
    CU_ASSERT(strlen(cut) < 24 * 1024);
    CU_ASSERT_PTR_NOT_NULL(strstr(cut, "events left out) ..."));
    CU_ASSERT_EQUAL(strncmp(cut, all, 200), 0); /* the start as it was */
    size_t tail = strlen(all) - 200;
    CU_ASSERT_PTR_NOT_NULL(strstr(cut, all + tail)); /* the end as it was */
    free(all);
    free(cut);
    size_t n = 0, requests = 0;
    mock_event *ev = mock_journal_take(srv, &n);
    CU_ASSERT(n >= 80);
    for (size_t i = 0; i < n; i++) {
        if (ev[i].kind == MOCK_EV_REQUEST) {
            requests++;
            CU_ASSERT(ev[i].body_len > 0 && ev[i].body[ev[i].body_len] == '\0');
        }
        mock_event_clear(&ev[i]);
    }
    free(ev);
    CU_ASSERT_EQUAL(requests, 40);
    /* What the server records after the take (a late disconnect) is new: no request again. */
    ev = mock_journal_take(srv, &n);
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_NOT_EQUAL(ev[i].kind, MOCK_EV_REQUEST);
        mock_event_clear(&ev[i]);
    }
    free(ev);
    mock_server_stop(srv);
}

static void test_default_namespace_and_instance(void)
{
    mock_server *srv = start();
    wsman_selector keys[] = {{"Name", "a"}, {"Id", "1"}};
    static const char *const names[] = {"Note", NULL};
    static const char *const values[] = {"n1", NULL};
    call k = {.method = "Touch", .keys = keys, .n_keys = 2, .param_names = names, .param_values = values};
    reply r;
    invoke(srv, &k, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, ">7<"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, ">n1<"));
    reply_free(&r);
    mock_server_stop(srv);
}

static void test_omi_style(void)
{
    mock_server *srv = start();
    wsman_selector keys[] = {{"Key", "anything"}};
    call k = {.cls = "OMI_Thing", .method = "Ping", .ns = "root/omi", .keys = keys, .n_keys = 1};
    reply r;
    invoke(srv, &k, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "<p:Ping "));
    CU_ASSERT_PTR_NULL(r.body ? strstr(r.body, "PingResponse") : "x");
    reply_free(&r);
    mock_server_stop(srv);
}

static void test_playbook_per_call(void)
{
    mock_server *srv = start();
    call k = {.method = "Flaky"};
    reply r;
    invoke(srv, &k, NULL, &r);
    expect_fault(&r, "InternalError", 1);
    reply_free(&r);
    invoke(srv, &k, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    reply_free(&r);
    mock_server_stop(srv);
}

/* ---------------------------------------------------------------- validation faults */

static void test_validation_faults(void)
{
    mock_server *srv = start();
    call unknown_ns = {.method = "Echo", .ns = "root/nowhere"};
    simple_fault(srv, &unknown_ns, "DestinationUnreachable", 3);
    call unknown_class = {.cls = "Nope", .method = "Echo"};
    simple_fault(srv, &unknown_class, "DestinationUnreachable", 5);
    wsman_selector missing_inst[] = {{"Name", "zzz"}, {"Id", "9"}};
    call no_instance = {.method = "Touch", .keys = missing_inst, .n_keys = 2};
    simple_fault(srv, &no_instance, "DestinationUnreachable", 6);
    call unknown_method = {.method = "Nope"};
    simple_fault(srv, &unknown_method, "ActionNotSupported", 17);
    wsman_selector one[] = {{"Name", "a"}};
    call keys_on_static = {.method = "Echo", .keys = one, .n_keys = 1};
    simple_fault(srv, &keys_on_static, "InvalidSelectors", 4);
    call no_keys = {.method = "Touch"};
    simple_fault(srv, &no_keys, "InvalidSelectors", 4);
    call missing_key = {.method = "Touch", .keys = one, .n_keys = 1};
    simple_fault(srv, &missing_key, "InvalidSelectors", 4);
    wsman_selector extra[] = {{"Name", "a"}, {"Id", "1"}, {"Other", "x"}};
    call extra_key = {.method = "Touch", .keys = extra, .n_keys = 3};
    simple_fault(srv, &extra_key, "InvalidSelectors", 4);
    wsman_selector typed[] = {{"Name", "a"}, {"Id", "not-a-number"}};
    call bad_key_type = {.method = "Touch", .keys = typed, .n_keys = 2};
    simple_fault(srv, &bad_key_type, "InvalidSelectors", 4);
    static const char *const undeclared[] = {"Bogus", NULL};
    static const char *const v1[] = {"x", NULL};
    call bad_param = {.method = "Echo", .param_names = undeclared, .param_values = v1};
    simple_fault(srv, &bad_param, "InvalidParameter", 4);
    static const char *const count[] = {"Count", NULL};
    static const char *const notnum[] = {"twelve", NULL};
    call mistyped = {.method = "Echo", .param_names = count, .param_values = notnum};
    simple_fault(srv, &mistyped, "InvalidParameter", 4);
    call small_envelope = {.method = "Big", .max_envelope = 9000};
    simple_fault(srv, &small_envelope, "EncodingLimit", 0);
    call tiny_limit = {.method = "Echo", .max_envelope = 100};
    simple_fault(srv, &tiny_limit, "EncodingLimit", 0);
    call timeout = {.method = "Delay", .timeout_ms = 100};
    reply r;
    invoke(srv, &timeout, NULL, &r);
    expect_fault(&r, "TimedOut", 0);
    reply_free(&r);
    call wmi = {.method = "Echo", .resource_uri = WSMAN_URI_WMI_PREFIX "root/cimv2/MI_MockTest"};
    invoke(srv, &wmi, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    reply_free(&r);
    call wmi_bad = {.method = "Echo", .resource_uri = WSMAN_URI_WMI_PREFIX "root/other/MI_MockTest"};
    simple_fault(srv, &wmi_bad, "DestinationUnreachable", 3);
    mock_server_stop(srv);
}

/* ---------------------------------------------------------------- steps */

static void test_fault_step_and_status(void)
{
    mock_server *srv = start();
    call f = {.method = "Fault"};
    reply r;
    invoke(srv, &f, NULL, &r);
    expect_fault(&r, "InternalError", 2);
    reply_free(&r);
    call s = {.method = "Status503"};
    invoke(srv, &s, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 503);
    CU_ASSERT_STRING_EQUAL(r.body ? r.body : "", "busy");
    reply_free(&r);
    mock_server_stop(srv);
}

static void test_drop_truncate_slow(void)
{
    mock_server *srv = start();
    reply r;
    call d = {.method = "Drop"};
    invoke(srv, &d, NULL, &r);
    CU_ASSERT_EQUAL(r.rc, CURLE_GOT_NOTHING);
    reply_free(&r);
    call dl = {.method = "DropLater"};
    invoke(srv, &dl, NULL, &r);
    CU_ASSERT_NOT_EQUAL(r.rc, CURLE_OK);
    CU_ASSERT_EQUAL(r.len, 40);
    reply_free(&r);
    call t = {.method = "Truncate"};
    invoke(srv, &t, NULL, &r);
    CU_ASSERT_EQUAL(r.rc, CURLE_PARTIAL_FILE);
    CU_ASSERT_EQUAL(r.len, 100);
    reply_free(&r);
    call s = {.method = "Slow"};
    invoke(srv, &s, NULL, &r);
    CU_ASSERT_EQUAL(r.rc, CURLE_OK);
    wsman_envelope *env = parse(&r);
    CU_ASSERT_PTR_NOT_NULL(env);
    wsman_envelope_free(env);
    reply_free(&r);
    mock_server_stop(srv);
}

static void test_malformed(void)
{
    mock_server *srv = start();
    static const char *const methods[] = {"NotXml", "NoBody", "WrongBody", "NotEnvelope"};
    for (size_t i = 0; i < 4; i++) {
        call k = {.method = methods[i]};
        reply r;
        invoke(srv, &k, NULL, &r);
        CU_ASSERT_EQUAL(r.status, 200);
        wsman_envelope *env = parse(&r);
        int ok_output = env && env->body_kind == WSMAN_BODY_OUTPUT &&
                        wsman_output_name_ok(env, "MI_MockTest", methods[i]);
        CU_ASSERT_FALSE(ok_output);
        wsman_envelope_free(env);
        reply_free(&r);
    }
    mock_server_stop(srv);
}

static void test_delay_and_concurrency(void)
{
    /* A hang on one connection never stalls another. */
    mock_server *srv = start();
    call h = {.method = "Hang"};
    reply r;
    post_opts quick = {.timeout_ms = 300};
    invoke(srv, &h, &quick, &r);
    CU_ASSERT_EQUAL(r.rc, CURLE_OPERATION_TIMEDOUT);
    reply_free(&r);
    CU_ASSERT(has_event(srv, MOCK_EV_ABORTED, 0, 2000));
    CU_ASSERT(has_event(srv, MOCK_EV_DISCONNECT, 0, 2000));
    call d = {.method = "Delay"};
    invoke(srv, &d, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    reply_free(&r);
    mock_server_stop(srv);
}

/* ---------------------------------------------------------------- streaming */

/* Splits a raw chunked body; each chunk must be exactly one envelope. Returns the count. */
static int check_chunks(const char *raw, size_t len, int *events, int64_t *seqs, int max_seqs)
{
    int n = 0;
    *events = 0;
    size_t pos = 0;
    while (pos < len) {
        char *end = NULL;
        unsigned long size = strtoul(raw + pos, &end, 16);
        const char *data = strstr(end, "\r\n");
        if (data == NULL) return -1;
        data += 2;
        if (size == 0) break;
        wsman_error err;
        wsman_envelope *env = wsman_envelope_parse(data, size, NULL, &err);
        if (env == NULL) return -1;
        if (env->body_kind == WSMAN_BODY_INTERACTIVE_EVENT) (*events)++;
        if (n < max_seqs) seqs[n] = env->sequence_id;
        wsman_envelope_free(env);
        n++;
        pos = (size_t)(data - raw) + size + 2;
    }
    return n;
}

static void test_streaming_chunks(void)
{
    mock_server *srv = start();
    call k = {.method = "Stream", .bits = WSMAN_CALLBACK_STREAMING | WSMAN_CALLBACK_MESSAGES};
    post_opts raw = {.raw_chunks = 1};
    reply r;
    invoke(srv, &k, &raw, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    int events = 0;
    int64_t seqs[16];
    int n = check_chunks(r.body, r.len, &events, seqs, 16);
    CU_ASSERT_EQUAL(n, 7);      /* verbose + 5 elements + final */
    CU_ASSERT_EQUAL(events, 6);
    for (int i = 0; i < n && i < 16; i++) CU_ASSERT_EQUAL(seqs[i], i + 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "item-5"));
    reply_free(&r);

    call plain = {.method = "Stream"};
    invoke(srv, &plain, NULL, &r);
    wsman_envelope *env = parse(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_OUTPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "item-1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "item-5"));
    wsman_envelope_free(env);
    reply_free(&r);
    mock_server_stop(srv);
}

static void test_streaming_batches_and_sequence(void)
{
    mock_server *srv = start();
    post_opts raw = {.raw_chunks = 1};
    reply r;
    call b = {.method = "Numbers", .bits = WSMAN_CALLBACK_STREAMING};
    invoke(srv, &b, &raw, &r);
    int events = 0;
    int64_t seqs[16];
    CU_ASSERT_EQUAL(check_chunks(r.body, r.len, &events, seqs, 16), 4); /* 3 batches + final */
    CU_ASSERT_EQUAL(events, 3);
    reply_free(&r);
    call g = {.method = "Gappy", .bits = WSMAN_CALLBACK_STREAMING};
    invoke(srv, &g, &raw, &r);
    CU_ASSERT_EQUAL(check_chunks(r.body, r.len, &events, seqs, 16), 4);
    CU_ASSERT_EQUAL(seqs[0], 1);
    CU_ASSERT_EQUAL(seqs[1], 2);
    CU_ASSERT_EQUAL(seqs[2], 4);
    reply_free(&r);
    mock_server_stop(srv);
}

/* ---------------------------------------------------------------- cancel, confirm, flow control */

typedef struct bg_call {
    mock_server *srv;
    call k;
    post_opts o;
    reply r;
    pthread_t t;
} bg_call;

static void *bg_run(void *arg)
{
    bg_call *b = arg;
    invoke(b->srv, &b->k, &b->o, &b->r);
    return NULL;
}

static void post_control(mock_server *srv, char *body, size_t len, reply *r)
{
    post(mock_server_url(srv), body, len, NULL, r);
    free(body);
}

static void test_cancel_and_end(void)
{
    mock_server *srv = start();
    bg_call b = {.srv = srv};
    b.k = (call){.method = "Hang", .bits = WSMAN_CALLBACK_STREAMING, .op_id = "uuid:op-cancel-1"};
    pthread_create(&b.t, NULL, bg_run, &b);
    CU_ASSERT(has_event(srv, MOCK_EV_REQUEST, 0, 5000));
    char *msg = NULL;
    size_t len = 0;
    wsman_error err;
    reply r;
    CU_ASSERT_FATAL(wsman_write_cancel("http://127.0.0.1/wsman", "uuid:op-cancel-1", &msg, &len, &err) == 0);
    post_control(srv, msg, len, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(r.len, 0);
    reply_free(&r);
    CU_ASSERT(has_event(srv, MOCK_EV_CANCEL, 0, 2000));
    CU_ASSERT(has_event(srv, MOCK_EV_ABORTED, 0, 2000));
    pthread_join(b.t, NULL);
    CU_ASSERT_EQUAL(b.r.rc, CURLE_GOT_NOTHING); /* cancel closes the operation's connection */
    reply_free(&b.r);
    CU_ASSERT_FATAL(wsman_write_end("http://127.0.0.1/wsman", "uuid:op-cancel-1", &msg, &len, &err) == 0);
    post_control(srv, msg, len, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    reply_free(&r);
    CU_ASSERT(has_event(srv, MOCK_EV_END, 0, 2000));
    mock_server_stop(srv);
}

static void test_confirm_waits_for_response(void)
{
    mock_server *srv = start();
    bg_call b = {.srv = srv};
    b.k = (call){.method = "Confirm", .bits = WSMAN_CALLBACK_PROMPTS | WSMAN_CALLBACK_PROGRESS,
                 .op_id = "uuid:op-confirm-1"};
    b.o.raw_chunks = 1;
    pthread_create(&b.t, NULL, bg_run, &b);
    CU_ASSERT(has_event(srv, MOCK_EV_REQUEST, 0, 5000));
    /* Nothing completes until the answer arrives. */
    CU_ASSERT(mock_journal_wait(srv, MOCK_EV_COMPLETED, 0, 200) < 0);
    char *msg = NULL;
    size_t len = 0;
    wsman_error err;
    reply r;
    CU_ASSERT_FATAL(wsman_write_interactive_response("http://127.0.0.1/wsman", "uuid:op-confirm-1", 3,
                                                     "Confirm", "yes", &msg, &len, &err) == 0);
    post_control(srv, msg, len, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    reply_free(&r);
    CU_ASSERT(has_event(srv, MOCK_EV_INTERACTIVE_RESPONSE, 0, 2000));
    CU_ASSERT(has_event(srv, MOCK_EV_COMPLETED, 0, 5000));
    pthread_join(b.t, NULL);
    int events = 0;
    int64_t seqs[8];
    CU_ASSERT_EQUAL(check_chunks(b.r.body, b.r.len, &events, seqs, 8), 3);
    CU_ASSERT_EQUAL(events, 2);
    reply_free(&b.r);
    mock_server_stop(srv);
}

static int small_rcvbuf(void *ud, curl_socket_t fd, curlsocktype purpose)
{
    int size = 4096;
    (void)ud;
    (void)purpose;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    return CURL_SOCKOPT_OK;
}

typedef struct pausing {
    int paused_once;
    size_t bytes;
} pausing;

static size_t pause_first(char *p, size_t s, size_t n, void *ud)
{
    pausing *st = ud;
    (void)p;
    if (!st->paused_once) { st->paused_once = 1; return CURL_WRITEFUNC_PAUSE; }
    st->bytes += s * n;
    return s * n;
}

static void test_flow_control_blocked(void)
{
    mock_server *srv = start();
    call k = {.method = "Flood", .bits = WSMAN_CALLBACK_STREAMING};
    size_t len = 0;
    char *body = request_for(&k, &len);
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: " SOAP);
    pausing st = {0};
    curl_easy_setopt(c, CURLOPT_URL, mock_server_url(srv));
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, pause_first);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &st);
    curl_easy_setopt(c, CURLOPT_SOCKOPTFUNCTION, small_rcvbuf);
    CURLM *m = curl_multi_init();
    curl_multi_add_handle(m, c);
    int running = 1;
    while (running && !st.paused_once) {
        curl_multi_perform(m, &running);
        curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    /* The client reads nothing now: the server must see itself blocked. */
    CU_ASSERT(has_event(srv, MOCK_EV_BLOCKED, 0, 10000));
    CU_ASSERT(mock_journal_wait(srv, MOCK_EV_COMPLETED, 0, 0) < 0);
    curl_easy_pause(c, CURLPAUSE_CONT);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    time_t deadline = now.tv_sec + cutest_bound_ms(60000) / 1000;
    while (running && now.tv_sec < deadline) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        curl_multi_perform(m, &running);
        curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    CU_ASSERT_EQUAL(running, 0);
    CU_ASSERT(has_event(srv, MOCK_EV_COMPLETED, 0, 5000));
    CU_ASSERT(st.bytes > 10u * 1024 * 1024);
    curl_multi_remove_handle(m, c);
    curl_easy_cleanup(c);
    curl_multi_cleanup(m);
    curl_slist_free_all(h);
    free(body);
    mock_server_stop(srv);
}

static void test_disconnect_stops_stream(void)
{
    mock_server *srv = start();
    call k = {.method = "Ticker", .bits = WSMAN_CALLBACK_STREAMING};
    post_opts quick = {.timeout_ms = 300};
    reply r;
    invoke(srv, &k, &quick, &r);
    CU_ASSERT_EQUAL(r.rc, CURLE_OPERATION_TIMEDOUT);
    CU_ASSERT(r.len > 0);
    reply_free(&r);
    CU_ASSERT(has_event(srv, MOCK_EV_ABORTED, 0, 2000));
    CU_ASSERT(has_event(srv, MOCK_EV_DISCONNECT, 0, 2000));
    mock_server_stop(srv);
}

/* ---------------------------------------------------------------- HTTP layer */

static void test_http_refusals(void)
{
    mock_server *srv = start();
    call k = {.method = "Echo"};
    size_t len = 0;
    char *body = request_for(&k, &len);
    reply r;
    post_opts none = {.content_type = ""};
    post(mock_server_url(srv), body, len, &none, &r);
    CU_ASSERT_EQUAL(r.status, 400);
    reply_free(&r);
    post_opts json = {.content_type = "application/json"};
    post(mock_server_url(srv), body, len, &json, &r);
    CU_ASSERT_EQUAL(r.status, 415);
    reply_free(&r);
    post_opts latin = {.content_type = "application/soap+xml;charset=ISO-8859-1"};
    post(mock_server_url(srv), body, len, &latin, &r);
    expect_fault(&r, "EncodingLimit", 0);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "CharacterSet"));
    reply_free(&r);
    post_opts lower = {.content_type = "text/xml; charset=utf-8"};
    post(mock_server_url(srv), body, len, &lower, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    reply_free(&r);
    char url[256];
    snprintf(url, sizeof url, "%s/", mock_server_url(srv));
    post(url, body, len, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    reply_free(&r);
    snprintf(url, sizeof url, "http://127.0.0.1:%u/other", mock_server_port(srv));
    post(url, body, len, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    reply_free(&r);
    size_t big = 300 * 1024;
    char *huge = malloc(big);
    memset(huge, 'x', big);
    post(mock_server_url(srv), huge, big, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 413);
    reply_free(&r);
    free(huge);
    free(body);
    mock_server_stop(srv);
}

static void test_auth_and_redaction(void)
{
    mock_server *srv = start_with("alice:s3cr3t-pw", NULL, NULL);
    call k = {.method = "Echo"};
    size_t len = 0;
    char *body = request_for(&k, &len);
    reply r;
    post(mock_server_url(srv), body, len, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 401);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.headers, "WWW-Authenticate: Basic"));
    reply_free(&r);
    post_opts wrong = {.userpwd = "alice:nope"};
    post(mock_server_url(srv), body, len, &wrong, &r);
    CU_ASSERT_EQUAL(r.status, 401);
    reply_free(&r);
    post_opts right = {.userpwd = "alice:s3cr3t-pw"};
    post(mock_server_url(srv), body, len, &right, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    reply_free(&r);
    /* A client that puts the password in the body must not see it journaled either. */
    static const char *const names[] = {"Text", NULL};
    static const char *const values[] = {"my password is s3cr3t-pw", NULL};
    call leak = {.method = "Echo", .param_names = names, .param_values = values};
    invoke(srv, &leak, &right, &r);
    reply_free(&r);
    char *t = mock_journal_transcript(srv);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_PTR_NULL(strstr(t, "s3cr3t-pw"));
    CU_ASSERT_PTR_NULL(strstr(t, "YWxpY2U6czNjcjN0LXB3")); /* base64 of alice:s3cr3t-pw */
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "Authorization: Basic <redacted>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "REQUEST POST /wsman invoke Echo class MI_MockTest"));
    free(t);
    free(body);
    mock_server_stop(srv);
}

static void test_journal_events(void)
{
    mock_server *srv = start();
    call k = {.method = "Echo", .ns = "root/cimv2"};
    reply r;
    invoke(srv, &k, NULL, &r);
    reply_free(&r);
    long i = mock_journal_wait(srv, MOCK_EV_REQUEST, 0, (int)cutest_bound_ms(2000));
    CU_ASSERT_FATAL(i >= 0);
    mock_event ev;
    CU_ASSERT_EQUAL_FATAL(mock_journal_get(srv, (size_t)i, &ev), 0);
    CU_ASSERT_STRING_EQUAL(ev.method, "Echo");
    CU_ASSERT_STRING_EQUAL(ev.class_name, "MI_MockTest");
    CU_ASSERT_STRING_EQUAL(ev.namespace_name, "root/cimv2");
    CU_ASSERT(ev.body_len > 0 && strstr(ev.body, "Echo_INPUT") != NULL);
    CU_ASSERT(ev.n_headers > 0);
    mock_event_clear(&ev);
    long j = mock_journal_wait(srv, MOCK_EV_RESPONSE, (size_t)i, (int)cutest_bound_ms(2000));
    CU_ASSERT_FATAL(j > i);
    mock_journal_get(srv, (size_t)j, &ev);
    CU_ASSERT_EQUAL(ev.http_status, 200);
    CU_ASSERT(ev.bytes_sent > 0);
    mock_event_clear(&ev);
    CU_ASSERT(mock_journal_wait(srv, MOCK_EV_CONNECT, 0, 0) == 0);
    CU_ASSERT(mock_journal_get(srv, 100000, &ev) == -1);
    CU_ASSERT(mock_journal_wait(srv, MOCK_EV_CANCEL, 0, 50) == -1);
    mock_server_stop(srv);
}

static void test_keep_alive(void)
{
    mock_server *srv = start();
    call k = {.method = "Echo"};
    size_t len = 0;
    char *body = request_for(&k, &len);
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: " SOAP);
    reply r = {0};
    curl_easy_setopt(c, CURLOPT_URL, mock_server_url(srv));
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    for (int i = 0; i < 20; i++) CU_ASSERT_EQUAL(curl_easy_perform(c), CURLE_OK);
    long conns = -1;
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &conns);
    CU_ASSERT_EQUAL(conns, 0); /* the last request reused the connection */
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    reply_free(&r);
    free(body);
    mock_event ev;
    size_t connects = 0;
    for (size_t i = 0; mock_journal_get(srv, i, &ev) == 0; i++) {
        connects += ev.kind == MOCK_EV_CONNECT;
        mock_event_clear(&ev);
    }
    CU_ASSERT_EQUAL(connects, 1);
    mock_server_stop(srv);
}

/* ---------------------------------------------------------------- bad requests */

static void test_bad_request_corpus(void)
{
    mock_server *srv = start();
    const char *url = mock_server_url(srv);
    struct { const char *name, *body; const char *subcode; } corpus[] = {
        {"not xml", "hello, server", "SchemaValidationError"},
        {"truncated", "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Header>", "SchemaValidationError"},
        {"not an envelope", "<html><body>hi</body></html>", "SchemaValidationError"},
        {"entity bomb", "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><l>&c;</l>", NULL},
        {"external entity", "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><l>&x;</l>", NULL},
        {"empty", "", NULL},
    };
    for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
        reply r;
        post(url, corpus[i].body, strlen(corpus[i].body), NULL, &r);
        CU_ASSERT_EQUAL(r.rc, CURLE_OK);
        if (corpus[i].subcode) expect_fault(&r, corpus[i].subcode, 0);
        else CU_ASSERT(r.status == 500 || r.status == 400);
        CU_ASSERT_PTR_NULL(r.body ? strstr(r.body, "root:") : NULL);
        reply_free(&r);
    }
    /* deeply nested */
    size_t depth = 5000;
    char *deep = malloc(depth * 7 + 1);
    size_t o = 0;
    for (size_t i = 0; i < depth; i++) o += (size_t)sprintf(deep + o, "<a>");
    for (size_t i = 0; i < depth; i++) o += (size_t)sprintf(deep + o, "</a>");
    reply r;
    post(url, deep, o, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 500);
    reply_free(&r);
    free(deep);
    /* binary garbage */
    char garbage[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof garbage; i++) { x = x * 1103515245u + 12345u; garbage[i] = (char)(x >> 16); }
    post(url, garbage, sizeof garbage, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 500);
    reply_free(&r);
    /* still serving */
    call k = {.method = "Echo"};
    invoke(srv, &k, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    reply_free(&r);
    mock_server_stop(srv);
}

/* A request sent in small pieces with pauses: answered normally, others still served. */
typedef struct drip {
    const char *data;
    size_t len, pos;
} drip;

static size_t drip_read(char *buf, size_t s, size_t n, void *ud)
{
    drip *d = ud;
    (void)s;
    (void)n;
    if (d->pos >= d->len) return 0;
    struct timespec ts = {0, 2 * 1000000L}; /* the drip itself: 2 ms between 64-byte pieces */
    nanosleep(&ts, NULL);
    size_t k = d->len - d->pos < 64 ? d->len - d->pos : 64;
    memcpy(buf, d->data + d->pos, k);
    d->pos += k;
    return k;
}

static void test_slow_drip(void)
{
    mock_server *srv = start();
    call k = {.method = "Echo"};
    size_t len = 0;
    char *body = request_for(&k, &len);
    drip d = {body, len, 0};
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: " SOAP);
    h = curl_slist_append(h, "Transfer-Encoding: chunked");
    reply r = {0};
    curl_easy_setopt(c, CURLOPT_URL, mock_server_url(srv));
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, drip_read);
    curl_easy_setopt(c, CURLOPT_READDATA, &d);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, cutest_bound_ms(20000));
    CU_ASSERT_EQUAL(curl_easy_perform(c), CURLE_OK);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    CU_ASSERT_EQUAL(status, 200);
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    reply_free(&r);
    free(body);
    mock_server_stop(srv);
}

/* ---------------------------------------------------------------- TLS */

static void test_tls(void)
{
    if (system("command -v openssl >/dev/null 2>&1") != 0) {
        fprintf(stderr, "SKIP test_tls: openssl not found, cannot generate a test certificate\n");
        return;
    }
    mkdir("build", 0755);
    mkdir("build/tmp", 0755);
    char dir[] = "build/tmp/mocktlsXXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char cmd[1024], cert[128], key[128];
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 "
             "-keyout %s -out %s >/dev/null 2>&1", key, cert);
    CU_ASSERT_FATAL(system(cmd) == 0);
    mock_server *srv = start_with(NULL, cert, key);
    CU_ASSERT_EQUAL(strncmp(mock_server_url(srv), "https://", 8), 0);
    call k = {.method = "Echo"};
    post_opts o = {.insecure = 1};
    reply r;
    invoke(srv, &k, &o, &r);
    CU_ASSERT_EQUAL(r.rc, CURLE_OK);
    CU_ASSERT_EQUAL(r.status, 200);
    reply_free(&r);
    mock_server_stop(srv);
    remove(cert);
    remove(key);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    curl_global_init(CURL_GLOBAL_ALL);
    static const cutest_case cases[] = {
        {"return_echo", test_return_echo},
        {"journal_cut_and_take", test_journal_cut_and_take},
        {"default_namespace_and_instance", test_default_namespace_and_instance},
        {"omi_style", test_omi_style},
        {"playbook_per_call", test_playbook_per_call},
        {"validation_faults", test_validation_faults},
        {"fault_step_and_status", test_fault_step_and_status},
        {"drop_truncate_slow", test_drop_truncate_slow},
        {"malformed", test_malformed},
        {"delay_and_concurrency", test_delay_and_concurrency},
        {"streaming_chunks", test_streaming_chunks},
        {"streaming_batches_and_sequence", test_streaming_batches_and_sequence},
        {"cancel_and_end", test_cancel_and_end},
        {"confirm_waits_for_response", test_confirm_waits_for_response},
        {"flow_control_blocked", test_flow_control_blocked},
        {"disconnect_stops_stream", test_disconnect_stops_stream},
        {"http_refusals", test_http_refusals},
        {"auth_and_redaction", test_auth_and_redaction},
        {"journal_events", test_journal_events},
        {"keep_alive", test_keep_alive},
        {"bad_request_corpus", test_bad_request_corpus},
        {"slow_drip", test_slow_drip},
        {"tls", test_tls},
        {NULL, NULL},
    };
    int rc = cutest_run("test_mock_server", cases, argc, argv);
    curl_global_cleanup();
    return rc;
}

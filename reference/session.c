/*
 * session.c - MI_Application_NewSession's work, MI_SessionFT, and closing (see session.h).
 */
#include "reference/session.h"

#include "reference/answer.h"
#include "reference/application.h"
#include "reference/invoke.h"
#include "reference/operation.h"
#include "reference/options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What the session code keeps in app->worker: the worker and a condition for "a session left". */
typedef struct miref_app_state {
    miref_worker *worker;
    pthread_cond_t cv;
} miref_app_state;

/* ERR-4: a connection that cannot be made fails well inside the 5 s bound. */
#define MIREF_CONNECT_TIMEOUT_MS 4000L
/* OPT-2: the client gives the server this long after the operation timeout to send its own
 * TimedOut fault before it gives up itself (well inside the 2 s grace). */
#define MIREF_TIMEOUT_MARGIN_MS 500

static const MI_SessionFT miref_session_ft;

/* libcurl's global state (and OpenSSL's under it) is set up when the library is loaded, not
 * inside the first NewSession: curl_global_init is meant to run before other threads use
 * curl, and a one-time initialisation failing half-way inside an MI call (an allocation
 * failure in OPENSSL_init_ssl, found by --inject alloc) leaves blocks behind that no later
 * call can free. Its result is kept, so every NewSession reports a failed initialisation. */
static CURLcode curl_init_result = CURLE_FAILED_INIT;
__attribute__((constructor)) static void curl_init_at_load(void)
{
    curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* ---------------------------------------------------------------- references */

/* Under the mutex, not atomics: race detectors then see the ordering before the free. */
void miref_session_ref(struct miref_session *s)
{
    pthread_mutex_lock(&s->mu);
    s->refs++;
    pthread_mutex_unlock(&s->mu);
}

static void session_ref_void(void *p)
{
    miref_session_ref(p);
}

void miref_session_endpoint_clear(struct miref_session *s)
{
    miref_endpoint *ep = &s->endpoint;
    free(ep->url);
    free(ep->user);
    free(ep->password);
    free(ep->ca_path);
    free(ep->ca_file);
    miref_easy_slot_release(&ep->idle); /* it holds the share */
    if (ep->share != NULL) curl_share_cleanup(ep->share);
    memset(ep, 0, sizeof *ep);
    free(s->locale);
    free(s->data_locale);
    s->locale = s->data_locale = NULL;
}

static void session_free(struct miref_session *s)
{
    miref_lane_free(s->lane);
    miref_session_endpoint_clear(s);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

void miref_session_release(struct miref_session *s)
{
    if (s == NULL) return;
    pthread_mutex_lock(&s->mu);
    int last = --s->refs == 0;
    pthread_mutex_unlock(&s->mu);
    if (last) session_free(s);
}

miref_lane *miref_session_take_lane(struct miref_session *s)
{
    pthread_mutex_lock(&s->mu);
    if (s->lane == NULL) s->lane = miref_lane_new();
    miref_lane *lane = s->lane_taken ? NULL : s->lane;
    if (lane != NULL) s->lane_taken = 1;
    pthread_mutex_unlock(&s->mu);
    return lane;
}

void miref_session_give_back_lane(struct miref_session *s, miref_lane *lane)
{
    pthread_mutex_lock(&s->mu);
    if (lane == s->lane) s->lane_taken = 0;
    pthread_mutex_unlock(&s->mu);
}

static struct miref_session *session_from_handle(const MI_Session *h)
{
    if (h == NULL || h->ft != &miref_session_ft || h->reserved1 == 0) return NULL;
    return miref_handle_lookup(h->reserved1, MIREF_HANDLE_SESSION, session_ref_void);
}

/* ---------------------------------------------------------------- destination */

static char *dup_or_null(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

/* "host", "host:port", "[v6]", "[v6]:port", or a bare IPv6 address. */
static int split_destination(const char *dest, char *host, size_t hostlen, unsigned *port)
{
    *port = 0;
    const char *colon = NULL;
    if (dest[0] == '[') {
        const char *end = strchr(dest, ']');
        if (end == NULL || (size_t)(end - dest + 1) >= hostlen) return -1;
        snprintf(host, hostlen, "%.*s", (int)(end - dest + 1), dest);
        if (end[1] == ':') colon = end + 1;
        else if (end[1] != '\0') return -1;
    } else {
        colon = strchr(dest, ':');
        if (colon != NULL && strchr(colon + 1, ':') != NULL) { /* bare IPv6 */
            if (snprintf(host, hostlen, "[%s]", dest) >= (int)hostlen) return -1;
            return 0;
        }
        size_t n = colon != NULL ? (size_t)(colon - dest) : strlen(dest);
        if (n == 0 || n >= hostlen) return -1;
        snprintf(host, hostlen, "%.*s", (int)n, dest);
    }
    if (colon != NULL) {
        char *end;
        unsigned long p = strtoul(colon + 1, &end, 10);
        if (*end != '\0' || p == 0 || p > 65535) return -1;
        *port = (unsigned)p;
    }
    return 0;
}

static MI_Result read_credentials(struct miref_session *s, MI_DestinationOptions *o,
                                  const char **why)
{
    const char *name;
    const MI_UserCredentials *c;
    for (MI_Uint32 i = 0; miref_destopt_credentials_at(o, i, &name, &c) == 0; i++) {
        if (strcmp(name, MI_DESTOPT_DESTINATION_CREDENTIALS) != 0) continue;
        const char *type = c->authenticationType != NULL ? c->authenticationType : "Default";
        if (strcasecmp(type, "None") == 0) return MI_RESULT_OK;
        /* Basic is the one scheme practical over WS-Man here; "Default" with a user name is
         * treated as Basic, as a client without Negotiate must. */
        if (strcasecmp(type, "Basic") != 0 && strcasecmp(type, "Default") != 0) {
            *why = "authentication type not supported (only Basic)";
            return MI_RESULT_NOT_SUPPORTED;
        }
        const MI_UsernamePasswordCreds *up = &c->credentials.usernamePassword;
        if (up->username == NULL) return MI_RESULT_OK;
        if ((s->endpoint.user = strdup(up->username)) == NULL ||
            (s->endpoint.password = strdup(up->password != NULL ? up->password : "")) == NULL)
            return MI_RESULT_SERVER_LIMITS_EXCEEDED;
        return MI_RESULT_OK;
    }
    return MI_RESULT_OK;
}

static MI_Result read_transport(MI_DestinationOptions *o, int *https, const char **why)
{
    const char *t = o != NULL ? miref_destopt_string(o, MI_DESTOPT_TRANSPORT) : NULL;
    *https = 0;
    if (t == NULL || strcasecmp(t, "HTTP") == 0) return MI_RESULT_OK;
    if (strcasecmp(t, "HTTPS") == 0) {
        *https = 1;
        return MI_RESULT_OK;
    }
    *why = "transport must be HTTP or HTTPS";
    return MI_RESULT_INVALID_PARAMETER;
}

static void read_settings(struct miref_session *s, MI_DestinationOptions *o)
{
    MI_Uint32 n;
    MI_Interval iv;
    s->endpoint.verify_peer = s->endpoint.verify_host = 1;
    s->endpoint.connect_timeout_ms = MIREF_CONNECT_TIMEOUT_MS;
    if (o == NULL) return;
    if (miref_destopt_number(o, MI_DESTOPT_CERT_CA_CHECK, &n) == 0) s->endpoint.verify_peer = n != 0;
    if (miref_destopt_number(o, MI_DESTOPT_CERT_CN_CHECK, &n) == 0) s->endpoint.verify_host = n != 0;
    if (miref_destopt_number(o, MI_DESTOPT_MAX_ENVELOPE_SIZE, &n) == 0)
        s->max_envelope_bytes = (uint64_t)n * 1024; /* the option is in kilobytes */
    if (miref_destopt_interval(o, MI_DESTOPT_TIMEOUT, &iv) == 0)
        s->default_timeout_ms = miref_interval_ms(&iv);
    s->endpoint.ca_path = dup_or_null(miref_destopt_string(o, MI_DESTOPT_TRUSTED_CERTS_DIR));
    s->endpoint.ca_file = dup_or_null(miref_destopt_string(o, MI_DESTOPT_CERT_FILE));
    s->locale = dup_or_null(miref_destopt_string(o, MI_DESTOPT_UI_LOCALE));
    s->data_locale = dup_or_null(miref_destopt_string(o, MI_DESTOPT_DATA_LOCALE));
}

static char *url_prefix(MI_DestinationOptions *o)
{
    const char *p = o != NULL ? miref_destopt_string(o, MI_DESTOPT_HTTP_URL_PREFIX) : NULL;
    if (p == NULL) p = "wsman";
    while (*p == '/') p++;
    char *out = strdup(p);
    if (out != NULL) {
        size_t n = strlen(out);
        while (n > 0 && out[n - 1] == '/') out[--n] = '\0';
    }
    return out;
}

MI_Result miref_session_parse_destination(struct miref_session *s, const MI_Char *destination,
                                          MI_DestinationOptions *options, const char **why)
{
    char host[300];
    unsigned port;
    int https;
    *why = "the destination is not a host name or address with an optional port";
    if (destination == NULL || destination[0] == '\0' ||
        split_destination(destination, host, sizeof host, &port) != 0)
        return MI_RESULT_INVALID_PARAMETER;
    MI_DestinationOptions *o = miref_destopts_is(options) ? options : NULL;
    MI_Result r = read_transport(o, &https, why);
    if (r != MI_RESULT_OK) return r;
    MI_Uint32 opt_port;
    if (port == 0 && o != NULL && miref_destopt_number(o, MI_DESTOPT_DESTINATION_PORT, &opt_port) == 0)
        port = opt_port; /* a port in the destination wins over the option */
    if (port == 0) port = https ? 5986 : 5985;
    if (port > 65535) return MI_RESULT_INVALID_PARAMETER;
    read_settings(s, o);
    if (o != NULL && (r = read_credentials(s, o, why)) != MI_RESULT_OK) return r;
    char *prefix = url_prefix(o);
    size_t len = strlen(host) + (prefix != NULL ? strlen(prefix) : 0) + 32;
    s->endpoint.url = prefix != NULL ? malloc(len) : NULL;
    if (s->endpoint.url == NULL) {
        free(prefix);
        *why = "out of memory";
        return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    }
    snprintf(s->endpoint.url, len, "%s://%s:%u/%s", https ? "https" : "http", host, port, prefix);
    free(prefix);
    return MI_RESULT_OK;
}

/* ---------------------------------------------------------------- open */

static MI_Result app_worker(struct miref_application *app, miref_worker **out)
{
    miref_app_state *st = app->worker;
    if (st == NULL) {
        st = calloc(1, sizeof *st);
        if (st == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
        if (miref_worker_new(&st->worker) != 0) {
            free(st);
            return MI_RESULT_FAILED;
        }
        pthread_cond_init(&st->cv, NULL);
        app->worker = st;
    }
    *out = st->worker;
    return MI_RESULT_OK;
}

static MI_Result check_protocol(const MI_Char *protocol)
{
    if (protocol == NULL || strcmp(protocol, "WINRM") == 0 ||
        strcmp(protocol, "MI_REMOTE_WSMAN") == 0)
        return MI_RESULT_OK;
    return MI_RESULT_INVALID_PARAMETER;
}

static struct miref_session *session_alloc(void)
{
    struct miref_session *s = calloc(1, sizeof *s);
    if (s == NULL) return NULL;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->refs = 1; /* the client's handle */
    s->endpoint.share = curl_share_init();
    if (s->endpoint.share == NULL) {
        session_free(s);
        return NULL;
    }
    /* Keep-alive per session: its transfers share one connection cache. */
    curl_share_setopt(s->endpoint.share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    return s;
}

static MI_Result session_attach_app(struct miref_session *s, struct miref_application *app)
{
    pthread_mutex_lock(&app->lock);
    MI_Result r = app->closing ? MI_RESULT_INVALID_PARAMETER : app_worker(app, &s->worker);
    if (r == MI_RESULT_OK) {
        s->app = app;
        s->next = app->sessions;
        app->sessions = s;
    }
    pthread_mutex_unlock(&app->lock);
    return r;
}

MI_Result miref_session_open(struct miref_application *app, const MI_Char *protocol,
                             const MI_Char *destination, MI_DestinationOptions *options,
                             MI_SessionCallbacks *callbacks, MI_Instance **extendedError,
                             MI_Session *session)
{
    memset(session, 0, sizeof *session);
    const char *why = "the protocol must be NULL, WINRM or MI_REMOTE_WSMAN";
    MI_Result r = check_protocol(protocol);
    if (r == MI_RESULT_OK && curl_init_result != CURLE_OK) {
        r = MI_RESULT_FAILED;
        why = "libcurl could not be initialised";
    }
    struct miref_session *s = NULL;
    if (r == MI_RESULT_OK && (s = session_alloc()) == NULL) {
        r = MI_RESULT_SERVER_LIMITS_EXCEEDED;
        why = "out of memory";
    }
    if (r == MI_RESULT_OK) r = miref_session_parse_destination(s, destination, options, &why);
    /* Registered before it is attached: a session without an id could never be closed, and
     * Application.Close would wait for it forever (found by --inject alloc). */
    if (r == MI_RESULT_OK && (s->id = miref_handle_register(MIREF_HANDLE_SESSION, s)) == 0) {
        r = MI_RESULT_SERVER_LIMITS_EXCEEDED;
        why = "out of memory";
    }
    if (r == MI_RESULT_OK && (r = session_attach_app(s, app)) != MI_RESULT_OK)
        why = "the application is closing or its worker cannot start";
    if (r != MI_RESULT_OK) {
        if (s != NULL && s->id != 0) miref_handle_unregister(s->id);
        if (s != NULL) session_free(s);
        if (extendedError != NULL) {
            miref_final f = {0};
            miref_answer_client_error(&f, r, why);
            *extendedError = f.details;
            f.details = NULL;
            miref_final_clear(&f);
        }
        return r;
    }
    if (callbacks != NULL) s->callbacks = *callbacks;
    s->self.reserved1 = s->id;
    s->self.reserved2 = (ptrdiff_t)s;
    s->self.ft = &miref_session_ft;
    *session = s->self;
    return MI_RESULT_OK;
}

/* ---------------------------------------------------------------- operations of a session */

int miref_session_attach_op(struct miref_session *s, struct miref_op *op)
{
    pthread_mutex_lock(&s->mu);
    int closing = s->closing;
    if (!closing) {
        op->sess_prev = NULL;
        op->sess_next = s->ops;
        if (s->ops != NULL) s->ops->sess_prev = op;
        s->ops = op;
        s->open_ops++;
        op->attached = 1;
    }
    pthread_mutex_unlock(&s->mu);
    return closing;
}

static void session_finish(struct miref_session *s);
static void session_complete_task(void *arg);

void miref_session_detach_op(struct miref_session *s, struct miref_op *op)
{
    pthread_mutex_lock(&s->mu);
    if (!op->attached) {
        pthread_mutex_unlock(&s->mu);
        return;
    }
    op->attached = 0;
    if (op->sess_prev != NULL) op->sess_prev->sess_next = op->sess_next;
    else s->ops = op->sess_next;
    if (op->sess_next != NULL) op->sess_next->sess_prev = op->sess_prev;
    op->sess_next = op->sess_prev = NULL;
    int complete = --s->open_ops == 0 && s->closing && !s->sync_close;
#ifdef MIREF_MUTANT_SES_CLOSE_EARLY
    complete = 0; /* mutant: the completion was already called by the close itself */
#endif
    if (s->open_ops == 0) pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    if (complete && miref_worker_post(s->worker, session_complete_task, s) != 0)
        session_complete_task(s);
}

/* ---------------------------------------------------------------- Invoke */

/* VAL-3 with no handle to fill: the async caller hears INVALID_PARAMETER, a sync caller
 * nothing (it has no way to ask). */
static void report_no_operation(const MI_OperationCallbacks *cb, MI_Result code)
{
    if (cb != NULL && cb->instanceResult != NULL)
        cb->instanceResult(NULL, cb->callbackContext, NULL, MI_FALSE, code, NULL, NULL, NULL);
}

static void invoke_start(struct miref_session *s, miref_op *op, const miref_invoke_args *a)
{
    miref_request req;
    const char *why = NULL;
    MI_Result r = miref_invoke_build(s, a, &req, &why);
    if (r != MI_RESULT_OK) {
        miref_op_fail(op, r, why);
        return;
    }
    op->callback_bits = req.callback_bits;
    op->operation_id = req.operation_id;
    op->expect = req.expect;
    if (req.timeout_ms > 0)
        op->deadline_ms = miref_now_ms() + req.timeout_ms + MIREF_TIMEOUT_MARGIN_MS;
    miref_op_start(op, req.body, req.len);
}

static void MI_CALL session_invoke(MI_Session *session, MI_Uint32 flags,
                                   MI_OperationOptions *options, const MI_Char *namespaceName,
                                   const MI_Char *className, const MI_Char *methodName,
                                   const MI_Instance *inboundInstance,
                                   const MI_Instance *inboundProperties,
                                   MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    if (operation == NULL) {
        report_no_operation(callbacks, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    struct miref_session *s = session_from_handle(session);
    miref_op *op = miref_op_new(s, session, flags, callbacks, operation);
    if (op == NULL) {
        memset(operation, 0, sizeof *operation);
        report_no_operation(callbacks, MI_RESULT_SERVER_LIMITS_EXCEEDED);
    } else if (s == NULL || miref_session_attach_op(s, op) != 0) {
        /* SES-3: nothing is sent; delivered at once on this thread, since the worker may be
         * gone with the session's application. */
        op->worker = NULL;
        miref_op_fail(op, MI_RESULT_INVALID_PARAMETER, "the session is closed or not valid");
    } else {
        miref_invoke_args a = {options, namespaceName, className, methodName,
                               inboundInstance, inboundProperties, callbacks};
        invoke_start(s, op, &a);
    }
    if (s != NULL) miref_session_release(s);
}

/* Every other operation of the table: an operation handle whose final result is
 * NOT_SUPPORTED, so callers can treat them uniformly. */
static void unsupported(MI_Session *session, MI_OperationCallbacks *callbacks,
                        MI_Operation *operation)
{
    if (operation == NULL) {
        report_no_operation(callbacks, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    struct miref_session *s = session_from_handle(session);
    MI_Result code = s != NULL ? MI_RESULT_NOT_SUPPORTED : MI_RESULT_INVALID_PARAMETER;
    if (s != NULL) miref_session_release(s);
    miref_op *op = miref_op_new(NULL, session, 0, callbacks, operation);
    if (op == NULL) {
        memset(operation, 0, sizeof *operation);
        report_no_operation(callbacks, MI_RESULT_SERVER_LIMITS_EXCEEDED);
        return;
    }
    miref_op_fail(op, code, "only Invoke is implemented by this client");
}

static void MI_CALL s_get_instance(MI_Session *session, MI_Uint32 flags,
                                   MI_OperationOptions *options, const MI_Char *ns,
                                   const MI_Instance *inst, MI_OperationCallbacks *cb,
                                   MI_Operation *op)
{
    (void)flags, (void)options, (void)ns, (void)inst;
    unsupported(session, cb, op);
}

/* Modify, Create and Delete share GetInstance's signature. */
#define s_modify_instance s_get_instance
#define s_create_instance s_get_instance
#define s_delete_instance s_get_instance

static void MI_CALL s_enumerate(MI_Session *session, MI_Uint32 flags,
                                MI_OperationOptions *options, const MI_Char *ns,
                                const MI_Char *cls, MI_Boolean keysOnly,
                                MI_OperationCallbacks *cb, MI_Operation *op)
{
    (void)flags, (void)options, (void)ns, (void)cls, (void)keysOnly;
    unsupported(session, cb, op);
}

static void MI_CALL s_query(MI_Session *session, MI_Uint32 flags, MI_OperationOptions *options,
                            const MI_Char *ns, const MI_Char *dialect, const MI_Char *expr,
                            MI_OperationCallbacks *cb, MI_Operation *op)
{
    (void)flags, (void)options, (void)ns, (void)dialect, (void)expr;
    unsupported(session, cb, op);
}

static void MI_CALL s_associators(MI_Session *session, MI_Uint32 flags,
                                  MI_OperationOptions *options, const MI_Char *ns,
                                  const MI_Instance *keys, const MI_Char *assocClass,
                                  const MI_Char *resultClass, const MI_Char *role,
                                  const MI_Char *resultRole, MI_Boolean keysOnly,
                                  MI_OperationCallbacks *cb, MI_Operation *op)
{
    (void)flags, (void)options, (void)ns, (void)keys, (void)assocClass, (void)resultClass;
    (void)role, (void)resultRole, (void)keysOnly;
    unsupported(session, cb, op);
}

static void MI_CALL s_references(MI_Session *session, MI_Uint32 flags,
                                 MI_OperationOptions *options, const MI_Char *ns,
                                 const MI_Instance *keys, const MI_Char *resultClass,
                                 const MI_Char *role, MI_Boolean keysOnly,
                                 MI_OperationCallbacks *cb, MI_Operation *op)
{
    (void)flags, (void)options, (void)ns, (void)keys, (void)resultClass, (void)role;
    (void)keysOnly;
    unsupported(session, cb, op);
}

static void MI_CALL s_subscribe(MI_Session *session, MI_Uint32 flags,
                                MI_OperationOptions *options, const MI_Char *ns,
                                const MI_Char *dialect, const MI_Char *expr,
                                const MI_SubscriptionDeliveryOptions *delivery,
                                MI_OperationCallbacks *cb, MI_Operation *op)
{
    (void)flags, (void)options, (void)ns, (void)dialect, (void)expr, (void)delivery;
    unsupported(session, cb, op);
}

static void MI_CALL s_get_class(MI_Session *session, MI_Uint32 flags,
                                MI_OperationOptions *options, const MI_Char *ns,
                                const MI_Char *cls, MI_OperationCallbacks *cb, MI_Operation *op)
{
    (void)flags, (void)options, (void)ns, (void)cls;
    unsupported(session, cb, op);
}

static void MI_CALL s_enumerate_classes(MI_Session *session, MI_Uint32 flags,
                                        MI_OperationOptions *options, const MI_Char *ns,
                                        const MI_Char *cls, MI_Boolean namesOnly,
                                        MI_OperationCallbacks *cb, MI_Operation *op)
{
    (void)flags, (void)options, (void)ns, (void)cls, (void)namesOnly;
    unsupported(session, cb, op);
}

static void MI_CALL s_test_connection(MI_Session *session, MI_Uint32 flags,
                                      MI_OperationCallbacks *cb, MI_Operation *op)
{
    (void)flags;
    unsupported(session, cb, op);
}

/* ---------------------------------------------------------------- close */

/* The session leaves its application and the handle's reference goes. */
static void session_finish(struct miref_session *s)
{
    struct miref_application *app = s->app;
    pthread_mutex_lock(&app->lock);
    for (struct miref_session **p = &app->sessions; *p != NULL; p = &(*p)->next) {
        if (*p == s) {
            *p = s->next;
            break;
        }
    }
    s->finished = 1;
    miref_app_state *st = app->worker;
    if (st != NULL) pthread_cond_broadcast(&st->cv);
    pthread_mutex_unlock(&app->lock);
    miref_session_release(s);
}

/* Asynchronous close completed (SES-2): the completion callback once, on the worker. */
static void session_complete_task(void *arg)
{
    struct miref_session *s = arg;
    if (s->completion != NULL) s->completion(s->completion_context);
    session_finish(s);
}

/* Marks the session closing and cancels what is outstanding. Returns non-zero when it was
 * already closing. Caller holds no lock. */
static int session_begin_close(struct miref_session *s, int sync, void *ctx, void (*cb)(void *))
{
    pthread_mutex_lock(&s->mu);
    if (s->closing) {
        pthread_mutex_unlock(&s->mu);
        return 1;
    }
    s->closing = 1;
    s->sync_close = sync;
    s->completion = cb;
    s->completion_context = ctx;
    for (struct miref_op *op = s->ops; op != NULL; op = op->sess_next)
        miref_op_request_cancel(op);
    int none = s->open_ops == 0;
    pthread_mutex_unlock(&s->mu);
    miref_handle_unregister(s->id); /* later calls on the handle: INVALID_PARAMETER */
#ifdef MIREF_MUTANT_SES_CLOSE_EARLY
    none = 1; /* mutant: the close completes without waiting for its operations */
#endif
    if (!sync && none && miref_worker_post(s->worker, session_complete_task, s) != 0)
        session_complete_task(s);
    return 0;
}

static MI_Result MI_CALL session_close(MI_Session *session, void *completionContext,
                                       void(MI_CALL *completionCallback)(void *))
{
    struct miref_session *s = session_from_handle(session);
    if (s == NULL) return MI_RESULT_INVALID_PARAMETER;
    int sync = completionCallback == NULL;
    /* SES-4: waiting on the worker thread for operations the worker must finish would never
     * end; a synchronous close from a callback fails at once and changes nothing. */
    if (sync && miref_worker_is_current(s->worker)) {
        miref_session_release(s);
        return MI_RESULT_FAILED;
    }
    if (session_begin_close(s, sync, completionContext, completionCallback) != 0) {
        miref_session_release(s);
        return MI_RESULT_INVALID_PARAMETER;
    }
    if (sync) {
        pthread_mutex_lock(&s->mu);
#ifndef MIREF_MUTANT_SES_CLOSE_EARLY
        while (s->open_ops > 0) pthread_cond_wait(&s->cv, &s->mu);
#endif
        pthread_mutex_unlock(&s->mu);
        session_finish(s);
    }
    miref_session_release(s);
    return MI_RESULT_OK;
}

static MI_Result MI_CALL session_get_application(MI_Session *session,
                                                 MI_Application *application)
{
    struct miref_session *s = session_from_handle(session);
    if (s == NULL || application == NULL) {
        if (s != NULL) miref_session_release(s);
        return MI_RESULT_INVALID_PARAMETER;
    }
    miref_app_to_handle(s->app, application);
    miref_session_release(s);
    return MI_RESULT_OK;
}

static const MI_SessionFT miref_session_ft = {
    session_close,     session_get_application, s_get_instance,    s_modify_instance,
    s_create_instance, s_delete_instance,       session_invoke,    s_enumerate,
    s_query,           s_associators,           s_references,      s_subscribe,
    s_get_class,       s_enumerate_classes,     s_test_connection,
};

int miref_application_on_worker(struct miref_application *app)
{
    pthread_mutex_lock(&app->lock);
    miref_app_state *st = app->worker;
    int on = st != NULL && miref_worker_is_current(st->worker);
    pthread_mutex_unlock(&app->lock);
    return on;
}

/* SES-5: every session is closed (its operations cancelled); returns once the client closed
 * every operation and every session left; then the worker stops. */
void miref_application_close_sessions(struct miref_application *app)
{
    pthread_mutex_lock(&app->lock);
    miref_app_state *st = app->worker;
    if (st == NULL) {
        pthread_mutex_unlock(&app->lock);
        return;
    }
    struct miref_session *list[64];
    for (;;) {
        size_t n = 0;
        for (struct miref_session *s = app->sessions; s != NULL && n < 64; s = s->next)
            if (!s->closing_by_app) {
                s->closing_by_app = 1;
                miref_session_ref(s);
                list[n++] = s;
            }
        if (n == 0) break;
        pthread_mutex_unlock(&app->lock);
        for (size_t i = 0; i < n; i++) {
            session_begin_close(list[i], 0, NULL, NULL); /* already closing: nothing to do */
            miref_session_release(list[i]);
        }
        pthread_mutex_lock(&app->lock);
    }
    while (app->sessions != NULL) pthread_cond_wait(&st->cv, &app->lock);
    app->worker = NULL;
    pthread_mutex_unlock(&app->lock);
    miref_worker_free(st->worker);
    pthread_cond_destroy(&st->cv);
    free(st);
}

/*
 * mock_http - the libmicrohttpd side: one thread per connection (so a behaviour that blocks -
 * hang, delay, streaming to a client that does not read - stalls only its own connection),
 * limits, authentication, the journal's connection and request events, and delivery of what
 * the step engine emits: a buffer answer sent in one write, or a callback answer (chunked
 * stream, slow slices, truncation, a drop after N bytes).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "kit/redact.h"
#include "mock_server/mock_int.h"

typedef struct mock_req {
    mock_conn *conn;
    unsigned number;
    char *body;
    size_t len, cap;
    int too_big;
    mock_run *run;
} mock_req;

/* ---------------------------------------------------------------- run references */

static void run_release(mock_run *run)
{
    if (run != NULL && atomic_fetch_sub(&run->refs, 1) == 1) {
        mock_behaviour_unregister(run);
        mock_behaviour_free_run(run);
    }
}

/* ---------------------------------------------------------------- journal helpers */

typedef struct header_list {
    mock_header *items;
    size_t n, cap;
} header_list;

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    header_list *l = cls;
    (void)kind;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        mock_header *grown = realloc(l->items, cap * sizeof *grown);
        if (grown == NULL) return MHD_NO;
        l->items = grown;
        l->cap = cap;
    }
    /* Credentials never reach the journal; the scheme does, so a case sees Basic was sent. */
    char *v = strcasecmp(key, "Authorization") == 0 ? kit_redact_authorization_value(value)
                                                    : mock_strdup(value ? value : "");
    l->items[l->n].name = mock_strdup(key);
    l->items[l->n++].value = v;
    return MHD_YES;
}

static void call_info(const wsman_envelope *env, mock_event *ev)
{
    if (env == NULL) return;
    ev->method = wsman_envelope_method(env);
    char *ns = NULL;
    if (env->resource_uri != NULL) wsman_resource_uri_split(env->resource_uri, &ev->class_name, &ns);
    const char *sel = wsman_envelope_selector(env, "__cimnamespace");
    ev->namespace_name = sel != NULL ? mock_strdup(sel) : ns;
    if (sel != NULL) free(ns);
    ev->operation_id = mock_strdup(env->operation_id);
}

static void record_request(mock_server *srv, struct MHD_Connection *c, mock_req *req,
                           const char *method, const char *url, const wsman_envelope *env,
                           const char *detail)
{
    mock_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = MOCK_EV_REQUEST;
    ev.connection = req->conn ? req->conn->number : 0;
    ev.request = req->number;
    ev.http_method = mock_strdup(method);
    ev.path = mock_strdup(url);
    header_list hl = {0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &hl);
    ev.headers = hl.items;
    ev.n_headers = hl.n;
    /* The journal owns the body now, at its size: the read buffer grew by doubling, and a
     * soak row journals thousands of requests. */
    char *fit = req->body != NULL ? realloc(req->body, req->len + 1) : NULL;
    ev.body = fit != NULL ? fit : req->body;
    ev.body_len = req->len;
    req->body = NULL;
    req->len = 0;
    ev.detail = mock_strdup(detail);
    call_info(env, &ev);
    mock_journal_add(&srv->journal, &ev);
}

static void record_response(mock_server *srv, unsigned conn, unsigned req, unsigned status,
                            size_t bytes, const char *detail)
{
    mock_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = MOCK_EV_RESPONSE;
    ev.connection = conn;
    ev.request = req;
    ev.http_status = (int)status;
    ev.bytes_sent = bytes;
    ev.detail = mock_strdup(detail);
    mock_journal_add(&srv->journal, &ev);
}

/* ---------------------------------------------------------------- plain answers */

static enum MHD_Result queue_buffer(struct MHD_Connection *c, mock_req *req, unsigned status,
                                    char *data, size_t len, const char *content_type,
                                    int www_authenticate, const char *detail)
{
    mock_server *srv = req->conn->srv;
    /* The whole answer is in memory, so MHD sends headers and body together (no Nagle stall). */
    struct MHD_Response *r = MHD_create_response_from_buffer(len, data ? data : (char *)"",
                                                             data ? MHD_RESPMEM_MUST_FREE
                                                                  : MHD_RESPMEM_PERSISTENT);
    if (r == NULL) { free(data); return MHD_NO; }
    if (content_type != NULL) MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    enum MHD_Result rc;
    if (www_authenticate) rc = MHD_queue_basic_auth_fail_response(c, "mockcim", r);
    else rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    record_response(srv, req->conn->number, req->number, status, len, detail);
    return rc;
}

static enum MHD_Result queue_text(struct MHD_Connection *c, mock_req *req, unsigned status,
                                  const char *text, int www_authenticate)
{
    char *copy = mock_strdup(text);
    return queue_buffer(c, req, status, copy, copy ? strlen(copy) : 0,
                        copy ? "text/plain" : NULL, www_authenticate, text);
}

static enum MHD_Result queue_emit(struct MHD_Connection *c, mock_req *req, mock_emit *e,
                                  const char *detail)
{
    enum MHD_Result rc = queue_buffer(c, req, e->status, e->data, e->len, e->content_type,
                                      e->www_authenticate, detail);
    e->data = NULL;
    return rc;
}

/* ---------------------------------------------------------------- callback answers */

static void set_pending(mock_run *run, mock_emit *e, size_t len)
{
    free(run->pending);
    run->pending = e->data;
    run->pending_len = len;
    run->pending_off = 0;
    e->data = NULL;
}

/* Takes the engine's next emission inside a callback answer. */
static void absorb(mock_run *run, mock_emit *e)
{
    switch (e->kind) {
    case MOCK_EMIT_CHUNK:
        mock_net_chunk(run, e); /* net injection: a chunk twice or not at all */
        set_pending(run, e, e->len);
        run->envelopes_sent++;
        break;
    case MOCK_EMIT_FINAL: {
        size_t len = e->len;
        if (run->has_truncate && run->truncate_at < len) {
            len = (size_t)run->truncate_at;
            run->end_with_error = 1;
        }
        set_pending(run, e, len);
        run->envelopes_sent += e->data != NULL || len != 0;
        run->finished = 1;
        if (e->status != 200 && e->status != 500) run->end_with_error = 1; /* status already sent */
        break;
    }
    case MOCK_EMIT_CLOSE:
        set_pending(run, e, e->len);
        run->finished = 1;
        run->end_with_error = 1;
        break;
    }
}

static ssize_t finish_answer(mock_run *run)
{
    atomic_store(&run->ended, 1);
    record_response(run->srv, run->conn->number, run->request, run->status, run->bytes_sent,
                    run->end_with_error ? "answer cut: connection closed"
                                        : atomic_load(&run->chunked) ? "chunked answer complete"
                                                       : "answer complete");
    return run->end_with_error ? MHD_CONTENT_READER_END_WITH_ERROR
                               : MHD_CONTENT_READER_END_OF_STREAM;
}

static ssize_t read_answer(void *cls, uint64_t pos, char *buf, size_t max)
{
    mock_run *run = cls;
    (void)pos;
    atomic_store(&run->in_callback, 1);
    atomic_store(&run->blocked_reported, 0);
    ssize_t result;
    for (;;) {
        if (run->pending != NULL && run->pending_off < run->pending_len) {
            int sliced = run->slice != 0 && run->slow_pauses > 0;
            if (sliced && run->pending_off != 0) {
                if (run->slow_pauses != UINT_MAX) run->slow_pauses--;
                if (mock_wait(run, run->pause_ms) != MOCK_WAIT_TIMEOUT) {
                    mock_behaviour_outcome(run, 0, "aborted during a slow answer");
                    run->end_with_error = 1;
                    result = finish_answer(run);
                    break;
                }
            }
            size_t n = run->pending_len - run->pending_off;
            if (n > max) n = max;
            if (sliced && n > run->slice) n = run->slice;
            memcpy(buf, run->pending + run->pending_off, n);
            run->pending_off += n;
            run->bytes_sent += n;
            result = (ssize_t)n;
            break;
        }
        if (run->finished) { result = finish_answer(run); break; }
        mock_emit e;
        mock_behaviour_next(run, &e);
        absorb(run, &e);
        mock_emit_clear(&e);
    }
    atomic_store(&run->handed_us, mock_now_us());
    atomic_store(&run->in_callback, 0);
    return result;
}

static void free_answer(void *cls)
{
    run_release(cls);
}

static enum MHD_Result queue_callback(struct MHD_Connection *c, mock_req *req, mock_run *run,
                                      mock_emit *e)
{
    int sized = e->kind == MOCK_EMIT_FINAL;
    uint64_t total = sized ? e->len : MHD_SIZE_UNKNOWN;
    unsigned status = e->kind == MOCK_EMIT_CLOSE ? 200 : e->status;
    const char *ctype = e->content_type ? e->content_type : WSMAN_CONTENT_TYPE;
    atomic_store(&run->chunked, !sized); /* the watchdog may already see the run */
    run->status = status;
    absorb(run, e);
    atomic_fetch_add(&run->refs, 1);
    struct MHD_Response *r = MHD_create_response_from_callback(total, 64 * 1024, read_answer, run,
                                                               free_answer);
    if (r == NULL) { run_release(run); return MHD_NO; }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    (void)req;
    return rc;
}

/* ---------------------------------------------------------------- invoke */

static enum MHD_Result deliver(struct MHD_Connection *c, mock_req *req, mock_run *run)
{
    mock_emit e;
    mock_behaviour_next(run, &e);
    unsigned delay_ms = 0;
    mock_net_perturb(run->srv, run, &e, &delay_ms);
    if (delay_ms != 0 && mock_wait(run, delay_ms) != MOCK_WAIT_TIMEOUT) {
        mock_emit_clear(&e);
        mock_behaviour_outcome(run, 0, "aborted during an injected delay");
        return MHD_NO;
    }
    enum MHD_Result rc;
    if (e.kind == MOCK_EMIT_CLOSE && e.len == 0) {
        rc = MHD_NO; /* closes the connection without an answer */
    } else if (e.kind == MOCK_EMIT_FINAL && !run->has_truncate && run->slice == 0) {
        atomic_store(&run->ended, 1);
        rc = queue_emit(c, req, &e, "answer");
    } else {
        rc = queue_callback(c, req, run, &e);
    }
    mock_emit_clear(&e);
    return rc;
}

static const char *fault_for_parse_error(wsman_status st, const char **detail)
{
    *detail = NULL;
    switch (st) {
    case WSMAN_E_LIMIT: *detail = "ServiceEnvelopeLimit"; return "wsman:EncodingLimit";
    case WSMAN_E_HEADER: return "wsa:InvalidMessageInformationHeader";
    case WSMAN_E_NOMEM: return "wsman:InternalError";
    default: return "wsman:SchemaValidationError";
    }
}

static int action_is(const wsman_envelope *env, const char *action)
{
    return env->action != NULL && strcmp(env->action, action) == 0;
}

/* Cancel, End, InteractiveResponse: MS-WSMV messages on a second connection. 1 when handled. */
static int control_message(mock_server *srv, mock_req *req, const wsman_envelope *env)
{
    unsigned cn = req->conn->number;
    if (action_is(env, WSMAN_ACTION_CANCEL)) {
        int n = mock_behaviour_cancel(srv, env->operation_id);
        mock_event ev;
        memset(&ev, 0, sizeof ev);
        ev.kind = MOCK_EV_CANCEL;
        ev.connection = cn;
        ev.request = req->number;
        ev.operation_id = mock_strdup(env->operation_id);
        ev.detail = mock_printf("%d running operation(s) matched", n);
        mock_journal_add(&srv->journal, &ev);
        return 1;
    }
    if (action_is(env, WSMAN_ACTION_END)) {
        mock_event ev;
        memset(&ev, 0, sizeof ev);
        ev.kind = MOCK_EV_END;
        ev.connection = cn;
        ev.request = req->number;
        ev.operation_id = mock_strdup(env->operation_id);
        mock_journal_add(&srv->journal, &ev);
        return 1;
    }
    if (action_is(env, WSMAN_ACTION_INTERACTIVE_RESPONSE) ||
        env->body_kind == WSMAN_BODY_INTERACTIVE_RESPONSE) {
        const char *resp = env->event.response ? env->event.response : "";
        int n = mock_behaviour_respond(srv, env->operation_id, resp);
        mock_event ev;
        memset(&ev, 0, sizeof ev);
        ev.kind = MOCK_EV_INTERACTIVE_RESPONSE;
        ev.connection = cn;
        ev.request = req->number;
        ev.operation_id = mock_strdup(env->operation_id);
        ev.detail = mock_printf("%s: %s (%d operation(s) matched)",
                                env->event.type_text ? env->event.type_text : "?", resp, n);
        mock_journal_add(&srv->journal, &ev);
        return 1;
    }
    return 0;
}

static enum MHD_Result invoke(struct MHD_Connection *c, mock_req *req, wsman_envelope *env)
{
    mock_server *srv = req->conn->srv;
    mock_emit e;
    memset(&e, 0, sizeof e);
    if (control_message(srv, req, env)) {
        wsman_envelope_free(env);
        return queue_buffer(c, req, 200, NULL, 0, NULL, 0, "control message accepted");
    }
    const mock_namespace *ns;
    const mock_class *cls;
    const mock_method *method;
    if (mock_call_validate(srv, env, &ns, &cls, &method, &e) != 0) {
        enum MHD_Result rc = queue_emit(c, req, &e, "validation fault");
        wsman_envelope_free(env);
        return rc;
    }
    mock_run *run = mock_behaviour_new_run(srv, req->conn, req->number, env, ns, cls, method);
    if (run == NULL) {
        wsman_envelope_free(env);
        return queue_text(c, req, 500, "out of memory", 0);
    }
    atomic_store(&run->refs, 1);
    req->run = run;
    mock_behaviour_register(run);
    return deliver(c, req, run);
}

/* ---------------------------------------------------------------- request checks */

/* HTTP-level checks; returns the status to refuse with, or 0. *charset_bad for EncodingLimit. */
static unsigned check_content_type(struct MHD_Connection *c, int *charset_bad)
{
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    *charset_bad = 0;
    if (ct == NULL) return 400;
    const char *semi = strchr(ct, ';');
    size_t mlen = semi ? (size_t)(semi - ct) : strlen(ct);
    while (mlen > 0 && (ct[mlen - 1] == ' ' || ct[mlen - 1] == '\t')) mlen--;
    while (mlen > 0 && (*ct == ' ' || *ct == '\t')) { ct++; mlen--; }
    if (!((mlen == 20 && strncasecmp(ct, "application/soap+xml", 20) == 0) ||
          (mlen == 8 && strncasecmp(ct, "text/xml", 8) == 0)))
        return 415;
    for (const char *p = semi; p != NULL; p = strchr(p + 1, ';')) {
        const char *q = p + 1;
        while (*q == ' ' || *q == '\t') q++;
        if (strncasecmp(q, "charset=", 8) != 0) continue;
        q += 8;
        if (*q == '"') q++;
        size_t l = strcspn(q, "\"; \t");
        if (!(l == 5 && strncasecmp(q, "utf-8", 5) == 0) && !(l == 4 && strncasecmp(q, "utf8", 4) == 0))
            *charset_bad = 1;
    }
    return 0;
}

static int authorised(mock_server *srv, struct MHD_Connection *c)
{
    if (srv->n_users == 0) return 1;
    char *password = NULL;
    char *user = MHD_basic_auth_get_username_password(c, &password);
    int ok = 0;
    for (size_t i = 0; user && password && i < srv->n_users; i++)
        ok |= strcmp(user, srv->users[i].name) == 0 && strcmp(password, srv->users[i].password) == 0;
    if (user) MHD_free(user);
    if (password) MHD_free(password);
    return ok;
}

static int path_matches(const mock_server *srv, const char *url)
{
    size_t pl = strlen(srv->path);
    while (pl > 1 && srv->path[pl - 1] == '/') pl--;
    if (strncmp(url, srv->path, pl) != 0) return 0;
    return url[pl] == '\0' || (url[pl] == '/' && url[pl + 1] == '\0');
}

/* First call: headers only. Refusals that need no body are answered at once. */
static enum MHD_Result on_headers(mock_server *srv, struct MHD_Connection *c, mock_req *req,
                                  const char *url, const char *method)
{
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *refusal = NULL;
    unsigned status = 0;
    int www = 0;
    if (strcmp(method, "POST") != 0) { status = 405; refusal = "only POST is served"; }
    else if (!path_matches(srv, url)) { status = 404; refusal = "no such path"; }
    else if (!authorised(srv, c)) { status = 401; refusal = "authentication required"; www = 1; }
    else if (cl != NULL && strtoull(cl, NULL, 10) > srv->max_request) {
        status = 413;
        refusal = "request larger than the server's limit";
    }
    if (status == 0) return MHD_YES;
    record_request(srv, c, req, method, url, NULL, refusal);
    return queue_text(c, req, status, refusal, www);
}

static enum MHD_Result on_body_done(mock_server *srv, struct MHD_Connection *c, mock_req *req,
                                    const char *url, const char *method)
{
    if (req->too_big) {
        record_request(srv, c, req, method, url, NULL, "request larger than the server's limit");
        return queue_text(c, req, 413, "request larger than the server's limit", 0);
    }
    int charset_bad = 0;
    unsigned status = check_content_type(c, &charset_bad);
    if (status != 0) {
        const char *why = status == 400 ? "missing Content-Type" : "unsupported media type";
        record_request(srv, c, req, method, url, NULL, why);
        return queue_text(c, req, status, why, 0);
    }
    wsman_limits limits = {srv->max_request, 0};
    wsman_error err;
    memset(&err, 0, sizeof err);
    wsman_envelope *env = charset_bad ? NULL : wsman_envelope_parse(req->body ? req->body : "", req->len, &limits, &err);
    mock_emit e;
    memset(&e, 0, sizeof e);
    if (charset_bad) {
        record_request(srv, c, req, method, url, NULL, "charset other than UTF-8");
        mock_answer_fault(srv, NULL, "wsman:EncodingLimit", "CharacterSet", 0, 0,
                          "Only UTF-8 is supported.", &e);
        return queue_emit(c, req, &e, "EncodingLimit (CharacterSet)");
    }
    if (env == NULL) {
        char why[320];
        snprintf(why, sizeof why, "unparsable request: %s (line %d): %s",
                 wsman_status_name(err.status), err.line, err.message);
        record_request(srv, c, req, method, url, NULL, why);
        const char *detail;
        const char *subcode = fault_for_parse_error(err.status, &detail);
        mock_answer_fault(srv, NULL, subcode, detail, 0, 0, err.message[0] ? err.message : "bad request", &e);
        return queue_emit(c, req, &e, subcode);
    }
    record_request(srv, c, req, method, url, env, NULL);
    return invoke(c, req, env);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **req_cls)
{
    mock_server *srv = cls;
    mock_req *req = *req_cls;
    (void)version;
    if (req == NULL) {
        req = calloc(1, sizeof *req);
        if (req == NULL) return MHD_NO;
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        req->conn = ci ? ci->socket_context : NULL;
        if (req->conn == NULL) { free(req); return MHD_NO; }
        req->number = atomic_fetch_add(&srv->next_req, 1) + 1;
        *req_cls = req;
        return on_headers(srv, c, req, url, method);
    }
    if (*upload_size != 0) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (req->too_big || req->len + n > srv->max_request) {
            req->too_big = 1; /* keep reading and discarding, answer 413 at the end */
            return MHD_YES;
        }
        if (req->len + n + 1 > req->cap) {
            size_t cap = req->cap ? req->cap : 4096;
            while (cap < req->len + n + 1) cap *= 2;
            char *grown = realloc(req->body, cap);
            if (grown == NULL) { req->too_big = 1; return MHD_YES; }
            req->body = grown;
            req->cap = cap;
        }
        memcpy(req->body + req->len, upload_data, n);
        req->len += n;
        req->body[req->len] = '\0';
        return MHD_YES;
    }
    return on_body_done(srv, c, req, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    mock_server *srv = cls;
    mock_req *req = *req_cls;
    (void)c;
    if (req == NULL) return;
    mock_run *run = req->run;
    if (run != NULL) {
        if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
            mock_behaviour_outcome(run, 0, toe == MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN
                                               ? "aborted: server stopping"
                                               : "aborted: client disconnected");
        if (!atomic_load(&run->ended) && (atomic_load(&run->chunked) || run->pending != NULL)) {
            atomic_store(&run->ended, 1);
            record_response(srv, req->conn->number, req->number, run->status, run->bytes_sent,
                            "answer cut: connection ended");
        }
        run_release(run);
    }
    free(req->body);
    free(req);
    *req_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    mock_server *srv = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        mock_conn *conn = calloc(1, sizeof *conn);
        if (conn == NULL) return;
        conn->srv = srv;
        conn->number = atomic_fetch_add(&srv->next_conn, 1) + 1;
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        conn->fd = ci ? ci->connect_fd : -1;
        int one = 1;
        if (conn->fd >= 0) setsockopt(conn->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        char peer[64] = "?";
        const union MHD_ConnectionInfo *ai = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (ai && ai->client_addr && ai->client_addr->sa_family == AF_INET) {
            const struct sockaddr_in *in = (const struct sockaddr_in *)ai->client_addr;
            char ip[INET_ADDRSTRLEN];
            inet_ntop(AF_INET, &in->sin_addr, ip, sizeof ip);
            snprintf(peer, sizeof peer, "%s:%u", ip, ntohs(in->sin_port));
        }
        *socket_context = conn;
        mock_journal_note(&srv->journal, MOCK_EV_CONNECT, conn->number, 0, "from %s", peer);
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context != NULL) {
        mock_conn *conn = *socket_context;
        mock_journal_note(&srv->journal, MOCK_EV_DISCONNECT, conn->number, 0,
                          atomic_load(&srv->stopping) ? "closed at server stop" : "connection closed");
        free(conn);
        *socket_context = NULL;
    }
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    if (getenv("MOCKCIM_DEBUG") != NULL) vfprintf(stderr, fmt, ap);
}

int mock_http_start(mock_server *srv, char *errbuf, size_t errlen)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)srv->cfg.port);
    if (inet_pton(AF_INET, srv->bind, &addr.sin_addr) != 1) {
        snprintf(errbuf, errlen, "bad bind address '%s'", srv->bind);
        return -1;
    }
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_POLL | MHD_USE_ERROR_LOG;
    if (srv->cert_pem != NULL) flags |= MHD_USE_TLS;
    struct MHD_OptionItem tls[] = {
        {MHD_OPTION_HTTPS_MEM_KEY, 0, srv->key_pem},
        {MHD_OPTION_HTTPS_MEM_CERT, 0, srv->cert_pem},
        {MHD_OPTION_END, 0, NULL},
    };
    errno = 0;
    srv->mhd = MHD_start_daemon(
        flags, (uint16_t)srv->cfg.port, NULL, NULL, on_request, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
        /* libmicrohttpd 0.9.75 zeroes the unused part of a connection's pool each time a
         * keep-alive connection starts its next request (and when the read buffer shrinks):
         * with 256 KB that memset was 61% of the server's instructions for a small invoke.
         * Bodies are collected in our own buffer and answers are our own buffers, so the pool
         * only holds headers and, for chunked answers, one chunk: 64 KB keeps every streamed
         * envelope up to ~60 KB in one chunk (MS-WSMV; the fixtures' are under 2 KB) for a
         * quarter of the zeroing. */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_THREAD_STACK_SIZE, (size_t)(256 * 1024),
        MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv,
        MHD_OPTION_ARRAY, srv->cert_pem != NULL ? tls : &tls[2],
        MHD_OPTION_END);
    if (srv->mhd == NULL) {
        int why = errno; /* bind's or listen's, which libmicrohttpd leaves in place */
        snprintf(errbuf, errlen, "cannot listen on %s:%u%s%s%s", srv->bind, srv->cfg.port,
                 srv->cert_pem ? " with TLS (bad certificate or key?)" : "", why ? ": " : "",
                 why ? strerror(why) : "");
        return -1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->mhd, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? di->port : srv->cfg.port;
    return 0;
}

/*
 * mock_journal - what happened on the wire, in order, with monotonic timestamps.
 *
 * Tests and the harness wait on it (condition variable, never polling) and read deep copies.
 * Secrets never get in: Authorization values are replaced when headers are stored, and every
 * known password is scrubbed from every string an event carries before it is appended.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kit/buf.h"
#include "kit/redact.h"
#include "mock_server/mock_int.h"

/* The one table of journal kinds, in mock_event_kind order: how a transcript prints each, and
 * the name case tables (cases.xsd's journalKind) and the driver's channel use for it. */
static const struct {
    const char *name, *slug;
} kinds[] = {
    {"CONNECT", "connect"}, {"REQUEST", "request"}, {"RESPONSE", "response"},
    {"DISCONNECT", "disconnect"}, {"CANCEL", "cancel"}, {"END", "end"},
    {"INTERACTIVE_RESPONSE", "interactive-response"}, {"ABORTED", "aborted"},
    {"BLOCKED", "blocked"}, {"COMPLETED", "completed"},
};

const char *mock_event_kind_name(mock_event_kind kind)
{
    if ((size_t)kind < sizeof kinds / sizeof kinds[0]) return kinds[kind].name;
    return "UNKNOWN";
}

const char *mock_event_kind_slug(mock_event_kind kind)
{
    if ((size_t)kind < sizeof kinds / sizeof kinds[0]) return kinds[kind].slug;
    return "?";
}

int mock_event_kind_parse(const char *slug)
{
    for (size_t i = 0; slug != NULL && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(slug, kinds[i].slug) == 0) return (int)i;
    return -1;
}

uint64_t mock_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

char *mock_strdup(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

char *mock_printf(const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0) s = NULL;
    va_end(ap);
    return s;
}

int mock_journal_init(mock_journal *j, size_t max_events)
{
    memset(j, 0, sizeof *j);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&j->cond, &ca);
    pthread_condattr_destroy(&ca);
    if (rc != 0) return -1;
    pthread_mutex_init(&j->mu, NULL);
    j->max_events = max_events;
    j->t0_us = mock_now_us();
    return 0;
}

void mock_journal_destroy(mock_journal *j)
{
    for (size_t i = 0; i < j->n; i++) mock_event_clear(&j->events[i]);
    free(j->events);
    for (size_t i = 0; i < j->n_secrets; i++) free(j->secrets[i]);
    free(j->secrets);
    pthread_cond_destroy(&j->cond);
    pthread_mutex_destroy(&j->mu);
}

void mock_journal_add_secret(mock_journal *j, const char *secret)
{
    if (secret == NULL || *secret == '\0') return;
    char **grown = realloc(j->secrets, (j->n_secrets + 1) * sizeof *grown);
    if (grown == NULL) return;
    j->secrets = grown;
    j->secrets[j->n_secrets] = strdup(secret);
    if (j->secrets[j->n_secrets] != NULL) j->n_secrets++;
}

/* Redacts `secret` in the malloc'd string *s (*len bytes, or up to its NUL when *len is 0). */
static void scrub_one(char **s, size_t *len, const char *secret)
{
    if (*s == NULL) return;
    size_t n = *len != 0 ? *len : strlen(*s);
    if (memmem(*s, n, secret, strlen(secret)) == NULL) return;
    size_t out_len = 0;
    char *out = kit_redact_secret(*s, n, secret, &out_len);
    if (out == NULL) { (*s)[0] = '\0'; *len = 0; return; } /* never leak it */
    free(*s);
    *s = out;
    if (*len != 0) *len = out_len;
}

static void scrub(mock_journal *j, char **s, size_t *len)
{
    for (size_t i = 0; i < j->n_secrets; i++) scrub_one(s, len, j->secrets[i]);
}

static void scrub_event(mock_journal *j, mock_event *ev)
{
    size_t zero = 0;
    scrub(j, &ev->body, &ev->body_len);
    scrub(j, &ev->detail, &zero);
    for (size_t i = 0; i < ev->n_headers; i++) scrub(j, &ev->headers[i].value, &zero);
}

void mock_journal_add(mock_journal *j, mock_event *ev)
{
    pthread_mutex_lock(&j->mu);
    ev->t_us = mock_now_us() - j->t0_us;
    scrub_event(j, ev);
    if (j->max_events != 0 && j->n >= j->max_events) {
        j->dropped++;
        pthread_mutex_unlock(&j->mu);
        mock_event_clear(ev);
        return;
    }
    if (j->n == j->cap) {
        size_t cap = j->cap != 0 ? j->cap * 2 : 64;
        mock_event *grown = realloc(j->events, cap * sizeof *grown);
        if (grown == NULL) {
            j->dropped++;
            pthread_mutex_unlock(&j->mu);
            mock_event_clear(ev);
            return;
        }
        j->events = grown;
        j->cap = cap;
    }
    j->events[j->n++] = *ev;
    memset(ev, 0, sizeof *ev);
    pthread_cond_broadcast(&j->cond);
    pthread_mutex_unlock(&j->mu);
}

void mock_journal_note(mock_journal *j, mock_event_kind kind, unsigned conn, unsigned req,
                       const char *fmt, ...)
{
    mock_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    ev.connection = conn;
    ev.request = req;
    if (fmt != NULL) {
        va_list ap;
        va_start(ap, fmt);
        if (vasprintf(&ev.detail, fmt, ap) < 0) ev.detail = NULL;
        va_end(ap);
    }
    mock_journal_add(j, &ev);
}

/* ---------------------------------------------------------------- public API */

size_t mock_journal_count(mock_server *server)
{
    mock_journal *j = &server->journal;
    pthread_mutex_lock(&j->mu);
    size_t n = j->n;
    pthread_mutex_unlock(&j->mu);
    return n;
}

void mock_event_clear(mock_event *e)
{
    if (e == NULL) return;
    free(e->http_method);
    free(e->path);
    for (size_t i = 0; i < e->n_headers; i++) {
        free(e->headers[i].name);
        free(e->headers[i].value);
    }
    free(e->headers);
    free(e->body);
    free(e->method);
    free(e->class_name);
    free(e->namespace_name);
    free(e->operation_id);
    free(e->detail);
    memset(e, 0, sizeof *e);
}

static char *dup_bytes(const char *s, size_t len)
{
    if (s == NULL) return NULL;
    char *d = malloc(len + 1);
    if (d == NULL) return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

static int copy_event(mock_event *out, const mock_event *in)
{
    *out = *in;
    out->http_method = mock_strdup(in->http_method);
    out->path = mock_strdup(in->path);
    out->body = dup_bytes(in->body, in->body_len);
    out->method = mock_strdup(in->method);
    out->class_name = mock_strdup(in->class_name);
    out->namespace_name = mock_strdup(in->namespace_name);
    out->operation_id = mock_strdup(in->operation_id);
    out->detail = mock_strdup(in->detail);
    out->headers = NULL;
    if (in->n_headers != 0) {
        out->headers = calloc(in->n_headers, sizeof *out->headers);
        if (out->headers == NULL) { out->n_headers = 0; return -1; }
        for (size_t i = 0; i < in->n_headers; i++) {
            out->headers[i].name = mock_strdup(in->headers[i].name);
            out->headers[i].value = mock_strdup(in->headers[i].value);
        }
    }
    return 0;
}

int mock_journal_get(mock_server *server, size_t index, mock_event *out)
{
    mock_journal *j = &server->journal;
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&j->mu);
    int rc = -1;
    if (index < j->n) rc = copy_event(out, &j->events[index]);
    pthread_mutex_unlock(&j->mu);
    return rc;
}

long mock_journal_wait(mock_server *server, mock_event_kind kind, size_t from, int timeout_ms)
{
    mock_journal *j = &server->journal;
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    long found = -1;
    size_t scanned = from;
    pthread_mutex_lock(&j->mu);
    for (;;) {
        for (; scanned < j->n; scanned++)
            if (j->events[scanned].kind == kind) { found = (long)scanned; break; }
        if (found >= 0) break;
        if (pthread_cond_timedwait(&j->cond, &j->mu, &deadline) == ETIMEDOUT) {
            for (; scanned < j->n; scanned++)
                if (j->events[scanned].kind == kind) { found = (long)scanned; break; }
            break;
        }
    }
    pthread_mutex_unlock(&j->mu);
    return found;
}

/* ---------------------------------------------------------------- transcript */

/* Bodies are indented under their event; long ones are cut so a transcript stays readable. */
static void buf_body(kit_buf *b, const char *body, size_t len)
{
    const size_t shown = len > 4096 ? 4096 : len;
    kit_buf_add(b, "    | ", 6);
    for (size_t i = 0; i < shown; i++) {
        unsigned char c = (unsigned char)body[i];
        if (c == '\n') kit_buf_add(b, "\n    | ", 7);
        else if (c < 0x20 && c != '\t') kit_buf_addf(b, "\\x%02x", c);
        else kit_buf_add(b, (const char *)&c, 1);
    }
    kit_buf_add(b, "\n", 1);
    if (shown < len) kit_buf_addf(b, "    | ... (%zu more bytes)\n", len - shown);
}

static void transcript_event(kit_buf *b, const mock_event *e)
{
    kit_buf_addf(b, "[%4llu.%06llu] #%u", (unsigned long long)(e->t_us / 1000000u),
               (unsigned long long)(e->t_us % 1000000u), e->connection);
    if (e->request != 0) kit_buf_addf(b, ".%u", e->request);
    kit_buf_addf(b, " %s", mock_event_kind_name(e->kind));
    if (e->kind == MOCK_EV_REQUEST) {
        kit_buf_addf(b, " %s %s", e->http_method ? e->http_method : "?", e->path ? e->path : "?");
        if (e->method) kit_buf_addf(b, " invoke %s", e->method);
        if (e->class_name) kit_buf_addf(b, " class %s", e->class_name);
        if (e->namespace_name) kit_buf_addf(b, " namespace %s", e->namespace_name);
        if (e->operation_id) kit_buf_addf(b, " operation %s", e->operation_id);
    }
    if (e->kind == MOCK_EV_RESPONSE) kit_buf_addf(b, " %d, %zu bytes", e->http_status, e->bytes_sent);
    if (e->detail) kit_buf_addf(b, " (%s)", e->detail);
    kit_buf_add(b, "\n", 1);
    for (size_t i = 0; i < e->n_headers; i++)
        kit_buf_addf(b, "    %s: %s\n", e->headers[i].name, e->headers[i].value);
    if (e->body != NULL && e->body_len != 0) buf_body(b, e->body, e->body_len);
}

/* The size an event takes in a transcript. */
static size_t event_text_len(const mock_event *e)
{
    kit_buf one = {0};
    transcript_event(&one, e);
    size_t len = one.failed ? 0 : one.len;
    kit_buf_free(&one);
    return len;
}

char *mock_journal_transcript_cut(mock_server *server, size_t keep)
{
    mock_journal *j = &server->journal;
    kit_buf b = {0};
    pthread_mutex_lock(&j->mu);
    size_t head_end = j->n, tail_start = j->n;
    if (keep != 0) { /* the first events up to keep/2 bytes, the last ones up to keep/2 */
        size_t bytes = 0;
        for (head_end = 0; head_end < j->n && bytes < keep / 2; head_end++)
            bytes += event_text_len(&j->events[head_end]);
        for (bytes = 0; tail_start > head_end && bytes < keep / 2; tail_start--)
            bytes += event_text_len(&j->events[tail_start - 1]);
    }
    for (size_t i = 0; i < head_end; i++) transcript_event(&b, &j->events[i]);
    if (tail_start > head_end)
        kit_buf_addf(&b, "... (%zu events left out) ...\n", tail_start - head_end);
    for (size_t i = tail_start; i < j->n; i++) transcript_event(&b, &j->events[i]);
    if (j->dropped != 0)
        kit_buf_addf(&b, "(%zu events not recorded: journal limit)\n", j->dropped);
    pthread_mutex_unlock(&j->mu);
    return kit_buf_take(&b, NULL);
}

char *mock_journal_transcript(mock_server *server)
{
    return mock_journal_transcript_cut(server, 0);
}

mock_event *mock_journal_take(mock_server *server, size_t *n)
{
    mock_journal *j = &server->journal;
    pthread_mutex_lock(&j->mu);
    mock_event *ev = j->events;
    *n = j->n;
    j->events = NULL;
    j->n = j->cap = 0;
    pthread_mutex_unlock(&j->mu);
    return ev;
}

int mock_journal_write(mock_server *server, FILE *out)
{
    char *t = mock_journal_transcript(server);
    if (t == NULL) return -1;
    int rc = fputs(t, out) < 0 ? -1 : 0;
    free(t);
    if (fflush(out) != 0) rc = -1;
    return rc;
}

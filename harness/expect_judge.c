/*
 * expect_judge - the judging loop, the report, and what expectations share.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/expect.h"

static const char *const kind_names[] = {
    "final", "final-once", "error-string", "error-details", "output", "callback", "order",
    "call", "requests", "header", "xpath", "journal", "observe", "streamed", "rss",
};

static int append_line(char **buf, const char *line)
{
    size_t old = *buf ? strlen(*buf) : 0, add = strlen(line);
    char *t = realloc(*buf, old + add + 2);
    if (t == NULL) return -1;
    memcpy(t + old, line, add);
    t[old + add] = '\n';
    t[old + add + 1] = '\0';
    *buf = t;
    return 0;
}

/* "cancel.xml:153" (or "line 153" when the table is not known): where a finding's row line is. */
static void where_in_table(const conform_expect_ctx *x, long long line, char *buf, size_t len)
{
    const char *t = x->in->table;
    const char *base = t != NULL && strrchr(t, '/') != NULL ? strrchr(t, '/') + 1 : t;
    if (base != NULL) snprintf(buf, len, "%s:%lld", base, line);
    else snprintf(buf, len, "line %lld", line);
}

void conform_expect_fail(conform_expect_ctx *x, const char *fmt, ...)
{
    char msg[768], line[1200], where[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    where_in_table(x, x->e->line, where, sizeof where);
    snprintf(line, sizeof line, "%s: %s: %s", where, kind_names[x->e->kind], msg);
    if (x->e->given) {
        x->out->unmet_given++;
        if (append_line(&x->out->given, line) != 0) x->oom = 1;
        return;
    }
    x->out->failed++;
    if (x->out->message == NULL && (x->out->message = strdup(line)) == NULL) x->oom = 1;
    if (append_line(&x->out->details, line) != 0) x->oom = 1;
}

void conform_expect_observe(conform_expect_ctx *x, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (append_line(&x->out->observed, msg) != 0) x->oom = 1;
}

/* ---------------------------------------------------------------- shared lookups */

static unsigned trace_op_count(const conform_trace *t)
{
    unsigned n = 0;
    for (size_t i = 0; i < t->n_events; i++) {
        const conform_trace_event *ev = &t->events[i];
        if (strcmp(ev->kind, TRACE_EV_ENTER) != 0) continue;
        const char *call = conform_trace_get(ev, TRACE_KEY_CALL);
        unsigned op = (unsigned)conform_trace_get_num(ev, TRACE_KEY_OP, 0);
        if (call != NULL && strcmp(call, TRACE_CALL_INVOKE) == 0 && op > n) n = op;
    }
    return n;
}

unsigned conform_expect_op_first(const conform_expect_ctx *x)
{
    return x->e->op == UINT32_MAX || x->e->op == 0 ? 1 : x->e->op;
}

unsigned conform_expect_op_last(const conform_expect_ctx *x)
{
    if (x->e->op != UINT32_MAX) return conform_expect_op_first(x);
    unsigned n = trace_op_count(x->in->trace);
    return n ? n : 1;
}

int conform_expect_event_op(const conform_trace_event *ev, unsigned op)
{
    return conform_trace_get_num(ev, TRACE_KEY_OP, -1) == (long long)op;
}

long conform_expect_final_index(const conform_trace *t, unsigned op)
{
    for (size_t i = 0; i < t->n_events; i++) {
        const conform_trace_event *ev = &t->events[i];
        if ((strcmp(ev->kind, TRACE_EV_CALLBACK) == 0 || strcmp(ev->kind, TRACE_EV_LEAVE) == 0) &&
            conform_expect_event_op(ev, op) && conform_trace_get_num(ev, TRACE_KEY_FINAL, 0) == 1)
            return (long)i;
    }
    return -1;
}

long conform_expect_final(const conform_expect_ctx *x, unsigned op)
{
    if (x->finals == NULL) return conform_expect_final_index(x->in->trace, op);
    return op < x->n_finals ? x->finals[op] : -1;
}

static void index_finals(conform_expect_ctx *x)
{
    const conform_trace *t = x->in->trace;
    unsigned n = trace_op_count(t) + 1;
    x->finals = malloc(n * sizeof *x->finals);
    if (x->finals == NULL) return; /* the slow way then */
    x->n_finals = n;
    for (unsigned i = 0; i < n; i++) x->finals[i] = -1;
    for (size_t i = 0; i < t->n_events; i++) {
        const conform_trace_event *ev = &t->events[i];
        if (strcmp(ev->kind, TRACE_EV_CALLBACK) != 0 && strcmp(ev->kind, TRACE_EV_LEAVE) != 0)
            continue;
        long long op = conform_trace_get_num(ev, TRACE_KEY_OP, -1);
        if (op >= 0 && op < n && x->finals[op] < 0 &&
            conform_trace_get_num(ev, TRACE_KEY_FINAL, 0) == 1)
            x->finals[op] = (long)i;
    }
}

/* A block is the event and the value lines right after it from the same thread: the driver
 * writes a callback or a GetInstance result with its instances in one piece. */
const conform_trace_event *conform_expect_block_value(const conform_trace *t, long at,
                                                      const char *src, const char *name)
{
    if (at < 0) return NULL;
    unsigned tid = t->events[at].tid;
    for (size_t i = (size_t)at + 1; i < t->n_events; i++) {
        const conform_trace_event *ev = &t->events[i];
        if (strcmp(ev->kind, TRACE_EV_VALUE) != 0 || ev->tid != tid) break;
        const char *s = conform_trace_get(ev, TRACE_KEY_SRC);
        const char *n = conform_trace_get(ev, TRACE_KEY_NAME);
        if (s && n && strcmp(s, src) == 0 && strcmp(n, name) == 0) return ev;
    }
    return NULL;
}

static int64_t first_call_event(const conform_trace *t, const char *kind, const char *call,
                                unsigned op)
{
    for (size_t i = 0; i < t->n_events; i++) {
        const conform_trace_event *ev = &t->events[i];
        const char *c = conform_trace_get(ev, TRACE_KEY_CALL);
        if (strcmp(ev->kind, kind) != 0 || c == NULL || strcmp(c, call) != 0) continue;
        if (conform_trace_get(ev, TRACE_KEY_OP) != NULL && !conform_expect_event_op(ev, op))
            continue;
        return (int64_t)ev->t_us;
    }
    return -1;
}

int64_t conform_expect_time_point(const conform_expect_ctx *x, const char *point, unsigned op)
{
    const conform_trace *t = x->in->trace;
    if (point == NULL || strcmp(point, "invoke") == 0)
        return first_call_event(t, TRACE_EV_ENTER, TRACE_CALL_INVOKE, op);
    if (strcmp(point, "final") == 0) {
        long i = conform_expect_final(x, op);
        return i < 0 ? -1 : (int64_t)t->events[i].t_us;
    }
    if (strncmp(point, "enter:", 6) == 0) return first_call_event(t, TRACE_EV_ENTER, point + 6, op);
    if (strncmp(point, "leave:", 6) == 0) return first_call_event(t, TRACE_EV_LEAVE, point + 6, op);
    if (strcmp(point, "request") == 0)
        for (size_t i = 0; i < x->in->n_journal; i++)
            if (x->in->journal[i].kind == MOCK_EV_REQUEST)
                return (int64_t)(x->in->journal_base_us + x->in->journal[i].t_us);
    return -1;
}

int conform_expect_contains_nocase(const char *hay, const char *needle)
{
    if (hay == NULL || needle == NULL) return 0;
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0) return 1;
    return n == 0;
}

/* ---------------------------------------------------------------- the driver's waits */

static const char *step_name(const char *what)
{
    if (strcmp(what, TRACE_WAIT_FINAL) == 0) return "wait-final";
    if (strcmp(what, TRACE_WAIT_JOIN) == 0) return "join";
    if (strcmp(what, TRACE_WAIT_SESSION_CLOSED) == 0) return "wait-session-closed";
    if (conform_trace_journal_index(what) == MOCK_EV_REQUEST) return "wait-request";
    return "wait-journal";
}

/* One wait of the driver that ran out. A wait marked given is the row's situation (without
 * the request in flight there is nothing to cancel: waits for the mock are given by default);
 * another is what the implementation owed; one in teardown is neither. */
static void judge_timeout(conform_expect_ctx *x, const conform_trace_event *ev, int in_teardown)
{
    const char *what = conform_trace_get(ev, TRACE_KEY_WHAT);
    if (what == NULL) return;
    long long line = conform_trace_get_num(ev, TRACE_KEY_LINE, 0);
    double secs = (double)conform_trace_get_num(ev, TRACE_KEY_MS, 0) / 1000.0;
    long long op = conform_trace_get_num(ev, TRACE_KEY_OP, 0);
    char where[400], at[300], text[1200];
    if (in_teardown) snprintf(where, sizeof where, "teardown");
    else if (line > 0) {
        where_in_table(x, line, at, sizeof at);
        snprintf(where, sizeof where, "%s: %s", at, step_name(what));
    }
    else snprintf(where, sizeof where, "collecting the result");
    int for_mock = conform_trace_journal_index(what) >= 0;
    int given = conform_trace_get_num(ev, TRACE_KEY_GIVEN, for_mock) == 1;
    if (strcmp(what, TRACE_WAIT_JOIN) == 0)
        snprintf(text, sizeof text, "%s: op %lld: the drain on another thread did not finish "
                 "within %.1f s", where, op, secs);
    else if (strcmp(what, TRACE_WAIT_FINAL) == 0)
        snprintf(text, sizeof text, "%s: op %lld: no final result within %.1f s", where, op, secs);
    else if (strcmp(what, TRACE_WAIT_SESSION_CLOSED) == 0)
        snprintf(text, sizeof text, "%s: the session's completion callback did not come within %.1f s",
                 where, secs);
    else if (conform_trace_journal_index(what) == MOCK_EV_REQUEST)
        snprintf(text, sizeof text, "%s: no request reached the mock server within %.1f s", where, secs);
    else
        snprintf(text, sizeof text, "%s: no '%s' in the mock's journal within %.1f s", where, what, secs);
    char **list = in_teardown ? &x->out->teardown : given ? &x->out->given : &x->out->stalls;
    size_t *count = in_teardown ? &x->out->teardown_stalled
                    : given     ? &x->out->unmet_given
                                : &x->out->stalled;
    (*count)++;
    if (append_line(list, text) != 0) x->oom = 1;
}

static void judge_timeouts(conform_expect_ctx *x)
{
    int in_teardown = 0;
    for (size_t i = 0; i < x->in->trace->n_events; i++) {
        const conform_trace_event *ev = &x->in->trace->events[i];
        if (strcmp(ev->kind, TRACE_EV_PHASE) == 0) in_teardown = 1;
        else if (strcmp(ev->kind, TRACE_EV_TIMEOUT) == 0) judge_timeout(x, ev, in_teardown);
    }
}

size_t conform_expect_request_count(const conform_expect_input *in)
{
    size_t n = 0;
    for (size_t i = 0; i < in->n_journal; i++)
        if (in->journal[i].kind == MOCK_EV_REQUEST) n++;
    return n;
}

static void judge_reach(conform_expect_ctx *x)
{
    size_t n = conform_expect_request_count(x->in);
    char text[256];
    if (x->in->spec->reaches_server == CONFORM_REACH_YES && n == 0) {
        snprintf(text, sizeof text, "reaches-server: no request reached the mock server, and "
                                    "the row needs one");
        x->out->unmet_given++;
        if (append_line(&x->out->given, text) != 0) x->oom = 1;
    } else if (x->in->spec->reaches_server == CONFORM_REACH_NO && n > 0) {
        snprintf(text, sizeof text, "reaches-server: %zu request(s) reached the mock server, "
                                    "expected none", n);
        x->out->failed++;
        if (x->out->message == NULL && (x->out->message = strdup(text)) == NULL) x->oom = 1;
        if (append_line(&x->out->details, text) != 0) x->oom = 1;
    }
}

/* ---------------------------------------------------------------- judging */

int conform_expect_judge(const conform_expect_input *in, conform_expect_report *out)
{
    memset(out, 0, sizeof *out);
    conform_expect_ctx x = {in, out, NULL, 0, NULL, 0};
    index_finals(&x);
    judge_reach(&x);
    judge_timeouts(&x);
    for (size_t i = 0; i < in->spec->n_expects; i++) {
        x.e = &in->spec->expects[i];
        switch (x.e->kind) {
        case CONFORM_EXPECT_REQUESTS:
        case CONFORM_EXPECT_HEADER:
        case CONFORM_EXPECT_XPATH:
        case CONFORM_EXPECT_JOURNAL: conform_expect_wire(&x); break;
        default: conform_expect_api(&x); break;
        }
    }
    free(x.finals);
    return x.oom ? -1 : 0;
}

void conform_expect_report_clear(conform_expect_report *r)
{
    free(r->message);
    free(r->details);
    free(r->given);
    free(r->stalls);
    free(r->teardown);
    free(r->observed);
    memset(r, 0, sizeof *r);
}

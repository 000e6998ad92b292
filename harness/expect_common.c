/*
 * expect_common - what every judge uses: recording findings and observations, and looking
 * things up in the trace and the journal.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness/expect_int.h"

int conform_expect_add_line(char **buf, const char *line)
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

void conform_expect_where(const conform_expect_ctx *x, long long line, char *buf, size_t len)
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
    conform_expect_where(x, x->e->line, where, sizeof where);
    snprintf(line, sizeof line, "%s: %s: %s", where, x->kind_name, msg);
    if (x->e->given) {
        x->out->unmet_given++;
        if (conform_expect_add_line(&x->out->given, line) != 0) x->oom = 1;
        return;
    }
    x->out->failed++;
    if (x->out->message == NULL && (x->out->message = strdup(line)) == NULL) x->oom = 1;
    if (conform_expect_add_line(&x->out->details, line) != 0) x->oom = 1;
}

void conform_expect_observe(conform_expect_ctx *x, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (conform_expect_add_line(&x->out->observed, msg) != 0) x->oom = 1;
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

static long final_index(const conform_trace *t, unsigned op)
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
    if (x->finals == NULL) return final_index(x->in->trace, op);
    return op < x->n_finals ? x->finals[op] : -1;
}

void conform_expect_index_finals(conform_expect_ctx *x)
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

const char *conform_expect_field_or(const conform_trace_event *ev, const char *key,
                                    const char *dflt)
{
    const char *v = conform_trace_get(ev, key);
    return v ? v : dflt;
}

/* ---------------------------------------------------------------- the journal */

size_t conform_expect_request_count(const conform_expect_input *in)
{
    size_t n = 0;
    for (size_t i = 0; i < in->n_journal; i++)
        if (in->journal[i].kind == MOCK_EV_REQUEST) n++;
    return n;
}

const mock_event *conform_expect_nth_request(const conform_expect_input *in, unsigned nth)
{
    unsigned n = 0;
    for (size_t i = 0; i < in->n_journal; i++)
        if (in->journal[i].kind == MOCK_EV_REQUEST && ++n == nth) return &in->journal[i];
    return NULL;
}

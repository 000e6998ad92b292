/*
 * expect_observe - <observe what="..."/>: an INFO row records what it saw (the final result,
 * the outputs, every API call, the requests) and never fails.
 */
#include <stdio.h>
#include <string.h>

#include "harness/expect_int.h"

static void observe_final(conform_expect_ctx *x, unsigned op)
{
    const conform_trace *t = x->in->trace;
    long i = conform_expect_final(x, op);
    if (i < 0) { conform_expect_observe(x, "op %u: no final result", op); return; }
    const conform_trace_event *ev = &t->events[i];
    long long code = conform_trace_get_num(ev, TRACE_KEY_CODE, -1);
    conform_expect_observe(x, "op %u: final %s (%lld) errorString '%s' errorDetails %s", op,
                           conform_case_result_name((int)code), code,
                           conform_expect_field_or(ev, TRACE_KEY_ERRSTR, ""),
                           conform_expect_field_or(ev, TRACE_KEY_ERRCLASS, "none"));
}

static void observe_outputs(conform_expect_ctx *x, unsigned op)
{
    const conform_trace *t = x->in->trace;
    long at = conform_expect_final(x, op);
    char line[2048];
    int n = snprintf(line, sizeof line, "op %u: outputs", op);
    for (size_t i = (size_t)(at + 1); at >= 0 && i < t->n_events; i++) {
        const conform_trace_event *ev = &t->events[i];
        if (strcmp(ev->kind, TRACE_EV_VALUE) != 0 || ev->tid != t->events[at].tid) break;
        if (n < (int)sizeof line)
            n += snprintf(line + n, sizeof line - (size_t)n, " %s:%s",
                          conform_expect_field_or(ev, TRACE_KEY_NAME, "?"),
                          conform_expect_field_or(ev, TRACE_KEY_TYPE, "?"));
    }
    conform_expect_observe(x, "%s", line);
}

static void observe_calls(conform_expect_ctx *x, unsigned op)
{
    (void)op; /* every call of the run */
    for (size_t i = 0; i < x->in->trace->n_events; i++) {
        const conform_trace_event *ev = &x->in->trace->events[i];
        if (strcmp(ev->kind, TRACE_EV_LEAVE) == 0)
            conform_expect_observe(x, "%s op %s -> %s",
                                   conform_expect_field_or(ev, TRACE_KEY_CALL, "?"),
                                   conform_expect_field_or(ev, TRACE_KEY_OP, "-"),
                                   conform_expect_field_or(ev, TRACE_KEY_RESULT, "(void)"));
    }
}

/* The journal's side: how many requests, and what the first one asked for. */
static void observe_requests(conform_expect_ctx *x, unsigned op)
{
    (void)op; /* the requests of the run */
    size_t n = conform_expect_request_count(x->in);
    const mock_event *r = conform_expect_nth_request(x->in, 1);
    conform_expect_observe(x, "requests: %zu; first: class %s method %s namespace %s", n,
                           r && r->class_name ? r->class_name : "-",
                           r && r->method ? r->method : "-",
                           r && r->namespace_name ? r->namespace_name : "-");
}

/* What an <observe> element can ask for (cases.xsd). */
static const struct {
    const char *what;
    void (*observe)(conform_expect_ctx *x, unsigned op);
} observations[] = {
    {"final", observe_final},
    {"outputs", observe_outputs},
    {"calls", observe_calls},
    {"requests", observe_requests},
};

void conform_expect_judge_observe(conform_expect_ctx *x)
{
    const char *what = x->e->what ? x->e->what : "final";
    unsigned op = conform_expect_op_first(x);
    for (size_t i = 0; i < sizeof observations / sizeof observations[0]; i++)
        if (strcmp(what, observations[i].what) == 0) {
            observations[i].observe(x, op);
            return;
        }
}

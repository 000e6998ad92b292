/*
 * expect_judge - the judging loop: every expectation through its kind's judge (expect_kinds.c),
 * the driver's waits that ran out, the row's reaches-server; and the report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/actions.h"
#include "harness/expect_int.h"

/* ---------------------------------------------------------------- the driver's waits */

/* The step whose wait ran out, by the name the row gave it (actions.c). */
static const char *step_name(const char *what)
{
    conform_case_step_kind kind = CONFORM_STEP_WAIT_JOURNAL;
    if (strcmp(what, TRACE_WAIT_FINAL) == 0) kind = CONFORM_STEP_WAIT_FINAL;
    else if (strcmp(what, TRACE_WAIT_JOIN) == 0) kind = CONFORM_STEP_JOIN;
    else if (strcmp(what, TRACE_WAIT_SESSION_CLOSED) == 0) kind = CONFORM_STEP_WAIT_SESSION_CLOSED;
    else if (conform_trace_journal_index(what) == MOCK_EV_REQUEST) kind = CONFORM_STEP_WAIT_REQUEST;
    return conform_step_kind_of(kind)->name;
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
        conform_expect_where(x, line, at, sizeof at);
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
        snprintf(text, sizeof text,
                 "%s: the session's completion callback did not come within %.1f s", where, secs);
    else if (conform_trace_journal_index(what) == MOCK_EV_REQUEST)
        snprintf(text, sizeof text, "%s: no request reached the mock server within %.1f s", where,
                 secs);
    else
        snprintf(text, sizeof text, "%s: no '%s' in the mock's journal within %.1f s", where, what,
                 secs);
    char **list = in_teardown ? &x->out->teardown : given ? &x->out->given : &x->out->stalls;
    size_t *count = in_teardown ? &x->out->teardown_stalled
                    : given     ? &x->out->unmet_given
                                : &x->out->stalled;
    (*count)++;
    if (conform_expect_add_line(list, text) != 0) x->oom = 1;
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

static void judge_reach(conform_expect_ctx *x)
{
    size_t n = conform_expect_request_count(x->in);
    char text[256];
    if (x->in->spec->reaches_server == CONFORM_REACH_YES && n == 0) {
        snprintf(text, sizeof text, "reaches-server: no request reached the mock server, and "
                                    "the row needs one");
        x->out->unmet_given++;
        if (conform_expect_add_line(&x->out->given, text) != 0) x->oom = 1;
    } else if (x->in->spec->reaches_server == CONFORM_REACH_NO && n > 0) {
        snprintf(text, sizeof text, "reaches-server: %zu request(s) reached the mock server, "
                                    "expected none", n);
        x->out->failed++;
        if (x->out->message == NULL && (x->out->message = strdup(text)) == NULL) x->oom = 1;
        if (conform_expect_add_line(&x->out->details, text) != 0) x->oom = 1;
    }
}

/* ---------------------------------------------------------------- judging */

int conform_expect_judge(const conform_expect_input *in, conform_expect_report *out)
{
    memset(out, 0, sizeof *out);
    conform_expect_ctx x = {in, out, NULL, NULL, 0, NULL, 0};
    conform_expect_index_finals(&x);
    judge_reach(&x);
    judge_timeouts(&x);
    for (size_t i = 0; i < in->spec->n_expects; i++) {
        const conform_expect_kind_info *kind = conform_expect_kind_of(in->spec->expects[i].kind);
        x.e = &in->spec->expects[i];
        x.kind_name = kind->name;
        kind->judge(&x);
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

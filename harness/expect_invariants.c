/*
 * expect_invariants - the verdict under fault injection (--inject alloc, --inject net).
 *
 * A failed allocation or a perturbed answer legitimately changes what the implementation
 * answers, so the row's own expectations are not judged. What must hold whatever was
 * injected: every operation that can get a final result gets exactly one, its code is a
 * known MI_Result (OK or an error such as FAILED or SERVER_LIMITS_EXCEEDED), and nothing is
 * delivered to the operation after it. Crashes and hangs are found by the runner, leaks by
 * the interposer's live count (alloc) - neither is visible in a trace.
 *
 * One pass over the trace: soak rows have 10,000 operations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/expect.h"

/* MI_RESULT_SERVER_IS_SHUTTING_DOWN: the last code mi.h knows. */
#define INVARIANT_MAX_RESULT 28

typedef struct op_seen {
    int invoked;       /* an "enter Invoke" */
    int handle;        /* Invoke left an operation handle (sync results are pulled) */
    unsigned finals;   /* final results delivered */
    long long code;    /* the first final's code */
    unsigned late;     /* callbacks after the first final */
    const char *late_cb;
    int timed_out;     /* the driver's bounded wait for the final ran out */
} op_seen;

/* Records one broken invariant: "invariant: op N: problem". */
static void fail_line(conform_expect_report *out, int *oom, unsigned op, const char *problem)
{
    char line[512];
    snprintf(line, sizeof line, "invariant: op %u: %s", op, problem);
    out->failed++;
    if (out->message == NULL && (out->message = strdup(line)) == NULL) *oom = 1;
    size_t old = out->details ? strlen(out->details) : 0, add = strlen(line);
    char *t = realloc(out->details, old + add + 2);
    if (t == NULL) {
        *oom = 1;
        return;
    }
    memcpy(t + old, line, add);
    t[old + add] = '\n';
    t[old + add + 1] = '\0';
    out->details = t;
}

static unsigned max_op(const conform_trace *t)
{
    unsigned n = 0;
    for (size_t i = 0; i < t->n_events; i++) {
        long long op = conform_trace_get_num(&t->events[i], TRACE_KEY_OP, 0);
        if (op > (long long)n && op < 10000000) n = (unsigned)op;
    }
    return n;
}

static int is_call(const conform_trace_event *ev, const char *kind, const char *call)
{
    const char *c = conform_trace_get(ev, TRACE_KEY_CALL);
    return strcmp(ev->kind, kind) == 0 && c != NULL && strcmp(c, call) == 0;
}

/* A final result: instanceResult with more=0, or an OK GetInstance with more=0. */
static int is_final(const conform_trace_event *ev)
{
    if (strcmp(ev->kind, TRACE_EV_CALLBACK) == 0) {
        const char *cb = conform_trace_get(ev, TRACE_KEY_CB);
        return cb != NULL && strcmp(cb, TRACE_CB_INSTANCE_RESULT) == 0 &&
               conform_trace_get_num(ev, TRACE_KEY_MORE, 1) == 0;
    }
    return is_call(ev, TRACE_EV_LEAVE, TRACE_CALL_GET_INSTANCE) &&
           conform_trace_get_num(ev, TRACE_KEY_RESULT, -1) == 0 &&
           conform_trace_get_num(ev, TRACE_KEY_MORE, 1) == 0;
}

static void see_event(op_seen *o, const conform_trace_event *ev)
{
    if (is_call(ev, TRACE_EV_ENTER, TRACE_CALL_INVOKE)) o->invoked = 1;
    if (is_call(ev, TRACE_EV_LEAVE, TRACE_CALL_INVOKE))
        o->handle = conform_trace_get_num(ev, TRACE_KEY_HANDLE, 0) == 1;
    if (strcmp(ev->kind, TRACE_EV_TIMEOUT) == 0) o->timed_out = 1;
    int cb = strcmp(ev->kind, TRACE_EV_CALLBACK) == 0;
    if (cb && o->finals > 0 && o->late++ == 0) o->late_cb = conform_trace_get(ev, TRACE_KEY_CB);
    if (!is_final(ev)) return;
    if (o->finals == 0) o->code = conform_trace_get_num(ev, TRACE_KEY_CODE, -1);
    /* SYN-3: a GetInstance after the final result repeats it; only callbacks count twice. */
    if (o->finals == 0 || cb) o->finals++;
}

/* Whether op must have had a final: async rows always (the callback is the only way), sync
 * rows when Invoke gave a handle to pull it from. A NULL operation without callbacks has
 * nowhere to deliver one. */
static int final_due(const conform_expect_input *in, const op_seen *o)
{
    return o->invoked && (in->spec->call.callbacks.instance_result || o->handle);
}

static void judge_op(const conform_expect_input *in, conform_expect_report *out, int *oom,
                     unsigned op, const op_seen *o)
{
    char why[256];
    if (o->finals == 0 && final_due(in, o))
        fail_line(out, oom, op, o->timed_out ? "no final result (the driver's wait for it ran out)"
                                             : "no final result");
    if (o->finals > 1) {
        snprintf(why, sizeof why, "%u final results, expected exactly one", o->finals);
        fail_line(out, oom, op, why);
    }
    if (o->finals > 0 && (o->code < 0 || o->code > INVARIANT_MAX_RESULT)) {
        snprintf(why, sizeof why, "final result code %lld is not an MI_Result", o->code);
        fail_line(out, oom, op, why);
    }
    if (o->late > 0) {
        snprintf(why, sizeof why, "%s callback after the final result (%u in all)",
                 o->late_cb ? o->late_cb : "?", o->late);
        fail_line(out, oom, op, why);
    }
}

int conform_expect_invariants(const conform_expect_input *in, conform_expect_report *out)
{
    memset(out, 0, sizeof *out);
    const conform_trace *t = in->trace;
    unsigned n = max_op(t);
    op_seen *ops = calloc((size_t)n + 1, sizeof *ops);
    if (ops == NULL) return -1;
    for (size_t i = 0; i < t->n_events; i++) {
        long long op = conform_trace_get_num(&t->events[i], TRACE_KEY_OP, 0);
        if (op > 0 && op <= (long long)n) see_event(&ops[op], &t->events[i]);
    }
    int oom = 0;
    for (unsigned op = 1; op <= n; op++) judge_op(in, out, &oom, op, &ops[op]);
    free(ops);
    return oom ? -1 : 0;
}

/*
 * expect_api - expectations about what the implementation did at the API: final results,
 * errors, outputs, callbacks, their order, the calls' results and durations.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/expect_int.h"

static int code_ok(conform_expect_code_mode mode, int want, long long got)
{
    if (mode == CONFORM_CODE_EXACT) return got == want;
    if (mode == CONFORM_CODE_NON_OK) return got != 0;
    return 1;
}

static const char *want_text(conform_expect_code_mode mode, int want)
{
    return mode == CONFORM_CODE_NON_OK ? "non-OK" : conform_case_result_name(want);
}

/* Why there is no final: the driver said so when its bounded wait ran out. */
static const char *no_final_reason(const conform_trace *t, unsigned op)
{
    for (size_t i = 0; i < t->n_events; i++)
        if (strcmp(t->events[i].kind, TRACE_EV_TIMEOUT) == 0 &&
            conform_expect_event_op(&t->events[i], op))
            return " (the driver's wait for it ran out)";
    return "";
}

/* ---------------------------------------------------------------- final */

static void check_within(conform_expect_ctx *x, unsigned op, int64_t at, const char *what)
{
    const conform_case_expect *e = x->e;
    if (!e->within.set) return;
    int64_t from = conform_expect_time_point(x, e->from, op);
    if (from < 0) {
        conform_expect_fail(x, "op %u: no '%s' to count %s's time from", op,
                            e->from ? e->from : "invoke", what);
        return;
    }
    if (at < from) { /* a bound from an event that came later proves nothing */
        conform_expect_fail(x, "op %u: %s came %.3f s before %s, which its bound counts from",
                            op, what, (double)(from - at) / 1e6, e->from ? e->from : "invoke");
        return;
    }
    uint64_t bound = conform_case_bound_us(&e->within, x->in->timeout_scale);
    if (at - from > (int64_t)bound)
        conform_expect_fail(x, "op %u: %s after %.3f s, bound %s = %.3f s (from %s)", op, what,
                            (double)(at - from) / 1e6, e->within.text, (double)bound / 1e6,
                            e->from ? e->from : "invoke");
}

static void final_one(conform_expect_ctx *x, unsigned op)
{
    const conform_trace *t = x->in->trace;
    long i = conform_expect_final(x, op);
    if (i < 0) {
        conform_expect_fail(x, "op %u: no final result%s", op, no_final_reason(t, op));
        return;
    }
    const conform_trace_event *ev = &t->events[i];
    long long code = conform_trace_get_num(ev, TRACE_KEY_CODE, -1);
    if (!code_ok(x->e->code_mode, x->e->code, code))
        conform_expect_fail(x, "op %u: final result %s (%lld), expected %s; errorString '%s'", op,
                            conform_case_result_name((int)code), code,
                            want_text(x->e->code_mode, x->e->code),
                            conform_expect_field_or(ev, TRACE_KEY_ERRSTR, ""));
    check_within(x, op, (int64_t)ev->t_us, "final result");
}

void conform_expect_judge_final(conform_expect_ctx *x)
{
    unsigned first = conform_expect_op_first(x), last = conform_expect_op_last(x);
    if (x->e->op == UINT32_MAX && x->in->spec->call.repeat > 1) {
        unsigned expected = (unsigned)conform_case_scaled(x->in->spec->call.repeat, x->in->scale);
        if (last != expected)
            conform_expect_fail(x, "%u operations invoked, expected %u", last, expected);
    }
    for (unsigned op = first; op <= last; op++) final_one(x, op);
}

void conform_expect_judge_final_once(conform_expect_ctx *x)
{
    const conform_trace *t = x->in->trace;
    for (unsigned op = conform_expect_op_first(x), last = conform_expect_op_last(x);
         op <= last; op++) {
        long fin = conform_expect_final(x, op);
        if (fin < 0) {
            conform_expect_fail(x, "op %u: no final result%s", op, no_final_reason(t, op));
            continue;
        }
        /* sync: SYN-3's business */
        if (strcmp(t->events[fin].kind, TRACE_EV_CALLBACK) != 0) continue;
        size_t finals = 0, after = 0;
        const char *late = NULL;
        for (size_t i = 0; i < t->n_events; i++) {
            const conform_trace_event *ev = &t->events[i];
            if (strcmp(ev->kind, TRACE_EV_CALLBACK) != 0 || !conform_expect_event_op(ev, op))
                continue;
            const char *cb = conform_trace_get(ev, TRACE_KEY_CB);
            if (cb && strcmp(cb, TRACE_CB_INSTANCE_RESULT) == 0 &&
                conform_trace_get_num(ev, TRACE_KEY_MORE, 1) == 0)
                finals++;
            if ((long)i > fin && after++ == 0) late = cb;
        }
        if (finals != 1)
            conform_expect_fail(x, "op %u: %zu final results, expected exactly one", op, finals);
        if (after > 0)
            conform_expect_fail(x, "op %u: %zu callback(s) after the final one (first: %s)", op,
                                after, late ? late : "?");
    }
}

/* ---------------------------------------------------------------- errors */

void conform_expect_judge_error_string(conform_expect_ctx *x)
{
    unsigned op = conform_expect_op_first(x);
    long i = conform_expect_final(x, op);
    if (i < 0) { conform_expect_fail(x, "op %u: no final result", op); return; }
    const char *s = conform_trace_get(&x->in->trace->events[i], TRACE_KEY_ERRSTR);
    if (x->e->absent) {
        if (s != NULL) conform_expect_fail(x, "op %u: errorString '%s', expected none", op, s);
        return;
    }
    if (s == NULL) conform_expect_fail(x, "op %u: no errorString", op);
    else if (x->e->contains && !conform_expect_contains_nocase(s, x->e->contains))
        conform_expect_fail(x, "op %u: errorString '%s' does not contain '%s'", op, s,
                            x->e->contains);
}

void conform_expect_judge_error_details(conform_expect_ctx *x)
{
    const conform_case_expect *e = x->e;
    unsigned op = conform_expect_op_first(x);
    long i = conform_expect_final(x, op);
    if (i < 0) { conform_expect_fail(x, "op %u: no final result", op); return; }
    const char *cls = conform_trace_get(&x->in->trace->events[i], TRACE_KEY_ERRCLASS);
    if (e->absent) {
        if (cls != NULL) conform_expect_fail(x, "op %u: errorDetails %s, expected none", op, cls);
        return;
    }
    if (cls == NULL) { conform_expect_fail(x, "op %u: no errorDetails instance", op); return; }
    if (e->class_name && strcmp(cls, e->class_name) != 0)
        conform_expect_fail(x, "op %u: errorDetails class %s, expected %s", op, cls, e->class_name);
    if (e->property == NULL) return;
    const conform_trace_event *v =
        conform_expect_block_value(x->in->trace, i, TRACE_SRC_ERROR, e->property);
    const char *text = v ? conform_trace_get(v, TRACE_KEY_VALUE) : NULL;
    if (text == NULL)
        conform_expect_fail(x, "op %u: errorDetails has no %s", op, e->property);
    else if (e->equals && strcasecmp(text, e->equals) != 0)
        conform_expect_fail(x, "op %u: errorDetails %s = '%s', expected '%s'", op, e->property,
                            text, e->equals);
    else if (e->contains && !conform_expect_contains_nocase(text, e->contains))
        conform_expect_fail(x, "op %u: errorDetails %s = '%s' does not contain '%s'", op,
                            e->property, text, e->contains);
}

/* ---------------------------------------------------------------- outputs */

static int same_scalar(MI_Type type, const char *want, const char *got)
{
    MI_Type scalar = (MI_Type)(type & ~MI_ARRAY);
    if (scalar == MI_REAL32 || scalar == MI_REAL64) {
        double a = strtod(want, NULL), b = strtod(got, NULL);
        double tol = scalar == MI_REAL32 ? 1e-6 : 1e-12;
        return a == b || fabs(a - b) <= tol * fmax(fabs(a), fabs(b));
    }
    return strcmp(want, got) == 0;
}

static void compare_items(conform_expect_ctx *x, unsigned op, const conform_trace_event *v)
{
    const conform_case_value *want = &x->e->value;
    char **items = NULL;
    size_t n = 0;
    const char *got = conform_trace_get(v, TRACE_KEY_ITEMS);
    if (conform_trace_split_items(got, &items, &n) != 0) x->oom = 1;
    if (n != want->n_items)
        conform_expect_fail(x, "op %u: %s has %zu elements, expected %zu", op, x->e->name, n,
                            want->n_items);
    for (size_t i = 0; i < n && i < want->n_items; i++)
        if (!same_scalar(want->type, want->items[i], items[i])) {
            conform_expect_fail(x, "op %u: %s[%zu] = '%s', expected '%s'", op, x->e->name, i,
                                items[i], want->items[i]);
            break;
        }
    for (size_t i = 0; i < n; i++) free(items[i]);
    free(items);
}

static void compare_value(conform_expect_ctx *x, unsigned op, const conform_trace_event *v)
{
    const conform_case_value *want = &x->e->value;
    int is_null = conform_trace_get_num(v, TRACE_KEY_NULL, 0) == 1;
    if (want->is_null || is_null) {
        if (want->is_null != is_null)
            conform_expect_fail(x, "op %u: %s is %sNULL, expected %sNULL", op, x->e->name,
                                is_null ? "" : "not ", want->is_null ? "" : "not ");
        return;
    }
    if (want->type & MI_ARRAY) { compare_items(x, op, v); return; }
    const char *got = conform_trace_get(v, TRACE_KEY_VALUE);
    if (got == NULL) got = "";
    if (!same_scalar(want->type, want->items[0], got))
        conform_expect_fail(x, "op %u: %s = '%s', expected '%s'", op, x->e->name, got,
                            want->items[0]);
}

static void output_one(conform_expect_ctx *x, unsigned op)
{
    const conform_case_expect *e = x->e;
    long i = conform_expect_final(x, op);
    if (i < 0) { conform_expect_fail(x, "op %u: no final result", op); return; }
    const conform_trace_event *v =
        conform_expect_block_value(x->in->trace, i, TRACE_SRC_FINAL, e->name);
    if (e->absent) {
        if (v != NULL)
            conform_expect_fail(x, "op %u: output %s present, expected absent", op, e->name);
        return;
    }
    if (v == NULL) {
        conform_expect_fail(x, "op %u: no output %s in the final instance", op, e->name);
        return;
    }
    const char *type = conform_trace_get(v, TRACE_KEY_TYPE);
    if (e->has_type && (type == NULL || strcmp(type, conform_case_type_name(e->type)) != 0))
        conform_expect_fail(x, "op %u: output %s has type %s, expected %s", op, e->name,
                            type ? type : "?", conform_case_type_name(e->type));
    if (e->has_value) compare_value(x, op, v);
}

void conform_expect_judge_output(conform_expect_ctx *x)
{
    for (unsigned op = conform_expect_op_first(x), last = conform_expect_op_last(x);
         op <= last; op++)
        output_one(x, op);
}

/* ---------------------------------------------------------------- callbacks and order */

/* arg/equals: a traced argument of the nth call (0: of every call), e.g. writeMessage's
 * channel or promptUser's message (PSS-1). */
static void check_callback_arg(conform_expect_ctx *x, unsigned op, int count,
                               const conform_trace_event *ev)
{
    const conform_case_expect *e = x->e;
    if (e->arg == NULL || (e->nth != 0 && e->nth != (unsigned)count)) return;
    const char *got = conform_trace_get(ev, e->arg);
    if (got == NULL || strcmp(got, e->equals) != 0)
        conform_expect_fail(x, "op %u: %s #%d: %s = '%s', expected '%s'", op, e->name, count,
                            e->arg, got ? got : "(absent)", e->equals);
}

void conform_expect_judge_callback(conform_expect_ctx *x)
{
    const conform_case_expect *e = x->e;
    for (unsigned op = conform_expect_op_first(x), last = conform_expect_op_last(x);
         op <= last; op++) {
        int count = 0, bad_ctx = 0, bad_ack = 0;
        for (size_t i = 0; i < x->in->trace->n_events; i++) {
            const conform_trace_event *ev = &x->in->trace->events[i];
            const char *cb = conform_trace_get(ev, TRACE_KEY_CB);
            if (strcmp(ev->kind, TRACE_EV_CALLBACK) != 0 || cb == NULL || strcmp(cb, e->name) != 0)
                continue;
            if (strcmp(e->name, TRACE_CB_SESSION_CLOSED) != 0 && !conform_expect_event_op(ev, op))
                continue;
            count++;
            check_callback_arg(x, op, count, ev);
            const char *ctx = conform_trace_get(ev, TRACE_KEY_CTX);
            if (ctx == NULL || strcmp(ctx, TRACE_CTX_OK) != 0) bad_ctx++;
            if (e->ack >= 0 && conform_trace_get_num(ev, TRACE_KEY_ACK, -1) != e->ack) bad_ack++;
        }
        if (e->min >= 0 && count < e->min)
            conform_expect_fail(x, "op %u: %s called %d time(s), expected at least %d", op, e->name,
                                count, e->min);
        if (e->max >= 0 && count > e->max)
            conform_expect_fail(x, "op %u: %s called %d time(s), expected at most %d", op, e->name,
                                count, e->max);
        if (e->ctx_unchanged && bad_ctx)
            conform_expect_fail(x, "op %u: %d %s call(s) with a callbackContext other than "
                                   "the one given", op, bad_ctx, e->name);
        if (bad_ack)
            conform_expect_fail(x, "op %u: %d %s call(s) with a resultAcknowledgement that is %s",
                                op, bad_ack, e->name, e->ack ? "NULL" : "not NULL");
        if (e->arg != NULL && e->nth > (unsigned)count)
            conform_expect_fail(x, "op %u: %s called %d time(s), expected a #%u", op, e->name,
                                count, e->nth);
    }
}

/* Pattern words: NAME (exactly one) or NAME* (any number, fewest first). A star is matched
 * by a loop, not by recursion per event, so a stream of 200,000 callbacks costs no stack; the
 * recursion depth is the number of stars in the pattern. */
static int order_match(char **pat, size_t np, char **seq, size_t ns)
{
    while (np > 0) {
        size_t len = strlen(pat[0]);
        if (len == 0 || pat[0][len - 1] != '*') {
            if (ns == 0 || strcmp(pat[0], seq[0]) != 0) return 0;
            pat++, np--, seq++, ns--;
            continue;
        }
        for (;; seq++, ns--) {
            if (order_match(pat + 1, np - 1, seq, ns)) return 1;
            if (ns == 0 || strncmp(pat[0], seq[0], len - 1) != 0 || seq[0][len - 1] != '\0')
                return 0;
        }
    }
    return ns == 0;
}

/* The observed sequence for a failure message, runs folded ("streamedParameterResult x19999"),
 * so a long stream still shows where it went wrong. */
static void order_describe(char **seq, size_t ns, char *out, size_t len)
{
    out[0] = '\0';
    for (size_t i = 0; i < ns;) {
        size_t run = 1;
        while (i + run < ns && strcmp(seq[i], seq[i + run]) == 0) run++;
        size_t l = strlen(out);
        if (run > 1)
            snprintf(out + l, len - l, "%s%s x%zu", l ? " " : "", seq[i], run);
        else
            snprintf(out + l, len - l, "%s%s", l ? " " : "", seq[i]);
        i += run;
    }
}

static int in_pattern(char **pat, size_t np, const char *name)
{
    for (size_t i = 0; i < np; i++) {
        size_t len = strlen(pat[i]);
        if (len > 0 && pat[i][len - 1] == '*') len--;
        if (strlen(name) == len && strncmp(pat[i], name, len) == 0) return 1;
    }
    return 0;
}

/* The name an event has in an order pattern: a callback's name, an API call's name when it
 * is entered, "leave:CALL" when it returns (a close that must outlast others, SES-2/5). */
static const char *order_name(const conform_trace_event *ev, char *buf, size_t len)
{
    if (strcmp(ev->kind, TRACE_EV_CALLBACK) == 0) return conform_trace_get(ev, TRACE_KEY_CB);
    const char *call = conform_trace_get(ev, TRACE_KEY_CALL);
    if (call == NULL) return NULL;
    if (strcmp(ev->kind, TRACE_EV_ENTER) == 0) return call;
    if (strcmp(ev->kind, TRACE_EV_LEAVE) != 0) return NULL;
    snprintf(buf, len, "leave:%s", call);
    return buf;
}

/* Events of the operation, and those of no operation (session and application calls, the
 * session's completion callback), which the operation's story may need. */
static int order_event_of(const conform_trace_event *ev, unsigned op)
{
    long long n = conform_trace_get_num(ev, TRACE_KEY_OP, 0);
    return n == 0 || n == (long long)op;
}

void conform_expect_judge_order(conform_expect_ctx *x)
{
    char *copy = strdup(x->e->expr ? x->e->expr : ""), *save = NULL;
    size_t n = x->in->trace->n_events;
    char **seq = calloc(n + 1, sizeof *seq);
    char (*names)[48] = calloc(n + 1, sizeof *names);
    char *pat[64], seen[1024];
    size_t np = 0, ns = 0;
    if (copy == NULL || seq == NULL || names == NULL) {
        conform_expect_fail(x, "order: out of memory");
        goto done;
    }
    for (char *w = strtok_r(copy, " \t\r\n", &save); w && np < 64;
         w = strtok_r(NULL, " \t\r\n", &save))
        pat[np++] = w;
    unsigned op = conform_expect_op_first(x);
    for (size_t i = 0; i < n; i++) {
        const conform_trace_event *ev = &x->in->trace->events[i];
        const char *name = order_name(ev, names[ns], sizeof names[ns]);
        if (name == NULL || !order_event_of(ev, op) || !in_pattern(pat, np, name)) continue;
        seq[ns++] = (char *)name;
    }
    if (!order_match(pat, np, seq, ns)) {
        order_describe(seq, ns, seen, sizeof seen);
        conform_expect_fail(x, "op %u: order '%s', expected '%s'", op, seen, x->e->expr);
    }
done:
    free(names);
    free(seq);
    free(copy);
}

/* ---------------------------------------------------------------- calls */

static const conform_trace_event *matching_enter(const conform_trace *t, size_t leave_at)
{
    const conform_trace_event *lv = &t->events[leave_at];
    const char *call = conform_trace_get(lv, TRACE_KEY_CALL);
    for (size_t i = leave_at; i-- > 0;) {
        const conform_trace_event *ev = &t->events[i];
        const char *c = conform_trace_get(ev, TRACE_KEY_CALL);
        if (ev->tid == lv->tid && strcmp(ev->kind, TRACE_EV_ENTER) == 0 && c &&
            strcmp(c, call) == 0)
            return ev;
    }
    return NULL;
}

static void check_call(conform_expect_ctx *x, size_t at, unsigned nth)
{
    const conform_case_expect *e = x->e;
    const conform_trace_event *ev = &x->in->trace->events[at];
    long long result = conform_trace_get_num(ev, TRACE_KEY_RESULT, -1);
    if (!code_ok(e->result_mode, e->result, result))
        conform_expect_fail(x, "%s #%u returned %s (%lld), expected %s", e->name, nth,
                            conform_case_result_name((int)result), result,
                            want_text(e->result_mode, e->result));
    long long code = conform_trace_get_num(ev, TRACE_KEY_CODE, -1);
    if (e->code_mode != CONFORM_CODE_ANY && !code_ok(e->code_mode, e->code, code))
        conform_expect_fail(x, "%s #%u gave result code %s (%lld), expected %s", e->name, nth,
                            conform_case_result_name((int)code), code,
                            want_text(e->code_mode, e->code));
    if (e->more >= 0 && conform_trace_get_num(ev, TRACE_KEY_MORE, -1) != e->more)
        conform_expect_fail(x, "%s #%u: moreResults %s, expected %d", e->name, nth,
                            conform_expect_field_or(ev, TRACE_KEY_MORE, "absent"), e->more);
    if (e->inst >= 0 && conform_trace_get_num(ev, TRACE_KEY_INST, 0) != e->inst)
        conform_expect_fail(x, "%s #%u: instance %s, expected %s", e->name, nth,
                            conform_trace_get_num(ev, TRACE_KEY_INST, 0) ? "non-NULL" : "NULL",
                            e->inst ? "non-NULL" : "NULL");
    const conform_trace_event *en = matching_enter(x->in->trace, at);
    if (e->within.set && en != NULL) {
        uint64_t bound = conform_case_bound_us(&e->within, x->in->timeout_scale);
        if (ev->t_us - en->t_us > bound)
            conform_expect_fail(x, "%s #%u took %.3f s, bound %s = %.3f s", e->name, nth,
                                (double)(ev->t_us - en->t_us) / 1e6, e->within.text,
                                (double)bound / 1e6);
    }
}

void conform_expect_judge_call(conform_expect_ctx *x)
{
    const conform_case_expect *e = x->e;
    const conform_trace *t = x->in->trace;
    unsigned op = conform_expect_op_first(x), n = 0, entered = 0;
    for (size_t i = 0; i < t->n_events; i++) {
        const conform_trace_event *ev = &t->events[i];
        const char *call = conform_trace_get(ev, TRACE_KEY_CALL);
        if (call == NULL || strcmp(call, e->name) != 0) continue;
        if (conform_trace_get(ev, TRACE_KEY_OP) != NULL && !conform_expect_event_op(ev, op))
            continue;
        if (strcmp(ev->kind, TRACE_EV_ENTER) == 0) { entered++; continue; }
        if (strcmp(ev->kind, TRACE_EV_LEAVE) != 0) continue;
        n++;
        if (!e->absent && (e->nth == 0 || e->nth == n)) check_call(x, i, n);
    }
    if (e->absent) {
        if (entered > 0) conform_expect_fail(x, "%s was called, expected not", e->name);
    } else if (n == 0 && entered > 0) {
        conform_expect_fail(x, "%s never returned", e->name);
    } else if (e->nth > n) {
        conform_expect_fail(x, "%s called %u time(s), expected a #%u", e->name, n, e->nth);
    }
}

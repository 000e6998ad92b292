/*
 * expect_stream - expectations about streamed parameters (STR-1, STR-2, STR-6, STR-8) and the
 * driver's memory while a stream runs (STR-7).
 *
 * A streamed callback's trace line carries name, type and the value ("value" for one element,
 * "items" for a batch; harness/driver/driver_stream.c). The values of all the callbacks of one
 * parameter, batches flattened, in trace order, are the stream as the caller saw it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/expect_int.h"

typedef struct stream_seen {
    int callbacks;
    char **values; /* flattened, in order; only when the row compares values */
    size_t n, cap; /* n: the elements seen */
    int oom;
} stream_seen;

static void seen_push(stream_seen *s, char *v)
{
    if (v == NULL) { s->oom = 1; return; }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        char **t = realloc(s->values, cap * sizeof *t);
        if (t == NULL) { free(v); s->oom = 1; return; }
        s->values = t;
        s->cap = cap;
    }
    s->values[s->n++] = v;
}

static void seen_free(stream_seen *s)
{
    for (size_t i = 0; s->values != NULL && i < s->n; i++) free(s->values[i]);
    free(s->values);
}

/* STR-1/STR-2: the type of one callback against the row's type (exact), or its array-type
 * (the element type or the array type itself). */
static int type_fits(const conform_case_expect *e, const char *got)
{
    if (!e->has_type) return 1;
    if (got == NULL) return 0;
    if (strcmp(got, conform_case_type_name(e->type)) == 0) return 1;
    return e->array_ok && strcmp(got, conform_case_type_name((MI_Type)(e->type & ~MI_ARRAY))) == 0;
}

static size_t count_items(const char *items)
{
    size_t n = *items != '\0';
    for (const char *p = items; *p; p++) n += *p == ',';
    return n;
}

/* The callback's elements: their text when the row compares values, else only their number
 * (the runner then kept no values: an empty "value" per element, "count" per batch). */
static void take_values(stream_seen *s, const conform_trace_event *ev, int keep)
{
    const char *items = conform_trace_get(ev, TRACE_KEY_ITEMS);
    if (!keep) {
        if (conform_trace_get(ev, TRACE_KEY_COUNT) != NULL)
            s->n += (size_t)conform_trace_get_num(ev, TRACE_KEY_COUNT, 0);
        else if (items != NULL) s->n += count_items(items);
        else if (conform_trace_get(ev, TRACE_KEY_VALUE) != NULL) s->n++;
        return;
    }
    if (items == NULL) {
        const char *v = conform_trace_get(ev, TRACE_KEY_VALUE);
        if (v != NULL) seen_push(s, strdup(v));
        return;
    }
    char **list = NULL;
    size_t n = 0;
    if (conform_trace_split_items(items, &list, &n) != 0) { s->oom = 1; return; }
    for (size_t i = 0; i < n; i++) seen_push(s, list[i]);
    free(list);
}

/* Collects the op's streamed callbacks of the row's parameter; reports wrong names and types. */
static void collect_stream(conform_expect_ctx *x, unsigned op, stream_seen *s)
{
    const conform_case_expect *e = x->e;
    const conform_trace *t = x->in->trace;
    int bad_type = 0;
    for (size_t i = 0; i < t->n_events; i++) {
        const conform_trace_event *ev = &t->events[i];
        const char *cb = conform_trace_get(ev, TRACE_KEY_CB);
        if (strcmp(ev->kind, TRACE_EV_CALLBACK) != 0 || cb == NULL ||
            strcmp(cb, TRACE_CB_STREAMED) != 0 || !conform_expect_event_op(ev, op))
            continue;
        const char *name = conform_trace_get(ev, TRACE_KEY_NAME);
        const char *type = conform_trace_get(ev, TRACE_KEY_TYPE);
        if (e->name != NULL && (name == NULL || strcmp(name, e->name) != 0)) {
            conform_expect_fail(x, "op %u: streamed parameter '%s', expected only '%s'", op,
                                name ? name : "", e->name);
            continue;
        }
        s->callbacks++;
        if (!type_fits(e, type) && bad_type++ == 0)
            conform_expect_fail(x, "op %u: streamed %s #%d has type %s, expected %s%s", op,
                                e->name ? e->name : "value", s->callbacks, type ? type : "?",
                                conform_case_type_name(e->type),
                                e->array_ok ? " or its element type" : "");
        take_values(s, ev, e->has_value);
    }
}


static int same_text(MI_Type type, const char *want, const char *got)
{
    MI_Type scalar = (MI_Type)(type & ~MI_ARRAY);
    if (scalar == MI_REAL32 || scalar == MI_REAL64) {
        double a = strtod(want, NULL), b = strtod(got, NULL);
        return a == b || fabs(a - b) <= 1e-6 * fmax(fabs(a), fabs(b));
    }
    return strcmp(want, got) == 0;
}

/* STR-1, STR-6: the values in order, exactly those of the row. */
static void compare_stream(conform_expect_ctx *x, unsigned op, const stream_seen *s)
{
    const conform_case_value *want = &x->e->value;
    for (size_t i = 0; i < s->n && i < want->n_items; i++)
        if (!same_text(want->type, want->items[i], s->values[i])) {
            conform_expect_fail(x, "op %u: streamed element %zu is '%s', expected '%s'", op, i + 1,
                                s->values[i], want->items[i]);
            return;
        }
    if (s->n != want->n_items)
        conform_expect_fail(x, "op %u: %zu streamed element(s), expected %zu", op, s->n,
                            want->n_items);
}

static void streamed_one(conform_expect_ctx *x, unsigned op)
{
    const conform_case_expect *e = x->e;
    stream_seen s;
    memset(&s, 0, sizeof s);
    collect_stream(x, op, &s);
    if (s.oom) x->oom = 1;
    if (e->min >= 0 && s.callbacks < e->min)
        conform_expect_fail(x, "op %u: %d streamed callback(s), expected at least %d", op,
                            s.callbacks, e->min);
    if (e->max >= 0 && s.callbacks > e->max)
        conform_expect_fail(x, "op %u: %d streamed callback(s), expected at most %d", op,
                            s.callbacks, e->max);
    int64_t want =
        e->scaled ? (int64_t)conform_case_scaled((uint64_t)e->elements, x->in->scale) : e->elements;
    if (e->elements >= 0 && (int64_t)s.n != want)
        conform_expect_fail(x, "op %u: %zu streamed element(s), expected %lld%s", op, s.n,
                            (long long)want, e->scaled ? " (scaled)" : "");
    if (e->has_value) compare_stream(x, op, &s);
    seen_free(&s);
}

void conform_expect_judge_streamed(conform_expect_ctx *x)
{
    for (unsigned op = conform_expect_op_first(x), last = conform_expect_op_last(x);
         op <= last; op++)
        streamed_one(x, op);
}

/* ---------------------------------------------------------------- memory */

/* STR-7: the peak RSS after the steps minus the peak right before the first Invoke. */
void conform_expect_judge_rss(conform_expect_ctx *x)
{
    const conform_trace *t = x->in->trace;
    long long before = -1, end = -1;
    int instrumented = x->in->under_valgrind;
    for (size_t i = 0; i < t->n_events; i++) {
        const conform_trace_event *ev = &t->events[i];
        if (strcmp(ev->kind, TRACE_EV_RSS) != 0) continue;
        if (conform_trace_get_num(ev, TRACE_KEY_INSTRUMENTED, 0) != 0) instrumented = 1;
        const char *phase = conform_trace_get(ev, TRACE_KEY_PHASE);
        long long kb = conform_trace_get_num(ev, TRACE_KEY_KB, -1);
        if (phase != NULL && strcmp(phase, TRACE_RSS_BEFORE) == 0) before = kb;
        else if (phase != NULL && strcmp(phase, TRACE_RSS_AFTER) == 0) end = kb;
    }
    if (before < 0 || end < 0) {
        conform_expect_fail(x, "no peak RSS %s in the trace",
                            before < 0 ? "before Invoke" : "after the steps");
        return;
    }
    long long growth = end - before;
    /* Under memcheck or a sanitizer the process holds shadow memory and a quarantine of freed
     * blocks, so its peak says nothing about the implementation's: record it, judge it only
     * natively. */
    if (instrumented)
        conform_expect_observe(x, "peak RSS grew by %lld kB under valgrind or a sanitizer (not "
                               "judged: the instrumentation's own memory)", growth);
    else if (growth >= (long long)x->e->max_growth_kb)
        conform_expect_fail(x, "peak RSS grew by %lld kB (%lld -> %lld kB), bound %u kB", growth,
                            before, end, x->e->max_growth_kb);
    else
        conform_expect_observe(x, "peak RSS grew by %lld kB (%lld -> %lld kB)", growth, before,
                               end);
}

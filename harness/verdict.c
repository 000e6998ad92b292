/*
 * verdict - the order of harness/verdict.h, and the words for a crash or a hang.
 */
#include "harness/verdict.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit/buf.h"

/* ---------------------------------------------------------------- lines */

static void add(kit_buf *l, const char *prefix, const char *line, size_t n)
{
    kit_buf_add(l, prefix, strlen(prefix));
    kit_buf_add(l, line, n);
    kit_buf_add(l, "\n", 1);
}

/* Every line of `block` (one per '\n'), skipping the first `skip`. */
static void add_block(kit_buf *l, const char *prefix, const char *block, size_t skip)
{
    for (const char *s = block; s != NULL && *s != '\0';) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (skip > 0) skip--;
        else if (n > 0) add(l, prefix, s, n);
        s = nl ? nl + 1 : s + n;
    }
}

static char *first_line(const char *block)
{
    size_t n = block ? strcspn(block, "\n") : 0;
    char *s = malloc(n + 1);
    if (s != NULL) {
        memcpy(s, block ? block : "", n);
        s[n] = '\0';
    }
    return s;
}

/* ---------------------------------------------------------------- what broke */

typedef struct broke {
    int yes, in_teardown;
    conform_result_kind kind;
    char text[2048];
} broke;

static const char *signal_name(int sig)
{
    const char *s = sigabbrev_np(sig);
    return s ? s : "?";
}

/* The last non-empty line of text, cut to fit; 0 when there is none. */
static int last_line(const char *text, char *out, size_t len)
{
    if (text == NULL) return 0;
    const char *end = text + strlen(text);
    while (end > text && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ')) end--;
    const char *start = end;
    while (start > text && start[-1] != '\n') start--;
    if (start == end) return 0;
    snprintf(out, len, "%.*s", (int)(end - start), start);
    return 1;
}

static void describe_break(const conform_verdict_input *in, broke *b)
{
    const conform_child_outcome *co = in->child;
    char op[32] = "";
    if (co->hung_op > 0) snprintf(op, sizeof op, " (op %u)", co->hung_op);
    b->in_teardown = co->in_teardown;
    if (co->hung) {
        b->yes = 1;
        b->kind = CONFORM_KIND_HANG;
        snprintf(b->text, sizeof b->text,
                 "hang%s: %s%s did not return within %.1f s; driver killed",
                 co->in_teardown ? " in teardown" : "", co->hung_call, op, co->hung_limit_s);
    } else if (co->signaled) {
        b->yes = 1;
        b->kind = CONFORM_KIND_CRASH;
        char thread[64] = "";
        if (in->crash_thread > 0)
            snprintf(thread, sizeof thread, " on the implementation's thread %ld",
                     in->crash_thread);
        int n = snprintf(b->text, sizeof b->text,
                         "crash%s: driver killed by signal %d (SIG%s)%s%s%s%s",
                         co->in_teardown ? " in teardown" : "", co->signal,
                         signal_name(co->signal), co->hung_call[0] ? " during " : " between calls",
                         co->hung_call, op, thread);
        char last[256];
        if (last_line(in->stderr_text, last, sizeof last) && n > 0 && (size_t)n < sizeof b->text)
            n += snprintf(b->text + n, sizeof b->text - (size_t)n, "; stderr: %s", last);
        if (in->crash_frames != NULL && n > 0 && (size_t)n < sizeof b->text)
            snprintf(b->text + n, sizeof b->text - (size_t)n, "; top frames: %s", in->crash_frames);
    } else if (!co->exited || co->exit_code != 0 || !in->ended) {
        if (co->exited && co->exit_code == 99) return; /* valgrind's verdict: a failure below */
        b->yes = 1;
        b->kind = CONFORM_KIND_NOT_RUN;
        snprintf(b->text, sizeof b->text, "driver ended badly (exit %d%s)", co->exit_code,
                 in->ended ? "" : ", no end of trace");
    }
}

/* ---------------------------------------------------------------- the order */

static void set(conform_result *r, conform_outcome outcome, conform_result_kind kind,
                char *message, kit_buf *details)
{
    r->outcome = outcome;
    r->kind = kind;
    free(r->message);
    r->message = message;
    free(r->details);
    r->details = details->data; /* NULL when no line was added */
    details->data = NULL; /* the result owns it now; a failed append stays noted */
    details->len = details->cap = 0;
}

/* A crash, or a hang that no earlier failure explains: nothing after it was seen. */
static int root_break(const broke *b, const conform_child_outcome *co)
{
    return b->yes && !b->in_teardown && !co->after_failure;
}

int conform_verdict(const conform_verdict_input *in, conform_result *r)
{
    const conform_expect_report *j = in->judged;
    const conform_expect_report none = {0};
    if (j == NULL) j = &none;
    broke b = {0, 0, CONFORM_KIND_NONE, ""};
    describe_break(in, &b);
    int root = root_break(&b, in->child);
    int valgrind = in->child->exited && in->child->exit_code == 99;
    const char *vg = "valgrind: memory errors or leaks in the driver (exit 99)";
    const char *then = root ? "and: " : "then: ";
    kit_buf d = {0};
    char *msg = NULL;
    if (root && (b.kind == CONFORM_KIND_CRASH || (b.kind == CONFORM_KIND_HANG &&
                                                  (j->unmet_given > 0 || j->failed == 0)))) {
        /* 1. a crash, or a hang the expectations say nothing about: what came first */
        msg = strdup(b.text);
        add_block(&d, "not judged: ", j->given, 0);
        add_block(&d, "", j->details, 0);
        add_block(&d, "", j->stalls, 0);
        add_block(&d, "then: ", j->teardown, 0);
        set(r, CONFORM_ERROR, b.kind, msg, &d);
    } else if (j->unmet_given > 0) {
        /* 2. the situation never arose: the clause is not charged */
        char *first = first_line(j->given);
        size_t n = first ? strlen(first) + 16 : 0;
        msg = first ? malloc(n) : NULL;
        if (msg != NULL) snprintf(msg, n, "not judged: %s", first);
        free(first);
        add_block(&d, "not judged: ", j->given, 1);
        add_block(&d, "", j->details, 0);
        if (valgrind) add(&d, "", vg, strlen(vg));
        add_block(&d, "", j->stalls, 0);
        add_block(&d, "then: ", j->teardown, 0);
        if (b.yes) add(&d, then, b.text, strlen(b.text));
        set(r, CONFORM_ERROR, CONFORM_KIND_NOT_JUDGED, msg, &d);
    } else if (j->failed > 0 || valgrind) {
        /* 3. a claim of the clause did not hold; a hang is how the driver lived it */
        msg = j->failed > 0 ? first_line(j->details) : strdup(vg);
        if (j->failed > 0) add_block(&d, "", j->details, 1);
        if (valgrind && j->failed > 0) add(&d, "", vg, strlen(vg));
        add_block(&d, "", j->stalls, 0);
        add_block(&d, "then: ", j->teardown, 0);
        if (b.yes) add(&d, then, b.text, strlen(b.text));
        set(r, CONFORM_FAIL, CONFORM_KIND_EXPECTATION, msg, &d);
    } else if (j->stalled > 0) {
        /* 4. a result the implementation owed never came */
        msg = first_line(j->stalls);
        add_block(&d, "", j->stalls, 1);
        add_block(&d, "then: ", j->teardown, 0);
        if (b.yes) add(&d, then, b.text, strlen(b.text));
        set(r, CONFORM_FAIL, CONFORM_KIND_STALL, msg, &d);
    } else if (j->teardown_stalled > 0) {
        /* 5. teardown alone went wrong: a result it waited for never came */
        msg = first_line(j->teardown);
        add_block(&d, "", j->teardown, 1);
        if (b.yes) add(&d, "then: ", b.text, strlen(b.text));
        set(r, CONFORM_ERROR, CONFORM_KIND_TEARDOWN, msg, &d);
    } else if (b.yes) {
        /* 5. teardown alone went wrong, or the driver ended badly */
        msg = strdup(b.text);
        set(r, CONFORM_ERROR, b.kind, msg, &d);
    } else {
        r->outcome = CONFORM_PASS;
        r->kind = CONFORM_KIND_NONE;
        return 0;
    }
    return r->message == NULL || d.failed ? -1 : 0;
}

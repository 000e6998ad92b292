/*
 * inject_run - `mi-conform --inject alloc` for one case: the allocation-failure loop
 * (inject/alloc_loop.h) run through the harness, its summary turned into the case's result.
 *
 * A case passes when every injected run ended cleanly (no crash, hang or leak, exactly one
 * final result per operation) and at least one allocation site was reached: the interposer's
 * canary proves it was loaded, so a case whose MI calls allocated nothing it could fail is a
 * sign the marks are missing, not a clean pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness/inject_run.h"
#include "inject/alloc_loop.h"

/* What the loop did, for system-out: sites reached, runs, the baseline. */
static char *summary_text(const inject_alloc_summary *s)
{
    char buf[512];
    snprintf(buf, sizeof buf,
             "inject-alloc: %u allocation sites reached (one injected run each), %u runs in "
             "all, %lu allocations of the implementation without a failure, %ld of its blocks "
             "live at exit%s",
             s->injected, s->runs, s->baseline_counted, s->baseline_live,
             s->capped ? "; stopped at the cap of runs per case" : "");
    return strdup(buf);
}

static void set_outcome(conform_result *r, conform_outcome outcome, char *message)
{
    r->outcome = outcome;
    free(r->message);
    r->message = message;
}

/* The loop could not judge the case at all: the reason is the result. */
static int loop_failed(conform_result *r, inject_alloc_code code)
{
    char buf[256];
    snprintf(buf, sizeof buf, "inject-alloc: %s", inject_alloc_code_name(code));
    set_outcome(r, code == INJECT_ALLOC_E_INACTIVE ? CONFORM_FAIL : CONFORM_ERROR, strdup(buf));
    return code == INJECT_ALLOC_E_NOMEM ? -1 : 0;
}

static void take_summary(conform_result *r, inject_alloc_summary *s)
{
    r->observed = summary_text(s);
    r->details = s->details;
    s->details = NULL;
    if (s->outcome != CONFORM_PASS) {
        set_outcome(r, s->outcome, s->message);
        s->message = NULL;
    } else if (s->injected == 0) {
        set_outcome(r, CONFORM_FAIL,
                    strdup("inject-alloc: no allocation site of the implementation was reached "
                           "(are the driver's marks in place?)"));
    } else {
        r->outcome = CONFORM_PASS;
    }
}

int conform_inject_alloc_execute(const conform_case *c, const conform_run_options *opts,
                                 conform_result *result)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(result, 0, sizeof *result);
    result->peak_rss_kb = -1;
    inject_alloc_summary s;
    inject_alloc_code code = inject_alloc_run_case(c, opts, &s);
    int rc = 0;
    if (code != INJECT_ALLOC_OK) rc = loop_failed(result, code);
    else take_summary(result, &s);
    inject_alloc_summary_clear(&s);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    result->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (result->outcome != CONFORM_PASS && result->message == NULL) rc = -1;
    return rc;
}

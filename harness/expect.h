/*
 * expect - judging a case's expectations against the driver's trace and the mock's journal.
 *
 * Pure functions of their input: the same trace and journal always give the same verdict, so
 * every expectation kind is unit-tested on synthetic traces and journals
 * (tests/test_harness_expect.c). The kinds, their parsers and their judges: expect_int.h.
 */
#ifndef CONFORM_EXPECT_H
#define CONFORM_EXPECT_H

#include <stddef.h>
#include <stdint.h>

#include "harness/case_model.h"
#include "harness/trace.h"
#include "mock_server/mockcim.h"

typedef struct conform_expect_input {
    const conform_case_spec *spec;
    const conform_trace *trace;
    const mock_event *journal;  /* in journal order */
    size_t n_journal;
    uint64_t journal_base_us;   /* add to a journal t_us to get the trace's clock */
    double timeout_scale;
    double scale;
    int under_valgrind;         /* the driver ran under memcheck: its RSS is valgrind's, not the
                                   implementation's */
    const char *table;          /* the row's table file, named in every finding ("cancel.xml:153:");
                                   NULL: "line 153:" */
} conform_expect_input;

/* What the judge found, in three kinds that the verdict orders (harness/verdict.h):
 *   unmet preconditions - the row's situation never arose (given="true" expectations, a
 *                         wait for the mock that ran out, reaches-server="yes" without a
 *                         request): the clause cannot be judged;
 *   failures            - the clause's claims that did not hold;
 *   stalls              - the driver's waits on the implementation (a final result, a session
 *                         close) that ran out;
 *   teardown            - waits that ran out while the driver closed what the steps left
 *                         open: never the row's claim, reported after everything else. */
typedef struct conform_expect_report {
    size_t failed;    /* unmet expectations */
    char *message;    /* the first one, one line */
    char *details;    /* every one, one per line */
    size_t unmet_given;
    char *given;      /* unmet preconditions, one per line; NULL when none */
    size_t stalled;
    char *stalls;     /* waits that ran out, one per line; NULL when none */
    size_t teardown_stalled;
    char *teardown;   /* waits that ran out in teardown, one per line; NULL when none */
    char *observed;   /* observations (observe elements), one per line; NULL when none */
} conform_expect_report;

/* Judges every expectation, the driver's waits and the row's reaches-server. 0, or -1 when
 * out of memory. */
int conform_expect_judge(const conform_expect_input *in, conform_expect_report *out);
void conform_expect_report_clear(conform_expect_report *r);

/* How many requests reached the mock server (the journal's REQUEST events). */
size_t conform_expect_request_count(const conform_expect_input *in);

/* expect_invariants.c: judges only what must hold under fault injection (--inject alloc or
 * net), whatever the row expects: every operation invoked got exactly one final result (a
 * known MI_Result, OK or an error) and nothing was delivered to it after that. 0 or -1 (out
 * of memory). A crash, a hang or a leak is the runner's and the interposer's business. */
int conform_expect_invariants(const conform_expect_input *in, conform_expect_report *out);

#endif

/*
 * verdict - one case's outcome, root cause first.
 *
 * What can go wrong in a case, in the order a reader needs it:
 *
 *   1. the child crashed during the row's actions, or hung there while the expectations say
 *      nothing about it: nothing after that point was seen, so that is the error;
 *   2. a precondition did not hold (the request never reached the mock, nothing was
 *      streamed, reaches-server="yes" without a request): the clause is "not judged", an
 *      error that charges no clause;
 *   3. an expectation failed: the failure, with the others, then the driver's waits that ran
 *      out, then a hang that is how the driver lived the failure ("and:", a call that never
 *      returned during the row's actions) or its consequence ("then:", in teardown or after
 *      a wait of the driver ran out);
 *   4. a wait on the implementation ran out (no final result, no session completion): a
 *      failure, with what hung after it listed as its consequence;
 *   5. a crash or hang during teardown alone, or a driver that ended badly: an error;
 *   6. otherwise a pass.
 *
 * The message is the first line; details hold the other lines, never the message again.
 */
#ifndef CONFORM_VERDICT_H
#define CONFORM_VERDICT_H

#include "harness/conform.h"
#include "harness/child.h"
#include "harness/expect.h"

typedef struct conform_verdict_input {
    const conform_expect_report *judged; /* NULL: the judge did not run (out of memory) */
    const conform_child_outcome *child;
    const char *crash_frames;            /* conform_crash_frames(), or NULL */
    const char *stderr_text;             /* what the child wrote to stderr, or NULL: its last
                                            line names an assertion or a glibc abort */
    long crash_thread;                   /* the trace tid that crashed, -1 when unknown */
    int ended;                           /* the trace ends with the driver's "end" line */
} conform_verdict_input;

/* Sets r->outcome, r->kind, r->message and r->details. 0, or -1 when out of memory. */
int conform_verdict(const conform_verdict_input *in, conform_result *r);

#endif

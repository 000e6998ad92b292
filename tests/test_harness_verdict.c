/*
 * The verdict (harness/verdict.c): root cause first, every other finding after it, the
 * message never repeated in the details; and the crash report's frames (crash_report.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/crash_report.h"
#include "harness/trace.h"
#include "harness/verdict.h"

#include "tests/support/cutest.h"

static void result_free(conform_result *r)
{
    free(r->message);
    free(r->details);
    memset(r, 0, sizeof *r);
}

static conform_expect_report report(size_t failed, char *details, size_t given, char *given_text,
                                    size_t stalled, char *stalls)
{
    conform_expect_report r = {0};
    r.failed = failed;
    r.details = details;
    r.unmet_given = given;
    r.given = given_text;
    r.stalled = stalled;
    r.stalls = stalls;
    return r;
}

static conform_child_outcome clean_exit(void)
{
    conform_child_outcome co = {0};
    co.exited = 1;
    return co;
}

static conform_child_outcome hang(const char *call, int in_teardown, int after_failure)
{
    conform_child_outcome co = {0};
    co.signaled = 1;
    co.signal = 9;
    co.hung = 1;
    co.hung_limit_s = 2.0;
    co.in_teardown = in_teardown;
    co.after_failure = after_failure;
    snprintf(co.hung_call, sizeof co.hung_call, "%s", call);
    return co;
}

static void verdict_of(const conform_expect_report *rep, const conform_child_outcome *co,
                       int ended, conform_result *r)
{
    memset(r, 0, sizeof *r);
    conform_verdict_input in = {rep, co, NULL, NULL, -1, ended};
    CU_ASSERT_EQUAL(conform_verdict(&in, r), 0);
}

static void test_pass(void)
{
    conform_expect_report rep = report(0, NULL, 0, NULL, 0, NULL);
    conform_child_outcome co = clean_exit();
    conform_result r;
    verdict_of(&rep, &co, 1, &r);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_PASS);
    CU_ASSERT_PTR_NULL(r.message);
    result_free(&r);
}

/* The expectation first, its teardown hang after it, and the message not repeated. */
static void test_failure_before_teardown_hang(void)
{
    conform_expect_report rep =
        report(2, "line 7: final: op 1: no final result\nline 8: call: x\n", 0, NULL, 1,
               "line 5: wait-final: op 1: no final result within 4.0 s\n");
    conform_child_outcome co = hang("Session.Close", 1, 1);
    conform_result r;
    verdict_of(&rep, &co, 0, &r);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_FAIL);
    CU_ASSERT_EQUAL(r.kind, CONFORM_KIND_EXPECTATION);
    CU_ASSERT_STRING_EQUAL(r.message, "line 7: final: op 1: no final result");
    CU_ASSERT_STRING_EQUAL(r.details, "line 8: call: x\n"
                                      "line 5: wait-final: op 1: no final result within 4.0 s\n"
                                      "then: hang in teardown: Session.Close did not return within "
                                      "2.0 s; driver killed\n");
    result_free(&r);
}

/* A wait for the final result that ran out is the failure when no expectation names it. */
static void test_stall_before_its_consequence(void)
{
    conform_expect_report rep =
        report(0, NULL, 0, NULL, 1, "line 5: wait-final: op 1: no final result within 4.0 s\n");
    conform_child_outcome co = hang("Session.Close", 1, 1);
    conform_result r;
    verdict_of(&rep, &co, 0, &r);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_FAIL);
    CU_ASSERT_EQUAL(r.kind, CONFORM_KIND_STALL);
    CU_ASSERT_STRING_EQUAL(r.message, "line 5: wait-final: op 1: no final result within 4.0 s");
    CU_ASSERT(strncmp(r.details, "then: hang in teardown: Session.Close", 37) == 0);
    result_free(&r);
}

/* A precondition that did not hold: not judged, whatever the expectations said. */
static void test_not_judged(void)
{
    conform_expect_report rep = report(
        1, "line 9: final: op 1: final result ACCESS_DENIED (2), expected OK\n", 1,
        "reaches-server: no request reached the mock server, and the row needs one\n", 0, NULL);
    conform_child_outcome co = clean_exit();
    conform_result r;
    verdict_of(&rep, &co, 1, &r);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_ERROR);
    CU_ASSERT_EQUAL(r.kind, CONFORM_KIND_NOT_JUDGED);
    CU_ASSERT_STRING_EQUAL(r.message, "not judged: reaches-server: no request reached the mock "
                                      "server, and the row needs one");
    CU_ASSERT(strstr(r.details, "ACCESS_DENIED") != NULL);
    result_free(&r);
}

/* A crash during the row's actions comes first: nothing after it was seen. */
static void test_crash_during_steps_first(void)
{
    conform_expect_report rep =
        report(1, "line 9: final: op 1: no final result\n", 0, NULL, 0, NULL);
    conform_child_outcome co = {0};
    co.signaled = 1;
    co.signal = 11;
    snprintf(co.hung_call, sizeof co.hung_call, "Close");
    co.hung_op = 1;
    conform_verdict_input in = {&rep, &co, "Strand_Ack (strand.c:12) [libmi.so]",
                                "warning\nstrand.c:3023: Strand_Ack: Assertion `x' failed.\n", 3,
                                0};
    conform_result r = {0};
    CU_ASSERT_EQUAL(conform_verdict(&in, &r), 0);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_ERROR);
    CU_ASSERT_EQUAL(r.kind, CONFORM_KIND_CRASH);
    CU_ASSERT_STRING_EQUAL(r.message,
                           "crash: driver killed by signal 11 (SIGSEGV) during Close (op 1) "
                           "on the implementation's thread 3; stderr: strand.c:3023: "
                           "Strand_Ack: Assertion `x' failed.; top frames: Strand_Ack "
                           "(strand.c:12) [libmi.so]");
    CU_ASSERT_STRING_EQUAL(r.details, "line 9: final: op 1: no final result\n");
    result_free(&r);
}

/* A call that never returned during the steps, while an expectation says what was missing:
 * the expectation is the failure, the hang how the driver lived it. */
static void test_hang_during_steps_with_failure(void)
{
    conform_expect_report rep =
        report(1, "line 9: final: op 1: no final result\n", 0, NULL, 0, NULL);
    conform_child_outcome co = hang("GetInstance", 0, 0);
    conform_result r;
    verdict_of(&rep, &co, 0, &r);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_FAIL);
    CU_ASSERT_STRING_EQUAL(r.details,
                           "and: hang: GetInstance did not return within 2.0 s; driver killed\n");
    result_free(&r);
    conform_expect_report quiet = report(0, NULL, 0, NULL, 0, NULL);
    verdict_of(&quiet, &co, 0, &r);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_ERROR);
    CU_ASSERT_EQUAL(r.kind, CONFORM_KIND_HANG);
    result_free(&r);
}

static void test_valgrind_and_bad_end(void)
{
    conform_expect_report rep = report(0, NULL, 0, NULL, 0, NULL);
    conform_child_outcome co = clean_exit();
    co.exit_code = 99;
    conform_result r;
    verdict_of(&rep, &co, 1, &r);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_FAIL);
    CU_ASSERT(strncmp(r.message, "valgrind:", 9) == 0);
    result_free(&r);
    co.exit_code = 0;
    verdict_of(&rep, &co, 0, &r);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_ERROR);
    CU_ASSERT_STRING_EQUAL(r.message, "driver ended badly (exit 0, no end of trace)");
    result_free(&r);
}

/* Frames from the child's signal handler; an object addr2line cannot read stays obj+offset. */
static void test_crash_frames(void)
{
    const char *text =
        "10 0 enter call=Close op=1\n"
        "20 3 crash sig=11\n"
        "21 3 frame n=0 obj=/lib/x86_64-linux-gnu/libc.so.6 off=0x10 sym=raise\n"
        "21 3 frame n=1 obj=/lib/x86_64-linux-gnu/libc.so.6 off=0x20 sym=abort\n"
        "21 3 frame n=2 obj=/nonexistent/libmi.so off=0x1a2b\n"
        "22 3 frame n=1 obj=/nonexistent/libc.so.6 off=0x99 sym=abort\n"
        "23 3 frame n=2 pc=0x1234\n";
    conform_trace t = {0};
    conform_trace_feed(&t, text, strlen(text));
    conform_trace_finish(&t);
    CU_ASSERT_EQUAL(conform_crash_thread(&t), 3);
    char *frames = conform_crash_frames(&t, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(frames);
    CU_ASSERT_STRING_EQUAL(frames, "libmi.so+0x1a2b <- abort [libc.so.6+0x99]");
    free(frames);
    conform_trace_free(&t);
    conform_trace no_crash = {0};
    conform_trace_feed(&no_crash, "1 0 end\n", 8);
    CU_ASSERT_PTR_NULL(conform_crash_frames(&no_crash, 8));
    CU_ASSERT_EQUAL(conform_crash_thread(&no_crash), -1);
    conform_trace_free(&no_crash);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"pass", test_pass},
        {"failure_before_teardown_hang", test_failure_before_teardown_hang},
        {"stall_before_its_consequence", test_stall_before_its_consequence},
        {"not_judged", test_not_judged},
        {"crash_during_steps_first", test_crash_during_steps_first},
        {"hang_during_steps_with_failure", test_hang_during_steps_with_failure},
        {"valgrind_and_bad_end", test_valgrind_and_bad_end},
        {"crash_frames", test_crash_frames},
        {NULL, NULL},
    };
    return cutest_run("test_harness_verdict", cases, argc, argv);
}

/*
 * The expectation kinds and attributes for streaming, events, cancel and close, judged on a
 * synthetic trace and journal: <streamed>, <rss>, <callback arg>,
 * <order> with leave: and session-level events, <journal same-operation other-connection
 * after>. Each passes when it should and fails naming the row's line and the problem.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/case_load.h"
#include "harness/expect.h"
#include "harness/trace.h"

#include <libxml/parser.h>

#include "tests/support/cutest.h"
#include "tests/harness_test_util.h"


/* Op 1 streams three uint32 elements and a batch of two, the driver holds the first ack, then
 * an async session close waits for op 1's Close. RSS grows by 1000 kB. */
static const char *TRACE =
    "1000000 0 rss phase=before kb=10000\n"
    "1000001 0 enter call=Invoke op=1\n"
    "1000100 0 leave call=Invoke op=1 handle=1\n"
    "1010000 1 callback cb=streamedParameterResult op=1 ctx=ok name=Items type=uint32 ack=1 "
    "value=1\n"
    "1020000 0 enter call=Ack op=1\n"
    "1020100 0 leave call=Ack op=1 result=0\n"
    "1021000 1 callback cb=streamedParameterResult op=1 ctx=ok name=Items type=uint32 ack=1 "
    "value=2\n"
    "1021100 1 enter call=AutoAck op=1\n"
    "1021200 1 leave call=AutoAck op=1 result=0\n"
    "1022000 1 callback cb=streamedParameterResult op=1 ctx=ok name=Items type=uint32a ack=1 "
    "count=2 items=3,4\n"
    "1023000 1 callback cb=writeMessage op=1 ctx=ok channel=1 message=saying%20more\n"
    "1024000 1 callback cb=writeMessage op=1 ctx=ok channel=0 message=careful\n"
    "1030000 0 enter call=Session.CloseAsync\n"
    "1030100 0 leave call=Session.CloseAsync result=0\n"
    "1040000 1 callback cb=instanceResult op=1 ctx=ok more=0 code=1 inst=0 ack=1 final=1\n"
    "1050000 0 enter call=Close op=1\n"
    "1050100 0 leave call=Close op=1 result=0\n"
    "1060000 1 callback cb=sessionClosed ctx=ok\n"
    "1070000 0 rss phase=after kb=11000\n"
    "1080000 0 end\n";

/* The invoke on connection 1; Cancel and End of its operation on connection 2; an End of
 * another operation before the Cancel. */
static mock_event JOURNAL[] = {
    {.kind = MOCK_EV_REQUEST, .t_us = 100000, .connection = 1, .operation_id = (char *)"uuid:op"},
    {.kind = MOCK_EV_END, .t_us = 120000, .connection = 3, .operation_id = (char *)"uuid:other"},
    {.kind = MOCK_EV_CANCEL, .t_us = 130000, .connection = 2, .operation_id = (char *)"uuid:op"},
    {.kind = MOCK_EV_END, .t_us = 140000, .connection = 2, .operation_id = (char *)"uuid:op"},
    {.kind = MOCK_EV_INTERACTIVE_RESPONSE, .t_us = 150000, .connection = 1,
     .operation_id = (char *)"uuid:op"},
};

static int under_valgrind; /* what the judged run claims about memcheck */

static size_t judge(const char *expects, double scale, conform_expect_report *rep)
{
    conform_case_spec *spec = spec_with(expects);
    conform_trace t;
    memset(&t, 0, sizeof t);
    conform_trace_feed(&t, TRACE, strlen(TRACE));
    conform_trace_finish(&t);
    conform_expect_input in = {spec, &t, JOURNAL, sizeof JOURNAL / sizeof JOURNAL[0], 900000,
                               1.0, scale, under_valgrind, NULL};
    CU_ASSERT_EQUAL(conform_expect_judge(&in, rep), 0);
    conform_trace_free(&t);
    conform_case_spec_free(spec);
    return rep->failed;
}

static void pass_at(const char *expects, double scale)
{
    conform_expect_report rep;
    size_t failed = judge(expects, scale, &rep);
    if (failed) fprintf(stderr, "\nunexpected failure of %s:\n%s", expects, rep.details);
    CU_ASSERT_EQUAL(failed, 0);
    conform_expect_report_clear(&rep);
}

static void pass(const char *expects)
{
    pass_at(expects, 1.0);
}

static void fails_at(const char *expects, double scale, const char *problem)
{
    conform_expect_report rep;
    size_t failed = judge(expects, scale, &rep);
    CU_ASSERT(failed > 0);
    int named =
        rep.message && strstr(rep.message, problem) && strncmp(rep.message, "line ", 5) == 0;
    if (!named)
        fprintf(stderr, "\n%s: message '%s' lacks '%s'\n", expects,
                rep.message ? rep.message : "(none)", problem);
    CU_ASSERT(named);
    conform_expect_report_clear(&rep);
}

static void fails(const char *expects, const char *problem)
{
    fails_at(expects, 1.0, problem);
}

/* ---------------------------------------------------------------- streamed */

static void test_streamed_values(void)
{
    pass("<streamed name=\"Items\" count=\"3\" elements=\"4\">"
         "<item>1</item><item>2</item><item>3</item><item>4</item></streamed>");
    fails("<streamed name=\"Items\"><item>1</item><item>3</item><item>2</item><item>4</item>"
          "</streamed>",
          "streamed element 2 is '2', expected '3'");
    fails("<streamed name=\"Items\"><item>1</item><item>2</item><item>3</item></streamed>",
          "4 streamed element(s), expected 3");
    fails("<streamed name=\"Items\" count=\"4\"/>", "3 streamed callback(s), expected at least 4");
    fails("<streamed name=\"Other\"/>", "streamed parameter 'Items', expected only 'Other'");
    pass("<streamed op=\"2\" name=\"Items\" count=\"0\"/>");
}

static void test_streamed_types(void)
{
    pass("<streamed name=\"Items\" array-type=\"uint32a\"/>");
    fails("<streamed name=\"Items\" type=\"uint32\"/>",
          "streamed Items #3 has type uint32a, expected uint32");
    fails("<streamed name=\"Items\" array-type=\"sint64a\"/>",
          "has type uint32, expected sint64a or its element type");
}

static void test_streamed_scaled(void)
{
    pass_at("<streamed name=\"Items\" elements=\"40\" scaled=\"true\"/>", 0.1);
    fails_at("<streamed name=\"Items\" elements=\"40\" scaled=\"true\"/>", 1.0,
             "expected 40 (scaled)");
    pass_at("<streamed name=\"Items\" elements=\"2\" scaled=\"true\"/>", 2.0);
}

static void test_streamed_bad_rows(void)
{
    char err[512] = "";
    const char *xml =
        "<case id=\"t.x\" level=\"MUST\" clauses=\"STR-1\" fixture=\"f\"><title>t</title>"
        "<call mode=\"async\" class=\"C\" method=\"M\"/><expect>"
        "<streamed name=\"I\" array-type=\"uint32\"/></expect></case>";
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, XML_PARSE_NONET);
    conform_case_spec *spec = NULL;
    CU_ASSERT_EQUAL(conform_case_parse_spec(xmlDocGetRootElement(doc), "t.xml", &spec, err,
                                            sizeof err), CONFORM_E_INVALID);
    CU_ASSERT_PTR_NULL(spec);
    CU_ASSERT(strstr(err, "is not an array type") != NULL);
    conform_case_spec_free(spec);
    xmlFreeDoc(doc);
}

/* ---------------------------------------------------------------- rss */

static void test_rss(void)
{
    pass("<rss max-growth-kb=\"1001\"/>");
    fails("<rss max-growth-kb=\"1000\"/>",
          "peak RSS grew by 1000 kB (10000 -> 11000 kB), bound 1000 kB");
    /* Under memcheck the growth is valgrind's: observed, not judged. */
    under_valgrind = 1;
    conform_expect_report rep;
    CU_ASSERT_EQUAL(judge("<rss max-growth-kb=\"10\"/>", 1.0, &rep), 0);
    CU_ASSERT_PTR_NOT_NULL(rep.observed);
    if (rep.observed) CU_ASSERT_PTR_NOT_NULL(strstr(rep.observed, "not judged"));
    conform_expect_report_clear(&rep);
    under_valgrind = 0;
}

/* ---------------------------------------------------------------- callback arguments */

static void test_callback_arg(void)
{
    pass("<callback name=\"writeMessage\" nth=\"1\" arg=\"channel\" equals=\"1\"/>");
    pass("<callback name=\"writeMessage\" nth=\"2\" arg=\"message\" equals=\"careful\"/>");
    fails("<callback name=\"writeMessage\" arg=\"channel\" equals=\"1\"/>",
          "writeMessage #2: channel = '0', expected '1'");
    fails("<callback name=\"writeMessage\" nth=\"3\" arg=\"channel\" equals=\"1\"/>",
          "expected a #3");
    fails("<callback name=\"writeMessage\" nth=\"1\" arg=\"percent\" equals=\"1\"/>",
          "percent = '(absent)'");
}

/* ---------------------------------------------------------------- order */

static void test_order_leave_and_session(void)
{
    pass("<order>streamedParameterResult Ack streamedParameterResult* instanceResult</order>");
    fails("<order>streamedParameterResult* Ack instanceResult</order>",
          "order 'streamedParameterResult Ack streamedParameterResult x2 instanceResult'");
    pass("<order>Session.CloseAsync instanceResult Close sessionClosed</order>");
    fails("<order>Session.CloseAsync sessionClosed Close</order>",
          "expected 'Session.CloseAsync sessionClosed Close'");
    pass("<order>Close leave:Close</order>");
    pass("<order>Session.CloseAsync leave:Session.CloseAsync instanceResult</order>");
}

/* ---------------------------------------------------------------- journal */

static void test_journal_side_messages(void)
{
    pass("<journal event=\"cancel\" same-operation=\"true\" other-connection=\"true\"/>");
    pass("<journal event=\"end\" same-operation=\"true\" other-connection=\"true\" "
         "after=\"cancel\"/>");
    pass("<journal event=\"end\" after=\"cancel\"/>");
    fails("<journal event=\"cancel\" after=\"end\" same-operation=\"true\" absent=\"true\"/>",
          "expected none");
    fails("<journal event=\"interactive-response\" same-operation=\"true\" "
          "other-connection=\"true\"/>",
          "no interactive-response event in the journal with the invoke's OperationID on "
          "another connection");
    fails("<journal event=\"cancel\" after=\"blocked\"/>",
          "no blocked event in the journal for cancel to follow");
    pass("<journal event=\"end\" same-operation=\"true\" within=\"40\" from=\"request\"/>");
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"streamed_values", test_streamed_values},
        {"streamed_types", test_streamed_types},
        {"streamed_scaled", test_streamed_scaled},
        {"streamed_bad_rows", test_streamed_bad_rows},
        {"rss", test_rss},
        {"callback_arg", test_callback_arg},
        {"order_leave_and_session", test_order_leave_and_session},
        {"journal_side_messages", test_journal_side_messages},
        {NULL, NULL},
    };
    return cutest_run("test_harness_expect_stream", cases, argc, argv);
}

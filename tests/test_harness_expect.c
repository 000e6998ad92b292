/*
 * Judging (harness/expect_*.c) on synthetic traces and journals: every expectation kind passes
 * when it should and fails when it should, with a message naming the row's line.
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

/* ---------------------------------------------------------------- fixtures of the test */


/* An async run of op 1: Invoke at 1.000 s, final at 1.050 s with outputs and an error
 * instance, Cancel (1.010-1.011), Close; op 2 finished too. */
static const char *TRACE =
    "1000000 0 enter call=Invoke op=1\n"
    "1000100 0 leave call=Invoke op=1 handle=1\n"
    "1000200 0 enter call=Invoke op=2\n"
    "1000300 0 leave call=Invoke op=2 handle=1\n"
    "1010000 0 enter call=Cancel op=1\n"
    "1011000 0 leave call=Cancel op=1 result=0\n"
    "1020000 1 callback cb=writeMessage op=1 ctx=ok channel=1 message=hi\n"
    "1050000 1 callback cb=instanceResult op=1 ctx=ok more=0 code=1 inst=1 ack=0 "
    "errstr=The%20operation%20was%20cancelled errclass=MSFT_WmiError final=1\n"
    "1050001 1 value op=1 src=final name=ReturnValue type=uint32 null=0 value=7\n"
    "1050002 1 value op=1 src=final name=R type=real64 null=0 value=0.10000000000000001\n"
    "1050003 1 value op=1 src=final name=A type=stringa null=0 items=x,y%2Cz\n"
    "1050004 1 value op=1 src=final name=N type=string null=1\n"
    "1050005 1 value op=1 src=error name=Message type=string null=0 "
    "value=Operation%20CANCELLED%20by%20user\n"
    "1060000 1 callback cb=instanceResult op=2 ctx=ok more=0 code=0 inst=1 ack=0 final=1\n"
    "1060001 1 value op=2 src=final name=ReturnValue type=uint32 null=0 value=7\n"
    "1070000 0 enter call=Close op=1\n"
    "1071000 0 leave call=Close op=1 result=0\n"
    "1080000 0 enter call=GetInstance op=1\n"
    "1080500 0 leave call=GetInstance op=1 result=4\n"
    "1090000 0 end\n";

static const char *BODY =
    "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
    "xmlns:wsman=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\"><s:Header>"
    "<wsman:SelectorSet><wsman:Selector Name=\"__cimnamespace\">root/cimv2</wsman:Selector>"
    "</wsman:SelectorSet></s:Header><s:Body><p:M_INPUT xmlns:p=\"urn:res\">"
    "<p:X>1</p:X><p:X>2</p:X></p:M_INPUT></s:Body></s:Envelope>";

static mock_header HEADERS[] = {
    {(char *)"Content-Type", (char *)"application/soap+xml;charset=UTF-8"},
    {(char *)"Authorization", (char *)"Basic ***"}};

/* Journal times count from 0.9 s on the trace's clock. */
static mock_event JOURNAL[] = {
    {.kind = MOCK_EV_CONNECT, .t_us = 50000},
    {.kind = MOCK_EV_REQUEST, .t_us = 100500, .http_method = (char *)"POST",
     .path = (char *)"/wsman", .headers = HEADERS, .n_headers = 2, .body = NULL, .body_len = 0},
    {.kind = MOCK_EV_DISCONNECT, .t_us = 111000 + 500},
};

static conform_trace the_trace;
static const char *TABLE; /* the row's table file given to the judge (NULL: none) */

static size_t judge_trace(const char *trace, const char *expects, conform_expect_report *rep)
{
    JOURNAL[1].body = (char *)BODY;
    JOURNAL[1].body_len = strlen(BODY);
    conform_case_spec *spec = spec_with(expects);
    memset(&the_trace, 0, sizeof the_trace);
    conform_trace_feed(&the_trace, trace, strlen(trace));
    conform_trace_finish(&the_trace);
    conform_expect_input in = {spec, &the_trace, JOURNAL, 3, 900000, 1.0, 1.0, 0, TABLE};
    CU_ASSERT_EQUAL(conform_expect_judge(&in, rep), 0);
    conform_trace_free(&the_trace);
    conform_case_spec_free(spec);
    return rep->failed;
}

static size_t judge(const char *expects, conform_expect_report *rep)
{
    return judge_trace(TRACE, expects, rep);
}

/* Each expectation alone: passes (0 failures) or fails with `problem` in the message. */
static void pass(const char *expects)
{
    conform_expect_report rep;
    size_t failed = judge(expects, &rep);
    if (failed) fprintf(stderr, "\nunexpected failure of %s:\n%s", expects, rep.details);
    CU_ASSERT_EQUAL(failed, 0);
    conform_expect_report_clear(&rep);
}

static void fails(const char *expects, const char *problem)
{
    conform_expect_report rep;
    size_t failed = judge(expects, &rep);
    CU_ASSERT(failed > 0);
    int named =
        rep.message && strstr(rep.message, problem) && strncmp(rep.message, "line ", 5) == 0;
    if (!named)
        fprintf(stderr, "\n%s: message '%s' lacks '%s'\n", expects,
                rep.message ? rep.message : "(none)", problem);
    CU_ASSERT(named);
    conform_expect_report_clear(&rep);
}

/* ---------------------------------------------------------------- the kinds */

static void test_final(void)
{
    pass("<final code=\"FAILED\"/>");
    pass("<final code=\"non-OK\" within=\"100\"/>");
    pass("<final code=\"non-OK\" within=\"50\" from=\"enter:Cancel\"/>");
    pass("<final op=\"2\" code=\"OK\"/>");
    fails("<final code=\"OK\"/>", "expected OK");
    fails("<final code=\"non-OK\" within=\"20\"/>", "bound 20");
    fails("<final op=\"3\"/>", "no final result");
    fails("<final code=\"non-OK\" within=\"1\" from=\"enter:Nothing\"/>", "no 'enter:Nothing'");
}

static void test_final_every_op(void)
{
    fails("<final op=\"*\" code=\"OK\"/>", "op 1: final result FAILED");
    pass("<final op=\"*\" within=\"promptly\"/>"); /* both of the row's repeat=\"2\" finished */
    pass("<output op=\"*\" name=\"ReturnValue\">7</output>");
}

static void test_final_once(void)
{
    pass("<final-once/>");
    pass("<final-once op=\"*\"/>");
}

static void test_final_once_fails_on_late_callback(void)
{
    /* A second trace: a writeMessage after the final, and a second final. */
    const char *late =
        "1 0 enter call=Invoke op=1\n"
        "2 1 callback cb=instanceResult op=1 ctx=ok more=0 code=0 final=1\n"
        "3 1 callback cb=writeMessage op=1 ctx=ok\n"
        "4 1 callback cb=instanceResult op=1 ctx=ok more=0 code=0 final=0\n";
    conform_case_spec *spec = spec_with("<final-once/>");
    conform_trace t = {0};
    conform_trace_feed(&t, late, strlen(late));
    conform_expect_input in = {spec, &t, NULL, 0, 0, 1.0, 1.0, 0, NULL};
    conform_expect_report rep;
    CU_ASSERT_EQUAL(conform_expect_judge(&in, &rep), 0);
    CU_ASSERT_EQUAL(rep.failed, 2);
    CU_ASSERT(strstr(rep.details, "2 final results") != NULL);
    CU_ASSERT(strstr(rep.details, "after the final one (first: writeMessage)") != NULL);
    conform_expect_report_clear(&rep);
    conform_trace_free(&t);
    conform_case_spec_free(spec);
}

static void test_error_string(void)
{
    pass("<error-string contains=\"CANCEL\"/>");
    pass("<error-string op=\"2\" present=\"false\"/>");
    fails("<error-string contains=\"timeout\"/>", "does not contain 'timeout'");
    fails("<error-string present=\"false\"/>", "expected none");
    fails("<error-string op=\"2\"/>", "no errorString");
}

static void test_error_details(void)
{
    pass("<error-details class=\"MSFT_WmiError\" property=\"Message\" contains=\"cancel\"/>");
    pass("<error-details property=\"Message\" equals=\"operation cancelled by user\"/>");
    pass("<error-details op=\"2\" absent=\"true\"/>");
    fails("<error-details class=\"OMI_Error\"/>", "expected OMI_Error");
    fails("<error-details property=\"CIMStatusCode\"/>", "has no CIMStatusCode");
    fails("<error-details property=\"Message\" contains=\"timeout\"/>", "does not contain");
    fails("<error-details absent=\"true\"/>", "expected none");
    fails("<error-details op=\"2\"/>", "no errorDetails");
}

static void test_output(void)
{
    pass("<output name=\"ReturnValue\" type=\"uint32\">7</output>");
    pass("<output name=\"R\" type=\"real64\">0.1</output>");
    pass("<output name=\"A\" type=\"stringa\"><item>x</item><item>y,z</item></output>");
    pass("<output name=\"N\" null=\"true\"/>");
    pass("<output name=\"Gone\" absent=\"true\"/>");
    pass("<output name=\"N\" any-value=\"true\"/>");
    fails("<output name=\"ReturnValue\">8</output>", "ReturnValue = '7', expected '8'");
    fails("<output name=\"ReturnValue\" type=\"string\">7</output>",
          "type uint32, expected string");
    fails("<output name=\"A\"><item>x</item></output>", "2 elements, expected 1");
    fails("<output name=\"A\"><item>x</item><item>y</item></output>", "A[1] = 'y,z'");
    fails("<output name=\"N\">text</output>", "is NULL, expected not NULL");
    fails("<output name=\"ReturnValue\" absent=\"true\"/>", "expected absent");
    fails("<output name=\"Missing\"/>", "no output Missing");
}

static void test_callback(void)
{
    pass("<callback name=\"instanceResult\" count=\"1\" context-unchanged=\"true\" ack=\"null\"/>");
    pass("<callback name=\"writeMessage\" min=\"1\" max=\"1\"/>");
    pass("<callback name=\"streamedParameterResult\" count=\"0\"/>");
    fails("<callback name=\"instanceResult\" count=\"2\"/>", "expected at least 2");
    fails("<callback name=\"writeMessage\" max=\"0\"/>", "expected at most 0");
    fails("<callback name=\"instanceResult\" ack=\"non-null\"/>",
          "resultAcknowledgement that is NULL");
}

static void test_callback_context(void)
{
    const char *bad = "1 1 callback cb=instanceResult op=1 ctx=bad more=0 code=0 final=1\n";
    conform_case_spec *spec =
        spec_with("<callback name=\"instanceResult\" context-unchanged=\"true\"/>");
    conform_trace t = {0};
    conform_trace_feed(&t, bad, strlen(bad));
    conform_expect_input in = {spec, &t, NULL, 0, 0, 1.0, 1.0, 0, NULL};
    conform_expect_report rep;
    CU_ASSERT_EQUAL(conform_expect_judge(&in, &rep), 0);
    CU_ASSERT_EQUAL(rep.failed, 1);
    CU_ASSERT(rep.message && strstr(rep.message, "callbackContext other than the one given"));
    conform_expect_report_clear(&rep);
    conform_trace_free(&t);
    conform_case_spec_free(spec);
}

static void test_order(void)
{
    pass("<order>Invoke Cancel writeMessage instanceResult Close</order>");
    pass("<order>Invoke writeMessage* instanceResult</order>");
    pass("<order>streamedParameterResult* instanceResult</order>");
    fails("<order>instanceResult writeMessage</order>", "order 'writeMessage instanceResult'");
    fails("<order>Invoke instanceResult Cancel</order>", "expected 'Invoke instanceResult Cancel'");
}

/* A full-size stream: far more events than any fixed buffer, and a star over all of them. */
static void test_order_long_stream(void)
{
    enum { N = 20000 };
    size_t cap = (size_t)N * 80 + 256, len = 0;
    char *trace = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(trace);
    len += (size_t)snprintf(trace + len, cap - len, "1000000 0 enter call=Invoke op=1\n");
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(trace + len, cap - len,
                                "%d 1 callback cb=streamedParameterResult op=1 ctx=ok\n",
                                1000100 + i);
    snprintf(trace + len, cap - len,
             "2000000 1 callback cb=instanceResult op=1 ctx=ok more=0 code=0 inst=1 final=1\n"
             "2000001 0 end\n");
    conform_expect_report rep;
    CU_ASSERT_EQUAL(
        judge_trace(trace, "<order>Invoke streamedParameterResult* instanceResult</order>", &rep),
        0);
    conform_expect_report_clear(&rep);
    CU_ASSERT(judge_trace(trace, "<order>Invoke instanceResult streamedParameterResult*</order>",
                          &rep) > 0);
    CU_ASSERT_PTR_NOT_NULL(rep.message);
    if (rep.message) CU_ASSERT_PTR_NOT_NULL(strstr(rep.message, "streamedParameterResult x20000"));
    conform_expect_report_clear(&rep);
    free(trace);
}

static void test_call(void)
{
    pass("<call name=\"Cancel\" result=\"OK\" within=\"promptly\"/>");
    pass("<call name=\"GetInstance\" result=\"INVALID_PARAMETER\"/>");
    pass("<call name=\"Ack\" absent=\"true\"/>");
    fails("<call name=\"Cancel\" result=\"OK\" within=\"0\"/>", "Cancel #1 took 0.001 s");
    fails("<call name=\"Close\" result=\"non-OK\"/>", "Close #1 returned OK (0), expected non-OK");
    fails("<call name=\"Close\" nth=\"2\"/>", "expected a #2");
    fails("<call name=\"Cancel\" absent=\"true\"/>", "expected not");
    fails("<call name=\"GetInstance\" more=\"false\"/>", "moreResults absent");
}

static void test_call_never_returned(void)
{
    const char *hung = "1 0 enter call=Close op=1\n";
    conform_case_spec *spec = spec_with("<call name=\"Close\" result=\"OK\"/>");
    conform_trace t = {0};
    conform_trace_feed(&t, hung, strlen(hung));
    conform_expect_input in = {spec, &t, NULL, 0, 0, 1.0, 1.0, 0, NULL};
    conform_expect_report rep;
    CU_ASSERT_EQUAL(conform_expect_judge(&in, &rep), 0);
    CU_ASSERT(rep.message && strstr(rep.message, "Close never returned"));
    conform_expect_report_clear(&rep);
    conform_trace_free(&t);
    conform_case_spec_free(spec);
}

static void test_requests(void)
{
    pass("<requests count=\"1\"/>");
    pass("<requests min=\"1\" max=\"3\"/>");
    fails("<requests count=\"0\"/>", "expected at most 0");
    fails("<requests min=\"2\"/>", "expected at least 2");
}

static void test_header(void)
{
    pass("<header name=\"content-type\" equals=\"application/soap+xml;charset=UTF-8\"/>");
    pass("<header name=\"Authorization\" contains=\"basic\"/>");
    pass("<header name=\"X-Nothing\" absent=\"true\"/>");
    pass("<header name=\":method\" equals=\"POST\"/><header name=\":path\" equals=\"/wsman\"/>");
    pass("<header request=\"0\" name=\"Content-Type\"/>");
    fails("<header name=\"Content-Type\" equals=\"text/xml\"/>", "expected 'text/xml'");
    fails("<header name=\"Authorization\" absent=\"true\"/>", "carries Authorization");
    fails("<header name=\"SOAPAction\"/>", "no SOAPAction header");
    fails("<header request=\"2\" name=\"Content-Type\"/>", "no request #2");
}

static void test_xpath(void)
{
    pass("<xpath>count(//wsman:Selector[@Name='__cimnamespace'])=1</xpath>");
    pass("<xpath>count(/s:Envelope/s:Body/p:M_INPUT/p:X)=2</xpath>");
    pass("<xpath>//wsman:Selector</xpath>");
    pass("<xpath>string(//wsman:Selector)</xpath>");
    fails("<xpath>count(//wsman:Selector[@Name='__cimnamespace'])=0</xpath>", "is false");
    fails("<xpath>count(((</xpath>", "not a usable XPath expression");
}

static void test_journal(void)
{
    pass("<journal event=\"disconnect\"/>");
    pass("<journal event=\"disconnect\" within=\"5\" from=\"leave:Cancel\"/>");
    pass("<journal event=\"cancel\" absent=\"true\"/>");
    pass("<journal event=\"request\" within=\"1\"/>");
    fails("<journal event=\"disconnect\" within=\"1\" from=\"enter:Cancel\"/>",
          "disconnect after 0.0");
    fails("<journal event=\"cancel\"/>", "no cancel event");
    fails("<journal event=\"connect\" absent=\"true\"/>", "expected none");
    fails("<journal event=\"disconnect\" within=\"1\" from=\"enter:Nothing\"/>",
          "no 'enter:Nothing'");
}

static void test_observe_never_fails(void)
{
    conform_expect_report rep;
    CU_ASSERT_EQUAL(judge("<observe what=\"final\"/><observe what=\"outputs\"/>"
                          "<observe what=\"requests\"/><observe what=\"calls\"/>"
                          "<observe what=\"final\" op=\"9\"/>", &rep), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rep.observed);
    CU_ASSERT(strstr(rep.observed, "op 1: final FAILED (1)") != NULL);
    CU_ASSERT(strstr(rep.observed, "ReturnValue:uint32 R:real64 A:stringa") != NULL);
    CU_ASSERT(strstr(rep.observed, "requests: 1") != NULL);
    CU_ASSERT(strstr(rep.observed, "Cancel op 1 -> 0") != NULL);
    CU_ASSERT(strstr(rep.observed, "op 9: no final result") != NULL);
    conform_expect_report_clear(&rep);
}

static void test_every_failure_in_details(void)
{
    conform_expect_report rep;
    CU_ASSERT_EQUAL(judge("<final code=\"OK\"/>\n<requests count=\"5\"/>", &rep), 2);
    CU_ASSERT(strncmp(rep.message, "line 5: final:", 14) == 0);
    CU_ASSERT(strstr(rep.details, "line 6: requests:") != NULL);
    conform_expect_report_clear(&rep);
    /* With the row's table known, every finding names it as file:line. */
    TABLE = "/repo/cases/cancel.xml";
    CU_ASSERT_EQUAL(judge("<final code=\"OK\"/>\n<requests count=\"5\"/>", &rep), 2);
    TABLE = NULL;
    CU_ASSERT(strncmp(rep.message, "cancel.xml:5: final:", 20) == 0);
    CU_ASSERT(strstr(rep.details, "cancel.xml:6: requests:") != NULL);
    conform_expect_report_clear(&rep);
}

/* ---------------------------------------------------------------- evidence */

static void judge_text(const char *trace, const char *case_attrs, const char *expects,
                       const mock_event *journal, size_t n_journal, conform_expect_report *rep)
{
    conform_case_spec *spec = spec_with_attrs(case_attrs, expects);
    conform_trace t = {0};
    conform_trace_feed(&t, trace, strlen(trace));
    conform_trace_finish(&t);
    conform_expect_input in = {spec, &t, journal, n_journal, 0, 1.0, 1.0, 0, NULL};
    CU_ASSERT_EQUAL(conform_expect_judge(&in, rep), 0);
    conform_trace_free(&t);
    conform_case_spec_free(spec);
}

static void test_given_is_a_precondition(void)
{
    conform_expect_report rep;
    CU_ASSERT_EQUAL(judge("<callback name=\"streamedParameterResult\" min=\"1\" given=\"true\"/>\n"
                          "<output name=\"Missing\" absent=\"true\"/>", &rep), 0);
    CU_ASSERT_EQUAL(rep.unmet_given, 1);
    CU_ASSERT(rep.given != NULL &&
              strstr(rep.given, "line 5: callback: op 1: streamedParameterResult "
                                "called 0 time(s)") != NULL);
    CU_ASSERT_PTR_NULL(rep.message);
    conform_expect_report_clear(&rep);
    CU_ASSERT_EQUAL(judge("<final code=\"FAILED\" given=\"true\"/>", &rep), 0);
    CU_ASSERT_EQUAL(rep.unmet_given, 0);
    conform_expect_report_clear(&rep);
}

/* A final result that came before Cancel proves nothing about a bound counted from Cancel. */
static void test_bound_from_a_later_event_fails(void)
{
    const char *early =
        "1000000 0 enter call=Invoke op=1\n"
        "1000100 0 leave call=Invoke op=1 handle=1\n"
        "1000500 1 callback cb=instanceResult op=1 ctx=ok more=0 code=2 final=1\n"
        "1010500 0 enter call=Cancel op=1\n"
        "1011000 0 leave call=Cancel op=1 result=0\n";
    conform_expect_report rep;
    judge_text(early, "reaches-server=\"either\"",
               "<final code=\"non-OK\" within=\"bounded\" from=\"enter:Cancel\"/>", NULL, 0, &rep);
    CU_ASSERT_EQUAL(rep.failed, 1);
    CU_ASSERT(rep.message && strstr(rep.message, "final result came 0.010 s before enter:Cancel"));
    conform_expect_report_clear(&rep);
}

/* Waits of the driver that ran out: on the mock they are preconditions, on the
 * implementation what it owed. */
static void test_waits_that_ran_out(void)
{
    const char *trace =
        "1000000 0 enter call=Invoke op=1\n"
        "1000100 0 leave call=Invoke op=1 handle=1\n"
        "6000000 0 timeout what=request line=12 ms=5000\n"
        "9000000 0 timeout what=final op=1 line=13 ms=3000\n"
        "9100000 0 timeout what=final op=1 ms=5000\n";
    conform_expect_report rep;
    judge_text(trace, "reaches-server=\"either\"", "", NULL, 0, &rep);
    CU_ASSERT_EQUAL(rep.failed, 0);
    CU_ASSERT_EQUAL(rep.unmet_given, 1);
    CU_ASSERT_STRING_EQUAL(rep.given, "line 12: wait-request: no request reached the mock server "
                                      "within 5.0 s\n");
    CU_ASSERT_EQUAL(rep.stalled, 2);
    CU_ASSERT_STRING_EQUAL(rep.stalls,
                           "line 13: wait-final: op 1: no final result within 3.0 s\n"
                           "collecting the result: op 1: no final result within 5.0 s\n");
    conform_expect_report_clear(&rep);
}

static void test_reaches_server(void)
{
    const char *trace = "1 0 enter call=Invoke op=1\n2 0 leave call=Invoke op=1 handle=1\n";
    mock_event none[] = {{.kind = MOCK_EV_CONNECT, .t_us = 5}};
    mock_event one[] = {{.kind = MOCK_EV_REQUEST, .t_us = 5}};
    conform_expect_report rep;
    judge_text(trace, "reaches-server=\"yes\"", "", none, 1, &rep);
    CU_ASSERT_EQUAL(rep.unmet_given, 1);
    CU_ASSERT(rep.given && strstr(rep.given, "no request reached the mock server"));
    conform_expect_report_clear(&rep);
    judge_text(trace, "reaches-server=\"yes\"", "", one, 1, &rep);
    CU_ASSERT_EQUAL(rep.unmet_given + rep.failed, 0);
    conform_expect_report_clear(&rep);
    judge_text(trace, "reaches-server=\"no\"", "", one, 1, &rep);
    CU_ASSERT_EQUAL(rep.failed, 1);
    CU_ASSERT(rep.message &&
              strstr(rep.message, "1 request(s) reached the mock server, expected none"));
    conform_expect_report_clear(&rep);
    judge_text(trace, "reaches-server=\"either\"", "", none, 1, &rep);
    CU_ASSERT_EQUAL(rep.unmet_given + rep.failed, 0);
    conform_expect_report_clear(&rep);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"final", test_final},
        {"final_every_op", test_final_every_op},
        {"final_once", test_final_once},
        {"final_once_fails_on_late_callback", test_final_once_fails_on_late_callback},
        {"error_string", test_error_string},
        {"error_details", test_error_details},
        {"output", test_output},
        {"callback", test_callback},
        {"callback_context", test_callback_context},
        {"order", test_order},
        {"order_long_stream", test_order_long_stream},
        {"call", test_call},
        {"call_never_returned", test_call_never_returned},
        {"requests", test_requests},
        {"header", test_header},
        {"xpath", test_xpath},
        {"journal", test_journal},
        {"observe_never_fails", test_observe_never_fails},
        {"every_failure_in_details", test_every_failure_in_details},
        {"given_is_a_precondition", test_given_is_a_precondition},
        {"bound_from_a_later_event_fails", test_bound_from_a_later_event_fails},
        {"waits_that_ran_out", test_waits_that_ran_out},
        {"reaches_server", test_reaches_server},
        {NULL, NULL},
    };
    return cutest_run("test_harness_expect", cases, argc, argv);
}

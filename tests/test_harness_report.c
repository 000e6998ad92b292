/*
 * Reports (harness/report*.c) on a hand-built result set: JUnit valid against the Jenkins
 * schema (when ../shared has it) and our own harness/junit.xsd, durations with three
 * decimals, JSON escaping, redaction, counting and the exit code.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "harness/report.h"
#include "kit/xml_load.h"
#include "tests/support/cutest.h"

/* Stub of the case half's level names: this binary links the runner half alone. */
const char *conform_level_name(conform_level level)
{
    return level == CONFORM_MUST ? "MUST" : level == CONFORM_SHOULD ? "SHOULD" : "INFO";
}

static char *CL_A[] = {"CAN-1", "CAN-2"};
static char *CL_B[] = {"CAN-2"};
static char *CL_C[] = {"INV-6"};
static char *CL_D[] = {"STR-1"};

static conform_case CASES[] = {
    {"cancel.async.before-response", "cancel", "Cancel before the response", CONFORM_MUST, CL_A,
     2, NULL, 0, "f.xml", "cases/cancel.xml", 12, NULL},
    {"cancel.sync.blocked", "cancel", "Cancel <unblocks> & \"GetInstance\"", CONFORM_MUST, CL_B,
     1, NULL, 0, "f.xml", "cases/cancel.xml", 40, NULL},
    {"invoke.rtti.none", "invoke", "RTTI", CONFORM_INFO, CL_C, 1, NULL, 0, "f.xml",
     "cases/invoke.xml", 7, NULL},
    {"stream.crash", "stream", "Crash", CONFORM_MUST, CL_D, 1, NULL, 0, "f.xml",
     "cases/stream.xml", 3, NULL},
    {"stream.tls", "stream", "TLS", CONFORM_MUST, CL_D, 1, NULL, 0, "f.xml", "cases/stream.xml",
     9, NULL},
};
#define N_CASES (sizeof CASES / sizeof CASES[0])

static conform_result RESULTS[N_CASES] = {
    {.outcome = CONFORM_PASS,
     .transcript = "POST /wsman\nAuthorization: Basic dXNlcjpzZWNyZXQ=\n",
     .seconds = 0.12345, .peak_rss_kb = 2048, .requests = -1},
    {.outcome = CONFORM_FAIL, .kind = CONFORM_KIND_EXPECTATION,
     .message = "final result: want FAILED, got OK",
     .details = "callbacks: want 1 instanceResult, got 2",
     .transcript = "bytes \x01\x02 bad \xff\xfe utf8 and \xc3\xa9 good; password=hunter2&x=1",
     .seconds = 1.5, .peak_rss_kb = -1, .requests = 1},
    {.outcome = CONFORM_PASS, .observed = "ReturnValue: MI_UINT32\nout1: MI_STRING",
     .seconds = 0.0004, .peak_rss_kb = 100, .requests = -1},
    {.outcome = CONFORM_ERROR, .kind = CONFORM_KIND_CRASH,
     .message = "driver killed by signal 11 (SIGSEGV)", .transcript = "trace...",
     .seconds = 12345.6789, .peak_rss_kb = -1, .requests = 0},
    {.outcome = CONFORM_SKIP, .message = "no TLS in this environment", .seconds = -3.0,
     .peak_rss_kb = -1, .requests = -1},
};

static void items(conform_report_item *out)
{
    for (size_t i = 0; i < N_CASES; i++) {
        out[i].c = &CASES[i];
        out[i].r = &RESULTS[i];
    }
}

static const conform_report_meta META = {
    "/repo/build/lib/libmiref.so", NULL, "ci-host", "0.1.0", 4242, 0.1, 10.0, 1700000000, NULL};

static char *tmp_dir(void)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/test_harness_report.XXXXXX");
    return mkdtemp(dir);
}

/* 0 when the report at `xml` is valid against `xsd`; else -1, the first problem on stderr. */
static int validate(const char *xml, const char *xsd)
{
    char err[1024];
    xmlDocPtr doc = kit_xml_load_file(xml, NULL, xsd, err, sizeof err);
    if (doc == NULL) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    xmlFreeDoc(doc);
    return 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s != NULL && fread(s, 1, (size_t)n, f) != (size_t)n) n = 0;
    if (s != NULL) s[n] = '\0';
    fclose(f);
    return s;
}

static char *write_junit(char *dir, size_t n_items)
{
    static char path[128];
    conform_report_item it[N_CASES];
    items(it);
    snprintf(path, sizeof path, "%s/junit.xml", dir);
    CU_ASSERT_EQUAL(conform_report_junit_write(path, &META, it, n_items), CONFORM_OK);
    return path;
}

static void test_junit_valid_against_both_schemas(void)
{
    char *dir = tmp_dir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char *path = write_junit(dir, N_CASES);
    char ours[PATH_MAX + 64], theirs[PATH_MAX + 64];
    cutest_repo_path(ours, sizeof ours, "harness/junit.xsd");
    cutest_repo_path(theirs, sizeof theirs, "../shared/schemas/junit-10.xsd");
    CU_ASSERT_EQUAL(validate(path, ours), 0);
    if (access(theirs, R_OK) == 0) CU_ASSERT_EQUAL(validate(path, theirs), 0);
    /* An empty selection is a valid report too. */
    path = write_junit(dir, 0);
    CU_ASSERT_EQUAL(validate(path, ours), 0);
    if (access(theirs, R_OK) == 0) CU_ASSERT_EQUAL(validate(path, theirs), 0);
    unlink(path);
    rmdir(dir);
}

static double xpath_number(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr obj = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    double v = obj != NULL ? xmlXPathCastToNumber(obj) : -1;
    xmlXPathFreeObject(obj);
    xmlXPathFreeContext(ctx);
    return v;
}

static char *xpath_string(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr obj = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    xmlChar *s = obj != NULL ? xmlXPathCastToString(obj) : NULL;
    char *copy = strdup(s != NULL ? (const char *)s : "");
    xmlFree(s);
    xmlXPathFreeObject(obj);
    xmlXPathFreeContext(ctx);
    return copy;
}

static void assert_string(xmlDocPtr doc, const char *expr, const char *want)
{
    char *got = xpath_string(doc, expr);
    CU_ASSERT_STRING_EQUAL(got, want);
    if (strcmp(got, want) != 0) fprintf(stderr, "%s: got '%s', want '%s'\n", expr, got, want);
    free(got);
}

static void test_junit_content(void)
{
    char *dir = tmp_dir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char *path = write_junit(dir, N_CASES);
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(xpath_number(doc, "count(/testsuites/testsuite)"), 3);
    CU_ASSERT_EQUAL(xpath_number(doc, "count(//testcase)"), 5);
    assert_string(doc, "/testsuites/@tests", "5");
    assert_string(doc, "/testsuites/@failures", "1");
    assert_string(doc, "/testsuites/@errors", "1");
    assert_string(doc, "/testsuites/testsuite[1]/@name", "cancel");
    assert_string(doc, "/testsuites/testsuite[1]/@tests", "2");
    assert_string(doc, "/testsuites/testsuite[1]/@timestamp", "2023-11-14T22:13:20");
    assert_string(doc, "/testsuites/testsuite[3]/@skipped", "1");
    assert_string(doc, "//testsuite[1]/properties/property[@name='seed']/@value", "4242");
    assert_string(doc, "//testsuite[1]/properties/property[@name='timeout-scale']/@value", "10");
    assert_string(doc, "//testcase[@name='cancel.async.before-response']/@time", "0.123");
    assert_string(doc, "//testcase[@name='cancel.async.before-response']/@classname", "cancel");
    assert_string(doc, "//testcase[@name='stream.crash']/@time", "12345.679");
    assert_string(doc, "//testcase[@name='stream.tls']/@time", "0.000");
    assert_string(doc, "//testcase[@name='cancel.sync.blocked']/failure/@message",
                  "final result: want FAILED, got OK");
    assert_string(doc, "//testcase[@name='cancel.sync.blocked']/failure/@type", "expectation");
    assert_string(doc, "//testcase[@name='stream.crash']/error/@type", "crash");
    assert_string(doc, "//testcase[@name='stream.tls']/skipped/@message",
                  "no TLS in this environment");
    /* The body holds every unmet expectation. */
    char *body = xpath_string(doc, "//testcase[@name='cancel.sync.blocked']/failure");
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "callbacks: want 1 instanceResult, got 2"));
    free(body);
    /* system-out: identity, observations, redacted transcript, bad bytes replaced. */
    char *out = xpath_string(doc, "//testcase[@name='invoke.rtti.none']/system-out");
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "level: INFO"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "ReturnValue: MI_UINT32"));
    free(out);
    out = xpath_string(doc, "//testcase[@name='cancel.async.before-response']/system-out");
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "clauses: CAN-1,CAN-2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Authorization: Basic <redacted>"));
    CU_ASSERT_PTR_NULL(strstr(out, "dXNlcjpzZWNyZXQ="));
    free(out);
    out = xpath_string(doc, "//testcase[@name='cancel.sync.blocked']/system-out");
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "password=<redacted>&x=1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "bytes ?? bad ?? utf8 and \xc3\xa9 good"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "title: Cancel <unblocks> & \"GetInstance\""));
    free(out);
    xmlFreeDoc(doc);
    unlink(path);
    rmdir(dir);
}

/* A full-size soak transcript (tens of MB) keeps its edges: the report stays a readable XML
 * file (libxml2 refuses text nodes over 10 MB) and says how much was left out. */
static void test_long_transcript_keeps_its_edges(void)
{
    size_t n = 12u * 1024u * 1024u;
    char *big = malloc(n + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    memset(big, 'x', n);
    memcpy(big, "FIRST-LINE", 10);
    memcpy(big + n - 9, "LAST-LINE", 9);
    big[n] = '\0';
    char *saved = RESULTS[0].transcript;
    RESULTS[0].transcript = big;
    char *dir = tmp_dir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char *path = write_junit(dir, 1);
    RESULTS[0].transcript = saved;
    char ours[PATH_MAX];
    cutest_repo_path(ours, sizeof ours, "harness/junit.xsd");
    CU_ASSERT_EQUAL(validate(path, ours), 0);
    char *xml = slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT(strlen(xml) < 2u * 1024u * 1024u);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "FIRST-LINE"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "LAST-LINE"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "bytes of the transcript omitted"));
    free(xml);
    free(big);
    unlink(path);
    rmdir(dir);
}

static void test_seconds_three_decimals(void)
{
    char buf[64];
    conform_report_format_seconds(0.1234, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "0.123");
    conform_report_format_seconds(2.0, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "2.000");
    conform_report_format_seconds(0.9996, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "1.000");
    conform_report_format_seconds(-1.0, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "0.000");
    conform_report_format_seconds(0.0 / 0.0, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "0.000");
    conform_report_format_seconds(1e6 + 0.5, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "1000000.500");
}

static void assert_json(const char *in, const char *want)
{
    conform_report_buf b = {NULL, 0, 0};
    CU_ASSERT_EQUAL_FATAL(conform_report_json_string(&b, in), 0);
    CU_ASSERT_STRING_EQUAL(b.data, want);
    if (strcmp(b.data, want) != 0) fprintf(stderr, "json: got %s, want %s\n", b.data, want);
    conform_report_buf_free(&b);
}

static void test_json_escaping(void)
{
    assert_json("plain", "\"plain\"");
    assert_json("", "\"\"");
    assert_json(NULL, "null");
    assert_json("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
    assert_json("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"");
    assert_json("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
    assert_json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
                "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
    assert_json("bad \xff end", "\"bad \\ufffd end\"");
    assert_json("cut \xe2\x82", "\"cut \\ufffd\\ufffd\"");
    assert_json("overlong \xc0\xaf", "\"overlong \\ufffd\\ufffd\"");
    assert_json("surrogate \xed\xa0\x80", "\"surrogate \\ufffd\\ufffd\\ufffd\"");
}

static void test_json_summary(void)
{
    char *dir = tmp_dir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char path[128];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    conform_report_item it[N_CASES];
    items(it);
    CU_ASSERT_EQUAL_FATAL(conform_report_json_write(path, &META, it, N_CASES),
                          CONFORM_OK);
    char *s = slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"implementation\": \"/repo/build/lib/libmiref.so\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"profile\": null"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"seed\": 4242"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"counts\": {\"passed\": 2, \"failed\": 1, \"errored\": 1, "
                                     "\"skipped\": 1, \"flaky\": 0}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "{\"id\": \"cancel.async.before-response\", \"area\": "
                                     "\"cancel\", \"level\": \"MUST\", \"clauses\": [\"CAN-1\", "
                                     "\"CAN-2\"], \"outcome\": \"pass\", \"kind\": null, "
                                     "\"requests\": null, \"seconds\": 0.123, "
                                     "\"message\": null, \"peak_rss_kb\": 2048}"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(s, "\"outcome\": \"error\", \"kind\": \"crash\", \"requests\": 0"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"outcome\": \"error\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"peak_rss_kb\": null"));
    /* CAN-2 is cited by one pass and one fail. */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(s, "{\"clause\": \"CAN-2\", \"passed\": 1, \"failed\": 1, \"errored\": 0, "
                  "\"skipped\": 0}"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(s, "{\"clause\": \"STR-1\", \"passed\": 0, \"failed\": 0, \"errored\": 1, "
                  "\"skipped\": 1}"));
    /* Balanced outside strings: a cheap check that the writer closed what it opened. */
    int depth = 0, in_string = 0;
    for (const char *p = s; *p != '\0'; p++) {
        if (in_string) {
            if (*p == '\\') p++;
            else if (*p == '"') in_string = 0;
        } else if (*p == '"') in_string = 1;
        else if (*p == '{' || *p == '[') depth++;
        else if (*p == '}' || *p == ']') depth--;
        CU_ASSERT(depth >= 0);
    }
    CU_ASSERT_EQUAL(depth, 0);
    CU_ASSERT_EQUAL(in_string, 0);
    free(s);
    CU_ASSERT_EQUAL(conform_report_json_write(path, &META, it, 0), CONFORM_OK);
    s = slurp(path);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"cases\": [],\n  \"clauses\": []"));
    free(s);
    unlink(path);
    rmdir(dir);
}

static void assert_redacted(const char *in, const char *want)
{
    char *got = conform_report_redact(in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_STRING_EQUAL(got, want);
    if (strcmp(got, want) != 0) fprintf(stderr, "redact: got '%s', want '%s'\n", got, want);
    free(got);
}

/* index.html: well-formed, self-contained, failures before passes, every case unfolding to its
 * failure text and transcript, secrets redacted, markup in titles escaped. */
static void test_html_page(void)
{
    char *dir = tmp_dir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char path[128];
    snprintf(path, sizeof path, "%s/index.html", dir);
    conform_report_item it[N_CASES];
    items(it);
    CU_ASSERT_EQUAL_FATAL(conform_report_html_write(path, &META, it, N_CASES), CONFORM_OK);
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc); /* well-formed */
    xmlFreeDoc(doc);
    char *s = slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(strncmp(s, "<!DOCTYPE html>", 15), 0);
    CU_ASSERT_PTR_NULL(strstr(s, "<script"));
    CU_ASSERT_PTR_NULL(strstr(s, " src=")); /* nothing fetched: no scripts, images or fonts */
    const char *fail = strstr(s, "id=\"cancel.sync.blocked\"");
    const char *crash = strstr(s, "id=\"stream.crash\"");
    const char *pass = strstr(s, "id=\"cancel.async.before-response\"");
    CU_ASSERT(fail != NULL && crash != NULL && pass != NULL && fail < crash && crash < pass);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "Cancel &lt;unblocks&gt; &amp;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "final result: want FAILED, got OK"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<summary>transcript (API trace, mock journal)</summary>"));
    CU_ASSERT_PTR_NULL(strstr(s, "hunter2"));
    CU_ASSERT_PTR_NULL(strstr(s, "dXNlcjpzZWNyZXQ="));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "href=\"#clause-CAN-2\""));
    CU_ASSERT_PTR_NULL(strstr(s, "<dl")); /* no contract given: nothing quoted */
    free(s);

    /* With the contract, the cited clauses are quoted with their anchors; others are not. */
    char contract[160];
    snprintf(contract, sizeof contract, "%s/mi-api.md", dir);
    FILE *f = fopen(contract, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("## 3. contract\n- CAN-2 MUST — the final result still arrives. [OMI]\n"
          "- SES-10 SHOULD — not cited here.\n- not a clause line\n", f);
    fclose(f);
    conform_report_meta with = META;
    with.contract = contract;
    CU_ASSERT_EQUAL_FATAL(conform_report_html_write(path, &with, it, N_CASES), CONFORM_OK);
    s = slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<dt id=\"clause-CAN-2\">CAN-2</dt>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "the final result still arrives"));
    CU_ASSERT_PTR_NULL(strstr(s, "not cited here"));
    free(s);
    remove(contract);
    remove(path);
    rmdir(dir);
}

static void test_redaction(void)
{
    assert_redacted("Authorization: Basic abc\r\nHost: x",
                    "Authorization: Basic <redacted>\r\nHost: x");
    assert_redacted("authorization:Negotiate x y\n", "authorization:Negotiate <redacted>\n");
    assert_redacted("user=a&password=s3cret&b=1", "user=a&password=<redacted>&b=1");
    assert_redacted("PASSWORD=x", "PASSWORD=<redacted>");
    assert_redacted("password=", "password=");
    assert_redacted("no secrets here", "no secrets here");
    assert_redacted(NULL, "");
    /* The worst case for growth: many one-character passwords. */
    char in[400] = "";
    char want[800] = "";
    for (int i = 0; i < 30; i++) {
        strcat(in, "password=x ");
        strcat(want, "password=<redacted> ");
    }
    assert_redacted(in, want);
}

static void test_counting_and_exit_code(void)
{
    conform_report_item it[N_CASES];
    items(it);
    conform_report_counts k = conform_report_count(it, N_CASES);
    CU_ASSERT_EQUAL(k.passed, 2);
    CU_ASSERT_EQUAL(k.failed, 2); /* FAIL and ERROR */
    CU_ASSERT_EQUAL(k.errored, 1);
    CU_ASSERT_EQUAL(k.skipped, 1);
    CU_ASSERT_EQUAL(conform_report_exit_code(&k), 1);
    k = conform_report_count(it, 1);
    CU_ASSERT_EQUAL(conform_report_exit_code(&k), 0);
    k = conform_report_count(it + 4, 1); /* only a skip */
    CU_ASSERT_EQUAL(conform_report_exit_code(&k), 0);
    k = conform_report_count(it + 3, 1); /* only an error */
    CU_ASSERT_EQUAL(conform_report_exit_code(&k), 1);
}

static void test_console_lines(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (size_t i = 0; i < N_CASES; i++) conform_report_console_case(f, &CASES[i], &RESULTS[i]);
    conform_report_counts k = {.passed = 2, .failed = 2, .errored = 1, .skipped = 1};
    conform_report_console_summary(f, &k);
    fclose(f);
    const char *want = "PASS  cancel.async.before-response  (0.123 s)\n"
                       "FAIL  cancel.sync.blocked  final result: want FAILED, got OK\n"
                       "PASS  invoke.rtti.none  (0.000 s)\n"
                       "ERROR stream.crash  driver killed by signal 11 (SIGSEGV)\n"
                       "SKIP  stream.tls  no TLS in this environment\n"
                       "of the 2 failed: 1 failed an expectation, 1 errored (crash, hang, not "
                       "judged)\n"
                       "2 passed, 2 failed, 1 skipped\n";
    CU_ASSERT_STRING_EQUAL(text, want);
    free(text);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"junit_valid_against_both_schemas", test_junit_valid_against_both_schemas},
        {"junit_content", test_junit_content},
        {"long_transcript_keeps_its_edges", test_long_transcript_keeps_its_edges},
        {"seconds_three_decimals", test_seconds_three_decimals},
        {"json_escaping", test_json_escaping},
        {"json_summary", test_json_summary},
        {"html_page", test_html_page},
        {"redaction", test_redaction},
        {"counting_and_exit_code", test_counting_and_exit_code},
        {"console_lines", test_console_lines},
        {NULL, NULL},
    };
    int rc = cutest_run("harness_report", cases, argc, argv);
    xmlCleanupParser();
    return rc;
}

/*
 * `mi-conform compare` (harness/compare.c) on crafted JUnit reports: every kind of change is
 * found and counted, rounds fold into flaky, and the exit codes say regressed or not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/compare.h"
#include "harness/matrix.h"
#include "tests/support/cutest.h"

/* The report writers compare borrows its JSON strings from name levels through the case half,
 * which this test does not link: its one function, stubbed. */
#include "harness/conform.h"
const char *conform_level_name(conform_level level)
{
    return level == CONFORM_MUST ? "MUST" : level == CONFORM_SHOULD ? "SHOULD" : "INFO";
}

static char dir[128];

/* A report directory NAME holding a junit.xml of the given testcases (XML fragments). */
static const char *report(const char *name, const char *testcases)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    mkdir(path, 0777);
    char file[300];
    snprintf(file, sizeof file, "%s/junit.xml", path);
    FILE *f = fopen(file, "w");
    CU_ASSERT_FATAL(f != NULL);
    fprintf(f,
            "<?xml version=\"1.0\"?>\n<testsuites name=\"mi-conform\">\n<testsuite name=\"a\">\n%s"
            "</testsuite>\n</testsuites>\n",
            testcases);
    fclose(f);
    return path;
}

#define PASS(id) "<testcase name=\"" id "\" classname=\"a\" time=\"0.1\"><system-out/></testcase>\n"
#define FAIL(id, msg)                                                                \
    "<testcase name=\"" id "\" classname=\"a\" time=\"0.1\"><failure message=\"" msg \
    "\" type=\"expectation\">" msg "</failure></testcase>\n"
#define ERR(id, msg)                                                               \
    "<testcase name=\"" id "\" classname=\"a\" time=\"0.1\"><error message=\"" msg \
    "\" type=\"crash\">" msg "</error></testcase>\n"
#define SKIP(id) \
    "<testcase name=\"" id "\" classname=\"a\" time=\"0.1\">" \
    "<skipped message=\"expected\"/></testcase>\n"

static char *run_compare(const char *base, const char *now, int allow_removed, int json,
                         conform_compare_counts *k, int *rc)
{
    conform_compare_run b, n;
    char err[512];
    CU_ASSERT_EQUAL_FATAL(conform_compare_load(base, &b, err, sizeof err), CONFORM_OK);
    CU_ASSERT_EQUAL_FATAL(conform_compare_load(now, &n, err, sizeof err), CONFORM_OK);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    *rc = conform_compare_write(out, &b, &n, allow_removed, json, k);
    fclose(out);
    conform_compare_run_free(&b);
    conform_compare_run_free(&n);
    return text;
}

static void test_every_kind_of_change(void)
{
    const char *base = report("base", PASS("a.regress") PASS("a.fixed-later") FAIL("a.fixed", "old")
                                      FAIL("a.text", "was this") PASS("a.gone") PASS("a.skipped")
                                      PASS("a.same") PASS("a.flaky"));
    char base_path[256];
    snprintf(base_path, sizeof base_path, "%s", base);
    const char *now = report("now", FAIL("a.regress", "broke") PASS("a.fixed-later") PASS("a.fixed")
                                    FAIL("a.text", "now that") SKIP("a.skipped") PASS("a.same")
                                    PASS("a.new") PASS("a.flaky") FAIL("a.flaky#2", "once"));
    conform_compare_counts k;
    int rc;
    char *text = run_compare(base_path, now, 0, 0, &k, &rc);
    CU_ASSERT_EQUAL(rc, 1);
    CU_ASSERT_EQUAL(k.regressed, 1);
    CU_ASSERT_EQUAL(k.fixed, 1);
    CU_ASSERT_EQUAL(k.appeared, 1);
    CU_ASSERT_EQUAL(k.disappeared, 1);
    CU_ASSERT_EQUAL(k.to_skip, 1);
    CU_ASSERT_EQUAL(k.text_changed, 1);
    CU_ASSERT_EQUAL(k.flaky, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "regressed (1):\n  a.regress  pass -> fail  broke\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "flaky (1):\n  a.flaky  pass -> flaky"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "was: was this\n    now: now that"));
    CU_ASSERT_PTR_NULL(strstr(text, "a.same"));
    free(text);

    /* JSON carries the same, with the overall verdict. */
    text = run_compare(base_path, now, 0, 1, &k, &rc);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"regressed\": [\n    {\"id\": \"a.regress\", "
                                        "\"base\": \"pass\", \"now\": \"fail\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"regressed_overall\": true"));
    free(text);
}

static void test_removed_allowed_and_flaky_not_a_regression(void)
{
    char base[256];
    snprintf(base, sizeof base, "%s", report("base2", PASS("a.one") PASS("a.two")));
    const char *now = report("now2", PASS("a.one") PASS("a.one#2") ERR("a.one#3", "crash"));
    conform_compare_counts k;
    int rc;
    char *text = run_compare(base, now, 0, 0, &k, &rc);
    CU_ASSERT_EQUAL(rc, 1); /* a.two gone */
    free(text);
    text = run_compare(base, now, 1, 0, &k, &rc);
    CU_ASSERT_EQUAL(rc, 0); /* gone allowed; a.one flaky is reported, not a regression */
    CU_ASSERT_EQUAL(k.flaky, 1);
    CU_ASSERT_EQUAL(k.regressed, 0);
    free(text);
    /* A pass that becomes a profile's expected failure (an intermittent entry) is listed, not
     * a regression; a plain skip is. */
    snprintf(base, sizeof base, "%s", report("base4", PASS("a.one") PASS("a.two")));
    now = report("now4",
                 "<testcase name=\"a.one\" classname=\"a\" time=\"1\"><skipped message=\"expected "
                 "failure: a race\"/></testcase>\n" PASS("a.two"));
    text = run_compare(base, now, 0, 0, &k, &rc);
    CU_ASSERT_EQUAL(k.to_skip, 1);
    CU_ASSERT_EQUAL(rc, 0);
    free(text);
    now = report("now5", SKIP("a.one") PASS("a.two"));
    text = run_compare(base, now, 0, 0, &k, &rc);
    CU_ASSERT_EQUAL(rc, 1);
    free(text);
}

static void test_main_exit_codes(void)
{
    char base[256];
    snprintf(base, sizeof base, "%s", report("base3", PASS("a.one")));
    const char *now = report("now3", PASS("a.one"));
    char junit[300], missing[300];
    snprintf(junit, sizeof junit, "%s/junit.xml", now);
    snprintf(missing, sizeof missing, "%s/nothing-here", dir);
    char *same[] = {"compare", base, junit, NULL};
    fflush(stdout);
    int saved = dup(1);
    FILE *devnull = fopen("/dev/null", "w");
    dup2(fileno(devnull), 1);
    int rc_same = conform_compare_main(3, same);
    char *bad[] = {"compare", base, missing, NULL};
    int rc_bad = conform_compare_main(3, bad);
    char *usage[] = {"compare", base, NULL};
    int rc_usage = conform_compare_main(2, usage);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    fclose(devnull);
    CU_ASSERT_EQUAL(rc_same, 0);
    CU_ASSERT_EQUAL(rc_bad, 2);
    CU_ASSERT_EQUAL(rc_usage, 2);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) return NULL;
    char *buf = calloc(1, 1 << 20);
    if (buf != NULL && fread(buf, 1, (1 << 20) - 1, f) == 0) buf[0] = '\0';
    fclose(f);
    return buf;
}

/* matrix: runs side by side, each cell coloured and linked to its run's page, areas totalled. */
static void test_matrix_page(void)
{
    char a[256], out[300], page[320];
    snprintf(a, sizeof a, "%s", report("ref", PASS("a.one") PASS("b.two")));
    const char *b = report("omi", FAIL("a.one", "no final") SKIP("b.two"));
    snprintf(out, sizeof out, "%s/matrix", dir);
    char *argv[] = {"matrix", a, (char *)b, "--out", out, NULL};
    fflush(stdout);
    int saved = dup(1);
    FILE *devnull = fopen("/dev/null", "w");
    dup2(fileno(devnull), 1);
    int rc = conform_matrix_main(5, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    fclose(devnull);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    snprintf(page, sizeof page, "%s/index.html", out);
    char *s = slurp(page);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<th>ref</th>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<th>omi</th>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "href=\"../omi/index.html#a.one\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "class=\"fail\" title=\"no final\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<td>1 / 1</td>")); /* per-area totals */
    free(s);
    char *missing[] = {"matrix", a, "--out", NULL};
    CU_ASSERT_EQUAL(conform_matrix_main(3, missing), 2);
}

int main(int argc, char **argv)
{
    snprintf(dir, sizeof dir, "/tmp/mi-conform-compare-test-%ld", (long)getpid());
    mkdir(dir, 0777);
    static const cutest_case cases[] = {
        {"every_kind_of_change", test_every_kind_of_change},
        {"removed_allowed_and_flaky_not_a_regression",
         test_removed_allowed_and_flaky_not_a_regression},
        {"main_exit_codes", test_main_exit_codes},
        {"matrix_page", test_matrix_page},
        {NULL, NULL},
    };
    int rc = cutest_run("harness_compare", cases, argc, argv);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) rc = 1;
    return rc;
}

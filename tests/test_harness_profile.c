/*
 * Profiles (harness/profile.c): loading and validation against cases/profiles/profile.xsd,
 * glob matching, expected failures turned into skips, unexpected passes turned into failures.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "harness/profile.h"
#include "tests/support/cutest.h"

static char XSD[PATH_MAX + 64];
static char DIR_[64];

static void find_xsd(void)
{
    cutest_repo_path(XSD, sizeof XSD, "cases/profiles/profile.xsd");
}

/* Writes `text` to a file in a fresh temporary directory; returns its path. */
static const char *write_profile(const char *name, const char *text)
{
    static char path[128];
    if (DIR_[0] == '\0') {
        snprintf(DIR_, sizeof DIR_, "/tmp/test_harness_profile.XXXXXX");
        if (mkdtemp(DIR_) == NULL) return NULL;
    }
    snprintf(path, sizeof path, "%s/%s", DIR_, name);
    FILE *f = fopen(path, "w");
    if (f == NULL) return NULL;
    fputs(text, f);
    fclose(f);
    return path;
}

static const char GOOD[] =
    "<?xml version=\"1.0\"?>\n"
    "<profile implementation=\"omi libmi.so 1.6\">\n"
    "  <expect case=\"cancel.wire.*\" reason=\"OMI sends no Cancel message\"/>\n"
    "  <expect case=\"close.sync.unretrieved\" reason=\"OMI blocks forever\"/>\n"
    "  <expect case=\"soak.*\" reason=\"a connector race\" intermittent=\"true\"/>\n"
    "</profile>\n";

static void test_load_and_match(void)
{
    conform_profile p;
    char err[512] = "";
    const char *path = write_profile("good.xml", GOOD);
    CU_ASSERT_EQUAL_FATAL(conform_profile_load(path, XSD, &p, err, sizeof err),
                          CONFORM_OK);
    CU_ASSERT_STRING_EQUAL(p.implementation, "omi libmi.so 1.6");
    CU_ASSERT_EQUAL(p.n_expects, 3);
    CU_ASSERT_EQUAL(p.expects[2].intermittent, 1);
    CU_ASSERT_EQUAL(p.expects[0].intermittent, 0);
    const conform_profile_expect *e = conform_profile_match(&p, "cancel.wire.second-connection");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(e->reason, "OMI sends no Cancel message");
    CU_ASSERT_PTR_NOT_NULL(conform_profile_match(&p, "close.sync.unretrieved"));
    CU_ASSERT_PTR_NULL(conform_profile_match(&p, "close.sync.unretrieved.more"));
    CU_ASSERT_PTR_NULL(conform_profile_match(&p, "cancel.async.before-response"));
    CU_ASSERT_PTR_NULL(conform_profile_match(NULL, "cancel.wire.x"));
    conform_profile_free(&p);
}

static void test_reference_profile_is_empty(void)
{
    char ref[PATH_MAX + 64];
    snprintf(ref, sizeof ref, "%s", XSD);
    char *slash = strrchr(ref, '/');
    CU_ASSERT_PTR_NOT_NULL_FATAL(slash);
    strcpy(slash + 1, "reference.xml");
    conform_profile p;
    char err[512] = "";
    CU_ASSERT_EQUAL_FATAL(conform_profile_load(ref, XSD, &p, err, sizeof err),
                          CONFORM_OK);
    CU_ASSERT_EQUAL(p.n_expects, 0);
    conform_profile_free(&p);
}

static void assert_invalid(const char *name, const char *text, const char *want_in_err)
{
    conform_profile p;
    char err[512] = "";
    const char *path = write_profile(name, text);
    CU_ASSERT_EQUAL(conform_profile_load(path, XSD, &p, err, sizeof err),
                    CONFORM_E_INVALID);
    /* "file:line: problem": the file name and a line number come first. */
    CU_ASSERT_PTR_NOT_NULL(strstr(err, name));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, want_in_err));
    if (strstr(err, want_in_err) == NULL) fprintf(stderr, "error was: %s\n", err);
}

static void test_invalid_profiles_report_file_and_line(void)
{
    assert_invalid("missing-reason.xml",
                   "<profile implementation=\"x\">\n\n  <expect case=\"a.*\"/>\n</profile>\n",
                   ":3: ");
    assert_invalid("bad-glob.xml",
                   "<profile implementation=\"x\">\n  <expect case=\"A B\" reason=\"r\"/>\n"
                   "</profile>\n",
                   ":2: ");
    assert_invalid("not-xml.xml", "<profile implementation=\"x\">\n<expect>\n", ":");
    assert_invalid("wrong-root.xml", "<profiles implementation=\"x\"/>\n", ":1: ");
    conform_profile p;
    char err[512] = "";
    CU_ASSERT_EQUAL(conform_profile_load("/nonexistent/p.xml", XSD, &p, err, sizeof err),
                    CONFORM_E_INVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "/nonexistent/p.xml"));
}

static conform_result make_result(conform_outcome o, const char *message)
{
    conform_result r;
    memset(&r, 0, sizeof r);
    r.outcome = o;
    r.message = message != NULL ? strdup(message) : NULL;
    r.details = strdup("detail line");
    r.peak_rss_kb = -1;
    return r;
}

static void drop(conform_result *r)
{
    free(r->message);
    free(r->details);
}

/* An entry that matches no case of the suite is found (the run refuses it). */
static void test_unmatched_entry(void)
{
    conform_profile p;
    char err[512] = "";
    const char *path = write_profile("unmatched.xml", GOOD);
    CU_ASSERT_EQUAL_FATAL(conform_profile_load(path, XSD, &p, err, sizeof err), CONFORM_OK);
    conform_case cases[3];
    memset(cases, 0, sizeof cases);
    cases[0].id = "cancel.wire.second-connection";
    cases[1].id = "close.sync.unretrieved";
    cases[2].id = "soak.sequential";
    conform_suite suite = {cases, 3};
    CU_ASSERT_PTR_NULL(conform_profile_unmatched(&p, &suite));
    cases[1].id = "close.sync.renamed";
    const conform_profile_expect *stale = conform_profile_unmatched(&p, &suite);
    CU_ASSERT_PTR_NOT_NULL_FATAL(stale);
    CU_ASSERT_STRING_EQUAL(stale->glob, "close.sync.unretrieved");
    CU_ASSERT_PTR_NULL(conform_profile_unmatched(NULL, &suite));
    conform_profile_free(&p);
}

static void test_apply(void)
{
    conform_profile p;
    char err[512] = "";
    const char *path = write_profile("apply.xml", GOOD);
    CU_ASSERT_EQUAL_FATAL(conform_profile_load(path, XSD, &p, err, sizeof err),
                          CONFORM_OK);

    /* An expected failure is a skip with the reason; how it failed is kept in details. */
    conform_result r = make_result(CONFORM_FAIL, "no Cancel on the wire");
    CU_ASSERT_EQUAL(conform_profile_apply(&p, "cancel.wire.second-connection", &r), CONFORM_OK);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_SKIP);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.message, "OMI sends no Cancel message"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.details, "no Cancel on the wire"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.details, "detail line"));
    drop(&r);

    /* A hang the profile predicts is expected too, and stays a hang in the record. */
    r = make_result(CONFORM_ERROR, "hung in MI_Operation_Close");
    r.kind = CONFORM_KIND_HANG;
    CU_ASSERT_EQUAL(conform_profile_apply(&p, "close.sync.unretrieved", &r), CONFORM_OK);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_SKIP);
    CU_ASSERT_EQUAL(r.kind, CONFORM_KIND_HANG);
    drop(&r);

    /* An unexpected pass fails, naming the profile's reason. */
    r = make_result(CONFORM_PASS, NULL);
    CU_ASSERT_EQUAL(conform_profile_apply(&p, "close.sync.unretrieved", &r), CONFORM_OK);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_FAIL);
    CU_ASSERT_STRING_EQUAL(r.message, "unexpected pass: profile says OMI blocks forever");
    drop(&r);

    /* Not in the profile, or an environment skip: untouched. */
    r = make_result(CONFORM_FAIL, "real failure");
    CU_ASSERT_EQUAL(conform_profile_apply(&p, "cancel.async.x", &r), CONFORM_OK);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_FAIL);
    CU_ASSERT_STRING_EQUAL(r.message, "real failure");
    drop(&r);
    r = make_result(CONFORM_SKIP, "no TLS");
    CU_ASSERT_EQUAL(conform_profile_apply(&p, "cancel.wire.tls", &r), CONFORM_OK);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_SKIP);
    CU_ASSERT_STRING_EQUAL(r.message, "no TLS");
    drop(&r);

    /* An intermittent deviation: a pass stands, a failure is a skip. */
    r = make_result(CONFORM_PASS, NULL);
    CU_ASSERT_EQUAL(conform_profile_apply(&p, "soak.sequential", &r), CONFORM_OK);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_PASS);
    drop(&r);
    r = make_result(CONFORM_ERROR, "crash");
    CU_ASSERT_EQUAL(conform_profile_apply(&p, "soak.sequential", &r), CONFORM_OK);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_SKIP);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.message, "a connector race"));
    drop(&r);

    /* No profile: nothing changes. */
    r = make_result(CONFORM_PASS, NULL);
    CU_ASSERT_EQUAL(conform_profile_apply(NULL, "cancel.wire.x", &r), CONFORM_OK);
    CU_ASSERT_EQUAL(r.outcome, CONFORM_PASS);
    drop(&r);
    conform_profile_free(&p);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"load_and_match", test_load_and_match},
        {"reference_profile_is_empty", test_reference_profile_is_empty},
        {"invalid_profiles_report_file_and_line", test_invalid_profiles_report_file_and_line},
        {"apply", test_apply},
        {"unmatched_entry", test_unmatched_entry},
        {NULL, NULL},
    };
    find_xsd();
    int rc = cutest_run("harness_profile", cases, argc, argv);
    if (DIR_[0] != '\0') {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
        if (system(cmd) != 0) rc = rc != 0 ? rc : 1;
    }
    xmlCleanupParser();
    return rc;
}

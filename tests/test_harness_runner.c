/*
 * The runner (harness/runner.c) and mi-conform's whole flow (conform_runner_main) with the
 * case half stubbed below: a fake suite whose ids say how each case ends. Checks -j, rounds,
 * profiles, the console's last line, the reports and the exit codes 0, 1 and 2.
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "harness/cli.h"
#include "harness/interrupt.h"
#include "harness/report.h"
#include "harness/runner.h"
#include "tests/support/cutest.h"

/* ---------------------------------------------------------------- the stubbed case half */

static char *CL_INV1[] = {"INV-1"};
static char *CL_CAN2[] = {"CAN-2"};
static char *CL_INV6[] = {"INV-6"};
static char *TG_MEM[] = {"memcheck"};

static conform_case CASES[] = {
    {"alpha.fail-two", "alpha", "fails", CONFORM_MUST, CL_CAN2, 1, NULL, 0, NULL, "t.xml", 2,
     NULL},
    {"alpha.pass-one", "alpha", "passes", CONFORM_MUST, CL_INV1, 1, TG_MEM, 1, NULL, "t.xml", 1,
     NULL},
    {"beta.crash-four", "beta", "crashes", CONFORM_MUST, CL_CAN2, 1, NULL, 0, NULL, "t.xml", 4,
     NULL},
    {"beta.pass-three", "beta", "passes", CONFORM_SHOULD, CL_INV1, 1, TG_MEM, 1, NULL, "t.xml", 3,
     NULL},
    {"gamma.info-six", "gamma", "observes", CONFORM_INFO, CL_INV6, 1, NULL, 0, NULL, "t.xml", 6,
     NULL},
    {"gamma.skip-five", "gamma", "no tls", CONFORM_MUST, CL_INV1, 1, NULL, 0, NULL, "t.xml", 5,
     NULL},
};
#define N_CASES (sizeof CASES / sizeof CASES[0])

static pthread_mutex_t STUB_LOCK = PTHREAD_MUTEX_INITIALIZER;
static int LOAD_FAILS;
static unsigned EXEC_COUNT[N_CASES];
static int RUNNING, MAX_RUNNING;
static long SLEEP_NS;
static unsigned FLAKY_ROUND; /* alpha.pass-one fails on this call number (0: never) */
static int PREFLIGHT_FAILS;
static unsigned INTERRUPT_AT; /* raise SIGINT inside this execution (1-based; 0: never) */
static unsigned EXECUTIONS;

int conform_preflight_check(const char *self_exe, const char *impl, double timeout_scale,
                            char *why, size_t why_len)
{
    (void)self_exe;
    (void)impl;
    (void)timeout_scale;
    if (!PREFLIGHT_FAILS) return 0;
    snprintf(why, why_len,
             "it does not export MI_Application_InitializeV1 (not an MI implementation)");
    return -1;
}

const char *conform_level_name(conform_level level)
{
    return level == CONFORM_MUST ? "MUST" : level == CONFORM_SHOULD ? "SHOULD" : "INFO";
}

int conform_level_parse(const char *text, conform_level *level)
{
    if (strcmp(text, "MUST") == 0) *level = CONFORM_MUST;
    else if (strcmp(text, "SHOULD") == 0) *level = CONFORM_SHOULD;
    else if (strcmp(text, "INFO") == 0) *level = CONFORM_INFO;
    else return -1;
    return 0;
}

conform_status conform_suite_load(const char *cases_dir, const char *fixtures_dir,
                                  conform_suite *suite, char *err, size_t errlen)
{
    (void)cases_dir;
    (void)fixtures_dir;
    if (LOAD_FAILS) {
        snprintf(err, errlen, "cases/cancel.xml:17: element 'expect': not valid");
        return CONFORM_E_INVALID;
    }
    suite->cases = CASES;
    suite->n_cases = N_CASES;
    return CONFORM_OK;
}

void conform_suite_free(conform_suite *suite)
{
    suite->cases = NULL;
    suite->n_cases = 0;
}

static conform_outcome outcome_of(const conform_case *c, unsigned call)
{
    if (strstr(c->id, "fail") != NULL) return CONFORM_FAIL;
    if (strstr(c->id, "crash") != NULL) return CONFORM_ERROR;
    if (strstr(c->id, "skip") != NULL) return CONFORM_SKIP;
    if (strcmp(c->id, "alpha.pass-one") == 0 && FLAKY_ROUND != 0 && call == FLAKY_ROUND)
        return CONFORM_FAIL;
    return CONFORM_PASS;
}

int conform_case_execute(const conform_case *c, const conform_run_options *opts,
                         conform_result *result)
{
    (void)opts;
    pthread_mutex_lock(&STUB_LOCK);
    unsigned call = ++EXEC_COUNT[c - CASES];
    int interrupt = INTERRUPT_AT != 0 && ++EXECUTIONS == INTERRUPT_AT;
    if (++RUNNING > MAX_RUNNING) MAX_RUNNING = RUNNING;
    pthread_mutex_unlock(&STUB_LOCK);
    if (SLEEP_NS > 0) {
        struct timespec ts = {0, SLEEP_NS};
        nanosleep(&ts, NULL);
    }
    if (interrupt) raise(SIGINT);
    memset(result, 0, sizeof *result);
    result->outcome = outcome_of(c, call);
    char msg[64];
    snprintf(msg, sizeof msg, "call %u", call);
    result->message = result->outcome == CONFORM_PASS ? NULL : strdup(msg);
    result->transcript = strdup("POST /wsman\nAuthorization: Basic c2VjcmV0\n");
    result->observed = c->level == CONFORM_INFO ? strdup("saw: MI_UINT32") : NULL;
    result->seconds = 0.0125;
    result->peak_rss_kb = 1000;
    result->requests = 1;
    pthread_mutex_lock(&STUB_LOCK);
    RUNNING--;
    pthread_mutex_unlock(&STUB_LOCK);
    return 0;
}

void conform_result_clear(conform_result *r)
{
    for (unsigned i = 0; i < r->n_rounds; i++) free(r->rounds[i].message);
    free(r->rounds);
    free(r->message);
    free(r->details);
    free(r->transcript);
    free(r->observed);
    memset(r, 0, sizeof *r);
}

static void reset_stubs(void)
{
    LOAD_FAILS = 0;
    memset(EXEC_COUNT, 0, sizeof EXEC_COUNT);
    RUNNING = MAX_RUNNING = 0;
    SLEEP_NS = 0;
    FLAKY_ROUND = 0;
    PREFLIGHT_FAILS = 0;
    INTERRUPT_AT = EXECUTIONS = 0;
    conform_interrupt_clear();
}

/* ---------------------------------------------------------------- conform_runner_run */

static conform_selection all_cases(void)
{
    static const conform_case *ptrs[N_CASES];
    for (size_t i = 0; i < N_CASES; i++) ptrs[i] = &CASES[i];
    conform_selection sel = {ptrs, N_CASES};
    return sel;
}

static void clear_all(conform_result *results)
{
    for (size_t i = 0; i < N_CASES; i++) conform_result_clear(&results[i]);
}

static void test_each_case_once_per_round(void)
{
    reset_stubs();
    conform_selection sel = all_cases();
    conform_run_options opts = {"x.so", "mi-conform", 1, 1, 0, 1, 0, NULL, 0};
    for (unsigned jobs = 1; jobs <= 8; jobs *= 2) {
        memset(EXEC_COUNT, 0, sizeof EXEC_COUNT);
        conform_runner_config cfg = {&opts, NULL, jobs, 2, 0, NULL, NULL, 1};
        conform_result results[N_CASES];
        memset(results, 0, sizeof results);
        unsigned rounds = 0;
        CU_ASSERT_EQUAL(conform_runner_run(&sel, &cfg, results, &rounds), CONFORM_OK);
        CU_ASSERT_EQUAL(rounds, 2);
        for (size_t i = 0; i < N_CASES; i++) {
            CU_ASSERT_EQUAL(EXEC_COUNT[i], 2);
            CU_ASSERT_EQUAL(results[i].outcome, outcome_of(&CASES[i], 1));
        }
        /* A failure keeps its first round's result. */
        CU_ASSERT_STRING_EQUAL(results[0].message, "call 1");
        clear_all(results);
    }
}

static void test_jobs_run_side_by_side(void)
{
    reset_stubs();
    SLEEP_NS = 50 * 1000 * 1000;
    conform_selection sel = all_cases();
    conform_run_options opts = {"x.so", "mi-conform", 1, 1, 0, 1, 0, NULL, 0};
    conform_runner_config cfg = {&opts, NULL, 3, 1, 0, NULL, NULL, 1};
    conform_result results[N_CASES];
    memset(results, 0, sizeof results);
    unsigned rounds = 0;
    CU_ASSERT_EQUAL(conform_runner_run(&sel, &cfg, results, &rounds), CONFORM_OK);
    CU_ASSERT(MAX_RUNNING > 1);
    CU_ASSERT(MAX_RUNNING <= 3);
    clear_all(results);
    /* -j 1 never overlaps. */
    reset_stubs();
    cfg.jobs = 1;
    CU_ASSERT_EQUAL(conform_runner_run(&sel, &cfg, results, &rounds), CONFORM_OK);
    CU_ASSERT_EQUAL(MAX_RUNNING, 1);
    clear_all(results);
}

static void test_until_failure_stops_at_the_failing_round(void)
{
    reset_stubs();
    FLAKY_ROUND = 3;
    const conform_case *one[] = {&CASES[1]}; /* alpha.pass-one */
    conform_selection sel = {one, 1};
    conform_run_options opts = {"x.so", "mi-conform", 1, 1, 0, 1, 0, NULL, 0};
    conform_runner_config cfg = {&opts, NULL, 2, 0, 1, NULL, NULL, 1}; /* no bound */
    conform_result result;
    memset(&result, 0, sizeof result);
    unsigned rounds = 0;
    CU_ASSERT_EQUAL(conform_runner_run(&sel, &cfg, &result, &rounds), CONFORM_OK);
    CU_ASSERT_EQUAL(rounds, 3);
    CU_ASSERT_EQUAL(result.outcome, CONFORM_FAIL);
    CU_ASSERT_STRING_EQUAL(result.message, "call 3");
    conform_result_clear(&result);
    /* Bounded by --repeat when the failure never comes. */
    reset_stubs();
    cfg.repeat = 4;
    CU_ASSERT_EQUAL(conform_runner_run(&sel, &cfg, &result, &rounds), CONFORM_OK);
    CU_ASSERT_EQUAL(rounds, 4);
    CU_ASSERT_EQUAL(result.outcome, CONFORM_PASS);
    conform_result_clear(&result);
    /* Plain --repeat runs every round even after a failure, and keeps the failure. */
    reset_stubs();
    FLAKY_ROUND = 2;
    cfg.until_failure = 0;
    CU_ASSERT_EQUAL(conform_runner_run(&sel, &cfg, &result, &rounds), CONFORM_OK);
    CU_ASSERT_EQUAL(rounds, 4);
    CU_ASSERT_EQUAL(result.outcome, CONFORM_FAIL);
    CU_ASSERT_STRING_EQUAL(result.message, "call 2");
    /* Every round is on record, and the kept one is the failing round. */
    CU_ASSERT_EQUAL_FATAL(result.n_rounds, 4);
    CU_ASSERT_EQUAL(result.kept_round, 2);
    CU_ASSERT_EQUAL(result.rounds[0].outcome, CONFORM_PASS);
    CU_ASSERT_EQUAL(result.rounds[1].outcome, CONFORM_FAIL);
    CU_ASSERT_STRING_EQUAL(result.rounds[1].message, "call 2");
    CU_ASSERT_EQUAL(result.rounds[3].outcome, CONFORM_PASS);
    conform_result_clear(&result);
}

static void test_profile_applied_to_results(void)
{
    reset_stubs();
    conform_profile_expect ex[] = {{"alpha.*", "known", 0}};
    conform_profile profile = {"p.xml", "impl", ex, 1};
    conform_selection sel = all_cases();
    conform_run_options opts = {"x.so", "mi-conform", 1, 1, 0, 1, 0, NULL, 0};
    conform_runner_config cfg = {&opts, &profile, 2, 1, 0, NULL, NULL, 1};
    conform_result results[N_CASES];
    memset(results, 0, sizeof results);
    unsigned rounds = 0;
    CU_ASSERT_EQUAL(conform_runner_run(&sel, &cfg, results, &rounds), CONFORM_OK);
    CU_ASSERT_EQUAL(results[0].outcome, CONFORM_SKIP); /* alpha.fail-two: expected */
    CU_ASSERT_EQUAL(results[1].outcome, CONFORM_FAIL); /* alpha.pass-one: unexpected pass */
    CU_ASSERT_STRING_EQUAL(results[1].message, "unexpected pass: profile says known");
    CU_ASSERT_EQUAL(results[3].outcome, CONFORM_PASS); /* beta: not profiled */
    clear_all(results);
}

/* ---------------------------------------------------------------- conform_runner_main */

static char TMP[64];

/* Runs conform_runner_main with stdout and stderr captured into files; returns its code. */
static int run_main(char **argv, char **out, char **err)
{
    int argc = 0;
    while (argv[argc] != NULL) argc++;
    char out_path[128], err_path[128];
    snprintf(out_path, sizeof out_path, "%s/stdout", TMP);
    snprintf(err_path, sizeof err_path, "%s/stderr", TMP);
    fflush(stdout);
    fflush(stderr);
    int saved_out = dup(1), saved_err = dup(2);
    int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fo, 1);
    dup2(fe, 2);
    close(fo);
    close(fe);
    int rc = conform_runner_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    char *paths[2] = {out_path, err_path};
    char **slots[2] = {out, err};
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(paths[i], "r");
        char *buf = calloc(1, 65536);
        size_t n = f != NULL && buf != NULL ? fread(buf, 1, 65535, f) : 0;
        if (buf != NULL) buf[n] = '\0';
        if (f != NULL) fclose(f);
        *slots[i] = buf;
    }
    return rc;
}

static const char *last_line(const char *text)
{
    size_t len = strlen(text);
    if (len == 0) return text;
    const char *end = text + len - 1; /* the final newline */
    const char *p = end;
    while (p > text && p[-1] != '\n') p--;
    return p;
}

static void test_main_full_run(void)
{
    reset_stubs();
    char outdir[128];
    snprintf(outdir, sizeof outdir, "%s/reports/nested", TMP);
    char *argv[] = {"mi-conform", "--impl", "/proc/self/exe", "--cases", "c", "--out", outdir,
                    "-j", "2", "--seed", "7", NULL};
    char *out, *err;
    CU_ASSERT_EQUAL(run_main(argv, &out, &err), 1);
    CU_ASSERT_STRING_EQUAL(last_line(out), "3 passed, 2 failed, 1 skipped\n");
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "seed 7"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "PASS  alpha.pass-one  (0.013 s, 1 request)\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "FAIL  alpha.fail-two  call 1\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "ERROR beta.crash-four  call 1\n"));
    free(out);
    free(err);
    char path[256];
    struct stat st;
    snprintf(path, sizeof path, "%s/junit.xml", outdir);
    CU_ASSERT_EQUAL(stat(path, &st), 0);
    snprintf(path, sizeof path, "%s/summary.json", outdir);
    CU_ASSERT_EQUAL(stat(path, &st), 0);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) return NULL;
    char *buf = calloc(1, 1 << 20);
    if (buf != NULL) fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    return buf;
}

/* --repeat: every round is a testcase and is counted; the failing round keeps the transcript. */
static void test_main_repeat_reports_every_round(void)
{
    reset_stubs();
    char outdir[128];
    snprintf(outdir, sizeof outdir, "%s/reports-repeat", TMP);
    char *argv[] = {"mi-conform", "--impl", "/proc/self/exe", "--cases", "c", "--out", outdir,
                    "--case", "alpha.*", "--repeat", "3", NULL};
    char *out, *err;
    CU_ASSERT_EQUAL(run_main(argv, &out, &err), 1);
    CU_ASSERT_STRING_EQUAL(last_line(out), "3 passed, 3 failed, 0 skipped\n");
    free(out);
    free(err);
    char path[256];
    snprintf(path, sizeof path, "%s/junit.xml", outdir);
    char *junit = read_file(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(junit);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(junit, "<testsuites name=\"mi-conform\" tests=\"6\" failures=\"3\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(junit, "name=\"alpha.fail-two#3\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(junit, "round 3 of 3; the transcript kept is round 1's"));
    free(junit);
    snprintf(path, sizeof path, "%s/summary.json", outdir);
    char *json = read_file(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(json, "\"rounds\": [\"fail\", \"fail\", \"fail\"], \"kept_round\": 1"));
    free(json);
}

static void test_main_selection_and_exit_zero(void)
{
    reset_stubs();
    char outdir[128];
    snprintf(outdir, sizeof outdir, "%s/reports", TMP);
    char *argv[] = {"mi-conform", "--impl", "/proc/self/exe", "--out", outdir, "--tag",
                    "memcheck", "--level", "MUST", "--level", "SHOULD", NULL};
    char *out, *err;
    CU_ASSERT_EQUAL(run_main(argv, &out, &err), 0);
    CU_ASSERT_STRING_EQUAL(last_line(out), "2 passed, 0 failed, 0 skipped\n");
    CU_ASSERT_EQUAL(EXEC_COUNT[2], 0); /* beta.crash-four not selected, never run */
    free(out);
    free(err);
    /* An empty selection runs nothing and says so: exit 2, unless asked for. */
    char *none[] = {"mi-conform", "--impl", "/proc/self/exe", "--out", outdir, "--case",
                    "nothing.*", NULL};
    CU_ASSERT_EQUAL(run_main(none, &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "the selection matches none of the 6 cases"));
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
    free(err);
    char *allowed[] = {"mi-conform", "--impl", "/proc/self/exe", "--out", outdir, "--case",
                       "nothing.*", "--allow-empty", NULL};
    CU_ASSERT_EQUAL(run_main(allowed, &out, &err), 0);
    CU_ASSERT_STRING_EQUAL(last_line(out), "0 passed, 0 failed, 0 skipped\n");
    free(out);
    free(err);
}

/* Tags, clauses and levels are selected in any case, as users type them. */
static void test_main_selection_ignores_case(void)
{
    reset_stubs();
    char outdir[128];
    snprintf(outdir, sizeof outdir, "%s/reports", TMP);
    char *argv[] = {"mi-conform", "--impl", "/proc/self/exe", "--out", outdir, "--clause",
                    "inv-1", "--tag", "MEMCHECK", NULL};
    char *out, *err;
    CU_ASSERT_EQUAL(run_main(argv, &out, &err), 0);
    CU_ASSERT_STRING_EQUAL(last_line(out), "2 passed, 0 failed, 0 skipped\n");
    free(out);
    free(err);
}

/* A library that cannot start stops the run before any case, with its reason. */
static void test_main_preflight_failure_runs_nothing(void)
{
    reset_stubs();
    PREFLIGHT_FAILS = 1;
    char outdir[128];
    snprintf(outdir, sizeof outdir, "%s/reports-preflight", TMP);
    char *argv[] = {"mi-conform", "--impl", "/proc/self/exe", "--out", outdir, NULL};
    char *out, *err;
    CU_ASSERT_EQUAL(run_main(argv, &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "/proc/self/exe cannot be tested: it does not export "
                                       "MI_Application_InitializeV1"));
    for (size_t i = 0; i < N_CASES; i++) CU_ASSERT_EQUAL(EXEC_COUNT[i], 0);
    free(out);
    free(err);
    char path[256];
    struct stat st;
    snprintf(path, sizeof path, "%s/junit.xml", outdir);
    CU_ASSERT_NOT_EQUAL(stat(path, &st), 0); /* no report that could read as a run */
}

/* Ctrl-C: the case running finishes, no other starts, the reports say which were not run,
 * and the exit code is 128 + SIGINT. */
static void test_main_interrupted(void)
{
    reset_stubs();
    INTERRUPT_AT = 2;
    char outdir[128];
    snprintf(outdir, sizeof outdir, "%s/reports-interrupted", TMP);
    char *argv[] = {"mi-conform", "--impl", "/proc/self/exe", "--out", outdir, NULL};
    char *out, *err;
    CU_ASSERT_EQUAL(run_main(argv, &out, &err), 130);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "1 passed, 5 failed, 0 skipped\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "interrupted by Interrupt"));
    CU_ASSERT_EQUAL(EXEC_COUNT[2] + EXEC_COUNT[3] + EXEC_COUNT[4] + EXEC_COUNT[5], 0);
    free(out);
    free(err);
    char path[256];
    snprintf(path, sizeof path, "%s/summary.json", outdir);
    char *json = read_file(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"id\": \"gamma.skip-five\", \"area\": \"gamma\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"kind\": \"not-run\""));
    free(json);
    conform_interrupt_clear();
}

static size_t count_of(const char *text, const char *what)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, what)) != NULL; p += strlen(what)) n++;
    return n;
}

/* Passing cases carry no transcript unless asked: an all-pass report stays small. */
static void test_main_transcripts_of_failures_only(void)
{
    char outdir[128], path[256];
    snprintf(outdir, sizeof outdir, "%s/reports-transcripts", TMP);
    snprintf(path, sizeof path, "%s/junit.xml", outdir);
    const char *which[] = {"failed", "all"};
    size_t want[] = {3, 6}; /* fail-two, crash-four, skip-five; then every case */
    for (int i = 0; i < 2; i++) {
        reset_stubs();
        char *argv[] = {"mi-conform", "--impl", "/proc/self/exe", "--out", outdir, "--transcripts",
                        (char *)which[i], NULL};
        char *out, *err;
        CU_ASSERT_EQUAL(run_main(argv, &out, &err), 1);
        free(out);
        free(err);
        char *junit = read_file(path);
        CU_ASSERT_PTR_NOT_NULL_FATAL(junit);
        CU_ASSERT_EQUAL(count_of(junit, "transcript:"), want[i]);
        free(junit);
    }
}

/* A case whose rounds disagree is flaky: counted apart, marked in summary.json and JUnit. */
static void test_main_flaky_case(void)
{
    reset_stubs();
    FLAKY_ROUND = 2;
    char outdir[128], path[256];
    snprintf(outdir, sizeof outdir, "%s/reports-flaky", TMP);
    char *argv[] = {"mi-conform", "--impl", "/proc/self/exe", "--out", outdir, "--case",
                    "alpha.pass-one", "--repeat", "3", NULL};
    char *out, *err;
    CU_ASSERT_EQUAL(run_main(argv, &out, &err), 1);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "flaky: 1 case passed in some rounds and failed in others\n"));
    free(out);
    free(err);
    snprintf(path, sizeof path, "%s/summary.json", outdir);
    char *json = read_file(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"flaky\": 1}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        json, "\"rounds\": [\"pass\", \"fail\", \"pass\"], \"kept_round\": 2, \"flaky\": true"));
    free(json);
    snprintf(path, sizeof path, "%s/junit.xml", outdir);
    char *junit = read_file(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(junit);
    CU_ASSERT_PTR_NOT_NULL(strstr(junit, "flaky: 3 rounds, some passed and some failed"));
    free(junit);
}

static void test_main_version(void)
{
    char *argv[] = {"mi-conform", "--version", NULL};
    char *out, *err;
    CU_ASSERT_EQUAL(run_main(argv, &out, &err), 0);
    CU_ASSERT_STRING_EQUAL(out, "mi-conform " CONFORM_KIT_VERSION "\n");
    free(out);
    free(err);
    char *help[] = {"mi-conform", "-h", NULL};
    CU_ASSERT_EQUAL(run_main(help, &out, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: mi-conform"));
    free(out);
    free(err);
}

static void test_main_shards_cover_the_selection(void)
{
    char outdir[128];
    snprintf(outdir, sizeof outdir, "%s/reports", TMP);
    size_t passed = 0, failed = 0, skipped = 0;
    reset_stubs();
    for (int k = 1; k <= 4; k++) {
        char shard[16];
        snprintf(shard, sizeof shard, "%d/4", k);
        char *argv[] = {"mi-conform", "--impl", "/proc/self/exe", "--out", outdir, "--shard",
                        shard, NULL};
        char *out, *err;
        run_main(argv, &out, &err);
        size_t p = 0, f = 0, s = 0;
        CU_ASSERT_EQUAL(sscanf(last_line(out), "%zu passed, %zu failed, %zu skipped", &p, &f, &s),
                        3);
        passed += p;
        failed += f;
        skipped += s;
        free(out);
        free(err);
    }
    CU_ASSERT_EQUAL(passed, 3);
    CU_ASSERT_EQUAL(failed, 2);
    CU_ASSERT_EQUAL(skipped, 1);
    for (size_t i = 0; i < N_CASES; i++) CU_ASSERT_EQUAL(EXEC_COUNT[i], 1);
}

static void test_main_list(void)
{
    reset_stubs();
    char *argv[] = {"mi-conform", "--list", "--case", "gamma.*", NULL};
    char *out, *err;
    CU_ASSERT_EQUAL(run_main(argv, &out, &err), 0);
    CU_ASSERT_STRING_EQUAL(out, "gamma.info-six\tINFO\tINV-6\tobserves\n"
                                "gamma.skip-five\tMUST\tINV-1\tno tls\n");
    free(out);
    free(err);
    for (size_t i = 0; i < N_CASES; i++) CU_ASSERT_EQUAL(EXEC_COUNT[i], 0);
}

static void test_main_cannot_start(void)
{
    reset_stubs();
    char *out, *err;
    char *usage[] = {"mi-conform", "--level", "MAYBE", NULL};
    CU_ASSERT_EQUAL(run_main(usage, &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "--level"));
    free(out);
    free(err);
    char *alloc[] = {"mi-conform", "--inject", "alloc", NULL};
    CU_ASSERT_EQUAL(run_main(alloc, &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "not supported by this build"));
    free(out);
    free(err);
    LOAD_FAILS = 1;
    char *plain[] = {"mi-conform", "--impl", "/proc/self/exe", NULL};
    CU_ASSERT_EQUAL(run_main(plain, &out, &err), 2);
    CU_ASSERT_STRING_EQUAL(err, "cases/cancel.xml:17: element 'expect': not valid\n");
    free(out);
    free(err);
    LOAD_FAILS = 0;
    char *noimpl[] = {"mi-conform", "--impl", "/nonexistent/libmi.so", NULL};
    CU_ASSERT_EQUAL(run_main(noimpl, &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "/nonexistent/libmi.so"));
    free(out);
    free(err);
    char *badprofile[] = {"mi-conform", "--impl", "/proc/self/exe", "--profile",
                          "/nonexistent/p.xml", NULL};
    CU_ASSERT_EQUAL(run_main(badprofile, &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "/nonexistent/p.xml:0:"));
    free(out);
    free(err);
    char *help[] = {"mi-conform", "--help", NULL};
    CU_ASSERT_EQUAL(run_main(help, &out, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: mi-conform"));
    free(out);
    free(err);
    for (size_t i = 0; i < N_CASES; i++) CU_ASSERT_EQUAL(EXEC_COUNT[i], 0);
}

/* A run that runs out of memory ends with "mi-conform: <the status's name>". */
static void test_status_names(void)
{
    CU_ASSERT_STRING_EQUAL(conform_status_name(CONFORM_OK), "ok");
    CU_ASSERT_STRING_EQUAL(conform_status_name(CONFORM_E_NOMEM), "out of memory");
    CU_ASSERT_STRING_EQUAL(conform_status_name(CONFORM_E_INVALID), "invalid input");
    CU_ASSERT_STRING_EQUAL(conform_status_name(CONFORM_E_IO), "input/output error");
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"each_case_once_per_round", test_each_case_once_per_round},
        {"jobs_run_side_by_side", test_jobs_run_side_by_side},
        {"until_failure_stops_at_the_failing_round", test_until_failure_stops_at_the_failing_round},
        {"main_repeat_reports_every_round", test_main_repeat_reports_every_round},
        {"profile_applied_to_results", test_profile_applied_to_results},
        {"main_full_run", test_main_full_run},
        {"main_selection_and_exit_zero", test_main_selection_and_exit_zero},
        {"main_selection_ignores_case", test_main_selection_ignores_case},
        {"main_preflight_failure_runs_nothing", test_main_preflight_failure_runs_nothing},
        {"main_version", test_main_version},
        {"main_flaky_case", test_main_flaky_case},
        {"main_transcripts_of_failures_only", test_main_transcripts_of_failures_only},
        {"main_interrupted", test_main_interrupted},
        {"main_shards_cover_the_selection", test_main_shards_cover_the_selection},
        {"main_list", test_main_list},
        {"main_cannot_start", test_main_cannot_start},
        {"status_names", test_status_names},
        {NULL, NULL},
    };
    snprintf(TMP, sizeof TMP, "/tmp/test_harness_runner.XXXXXX");
    if (mkdtemp(TMP) == NULL) return 2;
    int rc = cutest_run("harness_runner", cases, argc, argv);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", TMP);
    if (system(cmd) != 0 && rc == 0) rc = 1;
    xmlCleanupParser();
    return rc;
}

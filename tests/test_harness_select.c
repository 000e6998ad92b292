/*
 * Selection and sharding (harness/select.c) and the command line (harness/cli.c), on a
 * hand-built suite: the case half is not linked, its two level helpers are stubbed below.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/cli.h"
#include "harness/select.h"
#include "tests/support/cutest.h"

/* Stubs of the case half's level helpers: these tests must not depend on it. */
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

static char *CL_CAN2[] = {"CAN-2"};
static char *CL_CAN1_CAN2[] = {"CAN-1", "CAN-2"};
static char *CL_INV1[] = {"INV-1"};
static char *CL_INV6[] = {"INV-6"};
static char *CL_STR1[] = {"STR-1"};
static char *TG_MEM[] = {"memcheck"};
static char *TG_MEM_SLOW[] = {"memcheck", "slow"};
static char *TG_SLOW[] = {"slow"};

/* Deliberately not in id order: the selection must sort. */
static conform_case CASES[] = {
    {"stream.basic", "stream", "t", CONFORM_MUST, CL_STR1, 1, TG_SLOW, 1, NULL, NULL, 0, NULL},
    {"cancel.async.before-response", "cancel", "t", CONFORM_MUST, CL_CAN1_CAN2, 2, TG_MEM, 1,
     NULL, NULL, 0, NULL},
    {"cancel.sync.blocked", "cancel", "t", CONFORM_MUST, CL_CAN2, 1, NULL, 0, NULL, NULL, 0,
     NULL},
    {"invoke.static.null-options", "invoke", "t", CONFORM_MUST, CL_INV1, 1, TG_MEM_SLOW, 2,
     NULL, NULL, 0, NULL},
    {"invoke.rtti.none", "invoke", "t", CONFORM_INFO, CL_INV6, 1, NULL, 0, NULL, NULL, 0, NULL},
    {"cancel.wire.second-connection", "cancel", "t", CONFORM_SHOULD, CL_CAN2, 1, TG_SLOW, 1,
     NULL, NULL, 0, NULL},
    {"stream.zero", "stream", "t", CONFORM_MUST, CL_STR1, 1, NULL, 0, NULL, NULL, 0, NULL},
};
static conform_suite SUITE = {CASES, sizeof CASES / sizeof CASES[0]};

static size_t count_selected(const conform_select_filter *f)
{
    conform_selection sel;
    CU_ASSERT_EQUAL_FATAL(conform_select_apply(&SUITE, f, 0, 0, &sel), CONFORM_OK);
    size_t n = sel.n_cases;
    conform_select_free(&sel);
    return n;
}

static void test_no_filter_selects_all_sorted(void)
{
    conform_select_filter f;
    memset(&f, 0, sizeof f);
    conform_selection sel;
    CU_ASSERT_EQUAL_FATAL(conform_select_apply(&SUITE, &f, 0, 0, &sel), CONFORM_OK);
    CU_ASSERT_EQUAL(sel.n_cases, SUITE.n_cases);
    for (size_t i = 1; i < sel.n_cases; i++)
        CU_ASSERT(strcmp(sel.cases[i - 1]->id, sel.cases[i]->id) < 0);
    conform_select_free(&sel);
}

static void test_glob(void)
{
    const char *g1[] = {"cancel.*"};
    conform_select_filter f = {g1, 1, NULL, 0, NULL, 0, 0};
    CU_ASSERT_EQUAL(count_selected(&f), 3);
    const char *g2[] = {"*.s*"};
    f.globs = g2;
    /* stream.basic? no: "*.s*" needs a '.' then 's': cancel.sync.blocked, invoke.static...,
     * cancel.wire.second-connection, invoke.rtti.none? no. */
    CU_ASSERT_EQUAL(count_selected(&f), 3);
    const char *g3[] = {"stream.zero"};
    f.globs = g3;
    CU_ASSERT_EQUAL(count_selected(&f), 1);
    const char *g4[] = {"nothing*"};
    f.globs = g4;
    CU_ASSERT_EQUAL(count_selected(&f), 0);
}

static void test_same_option_ors(void)
{
    const char *globs[] = {"stream.*", "invoke.rtti.*"};
    conform_select_filter f = {globs, 2, NULL, 0, NULL, 0, 0};
    CU_ASSERT_EQUAL(count_selected(&f), 3);
    const char *clauses[] = {"INV-1", "STR-1"};
    conform_select_filter g = {NULL, 0, NULL, 0, clauses, 2, 0};
    CU_ASSERT_EQUAL(count_selected(&g), 3);
    const char *tags[] = {"memcheck", "slow"};
    conform_select_filter h = {NULL, 0, tags, 2, NULL, 0, 0};
    CU_ASSERT_EQUAL(count_selected(&h), 4);
    conform_select_filter l = {NULL, 0, NULL, 0, NULL, 0,
                               (1u << CONFORM_SHOULD) | (1u << CONFORM_INFO)};
    CU_ASSERT_EQUAL(count_selected(&l), 2);
}

static void test_different_options_and(void)
{
    const char *globs[] = {"cancel.*"};
    const char *tags[] = {"slow"};
    conform_select_filter f = {globs, 1, tags, 1, NULL, 0, 0};
    CU_ASSERT_EQUAL(count_selected(&f), 1); /* cancel.wire.second-connection */
    const char *clauses[] = {"CAN-2"};
    conform_select_filter g = {NULL, 0, NULL, 0, clauses, 1, 1u << CONFORM_MUST};
    CU_ASSERT_EQUAL(count_selected(&g), 2);
    conform_select_filter h = {globs, 1, tags, 1, clauses, 1, 1u << CONFORM_MUST};
    CU_ASSERT_EQUAL(count_selected(&h), 0);
}

static void test_clause_match_is_exact(void)
{
    const char *clauses[] = {"CAN"};
    conform_select_filter f = {NULL, 0, NULL, 0, clauses, 1, 0};
    CU_ASSERT_EQUAL(count_selected(&f), 0);
}

static void test_shards_partition_the_selection(void)
{
    const char *globs[] = {"*"};
    conform_select_filter f = {globs, 1, NULL, 0, NULL, 0, 0};
    for (unsigned n = 1; n <= 9; n++) {
        int seen[sizeof CASES / sizeof CASES[0]] = {0};
        size_t total = 0;
        for (unsigned k = 1; k <= n; k++) {
            conform_selection sel;
            CU_ASSERT_EQUAL_FATAL(conform_select_apply(&SUITE, &f, k, n, &sel),
                                  CONFORM_OK);
            total += sel.n_cases;
            for (size_t i = 0; i < sel.n_cases; i++) seen[sel.cases[i] - CASES]++;
            conform_select_free(&sel);
        }
        CU_ASSERT_EQUAL(total, SUITE.n_cases);
        for (size_t i = 0; i < SUITE.n_cases; i++) CU_ASSERT_EQUAL(seen[i], 1);
    }
}

static void test_shard_is_index_modulo(void)
{
    /* Sorted ids: cancel.async, cancel.sync, cancel.wire, invoke.rtti, invoke.static,
     * stream.basic, stream.zero. Shard 2/3 holds indexes 1 and 4. */
    conform_selection sel;
    CU_ASSERT_EQUAL_FATAL(conform_select_apply(&SUITE, NULL, 2, 3, &sel), CONFORM_OK);
    CU_ASSERT_EQUAL_FATAL(sel.n_cases, 2);
    CU_ASSERT_STRING_EQUAL(sel.cases[0]->id, "cancel.sync.blocked");
    CU_ASSERT_STRING_EQUAL(sel.cases[1]->id, "invoke.static.null-options");
    conform_select_free(&sel);
    /* Sharding applies to the selected cases, not the whole suite. */
    const char *globs[] = {"cancel.*"};
    conform_select_filter f = {globs, 1, NULL, 0, NULL, 0, 0};
    CU_ASSERT_EQUAL_FATAL(conform_select_apply(&SUITE, &f, 2, 2, &sel), CONFORM_OK);
    CU_ASSERT_EQUAL_FATAL(sel.n_cases, 1);
    CU_ASSERT_STRING_EQUAL(sel.cases[0]->id, "cancel.sync.blocked");
    conform_select_free(&sel);
    CU_ASSERT_EQUAL(conform_select_apply(&SUITE, NULL, 3, 2, &sel), CONFORM_E_INVALID);
}

static void test_parse_shard(void)
{
    unsigned k, n;
    CU_ASSERT_EQUAL(conform_select_parse_shard("1/1", &k, &n), CONFORM_OK);
    CU_ASSERT_EQUAL(conform_select_parse_shard("3/4", &k, &n), CONFORM_OK);
    CU_ASSERT_EQUAL(k, 3);
    CU_ASSERT_EQUAL(n, 4);
    const char *bad[] = {"0/4", "5/4", "1/0", "1", "/2", "1/", "a/2", "1/2x", "-1/2", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_EQUAL(conform_select_parse_shard(bad[i], &k, &n), CONFORM_E_INVALID);
}

static conform_status parse(conform_cli *cli, char **argv, char *err, size_t errlen)
{
    int argc = 0;
    while (argv[argc] != NULL) argc++;
    return conform_cli_parse(argc, argv, cli, err, errlen);
}

static void test_cli_collects_repeatable_options(void)
{
    char *argv[] = {"mi-conform", "--case", "cancel.*", "--case", "stream.*", "--tag", "slow",
                    "--clause", "CAN-2", "--level", "MUST", "--level", "INFO", "-j", "2",
                    "--shard", "2/3", "--seed", "42", "--scale", "0.1", NULL};
    conform_cli cli;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(parse(&cli, argv, err, sizeof err), CONFORM_OK);
    CU_ASSERT_EQUAL(cli.filter.n_globs, 2);
    CU_ASSERT_STRING_EQUAL(cli.filter.globs[1], "stream.*");
    CU_ASSERT_EQUAL(cli.filter.n_tags, 1);
    CU_ASSERT_EQUAL(cli.filter.n_clauses, 1);
    CU_ASSERT_EQUAL(cli.filter.level_mask, (1u << CONFORM_MUST) | (1u << CONFORM_INFO));
    CU_ASSERT_EQUAL(cli.jobs, 2);
    CU_ASSERT_EQUAL(cli.shard_k, 2);
    CU_ASSERT_EQUAL(cli.shard_n, 3);
    CU_ASSERT_EQUAL(cli.seed, 42);
    CU_ASSERT(cli.seed_given);
    CU_ASSERT_DOUBLE_EQUAL(cli.scale, 0.1, 1e-9);
    CU_ASSERT_EQUAL(cli.repeat, 1);
    conform_cli_free(&cli);
}

static void test_cli_defaults_beside_the_binary(void)
{
    char *argv[] = {"mi-conform", "--valgrind", NULL};
    conform_cli cli;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(parse(&cli, argv, err, sizeof err), CONFORM_OK);
    CU_ASSERT_EQUAL_FATAL(conform_cli_resolve(&cli, "/nowhere/build/bin/mi-conform"),
                          CONFORM_OK);
    CU_ASSERT_STRING_EQUAL(cli.impl_path, "/nowhere/build/bin/../lib/libmiref.so");
    CU_ASSERT_STRING_EQUAL(cli.cases_dir, "cases"); /* no repository there: ./cases */
    CU_ASSERT_STRING_EQUAL(cli.fixtures_dir, "fixtures");
    CU_ASSERT_STRING_EQUAL(cli.out_dir, "reports");
    CU_ASSERT_DOUBLE_EQUAL(cli.timeout_scale, 10.0, 1e-9); /* valgrind's default */
    conform_cli_free(&cli);

    char *argv2[] = {"mi-conform", "--valgrind", "--timeout-scale", "3", "--impl", "/x.so",
                     NULL};
    CU_ASSERT_EQUAL_FATAL(parse(&cli, argv2, err, sizeof err), CONFORM_OK);
    CU_ASSERT_EQUAL_FATAL(conform_cli_resolve(&cli, "/tmp/mi-conform"), CONFORM_OK);
    CU_ASSERT_DOUBLE_EQUAL(cli.timeout_scale, 3.0, 1e-9);
    CU_ASSERT_STRING_EQUAL(cli.impl_path, "/x.so");
    conform_cli_free(&cli);
}

static void test_cli_repo_dirs_found_from_exe(void)
{
    /* The test binary sits in <repo>/build/tests, so <exe>/../../cases is the repository's. */
    char *argv[] = {"mi-conform", NULL};
    conform_cli cli;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(parse(&cli, argv, err, sizeof err), CONFORM_OK);
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    CU_ASSERT_FATAL(n > 0);
    exe[n] = '\0';
    CU_ASSERT_EQUAL_FATAL(conform_cli_resolve(&cli, exe), CONFORM_OK);
    /* <exe dir>/../../cases, resolved, when that is a directory (build/tests), else ./cases
     * (as under build/asan/tests, whose ../../cases does not exist). */
    char repo_cases[4200];
    *strrchr(exe, '/') = '\0';
    snprintf(repo_cases, sizeof repo_cases, "%s/../../cases", exe);
    struct stat st;
    if (stat(repo_cases, &st) == 0) {
        char *clean = realpath(repo_cases, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(clean);
        CU_ASSERT_STRING_EQUAL(cli.cases_dir, clean);
        CU_ASSERT_PTR_NULL(strstr(cli.cases_dir, "/../"));
        free(clean);
    } else {
        CU_ASSERT_STRING_EQUAL(cli.cases_dir, "cases");
    }
    CU_ASSERT(!cli.seed_given);
    conform_cli_free(&cli);
}

static void test_cli_until_failure_rounds(void)
{
    char *argv[] = {"mi-conform", "--until-failure", NULL};
    conform_cli cli;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(parse(&cli, argv, err, sizeof err), CONFORM_OK);
    CU_ASSERT_EQUAL(cli.repeat, 0); /* no bound */
    conform_cli_free(&cli);
    char *argv2[] = {"mi-conform", "--repeat", "5", "--until-failure", NULL};
    CU_ASSERT_EQUAL_FATAL(parse(&cli, argv2, err, sizeof err), CONFORM_OK);
    CU_ASSERT_EQUAL(cli.repeat, 5);
    CU_ASSERT(cli.until_failure);
    conform_cli_free(&cli);
}

static void test_cli_usage_errors(void)
{
    char *bad[][4] = {
        {"mi-conform", "--level", "MAY", NULL},
        {"mi-conform", "-j", "0", NULL},
        {"mi-conform", "--shard", "4/3", NULL},
        {"mi-conform", "--repeat", "x", NULL},
        {"mi-conform", "--scale", "-1", NULL},
        {"mi-conform", "--inject", "disk", NULL},
        {"mi-conform", "--bogus", NULL, NULL},
        {"mi-conform", "stray", NULL, NULL},
        {"mi-conform", "--impl", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        conform_cli cli;
        char err[256] = "";
        CU_ASSERT_EQUAL(parse(&cli, bad[i], err, sizeof err), CONFORM_E_INVALID);
        CU_ASSERT(err[0] != '\0');
        conform_cli_free(&cli);
    }
}

static void test_cli_inject(void)
{
    conform_cli cli;
    char err[256];
    char *alloc[] = {"mi-conform", "--inject", "alloc", NULL};
    CU_ASSERT_EQUAL(parse(&cli, alloc, err, sizeof err), CONFORM_OK);
    CU_ASSERT(cli.inject_alloc);
    CU_ASSERT(!cli.net_inject);
    conform_cli_free(&cli);
    char *both[] = {"mi-conform", "--inject", "alloc", "--inject", "net", NULL};
    CU_ASSERT_EQUAL(parse(&cli, both, err, sizeof err), CONFORM_E_INVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "separate runs"));
    conform_cli_free(&cli);
    char *net[] = {"mi-conform", "--inject", "net", NULL};
    CU_ASSERT_EQUAL(parse(&cli, net, err, sizeof err), CONFORM_OK);
    CU_ASSERT(cli.net_inject);
    conform_cli_free(&cli);
    char *help[] = {"mi-conform", "--list", "--help", NULL};
    CU_ASSERT_EQUAL(parse(&cli, help, err, sizeof err), CONFORM_OK);
    CU_ASSERT_EQUAL(cli.action, CONFORM_ACTION_HELP);
    conform_cli_free(&cli);
}

/* Help and version are what the command line asks for, not errors: the first of them ends the
 * parse, so what follows it is not read (and cannot fail it). */
static void test_cli_actions(void)
{
    conform_cli cli;
    char err[256];
    char *run[] = {"mi-conform", "--list", NULL};
    CU_ASSERT_EQUAL(parse(&cli, run, err, sizeof err), CONFORM_OK);
    CU_ASSERT_EQUAL(cli.action, CONFORM_ACTION_RUN);
    conform_cli_free(&cli);
    char *help[] = {"mi-conform", "-h", "--bogus", "stray", NULL};
    CU_ASSERT_EQUAL(parse(&cli, help, err, sizeof err), CONFORM_OK);
    CU_ASSERT_EQUAL(cli.action, CONFORM_ACTION_HELP);
    conform_cli_free(&cli);
    char *version[] = {"mi-conform", "--version", "--help", NULL};
    CU_ASSERT_EQUAL(parse(&cli, version, err, sizeof err), CONFORM_OK);
    CU_ASSERT_EQUAL(cli.action, CONFORM_ACTION_VERSION);
    conform_cli_free(&cli);
    char *late[] = {"mi-conform", "--bogus", "--help", NULL};
    CU_ASSERT_EQUAL(parse(&cli, late, err, sizeof err), CONFORM_E_INVALID);
    conform_cli_free(&cli);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"no_filter_selects_all_sorted", test_no_filter_selects_all_sorted},
        {"glob", test_glob},
        {"same_option_ors", test_same_option_ors},
        {"different_options_and", test_different_options_and},
        {"clause_match_is_exact", test_clause_match_is_exact},
        {"shards_partition_the_selection", test_shards_partition_the_selection},
        {"shard_is_index_modulo", test_shard_is_index_modulo},
        {"parse_shard", test_parse_shard},
        {"cli_collects_repeatable_options", test_cli_collects_repeatable_options},
        {"cli_defaults_beside_the_binary", test_cli_defaults_beside_the_binary},
        {"cli_repo_dirs_found_from_exe", test_cli_repo_dirs_found_from_exe},
        {"cli_until_failure_rounds", test_cli_until_failure_rounds},
        {"cli_usage_errors", test_cli_usage_errors},
        {"cli_inject", test_cli_inject},
        {"cli_actions", test_cli_actions},
        {NULL, NULL},
    };
    return cutest_run("harness_select", cases, argc, argv);
}

/*
 * test_inject_loop - the allocation-failure loop (inject/alloc_loop.c) against a fake
 * executor: a pretend implementation that allocates at a list of call sites, honours
 * MI_INJECT_FAIL_AT and MI_INJECT_SKIP_STACKS exactly as the interposer does, writes the same
 * report file, and crashes, leaks or misreports at chosen sites.
 */
#include "tests/support/cutest.h"

#include "inject/alloc_loop.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FAKE_MAX_SITES 16
#define FAKE_BASE_LIVE 2 /* blocks a clean run leaves at exit (library caches) */

typedef struct fake_impl {
    const char *sites[FAKE_MAX_SITES]; /* the stack hash of each allocation, in order */
    int crash_site;                    /* 1-based site whose failure crashes; 0: none */
    int leak_site;                     /* its failure leaves a block behind */
    int unclean_site;                  /* its failure gives two final results */
    int no_report;                     /* the preload never happened */
    int runs;
    int max_fail_at_seen;
    char preload[PATH_MAX];
} fake_impl;

static const char *env_get(const char *const *env, const char *name)
{
    size_t n = strlen(name);
    for (; env && *env; env++)
        if (strncmp(*env, name, n) == 0 && (*env)[n] == '=') return *env + n + 1;
    return NULL;
}

static int fake_skipped(const char *skip_path, const char *hash)
{
    FILE *f = fopen(skip_path, "r");
    if (!f) return 0;
    char line[256];
    int found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        line[strcspn(line, " \n")] = '\0';
        found = strcmp(line, hash) == 0;
    }
    fclose(f);
    return found;
}

static void fake_write_report(const char *path, unsigned long fail_at, unsigned long counted,
                              int injected_site, const char *hash, int final, long live)
{
    FILE *f = fopen(path, "w");
    if (!f) return;
    fprintf(f, "active=1\npid=1\nfail_at=%lu\ncounted=%lu\ninjected=%d\nfinal=%d\nlive=%ld\n",
            fail_at, counted, injected_site ? 1 : 0, final, live);
    if (injected_site)
        fprintf(f, "injected_at=%d\nstack_hash=%s\nstack_begin\n"
                   "/x/lib/libmi-inject-alloc.so(malloc+0x17)[0x1]\n"
                   "/x/lib/libmiref.so(site_%d+0x10)[0x2]\nstack_end\n",
                injected_site, hash, injected_site);
    fclose(f);
}

static int fake_run(void *ctx, const conform_case *c, const conform_run_options *opts,
                    const char *const *env, conform_result *result)
{
    fake_impl *impl = ctx;
    (void)c;
    CU_ASSERT_EQUAL(opts->valgrind, 0);
    impl->runs++;
    snprintf(impl->preload, sizeof impl->preload, "%s", env_get(env, "LD_PRELOAD"));
    unsigned long fail_at = strtoul(env_get(env, "MI_INJECT_FAIL_AT"), NULL, 10);
    const char *report = env_get(env, "MI_INJECT_REPORT");
    const char *skip = env_get(env, "MI_INJECT_SKIP_STACKS");
    if ((int)fail_at > impl->max_fail_at_seen) impl->max_fail_at_seen = (int)fail_at;

    unsigned long counted = 0;
    int injected = 0;
    for (int i = 0; i < FAKE_MAX_SITES && impl->sites[i]; i++) {
        counted++;
        if (fail_at && counted >= fail_at && !fake_skipped(skip, impl->sites[i])) {
            injected = i + 1;
            break; /* the error path: the operation ends here */
        }
    }
    result->outcome = CONFORM_PASS;
    if (injected && injected == impl->crash_site) {
        result->outcome = CONFORM_ERROR;
        result->message = strdup("the driver died of signal 11 in MI_Session_Invoke");
    } else if (injected && injected == impl->unclean_site) {
        result->outcome = CONFORM_FAIL;
        result->message = strdup("two final results for operation 1");
    }
    long live = FAKE_BASE_LIVE + (injected && injected == impl->leak_site ? 1 : 0);
    if (!impl->no_report)
        fake_write_report(report, fail_at, counted, injected,
                          injected ? impl->sites[injected - 1] : "", result->outcome != CONFORM_ERROR,
                          live);
    return 0;
}

static void fake_clear(conform_result *r)
{
    free(r->message);
    free(r->details);
    free(r->transcript);
    free(r->observed);
    memset(r, 0, sizeof *r);
}

static conform_case test_case = { .id = "invoke.static.ok", .area = "invoke" };
static conform_run_options test_opts = { .impl_path = "libmiref.so",
                                         .self_exe = "/kit/build/bin/mi-conform",
                                         .valgrind = 1 };

static inject_alloc_code run_loop(fake_impl *impl, unsigned max_runs, int ignore_leaks,
                                  inject_alloc_summary *out)
{
    inject_alloc_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.max_runs = max_runs;
    cfg.ignore_leaks = ignore_leaks;
    cfg.exec.run = fake_run;
    cfg.exec.clear = fake_clear;
    cfg.exec.ctx = impl;
    return inject_alloc_run_case_with(&test_case, &test_opts, &cfg, out);
}

static void test_clean_implementation_passes(void)
{
    fake_impl impl = { .sites = { "a1", "b2", "c3", "d4", "e5" } };
    inject_alloc_summary s;
    CU_ASSERT_EQUAL(run_loop(&impl, 0, 0, &s), INJECT_ALLOC_OK);
    CU_ASSERT_EQUAL(s.outcome, CONFORM_PASS);
    CU_ASSERT_EQUAL(s.runs, 7); /* baseline, five failures, one run past the end */
    CU_ASSERT_EQUAL(s.injected, 5);
    CU_ASSERT_EQUAL(s.bad, 0);
    CU_ASSERT_EQUAL(s.baseline_counted, 5);
    CU_ASSERT_EQUAL(s.baseline_live, FAKE_BASE_LIVE);
    CU_ASSERT_FALSE(s.capped);
    CU_ASSERT_PTR_NULL(s.message);
    /* the interposer is found beside mi-conform */
    CU_ASSERT_STRING_EQUAL(impl.preload, "/kit/build/bin/../lib/libmi-inject-alloc.so");
    inject_alloc_summary_clear(&s);
}

static void test_a_stack_fails_once(void)
{
    /* "a1" allocates again later from the same stack (a loop): it is not failed twice */
    fake_impl impl = { .sites = { "a1", "b2", "a1", "c3" } };
    inject_alloc_summary s;
    CU_ASSERT_EQUAL(run_loop(&impl, 0, 0, &s), INJECT_ALLOC_OK);
    CU_ASSERT_EQUAL(s.injected, 3);
    CU_ASSERT_EQUAL(s.runs, 5);
    CU_ASSERT_EQUAL(s.outcome, CONFORM_PASS);
    inject_alloc_summary_clear(&s);
}

static void test_crash_is_an_error_and_the_loop_goes_on(void)
{
    fake_impl impl = { .sites = { "a1", "b2", "c3", "d4" }, .crash_site = 3 };
    inject_alloc_summary s;
    CU_ASSERT_EQUAL(run_loop(&impl, 0, 0, &s), INJECT_ALLOC_OK);
    CU_ASSERT_EQUAL(s.outcome, CONFORM_ERROR);
    CU_ASSERT_EQUAL(s.bad, 1);
    CU_ASSERT_EQUAL(s.runs, 6);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s.message);
    CU_ASSERT_PTR_NOT_NULL(strstr(s.message, "allocation #3 (stack c3)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s.message, "signal 11"));
    /* the details carry the implementation's frames, not the interposer's */
    CU_ASSERT_PTR_NOT_NULL(strstr(s.details, "libmiref.so(site_3"));
    CU_ASSERT_PTR_NULL(strstr(s.details, "libmi-inject-alloc.so"));
    inject_alloc_summary_clear(&s);
}

static void test_unclean_end_fails(void)
{
    fake_impl impl = { .sites = { "a1", "b2" }, .unclean_site = 1 };
    inject_alloc_summary s;
    CU_ASSERT_EQUAL(run_loop(&impl, 0, 0, &s), INJECT_ALLOC_OK);
    CU_ASSERT_EQUAL(s.outcome, CONFORM_FAIL);
    CU_ASSERT_PTR_NOT_NULL(strstr(s.message, "two final results"));
    inject_alloc_summary_clear(&s);
}

static void test_leak_on_an_error_path_fails(void)
{
    fake_impl impl = { .sites = { "a1", "b2", "c3" }, .leak_site = 2 };
    inject_alloc_summary s;
    CU_ASSERT_EQUAL(run_loop(&impl, 0, 0, &s), INJECT_ALLOC_OK);
    CU_ASSERT_EQUAL(s.outcome, CONFORM_FAIL);
    CU_ASSERT_EQUAL(s.bad, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(s.message, "leaked: 3 blocks"));
    inject_alloc_summary_clear(&s);

    CU_ASSERT_EQUAL(run_loop(&impl, 0, 1, &s), INJECT_ALLOC_OK);
    CU_ASSERT_EQUAL(s.outcome, CONFORM_PASS);
    inject_alloc_summary_clear(&s);
}

static void test_cap_stops_the_loop(void)
{
    fake_impl impl = { .sites = { "a1", "b2", "c3", "d4", "e5", "f6" } };
    inject_alloc_summary s;
    CU_ASSERT_EQUAL(run_loop(&impl, 3, 0, &s), INJECT_ALLOC_OK);
    CU_ASSERT_EQUAL(s.runs, 3);
    CU_ASSERT_EQUAL(impl.runs, 3);
    CU_ASSERT_TRUE(s.capped);
    CU_ASSERT_EQUAL(s.outcome, CONFORM_PASS);
    inject_alloc_summary_clear(&s);
}

static void test_missing_interposer_is_reported(void)
{
    fake_impl impl = { .sites = { "a1" }, .no_report = 1 };
    inject_alloc_summary s;
    CU_ASSERT_EQUAL(run_loop(&impl, 0, 0, &s), INJECT_ALLOC_E_INACTIVE);
    CU_ASSERT_EQUAL(impl.runs, 1);
    inject_alloc_summary_clear(&s);
}

static void test_work_directory_is_removed(void)
{
    char dir[] = "/tmp/test_inject_loop.XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("TMPDIR", dir, 1);
    fake_impl impl = { .sites = { "a1", "b2" } };
    inject_alloc_summary s;
    CU_ASSERT_EQUAL(run_loop(&impl, 0, 0, &s), INJECT_ALLOC_OK);
    inject_alloc_summary_clear(&s);
    if (saved) setenv("TMPDIR", saved, 1);
    else unsetenv("TMPDIR");
    free(saved);
    DIR *d = opendir(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    int entries = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) entries++;
    closedir(d);
    CU_ASSERT_EQUAL(entries, 0);
    rmdir(dir);
}

static void test_report_reader(void)
{
    char path[] = "/tmp/test_inject_loop_report.XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    fake_write_report(path, 4, 9, 4, "00ff", 0, -1);
    inject_alloc_report rep;
    CU_ASSERT_EQUAL(inject_alloc_report_read(path, &rep), 0);
    CU_ASSERT_TRUE(rep.present && rep.active && rep.injected);
    CU_ASSERT_FALSE(rep.final);
    CU_ASSERT_EQUAL(rep.counted, 9);
    CU_ASSERT_EQUAL(rep.injected_at, 4);
    CU_ASSERT_STRING_EQUAL(rep.stack_hash, "00ff");
    CU_ASSERT_STRING_EQUAL(rep.stack, "/x/lib/libmiref.so(site_4+0x10)[0x2]\n");
    inject_alloc_report_clear(&rep);
    unlink(path);
    CU_ASSERT_EQUAL(inject_alloc_report_read(path, &rep), 0);
    CU_ASSERT_FALSE(rep.present);
    inject_alloc_report_clear(&rep);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        { "clean_implementation_passes", test_clean_implementation_passes },
        { "a_stack_fails_once", test_a_stack_fails_once },
        { "crash_is_an_error_and_the_loop_goes_on", test_crash_is_an_error_and_the_loop_goes_on },
        { "unclean_end_fails", test_unclean_end_fails },
        { "leak_on_an_error_path_fails", test_leak_on_an_error_path_fails },
        { "cap_stops_the_loop", test_cap_stops_the_loop },
        { "missing_interposer_is_reported", test_missing_interposer_is_reported },
        { "work_directory_is_removed", test_work_directory_is_removed },
        { "report_reader", test_report_reader },
        { NULL, NULL },
    };
    return cutest_run("test_inject_loop", cases, argc, argv);
}

/*
 * test_inject_alloc - the allocation-failure interposer (build/lib/libmi-inject-alloc.so).
 *
 * The binary is its own helper: run with `--helper SCENARIO` it performs a fixed sequence of
 * allocations between mi_inject_enter/mi_inject_leave and prints what happened on one line.
 * The tests run that helper under LD_PRELOAD with different MI_INJECT_* settings and read both
 * the line and the interposer's report file.
 */
#include "tests/support/cutest.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define TEST_INJECT_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_INJECT_UNDER_ASAN 1
#endif
#endif
#ifndef TEST_INJECT_UNDER_ASAN
#define TEST_INJECT_UNDER_ASAN 0
#endif

static char self_path[PATH_MAX];
static char lib_path[PATH_MAX + 64];
static char work_dir[PATH_MAX];

/* ---------------------------------------------------------------- the helper side */

typedef void (*helper_mark_fn)(void);
typedef unsigned long (*helper_count_fn)(void);

static helper_mark_fn helper_enter, helper_leave, helper_suspend, helper_resume;
static helper_count_fn helper_counted;

/* What each allocation gave: 'o' for a block, 'n' for NULL with ENOMEM, 'e' for NULL with
 * another errno. */
static char helper_log[64];
static size_t helper_n;

/* Blocks pass through here so the compiler cannot drop a malloc/free pair as dead code. */
static void *volatile helper_sink;

static void helper_churn(size_t size)
{
    helper_sink = malloc(size);
    free(helper_sink);
}

static void helper_note(void *p, int err)
{
    if (helper_n + 1 < sizeof helper_log) helper_log[helper_n++] = p ? 'o' : (err == ENOMEM ? 'n' : 'e');
}

/* Two call sites with distinct stacks for the skip-stacks test. */
__attribute__((noinline)) static void *helper_site_a(void)
{
    return malloc(24);
}

__attribute__((noinline)) static void *helper_site_b(void)
{
    return malloc(40);
}

static void helper_sequence(void)
{
    void *p[6];
    void *outside;
    helper_churn(8); /* before enter: never counted */
    helper_enter();
    errno = 0, p[0] = malloc(16), helper_note(p[0], errno);
    errno = 0, p[1] = calloc(2, 8), helper_note(p[1], errno);
    errno = 0, p[2] = realloc(NULL, 32), helper_note(p[2], errno);
    errno = 0, p[3] = strdup("x"), helper_note(p[3], errno);
    errno = 0, p[4] = strndup("abc", 2), helper_note(p[4], errno);
    p[5] = NULL;
    int rc = posix_memalign(&p[5], 64, 64);
    helper_note(rc == 0 ? p[5] : NULL, rc);
    helper_leave();
    outside = malloc(8); /* after leave: never counted */
    helper_note(outside, errno);
    free(outside);
    for (int i = 0; i < 6; i++) free(p[i]);
}

static void helper_nested(void)
{
    helper_enter();
    helper_enter();
    helper_leave();
    void *in = malloc(8); /* still inside the outer call */
    helper_note(in, errno);
    helper_leave();
    void *out = malloc(8);
    helper_note(out, errno);
    free(in);
    free(out);
}

static void *helper_grandchild(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3; i++) helper_churn(100);
    return NULL;
}

static void *helper_worker(void *arg)
{
    int spawn = *(int *)arg;
    for (int i = 0; i < 5; i++) helper_churn(100);
    if (spawn) {
        pthread_t t;
        if (pthread_create(&t, NULL, helper_grandchild, NULL) == 0) pthread_join(t, NULL);
    }
    return NULL;
}

/* A driver callback inside an MI call: its own allocations do not count, a call it makes back
 * into the implementation does, and the outer call counts again after it. */
static void helper_suspended(void)
{
    void *p[3];
    helper_enter();
    helper_suspend();
    errno = 0, p[0] = malloc(8), helper_note(p[0], errno);
    helper_enter();
    errno = 0, p[1] = malloc(8), helper_note(p[1], errno);
    helper_leave();
    helper_resume();
    errno = 0, p[2] = malloc(8), helper_note(p[2], errno);
    helper_leave();
    for (int i = 0; i < 3; i++) free(p[i]);
}

/* An implementation thread running a driver callback the whole time: nothing counts. */
static void *helper_callback_worker(void *arg)
{
    (void)arg;
    helper_suspend();
    for (int i = 0; i < 5; i++) helper_churn(100);
    helper_resume();
    return NULL;
}

static void helper_threads(int inside)
{
    pthread_t t;
    int spawn = 1;
    if (inside == 2) {
        helper_enter();
        int rc = pthread_create(&t, NULL, helper_callback_worker, NULL);
        helper_leave();
        if (rc == 0) pthread_join(t, NULL);
        return;
    }
    if (inside) helper_enter();
    int rc = pthread_create(&t, NULL, helper_worker, &spawn);
    if (inside) helper_leave();
    if (rc == 0) pthread_join(t, NULL);
}

static void helper_sites(void)
{
    helper_enter();
    void *a = helper_site_a();
    helper_note(a, errno);
    void *b = helper_site_b();
    helper_note(b, errno);
    helper_leave();
    free(a);
    free(b);
}

static void helper_leak(void)
{
    helper_enter();
    void *kept = malloc(10);
    helper_churn(10);
    char *grown = malloc(4);
    grown = realloc(grown, 4000);
    helper_leave();
    free(grown); /* freed outside: still leaves the live set */
    helper_note(kept, errno);
}

static int helper_main(const char *scenario)
{
    helper_enter = (helper_mark_fn)dlsym(RTLD_DEFAULT, "mi_inject_enter");
    helper_leave = (helper_mark_fn)dlsym(RTLD_DEFAULT, "mi_inject_leave");
    helper_counted = (helper_count_fn)dlsym(RTLD_DEFAULT, "mi_inject_counted");
    helper_suspend = (helper_mark_fn)dlsym(RTLD_DEFAULT, "mi_inject_suspend");
    helper_resume = (helper_mark_fn)dlsym(RTLD_DEFAULT, "mi_inject_resume");
    if (!helper_enter || !helper_leave || !helper_counted || !helper_suspend || !helper_resume) {
        printf("noinject\n");
        return 0;
    }
    if (strcmp(scenario, "sequence") == 0) helper_sequence();
    else if (strcmp(scenario, "nested") == 0) helper_nested();
    else if (strcmp(scenario, "thread-inside") == 0) helper_threads(1);
    else if (strcmp(scenario, "thread-outside") == 0) helper_threads(0);
    else if (strcmp(scenario, "sites") == 0) helper_sites();
    else if (strcmp(scenario, "leak") == 0) helper_leak();
    else if (strcmp(scenario, "suspend") == 0) helper_suspended();
    else if (strcmp(scenario, "suspend-thread") == 0) helper_threads(2);
    else if (strcmp(scenario, "crash") == 0) {
        helper_enter();
        errno = 0;
        void *p = malloc(8);
        helper_note(p, errno);
        helper_leave();
        printf("log=%s counted=%lu\n", helper_log, helper_counted());
        fflush(stdout);
        abort(); /* the report written at the failure must survive this */
    } else if (strcmp(scenario, "none") != 0) {
        return 2;
    }
    printf("log=%s counted=%lu\n", helper_log, helper_counted());
    return 0;
}

/* ---------------------------------------------------------------- the test side */

typedef struct helper_run {
    char out[512];
    int status;  /* waitpid status */
    int timed_out;
    char report[8192];
} helper_run;

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void read_file(const char *path, char *buf, size_t size)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) return;
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* Runs the helper with LD_PRELOAD (unless preload is 0), waiting at most a bound. */
static void run_helper(const char *scenario, unsigned long fail_at, const char *skip_file,
                       int preload, helper_run *run)
{
    char report_path[PATH_MAX + 32], fail_text[32];
    snprintf(report_path, sizeof report_path, "%s/report.txt", work_dir);
    snprintf(fail_text, sizeof fail_text, "%lu", fail_at);
    unlink(report_path);
    memset(run, 0, sizeof *run);

    int fds[2];
    CU_ASSERT_FATAL(pipe(fds) == 0);
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        if (preload) setenv("LD_PRELOAD", lib_path, 1);
        setenv("MI_INJECT_FAIL_AT", fail_text, 1);
        setenv("MI_INJECT_REPORT", report_path, 1);
        if (skip_file) setenv("MI_INJECT_SKIP_STACKS", skip_file, 1);
        else unsetenv("MI_INJECT_SKIP_STACKS");
        execl(self_path, self_path, "--helper", scenario, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    long deadline = now_ms() + cutest_bound_ms(10000);
    size_t len = 0;
    for (;;) {
        long left = deadline - now_ms();
        if (left <= 0) {
            run->timed_out = 1;
            kill(pid, SIGKILL);
            break;
        }
        struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
        if (poll(&pfd, 1, (int)left) <= 0) continue;
        ssize_t got = read(fds[0], run->out + len, sizeof run->out - 1 - len);
        if (got <= 0) break;
        len += (size_t)got;
    }
    run->out[len] = '\0';
    close(fds[0]);
    waitpid(pid, &run->status, 0);
    read_file(report_path, run->report, sizeof run->report);
}

/* The value of `key=` in a report or a helper line, or NULL. */
static const char *field(const char *text, const char *key, char *buf, size_t size)
{
    size_t klen = strlen(key);
    for (const char *p = text; (p = strstr(p, key)) != NULL; p += klen) {
        if ((p == text || p[-1] == '\n' || p[-1] == ' ') && p[klen] == '=') {
            const char *v = p + klen + 1;
            size_t n = strcspn(v, " \n");
            if (n >= size) n = size - 1;
            memcpy(buf, v, n);
            buf[n] = '\0';
            return buf;
        }
    }
    return NULL;
}

static long field_long(const char *text, const char *key)
{
    char buf[64];
    return field(text, key, buf, sizeof buf) ? strtol(buf, NULL, 10) : -1;
}

static int exited_ok(const helper_run *run)
{
    return !run->timed_out && WIFEXITED(run->status) && WEXITSTATUS(run->status) == 0;
}

static int skip_under_asan(void)
{
    /* An ASan binary refuses a preloaded allocator; the plain build covers the interposer. */
    if (TEST_INJECT_UNDER_ASAN) fprintf(stderr, "skipped under ASan\n");
    return TEST_INJECT_UNDER_ASAN;
}

static void test_counts_only_marked_allocations(void)
{
    if (skip_under_asan()) return;
    helper_run run;
    run_helper("sequence", 0, NULL, 1, &run);
    CU_ASSERT(exited_ok(&run));
    char buf[64];
    CU_ASSERT_STRING_EQUAL(field(run.out, "log", buf, sizeof buf), "ooooooo");
    CU_ASSERT_EQUAL(field_long(run.out, "counted"), 6);
    CU_ASSERT_EQUAL(field_long(run.report, "active"), 1);
    CU_ASSERT_EQUAL(field_long(run.report, "counted"), 6);
    CU_ASSERT_EQUAL(field_long(run.report, "injected"), 0);
    CU_ASSERT_EQUAL(field_long(run.report, "final"), 1);
}

static void test_fails_exactly_the_nth(void)
{
    if (skip_under_asan()) return;
    for (unsigned long n = 1; n <= 6; n++) {
        helper_run run;
        char expect[16], buf[64];
        memcpy(expect, "ooooooo", 8);
        expect[n - 1] = 'n';
        run_helper("sequence", n, NULL, 1, &run);
        CU_ASSERT(exited_ok(&run));
        CU_ASSERT_STRING_EQUAL(field(run.out, "log", buf, sizeof buf), expect);
        CU_ASSERT_EQUAL(field_long(run.report, "injected"), 1);
        CU_ASSERT_EQUAL(field_long(run.report, "injected_at"), (long)n);
        CU_ASSERT_PTR_NOT_NULL(field(run.report, "stack_hash", buf, sizeof buf));
        CU_ASSERT_PTR_NOT_NULL(strstr(run.report, "stack_begin\n"));
    }
    helper_run past;
    char buf[64];
    run_helper("sequence", 7, NULL, 1, &past);
    CU_ASSERT_STRING_EQUAL(field(past.out, "log", buf, sizeof buf), "ooooooo");
    CU_ASSERT_EQUAL(field_long(past.report, "injected"), 0);
}

static void test_nesting_keeps_the_outer_call(void)
{
    if (skip_under_asan()) return;
    helper_run run;
    char buf[64];
    run_helper("nested", 1, NULL, 1, &run);
    CU_ASSERT(exited_ok(&run));
    CU_ASSERT_STRING_EQUAL(field(run.out, "log", buf, sizeof buf), "no");
    CU_ASSERT_EQUAL(field_long(run.report, "counted"), 1);
}

static void test_threads_created_inside_count(void)
{
    if (skip_under_asan()) return;
    helper_run in, out;
    run_helper("thread-inside", 0, NULL, 1, &in);
    run_helper("thread-outside", 0, NULL, 1, &out);
    CU_ASSERT(exited_ok(&in));
    CU_ASSERT(exited_ok(&out));
    /* 5 in the worker, 3 in the worker's own thread, plus what pthread_create allocates */
    CU_ASSERT(field_long(in.report, "counted") >= 8);
    CU_ASSERT_EQUAL(field_long(in.report, "threads"), 2);
    CU_ASSERT_EQUAL(field_long(out.report, "counted"), 0);
    CU_ASSERT_EQUAL(field_long(out.report, "threads"), 0);
}

static void test_suspend_excludes_driver_callbacks(void)
{
    if (skip_under_asan()) return;
    helper_run run, worker, base;
    char buf[64];
    run_helper("suspend", 1, NULL, 1, &run);
    CU_ASSERT(exited_ok(&run));
    CU_ASSERT_STRING_EQUAL(field(run.out, "log", buf, sizeof buf), "ono");
    CU_ASSERT_EQUAL(field_long(run.report, "counted"), 2);
    /* a callback thread that stays suspended adds nothing to what creating it costs */
    run_helper("suspend-thread", 0, NULL, 1, &worker);
    run_helper("thread-inside", 0, NULL, 1, &base);
    CU_ASSERT(exited_ok(&worker));
    CU_ASSERT_EQUAL(field_long(worker.report, "threads"), 1);
    CU_ASSERT(field_long(worker.report, "counted") < field_long(base.report, "counted"));
    CU_ASSERT(field_long(worker.report, "counted") <= 3);
}

static void write_skip_file(const char *path, const char *h1, const char *h2)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f, "%s first site\n", h1);
    if (h2) fprintf(f, "%s\n", h2);
    fclose(f);
}

static void test_skip_stacks_moves_to_the_next_site(void)
{
    if (skip_under_asan()) return;
    helper_run first, again, skipped, both;
    char h1[64] = "", h1b[64] = "", h2[64] = "", buf[64], skip_path[PATH_MAX + 16];
    snprintf(skip_path, sizeof skip_path, "%s/skip.txt", work_dir);

    run_helper("sites", 1, NULL, 1, &first);
    CU_ASSERT_STRING_EQUAL(field(first.out, "log", buf, sizeof buf), "no");
    CU_ASSERT_PTR_NOT_NULL_FATAL(field(first.report, "stack_hash", h1, sizeof h1));
    /* the same site in a new process (new addresses) has the same hash */
    run_helper("sites", 1, NULL, 1, &again);
    CU_ASSERT_PTR_NOT_NULL_FATAL(field(again.report, "stack_hash", h1b, sizeof h1b));
    CU_ASSERT_STRING_EQUAL(h1, h1b);

    write_skip_file(skip_path, h1, NULL);
    run_helper("sites", 1, skip_path, 1, &skipped);
    CU_ASSERT_STRING_EQUAL(field(skipped.out, "log", buf, sizeof buf), "on");
    CU_ASSERT_EQUAL(field_long(skipped.report, "injected_at"), 2);
    CU_ASSERT_EQUAL(field_long(skipped.report, "skip_stacks"), 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(field(skipped.report, "stack_hash", h2, sizeof h2));
    CU_ASSERT_STRING_NOT_EQUAL(h1, h2);

    write_skip_file(skip_path, h1, h2);
    run_helper("sites", 1, skip_path, 1, &both);
    CU_ASSERT_STRING_EQUAL(field(both.out, "log", buf, sizeof buf), "oo");
    CU_ASSERT_EQUAL(field_long(both.report, "injected"), 0);
    unlink(skip_path);
}

static void test_report_survives_a_crash(void)
{
    if (skip_under_asan()) return;
    helper_run run;
    char buf[64];
    run_helper("crash", 1, NULL, 1, &run);
    CU_ASSERT(WIFSIGNALED(run.status) && WTERMSIG(run.status) == SIGABRT);
    CU_ASSERT_STRING_EQUAL(field(run.out, "log", buf, sizeof buf), "n");
    CU_ASSERT_EQUAL(field_long(run.report, "injected"), 1);
    CU_ASSERT_EQUAL(field_long(run.report, "final"), 0);
    /* the symbolised stack names the helper's binary */
    CU_ASSERT_PTR_NOT_NULL(strstr(run.report, "test_inject_alloc"));
}

static void test_report_counts_live_blocks(void)
{
    if (skip_under_asan()) return;
    helper_run run;
    run_helper("leak", 0, NULL, 1, &run);
    CU_ASSERT(exited_ok(&run));
    CU_ASSERT_EQUAL(field_long(run.report, "counted"), 4);
    CU_ASSERT_EQUAL(field_long(run.report, "live"), 1);
}

static void test_active_without_allocations(void)
{
    if (skip_under_asan()) return;
    helper_run run;
    run_helper("none", 3, NULL, 1, &run);
    CU_ASSERT(exited_ok(&run));
    CU_ASSERT_EQUAL(field_long(run.report, "active"), 1);
    CU_ASSERT_EQUAL(field_long(run.report, "injected"), 0);
    CU_ASSERT_EQUAL(field_long(run.report, "fail_at"), 3);
}

static void test_driver_runs_without_the_interposer(void)
{
    helper_run run;
    run_helper("sequence", 1, NULL, 0, &run);
    CU_ASSERT(exited_ok(&run));
    CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "noinject"));
    CU_ASSERT_EQUAL(run.report[0], '\0');
}

/* Paths: the library sits in ../lib beside the tests directory; MI_INJECT_ALLOC_LIB wins. */
static int locate(const char *argv0)
{
    if (!realpath(argv0, self_path)) return -1;
    const char *env = getenv("MI_INJECT_ALLOC_LIB");
    if (env) {
        snprintf(lib_path, sizeof lib_path, "%s", env);
    } else {
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s", self_path);
        char *slash = strrchr(dir, '/');
        if (slash) *slash = '\0';
        snprintf(lib_path, sizeof lib_path, "%s/../lib/libmi-inject-alloc.so", dir);
    }
    snprintf(work_dir, sizeof work_dir, "/tmp/test_inject_alloc.XXXXXX");
    return mkdtemp(work_dir) ? 0 : -1;
}

static void cleanup_work_dir(void)
{
    char path[PATH_MAX + 32];
    const char *names[] = { "report.txt", "report.txt.tmp", "skip.txt" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", work_dir, names[i]);
        unlink(path);
    }
    rmdir(work_dir);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--helper") == 0) return helper_main(argv[2]);
    if (locate(argv[0]) != 0) {
        fprintf(stderr, "cannot locate %s or make a work directory\n", argv[0]);
        return 2;
    }
    static const cutest_case cases[] = {
        { "counts_only_marked_allocations", test_counts_only_marked_allocations },
        { "fails_exactly_the_nth", test_fails_exactly_the_nth },
        { "nesting_keeps_the_outer_call", test_nesting_keeps_the_outer_call },
        { "threads_created_inside_count", test_threads_created_inside_count },
        { "suspend_excludes_driver_callbacks", test_suspend_excludes_driver_callbacks },
        { "skip_stacks_moves_to_the_next_site", test_skip_stacks_moves_to_the_next_site },
        { "report_survives_a_crash", test_report_survives_a_crash },
        { "report_counts_live_blocks", test_report_counts_live_blocks },
        { "active_without_allocations", test_active_without_allocations },
        { "driver_runs_without_the_interposer", test_driver_runs_without_the_interposer },
        { NULL, NULL },
    };
    int rc = cutest_run("test_inject_alloc", cases, argc, argv);
    cleanup_work_dir();
    return rc;
}

/*
 * runner - rounds of the selection, each spread over worker threads. Workers take the next
 * case index under one mutex and print under the same mutex, so console lines never tear.
 */
#include "harness/runner.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness/cli.h"
#include "harness/interrupt.h"
#include "harness/report.h"

int conform_runner_failed(const conform_result *r)
{
    return r->outcome == CONFORM_FAIL || r->outcome == CONFORM_ERROR;
}

typedef struct round_state {
    const conform_selection *sel;
    const conform_runner_config *cfg;
    conform_result *results; /* this round's, one per case */
    pthread_mutex_t lock;
    size_t next;
    size_t done; /* cases of this round reported so far */
    int nomem;
} round_state;

/* Out of memory inside a case is the run's problem, not the implementation's: the case is an
 * error with whatever message fits, and the run says so at the end. */
static void mark_nomem(conform_result *r)
{
    conform_result_clear(r);
    memset(r, 0, sizeof *r);
    r->outcome = CONFORM_ERROR;
    r->message = strdup("the runner ran out of memory");
    r->peak_rss_kb = -1;
}

static int digits(size_t n)
{
    int d = 1;
    while (n >= 10) { n /= 10; d++; }
    return d;
}

static void run_one(round_state *st, size_t i)
{
    const conform_case *c = st->sel->cases[i];
    conform_result *r = &st->results[i];
    conform_case_executor execute = st->cfg->execute ? st->cfg->execute : conform_case_execute;
    int nomem = execute(c, st->cfg->opts, r) != 0;
    if (!nomem) nomem = conform_profile_apply(st->cfg->profile, c->id, r) != CONFORM_OK;
    if (nomem) mark_nomem(r);
    /* A pass needs no transcript to be believed (its system-out still says what it checked and
     * how many requests it made); dropping it keeps an all-pass report small. */
    if (r->outcome == CONFORM_PASS && !st->cfg->passing_transcripts) {
        free(r->transcript);
        r->transcript = NULL;
    }
    pthread_mutex_lock(&st->lock);
    if (nomem) st->nomem = 1;
    st->done++;
    if (st->cfg->console != NULL) {
        /* On a terminal, where the run stands; in CI logs the plain lines. */
        if (isatty(fileno(st->cfg->console)))
            fprintf(st->cfg->console, "[%*zu/%zu] ", digits(st->sel->n_cases), st->done,
                    st->sel->n_cases);
        conform_report_console_case(st->cfg->console, c, r);
    }
    pthread_mutex_unlock(&st->lock);
}

/* A case the run was stopped before: reported, so a partial report says what it lacks. */
static void mark_not_run(conform_result *r)
{
    memset(r, 0, sizeof *r);
    r->outcome = CONFORM_ERROR;
    r->kind = CONFORM_KIND_NOT_RUN;
    r->message = strdup("not run: the run was interrupted");
    r->peak_rss_kb = -1;
    r->requests = -1;
}

static void *worker(void *arg)
{
    round_state *st = arg;
    for (;;) {
        pthread_mutex_lock(&st->lock);
        size_t i = st->next < st->sel->n_cases ? st->next++ : SIZE_MAX;
        pthread_mutex_unlock(&st->lock);
        if (i == SIZE_MAX) return NULL;
        if (conform_interrupt_signal() != 0) mark_not_run(&st->results[i]);
        else run_one(st, i);
    }
}

static conform_status run_round(round_state *st)
{
    size_t n = st->sel->n_cases;
    size_t threads = st->cfg->jobs < n ? st->cfg->jobs : n;
    if (threads <= 1) {
        worker(st);
        return CONFORM_OK;
    }
    pthread_t *tids = calloc(threads, sizeof *tids);
    if (tids == NULL) return CONFORM_E_NOMEM;
    size_t started = 0;
    while (started < threads && pthread_create(&tids[started], NULL, worker, st) == 0) started++;
    /* Whatever started drains the queue; if none did, the round cannot run at all. */
    if (started == 0) worker(st);
    for (size_t t = 0; t < started; t++) pthread_join(tids[t], NULL);
    free(tids);
    return CONFORM_OK;
}

/* The round's record (outcome, kind, message, time) appended to the case's list. */
static int record_round(conform_round **rounds, unsigned *n, const conform_result *r)
{
    conform_round *t = realloc(*rounds, (*n + 1) * sizeof *t);
    if (t == NULL) return -1;
    *rounds = t;
    conform_round *rd = &t[*n];
    rd->outcome = r->outcome;
    rd->kind = r->kind;
    rd->seconds = r->seconds;
    rd->message = r->message != NULL ? strdup(r->message) : NULL;
    if (r->message != NULL && rd->message == NULL) return -1;
    (*n)++;
    return 0;
}

/* Keeps the first failure seen in any round, else the latest result, and with more than one
 * round a record of every round. Moves, never copies. */
static int merge_round(conform_result *kept, conform_result *round, size_t n, unsigned roundno,
                       int record, int *nomem)
{
    int any_failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (conform_runner_failed(&round[i])) any_failed = 1;
        conform_round *rounds = kept[i].rounds;
        unsigned n_rounds = kept[i].n_rounds, kept_round = kept[i].kept_round;
        kept[i].rounds = NULL;
        kept[i].n_rounds = 0;
        if (record && record_round(&rounds, &n_rounds, &round[i]) != 0) *nomem = 1;
        if (roundno > 1 && conform_runner_failed(&kept[i])) {
            conform_result_clear(&round[i]);
        } else {
            if (roundno > 1) conform_result_clear(&kept[i]);
            kept[i] = round[i];
            kept_round = roundno;
        }
        kept[i].rounds = rounds;
        kept[i].n_rounds = n_rounds;
        kept[i].kept_round = kept_round;
        memset(&round[i], 0, sizeof round[i]);
    }
    return any_failed;
}

conform_status conform_runner_run(const conform_selection *sel, const conform_runner_config *cfg,
                                  conform_result *results, unsigned *rounds_run)
{
    *rounds_run = 0;
    if (sel->n_cases == 0) return CONFORM_OK;
    round_state st;
    memset(&st, 0, sizeof st);
    st.sel = sel;
    st.cfg = cfg;
    st.results = calloc(sel->n_cases, sizeof *st.results);
    if (st.results == NULL) return CONFORM_E_NOMEM;
    pthread_mutex_init(&st.lock, NULL);
    conform_status rc = CONFORM_OK;
    for (unsigned round = 1; cfg->repeat == 0 || round <= cfg->repeat; round++) {
        st.next = 0;
        st.done = 0;
        if (cfg->console != NULL && (cfg->repeat != 1))
            fprintf(cfg->console, "-- round %u\n", round);
        rc = run_round(&st);
        if (rc != CONFORM_OK) break;
        *rounds_run = round;
        int failed = merge_round(results, st.results, sel->n_cases, round, cfg->repeat != 1,
                                 &st.nomem);
        if (failed && cfg->until_failure) break;
        if (st.nomem || conform_interrupt_signal() != 0) break;
    }
    pthread_mutex_destroy(&st.lock);
    free(st.results);
    return st.nomem && rc == CONFORM_OK ? CONFORM_E_NOMEM : rc;
}

/* ---------------------------------------------------------------- mi-conform */

/* mkdir -p: reports may go to a fresh directory (a shard's, a mutant's). */
static int make_dirs(const char *path)
{
    char buf[PATH_MAX];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) return -1;
    for (char *p = buf + 1; *p != '\0'; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    return mkdir(buf, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

static char *self_exe_path(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return NULL;
    buf[n] = '\0';
    return strdup(buf);
}

/* --list: id, level, clauses (comma-separated), title; tab-separated, no header. */
static void print_list(FILE *out, const conform_selection *sel)
{
    for (size_t i = 0; i < sel->n_cases; i++) {
        const conform_case *c = sel->cases[i];
        fprintf(out, "%s\t%s\t", c->id, conform_level_name(c->level));
        for (size_t k = 0; k < c->n_clauses; k++)
            fprintf(out, "%s%s", k > 0 ? "," : "", c->clauses[k]);
        fprintf(out, "\t%s\n", c->title != NULL ? c->title : "");
    }
}

typedef struct run_context {
    conform_cli cli;
    conform_suite suite;
    int suite_loaded;
    conform_selection sel;
    conform_profile profile;
    int profile_loaded;
    conform_result *results;
    conform_case_executor alloc_execute;
    conform_case *renamed; /* the cases under their injection testsuite's name (reports) */
} run_context;

static void context_free(run_context *x)
{
    if (x->results != NULL)
        for (size_t i = 0; i < x->sel.n_cases; i++) conform_result_clear(&x->results[i]);
    free(x->results);
    free(x->renamed);
    if (x->profile_loaded) conform_profile_free(&x->profile);
    conform_select_free(&x->sel);
    if (x->suite_loaded) conform_suite_free(&x->suite);
    conform_cli_free(&x->cli);
}

/* Usage, paths, tables, selection: everything that decides whether the run can start.
 * Returns -1 to go on, or the exit code. */
static int prepare(run_context *x, int argc, char **argv)
{
    char err[1024];
    conform_status parsed = conform_cli_parse(argc, argv, &x->cli, err, sizeof err);
    if (parsed == CONFORM_OK && x->cli.action == CONFORM_ACTION_HELP) {
        conform_cli_usage(stdout);
        return 0;
    }
    if (parsed == CONFORM_OK && x->cli.action == CONFORM_ACTION_VERSION) {
        printf("mi-conform %s\n", CONFORM_KIT_VERSION);
        return 0;
    }
    if (parsed == CONFORM_E_INVALID) {
        fprintf(stderr, "mi-conform: %s\n", err);
        return 2;
    }
    if (parsed == CONFORM_OK && x->cli.inject_alloc && x->alloc_execute == NULL) {
        fprintf(stderr, "mi-conform: --inject alloc: not supported by this build (the "
                        "allocation-failure loop is not linked in)\n");
        return 2;
    }
    char *exe = self_exe_path();
    if (parsed != CONFORM_OK || conform_cli_resolve(&x->cli, exe) != CONFORM_OK) {
        free(exe);
        fprintf(stderr, "mi-conform: out of memory\n");
        return 2;
    }
    free(exe);
    if (conform_suite_load(x->cli.cases_dir, x->cli.fixtures_dir, &x->suite, err, sizeof err)
        != CONFORM_OK) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    x->suite_loaded = 1;
    if (conform_select_apply(&x->suite, &x->cli.filter, x->cli.shard_k, x->cli.shard_n,
                             &x->sel) != CONFORM_OK) {
        fprintf(stderr, "mi-conform: out of memory\n");
        return 2;
    }
    return -1;
}

/* What only a real run (not --list) needs: the profile, the implementation, the out dir. */
static int prepare_run(run_context *x)
{
    char err[1024];
    if (x->cli.profile_path != NULL) {
        char xsd[PATH_MAX];
        snprintf(xsd, sizeof xsd, "%s/profiles/profile.xsd", x->cli.cases_dir);
        if (conform_profile_load(x->cli.profile_path, xsd, &x->profile, err, sizeof err) !=
            CONFORM_OK) {
            fprintf(stderr, "%s\n", err);
            return 2;
        }
        x->profile_loaded = 1;
        const conform_profile_expect *stale = conform_profile_unmatched(&x->profile, &x->suite);
        if (stale != NULL) {
            fprintf(stderr, "mi-conform: %s: <expect case=\"%s\"> matches no case of %s\n",
                    x->cli.profile_path, stale->glob, x->cli.cases_dir);
            return 2;
        }
    }
    if (x->sel.n_cases == 0 && !x->cli.allow_empty) {
        fprintf(stderr, "mi-conform: the selection matches none of the %zu cases in %s "
                        "(--allow-empty to run nothing)\n", x->suite.n_cases, x->cli.cases_dir);
        return 2;
    }
    if (access(x->cli.impl_path, R_OK) != 0) {
        fprintf(stderr, "mi-conform: %s: %s\n", x->cli.impl_path, strerror(errno));
        return 2;
    }
    char why[1024];
    if (conform_preflight_check(x->cli.self_exe, x->cli.impl_path, x->cli.timeout_scale, why,
                                sizeof why) != 0) {
        fprintf(stderr, "mi-conform: %s cannot be tested: %s\n", x->cli.impl_path, why);
        return 2;
    }
    if (make_dirs(x->cli.out_dir) != 0) {
        fprintf(stderr, "mi-conform: %s: %s\n", x->cli.out_dir, strerror(errno));
        return 2;
    }
    x->results = calloc(x->sel.n_cases > 0 ? x->sel.n_cases : 1, sizeof *x->results);
    if (x->results == NULL) return 2;
    return -1;
}

static int write_reports(const run_context *x, const conform_report_meta *m,
                         const conform_report_item *items)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/junit.xml", x->cli.out_dir);
    int ok = conform_report_junit_write(path, m, items, x->sel.n_cases) == CONFORM_OK;
    if (!ok) fprintf(stderr, "mi-conform: cannot write %s\n", path);
    snprintf(path, sizeof path, "%s/summary.json", x->cli.out_dir);
    if (conform_report_json_write(path, m, items, x->sel.n_cases) != CONFORM_OK) {
        fprintf(stderr, "mi-conform: cannot write %s\n", path);
        ok = 0;
    }
    snprintf(path, sizeof path, "%s/index.html", x->cli.out_dir);
    if (conform_report_html_write(path, m, items, x->sel.n_cases) != CONFORM_OK) {
        fprintf(stderr, "mi-conform: cannot write %s\n", path);
        ok = 0;
    }
    return ok ? 0 : -1;
}

/* The testsuite a run's results go to: the case's area, or the injection's own. */
static const char *injection_suite(const conform_cli *cli)
{
    return cli->inject_alloc ? "inject-alloc" : cli->net_inject ? "inject-net" : NULL;
}

/* Under injection every case is reported in the injection's testsuite (classname), named by
 * its id: shallow copies with the area replaced, so the report writers need not know. */
static const conform_case *reported_case(run_context *x, size_t i)
{
    const char *suite = injection_suite(&x->cli);
    if (suite == NULL) return x->sel.cases[i];
    if (x->renamed == NULL) {
        x->renamed = calloc(x->sel.n_cases > 0 ? x->sel.n_cases : 1, sizeof *x->renamed);
        if (x->renamed == NULL) return x->sel.cases[i];
    }
    x->renamed[i] = *x->sel.cases[i];
    x->renamed[i].area = (char *)suite;
    return &x->renamed[i];
}

static int report(run_context *x, time_t started)
{
    conform_report_item *items = calloc(x->sel.n_cases > 0 ? x->sel.n_cases : 1, sizeof *items);
    if (items == NULL) return 2;
    for (size_t i = 0; i < x->sel.n_cases; i++) {
        items[i].c = reported_case(x, i);
        items[i].r = &x->results[i];
    }
    char host[256] = "localhost";
    gethostname(host, sizeof host - 1);
    host[sizeof host - 1] = '\0';
    /* The contract beside a checkout: <repo>/cases -> <repo>/../shared/reference/mi-api.md. */
    char contract[PATH_MAX];
    snprintf(contract, sizeof contract, "%s/../../shared/reference/mi-api.md", x->cli.cases_dir);
    conform_report_meta m = {x->cli.impl_path, x->cli.profile_path, host, CONFORM_KIT_VERSION,
                             x->cli.seed, x->cli.scale, x->cli.timeout_scale, started,
                             access(contract, R_OK) == 0 ? contract : NULL};
    int io = write_reports(x, &m, items);
    conform_report_counts k = conform_report_count(items, x->sel.n_cases);
    free(items);
    conform_report_console_summary(stdout, &k);
    int sig = conform_interrupt_signal();
    if (sig != 0) {
        printf("interrupted by %s: the cases not run are reported as errors\n", strsignal(sig));
        return 128 + sig;
    }
    /* A run whose report is missing must not look green to CI. */
    if (io != 0 && k.failed == 0) return 2;
    return conform_report_exit_code(&k);
}

static int execute(run_context *x)
{
    conform_run_options opts = {x->cli.impl_path, x->cli.self_exe, x->cli.scale,
                                x->cli.timeout_scale, x->cli.valgrind, x->cli.seed,
                                x->cli.net_inject, NULL, x->cli.inject_alloc};
    conform_runner_config cfg = {&opts, x->profile_loaded ? &x->profile : NULL, x->cli.jobs,
                                 x->cli.repeat, x->cli.until_failure, stdout,
                                 x->cli.inject_alloc ? x->alloc_execute : NULL,
                                 x->cli.transcripts_all};
    const char *suite = injection_suite(&x->cli);
    printf("mi-conform %s: %zu case%s, implementation %s, seed %llu%s%s\n", CONFORM_KIT_VERSION,
           x->sel.n_cases, x->sel.n_cases == 1 ? "" : "s", x->cli.impl_path,
           (unsigned long long)x->cli.seed, suite ? ", " : "", suite ? suite : "");
    fflush(stdout);
    time_t started = time(NULL);
    unsigned rounds = 0;
    if (conform_interrupt_install() != 0)
        fprintf(stderr, "mi-conform: no clean stop on Ctrl-C: %s\n", strerror(errno));
    conform_status rc = conform_runner_run(&x->sel, &cfg, x->results, &rounds);
    if (rc != CONFORM_OK) fprintf(stderr, "mi-conform: %s\n", conform_status_name(rc));
    return report(x, started);
}

int conform_runner_main(int argc, char **argv)
{
    return conform_runner_main_with(argc, argv, NULL);
}

int conform_runner_main_with(int argc, char **argv, conform_case_executor alloc_execute)
{
    run_context x;
    memset(&x, 0, sizeof x);
    x.alloc_execute = alloc_execute;
    int code = prepare(&x, argc, argv);
    if (code < 0 && x.cli.list) {
        print_list(stdout, &x.sel);
        code = 0;
    }
    if (code < 0) code = prepare_run(&x);
    if (code < 0) code = execute(&x);
    fflush(stdout);
    context_free(&x);
    return code;
}

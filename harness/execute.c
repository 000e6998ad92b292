/*
 * execute - conform_case_execute: one case from start to end.
 *
 *   1. an embedded mock server for the case's fixture (127.0.0.1, ephemeral port);
 *   2. a fresh driver child (`mi-conform --driver ...`, optionally under valgrind), its trace
 *      read with a watchdog, the mock's journal forwarded to it as signals by a watcher thread;
 *   3. the mock stopped, the expectations judged against trace and journal, the result filled
 *      in with a redacted transcript.
 *
 * Thread-safe: everything lives in this call's frame; -j workers run it side by side.
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness/case_load.h"
#include "harness/crash_report.h"
#include "harness/child.h"
#include "harness/child_args.h"
#include "harness/expect.h"
#include "harness/verdict.h"
#include "kit/redact.h"
#include "mock_server/mockcim.h"

/* The mock journal's share of a transcript: its first and last events, about this many bytes. */
#define TRANSCRIPT_JOURNAL_KEEP (256 * 1024)

/* ---------------------------------------------------------------- the journal watcher */

typedef struct watcher {
    mock_server *server;
    conform_child *child;
    atomic_int stop;
    pthread_t thread;
    int running;
} watcher;

/* Tells the child about every new journal entry. Waking on REQUEST is immediate; other kinds
 * are picked up within the 50 ms the wait is bounded by. */
static void *watch_journal(void *arg)
{
    watcher *w = arg;
    size_t next = 0;
    while (!atomic_load(&w->stop)) {
        (void)mock_journal_wait(w->server, MOCK_EV_REQUEST, next, 50);
        size_t n = mock_journal_count(w->server);
        for (; next < n; next++) {
            mock_event ev;
            if (mock_journal_get(w->server, next, &ev) != 0) continue;
            char line[64];
            snprintf(line, sizeof line, TRACE_JOURNAL_PREFIX "%s\n",
                     conform_trace_journal_kind(ev.kind));
            conform_child_signal(w->child, line);
            mock_event_clear(&ev);
        }
    }
    return NULL;
}

/* ---------------------------------------------------------------- the child's command line */

/* The driver's argv (child_args.h), under valgrind when the run asks for it. */
typedef struct argv_buf {
    conform_child_argv argv;
    char supp[4096 + 32];
} argv_buf;

static void push(argv_buf *a, const char *s)
{
    conform_child_argv_push(&a->argv, s);
}

/* "--suppressions=<the table's dir>/valgrind.supp" when that file exists: memcheck reports that
 * are neither the implementation's nor the driver's (the dynamic loader's word-at-a-time reads). */
static void push_suppressions(argv_buf *a, const char *table)
{
    const char *slash = strrchr(table, '/');
    int dir_len = slash != NULL ? (int)(slash - table) : 1;
    snprintf(a->supp, sizeof a->supp, "--suppressions=%.*s/valgrind.supp", dir_len,
             slash != NULL ? table : ".");
    if (access(a->supp + strlen("--suppressions="), R_OK) == 0) push(a, a->supp);
}

static void build_argv(argv_buf *a, const conform_case *c, const conform_run_options *opts,
                       unsigned port)
{
    memset(a, 0, sizeof *a);
    if (opts->valgrind) {
        push(a, "/usr/bin/valgrind");
        push(a, "-q");
        push(a, "--error-exitcode=99");
        push(a, "--leak-check=full");
        push(a, "--errors-for-leak-kinds=definite,indirect");
        push(a, "--show-leak-kinds=definite,indirect");
        push_suppressions(a, c->source_file);
    }
    conform_child_args args = {opts->impl_path, c->source_file, c->id, port,
                               CONFORM_CHILD_TRACE_FD, CONFORM_CHILD_SIGNAL_FD,
                               conform_factor(opts->scale), conform_factor(opts->timeout_scale),
                               opts->inject_alloc};
    conform_child_args_write(&a->argv, opts->self_exe, CONFORM_CHILD_DRIVER, &args);
}

/* ---------------------------------------------------------------- result text */

static char *xstrdup(const char *s)
{
    return strdup(s ? s : "");
}

static void set_message(conform_result *r, conform_outcome outcome, const char *msg)
{
    r->outcome = outcome;
    r->kind = outcome == CONFORM_ERROR ? CONFORM_KIND_NOT_RUN : CONFORM_KIND_EXPECTATION;
    free(r->message);
    r->message = xstrdup(msg);
}

/* The row's password wherever it appears, then Authorization credentials and password=...
 * values (kit/redact.h). Out of memory, the transcript goes rather than keep a secret. */
static void redact_transcript(conform_result *r, const char *password)
{
    if (r->transcript == NULL) return;
    char *known = kit_redact_secret(r->transcript, strlen(r->transcript), password, NULL);
    char *redacted = known != NULL ? kit_redact_text(known) : NULL;
    free(known);
    free(r->transcript);
    r->transcript = redacted;
}

/* The driver's trace and the mock's journal, both timed from the mock's start. */
static void build_transcript(conform_result *r, const conform_case *c, const conform_trace *t,
                             uint64_t origin_us, const char *journal,
                             const conform_child_outcome *co)
{
    char *trace = conform_trace_text_since(t, origin_us);
    const char *err = co->stderr_text ? co->stderr_text : "";
    size_t len = strlen(c->id) + (trace ? strlen(trace) : 0) + strlen(journal ? journal : "") +
                 strlen(err) + 256;
    r->transcript = malloc(len);
    if (r->transcript != NULL)
        snprintf(r->transcript, len, "== case %s (%s:%d)\n-- driver trace\n%s-- driver stderr\n%s"
                 "-- mock journal\n%s", c->id, c->source_file, c->source_line, trace ? trace : "",
                 err, journal ? journal : "");
    free(trace);
    const conform_case_spec *spec = conform_case_spec_of(c);
    redact_transcript(r, spec->session.password);
}

static long peak_rss(const conform_trace *t)
{
    for (size_t i = t->n_events; i-- > 0;)
        if (strcmp(t->events[i].kind, TRACE_EV_RSS) == 0)
            return (long)conform_trace_get_num(&t->events[i], TRACE_KEY_KB, -1);
    return -1;
}

/* ---------------------------------------------------------------- the journal snapshot */

static void free_journal(mock_event *ev, size_t n)
{
    for (size_t i = 0; i < n; i++) mock_event_clear(&ev[i]);
    free(ev);
}

/* ---------------------------------------------------------------- one case */

typedef struct run_state {
    const conform_case *c;
    const conform_case_spec *spec;
    const conform_run_options *opts;
    conform_result *r;
    mock_server *server;
    uint64_t journal_base_us;
    conform_child child;
    conform_trace trace;
    conform_child_outcome outcome;
    conform_child_limits limits;
} run_state;

static unsigned scaled_ms(const run_state *s, unsigned ms)
{
    double f = conform_factor(s->opts->timeout_scale);
    return (unsigned)((double)ms * f);
}

static int start_mock(run_state *s)
{
    char err[1024];
    mock_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.fixture_path = s->c->fixture;
    cfg.scale = s->opts->scale;
    cfg.net_inject = s->opts->net_inject;
    cfg.net_seed = s->opts->seed;
    s->journal_base_us = conform_trace_now_us();
    if (mock_server_start(&cfg, &s->server, err, sizeof err) != 0) {
        char msg[1200];
        snprintf(msg, sizeof msg, "mock server did not start: %s", err);
        set_message(s->r, CONFORM_ERROR, msg);
        return -1;
    }
    return 0;
}

/* Only a row that compares streamed values needs their text; the others count elements. */
static int reads_streamed_values(const conform_case_spec *spec)
{
    for (size_t i = 0; i < spec->n_expects; i++)
        if (spec->expects[i].kind == CONFORM_EXPECT_STREAMED && spec->expects[i].has_value)
            return 1;
    return 0;
}

static void run_child(run_state *s)
{
    argv_buf a;
    char err[512];
    unsigned port = s->spec->session.port == CONFORM_PORT_CLOSED ? conform_child_closed_port()
                                                                 : mock_server_port(s->server);
    build_argv(&a, s->c, s->opts, port);
    if (conform_child_spawn(a.argv.v, s->opts->extra_env, &s->child, err, sizeof err) !=
        CONFORM_OK) {
        set_message(s->r, CONFORM_ERROR, err);
        return;
    }
    watcher w = {s->server, &s->child, 0, 0, 0};
    w.running = pthread_create(&w.thread, NULL, watch_journal, &w) == 0;
    s->trace.drop_streamed_values = !reads_streamed_values(s->spec);
    conform_child_supervise(&s->child, &s->trace, &s->limits, &s->outcome);
    atomic_store(&w.stop, 1);
    if (w.running) pthread_join(w.thread, NULL);
}

static int trace_ended(const conform_trace *t)
{
    return t->n_events > 0 && strcmp(t->events[t->n_events - 1].kind, TRACE_EV_END) == 0;
}

static void judge(run_state *s, mock_event *journal, size_t n_journal)
{
    conform_expect_input in = {s->spec, &s->trace, journal, n_journal, s->journal_base_us,
                               conform_factor(s->opts->timeout_scale),
                               conform_factor(s->opts->scale), s->opts->valgrind,
                               s->c->source_file};
    conform_expect_report rep;
    s->r->requests = (long)conform_expect_request_count(&in);
    /* Under fault injection the row's own expectations legitimately break; what must hold
     * whatever was injected is judged instead. */
    int injected = s->opts->inject_alloc || s->opts->net_inject;
    int rc = injected ? conform_expect_invariants(&in, &rep) : conform_expect_judge(&in, &rep);
    char *frames = s->outcome.signaled ? conform_crash_frames(&s->trace, 8) : NULL;
    conform_verdict_input v = {rc == 0 ? &rep : NULL, &s->outcome, frames,
                               s->opts->valgrind ? NULL : s->outcome.stderr_text,
                               conform_crash_thread(&s->trace), trace_ended(&s->trace)};
    if (rc != 0 || conform_verdict(&v, s->r) != 0)
        set_message(s->r, CONFORM_ERROR, "out of memory");
    free(frames);
    s->r->observed = rep.observed;
    rep.observed = NULL;
    conform_expect_report_clear(&rep);
}

/* Teardown is bounded apart from the row's calls: closing what a conforming implementation
 * has finished takes milliseconds, so the connection bound tells a hang; once a wait of the
 * driver ran out, what hangs is known to be its consequence and gets the contract's "bounded". */
static void limits(run_state *s)
{
    unsigned call = s->spec->watchdog_ms ? s->spec->watchdog_ms : CONFORM_WATCHDOG_CALL_MS;
    unsigned whole = s->spec->case_ms ? s->spec->case_ms : CONFORM_WATCHDOG_CASE_MS;
    /* A soak row's case limit grows with --scale; it never shrinks below the declared one. */
    double scale = conform_factor(s->opts->scale) > 1.0 ? s->opts->scale : 1.0;
    if (s->spec->call.repeat > 1) whole = (unsigned)((double)whole * scale);
    s->limits.call_ms = scaled_ms(s, call);
    s->limits.case_ms = scaled_ms(s, whole);
    s->limits.teardown_ms = scaled_ms(s, CONFORM_BOUND_CONNECTION_MS);
    s->limits.after_failure_ms = scaled_ms(s, CONFORM_BOUND_BOUNDED_MS);
}

int conform_case_execute(const conform_case *c, const conform_run_options *opts,
                         conform_result *result)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(result, 0, sizeof *result);
    result->peak_rss_kb = -1;
    result->requests = -1;
    run_state s;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.spec = conform_case_spec_of(c);
    s.opts = opts;
    s.r = result;
    limits(&s);
    if (start_mock(&s) == 0) {
        run_child(&s);
        size_t n_journal = 0;
        char *journal_text = mock_journal_transcript_cut(s.server, TRANSCRIPT_JOURNAL_KEEP);
        mock_event *journal = mock_journal_take(s.server, &n_journal);
        mock_server_stop(s.server);
        if (s.outcome.interrupted)
            set_message(result, CONFORM_ERROR, "not run: the run was interrupted");
        if (result->message == NULL) judge(&s, journal, n_journal);
        build_transcript(result, c, &s.trace, s.journal_base_us, journal_text, &s.outcome);
        result->peak_rss_kb = peak_rss(&s.trace);
        free(journal_text);
        free_journal(journal, n_journal);
    }
    conform_trace_free(&s.trace);
    conform_child_outcome_clear(&s.outcome);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    result->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (result->message == NULL && result->outcome != CONFORM_PASS) return -1;
    return 0;
}

void conform_result_clear(conform_result *result)
{
    for (unsigned i = 0; i < result->n_rounds; i++) free(result->rounds[i].message);
    free(result->rounds);
    free(result->message);
    free(result->details);
    free(result->transcript);
    free(result->observed);
    memset(result, 0, sizeof *result);
}

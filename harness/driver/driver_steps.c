/*
 * driver_steps - the row's actions in time, one function per kind of step (harness/actions.c
 * names them), the parent's signals, and the soak loops.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/driver/driver.h"

/* ---------------------------------------------------------------- signals from the parent */

static void take_signal_lines(conform_driver *d)
{
    char *start = d->signal_buf, *nl;
    while ((nl = memchr(start, '\n', d->signal_len - (size_t)(start - d->signal_buf))) != NULL) {
        *nl = '\0';
        if (strncmp(start, TRACE_JOURNAL_PREFIX, strlen(TRACE_JOURNAL_PREFIX)) == 0) {
            int k = conform_trace_journal_index(start + strlen(TRACE_JOURNAL_PREFIX));
            if (k >= 0) d->journal_seen[k]++;
        }
        start = nl + 1;
    }
    d->signal_len -= (size_t)(start - d->signal_buf);
    memmove(d->signal_buf, start, d->signal_len);
}

/* Reads what the parent sent within `ms` at most. 0, or -1 when the pipe is gone. */
static int read_signals(conform_driver *d, int ms)
{
    if (d->signal_fd < 0) return -1;
    struct pollfd p = {d->signal_fd, POLLIN, 0};
    int n = poll(&p, 1, ms);
    if (n <= 0) return n < 0 && errno != EINTR ? -1 : 0;
    if (d->signal_len == sizeof d->signal_buf) d->signal_len = 0; /* a runaway line */
    ssize_t r = read(d->signal_fd, d->signal_buf + d->signal_len,
                     sizeof d->signal_buf - d->signal_len);
    if (r <= 0) {
        d->signal_fd = -1;
        return -1;
    }
    d->signal_len += (size_t)r;
    take_signal_lines(d);
    return 0;
}

/* Until the journal shows `count` entries of `kind`, at most `ms`; a wait that runs out is
 * traced with the step's line, and the judge does not pass a row whose situation never arose. */
static int wait_journal(conform_driver *d, int kind, unsigned count, unsigned ms,
                        const conform_case_step *st)
{
    uint64_t deadline = conform_trace_now_us() + (uint64_t)ms * 1000u;
    while (kind >= 0 && d->journal_seen[kind] < count) {
        uint64_t now = conform_trace_now_us();
        if (now >= deadline || read_signals(d, (int)((deadline - now + 999) / 1000)) < 0) {
            conform_driver_note_timeout(d, conform_trace_journal_kind(kind), 0, st->line, ms,
                                        st->given);
            return -1;
        }
    }
    return 0;
}

/* A deliberate pause that still takes in the parent's signals. */
static void withhold(conform_driver *d, unsigned ms)
{
    uint64_t deadline = conform_trace_now_us() + (uint64_t)ms * 1000u;
    for (uint64_t now; (now = conform_trace_now_us()) < deadline;)
        if (read_signals(d, (int)((deadline - now + 999) / 1000)) < 0) {
            struct timespec ts = {0, 0};
            uint64_t left = deadline - now;
            ts.tv_sec = (time_t)(left / 1000000u);
            ts.tv_nsec = (long)(left % 1000000u) * 1000L;
            nanosleep(&ts, NULL); /* no parent to listen to: the pause itself is the step */
        }
}

/* ---------------------------------------------------------------- slot calls */

/* Through the ft copied before Close: the implementation's own checks, not the header's. */
static void slot_call(conform_driver *d, conform_driver_op *o, const char *what)
{
    const MI_OperationFT *ft = o->saved.ft;
    if (ft == NULL) {
        conform_driver_note_text(d, "no saved function table", o->index);
        return;
    }
    MI_Result r = MI_RESULT_OK;
    conform_driver_enter(d, what, o->index);
    if (strcmp(what, TRACE_CALL_SLOT_CLOSE) == 0) {
        r = ft->Close(&o->op);
    } else if (strcmp(what, TRACE_CALL_SLOT_CANCEL) == 0) {
        r = ft->Cancel(&o->op, MI_REASON_NONE);
    } else if (strcmp(what, TRACE_CALL_SLOT_GET_SESSION) == 0) {
        MI_Session s = MI_SESSION_NULL;
        r = ft->GetSession(&o->op, &s);
    } else {
        const MI_Instance *inst = NULL, *details = NULL;
        MI_Boolean more = MI_FALSE;
        MI_Result code = MI_RESULT_OK;
        const MI_Char *errstr = NULL;
        r = ft->GetInstance(&o->op, &inst, &more, &code, &errstr, &details);
    }
    conform_driver_leave(d, what, o->index, 1, r);
}

/* ---------------------------------------------------------------- background drain */

typedef struct bg_args {
    conform_driver *d;
    conform_driver_op *o;
    int close; /* close once drained: the client's part of a blocking session or
                  application close (SES-2, SES-5) */
} bg_args;

static bg_args the_bg;

static void *drain_thread(void *arg)
{
    bg_args *a = arg;
    conform_driver_drain(a->d, a->o);
    if (a->close) conform_driver_close_op(a->d, a->o);
    return NULL;
}

/* The row's next step (a Cancel, a Close) is about a GetInstance in progress: it starts only
 * once the background thread has entered GetInstance, so "GetInstance before Cancel" is true
 * of the events, not a race between two threads. Bounded: a thread that never gets there
 * leaves the order judge to report it. */
static void start_background(conform_driver *d, conform_driver_op *o, int close)
{
    if (d->bg_running) return;
    the_bg.d = d;
    the_bg.o = o;
    the_bg.close = close;
    pthread_mutex_lock(&d->lock);
    int before = o->gets_entered;
    pthread_mutex_unlock(&d->lock);
    d->bg_running = pthread_create(&d->bg, NULL, drain_thread, &the_bg) == 0;
    if (!d->bg_running) return;
    struct timespec deadline;
    conform_driver_deadline(&deadline, conform_driver_ms(d, 2000));
    int rc = 0;
    pthread_mutex_lock(&d->lock);
    while (o->gets_entered == before && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&d->cond, &d->lock, &deadline);
    pthread_mutex_unlock(&d->lock);
}

/* Bounded like every wait of the driver: a GetInstance that never returns is left blocked
 * (the watchdog then bounds it), and the wait that ran out is traced as the step's. */
static void join_background(conform_driver *d, unsigned ms, int line, int given)
{
    if (!d->bg_running) return;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline); /* pthread_timedjoin_np's clock */
    deadline.tv_sec += ms / 1000;
    deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000L; }
    if (pthread_timedjoin_np(d->bg, NULL, &deadline) == 0) {
        d->bg_running = 0;
        return;
    }
    conform_driver_op *o = the_bg.o;
    pthread_mutex_lock(&d->lock);
    int seen = o->final_seen;
    o->wait_ran_out = 1;
    pthread_mutex_unlock(&d->lock);
    pthread_detach(d->bg);
    d->bg_running = 0;
    conform_driver_note_timeout(d, seen ? TRACE_WAIT_JOIN : TRACE_WAIT_FINAL, o->index, line, ms,
                                given);
}

/* ---------------------------------------------------------------- steps */

/* A wait's bound: the row's, else the default; a default never outlasts three quarters of
 * the row's own watchdog, so that a wait runs out (and says what it waited for) before the
 * watchdog kills a call that is stuck on the same thing. */
static unsigned bound_or(const conform_driver *d, unsigned ms, unsigned dflt)
{
    unsigned cap = d->spec->watchdog_ms / 4 * 3;
    if (ms == 0 && cap > 0 && cap < dflt) dflt = cap;
    return conform_driver_ms(d, ms ? ms : dflt);
}

void conform_driver_step_wait_request(conform_driver *d, const conform_case_step *st,
                                      conform_driver_op *o)
{
    (void)o;
    wait_journal(d, MOCK_EV_REQUEST, st->count, bound_or(d, st->ms, CONFORM_BOUND_CONNECTION_MS),
                 st);
}

void conform_driver_step_wait_journal(conform_driver *d, const conform_case_step *st,
                                      conform_driver_op *o)
{
    (void)o;
    wait_journal(d, conform_trace_journal_index(st->what), 1,
                 bound_or(d, st->ms, CONFORM_BOUND_CONNECTION_MS), st);
}

void conform_driver_step_cancel(conform_driver *d, const conform_case_step *st,
                                conform_driver_op *o)
{
    conform_driver_cancel(d, o, st->reason);
}

void conform_driver_step_ack(conform_driver *d, const conform_case_step *st, conform_driver_op *o)
{
    if (st->resume) { /* before the ack: what it releases is acknowledged at once */
        pthread_mutex_lock(&d->lock);
        o->auto_ack = 1;
        pthread_mutex_unlock(&d->lock);
    }
    conform_driver_ack(d, o);
}

void conform_driver_step_withhold(conform_driver *d, const conform_case_step *st,
                                  conform_driver_op *o)
{
    (void)o;
    withhold(d, st->ms);
}

void conform_driver_step_get_instance(conform_driver *d, const conform_case_step *st,
                                      conform_driver_op *o)
{
    (void)st;
    conform_driver_get_instance(d, o);
}

void conform_driver_step_drain(conform_driver *d, const conform_case_step *st,
                               conform_driver_op *o)
{
    (void)st;
    conform_driver_drain(d, o);
}

void conform_driver_step_drain_background(conform_driver *d, const conform_case_step *st,
                                          conform_driver_op *o)
{
    start_background(d, o, st->close);
}

void conform_driver_step_join(conform_driver *d, const conform_case_step *st,
                              conform_driver_op *o)
{
    (void)o;
    join_background(d, bound_or(d, st->ms, CONFORM_WATCHDOG_CALL_MS / 2), st->line, st->given);
}

void conform_driver_step_wait_final(conform_driver *d, const conform_case_step *st,
                                    conform_driver_op *o)
{
    conform_driver_wait_final(d, o, bound_or(d, st->ms, CONFORM_WATCHDOG_CALL_MS / 2), st->line,
                              st->given);
}

void conform_driver_step_close(conform_driver *d, const conform_case_step *st,
                               conform_driver_op *o)
{
    (void)st;
    conform_driver_close_op(d, o);
}

void conform_driver_step_close_session(conform_driver *d, const conform_case_step *st,
                                       conform_driver_op *o)
{
    (void)o;
    conform_driver_close_session(d, st->async);
}

void conform_driver_step_wait_session_closed(conform_driver *d, const conform_case_step *st,
                                             conform_driver_op *o)
{
    (void)o;
    unsigned ms = bound_or(d, st->ms, CONFORM_BOUND_BOUNDED_MS * 2);
    struct timespec deadline;
    conform_driver_deadline(&deadline, ms);
    int rc = 0;
    pthread_mutex_lock(&d->lock);
    while (d->session_close_done == 0 && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&d->cond, &d->lock, &deadline);
    int done = d->session_close_done;
    pthread_mutex_unlock(&d->lock);
    if (!done)
        conform_driver_note_timeout(d, TRACE_WAIT_SESSION_CLOSED, 0, st->line, ms, st->given);
}

void conform_driver_step_close_application(conform_driver *d, const conform_case_step *st,
                                           conform_driver_op *o)
{
    (void)st;
    (void)o;
    conform_driver_enter(d, TRACE_CALL_APPLICATION_CLOSE, 0);
    d->app_closed = 1;
    d->session_closed = 1; /* SES-5: closed with the application */
    conform_driver_leave(d, TRACE_CALL_APPLICATION_CLOSE, 0, 1, MI_Application_Close(&d->app));
}

void conform_driver_step_slot(conform_driver *d, const conform_case_step *st, conform_driver_op *o)
{
    slot_call(d, o, st->what);
}

void conform_driver_step_invoke_again(conform_driver *d, const conform_case_step *st,
                                      conform_driver_op *o)
{
    (void)st;
    (void)o;
    conform_driver_op *again = conform_driver_new_op(d);
    if (again != NULL) conform_driver_invoke(d, again, 1);
}

void conform_driver_step_delete_options(conform_driver *d, const conform_case_step *st,
                                        conform_driver_op *o)
{
    (void)st;
    (void)o;
    if (!d->have_options) return;
    conform_driver_enter(d, TRACE_CALL_DELETE_OPTIONS, 0);
    MI_OperationOptions_Delete(&d->options);
    d->have_options = 0;
    conform_driver_leave(d, TRACE_CALL_DELETE_OPTIONS, 0, 0, MI_RESULT_OK);
}

void conform_driver_step_respond(conform_driver *d, const conform_case_step *st,
                                 conform_driver_op *o)
{
    conform_driver_respond(d, o, st->answer);
}

void conform_driver_collect(conform_driver *d, conform_driver_op *o, unsigned ms)
{
    if (!o->invoked || o->closed || o->op.ft == NULL || o->final_seen || o->wait_ran_out) return;
    if (d->spec->call.callbacks.instance_result) conform_driver_wait_final(d, o, ms, 0, 0);
    else conform_driver_drain(d, o);
}

void conform_driver_join_leftover(conform_driver *d)
{
    join_background(d, conform_driver_ms(d, CONFORM_BOUND_CONNECTION_MS), 0, 0);
}

/* ---------------------------------------------------------------- soak */

static uint64_t scaled(const conform_driver *d, uint64_t n)
{
    return conform_case_scaled(n, d->scale);
}

/* soak: `repeat` invokes, one at a time, or in batches of `concurrent` in flight. */
void conform_driver_run_repeat(conform_driver *d)
{
    uint64_t total = scaled(d, d->spec->call.repeat);
    uint64_t batch = d->spec->call.concurrent ? scaled(d, d->spec->call.concurrent) : 1;
    for (uint64_t done = 0; done < total;) {
        size_t first = d->n_ops;
        for (uint64_t k = 0; k < batch && done < total; k++, done++) {
            conform_driver_op *o = conform_driver_new_op(d);
            if (o == NULL) return;
            conform_driver_invoke(d, o, 0);
        }
        for (size_t i = first; i < d->n_ops; i++)
            conform_driver_collect(d, &d->ops[i],
                                   conform_driver_ms(d, CONFORM_WATCHDOG_CALL_MS / 2));
        for (size_t i = first; i < d->n_ops; i++) conform_driver_close_op(d, &d->ops[i]);
    }
}

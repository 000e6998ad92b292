/*
 * driver - the child process of one case: loads the implementation under test with dlopen,
 * makes the row's call through include/mi.h only, performs the row's actions in time, and
 * tells the parent everything it did as trace lines (harness/trace.h).
 *
 * It judges nothing; the parent does. It never waits unboundedly on its own: every wait it
 * makes (for a final callback, for a signal from the parent) has a bound, so a hang is always
 * inside an API call, where the parent's watchdog sees it by the "enter" line.
 */
#ifndef CONFORM_DRIVER_H
#define CONFORM_DRIVER_H

#include <pthread.h>
#include <stdint.h>

#include "harness/actions.h"
#include "harness/case_model.h"
#include "harness/conform.h"
#include "harness/trace.h"
#include "mi.h"

typedef struct conform_driver conform_driver;

/* One Invoke and what became of it. Never moves in memory: its address is the callback
 * context (ASY-2), looked up in the driver's table rather than trusted. */
typedef struct conform_driver_op {
    conform_driver *d;
    unsigned index;               /* 1-based, in Invoke order */
    MI_Operation op;
    MI_Operation saved;           /* the handle as Invoke left it: slot calls after Close */
    int invoked, closed, final_seen, finals, streamed_acted;
    int gets_entered;             /* GetInstance calls whose "enter" line is written */
    int wait_ran_out;             /* a bounded wait for its final ran out: teardown does not
                                     wait for it again */
    MI_Result (*ack)(MI_Operation *); /* a withheld manual acknowledgement */
    MI_Operation *ack_op;
    const MI_Instance *held;      /* the data that must stay valid until the ack (ASY-4) */
    int auto_ack;                 /* after <ack resume="true"/>: acknowledge at once */
    MI_Result (*respond)(MI_Operation *, MI_OperationCallback_ResponseType); /* withheld */
} conform_driver_op;

struct conform_driver {
    const conform_case_spec *spec;
    unsigned port;
    double scale, timeout_scale;
    int trace_fd, signal_fd;
    char signal_buf[256];
    size_t signal_len;
    unsigned journal_seen[16];    /* per mock_event_kind, what the parent reported */

    MI_Application app;
    MI_Session session;
    MI_Session session_saved;     /* copy from before Close (SES-3 slot calls) */
    int have_app, have_session, session_closed, app_closed, session_close_done;
    MI_OperationOptions options;
    int have_options;
    MI_Instance *inbound, *params;
    MI_OperationCallbacks callbacks;
    int use_callbacks, defer_ack;
    /* The row's on-final and on-streamed actions (harness/actions.c); NULL: none. */
    void (*final_action)(conform_driver *d, conform_driver_op *o);
    void (*streamed_action)(conform_driver *d, conform_driver_op *o);

    conform_driver_op *ops;
    size_t n_ops, cap_ops;
    pthread_mutex_t lock;         /* guards op state and the trace fd */
    pthread_cond_t cond;          /* finals, session close completion */
    pthread_t bg;
    int bg_running;
};

/* driver_trace.c: the trace lines. Every write is one whole block under the lock. */
unsigned conform_driver_tid(void);
void conform_driver_emit(conform_driver *d, conform_trace_line *l);
void conform_driver_enter(conform_driver *d, const char *call, unsigned op);
void conform_driver_leave(conform_driver *d, const char *call, unsigned op, int has_result,
                          MI_Result result);
/* A line of `kind` with one field (none when key is NULL) and the op when op > 0. */
void conform_driver_note(conform_driver *d, const char *kind, const char *key,
                         const char *value, unsigned op);
/* A note line: something the driver could not do, for the transcript's reader. */
void conform_driver_note_text(conform_driver *d, const char *text, unsigned op);
/* A bounded wait of the driver ran out: "timeout what=.. op=.. line=.. ms=.. given=..", where
 * line is the row's step (0: the driver's own collection) and ms the bound it waited. */
void conform_driver_note_timeout(conform_driver *d, const char *what, unsigned op, int line,
                                 unsigned ms, int given);
/* A `value` line for every element of inst (recursing into embedded instances). */
void conform_driver_add_instance(conform_trace_line *l, const MI_Instance *inst, unsigned op,
                                 const char *src);

/* driver_crash.c: a crash of the implementation leaves "crash" and "frame" lines in the trace
 * (the signal, and each return address as shared object + offset). */
void conform_driver_crash_install(int trace_fd);

/* driver_inject.c: marks for the allocation-failure interposer (--inject alloc). Init looks
 * them up when enabled (-1: the interposer is not loaded); the others are no-ops without it.
 * impl_begin/end bracket every call into the implementation (conform_driver_enter/leave do
 * it for the traced calls); callback_begin/end bracket the body of every callback. */
int conform_driver_inject_init(int enabled);
void conform_driver_impl_begin(void);
void conform_driver_impl_end(void);
void conform_driver_callback_begin(void);
void conform_driver_callback_end(void);

/* driver_stream.c: a streamed value's fields on its callback line (long texts cut), and the
 * peak RSS ("before" the first Invoke, "after" the steps: STR-7). */
void conform_driver_add_streamed(conform_trace_line *l, const MI_Value *v, MI_Type type);
void conform_driver_note_rss(conform_driver *d, const char *phase);

/* driver_value_text.c: a value in the text form the tables use (malloc'd; NULL when out of
 * memory). Calls nothing else of the driver. */
char *conform_driver_value_text(const MI_Value *v, MI_Type type);

/* driver_values.c: the row's values as MI instances (through the application's NewInstance). */
int conform_driver_build_instance(conform_driver *d, const conform_case_instance *spec,
                                  MI_Instance **out);

/* driver_ops.c: Invoke, callbacks, results. */
conform_driver_op *conform_driver_new_op(conform_driver *d);
void conform_driver_invoke(conform_driver *d, conform_driver_op *o, int through_slot);
/* Waits for o's final callback at most ms; a wait that runs out is traced with the step's
 * line. 0, or -1 when it ran out. */
/* Now + ms on CLOCK_MONOTONIC (the clock d->cond waits on). */
void conform_driver_deadline(struct timespec *ts, unsigned ms);
int conform_driver_wait_final(conform_driver *d, conform_driver_op *o, unsigned ms, int line,
                              int given);
void conform_driver_get_instance(conform_driver *d, conform_driver_op *o);
void conform_driver_drain(conform_driver *d, conform_driver_op *o);
void conform_driver_close_op(conform_driver *d, conform_driver_op *o);
void conform_driver_cancel(conform_driver *d, conform_driver_op *o, int reason);
void conform_driver_ack(conform_driver *d, conform_driver_op *o);
/* The withheld writeError/promptUser answer (<respond answer=.../>). */
void conform_driver_respond(conform_driver *d, conform_driver_op *o, int answer);
void conform_driver_close_session(conform_driver *d, int async);
/* What a row can do inside a callback of its operation (on-final, on-streamed; the table:
 * harness/actions.c). */
void conform_driver_cb_cancel(conform_driver *d, conform_driver_op *o);
void conform_driver_cb_cancel_twice(conform_driver *d, conform_driver_op *o);
void conform_driver_cb_close_session_sync(conform_driver *d, conform_driver_op *o);
void conform_driver_cb_close_session_async(conform_driver *d, conform_driver_op *o);
void conform_driver_setup_callbacks(conform_driver *d);
/* Milliseconds of a default bound after --timeout-scale. */
unsigned conform_driver_ms(const conform_driver *d, unsigned ms);

/* driver_steps.c: one function per kind of step (the table: harness/actions.c), o being the
 * step's operation for the kinds that act on one, else NULL; and the soak loops. */
void conform_driver_step_wait_request(conform_driver *d, const conform_case_step *st,
                                      conform_driver_op *o);
void conform_driver_step_wait_journal(conform_driver *d, const conform_case_step *st,
                                      conform_driver_op *o);
void conform_driver_step_cancel(conform_driver *d, const conform_case_step *st,
                                conform_driver_op *o);
void conform_driver_step_ack(conform_driver *d, const conform_case_step *st, conform_driver_op *o);
void conform_driver_step_withhold(conform_driver *d, const conform_case_step *st,
                                  conform_driver_op *o);
void conform_driver_step_get_instance(conform_driver *d, const conform_case_step *st,
                                      conform_driver_op *o);
void conform_driver_step_drain(conform_driver *d, const conform_case_step *st,
                               conform_driver_op *o);
void conform_driver_step_drain_background(conform_driver *d, const conform_case_step *st,
                                          conform_driver_op *o);
void conform_driver_step_join(conform_driver *d, const conform_case_step *st,
                              conform_driver_op *o);
void conform_driver_step_wait_final(conform_driver *d, const conform_case_step *st,
                                    conform_driver_op *o);
void conform_driver_step_close(conform_driver *d, const conform_case_step *st,
                               conform_driver_op *o);
void conform_driver_step_close_session(conform_driver *d, const conform_case_step *st,
                                       conform_driver_op *o);
void conform_driver_step_wait_session_closed(conform_driver *d, const conform_case_step *st,
                                             conform_driver_op *o);
void conform_driver_step_close_application(conform_driver *d, const conform_case_step *st,
                                           conform_driver_op *o);
void conform_driver_step_slot(conform_driver *d, const conform_case_step *st, conform_driver_op *o);
void conform_driver_step_invoke_again(conform_driver *d, const conform_case_step *st,
                                      conform_driver_op *o);
void conform_driver_step_delete_options(conform_driver *d, const conform_case_step *st,
                                        conform_driver_op *o);
void conform_driver_step_respond(conform_driver *d, const conform_case_step *st,
                                 conform_driver_op *o);
/* Collects o's final result when nobody did: waits for the callback (async) or drains
 * (sync), unless a wait for it already ran out. */
void conform_driver_collect(conform_driver *d, conform_driver_op *o, unsigned ms);
/* Teardown: joins a background drain the steps left running (bounded). */
void conform_driver_join_leftover(conform_driver *d);
void conform_driver_run_repeat(conform_driver *d);

#endif

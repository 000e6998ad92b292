/*
 * child - the parent's side of a case's child process (`mi-conform --driver`, harness/driver/):
 * start it (optionally under valgrind), read its trace and stderr, forward journal signals, and
 * kill it when a call hangs. Runs in the parent only.
 */
#ifndef CONFORM_CHILD_H
#define CONFORM_CHILD_H

#include <stdint.h>
#include <sys/types.h>

#include "harness/status.h"
#include "harness/trace.h"

typedef struct conform_child {
    pid_t pid;
    int trace_fd;   /* read end of the trace pipe */
    int stderr_fd;  /* read end of the child's stderr (valgrind's report lands here) */
    int signal_fd;  /* our end of the signal socket (parent -> child) */
} conform_child;

/* Starts argv[0] with argv, the trace pipe as CONFORM_CHILD_TRACE_FD and the signal socket as
 * CONFORM_CHILD_SIGNAL_FD (child_args.h; the argv already says so), in its own process group.
 * Its environment is ours plus extra_env ("NAME=VALUE", NULL-terminated, may be NULL), an extra
 * entry replacing ours of the same NAME. On failure err says why: CONFORM_E_IO (no pipes, or
 * the process did not start), CONFORM_E_NOMEM. */
conform_status conform_child_spawn(char *const argv[], const char *const *extra_env,
                                   conform_child *child, char *err, size_t errlen);

/* One line to the child ("journal request\n"); never blocks, never raises SIGPIPE. */
void conform_child_signal(conform_child *child, const char *line);

typedef struct conform_child_outcome {
    int exited, exit_code;      /* normal exit */
    int signaled, signal;       /* killed by a signal (a crash, or our watchdog) */
    int hung;                   /* the watchdog fired */
    char hung_call[128];        /* the call in progress when it fired (or when it crashed) */
    unsigned hung_op;
    double hung_seconds;
    double hung_limit_s;        /* the watchdog the hung call had */
    int in_teardown;            /* it happened after the driver's "phase teardown" line */
    int after_failure;          /* it happened after a bounded wait of the driver ran out:
                                   a consequence of what that wait was for */
    char *stderr_text;          /* what the child wrote to stderr (malloc'd, capped) */
    int interrupted;            /* the run was asked to stop (SIGINT/SIGTERM): child killed */
} conform_child_outcome;

/* How long the child may take. A call entered during teardown gets teardown_ms, or
 * after_failure_ms once a wait of the driver ran out (the operation it waited for is known
 * to be stuck, so the teardown that hangs on it is a consequence, and need not cost the
 * full watchdog). */
typedef struct conform_child_limits {
    unsigned call_ms, case_ms, teardown_ms, after_failure_ms;
} conform_child_limits;

/* Reads the trace into *trace until the child closes it, with the watchdog: a call that does
 * not return within its limit, or the whole run exceeding case_ms, kills the process group.
 * Then reaps the child. */
void conform_child_supervise(conform_child *child, conform_trace *trace,
                             const conform_child_limits *limits, conform_child_outcome *out);

void conform_child_outcome_clear(conform_child_outcome *out);

/* A local TCP port that nothing listens on (ERR-4's refused connection), 0 on failure. */
unsigned conform_child_closed_port(void);

#endif

/*
 * child_args - the command lines of mi-conform's child processes, one table for both sides:
 * the parent writes them (execute.c for a case's driver, preflight.c for the probe) and the
 * child reads them (harness/driver/driver_main.c), so a flag is spelled once.
 *
 *   mi-conform --driver --impl PATH --table FILE --case ID --port N --trace-fd 3 --signal-fd 4
 *                       --scale F --timeout-scale F [--inject alloc]
 *   mi-conform --probe --impl PATH
 */
#ifndef CONFORM_CHILD_ARGS_H
#define CONFORM_CHILD_ARGS_H

/* Where the parent puts the trace pipe and the signal socket in the driver child. */
#define CONFORM_CHILD_TRACE_FD 3
#define CONFORM_CHILD_SIGNAL_FD 4

typedef enum conform_child_mode {
    CONFORM_CHILD_NONE = 0, /* not a child: the runner, compare, matrix */
    CONFORM_CHILD_DRIVER,   /* one case (--driver) */
    CONFORM_CHILD_PROBE     /* the preflight check (--probe) */
} conform_child_mode;

/* What a child is told. The reader's defaults: no descriptors (-1), port 0, factors 1. */
typedef struct conform_child_args {
    const char *impl;        /* --impl: the MI implementation to dlopen */
    const char *table;       /* --table: the table file holding the case's row */
    const char *case_id;     /* --case: the row's id in that table */
    unsigned port;           /* --port: the mock server's port (or a closed one) */
    int trace_fd;            /* --trace-fd: where the trace lines go */
    int signal_fd;           /* --signal-fd: where the parent's journal lines come from */
    double scale;            /* --scale: the run's --scale as a factor */
    double timeout_scale;    /* --timeout-scale: the run's --timeout-scale as a factor */
    int inject_alloc;        /* --inject alloc: mark the calls into the implementation */
} conform_child_args;

/* The child mode argv[1] names, CONFORM_CHILD_NONE for any other command line. */
conform_child_mode conform_child_mode_of(int argc, char **argv);

/* Room for a prefix (valgrind and its options) and the driver's flags. */
#define CONFORM_CHILD_ARGV_MAX 48

/* A child's argv as the parent builds it: NULL-terminated, pointing into `numbers` for the
 * flags whose values it formats, and into the caller's strings for the others. */
typedef struct conform_child_argv {
    char *v[CONFORM_CHILD_ARGV_MAX + 1];
    int n;
    char numbers[CONFORM_CHILD_ARGV_MAX][32];
    int n_numbers;
} conform_child_argv;

/* Appends one argument (the prefix a caller runs the child under). */
void conform_child_argv_push(conform_child_argv *argv, const char *arg);

/* Appends self_exe, the mode's flag and every flag of the mode that `args` sets. */
void conform_child_args_write(conform_child_argv *argv, const char *self_exe,
                              conform_child_mode mode, const conform_child_args *args);

/* Reads the command line of `mode` (argv[1] is the mode's flag). 0, or -1 for a flag the mode
 * does not take, a flag without its value, or a flag the mode needs that is missing. */
int conform_child_args_read(int argc, char **argv, conform_child_mode mode,
                            conform_child_args *args);

#endif

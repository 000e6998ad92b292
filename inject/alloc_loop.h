/*
 * alloc_loop - `mi-conform --inject alloc` for one case: run it again and again, each time
 * failing a different allocation of the implementation under test (the interposer
 * libmi-inject-alloc.so, preloaded into the driver child), until a run reaches the end without
 * a failure to inject. Every run must end cleanly: no crash, no hang, no leak, and every
 * operation with exactly one final result (OK or a clean error).
 *
 * The sequence: a baseline run that only counts (MI_INJECT_FAIL_AT=0), then FAIL_AT=1; after a
 * run that failed allocation #k at stack S, S joins the skip file and the next run starts at
 * k+1. So each run fails a call stack never failed before, and the loop ends after one run per
 * distinct stack (plus two), or at the cap.
 */
#ifndef INJECT_ALLOC_LOOP_H
#define INJECT_ALLOC_LOOP_H

#include "harness/conform.h"

typedef enum inject_alloc_code {
    INJECT_ALLOC_OK = 0,     /* the loop ran: the verdict is in the summary */
    INJECT_ALLOC_E_NOMEM,
    INJECT_ALLOC_E_IO,       /* the work directory or its files could not be written */
    INJECT_ALLOC_E_INACTIVE, /* the baseline left no report with active=1: not preloaded */
    INJECT_ALLOC_E_EXEC,     /* the executor could not run the case */
    INJECT_ALLOC_E_HOOK      /* the configuration names no executor to run the case with */
} inject_alloc_code;

const char *inject_alloc_code_name(inject_alloc_code code);

/* Runs the case once in a child whose environment has `env` ("NAME=VALUE", NULL-terminated)
 * added; the child's driver brackets every MI call with mi_inject_enter/mi_inject_leave, and
 * the result judges only what must hold under injection (see inject_alloc_judge_run).
 * Returns 0 with *result filled, -1 when the case could not run at all. */
typedef struct inject_alloc_executor {
    int (*run)(void *ctx, const conform_case *c, const conform_run_options *opts,
               const char *const *env, conform_result *result);
    void (*clear)(conform_result *result);
    void *ctx;
} inject_alloc_executor;

typedef struct inject_alloc_config {
    const char *preload;     /* the interposer; NULL: $MI_INJECT_ALLOC_LIB, else
                                ../lib/libmi-inject-alloc.so beside opts->self_exe */
    const char *work_dir;    /* report and skip files; NULL: a fresh directory in $TMPDIR,
                                removed afterwards */
    unsigned max_runs;       /* cap per case, baseline included; 0: 200 */
    int ignore_leaks;        /* do not compare blocks live at exit with the baseline */
    inject_alloc_executor exec; /* run == NULL: the harness's conform_case_execute */
} inject_alloc_config;

typedef struct inject_alloc_summary {
    conform_outcome outcome;  /* PASS, FAIL (a run judged bad), ERROR (a crash or hang) */
    unsigned runs;            /* child runs, baseline included */
    unsigned injected;        /* runs in which a failure was injected */
    unsigned bad;             /* runs judged bad */
    unsigned long baseline_counted; /* the implementation's allocations without a failure */
    long baseline_live;       /* its blocks still live at exit, -1 when unknown */
    int capped;               /* stopped at max_runs before a run without injection */
    char *message;            /* one line: the first bad run, or NULL */
    char *details;            /* every bad run with its symbolised stack, or NULL */
} inject_alloc_summary;

/* The loop with the default configuration. */
inject_alloc_code inject_alloc_run_case(const conform_case *c, const conform_run_options *opts,
                                        inject_alloc_summary *out);

inject_alloc_code inject_alloc_run_case_with(const conform_case *c,
                                             const conform_run_options *opts,
                                             const inject_alloc_config *cfg,
                                             inject_alloc_summary *out);

void inject_alloc_summary_clear(inject_alloc_summary *s);

/* What one run left in the interposer's report file. */
typedef struct inject_alloc_report {
    int present;              /* the file existed */
    int active;               /* the interposer's self test ran */
    int final;                /* the child exited normally (the exit report was written) */
    int injected;
    unsigned long counted;
    unsigned long injected_at;
    long live;                /* -1: unknown */
    char stack_hash[24];      /* hex; empty when none */
    char *stack;              /* symbolised frames outside the interposer, malloc'd or NULL */
    char *live_stacks;        /* with MI_INJECT_LIVE_STACKS=1: the stacks of the blocks live at
                                 exit ("live_stack count=N hash=H" and its frames), or NULL */
} inject_alloc_report;

/* Reads a report file (missing file: present = 0). Returns 0, or -1 when out of memory. */
int inject_alloc_report_read(const char *path, inject_alloc_report *rep);
void inject_alloc_report_clear(inject_alloc_report *rep);

/* The verdict on one injected run: NULL when clean, else a malloc'd one-line reason.
 * *is_error is set for a crash or hang (CONFORM_ERROR). */
char *inject_alloc_judge_run(const conform_result *result, const inject_alloc_report *rep,
                             long baseline_live, int ignore_leaks, int *is_error);

#endif

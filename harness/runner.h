/*
 * runner - runs a selection: -j worker threads each calling conform_case_execute, profiles
 * applied to every result, --repeat and --until-failure rounds, one console line per case as
 * it ends. And conform_runner_main: the whole of `mi-conform` except --driver.
 */
#ifndef CONFORM_RUNNER_H
#define CONFORM_RUNNER_H

#include <stdio.h>

#include "harness/conform.h"
#include "harness/profile.h"
#include "harness/select.h"
#include "harness/status.h"

/* Runs one case: conform_case_execute, or what --inject alloc runs instead. */
typedef int (*conform_case_executor)(const conform_case *c, const conform_run_options *opts,
                                     conform_result *result);

typedef struct conform_runner_config {
    const conform_run_options *opts;
    const conform_profile *profile; /* NULL: results are reported as they are */
    unsigned jobs;                  /* worker threads; 1 runs in the calling thread */
    unsigned repeat;                /* rounds; 0 means no bound (only with until_failure) */
    int until_failure;              /* stop after the first round where a case failed */
    FILE *console;                  /* per-case lines; NULL for none */
    conform_case_executor execute;  /* NULL: conform_case_execute */
    int passing_transcripts;        /* keep a passing case's transcript (--transcripts all) */
} conform_runner_config;

/* Runs every case of `sel` for the configured rounds. results[i] (zeroed by the caller, one
 * per selected case) receives the case's reported result: the first failing round's, else
 * the last round's. *rounds_run tells how many rounds ran. CONFORM_OK or CONFORM_E_NOMEM (a
 * worker thread that cannot start is no error: the threads that did, or the caller, run the
 * round). */
conform_status conform_runner_run(const conform_selection *sel, const conform_runner_config *cfg,
                                  conform_result *results, unsigned *rounds_run);

/* 1 when the outcome counts as failed (FAIL or ERROR). */
int conform_runner_failed(const conform_result *r);

/* mi-conform without --driver: returns the process exit code (0, 1 or 2). */
int conform_runner_main(int argc, char **argv);

/* The same, with the executor of --inject alloc (inject/, linked into mi-conform only, so the
 * runner's tests link without it). NULL: --inject alloc cannot start (exit 2). Its results are
 * reported in a testsuite of their own, "inject-alloc"; --inject net's in "inject-net". */
int conform_runner_main_with(int argc, char **argv, conform_case_executor alloc_execute);

#endif

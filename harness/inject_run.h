/*
 * inject_run - the executor of `mi-conform --inject alloc` (conform_runner_main_with's
 * alloc_execute): the allocation-failure loop for one case, summarised as its result.
 * Linked into mi-conform with inject/ (libmiinject.a); the runner itself does not need it.
 */
#ifndef CONFORM_INJECT_RUN_H
#define CONFORM_INJECT_RUN_H

#include "harness/conform.h"

/* conform_case_execute's contract: 0 with *result filled, -1 only when out of memory. The
 * result's observed text says how many allocation sites were reached and how many runs it
 * took; a failure's details name each failing allocation number with its stack. */
int conform_inject_alloc_execute(const conform_case *c, const conform_run_options *opts,
                                 conform_result *result);

#endif

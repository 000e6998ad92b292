/*
 * alloc_exec - the loop wired to the harness: each run is conform_case_execute with the
 * interposer's variables in the child's environment (conform_run_options.extra_env) and the
 * driver's MI calls marked (conform_run_options.inject_alloc), so the case is judged only on
 * what must hold under a failed allocation.
 */
#include "inject/alloc_loop.h"

#include <stdlib.h>
#include <string.h>

static int inject_alloc_exec_harness(void *ctx, const conform_case *c,
                                     const conform_run_options *opts, const char *const *env,
                                     conform_result *result)
{
    (void)ctx;
    conform_run_options child = *opts;
    child.extra_env = env;
    child.inject_alloc = 1;
    return conform_case_execute(c, &child, result);
}

inject_alloc_code inject_alloc_run_case(const conform_case *c, const conform_run_options *opts,
                                        inject_alloc_summary *out)
{
    inject_alloc_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.exec.run = inject_alloc_exec_harness;
    cfg.exec.clear = conform_result_clear;
    /* A short leg (make test) caps the runs per case; 0 or unset keeps the loop's default. */
    const char *cap = getenv("MI_INJECT_MAX_RUNS");
    if (cap != NULL) cfg.max_runs = (unsigned)strtoul(cap, NULL, 10);
    return inject_alloc_run_case_with(c, opts, &cfg, out);
}

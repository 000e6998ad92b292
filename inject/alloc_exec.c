/*
 * alloc_exec - the loop wired to the harness: each run is conform_case_execute with the
 * interposer's variables in the child's environment and the driver's MI calls marked.
 *
 * That needs a hook in harness/conform.h that the case half owns: two fields at the end of
 * conform_run_options, announced by CONFORM_RUN_OPTIONS_EXTRA_ENV,
 *
 *     const char *const *extra_env; // "NAME=VALUE", NULL-terminated, added to the child's
 *                                   // environment (NULL: none)
 *     int inject_alloc;             // the driver brackets every MI call with
 *                                   // mi_inject_enter/mi_inject_leave and the body of each of
 *                                   // its callbacks with mi_inject_suspend/mi_inject_resume
 *                                   // (all found with dlsym(RTLD_DEFAULT); absent: no-ops),
 *                                   // and the case is judged on what must
 *                                   // hold under a failed allocation: no crash or hang, every
 *                                   // operation exactly one final result, OK or an error code,
 *                                   // nothing delivered after it
 *
 * Until it is there, inject_alloc_run_case answers INJECT_ALLOC_E_HOOK.
 */
#include "inject/alloc_loop.h"

#include <stdlib.h>
#include <string.h>

#ifdef CONFORM_RUN_OPTIONS_EXTRA_ENV

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

#else

inject_alloc_code inject_alloc_run_case(const conform_case *c, const conform_run_options *opts,
                                        inject_alloc_summary *out)
{
    (void)c;
    (void)opts;
    memset(out, 0, sizeof *out);
    out->outcome = CONFORM_SKIP;
    out->baseline_live = -1;
    return INJECT_ALLOC_E_HOOK;
}

#endif

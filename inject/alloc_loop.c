/*
 * alloc_loop - the allocation-failure loop for one case (see alloc_loop.h for the sequence).
 *
 * Everything the loop learns about a run comes from two places: the harness's conform_result
 * (crash, hang, unmet robustness expectation) and the interposer's report file (whether and
 * where a failure was injected, blocks live at exit). The skip file is the loop's memory of
 * which call stacks already failed.
 */
#include "inject/alloc_loop.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INJECT_ALLOC_DEFAULT_MAX_RUNS 200u
#define INJECT_ALLOC_LIB_NAME "libmi-inject-alloc.so"

const char *inject_alloc_code_name(inject_alloc_code code)
{
    switch (code) {
    case INJECT_ALLOC_OK: return "ok";
    case INJECT_ALLOC_E_NOMEM: return "out of memory";
    case INJECT_ALLOC_E_IO: return "cannot write the work files";
    case INJECT_ALLOC_E_INACTIVE: return "the interposer was not active in the child";
    case INJECT_ALLOC_E_EXEC: return "the case could not be run";
    case INJECT_ALLOC_E_HOOK: return "no executor to run the case with";
    }
    return "unknown";
}

/* ---------------------------------------------------------------- small strings */

static char *inject_alloc_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s) return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* Appends `line` and a newline to *text. Returns 0 or -1. */
static int inject_alloc_append(char **text, const char *line)
{
    size_t old = *text ? strlen(*text) : 0, add = strlen(line);
    char *grown = realloc(*text, old + add + 2);
    if (!grown) return -1;
    memcpy(grown + old, line, add);
    grown[old + add] = '\n';
    grown[old + add + 1] = '\0';
    *text = grown;
    return 0;
}

/* ---------------------------------------------------------------- the report file */

void inject_alloc_report_clear(inject_alloc_report *rep)
{
    free(rep->stack);
    free(rep->live_stacks);
    memset(rep, 0, sizeof *rep);
}

static void inject_alloc_report_field(inject_alloc_report *rep, const char *key, const char *val)
{
    if (strcmp(key, "active") == 0) rep->active = atoi(val) == 1;
    else if (strcmp(key, "final") == 0) rep->final = atoi(val) == 1;
    else if (strcmp(key, "injected") == 0) rep->injected = atoi(val) == 1;
    else if (strcmp(key, "counted") == 0) rep->counted = strtoul(val, NULL, 10);
    else if (strcmp(key, "injected_at") == 0) rep->injected_at = strtoul(val, NULL, 10);
    else if (strcmp(key, "live") == 0) rep->live = strcmp(val, "unknown") == 0 ? -1 : atol(val);
    else if (strcmp(key, "stack_hash") == 0)
        snprintf(rep->stack_hash, sizeof rep->stack_hash, "%s", val);
}

/* Frames inside the interposer say nothing about the implementation: they are left out. */
static int inject_alloc_stack_line_wanted(const char *line)
{
    return strstr(line, INJECT_ALLOC_LIB_NAME) == NULL;
}

int inject_alloc_report_read(const char *path, inject_alloc_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rep->live = -1;
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    rep->present = 1;
    char line[1024];
    int in_stack = 0, in_live = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (in_stack) {
            if (strcmp(line, "stack_end") == 0) in_stack = 0;
            else if (inject_alloc_stack_line_wanted(line)) rc = inject_alloc_append(&rep->stack, line);
            continue;
        }
        if (in_live) {
            if (strcmp(line, "live_stack_end") == 0) in_live = 0;
            else if (inject_alloc_stack_line_wanted(line))
                rc = inject_alloc_append(&rep->live_stacks, line);
            continue;
        }
        if (strcmp(line, "stack_begin") == 0) {
            in_stack = 1;
            continue;
        }
        if (strncmp(line, "live_stack ", 11) == 0) {
            in_live = 1;
            rc = inject_alloc_append(&rep->live_stacks, line);
            continue;
        }
        char *eq = strchr(line, '=');
        if (!eq) continue;
        *eq = '\0';
        inject_alloc_report_field(rep, line, eq + 1);
    }
    fclose(f);
    return rc;
}

/* ---------------------------------------------------------------- judging one run */

char *inject_alloc_judge_run(const conform_result *result, const inject_alloc_report *rep,
                             long baseline_live, int ignore_leaks, int *is_error)
{
    const char *why = result->message ? result->message : "";
    *is_error = 0;
    if (result->outcome == CONFORM_ERROR) {
        *is_error = 1;
        return inject_alloc_printf("crashed or hung: %s", why);
    }
    if (result->outcome == CONFORM_FAIL) return inject_alloc_printf("did not end cleanly: %s", why);
    if (!rep->present || !rep->active)
        return inject_alloc_printf("the interposer left no report (the child never loaded it)");
    /* A report without the exit record while the harness saw a normal end means the child
     * left through _exit or exec; its live count is not known then. */
    if (!ignore_leaks && rep->final && rep->live >= 0 && baseline_live >= 0 &&
        rep->live > baseline_live)
        return inject_alloc_printf("leaked: %ld blocks of the implementation live at exit, %ld "
                                   "without the failure", rep->live, baseline_live);
    return NULL;
}

/* ---------------------------------------------------------------- one run */

typedef struct inject_alloc_loop {
    const conform_case *c;
    conform_run_options opts;     /* the caller's, valgrind off (it replaces malloc too) */
    const inject_alloc_config *cfg;
    char preload[PATH_MAX];
    char dir[PATH_MAX];
    char report_path[PATH_MAX + 32];
    char skip_path[PATH_MAX + 32];
    int own_dir;
} inject_alloc_loop;

/* Runs the case with MI_INJECT_FAIL_AT=fail_at; fills *rep from the report it left. */
static inject_alloc_code inject_alloc_run_once(inject_alloc_loop *L, unsigned long fail_at,
                                               conform_result *result, inject_alloc_report *rep)
{
    char *env[5] = {NULL};
    inject_alloc_code code = INJECT_ALLOC_E_NOMEM;
    env[0] = inject_alloc_printf("LD_PRELOAD=%s", L->preload);
    env[1] = inject_alloc_printf("MI_INJECT_FAIL_AT=%lu", fail_at);
    env[2] = inject_alloc_printf("MI_INJECT_REPORT=%s", L->report_path);
    env[3] = inject_alloc_printf("MI_INJECT_SKIP_STACKS=%s", L->skip_path);
    if (env[0] && env[1] && env[2] && env[3]) {
        unlink(L->report_path);
        memset(result, 0, sizeof *result);
        code = L->cfg->exec.run(L->cfg->exec.ctx, L->c, &L->opts, (const char *const *)env, result)
               == 0 ? INJECT_ALLOC_OK : INJECT_ALLOC_E_EXEC;
        if (code == INJECT_ALLOC_OK && inject_alloc_report_read(L->report_path, rep) != 0) {
            L->cfg->exec.clear(result);
            code = INJECT_ALLOC_E_NOMEM;
        }
    }
    for (int i = 0; i < 4; i++) free(env[i]);
    return code;
}

/* Adds a failed stack to the skip file, so no later run fails it again. */
static inject_alloc_code inject_alloc_skip_add(inject_alloc_loop *L, const char *hash,
                                               unsigned long at)
{
    FILE *f = fopen(L->skip_path, "a");
    if (!f) return INJECT_ALLOC_E_IO;
    fprintf(f, "%s allocation #%lu\n", hash, at);
    return fclose(f) == 0 ? INJECT_ALLOC_OK : INJECT_ALLOC_E_IO;
}

/* Records a bad run: the first one becomes the message, every one goes to the details. */
static inject_alloc_code inject_alloc_note_bad(inject_alloc_summary *out,
                                               const inject_alloc_report *rep, const char *why,
                                               int is_error)
{
    char *line = inject_alloc_printf("allocation #%lu (stack %s) failed: %s", rep->injected_at,
                                     rep->stack_hash[0] ? rep->stack_hash : "?", why);
    if (!line) return INJECT_ALLOC_E_NOMEM;
    int rc = inject_alloc_append(&out->details, line);
    if (rc == 0 && rep->stack) rc = inject_alloc_append(&out->details, rep->stack);
    if (rc == 0 && rep->live_stacks) {
        rc = inject_alloc_append(&out->details, "blocks of the implementation live at exit:");
        if (rc == 0) rc = inject_alloc_append(&out->details, rep->live_stacks);
    }
    if (!out->message) out->message = line;
    else free(line);
    out->bad++;
    if (is_error) out->outcome = CONFORM_ERROR;
    else if (out->outcome == CONFORM_PASS) out->outcome = CONFORM_FAIL;
    return rc == 0 ? INJECT_ALLOC_OK : INJECT_ALLOC_E_NOMEM;
}

/* The run without a failure: it must pass, and it tells how much the case allocates and what
 * stays live at exit without any failure (global caches of the libraries below). */
static inject_alloc_code inject_alloc_baseline(inject_alloc_loop *L, inject_alloc_summary *out)
{
    conform_result result;
    inject_alloc_report rep;
    inject_alloc_code code = inject_alloc_run_once(L, 0, &result, &rep);
    if (code != INJECT_ALLOC_OK) return code;
    out->runs++;
    if (!rep.present || !rep.active) {
        code = INJECT_ALLOC_E_INACTIVE;
    } else {
        out->baseline_counted = rep.counted;
        out->baseline_live = rep.final ? rep.live : -1;
        int is_error;
        char *why = inject_alloc_judge_run(&result, &rep, -1, 1, &is_error);
        if (why) {
            char *line = inject_alloc_printf("without a failure: %s", why);
            code = line ? inject_alloc_note_bad(out, &rep, line, is_error) : INJECT_ALLOC_E_NOMEM;
            free(line);
        }
        free(why);
    }
    L->cfg->exec.clear(&result);
    inject_alloc_report_clear(&rep);
    return code;
}

/* One injected run. *next is where the following run starts, 0 when the loop is done. */
static inject_alloc_code inject_alloc_step(inject_alloc_loop *L, unsigned long fail_at,
                                           inject_alloc_summary *out, unsigned long *next)
{
    conform_result result;
    inject_alloc_report rep;
    inject_alloc_code code = inject_alloc_run_once(L, fail_at, &result, &rep);
    if (code != INJECT_ALLOC_OK) return code;
    out->runs++;
    *next = 0;
    int is_error = 0;
    char *why = inject_alloc_judge_run(&result, &rep, out->baseline_live, L->cfg->ignore_leaks,
                                       &is_error);
    if (rep.injected) {
        out->injected++;
        *next = rep.injected_at + 1;
        code = inject_alloc_skip_add(L, rep.stack_hash[0] ? rep.stack_hash : "0", rep.injected_at);
    } else if (rep.present && result.outcome != CONFORM_ERROR) {
        free(why); /* the last run: nothing failed, so nothing to judge beyond the baseline */
        why = NULL;
    }
    if (code == INJECT_ALLOC_OK && why) code = inject_alloc_note_bad(out, &rep, why, is_error);
    free(why);
    L->cfg->exec.clear(&result);
    inject_alloc_report_clear(&rep);
    return code;
}

/* ---------------------------------------------------------------- setup */

static int inject_alloc_find_preload(const inject_alloc_config *cfg,
                                     const conform_run_options *opts, char *out, size_t size)
{
    const char *env = getenv("MI_INJECT_ALLOC_LIB");
    const char *given = cfg->preload ? cfg->preload : env;
    if (given) return snprintf(out, size, "%s", given) < (int)size ? 0 : -1;
    if (!opts->self_exe) return -1;
    const char *slash = strrchr(opts->self_exe, '/');
    int dirlen = slash ? (int)(slash - opts->self_exe) : 1;
    const char *dir = slash ? opts->self_exe : ".";
    return snprintf(out, size, "%.*s/../lib/%s", dirlen, dir, INJECT_ALLOC_LIB_NAME) < (int)size
               ? 0 : -1;
}

static inject_alloc_code inject_alloc_setup(inject_alloc_loop *L)
{
    if (inject_alloc_find_preload(L->cfg, &L->opts, L->preload, sizeof L->preload) != 0)
        return INJECT_ALLOC_E_IO;
    if (L->cfg->work_dir) {
        snprintf(L->dir, sizeof L->dir, "%s", L->cfg->work_dir);
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(L->dir, sizeof L->dir, "%s/mi-inject-alloc.XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(L->dir)) return INJECT_ALLOC_E_IO;
        L->own_dir = 1;
    }
    snprintf(L->report_path, sizeof L->report_path, "%s/report.txt", L->dir);
    snprintf(L->skip_path, sizeof L->skip_path, "%s/skip-stacks.txt", L->dir);
    FILE *f = fopen(L->skip_path, "w"); /* a fresh memory for every case */
    if (!f) return INJECT_ALLOC_E_IO;
    fclose(f);
    return INJECT_ALLOC_OK;
}

static void inject_alloc_teardown(inject_alloc_loop *L)
{
    if (!L->own_dir) return;
    char tmp[PATH_MAX + 40];
    unlink(L->report_path);
    snprintf(tmp, sizeof tmp, "%s.tmp", L->report_path);
    unlink(tmp);
    unlink(L->skip_path);
    rmdir(L->dir);
}

/* ---------------------------------------------------------------- the loop */

inject_alloc_code inject_alloc_run_case_with(const conform_case *c,
                                             const conform_run_options *opts,
                                             const inject_alloc_config *cfg,
                                             inject_alloc_summary *out)
{
    memset(out, 0, sizeof *out);
    out->outcome = CONFORM_PASS;
    out->baseline_live = -1;
    if (!cfg->exec.run || !cfg->exec.clear) return INJECT_ALLOC_E_HOOK;
    inject_alloc_loop *L = calloc(1, sizeof *L);
    if (!L) return INJECT_ALLOC_E_NOMEM;
    L->c = c;
    L->opts = *opts;
    L->opts.valgrind = 0;
    L->cfg = cfg;
    unsigned max_runs = cfg->max_runs ? cfg->max_runs : INJECT_ALLOC_DEFAULT_MAX_RUNS;

    inject_alloc_code code = inject_alloc_setup(L);
    if (code == INJECT_ALLOC_OK) code = inject_alloc_baseline(L, out);
    unsigned long fail_at = 1;
    while (code == INJECT_ALLOC_OK && fail_at != 0) {
        if (out->runs >= max_runs) {
            out->capped = 1;
            break;
        }
        code = inject_alloc_step(L, fail_at, out, &fail_at);
    }
    inject_alloc_teardown(L);
    free(L);
    return code;
}

void inject_alloc_summary_clear(inject_alloc_summary *s)
{
    free(s->message);
    free(s->details);
    memset(s, 0, sizeof *s);
}

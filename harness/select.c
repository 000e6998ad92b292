/*
 * select - filters and shards. Sharding is decided after filtering and sorting, so that the
 * shards of one selection partition exactly that selection, whatever the filters were.
 */
#include "harness/select.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int any_glob_matches(const char *id, const char **globs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fnmatch(globs[i], id, 0) == 0) return 1;
    return 0;
}

/* True when one of `have` equals one of `want`, in any case: "inv-1" selects INV-1. */
static int lists_meet(char *const *have, size_t n_have, const char **want, size_t n_want)
{
    for (size_t i = 0; i < n_want; i++)
        for (size_t j = 0; j < n_have; j++)
            if (strcasecmp(want[i], have[j]) == 0) return 1;
    return 0;
}

int conform_select_match(const conform_case *c, const conform_select_filter *f)
{
    if (f == NULL) return 1;
    if (f->n_globs > 0 && !any_glob_matches(c->id, f->globs, f->n_globs)) return 0;
    if (f->n_tags > 0 && !lists_meet(c->tags, c->n_tags, f->tags, f->n_tags)) return 0;
    if (f->n_clauses > 0 && !lists_meet(c->clauses, c->n_clauses, f->clauses, f->n_clauses))
        return 0;
    if (f->level_mask != 0 && (f->level_mask & (1u << (unsigned)c->level)) == 0) return 0;
    return 1;
}

static int parse_positive(const char *text, const char *end, unsigned *value)
{
    if (text == end) return -1;
    unsigned long v = 0;
    for (const char *p = text; p < end; p++) {
        if (*p < '0' || *p > '9') return -1;
        v = v * 10 + (unsigned long)(*p - '0');
        if (v > UINT_MAX / 2) return -1;
    }
    if (v == 0) return -1;
    *value = (unsigned)v;
    return 0;
}

conform_status conform_select_parse_shard(const char *text, unsigned *k, unsigned *n)
{
    const char *slash = text != NULL ? strchr(text, '/') : NULL;
    if (slash == NULL) return CONFORM_E_INVALID;
    unsigned kk, nn;
    if (parse_positive(text, slash, &kk) != 0) return CONFORM_E_INVALID;
    if (parse_positive(slash + 1, slash + 1 + strlen(slash + 1), &nn) != 0)
        return CONFORM_E_INVALID;
    if (kk > nn) return CONFORM_E_INVALID;
    *k = kk;
    *n = nn;
    return CONFORM_OK;
}

static int by_id(const void *a, const void *b)
{
    const conform_case *const *x = a;
    const conform_case *const *y = b;
    return strcmp((*x)->id, (*y)->id);
}

conform_status conform_select_apply(const conform_suite *suite, const conform_select_filter *f,
                                    unsigned shard_k, unsigned shard_n,
                                    conform_selection *out)
{
    out->cases = NULL;
    out->n_cases = 0;
    if (shard_n != 0 && (shard_k == 0 || shard_k > shard_n)) return CONFORM_E_INVALID;
    if (suite->n_cases == 0) return CONFORM_OK;
    const conform_case **all = calloc(suite->n_cases, sizeof *all);
    if (all == NULL) return CONFORM_E_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < suite->n_cases; i++)
        if (conform_select_match(&suite->cases[i], f)) all[n++] = &suite->cases[i];
    /* The suite promises id order; sorting again costs little and makes shards independent
     * of how the loader happened to order things. */
    qsort(all, n, sizeof *all, by_id);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (shard_n == 0 || i % shard_n == shard_k - 1) all[kept++] = all[i];
    out->cases = all;
    out->n_cases = kept;
    return CONFORM_OK;
}

void conform_select_free(conform_selection *sel)
{
    free(sel->cases);
    sel->cases = NULL;
    sel->n_cases = 0;
}

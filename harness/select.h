/*
 * select - which cases of a suite a run executes: --case/--tag/--clause/--level filters and
 * --shard K/N. Several values of one option OR together; different options AND together.
 */
#ifndef CONFORM_SELECT_H
#define CONFORM_SELECT_H

#include <stddef.h>

#include "harness/conform.h"
#include "harness/status.h"

/* Borrowed strings: the filter never owns what it points at (argv, usually). */
typedef struct conform_select_filter {
    const char **globs;   /* --case: fnmatch patterns against the id */
    size_t n_globs;
    const char **tags;    /* --tag: exact tag names */
    size_t n_tags;
    const char **clauses; /* --clause: exact clause ids */
    size_t n_clauses;
    unsigned level_mask;  /* --level: bit (1u << level); 0 means every level */
} conform_select_filter;

/* A run's cases, in id order. Points into the suite; free with conform_select_free. */
typedef struct conform_selection {
    const conform_case **cases;
    size_t n_cases;
} conform_selection;

/* 1 when `c` passes every option of `f` that was given, else 0. */
int conform_select_match(const conform_case *c, const conform_select_filter *f);

/* Parses "K/N" (1 <= K <= N). CONFORM_OK, or CONFORM_E_INVALID for any other text. */
conform_status conform_select_parse_shard(const char *text, unsigned *k, unsigned *n);

/* Selects the matching cases of `suite`, sorts them by id, then keeps shard K of N
 * (shard_n == 0 means no sharding): the case at index i belongs to shard (i mod N) + 1.
 * CONFORM_E_INVALID for a shard outside 1..N, CONFORM_E_NOMEM. */
conform_status conform_select_apply(const conform_suite *suite, const conform_select_filter *f,
                                    unsigned shard_k, unsigned shard_n,
                                    conform_selection *out);

void conform_select_free(conform_selection *sel);

#endif

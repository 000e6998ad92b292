/*
 * compare - `mi-conform compare BASE NEW`: what changed between two runs, for CI gates that ask
 * "did this commit break a case that passed?" rather than "how many passed?".
 *
 * BASE and NEW are report directories (or their junit.xml, or their summary.json, which names
 * the directory). Each case's rounds (`id`, `id#2`, ... under --repeat) fold into one status:
 * pass, fail, error, skip, or flaky when its rounds disagree.
 */
#ifndef CONFORM_COMPARE_H
#define CONFORM_COMPARE_H

#include <stddef.h>
#include <stdio.h>

#include "harness/status.h"

typedef enum conform_compare_status {
    CONFORM_CMP_PASS,
    CONFORM_CMP_FAIL,
    CONFORM_CMP_ERROR,
    CONFORM_CMP_SKIP,
    CONFORM_CMP_FLAKY /* rounds that passed and rounds that did not */
} conform_compare_status;

/* "pass", "fail", "error", "skip", "flaky": as compare and matrix print them. */
const char *conform_compare_status_name(conform_compare_status s);

typedef struct conform_compare_case {
    char *id;
    conform_compare_status status;
    char *message; /* the first failure's or error's message, else NULL */
} conform_compare_case;

typedef struct conform_compare_run {
    conform_compare_case *cases; /* sorted by id */
    size_t n;
} conform_compare_run;

/* Reads a run from a report directory, its junit.xml or its summary.json. On failure a
 * "path: problem" line is in err: CONFORM_E_IO the file cannot be read, CONFORM_E_INVALID it is
 * not a JUnit report (or a testcase has no name), CONFORM_E_NOMEM. */
conform_status conform_compare_load(const char *path, conform_compare_run *run, char *err,
                                    size_t errlen);
void conform_compare_run_free(conform_compare_run *run);

/* What changed, as counted by conform_compare_write. */
typedef struct conform_compare_counts {
    size_t regressed, fixed, appeared, disappeared, to_skip, text_changed, flaky;
} conform_compare_counts;

/* Writes the changes (text, or JSON when json) and counts them. Returns 1 when something
 * regressed - pass to fail or error, pass to skip (unless the skip is a profile's expected
 * failure: an intermittent deviation), or a case gone unless allow_removed - else 0. */
int conform_compare_write(FILE *out, const conform_compare_run *base,
                          const conform_compare_run *now, int allow_removed, int json,
                          conform_compare_counts *counts);

/* The subcommand: argv[0] is "compare". Exit 0 nothing regressed, 1 something did, 2 usage or
 * unreadable input. */
int conform_compare_main(int argc, char **argv);

#endif

/*
 * report - what a run produced, told three ways: the console (one line per case and the
 * closing "N passed, N failed, N skipped"), reports/junit.xml and reports/summary.json.
 */
#ifndef CONFORM_REPORT_H
#define CONFORM_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "harness/conform.h"
#include "harness/status.h"

/* One selected case and its (final, profile-applied) result. */
typedef struct conform_report_item {
    const conform_case *c;
    const conform_result *r;
} conform_report_item;

/* What the run was: goes to JUnit properties and the JSON header. */
typedef struct conform_report_meta {
    const char *impl_path;
    const char *profile_path; /* NULL without --profile */
    const char *host;
    const char *kit_version;
    uint64_t seed;
    double scale;
    double timeout_scale;
    time_t started;           /* the JUnit timestamp */
    const char *contract;     /* mi-api.md, whose clause texts index.html quotes; NULL: none */
} conform_report_meta;

typedef struct conform_report_counts {
    size_t passed;
    size_t failed;  /* FAIL and ERROR: what the closing tally line and the exit code count */
    size_t errored; /* of those, ERROR: crashes, hangs, rows not judged */
    size_t skipped;
    size_t flaky;   /* cases (not rounds) whose --repeat rounds passed and failed */
} conform_report_counts;

/* A case run in rounds that passed in some and failed or errored in others. */
int conform_report_flaky(const conform_result *r);

/* Every round of every case (a case run once is one round). */
conform_report_counts conform_report_count(const conform_report_item *items, size_t n);

/* 0 when nothing failed, 1 when something did. (2, "could not start", is decided earlier.) */
int conform_report_exit_code(const conform_report_counts *counts);

/* "%.3f" of a duration, never negative nor NaN: the JUnit schemas allow three decimals. */
void conform_report_format_seconds(double seconds, char *buf, size_t len);

/* A copy of `text` redacted by kit_redact_text (Authorization credentials, the scheme kept, and
 * password=... values): the case half redacts already; reports do it again so a slip there
 * does not publish a secret. NULL when out of memory; "" for NULL input. */
char *conform_report_redact(const char *text);
/* Redacted, and every byte XML 1.0 cannot carry (controls, invalid UTF-8) replaced: text fit
 * for the JUnit file and the HTML page. NULL when out of memory. */
char *conform_report_safe_text(const char *text);

/* The outcome's word: "PASS", "FAIL", "ERROR", "SKIP". */
const char *conform_report_outcome_name(conform_outcome outcome);
/* The same in lowercase ("pass", "fail", "error", "skip"): summary.json and the pages. */
const char *conform_report_outcome_word(conform_outcome outcome);

/* Console: "PASS  id  (0.123 s)", "FAIL  id  message", ... and, when something failed, a
 * line that tells failures from errors before the closing tally line. */
void conform_report_console_case(FILE *out, const conform_case *c, const conform_result *r);
void conform_report_console_summary(FILE *out, const conform_report_counts *counts);

/* Each report file: CONFORM_OK, CONFORM_E_NOMEM, or CONFORM_E_IO when the file could not be
 * written. */

/* junit.xml: one testsuite per area, written with xmlTextWriter. */
conform_status conform_report_junit_write(const char *path, const conform_report_meta *m,
                                          const conform_report_item *items, size_t n);

/* summary.json: header, counts, per case, per clause. */
conform_status conform_report_json_write(const char *path, const conform_report_meta *m,
                                         const conform_report_item *items, size_t n);

/* index.html: a self-contained page, summary by area and level, cases not passed first, each
 * unfolding to its failure text and transcript. */
conform_status conform_report_html_write(const char *path, const conform_report_meta *m,
                                         const conform_report_item *items, size_t n);

/* Appends `text` to `buf` as a JSON string literal (quotes included), escaping what JSON
 * requires and replacing bytes that are not UTF-8 with U+FFFD. Exposed for tests.
 * Returns 0 or -1 (out of memory). */
typedef struct conform_report_buf {
    char *data;
    size_t len;
    size_t cap;
} conform_report_buf;

int conform_report_json_string(conform_report_buf *buf, const char *text);
void conform_report_buf_free(conform_report_buf *buf);

#endif

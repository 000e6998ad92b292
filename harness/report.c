/*
 * report - the pieces every report shares: counting, the exit code, durations, redaction.
 */
#include "harness/report.h"

#include <math.h>
#include <stdio.h>

#include "kit/redact.h"

static void count_one(conform_report_counts *k, conform_outcome outcome)
{
    switch (outcome) {
    case CONFORM_PASS: k->passed++; break;
    case CONFORM_ERROR: k->errored++; k->failed++; break; /* an error fails like a miss */
    case CONFORM_FAIL: k->failed++; break;
    case CONFORM_SKIP: k->skipped++; break;
    }
}

int conform_report_flaky(const conform_result *r)
{
    int passed = 0, failed = 0;
    for (unsigned j = 0; j < r->n_rounds; j++) {
        passed |= r->rounds[j].outcome == CONFORM_PASS;
        failed |= r->rounds[j].outcome == CONFORM_FAIL || r->rounds[j].outcome == CONFORM_ERROR;
    }
    return passed && failed;
}

conform_report_counts conform_report_count(const conform_report_item *items, size_t n)
{
    conform_report_counts k = {0, 0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        const conform_result *r = items[i].r;
        k.flaky += conform_report_flaky(r);
        if (r->n_rounds > 1)
            for (unsigned j = 0; j < r->n_rounds; j++) count_one(&k, r->rounds[j].outcome);
        else
            count_one(&k, r->outcome);
    }
    return k;
}

int conform_report_exit_code(const conform_report_counts *counts)
{
    return counts->failed > 0 ? 1 : 0;
}

void conform_report_format_seconds(double seconds, char *buf, size_t len)
{
    if (!(seconds >= 0.0) || isinf(seconds)) seconds = 0.0; /* also catches NaN */
    snprintf(buf, len, "%.3f", seconds);
}

/* Indexed by conform_outcome: the console's name and the word summary.json and the pages
 * use. */
static const struct {
    const char *name, *word;
} outcome_names[] = {
    [CONFORM_PASS] = {"PASS", "pass"},
    [CONFORM_FAIL] = {"FAIL", "fail"},
    [CONFORM_ERROR] = {"ERROR", "error"},
    [CONFORM_SKIP] = {"SKIP", "skip"},
};

/* An outcome out of range is reported as the error it is. */
static conform_outcome known_outcome(conform_outcome outcome)
{
    return (unsigned)outcome < sizeof outcome_names / sizeof outcome_names[0] ? outcome
                                                                            : CONFORM_ERROR;
}

const char *conform_report_outcome_name(conform_outcome outcome)
{
    return outcome_names[known_outcome(outcome)].name;
}

const char *conform_report_outcome_word(conform_outcome outcome)
{
    return outcome_names[known_outcome(outcome)].word;
}

const char *conform_result_kind_name(conform_result_kind kind)
{
    switch (kind) {
    case CONFORM_KIND_EXPECTATION: return "expectation";
    case CONFORM_KIND_STALL: return "stall";
    case CONFORM_KIND_UNEXPECTED_PASS: return "unexpected-pass";
    case CONFORM_KIND_NOT_JUDGED: return "not-judged";
    case CONFORM_KIND_CRASH: return "crash";
    case CONFORM_KIND_HANG: return "hang";
    case CONFORM_KIND_TEARDOWN: return "teardown";
    case CONFORM_KIND_NOT_RUN: return "not-run";
    case CONFORM_KIND_NONE: break;
    }
    return "none";
}

char *conform_report_redact(const char *text)
{
    return kit_redact_text(text);
}

/*
 * report_console - what a person watching the run reads: one line per case as it ends, and
 * the tally every CI log grep relies on as the very last line.
 */
#include "harness/report.h"

void conform_report_console_case(FILE *out, const conform_case *c, const conform_result *r)
{
    const char *word = conform_report_outcome_name(r->outcome);
    if (r->outcome == CONFORM_PASS) {
        char secs[32];
        conform_report_format_seconds(r->seconds, secs, sizeof secs);
        if (r->requests >= 0)
            fprintf(out, "%-5s %s  (%s s, %ld request%s)\n", word, c->id, secs, r->requests,
                    r->requests == 1 ? "" : "s");
        else
            fprintf(out, "%-5s %s  (%s s)\n", word, c->id, secs);
    } else {
        const char *msg = r->message != NULL && r->message[0] != '\0' ? r->message : "-";
        fprintf(out, "%-5s %s  %s\n", word, c->id, msg);
    }
    fflush(out);
}

void conform_report_console_summary(FILE *out, const conform_report_counts *k)
{
    if (k->failed > 0)
        fprintf(out, "of the %zu failed: %zu failed an expectation, %zu errored (crash, hang, "
                     "not judged)\n", k->failed, k->failed - k->errored, k->errored);
    if (k->flaky > 0)
        fprintf(out, "flaky: %zu case%s passed in some rounds and failed in others\n", k->flaky,
                k->flaky == 1 ? "" : "s");
    fprintf(out, "%zu passed, %zu failed, %zu skipped\n", k->passed, k->failed, k->skipped);
    fflush(out);
}

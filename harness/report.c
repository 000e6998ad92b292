/*
 * report - the pieces every report shares: counting, the exit code, durations, redaction.
 */
#include "harness/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

const char *conform_report_outcome_name(conform_outcome outcome)
{
    switch (outcome) {
    case CONFORM_PASS: return "PASS";
    case CONFORM_FAIL: return "FAIL";
    case CONFORM_ERROR: return "ERROR";
    case CONFORM_SKIP: return "SKIP";
    }
    return "ERROR";
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

static const char REDACTED[] = "<redacted>";

/* Where a secret that starts at `p` ends: a header value runs to the end of its line, a
 * password=... value to the next separator of a query string, a form or a markup. */
static size_t secret_length(const char *p, int header)
{
    const char *stop = header ? "\r\n" : "\r\n \t&;\"'<>,";
    return strcspn(p, stop);
}

/* If a secret starts at text+i, returns the length of its marker (up to the value). */
static size_t marker_at(const char *s, int *header)
{
    static const char auth[] = "authorization:";
    static const char pass[] = "password=";
    if (strncasecmp(s, auth, sizeof auth - 1) == 0) {
        size_t n = sizeof auth - 1;
        while (s[n] == ' ' || s[n] == '\t') n++;
        *header = 1;
        return n;
    }
    if (strncasecmp(s, pass, sizeof pass - 1) == 0) {
        *header = 0;
        return sizeof pass - 1;
    }
    return 0;
}

char *conform_report_redact(const char *text)
{
    if (text == NULL) return strdup("");
    size_t len = strlen(text);
    /* Every marker is at least as long as what replaces its value, so the output never grows
     * past len plus one replacement per marker; allocate for the worst case. */
    char *out = malloc(len + len / 9 * sizeof REDACTED + sizeof REDACTED + 1);
    if (out == NULL) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        int header = 0;
        size_t m = marker_at(text + i, &header);
        if (m == 0) {
            out[o++] = text[i++];
            continue;
        }
        memcpy(out + o, text + i, m);
        o += m;
        i += m;
        size_t v = secret_length(text + i, header);
        if (v > 0) {
            memcpy(out + o, REDACTED, sizeof REDACTED - 1);
            o += sizeof REDACTED - 1;
            i += v;
        }
    }
    out[o] = '\0';
    return out;
}

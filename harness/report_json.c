/*
 * report_json - reports/summary.json, for dashboards and scripts that would rather not parse
 * JUnit: the run, the counts, every case, and a per-clause tally (which clauses hold).
 * A small writer of our own; strings go through conform_report_json_string only.
 */
#include "harness/report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int buf_reserve(conform_report_buf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap) return 0;
    size_t cap = b->cap > 0 ? b->cap : 256;
    while (cap < b->len + more + 1) cap *= 2;
    char *data = realloc(b->data, cap);
    if (data == NULL) return -1;
    b->data = data;
    b->cap = cap;
    return 0;
}

static int buf_add(conform_report_buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) != 0) return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

static int buf_puts(conform_report_buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

static int buf_printf(conform_report_buf *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) return -1; /* only used for numbers */
    return buf_add(b, tmp, (size_t)n);
}

void conform_report_buf_free(conform_report_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when it is not one. Overlong forms
 * and surrogates count as invalid, as RFC 3629 says. */
static size_t utf8_length(const unsigned char *s)
{
    if (s[0] < 0x80) return 1;
    size_t n;
    unsigned cp;
    if ((s[0] & 0xE0) == 0xC0) { n = 2; cp = s[0] & 0x1Fu; }
    else if ((s[0] & 0xF0) == 0xE0) { n = 3; cp = s[0] & 0x0Fu; }
    else if ((s[0] & 0xF8) == 0xF0) { n = 4; cp = s[0] & 0x07u; }
    else return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0; /* also stops at the terminating NUL */
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    static const unsigned min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

static int escape_byte(conform_report_buf *b, unsigned char c)
{
    switch (c) {
    case '"': return buf_puts(b, "\\\"");
    case '\\': return buf_puts(b, "\\\\");
    case '\n': return buf_puts(b, "\\n");
    case '\r': return buf_puts(b, "\\r");
    case '\t': return buf_puts(b, "\\t");
    case '\b': return buf_puts(b, "\\b");
    case '\f': return buf_puts(b, "\\f");
    default: break;
    }
    if (c < 0x20 || c == 0x7F) return buf_printf(b, "\\u%04x", c);
    return buf_add(b, (const char *)&c, 1);
}

int conform_report_json_string(conform_report_buf *b, const char *text)
{
    if (text == NULL) return buf_puts(b, "null");
    if (buf_puts(b, "\"") != 0) return -1;
    const unsigned char *s = (const unsigned char *)text;
    while (*s != '\0') {
        size_t n = utf8_length(s);
        int rc;
        if (n == 0) rc = buf_puts(b, "\\ufffd"), n = 1;
        else if (n == 1) rc = escape_byte(b, *s);
        else rc = buf_add(b, (const char *)s, n);
        if (rc != 0) return -1;
        s += n;
    }
    return buf_puts(b, "\"");
}

static int json_seconds(conform_report_buf *b, double seconds)
{
    char tmp[64];
    conform_report_format_seconds(seconds, tmp, sizeof tmp);
    return buf_puts(b, tmp);
}

static int json_header(conform_report_buf *b, const conform_report_meta *m,
                       const conform_report_counts *k)
{
    if (buf_puts(b, "{\n  \"implementation\": ") || conform_report_json_string(b, m->impl_path) ||
        buf_puts(b, ",\n  \"profile\": ") || conform_report_json_string(b, m->profile_path) ||
        buf_puts(b, ",\n  \"host\": ") || conform_report_json_string(b, m->host) ||
        buf_puts(b, ",\n  \"kit_version\": ") || conform_report_json_string(b, m->kit_version) ||
        buf_printf(b, ",\n  \"seed\": %llu", (unsigned long long)m->seed) ||
        buf_printf(b, ",\n  \"scale\": %g", m->scale) ||
        buf_printf(b, ",\n  \"timeout_scale\": %g", m->timeout_scale) ||
        buf_printf(b, ",\n  \"counts\": {\"passed\": %zu, \"failed\": %zu, \"errored\": %zu, "
                      "\"skipped\": %zu, \"flaky\": %zu}",
                   k->passed, k->failed - k->errored, k->errored, k->skipped, k->flaky))
        return -1;
    return 0;
}

/* With --repeat: "rounds": ["pass", "fail", ...], and which round the case's fields are. */
static int json_rounds(conform_report_buf *b, const conform_result *r)
{
    if (r->n_rounds <= 1) return 0;
    if (buf_puts(b, ", \"rounds\": [")) return -1;
    for (unsigned k = 0; k < r->n_rounds; k++)
        if ((k > 0 && buf_puts(b, ", ")) ||
            conform_report_json_string(b, conform_report_outcome_word(r->rounds[k].outcome)))
            return -1;
    return buf_printf(b, "], \"kept_round\": %u, \"flaky\": %s", r->kept_round,
                      conform_report_flaky(r) ? "true" : "false");
}

static int json_case(conform_report_buf *b, const conform_report_item *it)
{
    const conform_case *c = it->c;
    const conform_result *r = it->r;
    char *message = conform_report_redact(r->message);
    if (message == NULL) return -1;
    int rc = buf_puts(b, "\n    {\"id\": ") || conform_report_json_string(b, c->id) ||
             buf_puts(b, ", \"area\": ") || conform_report_json_string(b, c->area) ||
             buf_puts(b, ", \"level\": ") ||
             conform_report_json_string(b, conform_level_name(c->level)) ||
             buf_puts(b, ", \"clauses\": [");
    for (size_t i = 0; rc == 0 && i < c->n_clauses; i++)
        rc = (i > 0 && buf_puts(b, ", ")) || conform_report_json_string(b, c->clauses[i]);
    rc = rc || buf_puts(b, "], \"outcome\": ") ||
         conform_report_json_string(b, conform_report_outcome_word(r->outcome)) ||
         buf_puts(b, ", \"kind\": ") ||
         (r->kind != CONFORM_KIND_NONE
              ? conform_report_json_string(b, conform_result_kind_name(r->kind))
              : buf_puts(b, "null")) ||
         (r->requests >= 0 ? buf_printf(b, ", \"requests\": %ld", r->requests)
                           : buf_puts(b, ", \"requests\": null")) ||
         buf_puts(b, ", \"seconds\": ") || json_seconds(b, r->seconds) ||
         buf_puts(b, ", \"message\": ") ||
         conform_report_json_string(b, r->message != NULL ? message : NULL) ||
         (r->peak_rss_kb >= 0 ? buf_printf(b, ", \"peak_rss_kb\": %ld", r->peak_rss_kb)
                              : buf_puts(b, ", \"peak_rss_kb\": null"));
    rc = rc || json_rounds(b, r) || buf_puts(b, "}");
    free(message);
    return rc ? -1 : 0;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every clause any reported case cites, once, sorted. */
static const char **distinct_clauses(const conform_report_item *items, size_t n, size_t *count)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += items[i].c->n_clauses;
    const char **all = calloc(total > 0 ? total : 1, sizeof *all);
    if (all == NULL) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < items[i].c->n_clauses; j++) all[k++] = items[i].c->clauses[j];
    qsort(all, k, sizeof *all, by_string);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || strcmp(all[u - 1], all[i]) != 0) all[u++] = all[i];
    *count = u;
    return all;
}

static int cites(const conform_case *c, const char *clause)
{
    for (size_t i = 0; i < c->n_clauses; i++)
        if (strcmp(c->clauses[i], clause) == 0) return 1;
    return 0;
}

static int json_clause(conform_report_buf *b, const char *clause,
                       const conform_report_item *items, size_t n)
{
    conform_report_counts k = {0, 0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        if (!cites(items[i].c, clause)) continue;
        conform_outcome o = items[i].r->outcome;
        if (o == CONFORM_PASS) k.passed++;
        else if (o == CONFORM_SKIP) k.skipped++;
        else if (o == CONFORM_ERROR) k.errored++;
        else k.failed++;
    }
    if (buf_puts(b, "\n    {\"clause\": ") || conform_report_json_string(b, clause) ||
        buf_printf(b, ", \"passed\": %zu, \"failed\": %zu, \"errored\": %zu, \"skipped\": %zu}",
                   k.passed, k.failed, k.errored, k.skipped))
        return -1;
    return 0;
}

static int json_document(conform_report_buf *b, const conform_report_meta *m,
                         const conform_report_item *items, size_t n)
{
    conform_report_counts k = conform_report_count(items, n);
    if (json_header(b, m, &k) || buf_puts(b, ",\n  \"cases\": ["))
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((i > 0 && buf_puts(b, ",")) || json_case(b, &items[i])) return -1;
    if (buf_puts(b, n > 0 ? "\n  ],\n  \"clauses\": [" : "],\n  \"clauses\": [")) return -1;
    size_t n_clauses = 0;
    const char **clauses = distinct_clauses(items, n, &n_clauses);
    if (clauses == NULL) return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n_clauses; i++)
        rc = (i > 0 && buf_puts(b, ",")) || json_clause(b, clauses[i], items, n);
    free(clauses);
    if (rc != 0) return -1;
    return buf_puts(b, n_clauses > 0 ? "\n  ]\n}\n" : "]\n}\n");
}

conform_status conform_report_json_write(const char *path, const conform_report_meta *m,
                                         const conform_report_item *items, size_t n)
{
    conform_report_buf b = {NULL, 0, 0};
    if (json_document(&b, m, items, n) != 0) {
        conform_report_buf_free(&b);
        return CONFORM_E_NOMEM;
    }
    FILE *f = fopen(path, "w");
    int ok = f != NULL && fwrite(b.data, 1, b.len, f) == b.len;
    if (f != NULL && fclose(f) != 0) ok = 0;
    conform_report_buf_free(&b);
    return ok ? CONFORM_OK : CONFORM_E_IO;
}

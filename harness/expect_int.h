/*
 * expect_int - inside the judge: the kinds of expectation, each with its parser and its
 * judge, and what the judges share. For harness/expect_*.c and case_parse.c; the rest of the
 * kit sees harness/expect.h.
 *
 * Modules, each using only those below it:
 *
 *   case_parse.c, expect_judge.c   read a row's <expect>, judge a run: through the table
 *   expect_kinds.c                 the table: every kind's element name, parser and judge
 *   expect_parse.c                 the parsers     expect_api.c, expect_wire.c,
 *                                                  expect_stream.c, expect_observe.c: the judges
 *   case_xml.c                     reading XML     expect_common.c: findings and lookups
 */
#ifndef CONFORM_EXPECT_INT_H
#define CONFORM_EXPECT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "harness/case_xml.h"
#include "harness/expect.h"

/* ---------------------------------------------------------------- the table (expect_kinds.c) */

typedef struct conform_expect_ctx conform_expect_ctx;

typedef struct conform_expect_kind_info {
    conform_expect_kind kind;
    const char *name; /* the element under <expect>, and the kind in every finding */
    /* What only this kind reads from its element (the common attributes are read before);
     * NULL when nothing. 0, or -1 with err filled. */
    int (*parse)(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);
    void (*judge)(conform_expect_ctx *x);
} conform_expect_kind_info;

/* The kind an element under <expect> names, NULL for none. */
const conform_expect_kind_info *conform_expect_kind_named(const char *name);
const conform_expect_kind_info *conform_expect_kind_of(conform_expect_kind kind);

/* ---------------------------------------------------------------- parsers (expect_parse.c) */

/* What every kind may carry: op, within, from, absent, contains, equals, min/max/count, given. */
int conform_expect_parse_common(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);

int conform_expect_parse_final(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);
int conform_expect_parse_error_string(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);
int conform_expect_parse_error_details(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);
int conform_expect_parse_output(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);
int conform_expect_parse_callback(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);
/* order and xpath: the element's text, and a request number (xpath) */
int conform_expect_parse_expression(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);
int conform_expect_parse_call(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);
int conform_expect_parse_header(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);
int conform_expect_parse_journal(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);
int conform_expect_parse_observe(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);
int conform_expect_parse_streamed(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);
int conform_expect_parse_rss(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e);

/* ---------------------------------------------------------------- judges */

/* expect_api.c: what the implementation did at the API. */
void conform_expect_judge_final(conform_expect_ctx *x);
void conform_expect_judge_final_once(conform_expect_ctx *x);
void conform_expect_judge_error_string(conform_expect_ctx *x);
void conform_expect_judge_error_details(conform_expect_ctx *x);
void conform_expect_judge_output(conform_expect_ctx *x);
void conform_expect_judge_callback(conform_expect_ctx *x);
void conform_expect_judge_order(conform_expect_ctx *x);
void conform_expect_judge_call(conform_expect_ctx *x);

/* expect_wire.c: what reached the mock server. */
void conform_expect_judge_requests(conform_expect_ctx *x);
void conform_expect_judge_header(conform_expect_ctx *x);
void conform_expect_judge_xpath(conform_expect_ctx *x);
void conform_expect_judge_journal(conform_expect_ctx *x);

/* expect_stream.c: streamed values (STR-1/2/6/8) and the peak RSS growth (STR-7). */
void conform_expect_judge_streamed(conform_expect_ctx *x);
void conform_expect_judge_rss(conform_expect_ctx *x);

/* expect_observe.c: INFO rows record what they saw and never fail. */
void conform_expect_judge_observe(conform_expect_ctx *x);

/* ---------------------------------------------------------------- shared (expect_common.c) */

struct conform_expect_ctx {
    const conform_expect_input *in;
    conform_expect_report *out;
    const conform_case_expect *e;
    const char *kind_name; /* e's kind, in every finding */
    int oom;
    long *finals;      /* per op (index op), the final event's index or -1: built once, since */
    unsigned n_finals; /* soak rows ask about 10,000 operations */
};

/* Appends line and '\n' to *buf (grown with realloc). 0 or -1. */
int conform_expect_add_line(char **buf, const char *line);
/* "cancel.xml:153" (or "line 153" when the table is not known): where a row's line is. */
void conform_expect_where(const conform_expect_ctx *x, long long line, char *buf, size_t len);

/* Records an unmet expectation: "table:line: <kind>: problem". */
void conform_expect_fail(conform_expect_ctx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void conform_expect_observe(conform_expect_ctx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Builds the per-op index of final results (without it, lookups walk the trace). */
void conform_expect_index_finals(conform_expect_ctx *x);

/* The operations an expectation is about: {1} by default, 1..N for "*". */
unsigned conform_expect_op_first(const conform_expect_ctx *x);
unsigned conform_expect_op_last(const conform_expect_ctx *x);

/* Index of op's final-result event (callback or GetInstance with final=1), or -1. */
long conform_expect_final(const conform_expect_ctx *x, unsigned op);
/* The value line `name` (src) belonging to the event at index `at` (its block), or NULL. */
const conform_trace_event *conform_expect_block_value(const conform_trace *t, long at,
                                                      const char *src, const char *name);
/* A time point of op ("invoke", "final", "enter:X", "leave:X", "request"); -1 when absent. */
int64_t conform_expect_time_point(const conform_expect_ctx *x, const char *point, unsigned op);
int conform_expect_event_op(const conform_trace_event *ev, unsigned op);
/* A field's text, `dflt` when the event has none. */
const char *conform_expect_field_or(const conform_trace_event *ev, const char *key,
                                    const char *dflt);
int conform_expect_contains_nocase(const char *hay, const char *needle);
/* The nth (1-based) request of the journal, NULL when there are fewer. */
const mock_event *conform_expect_nth_request(const conform_expect_input *in, unsigned nth);

#endif

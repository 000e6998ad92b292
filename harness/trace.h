/*
 * trace - the driver child's account of what it did, one text line per event, sent to the
 * parent over a pipe and kept as the readable part of a failure transcript.
 *
 * A line is   T_US TID KIND key=value key=value ...\n
 * T_US is CLOCK_MONOTONIC in microseconds (the parent's clock too, so it lines up with the
 * mock's journal), TID a small per-thread number (0 = the driver's main thread). Values are
 * percent-escaped: '%', ' ', '=', ',', and bytes below 0x21 or 0x7f and above become %XX. An
 * array value is the field "items": its escaped items joined by ','.
 *
 * Kinds (what the judge reads):
 *   start    pid impl
 *   enter    call [op]                          before every API call (the watchdog's "current call")
 *   leave    call [op] [result] [more code inst errstr errclass]   after it
 *   callback cb op ctx=ok|bad [more code inst ack errstr errclass opptr name type]
 *   value    op src=final|error|ack name type null value|items   a property of an instance seen
 *   timeout  what [op] [line] ms                  a bounded wait of the driver ran out: what it
 *                                                waited for (final, join, sessionClosed, or a
 *                                                journal kind), the step's line, the bound
 *   phase    name=teardown                       the row's actions are over; what follows closes
 *   crash    sig                                 the driver's signal handler, then one
 *   frame    n obj off [sym] | n pc              line per return address from the fault down
 *   note     text
 *   rss      kb                                  the child's peak RSS at the end
 *   end                                          the driver finished and exits
 */
#ifndef CONFORM_TRACE_H
#define CONFORM_TRACE_H

#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- writing (the child) */

typedef struct conform_trace_line {
    char *buf;
    size_t len, cap;
    int oom;
} conform_trace_line;

uint64_t conform_trace_now_us(void);

void conform_trace_line_begin(conform_trace_line *l, uint64_t t_us, unsigned tid,
                              const char *kind);
void conform_trace_line_add(conform_trace_line *l, const char *key, const char *value);
void conform_trace_line_addf(conform_trace_line *l, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Appends one array item to the value of the last key added (',' between items). */
void conform_trace_line_add_item(conform_trace_line *l, const char *item, int first);
void conform_trace_line_end(conform_trace_line *l);
void conform_trace_line_free(conform_trace_line *l);

/* Writes a whole buffer to fd (EINTR and short writes handled). 0 or -1. */
int conform_trace_write_all(int fd, const char *buf, size_t len);

/* Percent-escaping of one value (malloc'd), and back in place (returns the new length). */
char *conform_trace_escape(const char *in);
size_t conform_trace_unescape(char *s);

/* ---------------------------------------------------------------- reading (the parent) */

typedef struct conform_trace_field {
    char *key, *value; /* unescaped; except "items", which keeps escaped items joined by ',' */
} conform_trace_field;

typedef struct conform_trace_event {
    uint64_t t_us;
    unsigned tid;
    char *kind;
    conform_trace_field *fields;
    size_t n_fields;
    char *storage; /* every string above lives here */
} conform_trace_event;

/* Parses one line (without its '\n'). 0, or -1 for a line that is not a trace line. */
int conform_trace_parse_line(const char *line, conform_trace_event *ev);
void conform_trace_event_clear(conform_trace_event *ev);

/* A field's value, NULL when absent. */
const char *conform_trace_get(const conform_trace_event *ev, const char *key);
/* A numeric field, `dflt` when absent or not a number. */
long long conform_trace_get_num(const conform_trace_event *ev, const char *key, long long dflt);

/* Splits an array value into its unescaped items (malloc'd vector of malloc'd strings). */
int conform_trace_split_items(const char *value, char ***items, size_t *n);

/* A whole trace: events in arrival order, plus the raw text for the transcript. */
typedef struct conform_trace {
    conform_trace_event *events;
    size_t n_events, cap_events;
    char *pending;      /* an incomplete last line */
    size_t pending_len;
    char *text;         /* everything received, as received */
    size_t text_len, text_cap;
    size_t bad_lines;   /* lines that did not parse (kept in text) */
} conform_trace;

/* Feeds bytes as they come off the pipe; complete lines become events. 0 or -1 (no memory). */
int conform_trace_feed(conform_trace *t, const char *data, size_t len);
/* End of input: a pending partial line is parsed if it can be. */
void conform_trace_finish(conform_trace *t);
void conform_trace_free(conform_trace *t);

/* ---------------------------------------------------------------- parent -> child signals */

/* The parent tells the child about the mock's journal with lines "journal KIND\n", one per new
 * entry. KIND names (cases.xsd's journalKind) in mock_event_kind order. */
#define CONFORM_TRACE_N_JOURNAL_KINDS 10
const char *conform_trace_journal_kind(int kind);
int conform_trace_journal_index(const char *name); /* -1 when unknown */

#endif

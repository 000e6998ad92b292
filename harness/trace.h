/*
 * trace - the driver child's account of what it did, one text line per event, sent to the
 * parent over a pipe and kept as the readable part of a failure transcript: writing a line
 * (the child), reading lines into events (the parent). What the lines say, every kind, key
 * and value: harness/trace_protocol.h.
 */
#ifndef CONFORM_TRACE_H
#define CONFORM_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "harness/trace_protocol.h"
#include "kit/buf.h"
#include "mock_server/mockcim.h"

/* ---------------------------------------------------------------- writing (the child) */

typedef struct conform_trace_line {
    kit_buf text; /* the line so far; text.failed when an allocation failed */
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

/* Where a field's key and value start, counted from the event's kind. */
typedef struct conform_trace_field {
    uint32_t key, value;
} conform_trace_field;

/* One event in one block: the field table, then the kind and the fields' keys and values as
 * NUL-terminated strings (unescaped, except "items", which keeps its escaped items joined by
 * ','); `kind` points just past the table. A long stream repeats a few lines (callback, Ack
 * entered, Ack left) thousands of times: an event whose content equals a recent one shares
 * that block (`shared`), so only its time and thread are its own. */
typedef struct conform_trace_event {
    uint64_t t_us;
    unsigned tid : 16;
    unsigned n_fields : 15;
    unsigned shared : 1;
    char *kind; /* NULL when the event holds nothing */
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

/* The transcript keeps this many bytes from the start of the trace and as many from its end. */
#define CONFORM_TRACE_TEXT_HALF (128 * 1024)

/* A whole trace: events (in time order once finished; see conform_trace_finish), and the raw
 * text as received for the transcript, its start and its end. */
typedef struct conform_trace {
    conform_trace_event *events;
    size_t n_events, cap_events;
    char *pending;      /* an incomplete last line */
    size_t pending_len;
    char *text;         /* the first CONFORM_TRACE_TEXT_HALF bytes received */
    size_t text_len, text_cap;
    char *tail;         /* a ring of the last CONFORM_TRACE_TEXT_HALF bytes after those */
    size_t tail_start, tail_len;
    size_t text_total;  /* every byte received */
    size_t bad_lines;   /* lines that did not parse (kept in text) */
    /* Set before feeding when no judge of the row reads streamed values: a streamed
     * callback then keeps its element count ("count") but not its values, and a
     * 200,000-element stream costs the runner a few MB instead of hundreds. */
    int drop_streamed_values;
    size_t recent[4];   /* events whose blocks a new event may share */
    size_t n_recent;
} conform_trace;

/* Feeds bytes as they come off the pipe; complete lines become events. 0 or -1 (no memory). */
int conform_trace_feed(conform_trace *t, const char *data, size_t len);
/* End of input: a pending partial line is parsed if it can be, and the events are put in the
 * order of their timestamps (stable: ties keep arrival order). */
void conform_trace_finish(conform_trace *t);
void conform_trace_free(conform_trace *t);
/* The transcript text (malloc'd): all of it when it was short, else its start, a line saying
 * how many bytes were left out, and its end from the first whole line. */
char *conform_trace_text(const conform_trace *t);
/* The same with each line's time as seconds since origin_us ("[   1.419723] 0 enter ..."). */
char *conform_trace_text_since(const conform_trace *t, uint64_t origin_us);

/* ---------------------------------------------------------------- parent -> child signals */

/* The parent tells the child about the mock's journal with lines TRACE_JOURNAL_PREFIX KIND, one
 * per new entry. KIND is the mock's name for the event kind (mock_event_kind_slug, the names
 * cases.xsd's journalKind lists); a driver's timeout line names a journal kind the same way. */
const char *conform_trace_journal_kind(mock_event_kind kind);
int conform_trace_journal_index(const char *name); /* -1 when unknown */

#endif

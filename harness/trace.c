/*
 * trace - writing and reading the child->parent event lines (format in trace.h).
 */
#include "harness/trace.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mock_server/mockcim.h"

uint64_t conform_trace_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* ---------------------------------------------------------------- escaping */

static int needs_escape(unsigned char c)
{
    return c <= 0x20 || c >= 0x7f || c == '%' || c == '=' || c == ',';
}

char *conform_trace_escape(const char *in)
{
    if (in == NULL) in = "";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p; p++) n += needs_escape(*p) ? 3 : 1;
    char *out = malloc(n + 1), *o = out;
    if (out == NULL) return NULL;
    for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
        if (needs_escape(*p)) o += sprintf(o, "%%%02X", *p);
        else *o++ = (char)*p;
    }
    *o = '\0';
    return out;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

size_t conform_trace_unescape(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        int hi, lo;
        if (*p == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
            *o++ = (char)(hi * 16 + lo);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return (size_t)(o - s);
}

/* ---------------------------------------------------------------- building a line */

void conform_trace_line_begin(conform_trace_line *l, uint64_t t_us, unsigned tid,
                              const char *kind)
{
    char head[64];
    int n = snprintf(head, sizeof head, "%llu %u ", (unsigned long long)t_us, tid);
    kit_buf_add(&l->text, head, (size_t)n);
    kit_buf_add(&l->text, kind, strlen(kind));
}

void conform_trace_line_add(conform_trace_line *l, const char *key, const char *value)
{
    char *esc = conform_trace_escape(value);
    if (esc == NULL) { l->text.failed = 1; return; }
    kit_buf_add(&l->text, " ", 1);
    kit_buf_add(&l->text, key, strlen(key));
    kit_buf_add(&l->text, "=", 1);
    kit_buf_add(&l->text, esc, strlen(esc));
    free(esc);
}

void conform_trace_line_addf(conform_trace_line *l, const char *key, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    conform_trace_line_add(l, key, buf);
}

void conform_trace_line_add_item(conform_trace_line *l, const char *item, int first)
{
    char *esc = conform_trace_escape(item);
    if (esc == NULL) { l->text.failed = 1; return; }
    if (!first) kit_buf_add(&l->text, ",", 1);
    kit_buf_add(&l->text, esc, strlen(esc));
    free(esc);
}

void conform_trace_line_end(conform_trace_line *l)
{
    kit_buf_add(&l->text, "\n", 1);
}

void conform_trace_line_free(conform_trace_line *l)
{
    kit_buf_free(&l->text);
}

int conform_trace_write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, buf, len);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        buf += w;
        len -= (size_t)w;
    }
    return 0;
}

/* ---------------------------------------------------------------- parsing a line */

static int parse_head(const char **p, conform_trace_event *ev)
{
    char *end = NULL;
    ev->t_us = strtoull(*p, &end, 10);
    if (end == *p || *end != ' ') return -1;
    *p = end + 1;
    unsigned long tid = strtoul(*p, &end, 10);
    if (end == *p || *end != ' ' || tid > 0xffff) return -1;
    ev->tid = (unsigned)tid;
    *p = end + 1;
    return 0;
}

/* A line split in place: its kind and its fields' keys and values. */
typedef struct split_line {
    char *copy, *kind;
    char **keys, **values;
    size_t n;
} split_line;

static void split_free(split_line *sl)
{
    free(sl->copy);
    free(sl->keys);
}

static int split_body(const char *body, split_line *sl)
{
    memset(sl, 0, sizeof *sl);
    size_t spaces = 0;
    for (const char *q = body; *q; q++) spaces += *q == ' ';
    sl->copy = strdup(body);
    sl->keys = malloc((spaces + 1) * 2 * sizeof *sl->keys);
    if (sl->copy == NULL || sl->keys == NULL) return -1;
    sl->values = sl->keys + spaces + 1;
    char *save = NULL;
    sl->kind = strtok_r(sl->copy, " ", &save);
    if (sl->kind == NULL || *sl->kind == '\0') return -1;
    for (char *tok = strtok_r(NULL, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        if (eq == NULL) return -1;
        *eq = '\0';
        /* Array values ("items") keep their escaped items so a ',' inside one stays an item's. */
        if (strcmp(tok, TRACE_KEY_ITEMS) != 0) conform_trace_unescape(eq + 1);
        sl->keys[sl->n] = tok;
        sl->values[sl->n++] = eq + 1;
    }
    return 0;
}

static int is_streamed_callback(const split_line *sl)
{
    if (strcmp(sl->kind, TRACE_EV_CALLBACK) != 0) return 0;
    for (size_t i = 0; i < sl->n; i++)
        if (strcmp(sl->keys[i], TRACE_KEY_CB) == 0)
            return strcmp(sl->values[i], TRACE_CB_STREAMED) == 0;
    return 0;
}

/* What a kept field holds: a dropped streamed value stays as an empty "value" (the element is
 * still counted), a dropped batch keeps only its "count". */
static const char *kept_value(const split_line *sl, size_t i, int drop)
{
    if (!drop) return sl->values[i];
    if (strcmp(sl->keys[i], TRACE_KEY_ITEMS) == 0) return NULL;
    return strcmp(sl->keys[i], TRACE_KEY_VALUE) == 0 ? "" : sl->values[i];
}

static conform_trace_field *fields_of(const conform_trace_event *ev)
{
    return (conform_trace_field *)(void *)(ev->kind - ev->n_fields * sizeof(conform_trace_field));
}

static int build_block(const split_line *sl, int drop, conform_trace_event *ev)
{
    size_t n = 0, text = strlen(sl->kind) + 1;
    for (size_t i = 0; i < sl->n; i++) {
        const char *v = kept_value(sl, i, drop);
        if (v == NULL) continue;
        n++;
        text += strlen(sl->keys[i]) + strlen(v) + 2;
    }
    if (n >= 1u << 15) return -1;
    char *block = malloc(n * sizeof(conform_trace_field) + text);
    if (block == NULL) return -1;
    conform_trace_field *fields = (conform_trace_field *)(void *)block;
    ev->kind = block + n * sizeof(conform_trace_field);
    ev->n_fields = (unsigned)n;
    char *at = stpcpy(ev->kind, sl->kind) + 1;
    n = 0;
    for (size_t i = 0; i < sl->n; i++) {
        const char *v = kept_value(sl, i, drop);
        if (v == NULL) continue;
        conform_trace_field *f = &fields[n++];
        f->key = (uint32_t)(at - ev->kind);
        at = stpcpy(at, sl->keys[i]) + 1;
        f->value = (uint32_t)(at - ev->kind);
        at = stpcpy(at, v) + 1;
    }
    return 0;
}

static int parse_event(const char *line, int drop_streamed_values, conform_trace_event *ev)
{
    memset(ev, 0, sizeof *ev);
    const char *body = line;
    split_line sl;
    if (parse_head(&body, ev) != 0) return -1;
    int rc = split_body(body, &sl);
    if (rc == 0) rc = build_block(&sl, drop_streamed_values && is_streamed_callback(&sl), ev);
    split_free(&sl);
    return rc;
}

int conform_trace_parse_line(const char *line, conform_trace_event *ev)
{
    return parse_event(line, 0, ev);
}

void conform_trace_event_clear(conform_trace_event *ev)
{
    if (!ev->shared && ev->kind != NULL) free(fields_of(ev));
    memset(ev, 0, sizeof *ev);
}

/* The bytes of an event's strings, from its kind to its last value's end. */
static size_t block_text_len(const conform_trace_event *ev)
{
    if (ev->n_fields == 0) return strlen(ev->kind) + 1;
    const conform_trace_field *last = &fields_of(ev)[ev->n_fields - 1];
    return last->value + strlen(ev->kind + last->value) + 1;
}

static int same_content(const conform_trace_event *a, const conform_trace_event *b)
{
    return a->n_fields == b->n_fields &&
           memcmp(fields_of(a), fields_of(b), a->n_fields * sizeof(conform_trace_field)) == 0 &&
           block_text_len(a) == block_text_len(b) &&
           memcmp(a->kind, b->kind, block_text_len(a)) == 0;
}

const char *conform_trace_get(const conform_trace_event *ev, const char *key)
{
    const conform_trace_field *f = ev->kind != NULL ? fields_of(ev) : NULL;
    for (size_t i = 0; i < ev->n_fields; i++)
        if (strcmp(ev->kind + f[i].key, key) == 0) return ev->kind + f[i].value;
    return NULL;
}

long long conform_trace_get_num(const conform_trace_event *ev, const char *key, long long dflt)
{
    const char *v = conform_trace_get(ev, key);
    if (v == NULL || *v == '\0') return dflt;
    char *end = NULL;
    long long r = strtoll(v, &end, 10);
    return *end == '\0' ? r : dflt;
}

int conform_trace_split_items(const char *value, char ***items, size_t *n)
{
    *items = NULL;
    *n = 0;
    if (value == NULL || *value == '\0') return 0;
    const char *p = value;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char **t = realloc(*items, (*n + 1) * sizeof *t);
        if (t == NULL) return -1;
        *items = t;
        if ((t[*n] = strndup(p, len)) == NULL) return -1;
        conform_trace_unescape(t[(*n)++]);
        if (comma == NULL) return 0;
        p = comma + 1;
    }
}

/* ---------------------------------------------------------------- a whole trace */

/* The transcript is for a person: it keeps the first and the last CONFORM_TRACE_TEXT_HALF bytes
 * of what arrived (the start of the story and how it ended), so a 200,000-callback stream does
 * not hold the runner's memory. The events, which the judges read, are all kept. */
static int grow_text(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap) return 0;
    size_t c = *cap ? *cap : 4096;
    while (c < need) c *= 2;
    char *n = realloc(*buf, c);
    if (n == NULL) return -1;
    *buf = n;
    *cap = c;
    return 0;
}

static void keep_tail(conform_trace *t, const char *data, size_t len)
{
    if (len >= CONFORM_TRACE_TEXT_HALF) { /* only the end of this piece can stay */
        memcpy(t->tail, data + len - CONFORM_TRACE_TEXT_HALF, CONFORM_TRACE_TEXT_HALF);
        t->tail_start = 0;
        t->tail_len = CONFORM_TRACE_TEXT_HALF;
        return;
    }
    for (size_t i = 0; i < len; i++) {
        size_t at = (t->tail_start + t->tail_len) % CONFORM_TRACE_TEXT_HALF;
        t->tail[at] = data[i];
        if (t->tail_len < CONFORM_TRACE_TEXT_HALF) t->tail_len++;
        else t->tail_start = (t->tail_start + 1) % CONFORM_TRACE_TEXT_HALF;
    }
}

static int keep_text(conform_trace *t, const char *data, size_t len)
{
    t->text_total += len;
    size_t head = t->text_len < CONFORM_TRACE_TEXT_HALF ? CONFORM_TRACE_TEXT_HALF - t->text_len : 0;
    if (head > len) head = len;
    if (head > 0 || t->text == NULL) {
        if (grow_text(&t->text, &t->text_cap, t->text_len + head + 1) != 0) return -1;
        memcpy(t->text + t->text_len, data, head);
        t->text_len += head;
        t->text[t->text_len] = '\0';
    }
    if (head == len) return 0;
    if (t->tail == NULL && (t->tail = malloc(CONFORM_TRACE_TEXT_HALF)) == NULL) return -1;
    keep_tail(t, data + head, len - head);
    return 0;
}

/* Each line's leading microseconds as seconds since `origin_us`, in the mock journal's form
 * ("[   1.419723]"), so the two halves of a transcript read on one clock. */
static char *rebase_times(const char *raw, uint64_t origin_us)
{
    size_t lines = 1;
    for (const char *p = raw; *p; p++) lines += *p == '\n';
    char *out = malloc(strlen(raw) + lines * 8 + 1), *o = out;
    if (out == NULL) return NULL;
    for (const char *p = raw; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p + 1) : strlen(p);
        char *end = NULL;
        unsigned long long t = strtoull(p, &end, 10);
        if (end != p && *end == ' ' && t >= origin_us) {
            unsigned long long d = t - origin_us;
            o += sprintf(o, "[%4llu.%06llu]", d / 1000000u, d % 1000000u);
            len -= (size_t)(end - p);
            p = end;
        }
        memcpy(o, p, len);
        o += len;
        p += len;
    }
    *o = '\0';
    return out;
}

char *conform_trace_text_since(const conform_trace *t, uint64_t origin_us)
{
    char *raw = conform_trace_text(t);
    char *out = raw != NULL ? rebase_times(raw, origin_us) : NULL;
    free(raw);
    return out;
}

char *conform_trace_text(const conform_trace *t)
{
    size_t tail_len = t->tail_len, skip = 0;
    size_t left_out = t->text_total - t->text_len - tail_len;
    if (left_out > 0) /* the ring starts mid-line: begin the tail at its first whole line */
        while (skip < tail_len &&
               t->tail[(t->tail_start + skip++) % CONFORM_TRACE_TEXT_HALF] != '\n')
            continue;
    char *out = malloc(t->text_len + tail_len + 80);
    if (out == NULL) return NULL;
    memcpy(out, t->text ? t->text : "", t->text_len);
    size_t n = t->text_len;
    if (left_out + skip > 0)
        n += (size_t)sprintf(out + n, "\n... (%zu bytes left out) ...\n", left_out + skip);
    for (size_t i = skip; i < tail_len; i++)
        out[n++] = t->tail[(t->tail_start + i) % CONFORM_TRACE_TEXT_HALF];
    out[n] = '\0';
    return out;
}

/* Gives the event the block of a recent event with the same content, or makes it one of the
 * recent ones. */
static void share_recent(conform_trace *t, conform_trace_event *ev)
{
    size_t slots = sizeof t->recent / sizeof t->recent[0];
    for (size_t i = 0; i < t->n_recent; i++) {
        const conform_trace_event *old = &t->events[t->recent[i]];
        if (!same_content(old, ev)) continue;
        free(fields_of(ev));
        ev->kind = old->kind;
        ev->shared = 1;
        return;
    }
    memmove(t->recent + 1, t->recent, (slots - 1) * sizeof t->recent[0]);
    t->recent[0] = t->n_events;
    if (t->n_recent < slots) t->n_recent++;
}

static int add_event(conform_trace *t, const char *line)
{
    conform_trace_event ev;
    if (parse_event(line, t->drop_streamed_values, &ev) != 0) {
        conform_trace_event_clear(&ev);
        t->bad_lines++;
        return 0;
    }
    if (t->n_events == t->cap_events) {
        size_t cap = t->cap_events ? t->cap_events * 2 : 64;
        conform_trace_event *n = realloc(t->events, cap * sizeof *n);
        if (n == NULL) { conform_trace_event_clear(&ev); return -1; }
        t->events = n;
        t->cap_events = cap;
    }
    share_recent(t, &ev);
    t->events[t->n_events++] = ev;
    return 0;
}

int conform_trace_feed(conform_trace *t, const char *data, size_t len)
{
    if (keep_text(t, data, len) != 0) return -1;
    char *buf = realloc(t->pending, t->pending_len + len + 1);
    if (buf == NULL) return -1;
    t->pending = buf;
    memcpy(buf + t->pending_len, data, len);
    t->pending_len += len;
    buf[t->pending_len] = '\0';
    char *start = buf, *nl;
    while ((nl = memchr(start, '\n', t->pending_len - (size_t)(start - buf))) != NULL) {
        *nl = '\0';
        if (add_event(t, start) != 0) return -1;
        start = nl + 1;
    }
    t->pending_len -= (size_t)(start - buf);
    memmove(buf, start, t->pending_len + 1);
    return 0;
}

/* Stable merge sort of events[lo, hi) by time, through tmp. */
static void sort_by_time(conform_trace_event *ev, conform_trace_event *tmp, size_t lo, size_t hi)
{
    if (hi - lo < 2) return;
    size_t mid = lo + (hi - lo) / 2;
    sort_by_time(ev, tmp, lo, mid);
    sort_by_time(ev, tmp, mid, hi);
    if (ev[mid - 1].t_us <= ev[mid].t_us) return; /* already in order: the usual case */
    size_t a = lo, b = mid, k = lo;
    while (a < mid && b < hi) tmp[k++] = ev[b].t_us < ev[a].t_us ? ev[b++] : ev[a++];
    while (a < mid) tmp[k++] = ev[a++];
    while (b < hi) tmp[k++] = ev[b++];
    memcpy(ev + lo, tmp + lo, (hi - lo) * sizeof *ev);
}

/* Insertion sort, stable, in place: lines are out of order only across threads and only by a
 * few places, so this costs next to nothing. Returns -1 when the trace is more disordered than
 * that (more than 64 moves per event), leaving a permutation for the merge sort to finish. */
static int settle_by_time(conform_trace_event *ev, size_t n)
{
    size_t budget = 64 * n;
    for (size_t i = 1; i < n; i++) {
        if (ev[i - 1].t_us <= ev[i].t_us) continue;
        conform_trace_event e = ev[i];
        size_t j = i;
        for (; j > 0 && ev[j - 1].t_us > e.t_us; j--) ev[j] = ev[j - 1];
        ev[j] = e;
        if (i - j > budget) return -1;
        budget -= i - j;
    }
    return 0;
}

/* Lines arrive in the order threads won the pipe, not the order things happened: a thread can
 * take its timestamp, be preempted, and write after another thread's later event. The judges
 * read events in time order. The rule for ties: events with the same microsecond keep their
 * arrival order (each thread's own lines are always in its program order). */
void conform_trace_finish(conform_trace *t)
{
    if (t->pending_len > 0) (void)add_event(t, t->pending);
    t->pending_len = 0;
    if (t->n_events < 2 || settle_by_time(t->events, t->n_events) == 0) return;
    conform_trace_event *tmp = malloc(t->n_events * sizeof *tmp);
    if (tmp == NULL) return; /* out of memory: the order stays nearly right */
    sort_by_time(t->events, tmp, 0, t->n_events);
    free(tmp);
}

void conform_trace_free(conform_trace *t)
{
    for (size_t i = 0; i < t->n_events; i++) conform_trace_event_clear(&t->events[i]);
    free(t->events);
    free(t->pending);
    free(t->text);
    free(t->tail);
    memset(t, 0, sizeof *t);
}

/* ---------------------------------------------------------------- journal kinds */

/* The mock's own table (mock_server/mock_journal.c) names them: one spelling, one place. */
const char *conform_trace_journal_kind(mock_event_kind kind)
{
    return mock_event_kind_slug(kind);
}

int conform_trace_journal_index(const char *name)
{
    return mock_event_kind_parse(name);
}

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

static void append(conform_trace_line *l, const char *s, size_t n)
{
    if (l->oom) return;
    if (l->len + n + 2 > l->cap) {
        size_t cap = l->cap ? l->cap : 128;
        while (l->len + n + 2 > cap) cap *= 2;
        char *t = realloc(l->buf, cap);
        if (t == NULL) { l->oom = 1; return; }
        l->buf = t;
        l->cap = cap;
    }
    memcpy(l->buf + l->len, s, n);
    l->len += n;
    l->buf[l->len] = '\0';
}

void conform_trace_line_begin(conform_trace_line *l, uint64_t t_us, unsigned tid,
                              const char *kind)
{
    char head[64];
    int n = snprintf(head, sizeof head, "%llu %u ", (unsigned long long)t_us, tid);
    append(l, head, (size_t)n);
    append(l, kind, strlen(kind));
}

void conform_trace_line_add(conform_trace_line *l, const char *key, const char *value)
{
    char *esc = conform_trace_escape(value);
    if (esc == NULL) { l->oom = 1; return; }
    append(l, " ", 1);
    append(l, key, strlen(key));
    append(l, "=", 1);
    append(l, esc, strlen(esc));
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
    if (esc == NULL) { l->oom = 1; return; }
    if (!first) append(l, ",", 1);
    append(l, esc, strlen(esc));
    free(esc);
}

void conform_trace_line_end(conform_trace_line *l)
{
    append(l, "\n", 1);
}

void conform_trace_line_free(conform_trace_line *l)
{
    free(l->buf);
    memset(l, 0, sizeof *l);
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

static int parse_head(char **p, conform_trace_event *ev)
{
    char *end = NULL;
    ev->t_us = strtoull(*p, &end, 10);
    if (end == *p || *end != ' ') return -1;
    *p = end + 1;
    ev->tid = (unsigned)strtoul(*p, &end, 10);
    if (end == *p || *end != ' ') return -1;
    *p = end + 1;
    return 0;
}

static int add_field(conform_trace_event *ev, char *tok, size_t *cap)
{
    char *eq = strchr(tok, '=');
    if (eq == NULL) return -1;
    *eq = '\0';
    char *value = eq + 1;
    /* Array values ("items") keep their escaped items so a ',' inside one stays an item's. */
    if (strcmp(tok, "items") != 0) conform_trace_unescape(value);
    if (ev->n_fields == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        conform_trace_field *t = realloc(ev->fields, *cap * sizeof *t);
        if (t == NULL) return -1;
        ev->fields = t;
    }
    ev->fields[ev->n_fields].key = tok;
    ev->fields[ev->n_fields].value = value;
    ev->n_fields++;
    return 0;
}

int conform_trace_parse_line(const char *line, conform_trace_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->storage = strdup(line);
    if (ev->storage == NULL) return -1;
    char *p = ev->storage, *save = NULL;
    size_t cap = 0;
    if (parse_head(&p, ev) != 0) goto bad;
    ev->kind = strtok_r(p, " ", &save);
    if (ev->kind == NULL || *ev->kind == '\0') goto bad;
    for (char *tok = strtok_r(NULL, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
        if (add_field(ev, tok, &cap) != 0) goto bad;
    return 0;
bad:
    conform_trace_event_clear(ev);
    return -1;
}

void conform_trace_event_clear(conform_trace_event *ev)
{
    free(ev->fields);
    free(ev->storage);
    memset(ev, 0, sizeof *ev);
}

const char *conform_trace_get(const conform_trace_event *ev, const char *key)
{
    for (size_t i = 0; i < ev->n_fields; i++)
        if (strcmp(ev->fields[i].key, key) == 0) return ev->fields[i].value;
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

static int keep_text(conform_trace *t, const char *data, size_t len)
{
    if (t->text_len + len + 1 > t->text_cap) {
        size_t cap = t->text_cap ? t->text_cap : 4096;
        while (t->text_len + len + 1 > cap) cap *= 2;
        char *n = realloc(t->text, cap);
        if (n == NULL) return -1;
        t->text = n;
        t->text_cap = cap;
    }
    memcpy(t->text + t->text_len, data, len);
    t->text_len += len;
    t->text[t->text_len] = '\0';
    return 0;
}

static int add_event(conform_trace *t, const char *line)
{
    conform_trace_event ev;
    if (conform_trace_parse_line(line, &ev) != 0) {
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

void conform_trace_finish(conform_trace *t)
{
    if (t->pending_len > 0) (void)add_event(t, t->pending);
    t->pending_len = 0;
}

void conform_trace_free(conform_trace *t)
{
    for (size_t i = 0; i < t->n_events; i++) conform_trace_event_clear(&t->events[i]);
    free(t->events);
    free(t->pending);
    free(t->text);
    memset(t, 0, sizeof *t);
}

/* ---------------------------------------------------------------- journal kinds */

/* In the order of mock_event_kind (mock_server/mockcim.h); the names cases.xsd uses. */
static const char *const journal_kinds[] = {
    "connect", "request", "response", "disconnect", "cancel", "end", "interactive-response",
    "aborted", "blocked", "completed",
};

const char *conform_trace_journal_kind(int kind)
{
    if (kind < 0 || (size_t)kind >= sizeof journal_kinds / sizeof journal_kinds[0]) return "?";
    return journal_kinds[kind];
}

int conform_trace_journal_index(const char *name)
{
    for (size_t i = 0; name != NULL && i < sizeof journal_kinds / sizeof journal_kinds[0]; i++)
        if (strcmp(name, journal_kinds[i]) == 0) return (int)i;
    return -1;
}

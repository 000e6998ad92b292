/*
 * stream.c - the incremental reader for a byte stream of concatenated envelopes (the MS-WSMV
 * chunked answer, whose chunk boundaries libcurl may hide).
 *
 * A concatenation of envelopes is not one XML document, so each envelope gets its own push
 * parser (xml.c): bytes are pushed as they come; when the parser reports that the root element
 * closed, the envelope is read from the finished tree and delivered, and the rest of the same
 * chunk starts the next parser. Only the current envelope is ever held, so memory does not grow
 * with the number of envelopes; each one is still capped by limits->max_bytes and max_depth.
 */
#include <stdlib.h>
#include <string.h>

#include "wsman/wsman_int.h"

struct wsman_stream {
    wsman_limits limits;
    wsman_stream_cb cb;
    void *ctx;
    wsman_doc_parser *parser; /* the envelope in progress, NULL between envelopes */
    size_t count;
    int failed;
    wsman_error error; /* sticky: a broken stream stays broken */
};

wsman_stream *wsman_stream_new(const wsman_limits *limits, wsman_stream_cb on_envelope,
                               void *ctx)
{
    if (on_envelope == NULL) return NULL;
    wsman_init();
    wsman_stream *s = calloc(1, sizeof *s);
    if (s == NULL) return NULL;
    if (limits != NULL) s->limits = *limits;
    s->cb = on_envelope;
    s->ctx = ctx;
    return s;
}

static int broken(wsman_stream *s, wsman_error *err)
{
    if (err != NULL) *err = s->error;
    return -1;
}

static int fail(wsman_stream *s, wsman_error *err)
{
    s->failed = 1;
    wsman_doc_parser_free(s->parser);
    s->parser = NULL;
    return broken(s, err);
}

/* Reads and delivers one finished envelope; returns the callback's value or -1. */
static int deliver(wsman_stream *s, xmlDocPtr doc, wsman_error *err)
{
    wsman_envelope *env = wsman_envelope_from_doc(doc, &s->error);
    xmlFreeDoc(doc);
    if (env == NULL) return fail(s, err);
    s->count++;
    return s->cb(env, s->ctx);
}

int wsman_stream_feed(wsman_stream *s, const char *data, size_t len, wsman_error *err)
{
    if (s == NULL || (data == NULL && len > 0)) {
        wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "NULL stream or data");
        return -1;
    }
    if (s->failed) return broken(s, err);
    size_t off = 0;
    while (off < len) {
        if (s->parser == NULL) {
            /* Skip separators before even creating a parser. */
            while (off < len && mimodel_is_xml_space((unsigned char)data[off])) off++;
            if (off == len) break;
            s->parser = wsman_doc_parser_new(&s->limits);
            if (s->parser == NULL) {
                wsman_fail(&s->error, WSMAN_E_NOMEM, 0, 0, "out of memory");
                return fail(s, err);
            }
        }
        xmlDocPtr doc = NULL;
        size_t used = 0;
        wsman_status st = wsman_doc_parser_feed(s->parser, data + off, len - off, 0, &doc, &used,
                                                &s->error);
        if (st != WSMAN_OK) {
            /* Say which envelope broke, keeping libxml2's line/column. */
            size_t n = strlen(s->error.message);
            if (n + 40 < sizeof s->error.message)
                snprintf(s->error.message + n, sizeof s->error.message - n,
                         " (envelope %zu of the stream)", s->count + 1);
            return fail(s, err);
        }
        if (doc == NULL) break; /* everything consumed, envelope not complete yet */
        wsman_doc_parser_free(s->parser);
        s->parser = NULL;
        off += used;
        int rc = deliver(s, doc, err);
        if (rc != 0) return rc;
    }
    return 0;
}

int wsman_stream_finish(wsman_stream *s, wsman_error *err)
{
    if (s == NULL) return -1;
    if (s->failed) return broken(s, err);
    if (s->parser != NULL) {
        wsman_fail(&s->error, WSMAN_E_XML, 0, 0,
                   "stream ends inside envelope %zu (%zu bytes of it received)", s->count + 1,
                   wsman_doc_parser_fed(s->parser));
        return fail(s, err);
    }
    return 0;
}

size_t wsman_stream_count(const wsman_stream *s)
{
    return s != NULL ? s->count : 0;
}

void wsman_stream_free(wsman_stream *s)
{
    if (s == NULL) return;
    wsman_doc_parser_free(s->parser);
    free(s);
}

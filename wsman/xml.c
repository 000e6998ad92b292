/*
 * xml.c - the one way the codec turns bytes into a libxml2 tree.
 *
 * Everything goes through a push parser (xmlCreatePushParserCtxt/xmlParseChunk) for one
 * document, whether the bytes arrive at once (wsman_xml_read) or a few at a time
 * (wsman_stream_*). Our SAX wrappers count element depth and notice when the root element
 * closes; at that moment the parser is stopped, so bytes after the root (the next envelope of
 * a stream) are never seen by it, and the exact end offset tells the stream where the next
 * envelope starts.
 *
 * Safety: XML_PARSE_NONET, never XML_PARSE_NOENT/DTDLOAD/HUGE, and any <!DOCTYPE> stops the
 * parse before its internal subset is read (no entity can be declared, so no entity bomb).
 * Input is UTF-8 only (XML_PARSE_IGNORE_ENC: an encoding declaration cannot switch decoders,
 * which also keeps byte offsets exact). Size and depth caps are ours; libxml2's own depth cap
 * (256 without XML_PARSE_HUGE) stays as a second net. Errors are reported through the
 * context's own structured-error hook, never through libxml2's global handlers.
 *
 * Speed: creating a push parser (its dictionary, input stacks, SAX copy) costs about a tenth of
 * parsing a small envelope, so each thread keeps the context of its last clean parse and resets
 * it for the next one. Only contexts whose document ended normally are kept, and a context is
 * dropped after WSMAN_CTXT_REUSE_MAX parses or once its dictionary of names has grown past
 * WSMAN_CTXT_DICT_MAX, so a peer sending ever new names cannot grow it without bound. Every
 * document is freed on the thread that parsed it, so no other thread reads that dictionary
 * while it grows.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/threads.h>

#include "wsman/wsman_int.h"

/* How much is handed to libxml2 per xmlParseChunk call (it takes an int). */
#define WSMAN_FEED_PIECE 65536u

#define WSMAN_CTXT_REUSE_MAX 1000
#define WSMAN_CTXT_DICT_MAX 2000

/* Where a parse takes its context from and gives it back to: the cache lent to this thread
 * (wsman_parser_cache_lend), else this thread's own, made on first use and freed at the
 * thread's exit. Both behind pthread keys: a __thread variable of a dlopen()ed library is
 * allocated on first use inside glibc, where a failed allocation cannot be reported, and the
 * reference is always dlopen()ed. */
static pthread_key_t idle_key, lent_key;

static pthread_once_t wsman_once = PTHREAD_ONCE_INIT;

/* At a thread's exit: its idle context goes with it. */
static void idle_slot_release(void *p)
{
    wsman_parser_cache_clear(p);
    free(p);
}

void wsman_parser_cache_clear(wsman_parser_cache *c)
{
    if (c->ctxt != NULL) xmlFreeParserCtxt(c->ctxt);
    c->ctxt = NULL;
    c->uses = 0;
}

void wsman_parser_cache_lend(wsman_parser_cache *c)
{
    wsman_init();
    pthread_setspecific(lent_key, c);
}

static void wsman_init_once(void)
{
    /* libxml2 >= 2.9 is thread-safe once its globals are set up; do it exactly once. */
    xmlInitParser();
    pthread_key_create(&idle_key, idle_slot_release);
    pthread_key_create(&lent_key, NULL);
}

void wsman_init(void)
{
    pthread_once(&wsman_once, wsman_init_once);
}

/* libxml2 before 2.12 allocates a thread's copy of its globals on the thread's first use and,
 * when that allocation fails, dereferences the NULL it got (__xmlDefaultBufferSize and the
 * other accessors): a crash inside libxml2 that no caller can prevent afterwards. Asking for
 * the copy first, where a failure can still be reported as out of memory, keeps it out. The
 * main thread uses libxml2's static globals and needs none. */
int wsman_thread_ready(void)
{
    wsman_init();
#if LIBXML_VERSION < 21200
    if (!xmlIsMainThread() && xmlGetGlobalState() == NULL) return -1;
#endif
    return 0;
}

struct wsman_doc_parser {
    xmlParserCtxtPtr ctxt;
    size_t max_bytes;
    unsigned max_depth;
    unsigned depth;
    size_t fed;          /* bytes handed to libxml2 so far */
    int started;         /* a non-whitespace byte was seen */
    int root_closed;
    size_t end_offset;   /* bytes (since the first fed one) up to and including the root's '>' */
    int have_error;
    wsman_error error;   /* the first problem, reported once the chunk returns */
};

static void note_error(wsman_doc_parser *p, wsman_status st, int line, int col,
                       const char *msg)
{
    if (p->have_error) return;
    p->have_error = 1;
    wsman_fail(&p->error, st, line, col, "%s", msg);
    /* libxml2 messages end with (and may contain) newlines; keep the message one line. */
    size_t n = strlen(p->error.message);
    while (n > 0 && (p->error.message[n - 1] == '\n' || p->error.message[n - 1] == '\r'))
        p->error.message[--n] = '\0';
    for (char *c = p->error.message; *c; c++)
        if (*c == '\n' || *c == '\r') *c = ' ';
}

static void on_structured_error(void *user, xmlErrorPtr e)
{
    (void)user;
    if (e == NULL || e->ctxt == NULL) return;
    xmlParserCtxtPtr ctxt = e->ctxt;
    wsman_doc_parser *p = ctxt->_private;
    if (p == NULL || e->level < XML_ERR_ERROR || e->code == XML_ERR_USER_STOP) return;
    wsman_status st = WSMAN_E_XML;
    if (p->depth >= 255 && e->code == XML_ERR_INTERNAL_ERROR) st = WSMAN_E_LIMIT;
    char msg[220];
    snprintf(msg, sizeof msg, "%s%s", st == WSMAN_E_XML ? "not well-formed XML: " : "",
             e->message != NULL ? e->message : "error");
    note_error(p, st, e->line, e->int2, msg);
}

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext,
                               const xmlChar *sys)
{
    (void)name, (void)ext, (void)sys;
    xmlParserCtxtPtr ctxt = ctx;
    wsman_doc_parser *p = ctxt->_private;
    note_error(p, WSMAN_E_XML, ctxt->input ? ctxt->input->line : 0,
               ctxt->input ? ctxt->input->col : 0,
               "a DTD (<!DOCTYPE>) is not allowed in a SOAP envelope");
    xmlStopParser(ctxt);
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces,
                     int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    wsman_doc_parser *p = ctxt->_private;
    if (++p->depth > p->max_depth) {
        char msg[96];
        snprintf(msg, sizeof msg, "elements nested deeper than %u", p->max_depth);
        note_error(p, WSMAN_E_LIMIT, ctxt->input ? ctxt->input->line : 0,
                   ctxt->input ? ctxt->input->col : 0, msg);
        xmlStopParser(ctxt);
        return;
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, URI, nb_namespaces, namespaces,
                          nb_attributes, nb_defaulted, attributes);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *URI)
{
    xmlParserCtxtPtr ctxt = ctx;
    wsman_doc_parser *p = ctxt->_private;
    xmlSAX2EndElementNs(ctx, localname, prefix, URI);
    if (p->depth > 0 && --p->depth == 0) {
        /* The parser sits just past the root's '>'; read the offset before stopping, since
         * stopping resets the input pointers. */
        long consumed = xmlByteConsumed(ctxt);
        p->end_offset = consumed > 0 ? (size_t)consumed : 0;
        p->root_closed = 1;
        xmlStopParser(ctxt);
    }
}

wsman_doc_parser *wsman_doc_parser_new(const wsman_limits *limits)
{
    wsman_init();
    wsman_doc_parser *p = calloc(1, sizeof *p);
    if (p == NULL) return NULL;
    p->max_bytes = limits && limits->max_bytes ? limits->max_bytes : WSMAN_DEFAULT_MAX_BYTES;
    p->max_depth = limits && limits->max_depth ? limits->max_depth : WSMAN_DEFAULT_MAX_DEPTH;
    return p;
}

static xmlParserCtxtPtr new_ctxt(void)
{
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    xmlSAXVersion(&sax, 2);
    sax.internalSubset = on_internal_subset;
    sax.externalSubset = NULL;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.serror = on_structured_error;
    sax.error = NULL;
    sax.warning = NULL;
    sax.fatalError = NULL;
    /* The handler is copied into the context. */
    return xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL);
}

/* This thread's idle context, reset, or a new one. */
static xmlParserCtxtPtr take_ctxt(void)
{
    wsman_parser_cache *slot = pthread_getspecific(lent_key);
    if (slot == NULL) slot = pthread_getspecific(idle_key);
    xmlParserCtxtPtr ctxt = slot != NULL ? slot->ctxt : NULL;
    if (ctxt == NULL) return new_ctxt();
    slot->ctxt = NULL;
    if (xmlCtxtResetPush(ctxt, NULL, 0, NULL, NULL) == 0) return ctxt;
    xmlFreeParserCtxt(ctxt);
    slot->uses = 0;
    return new_ctxt();
}

/* The lent cache, or this thread's slot, made on first use; NULL when it cannot be. */
static wsman_parser_cache *thread_slot(void)
{
    wsman_parser_cache *slot = pthread_getspecific(lent_key);
    if (slot == NULL) slot = pthread_getspecific(idle_key);
    if (slot != NULL) return slot;
    slot = calloc(1, sizeof *slot);
    if (slot != NULL && pthread_setspecific(idle_key, slot) != 0) {
        free(slot);
        slot = NULL;
    }
    return slot;
}

/* Keeps a context whose parse ended cleanly for this thread's next parse, or frees it; a
 * context dropped for its age or its dictionary starts the count again for the next one. */
static void give_back_ctxt(xmlParserCtxtPtr ctxt, int clean)
{
    wsman_parser_cache *slot = clean ? thread_slot() : NULL;
    if (slot == NULL || slot->ctxt != NULL) {
        xmlFreeParserCtxt(ctxt);
        return;
    }
    if (++slot->uses >= WSMAN_CTXT_REUSE_MAX ||
        (ctxt->dict != NULL && xmlDictSize(ctxt->dict) >= WSMAN_CTXT_DICT_MAX)) {
        slot->uses = 0;
        xmlFreeParserCtxt(ctxt);
        return;
    }
    ctxt->_private = NULL;
    slot->ctxt = ctxt;
}

static int start_ctxt(wsman_doc_parser *p)
{
    if (wsman_thread_ready() != 0) return -1;
    p->ctxt = take_ctxt();
    if (p->ctxt == NULL) return -1;
    p->ctxt->_private = p;
    xmlCtxtUseOptions(p->ctxt, XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | XML_PARSE_NOERROR |
                                   XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    /* A context starts from libxml2's process-wide defaults, which other code in the process
     * may have changed (xmlSubstituteEntitiesDefault, xmlLoadExtDtdDefaultValue, ...); state
     * ours explicitly. */
    p->ctxt->replaceEntities = 0;
    p->ctxt->loadsubset = 0;
    p->ctxt->validate = 0;
    p->ctxt->pedantic = 0;
    p->ctxt->keepBlanks = 1;
    return 0;
}

size_t wsman_doc_parser_fed(const wsman_doc_parser *p)
{
    return p != NULL ? p->fed : 0;
}

void wsman_doc_parser_free(wsman_doc_parser *p)
{
    if (p == NULL) return;
    if (p->ctxt != NULL) {
        int clean = p->ctxt->myDoc == NULL && p->root_closed && !p->have_error;
        if (p->ctxt->myDoc != NULL) xmlFreeDoc(p->ctxt->myDoc);
        p->ctxt->myDoc = NULL;
        give_back_ctxt(p->ctxt, clean);
    }
    free(p);
}

static wsman_status parse_error(wsman_doc_parser *p, int rc, wsman_error *err)
{
    if (p->have_error) {
        if (err != NULL) *err = p->error;
        return p->error.status;
    }
    const xmlError *e = &p->ctxt->lastError;
    char msg[200];
    snprintf(msg, sizeof msg, "not well-formed XML: %s", e->message ? e->message : "error");
    note_error(p, WSMAN_E_XML, e->line, e->int2, msg);
    (void)rc;
    if (err != NULL) *err = p->error;
    return WSMAN_E_XML;
}

/* Hands one piece to libxml2; the piece is at most WSMAN_FEED_PIECE bytes. */
static wsman_status feed_piece(wsman_doc_parser *p, const char *data, size_t len, int terminate,
                               wsman_error *err)
{
    if (p->ctxt == NULL && start_ctxt(p) != 0)
        return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory creating the XML parser");
    int rc = xmlParseChunk(p->ctxt, data, (int)len, terminate);
    p->fed += len;
    if (p->have_error || (rc != 0 && rc != XML_ERR_USER_STOP && !p->root_closed))
        return parse_error(p, rc, err);
    return WSMAN_OK;
}

wsman_status wsman_doc_parser_feed(wsman_doc_parser *p, const char *data, size_t len,
                                   int terminate, xmlDocPtr *doc, size_t *used,
                                   wsman_error *err)
{
    *doc = NULL;
    *used = 0;
    size_t off = 0;
    if (p->have_error) return parse_error(p, 0, err);
    /* Whitespace before a document is skipped here, so a stream may separate envelopes with
     * line breaks and an XML declaration may still follow. */
    while (!p->started && off < len && mimodel_is_xml_space((unsigned char)data[off])) off++;
    if (off < len) p->started = 1;
    size_t skip = off;
    size_t base = p->fed; /* offset of data[off] in the parser's input */
    while (off < len && !p->root_closed) {
        size_t room = p->max_bytes > p->fed ? p->max_bytes - p->fed : 0;
        if (room == 0)
            return wsman_fail(err, WSMAN_E_LIMIT, 0, 0,
                              "envelope larger than the limit of %zu bytes", p->max_bytes);
        size_t n = len - off;
        if (n > WSMAN_FEED_PIECE) n = WSMAN_FEED_PIECE;
        if (n > room) n = room;
        wsman_status st = feed_piece(p, data + off, n, 0, err);
        if (st != WSMAN_OK) return st;
        off += n;
    }
    if (!p->root_closed && terminate) {
        if (!p->started)
            return wsman_fail(err, WSMAN_E_XML, 1, 1, "empty input: no XML document");
        wsman_status st = feed_piece(p, NULL, 0, 1, err);
        if (st != WSMAN_OK) return st;
        if (!p->root_closed)
            return wsman_fail(err, WSMAN_E_XML, p->ctxt->input ? p->ctxt->input->line : 0, 0,
                              "input ends before the document's root element is closed");
    }
    if (p->root_closed) {
        *doc = p->ctxt->myDoc;
        p->ctxt->myDoc = NULL;
        /* bytes of `data` up to the root's end: skipped whitespace plus the parsed part */
        *used = skip + (p->end_offset >= base ? p->end_offset - base : 0);
        if (*doc == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "no document built");
    }
    return WSMAN_OK;
}

xmlDocPtr wsman_xml_read(const char *data, size_t len, const wsman_limits *limits,
                         wsman_error *err)
{
    if (data == NULL && len > 0) {
        wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "NULL data");
        return NULL;
    }
    size_t max = limits && limits->max_bytes ? limits->max_bytes : WSMAN_DEFAULT_MAX_BYTES;
    if (len > max) {
        wsman_fail(err, WSMAN_E_LIMIT, 0, 0, "envelope of %zu bytes is larger than the limit of "
                   "%zu bytes", len, max);
        return NULL;
    }
    wsman_doc_parser *p = wsman_doc_parser_new(limits);
    if (p == NULL) {
        wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
        return NULL;
    }
    xmlDocPtr doc = NULL;
    size_t used = 0;
    wsman_status st = wsman_doc_parser_feed(p, data ? data : "", len, 1, &doc, &used, err);
    wsman_doc_parser_free(p);
    if (st != WSMAN_OK) return NULL;
    for (size_t i = used; i < len; i++) {
        if (!mimodel_is_xml_space((unsigned char)data[i])) {
            xmlFreeDoc(doc);
            wsman_fail(err, WSMAN_E_XML, 0, 0,
                       "content after the end of the envelope (at byte %zu)", i);
            return NULL;
        }
    }
    return doc;
}

/*
 * xmlwrite.c - building envelopes as libxml2 trees and serialising them (no XML is ever pasted
 * together as strings: libxml2 escapes every text and attribute).
 *
 * The codec's prefixes (s, wsa, wsman, wsmv, wsmb, xsi, cim, i, xs) are declared on the root,
 * each the first time something uses it, so headers, values and faults anywhere below can use
 * them and a message declares only what it uses. Allocation failures are collected in
 * w->failed and reported once by wsman_writer_finish, which keeps the builders linear.
 */
#include <stdlib.h>
#include <string.h>

#include "wsman/wsman_int.h"

static const struct {
    const char *prefix;
    const char *href;
} prefixes[WSMAN_PFX_COUNT] = {
    [WSMAN_PFX_S] = {"s", WSMAN_NS_SOAP},
    [WSMAN_PFX_WSA] = {"wsa", WSMAN_NS_WSA},
    [WSMAN_PFX_WSMAN] = {"wsman", WSMAN_NS_WSMAN},
    [WSMAN_PFX_WSMV] = {"wsmv", WSMAN_NS_WSMV},
    [WSMAN_PFX_WSMB] = {"wsmb", WSMAN_NS_WSMB},
    [WSMAN_PFX_XSI] = {"xsi", WSMAN_NS_XSI},
    [WSMAN_PFX_CIM] = {"cim", WSMAN_NS_CIM},
    [WSMAN_PFX_I] = {"i", WSMAN_NS_INTERACTIVE},
    [WSMAN_PFX_XS] = {"xs", WSMAN_NS_XS},
};

xmlNsPtr wsman_writer_ns(wsman_writer *w, wsman_prefix prefix)
{
    if (w->ns[prefix] != NULL || w->envelope == NULL) return w->ns[prefix];
    w->ns[prefix] = xmlNewNs(w->envelope, (const xmlChar *)prefixes[prefix].href,
                             (const xmlChar *)prefixes[prefix].prefix);
    if (w->ns[prefix] == NULL) w->failed = 1;
    return w->ns[prefix];
}

void wsman_writer_ns_for_qname(wsman_writer *w, const char *qname)
{
    const char *colon = qname != NULL ? strchr(qname, ':') : NULL;
    if (colon == NULL) return;
    for (int p = 0; p < WSMAN_PFX_COUNT; p++) {
        size_t n = strlen(prefixes[p].prefix);
        if ((size_t)(colon - qname) == n && strncmp(qname, prefixes[p].prefix, n) == 0) {
            wsman_writer_ns(w, (wsman_prefix)p);
            return;
        }
    }
}

wsman_status wsman_writer_begin(wsman_writer *w, int with_header)
{
    memset(w, 0, sizeof *w);
    if (wsman_thread_ready() != 0) return WSMAN_E_NOMEM;
    w->doc = xmlNewDoc((const xmlChar *)"1.0");
    if (w->doc == NULL) return WSMAN_E_NOMEM;
    w->envelope = xmlNewDocNode(w->doc, NULL, (const xmlChar *)"Envelope", NULL);
    if (w->envelope == NULL) {
        xmlFreeDoc(w->doc);
        w->doc = NULL;
        return WSMAN_E_NOMEM;
    }
    xmlDocSetRootElement(w->doc, w->envelope);
    /* Every envelope uses these three; declared first, they open the root as they always did. */
    w->s = wsman_writer_ns(w, WSMAN_PFX_S);
    w->wsa = wsman_writer_ns(w, WSMAN_PFX_WSA);
    w->wsman = wsman_writer_ns(w, WSMAN_PFX_WSMAN);
    xmlSetNs(w->envelope, w->s);
    if (with_header) w->header = wsman_writer_elem(w, w->envelope, w->s, "Header", NULL);
    w->body = NULL; /* created by wsman_writer_finish's callers after the headers */
    if (w->failed) {
        wsman_writer_abort(w);
        return WSMAN_E_NOMEM;
    }
    return WSMAN_OK;
}

xmlNodePtr wsman_writer_elem(wsman_writer *w, xmlNodePtr parent, xmlNsPtr ns, const char *name,
                             const char *text)
{
    if (w->failed || parent == NULL) return NULL;
    /* xmlNewTextChild escapes the text; xmlNewChild would take it as markup. */
    xmlNodePtr n = xmlNewTextChild(parent, ns, (const xmlChar *)name, (const xmlChar *)text);
    if (n == NULL) w->failed = 1;
    return n;
}

void wsman_writer_attr(wsman_writer *w, xmlNodePtr node, xmlNsPtr ns, const char *name,
                       const char *value)
{
    if (w->failed || node == NULL) return;
    xmlAttrPtr a = ns != NULL ? xmlNewNsProp(node, ns, (const xmlChar *)name,
                                             (const xmlChar *)value)
                              : xmlNewProp(node, (const xmlChar *)name, (const xmlChar *)value);
    if (a == NULL) w->failed = 1;
}

xmlNodePtr wsman_writer_header(wsman_writer *w, xmlNsPtr ns, const char *name, const char *text,
                               int must_understand)
{
    xmlNodePtr n = wsman_writer_elem(w, w->header, ns, name, text);
    if (must_understand >= 0)
        wsman_writer_attr(w, n, w->s, "mustUnderstand", must_understand ? "true" : "false");
    return n;
}

void wsman_writer_message_id(wsman_writer *w, const char *message_id)
{
    char *fresh = message_id == NULL ? wsman_new_uuid() : NULL;
    if (message_id == NULL && fresh == NULL) {
        w->failed = 1;
        return;
    }
    wsman_writer_header(w, w->wsa, "MessageID", message_id ? message_id : fresh, -1);
    free(fresh);
}

void wsman_writer_abort(wsman_writer *w)
{
    if (w->doc != NULL) xmlFreeDoc(w->doc);
    memset(w, 0, sizeof *w);
}

wsman_status wsman_writer_finish(wsman_writer *w, char **out, size_t *out_len,
                                 wsman_error *err)
{
    *out = NULL;
    if (out_len) *out_len = 0;
    if (w->failed) {
        wsman_writer_abort(w);
        return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory building the envelope");
    }
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpMemoryEnc(w->doc, &mem, &size, "UTF-8");
    wsman_writer_abort(w);
    if (mem == NULL || size <= 0) {
        xmlFree(mem);
        return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory serialising the envelope");
    }
    /* The API promises a buffer for free(), whatever allocator libxml2 was given. */
    char *copy = malloc((size_t)size + 1);
    if (copy == NULL) {
        xmlFree(mem);
        return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    }
    memcpy(copy, mem, (size_t)size);
    copy[size] = '\0';
    xmlFree(mem);
    *out = copy;
    if (out_len) *out_len = (size_t)size;
    return WSMAN_OK;
}

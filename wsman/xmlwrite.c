/*
 * xmlwrite.c - building envelopes as libxml2 trees and serialising them (no XML is ever pasted
 * together as strings: libxml2 escapes every text and attribute).
 *
 * Every envelope declares the same prefixes on its root (s, wsa, wsman, wsmv, wsmb, xsi, cim,
 * i, xs) so headers, values and faults below can use them. Allocation failures are collected
 * in w->failed and reported once by wsman_writer_finish, which keeps the builders linear.
 */
#include <stdlib.h>
#include <string.h>

#include "wsman/wsman_int.h"

static xmlNsPtr declare(wsman_writer *w, const char *href, const char *prefix)
{
    xmlNsPtr ns = xmlNewNs(w->envelope, (const xmlChar *)href, (const xmlChar *)prefix);
    if (ns == NULL) w->failed = 1;
    return ns;
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
    w->s = declare(w, WSMAN_NS_SOAP, "s");
    w->wsa = declare(w, WSMAN_NS_WSA, "wsa");
    w->wsman = declare(w, WSMAN_NS_WSMAN, "wsman");
    w->wsmv = declare(w, WSMAN_NS_WSMV, "wsmv");
    w->wsmb = declare(w, WSMAN_NS_WSMB, "wsmb");
    w->xsi = declare(w, WSMAN_NS_XSI, "xsi");
    w->cim = declare(w, WSMAN_NS_CIM, "cim");
    w->i = declare(w, WSMAN_NS_INTERACTIVE, "i");
    declare(w, "http://www.w3.org/2001/XMLSchema", "xs"); /* for Option Type="xs:int" */
    xmlSetNs(w->envelope, w->s);
    if (with_header) w->header = wsman_writer_elem(w, w->envelope, w->s, "Header", NULL);
    w->body = NULL; /* created by wsman_writer_finish's callers after the headers */
    return w->failed ? (wsman_writer_abort(w), -1) : 0;
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

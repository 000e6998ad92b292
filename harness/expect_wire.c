/*
 * expect_wire - expectations about what reached the mock server: request counts, headers,
 * XPath over raw request bodies, journal events and their timing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "harness/expect_int.h"
#include "wsman/wsman.h"

void conform_expect_judge_requests(conform_expect_ctx *x)
{
    int n = (int)conform_expect_request_count(x->in);
    if (x->e->min >= 0 && n < x->e->min)
        conform_expect_fail(x, "%d request(s) reached the server, expected at least %d", n,
                            x->e->min);
    if (x->e->max >= 0 && n > x->e->max)
        conform_expect_fail(x, "%d request(s) reached the server, expected at most %d", n,
                            x->e->max);
}

/* ---------------------------------------------------------------- headers */

/* HTTP headers by name; ":method" and ":path" name the request line's parts (WIRE-1). */
static const char *header_value(const mock_event *r, const char *name)
{
    if (strcmp(name, ":method") == 0) return r->http_method;
    if (strcmp(name, ":path") == 0) return r->path;
    for (size_t i = 0; i < r->n_headers; i++)
        if (r->headers[i].name && strcasecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value ? r->headers[i].value : "";
    return NULL;
}

static void header_one(conform_expect_ctx *x, const mock_event *r, unsigned nth)
{
    const conform_case_expect *e = x->e;
    const char *v = header_value(r, e->name);
    if (e->absent) {
        if (v != NULL) conform_expect_fail(x, "request %u carries %s: %s", nth, e->name, v);
        return;
    }
    if (v == NULL) { conform_expect_fail(x, "request %u has no %s header", nth, e->name); return; }
    if (e->equals && strcmp(v, e->equals) != 0)
        conform_expect_fail(x, "request %u: %s: '%s', expected '%s'", nth, e->name, v, e->equals);
    if (e->contains && !conform_expect_contains_nocase(v, e->contains))
        conform_expect_fail(x, "request %u: %s: '%s' does not contain '%s'", nth, e->name, v,
                            e->contains);
}

/* nth 0: every request (at least one); otherwise that one. */
static void for_requests(conform_expect_ctx *x,
                         void (*fn)(conform_expect_ctx *, const mock_event *, unsigned))
{
    unsigned n = (unsigned)conform_expect_request_count(x->in);
    if (x->e->nth == 0) {
        if (n == 0) conform_expect_fail(x, "no request reached the server");
        for (unsigned i = 1; i <= n; i++) fn(x, conform_expect_nth_request(x->in, i), i);
        return;
    }
    const mock_event *r = conform_expect_nth_request(x->in, x->e->nth);
    if (r == NULL) conform_expect_fail(x, "no request #%u (the server got %u)", x->e->nth, n);
    else fn(x, r, x->e->nth);
}

/* ---------------------------------------------------------------- xpath */

static void register_namespaces(xmlXPathContextPtr xc, xmlDocPtr doc)
{
    static const char *const ns[][2] = {
        {"s", WSMAN_NS_SOAP}, {"wsa", WSMAN_NS_WSA}, {"wsman", WSMAN_NS_WSMAN},
        {"wsmv", WSMAN_NS_WSMV}, {"wsmb", WSMAN_NS_WSMB}, {"cim", WSMAN_NS_CIM},
        {"xsi", WSMAN_NS_XSI}, {"i", WSMAN_NS_INTERACTIVE},
    };
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
        xmlXPathRegisterNs(xc, BAD_CAST ns[i][0], BAD_CAST ns[i][1]);
    /* p: the namespace of the body's first element, the resource URI of an _INPUT. */
    xmlXPathObjectPtr o = xmlXPathEvalExpression(
        BAD_CAST "/*[local-name()='Envelope']/*[local-name()='Body']/*[1]", xc);
    if (o && o->nodesetval && o->nodesetval->nodeNr > 0) {
        xmlNodePtr n = o->nodesetval->nodeTab[0];
        if (n->ns && n->ns->href) xmlXPathRegisterNs(xc, BAD_CAST "p", n->ns->href);
    }
    xmlXPathFreeObject(o);
    (void)doc;
}

static int xpath_true(xmlXPathObjectPtr o)
{
    switch (o->type) {
    case XPATH_BOOLEAN: return o->boolval;
    case XPATH_NUMBER: return o->floatval != 0 && o->floatval == o->floatval;
    case XPATH_NODESET: return o->nodesetval && o->nodesetval->nodeNr > 0;
    case XPATH_STRING: return o->stringval && o->stringval[0];
    default: return 0;
    }
}

/* A row's bad expression is reported as the row's failure, not printed by libxml2. */
static void quiet_xpath_error(void *ud, xmlErrorPtr e)
{
    (void)ud;
    (void)e;
}

static void xpath_one(conform_expect_ctx *x, const mock_event *r, unsigned nth)
{
    if (r->body == NULL || r->body_len == 0) {
        conform_expect_fail(x, "request %u has no body for '%s'", nth, x->e->expr);
        return;
    }
    xmlDocPtr doc = xmlReadMemory(r->body, (int)r->body_len, "request.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL) { conform_expect_fail(x, "request %u body is not XML", nth); return; }
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    xmlXPathObjectPtr o = NULL;
    if (xc != NULL) {
        xc->error = quiet_xpath_error;
        register_namespaces(xc, doc);
        o = xmlXPathEvalExpression(BAD_CAST x->e->expr, xc);
    }
    if (o == NULL) conform_expect_fail(x, "'%s' is not a usable XPath expression", x->e->expr);
    else if (!xpath_true(o)) conform_expect_fail(x, "request %u: '%s' is false", nth, x->e->expr);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(xc);
    xmlFreeDoc(doc);
}

/* ---------------------------------------------------------------- journal events */

/* Journal index of the first event of `kind`, or n_journal. */
static size_t first_of_kind(const conform_expect_input *in, const char *kind)
{
    int k = conform_trace_journal_index(kind);
    for (size_t i = 0; i < in->n_journal; i++)
        if ((int)in->journal[i].kind == k) return i;
    return in->n_journal;
}

/* same-operation, other-connection (CAN-7, PSS-1: a side message of the invoke, request 1). */
static int side_message_of_invoke(const conform_case_expect *e, const mock_event *ev,
                                  const mock_event *invoke)
{
    if (e->same_operation &&
        (invoke == NULL || invoke->operation_id == NULL || ev->operation_id == NULL ||
         strcmp(invoke->operation_id, ev->operation_id) != 0))
        return 0;
    return !e->other_connection || (invoke != NULL && ev->connection != invoke->connection);
}

void conform_expect_judge_journal(conform_expect_ctx *x)
{
    const conform_case_expect *e = x->e;
    int kind = conform_trace_journal_index(e->name);
    unsigned op = conform_expect_op_first(x);
    int64_t from = e->within.set ? conform_expect_time_point(x, e->from, op) : 0;
    if (e->within.set && from < 0) {
        conform_expect_fail(x, "no '%s' to count the %s event from", e->from ? e->from : "invoke",
                            e->name);
        return;
    }
    const mock_event *invoke = conform_expect_nth_request(x->in, 1), *found = NULL;
    size_t start = e->after ? first_of_kind(x->in, e->after) : 0;
    if (e->after && start == x->in->n_journal && !e->absent) {
        conform_expect_fail(x, "no %s event in the journal for %s to follow", e->after, e->name);
        return;
    }
    for (size_t i = start; i < x->in->n_journal && found == NULL; i++) {
        const mock_event *ev = &x->in->journal[i];
        if ((int)ev->kind == kind && (int64_t)(x->in->journal_base_us + ev->t_us) >= from &&
            side_message_of_invoke(e, ev, invoke))
            found = ev;
    }
    if (e->absent) {
        if (found) conform_expect_fail(x, "the journal has a %s event, expected none", e->name);
        return;
    }
    if (found == NULL) {
        conform_expect_fail(x, "no %s event in the journal%s%s%s%s%s", e->name,
                            e->within.set ? " after that point" : "",
                            e->after ? " after the " : "", e->after ? e->after : "",
                            e->same_operation ? " with the invoke's OperationID" : "",
                            e->other_connection ? " on another connection" : "");
        return;
    }
    if (!e->within.set) return;
    uint64_t bound = conform_case_bound_us(&e->within, x->in->timeout_scale);
    int64_t at = (int64_t)(x->in->journal_base_us + found->t_us) - from;
    if (at > (int64_t)bound)
        conform_expect_fail(x, "%s after %.3f s, bound %s = %.3f s (from %s)", e->name,
                            (double)at / 1e6, e->within.text, (double)bound / 1e6,
                            e->from ? e->from : "invoke");
}

void conform_expect_judge_header(conform_expect_ctx *x)
{
    for_requests(x, header_one);
}

void conform_expect_judge_xpath(conform_expect_ctx *x)
{
    for_requests(x, xpath_one);
}

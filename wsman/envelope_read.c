/*
 * envelope_read.c - one SOAP envelope into a wsman_envelope: headers, then the body by kind.
 *
 * Tolerance (wsman-invoke.md "What real clients send", "Response"): headers are matched by
 * local name in their own namespace, in the SOAP namespace or in none (default-namespace
 * envelopes); mustUnderstand is read with or without the s: prefix; every header is optional;
 * MessageID is kept as sent. A header that is present but unreadable (OperationTimeout that
 * is not an xs:duration, MaxEnvelopeSize or SequenceId that is not a number) is an error.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wsman/wsman_int.h"

/* A header element matches in its expected namespace, in the SOAP one, or in none. */
static int header_is(const xmlNode *n, const char *ns, const char *local)
{
    if (!wsman_node_is(n, NULL, local)) return 0;
    if (n->ns == NULL || n->ns->href == NULL) return 1;
    const char *href = (const char *)n->ns->href;
    return strcmp(href, ns) == 0 || strcmp(href, WSMAN_NS_SOAP) == 0;
}

/* wsmv headers are also accepted in the DMTF wsman namespace. */
static int wsmv_header_is(const xmlNode *n, const char *local)
{
    return header_is(n, WSMAN_NS_WSMV, local) || header_is(n, WSMAN_NS_WSMAN, local);
}

static int truthy(const char *v)
{
    return v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

static wsman_status text_header(const xmlNode *n, char **slot, wsman_error *err)
{
    free(*slot);
    *slot = wsman_node_text_trimmed(n);
    return *slot ? WSMAN_OK : wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
}

static wsman_status number_header(const xmlNode *n, uint64_t *out, wsman_error *err)
{
    char *t = wsman_node_text_trimmed(n);
    MI_Value v;
    wsman_status st =
        t != NULL ? wsman_status_of(mimodel_value_from_text(t, MI_UINT64, &v)) : WSMAN_E_NOMEM;
    if (st == WSMAN_OK) *out = v.uint64;
    else st = wsman_fail_at(err, WSMAN_E_HEADER, n, "header %s: '%.40s' is not a number",
                            n->name, t ? t : "");
    free(t);
    return st;
}

static wsman_status read_selectors(wsman_envelope *env, const xmlNode *set, wsman_error *err)
{
    size_t n = 0;
    for (xmlNode *c = wsman_first_element(set); c; c = wsman_next_element(c)) n++;
    env->selectors = calloc(n ? n : 1, sizeof *env->selectors);
    if (env->selectors == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    for (xmlNode *c = wsman_first_element(set); c; c = wsman_next_element(c)) {
        if (!wsman_node_is(c, NULL, "Selector")) continue;
        wsman_selector *s = &env->selectors[env->n_selectors++];
        s->name = wsman_attr(c, NULL, "Name");
        const xmlNode *addr = NULL;
        const xmlNode *epr = wsman_child(c, WSMAN_NS_WSA, "EndpointReference");
        addr = wsman_child(epr ? epr : c, WSMAN_NS_WSA, "Address");
        s->value = addr ? wsman_node_text_trimmed(addr) : wsman_node_text(c);
        if (s->name == NULL)
            return wsman_fail_at(err, WSMAN_E_HEADER, c, "Selector without a Name attribute");
        if (s->value == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    }
    return WSMAN_OK;
}

static wsman_status read_options(wsman_envelope *env, const xmlNode *set, wsman_error *err)
{
    size_t n = 0;
    for (xmlNode *c = wsman_first_element(set); c; c = wsman_next_element(c)) n++;
    env->options = calloc(n ? n : 1, sizeof *env->options);
    if (env->options == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    for (xmlNode *c = wsman_first_element(set); c; c = wsman_next_element(c)) {
        if (!wsman_node_is(c, NULL, "Option")) continue;
        wsman_option *o = &env->options[env->n_options++];
        o->name = wsman_attr(c, NULL, "Name");
        o->type = wsman_attr(c, NULL, "Type");
        char *mc = wsman_attr(c, NULL, "MustComply");
        o->must_comply = truthy(mc);
        free(mc);
        o->value = wsman_node_text(c);
        if (o->name == NULL)
            return wsman_fail_at(err, WSMAN_E_HEADER, c, "Option without a Name attribute");
        if (o->value == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    }
    return WSMAN_OK;
}

/* Locale and DataLocale carry the language in xml:lang (text accepted too). */
static wsman_status locale_header(const xmlNode *n, char **slot, wsman_error *err)
{
    free(*slot);
    *slot = wsman_attr(n, "http://www.w3.org/XML/1998/namespace", "lang");
    if (*slot == NULL) *slot = wsman_node_text_trimmed(n);
    return *slot ? WSMAN_OK : wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
}

static wsman_status read_header(wsman_envelope *env, const xmlNode *h, wsman_error *err)
{
    uint64_t num;
    wsman_status st;
    if (header_is(h, WSMAN_NS_WSA, "Action")) return text_header(h, &env->action, err);
    if (header_is(h, WSMAN_NS_WSA, "To")) return text_header(h, &env->to, err);
    if (header_is(h, WSMAN_NS_WSA, "MessageID")) return text_header(h, &env->message_id, err);
    if (header_is(h, WSMAN_NS_WSA, "RelatesTo")) return text_header(h, &env->relates_to, err);
    if (header_is(h, WSMAN_NS_WSA, "ReplyTo")) {
        const xmlNode *a = wsman_child(h, NULL, "Address");
        return a ? text_header(a, &env->reply_to, err) : WSMAN_OK;
    }
    if (header_is(h, WSMAN_NS_WSMAN, "ResourceURI"))
        return text_header(h, &env->resource_uri, err);
    if (header_is(h, WSMAN_NS_WSMAN, "SelectorSet") && env->selectors == NULL)
        return read_selectors(env, h, err);
    if (header_is(h, WSMAN_NS_WSMAN, "OptionSet") && env->options == NULL)
        return read_options(env, h, err);
    if (header_is(h, WSMAN_NS_WSMAN, "OperationTimeout")) {
        char *t = wsman_node_text_trimmed(h);
        env->operation_timeout_ms = t ? wsman_duration_to_ms(t) : -1;
        st = env->operation_timeout_ms < 0
                 ? wsman_fail_at(err, WSMAN_E_HEADER, h, "OperationTimeout '%.40s' is not an "
                                 "xs:duration", t ? t : "")
                 : WSMAN_OK;
        free(t);
        return st;
    }
    if (header_is(h, WSMAN_NS_WSMAN, "MaxEnvelopeSize")) {
        char *mu = wsman_attr(h, "*", "mustUnderstand");
        env->max_envelope_must_understand = truthy(mu);
        free(mu);
        return number_header(h, &env->max_envelope_size, err);
    }
    if (header_is(h, WSMAN_NS_WSMAN, "Locale")) return locale_header(h, &env->locale, err);
    if (wsmv_header_is(h, "DataLocale")) return locale_header(h, &env->data_locale, err);
    if (wsmv_header_is(h, "OperationID")) return text_header(h, &env->operation_id, err);
    if (wsmv_header_is(h, "SequenceId")) {
        st = number_header(h, &num, err);
        if (st == WSMAN_OK && num > INT64_MAX)
            st = wsman_fail_at(err, WSMAN_E_HEADER, h, "SequenceId out of range");
        if (st == WSMAN_OK) env->sequence_id = (int64_t)num;
        return st;
    }
    return WSMAN_OK; /* unknown headers are ignored */
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Which kind of body element this is, given the headers already read. */
static wsman_body_kind classify(const wsman_envelope *env, const xmlNode *b)
{
    const char *name = (const char *)b->name;
    if (wsman_node_is(b, WSMAN_NS_SOAP, "Fault")) return WSMAN_BODY_FAULT;
    if (wsman_node_is(b, WSMAN_NS_INTERACTIVE, "InteractiveEvent"))
        return WSMAN_BODY_INTERACTIVE_EVENT;
    if (wsman_node_is(b, WSMAN_NS_INTERACTIVE, "InteractiveResponse"))
        return WSMAN_BODY_INTERACTIVE_RESPONSE;
    if (ends_with(name, "_INPUT")) return WSMAN_BODY_METHOD;
    if (ends_with(name, "_OUTPUT")) return WSMAN_BODY_OUTPUT;
    /* OMI: <Method> as input (request) and as output (answer). */
    char *method = wsman_envelope_method(env);
    int is_method = method == NULL || strcmp(method, name) == 0;
    free(method);
    if (!is_method) return WSMAN_BODY_OTHER;
    if (env->relates_to != NULL) return WSMAN_BODY_OUTPUT;
    if (env->action != NULL && ends_with(env->action, "Response")) return WSMAN_BODY_OUTPUT;
    return WSMAN_BODY_METHOD;
}

wsman_status wsman_read_fault(const xmlNode *fault, wsman_fault *out, wsman_error *err);
wsman_status wsman_read_event(const xmlNode *ev, wsman_event *out, wsman_error *err);

static wsman_status read_body(wsman_envelope *env, const xmlNode *body, wsman_error *err)
{
    const xmlNode *b = wsman_first_element(body);
    if (b == NULL) {
        env->body_kind = WSMAN_BODY_EMPTY;
        return WSMAN_OK;
    }
    env->body_name = strdup((const char *)b->name);
    env->body_ns = wsman_strdup(b->ns ? (const char *)b->ns->href : NULL);
    if (env->body_name == NULL || (b->ns && env->body_ns == NULL))
        return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    env->body_kind = classify(env, b);
    switch (env->body_kind) {
    case WSMAN_BODY_METHOD:
    case WSMAN_BODY_OUTPUT: return wsman_xml_read_instance(b, env->body_name, &env->params, err);
    case WSMAN_BODY_FAULT: return wsman_read_fault(b, &env->fault, err);
    case WSMAN_BODY_INTERACTIVE_EVENT:
    case WSMAN_BODY_INTERACTIVE_RESPONSE: return wsman_read_event(b, &env->event, err);
    default: return WSMAN_OK;
    }
}

static wsman_status read_envelope(wsman_envelope *env, const xmlNode *root, wsman_error *err)
{
    /* A namespace's href can be NULL: libxml2 (2.9) keeps the namespace when copying its URI
     * fails for want of memory. */
    const char *href = root->ns != NULL ? (const char *)root->ns->href : NULL;
    if (!wsman_node_is(root, NULL, "Envelope") || href == NULL || strcmp(href, WSMAN_NS_SOAP) != 0)
        return wsman_fail_at(err, WSMAN_E_ENVELOPE, root,
                             "root element is {%s}%s, not a SOAP 1.2 Envelope",
                             href != NULL ? href : "", root->name);
    const xmlNode *header = NULL, *body = NULL;
    for (xmlNode *c = wsman_first_element(root); c; c = wsman_next_element(c)) {
        if (wsman_node_is(c, WSMAN_NS_SOAP, "Header") && header == NULL) header = c;
        else if (wsman_node_is(c, WSMAN_NS_SOAP, "Body") && body == NULL) body = c;
        else
            return wsman_fail_at(err, WSMAN_E_ENVELOPE, c, "unexpected element %s in the "
                                 "Envelope", c->name);
    }
    if (body == NULL) return wsman_fail_at(err, WSMAN_E_ENVELOPE, root, "envelope has no s:Body");
    for (xmlNode *h = wsman_first_element(header); h; h = wsman_next_element(h)) {
        wsman_status st = read_header(env, h, err);
        if (st != WSMAN_OK) return st;
    }
    return read_body(env, body, err);
}

wsman_envelope *wsman_envelope_from_doc(xmlDocPtr doc, wsman_error *err)
{
    wsman_envelope *env = calloc(1, sizeof *env);
    if (env == NULL) {
        wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
        return NULL;
    }
    env->operation_timeout_ms = -1;
    env->sequence_id = -1;
    if (read_envelope(env, xmlDocGetRootElement(doc), err) != WSMAN_OK) {
        wsman_envelope_free(env);
        return NULL;
    }
    return env;
}

wsman_envelope *wsman_envelope_parse(const char *data, size_t len, const wsman_limits *limits,
                                     wsman_error *err)
{
    if (err != NULL) memset(err, 0, sizeof *err);
    xmlDocPtr doc = wsman_xml_read(data, len, limits, err);
    if (doc == NULL) return NULL;
    wsman_envelope *env = wsman_envelope_from_doc(doc, err);
    xmlFreeDoc(doc);
    return env;
}

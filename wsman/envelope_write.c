/*
 * envelope_write.c - the Invoke request, its _OUTPUT answer, and the MS-WSMV Cancel, End and
 * InteractiveResponse messages (wsman-invoke.md "Request", "Response", "Cancel and close").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wsman/wsman_int.h"

static char *join(const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *s = malloc(n);
    if (s != NULL) snprintf(s, n, "%s%s%s", a, sep, b);
    return s;
}

static void header_number(wsman_writer *w, xmlNsPtr ns, const char *name, unsigned long long v,
                          int must_understand)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%llu", v);
    wsman_writer_header(w, ns, name, buf, must_understand);
}

static void header_locale(wsman_writer *w, xmlNsPtr ns, const char *name, const char *lang)
{
    xmlNodePtr n = wsman_writer_header(w, ns, name, NULL, 0);
    if (n != NULL) xmlNodeSetLang(n, (const xmlChar *)lang);
}

static void selector_set(wsman_writer *w, const wsman_invoke_request *req)
{
    if (req->namespace_name == NULL && req->n_keys == 0) return;
    xmlNodePtr set = wsman_writer_header(w, w->wsman, "SelectorSet", NULL, -1);
    if (req->namespace_name != NULL) {
        xmlNodePtr s = wsman_writer_elem(w, set, w->wsman, "Selector", req->namespace_name);
        wsman_writer_attr(w, s, NULL, "Name", "__cimnamespace");
    }
    for (size_t i = 0; i < req->n_keys; i++) {
        xmlNodePtr s = wsman_writer_elem(w, set, w->wsman, "Selector", req->keys[i].value);
        wsman_writer_attr(w, s, NULL, "Name", req->keys[i].name);
    }
}

static void option(wsman_writer *w, xmlNodePtr set, const char *name, const char *type,
                   int must_comply, const char *value)
{
    xmlNodePtr o = wsman_writer_elem(w, set, w->wsman, "Option", value);
    wsman_writer_attr(w, o, NULL, "Name", name);
    if (type != NULL) {
        wsman_writer_ns_for_qname(w, type); /* "xs:int" needs xs declared */
        wsman_writer_attr(w, o, NULL, "Type", type);
    }
    if (must_comply >= 0) wsman_writer_attr(w, o, NULL, "MustComply",
                                            must_comply ? "true" : "false");
}

static void option_set(wsman_writer *w, const wsman_invoke_request *req)
{
    if (req->n_options == 0 && req->callback_bits == 0) return;
    xmlNodePtr set = wsman_writer_header(w, w->wsman, "OptionSet", NULL, -1);
    for (size_t i = 0; i < req->n_options; i++)
        option(w, set, req->options[i].name, req->options[i].type, req->options[i].must_comply,
               req->options[i].value ? req->options[i].value : "");
    if (req->callback_bits != 0) {
        char bits[16];
        snprintf(bits, sizeof bits, "%u", req->callback_bits);
        option(w, set, WSMAN_OPTION_CALLBACK_REGISTRATION, "xs:int", -1, bits);
    }
}

/* wsmv:OperationID (mustUnderstand false) + wsmv:SequenceId. */
static void operation_headers(wsman_writer *w, const char *operation_id, int64_t sequence_id)
{
    char *fresh = operation_id == NULL ? wsman_new_uuid() : NULL;
    if (operation_id == NULL && fresh == NULL) {
        w->failed = 1;
        return;
    }
    xmlNsPtr wsmv = wsman_writer_ns(w, WSMAN_PFX_WSMV);
    wsman_writer_header(w, wsmv, "OperationID", operation_id ? operation_id : fresh, 0);
    free(fresh);
    if (sequence_id > 0)
        header_number(w, wsmv, "SequenceId", (unsigned long long)sequence_id, -1);
}

static wsman_status bad_argument(wsman_error *err, const char *what, char **out,
                                 size_t *out_len)
{
    if (out) *out = NULL;
    if (out_len) *out_len = 0;
    return wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "%s", what);
}

static wsman_status begin(wsman_writer *w, wsman_error *err)
{
    if (wsman_writer_begin(w, 1) != WSMAN_OK)
        return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory starting an envelope");
    return WSMAN_OK;
}

wsman_status wsman_write_invoke_request(const wsman_invoke_request *req, char **out, size_t *out_len,
                               wsman_error *err)
{
    if (req == NULL || req->resource_uri == NULL || req->method == NULL || out == NULL)
        return bad_argument(err, "request needs resource_uri and method", out, out_len);
    if (xmlValidateNCName((const xmlChar *)req->method, 0) != 0)
        return bad_argument(err, "method name is not an XML name", out, out_len);
    wsman_writer w;
    if (begin(&w, err) != WSMAN_OK) return WSMAN_E_NOMEM;
    char *action = req->action ? NULL : join(req->resource_uri, "/", req->method);
    char *timeout = req->operation_timeout_ms > 0 ? wsman_ms_to_duration(req->operation_timeout_ms)
                                                  : NULL;
    wsman_writer_header(&w, w.wsa, "To", req->to ? req->to : "", -1);
    wsman_writer_header(&w, w.wsman, "ResourceURI", req->resource_uri, 1);
    xmlNodePtr reply = wsman_writer_header(&w, w.wsa, "ReplyTo", NULL, -1);
    xmlNodePtr addr = wsman_writer_elem(&w, reply, w.wsa, "Address", WSMAN_URI_ANONYMOUS);
    wsman_writer_attr(&w, addr, w.s, "mustUnderstand", "true");
    wsman_writer_header(&w, w.wsa, "Action", req->action ? req->action : action, 1);
    header_number(&w, w.wsman, "MaxEnvelopeSize",
                  req->max_envelope_size ? req->max_envelope_size : WSMAN_DEFAULT_MAX_ENVELOPE, 1);
    wsman_writer_message_id(&w, req->message_id);
    header_locale(&w, w.wsman, "Locale", req->locale ? req->locale : "en-US");
    if (req->data_locale)
        header_locale(&w, wsman_writer_ns(&w, WSMAN_PFX_WSMV), "DataLocale", req->data_locale);
    if (timeout) wsman_writer_header(&w, w.wsman, "OperationTimeout", timeout, -1);
    selector_set(&w, req);
    option_set(&w, req);
    if (req->callback_bits != 0) operation_headers(&w, req->operation_id, 1);
    free(action);
    free(timeout);
    if ((!req->action && !action) || (req->operation_timeout_ms > 0 && !timeout)) w.failed = 1;
    w.body = wsman_writer_elem(&w, w.envelope, w.s, "Body", NULL);
    char *name = join(req->method, "", "_INPUT");
    xmlNodePtr input = name ? wsman_writer_elem(&w, w.body, NULL, name, NULL) : NULL;
    free(name);
    xmlNsPtr p = input ? xmlNewNs(input, (const xmlChar *)req->resource_uri,
                                  (const xmlChar *)"p") : NULL;
    if (p == NULL) w.failed = 1;
    else xmlSetNs(input, p);
    wsman_status st = w.failed ? WSMAN_OK
                               : wsman_xml_write_instance_elements(&w, input, p, req->params,
                                                                   req->typed, 0, err);
    if (st != WSMAN_OK) {
        wsman_writer_abort(&w);
        *out = NULL;
        return st;
    }
    return wsman_writer_finish(&w, out, out_len, err);
}

static const char *output_element_suffix(const wsman_invoke_response *r, const char **base)
{
    switch (r->output_name) {
    case WSMAN_OUTPUT_CLASS_OUTPUT: *base = r->class_name; return "_OUTPUT";
    case WSMAN_OUTPUT_METHOD_ONLY: *base = r->method; return "";
    default: *base = r->method; return "_OUTPUT";
    }
}

wsman_status wsman_write_invoke_response(const wsman_invoke_response *resp, char **out, size_t *out_len,
                                wsman_error *err)
{
    const char *base = NULL;
    if (resp == NULL || resp->resource_uri == NULL || resp->method == NULL || out == NULL)
        return bad_argument(err, "response needs resource_uri and method", out, out_len);
    const char *suffix = output_element_suffix(resp, &base);
    if (base == NULL || xmlValidateNCName((const xmlChar *)base, 0) != 0)
        return bad_argument(err, "output element name (method or class) missing or not an XML "
                            "name", out, out_len);
    wsman_writer w;
    if (begin(&w, err) != WSMAN_OK) return WSMAN_E_NOMEM;
    char *method_action = join(resp->resource_uri, "/", resp->method);
    char *action = method_action && !resp->action_without_response
                       ? join(method_action, "", "Response")
                       : wsman_strdup(method_action);
    wsman_writer_header(&w, w.wsa, "To", WSMAN_URI_ANONYMOUS, -1);
    wsman_writer_header(&w, w.wsa, "Action", action, -1);
    wsman_writer_message_id(&w, resp->message_id);
    if (resp->relates_to) wsman_writer_header(&w, w.wsa, "RelatesTo", resp->relates_to, -1);
    if (resp->operation_id) operation_headers(&w, resp->operation_id, resp->sequence_id);
    if (action == NULL) w.failed = 1;
    free(method_action);
    free(action);
    w.body = wsman_writer_elem(&w, w.envelope, w.s, "Body", NULL);
    char *name = join(base, "", suffix);
    xmlNodePtr output = name ? wsman_writer_elem(&w, w.body, NULL, name, NULL) : NULL;
    free(name);
    xmlNsPtr p = output ? xmlNewNs(output, (const xmlChar *)resp->resource_uri,
                                   (const xmlChar *)"p") : NULL;
    if (p == NULL) w.failed = 1;
    else xmlSetNs(output, p);
    wsman_status st = w.failed ? WSMAN_OK
                               : wsman_xml_write_instance_elements(&w, output, p, resp->outputs,
                                                                   resp->typed, 0, err);
    if (st != WSMAN_OK) {
        wsman_writer_abort(&w);
        *out = NULL;
        return st;
    }
    return wsman_writer_finish(&w, out, out_len, err);
}

/* The FullDuplex messages: Cancel, End, InteractiveResponse. */
static wsman_status full_duplex(wsman_writer *w, const char *to, const char *action,
                                const char *operation_id, int64_t sequence_id, wsman_error *err)
{
    if (begin(w, err) != WSMAN_OK) return WSMAN_E_NOMEM;
    wsman_writer_header(w, w->wsa, "To", to ? to : "", -1);
    wsman_writer_header(w, w->wsman, "ResourceURI", WSMAN_RESOURCE_FULLDUPLEX, 1);
    xmlNodePtr reply = wsman_writer_header(w, w->wsa, "ReplyTo", NULL, -1);
    xmlNodePtr addr = wsman_writer_elem(w, reply, w->wsa, "Address", WSMAN_URI_ANONYMOUS);
    wsman_writer_attr(w, addr, w->s, "mustUnderstand", "true");
    wsman_writer_header(w, w->wsa, "Action", action, 1);
    wsman_writer_message_id(w, NULL);
    operation_headers(w, operation_id, sequence_id);
    w->body = wsman_writer_elem(w, w->envelope, w->s, "Body", NULL);
    return WSMAN_OK;
}

wsman_status wsman_write_cancel(const char *to, const char *operation_id, char **out, size_t *out_len,
                       wsman_error *err)
{
    wsman_writer w;
    if (operation_id == NULL || out == NULL)
        return bad_argument(err, "Cancel needs the operation's OperationID", out, out_len);
    if (full_duplex(&w, to, WSMAN_ACTION_CANCEL, operation_id, 0, err) != WSMAN_OK)
        return WSMAN_E_NOMEM;
    return wsman_writer_finish(&w, out, out_len, err);
}

wsman_status wsman_write_end(const char *to, const char *operation_id, char **out, size_t *out_len,
                    wsman_error *err)
{
    wsman_writer w;
    if (operation_id == NULL || out == NULL)
        return bad_argument(err, "End needs the operation's OperationID", out, out_len);
    if (full_duplex(&w, to, WSMAN_ACTION_END, operation_id, 0, err) != WSMAN_OK)
        return WSMAN_E_NOMEM;
    return wsman_writer_finish(&w, out, out_len, err);
}

wsman_status wsman_write_interactive_response(const char *to, const char *operation_id,
                                     int64_t sequence_id, const char *event_type,
                                     const char *response, char **out, size_t *out_len,
                                     wsman_error *err)
{
    wsman_writer w;
    if (operation_id == NULL || event_type == NULL || response == NULL || out == NULL)
        return bad_argument(err, "InteractiveResponse needs OperationID, event type and "
                            "response", out, out_len);
    if (full_duplex(&w, to, WSMAN_ACTION_INTERACTIVE_RESPONSE, operation_id, sequence_id, err) !=
        WSMAN_OK)
        return WSMAN_E_NOMEM;
    xmlNsPtr i = wsman_writer_ns(&w, WSMAN_PFX_I);
    xmlNodePtr r = wsman_writer_elem(&w, w.body, i, "InteractiveResponse", NULL);
    wsman_writer_elem(&w, r, i, "EventType", event_type);
    wsman_writer_elem(&w, r, i, "Response", response);
    return wsman_writer_finish(&w, out, out_len, err);
}

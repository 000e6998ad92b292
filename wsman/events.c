/*
 * events.c - MS-WSMV i:InteractiveEvent envelopes (streamed output and PowerShell-semantics
 * events) and i:InteractiveResponse bodies, both directions (wsman-invoke.md "Streamed
 * output", "Interactive events").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wsman/wsman_int.h"

static const struct {
    wsman_event_type type;
    const char *text;
} event_names[] = {
    {WSMAN_EVENT_STREAMING_OUTPUT, "StreamingOutput"}, {WSMAN_EVENT_DEBUG, "Debug"},
    {WSMAN_EVENT_WARNING, "Warning"},                  {WSMAN_EVENT_VERBOSE, "Verbose"},
    {WSMAN_EVENT_PROGRESS, "Progress"},                {WSMAN_EVENT_ERROR_ACTION, "ErrorAction"},
    {WSMAN_EVENT_CONFIRM, "Confirm"},                  {WSMAN_EVENT_NO_SEMANTICS, "NoSemantics"},
};

const char *wsman_event_type_name(wsman_event_type type)
{
    for (size_t i = 0; i < sizeof event_names / sizeof event_names[0]; i++)
        if (event_names[i].type == type) return event_names[i].text;
    return NULL;
}

static wsman_event_type event_type_of(const char *text)
{
    for (size_t i = 0; text && i < sizeof event_names / sizeof event_names[0]; i++)
        if (strcmp(event_names[i].text, text) == 0) return event_names[i].type;
    return WSMAN_EVENT_UNKNOWN;
}

/* ---------------------------------------------------------------- reading */

static char *child_text(const xmlNode *ev, const char *name)
{
    const xmlNode *c = wsman_child(ev, WSMAN_NS_INTERACTIVE, name);
    return c ? wsman_node_text_trimmed(c) : NULL;
}

static wsman_status child_u32(const xmlNode *ev, const char *name, MI_Uint32 *out,
                              wsman_error *err)
{
    const xmlNode *c = wsman_child(ev, WSMAN_NS_INTERACTIVE, name);
    if (c == NULL) return WSMAN_OK;
    char *t = wsman_node_text_trimmed(c);
    MI_Value v;
    wsman_status st =
        t != NULL ? wsman_status_of(mimodel_value_from_text(t, MI_UINT32, &v)) : WSMAN_E_NOMEM;
    if (st != WSMAN_OK && t && mimodel_value_from_text(t, MI_SINT32, &v) == MI_RESULT_OK)
        st = WSMAN_OK; /* SecondsRemaining -1 means unknown */
    if (st == WSMAN_OK) *out = v.uint32;
    else wsman_fail_at(err, WSMAN_E_BODY, c, "i:%s '%.30s' is not a number", name, t ? t : "");
    free(t);
    return st;
}

static wsman_status read_streamed_value(const xmlNode *ev, wsman_event *e, wsman_error *err)
{
    const xmlNode *type = wsman_child(ev, WSMAN_NS_INTERACTIVE, "Type");
    const xmlNode *value = wsman_child(ev, WSMAN_NS_INTERACTIVE, "Value");
    int want = -1;
    if (type != NULL) {
        char *t = wsman_node_text_trimmed(type);
        MI_Value v;
        int ok = t && mimodel_value_from_text(t, MI_UINT32, &v) == MI_RESULT_OK &&
                 v.uint32 <= 31 &&
                 mimodel_type_name((MI_Type)v.uint32) != NULL;
        free(t);
        if (!ok) return wsman_fail_at(err, WSMAN_E_BODY, type, "i:Type is not an MI type");
        want = (int)v.uint32;
    }
    if (value == NULL) return wsman_fail_at(err, WSMAN_E_BODY, ev, "StreamingOutput without "
                                            "i:Value");
    size_t n = 0;
    for (xmlNode *c = wsman_first_element(value); c; c = wsman_next_element(c)) n++;
    if (n == 0) return wsman_fail_at(err, WSMAN_E_BODY, value, "i:Value holds no element");
    const xmlNode **nodes = malloc(n * sizeof *nodes);
    if (nodes == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    n = 0;
    for (xmlNode *c = wsman_first_element(value); c; c = wsman_next_element(c)) nodes[n++] = c;
    MI_Uint32 flags;
    MI_Type got;
    wsman_status st = wsman_xml_read_value(nodes, n, want, &e->value, &got, &flags, err);
    free(nodes);
    if (st == WSMAN_OK) {
        e->value_type = got;
        e->has_value_type = 1;
    }
    return st;
}

static wsman_status read_description(const xmlNode *ev, wsman_event *e, wsman_error *err)
{
    const xmlNode *d = wsman_child(ev, WSMAN_NS_INTERACTIVE, "Description");
    if (d == NULL) return WSMAN_OK;
    const xmlNode *inst = wsman_first_element(d);
    if (inst != NULL && e->type == WSMAN_EVENT_ERROR_ACTION)
        return wsman_xml_read_instance(inst, (const char *)inst->name, &e->error_instance, err);
    e->description = wsman_node_text(d);
    return e->description ? WSMAN_OK : wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
}

wsman_status wsman_read_event(const xmlNode *ev, wsman_event *e, wsman_error *err)
{
    e->type_text = child_text(ev, "EventType");
    e->type = event_type_of(e->type_text);
    if (wsman_node_is(ev, NULL, "InteractiveResponse")) {
        e->response = child_text(ev, "Response");
        return WSMAN_OK;
    }
    if (e->type_text == NULL)
        return wsman_fail_at(err, WSMAN_E_BODY, ev, "i:InteractiveEvent without i:EventType");
    e->name = child_text(ev, "Name");
    e->action_type = child_text(ev, "ActionType");
    e->prompt_type = child_text(ev, "PromptType");
    e->activity = child_text(ev, "Activity");
    e->current_operation = child_text(ev, "CurrentOperation");
    e->status_description = child_text(ev, "StatusDescription");
    wsman_status st = child_u32(ev, "PercentComplete", &e->percent_complete, err);
    if (st == WSMAN_OK) st = child_u32(ev, "SecondsRemaining", &e->seconds_remaining, err);
    if (st == WSMAN_OK) st = read_description(ev, e, err);
    if (st == WSMAN_OK && e->type == WSMAN_EVENT_STREAMING_OUTPUT)
        st = read_streamed_value(ev, e, err);
    return st;
}

/* ---------------------------------------------------------------- writing */

static void text_child(wsman_writer *w, xmlNodePtr ev, const char *name, const char *text)
{
    if (text != NULL) wsman_writer_elem(w, ev, wsman_writer_ns(w, WSMAN_PFX_I), name, text);
}

static void number_child(wsman_writer *w, xmlNodePtr ev, const char *name, MI_Uint32 v)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%u", v);
    wsman_writer_elem(w, ev, wsman_writer_ns(w, WSMAN_PFX_I), name, buf);
}

static wsman_status write_streamed(wsman_writer *w, xmlNodePtr ev, const wsman_event_spec *sp,
                                   wsman_error *err)
{
    if (sp->name == NULL || sp->value == NULL)
        return wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "StreamingOutput needs name and value");
    text_child(w, ev, "Name", sp->name);
    number_child(w, ev, "Type", (MI_Uint32)sp->value_type);
    xmlNodePtr value = wsman_writer_elem(w, ev, wsman_writer_ns(w, WSMAN_PFX_I), "Value", NULL);
    const char *uri = sp->resource_uri ? sp->resource_uri : WSMAN_NS_INTERACTIVE;
    xmlNsPtr p = value ? xmlNewNs(value, (const xmlChar *)uri, (const xmlChar *)"p") : NULL;
    if (p == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    return wsman_xml_write_value(w, value, p, sp->name, sp->value, sp->value_type, 0, sp->typed,
                                 0, err);
}

static wsman_status write_event_body(wsman_writer *w, const wsman_event_spec *sp,
                                     wsman_error *err)
{
    const char *type = wsman_event_type_name(sp->type);
    if (type == NULL) return wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "unknown event type");
    xmlNodePtr ev =
        wsman_writer_elem(w, w->body, wsman_writer_ns(w, WSMAN_PFX_I), "InteractiveEvent", NULL);
    text_child(w, ev, "EventType", type);
    switch (sp->type) {
    case WSMAN_EVENT_STREAMING_OUTPUT: return write_streamed(w, ev, sp, err);
    case WSMAN_EVENT_PROGRESS:
        text_child(w, ev, "Activity", sp->activity ? sp->activity : "");
        text_child(w, ev, "CurrentOperation", sp->current_operation ? sp->current_operation : "");
        text_child(w, ev, "StatusDescription",
                   sp->status_description ? sp->status_description : "");
        number_child(w, ev, "PercentComplete", sp->percent_complete);
        number_child(w, ev, "SecondsRemaining", sp->seconds_remaining);
        break;
    case WSMAN_EVENT_ERROR_ACTION: {
        xmlNodePtr d =
            wsman_writer_elem(w, ev, wsman_writer_ns(w, WSMAN_PFX_I), "Description", NULL);
        if (sp->error_instance != NULL &&
            wsman_xml_write_instance_element(w, d, sp->error_instance, 1, err) == NULL)
            return err ? err->status : WSMAN_E_NOMEM;
        text_child(w, ev, "ActionType", sp->action_type ? sp->action_type : "Report");
        break;
    }
    case WSMAN_EVENT_CONFIRM:
        text_child(w, ev, "Description", sp->description ? sp->description : "");
        text_child(w, ev, "PromptType", sp->prompt_type ? sp->prompt_type : "Normal");
        break;
    default: text_child(w, ev, "Description", sp->description ? sp->description : ""); break;
    }
    return w->failed ? wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory") : WSMAN_OK;
}

wsman_status wsman_write_event(const wsman_event_spec *sp, char **out, size_t *out_len,
                      wsman_error *err)
{
    if (out) *out = NULL;
    if (out_len) *out_len = 0;
    if (sp == NULL || out == NULL) {
        return wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "no event");
    }
    wsman_writer w;
    if (wsman_writer_begin(&w, 1) != WSMAN_OK)
        return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    char action[600];
    if (sp->action == NULL)
        snprintf(action, sizeof action, "%s/InteractiveCallback",
                 sp->resource_uri ? sp->resource_uri : "http://schemas.microsoft.com/wbem/wsman/1/wsman");
    wsman_writer_header(&w, w.wsa, "To", WSMAN_URI_ANONYMOUS, -1);
    wsman_writer_header(&w, w.wsa, "Action", sp->action ? sp->action : action, -1);
    wsman_writer_message_id(&w, NULL);
    if (sp->relates_to) wsman_writer_header(&w, w.wsa, "RelatesTo", sp->relates_to, -1);
    if (sp->operation_id)
        wsman_writer_header(&w, wsman_writer_ns(&w, WSMAN_PFX_WSMV), "OperationID",
                            sp->operation_id, 0);
    if (sp->sequence_id > 0) {
        char seq[32];
        snprintf(seq, sizeof seq, "%lld", (long long)sp->sequence_id);
        wsman_writer_header(&w, wsman_writer_ns(&w, WSMAN_PFX_WSMV), "SequenceId", seq, -1);
    }
    w.body = wsman_writer_elem(&w, w.envelope, w.s, "Body", NULL);
    wsman_status st = w.failed ? WSMAN_OK : write_event_body(&w, sp, err);
    if (st != WSMAN_OK) {
        wsman_writer_abort(&w);
        return st;
    }
    return wsman_writer_finish(&w, out, out_len, err);
}

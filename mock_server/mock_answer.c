/*
 * mock_answer - every envelope the server sends, written by the codec (wsman_write_*); the
 * broken answers of `malformed` are real answers reshaped with libxml2, so even those are never
 * hand-written XML.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "mock_server/mock_int.h"
#include "model/mimodel.h"

static const char soap_type[] = WSMAN_CONTENT_TYPE;

void mock_emit_clear(mock_emit *e)
{
    free(e->data);
    memset(e, 0, sizeof *e);
}

static void emit_final(mock_emit *out, unsigned status, char *data, size_t len)
{
    memset(out, 0, sizeof *out);
    out->kind = MOCK_EMIT_FINAL;
    out->status = status;
    out->data = data;
    out->len = len;
    out->content_type = data != NULL ? soap_type : NULL;
}

static wsman_fault_style style_of(const mock_server *srv)
{
    switch (srv->fx->style) {
    case MOCK_STYLE_WINDOWS: return WSMAN_FAULT_WINDOWS;
    case MOCK_STYLE_OMI: return WSMAN_FAULT_OMI;
    default: return WSMAN_FAULT_PLAIN;
    }
}

static int write_fault(const wsman_fault_spec *spec, mock_emit *out)
{
    char *data = NULL;
    size_t len = 0;
    wsman_error err;
    if (wsman_write_fault(spec, &data, &len, &err) != 0) {
        /* The codec could not write it: a bare 500 still tells the client it failed. */
        emit_final(out, 500, NULL, 0);
        return -1;
    }
    emit_final(out, 500, data, len);
    return 0;
}

int mock_answer_fault(const mock_server *srv, const wsman_envelope *req, const char *subcode,
                      const char *detail, MI_Uint32 cim_status, int with_instance,
                      const char *reason, mock_emit *out)
{
    wsman_fault_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.subcode = subcode;
    spec.reason = reason;
    spec.detail = detail;
    /* Windows puts its f:WSManFault (with the numeric code clients such as pywinrm key on)
     * on every fault, also on those that carry no CIM error instance. */
    if (with_instance)
        spec.style = style_of(srv);
    else
        spec.style = srv->fx->style == MOCK_STYLE_WINDOWS ? WSMAN_FAULT_WSMANFAULT
                                                          : WSMAN_FAULT_PLAIN;
    spec.cim_status = cim_status;
    spec.relates_to = req != NULL ? req->message_id : NULL;
    return write_fault(&spec, out);
}

int mock_answer_fault_step(const mock_server *srv, const wsman_envelope *req,
                           const mock_step *st, mock_emit *out)
{
    wsman_fault_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.code = st->code;
    spec.subcode = st->subcode;
    spec.reason = st->reason;
    spec.detail = st->detail;
    spec.style = st->detail_style >= 0 ? (wsman_fault_style)st->detail_style : style_of(srv);
    spec.cim_status = st->has_cim_status ? st->cim_status : 0;
    spec.message = st->message;
    spec.relates_to = req != NULL ? req->message_id : NULL;
    return write_fault(&spec, out);
}

/* ---------------------------------------------------------------- outputs */

/* The received IN element `name`, or -1. */
static int find_input(const mock_run *run, const char *name, MI_Value *v, MI_Type *t,
                      MI_Uint32 *flags)
{
    const MI_Instance *in = run->env->params;
    MI_Uint32 count = 0;
    if (in == NULL || MI_Instance_GetElementCount(in, &count) != MI_RESULT_OK) return -1;
    for (MI_Uint32 i = 0; i < count; i++) {
        const MI_Char *n = NULL;
        if (MI_Instance_GetElementAt(in, i, &n, v, t, flags) == MI_RESULT_OK && n != NULL &&
            strcasecmp(n, name) == 0)
            return 0;
    }
    return -1;
}

/* Texts of the received IN parameter `name`; -1 when absent or NULL. */
static long input_texts(const mock_run *run, const char *name, char ***texts)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 flags = 0;
    *texts = NULL;
    if (find_input(run, name, &v, &t, &flags) != 0 || (flags & MI_FLAG_NULL)) return -1;
    return mock_value_texts_of(&v, t, texts);
}

/* `text` with each {in:X} replaced by the first text of X. malloc'd. */
static char *substitute(const mock_run *run, const char *text)
{
    size_t cap = strlen(text) + 1, len = 0;
    char *out = malloc(cap);
    if (out == NULL) return NULL;
    for (const char *p = text; *p;) {
        const char *end = strncmp(p, "{in:", 4) == 0 ? strchr(p, '}') : NULL;
        const char *piece = p;
        size_t plen = 1;
        char **texts = NULL;
        long n = 0;
        if (end != NULL) {
            char name[128];
            size_t l = (size_t)(end - p - 4);
            snprintf(name, sizeof name, "%.*s", (int)(l < sizeof name ? l : sizeof name - 1), p + 4);
            n = input_texts(run, name, &texts);
            piece = n > 0 ? texts[0] : "";
            plen = strlen(piece);
        }
        if (len + plen + 1 > cap) {
            cap = (len + plen + 1) * 2;
            char *grown = realloc(out, cap);
            if (grown == NULL) { free(out); mock_value_free_texts(texts, n > 0 ? (size_t)n : 0); return NULL; }
            out = grown;
        }
        memcpy(out + len, piece, plen);
        len += plen;
        mock_value_free_texts(texts, n > 0 ? (size_t)n : 0);
        p = end != NULL ? end + 1 : p + 1;
    }
    out[len] = '\0';
    return out;
}

static int add_null(MI_Instance *inst, const char *name, MI_Type t)
{
    return MI_Instance_AddElement(inst, name, NULL, t, MI_FLAG_NULL) == MI_RESULT_OK ? 0 : -1;
}

/* A whole IN array (or scalar) echoed into an output: "{in:X}" alone. */
static int add_echo_whole(const mock_run *run, MI_Instance *inst, const mock_param *p,
                          const char *in_name)
{
    char **texts = NULL;
    long n = input_texts(run, in_name, &texts);
    MI_Type t = p->array ? mock_value_array_type(p->type) : p->type;
    if (n < 0) return add_null(inst, p->name, t);
    int rc = mock_value_add_texts(inst, p->name, p->type, p->array,
                                  (const char *const *)texts, p->array ? (size_t)n : 1);
    mock_value_free_texts(texts, (size_t)n);
    return rc;
}

static int add_output(const mock_run *run, MI_Instance *inst, const mock_output *o)
{
    const mock_param *p = o->param;
    MI_Type t = p->array ? mock_value_array_type(p->type) : p->type;
    if (o->is_null) return add_null(inst, p->name, t);
    if (!o->has_items) {
        size_t l = strlen(o->text);
        if (l > 5 && strncmp(o->text, "{in:", 4) == 0 && strchr(o->text, '}') == o->text + l - 1) {
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)(l - 5), o->text + 4);
            return add_echo_whole(run, inst, p, name);
        }
        char *text = substitute(run, o->text);
        if (text == NULL) return -1;
        const char *one[1] = {text};
        int rc = mock_value_add_texts(inst, p->name, p->type, 0, one, 1);
        free(text);
        return rc;
    }
    char **items = calloc(o->n_items + 1, sizeof *items);
    int rc = items ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < o->n_items; i++)
        if ((items[i] = substitute(run, o->items[i])) == NULL) rc = -1;
    if (rc == 0)
        rc = mock_value_add_texts(inst, p->name, p->type, 1, (const char *const *)items, o->n_items);
    mock_value_free_texts(items, o->n_items);
    return rc;
}

static int add_collected(const mock_run *run, MI_Instance *inst, const mock_step *st)
{
    const mock_method *m = run->method;
    for (size_t i = 0; i < m->n_params; i++) {
        if (run->collected == NULL || run->collected[i] == NULL) continue;
        int scripted = 0;
        for (size_t o = 0; st != NULL && o < st->n_outputs; o++)
            if (st->outputs[o].param == &m->params[i]) scripted = 1;
        if (scripted) continue; /* the return step's own value wins */
        if (mock_value_add_texts(inst, m->params[i].name, m->params[i].type, 1,
                                 (const char *const *)run->collected[i], run->n_collected[i]) != 0)
            return -1;
    }
    return 0;
}

static int build_outputs(const mock_run *run, const mock_step *st, MI_Instance **out)
{
    char cls[300];
    snprintf(cls, sizeof cls, "%s_OUTPUT", run->method->name);
    if (mimodel_instance_new(cls, out) != MI_RESULT_OK) return -1;
    int rc = 0;
    const char *rv = st != NULL && st->value != NULL ? st->value : "0";
    const char *one[1] = {rv};
    if (st != NULL && st->value_null) rc = add_null(*out, "ReturnValue", run->method->return_type);
    else rc = mock_value_add_texts(*out, "ReturnValue", run->method->return_type, 0, one, 1);
    for (size_t i = 0; rc == 0 && st != NULL && i < st->n_outputs; i++)
        rc = add_output(run, *out, &st->outputs[i]);
    if (rc == 0) rc = add_collected(run, *out, st);
    return rc;
}

int mock_answer_output(mock_run *run, const mock_step *st, mock_emit *out)
{
    MI_Instance *outputs = NULL;
    if (build_outputs(run, st, &outputs) != 0) {
        if (outputs) MI_Instance_Delete(outputs);
        return mock_answer_fault(run->srv, run->env, "wsman:InternalError", NULL, 1, 1,
                                 "The fixture's outputs do not fit the received inputs.", out);
    }
    wsman_invoke_response resp;
    memset(&resp, 0, sizeof resp);
    resp.resource_uri = run->env->resource_uri;
    resp.class_name = run->cls->name;
    resp.method = run->method->name;
    resp.relates_to = run->env->message_id;
    resp.action_without_response = !run->method->action_response;
    resp.output_name = run->method->output_name;
    resp.typed = run->srv->fx->typed;
    resp.outputs = outputs;
    if (atomic_load(&run->chunked)) {
        resp.operation_id = run->op_id;
        resp.sequence_id = atomic_fetch_add(&run->next_seq, 1);
    }
    char *data = NULL;
    size_t len = 0;
    wsman_error err;
    int rc = wsman_write_invoke_response(&resp, &data, &len, &err);
    MI_Instance_Delete(outputs);
    if (rc != 0)
        return mock_answer_fault(run->srv, run->env, "wsman:InternalError", NULL, 1, 1,
                                 err.message, out);
    if (run->max_envelope != 0 && len > run->max_envelope) {
        free(data);
        return mock_answer_fault(run->srv, run->env, "wsman:EncodingLimit", "MaxEnvelopeSize", 0,
                                 0, "The answer is larger than MaxEnvelopeSize.", out);
    }
    emit_final(out, 200, data, len);
    return 0;
}

/* ---------------------------------------------------------------- events */

static int error_instance(const mock_run *run, const mock_step *st, MI_Instance **out)
{
    const char *cls = run->srv->fx->style == MOCK_STYLE_OMI       ? "OMI_Error"
                      : run->srv->fx->style == MOCK_STYLE_WINDOWS ? "MSFT_WmiError"
                                                                  : "CIM_Error";
    if (mimodel_instance_new(cls, out) != MI_RESULT_OK) return -1;
    MI_Value v;
    v.uint32 = st->cim_status;
    MI_Instance_AddElement(*out, "CIMStatusCode", &v, MI_UINT32, 0);
    v.string = (MI_Char *)(st->message ? st->message : "scripted error");
    MI_Instance_AddElement(*out, "Message", &v, MI_STRING, 0);
    return 0;
}

static int write_event(mock_run *run, const wsman_event_spec *spec, mock_emit *out)
{
    char *data = NULL;
    size_t len = 0;
    wsman_error err;
    memset(out, 0, sizeof *out);
    if (wsman_write_event(spec, &data, &len, &err) != 0) return -1;
    out->kind = MOCK_EMIT_CHUNK;
    out->status = 200;
    out->data = data;
    out->len = len;
    out->content_type = soap_type;
    (void)run;
    return 0;
}

static void event_spec_base(mock_run *run, wsman_event_spec *spec, wsman_event_type type,
                            int64_t seq)
{
    memset(spec, 0, sizeof *spec);
    spec->type = type;
    spec->resource_uri = run->env->resource_uri;
    spec->relates_to = run->env->message_id;
    spec->operation_id = run->op_id;
    spec->sequence_id = seq;
    spec->typed = 1; /* i:Type states the type anyway; xsi:type keeps the value self-describing */
}

int mock_answer_event(mock_run *run, const mock_step *st, mock_emit *out)
{
    wsman_event_spec spec;
    event_spec_base(run, &spec, st->event_type, atomic_fetch_add(&run->next_seq, 1));
    spec.description = st->message;
    spec.activity = st->activity;
    spec.current_operation = st->current_operation;
    spec.status_description = st->status_description;
    spec.percent_complete = st->percent;
    spec.seconds_remaining = st->seconds;
    spec.action_type = st->inquire ? "Inquire" : "Report";
    spec.prompt_type = st->critical ? "Critical" : "Normal";
    MI_Instance *err_inst = NULL;
    if (st->event_type == WSMAN_EVENT_ERROR_ACTION && error_instance(run, st, &err_inst) != 0)
        return -1;
    spec.error_instance = err_inst;
    int rc = write_event(run, &spec, out);
    if (err_inst) MI_Instance_Delete(err_inst);
    return rc;
}

int mock_answer_stream_event(mock_run *run, const mock_param *p, const char *const *texts,
                             size_t n, int64_t seq, mock_emit *out)
{
    wsman_event_spec spec;
    event_spec_base(run, &spec, WSMAN_EVENT_STREAMING_OUTPUT, seq);
    int batch = n > 1;
    MI_Type t = batch ? mock_value_array_type(p->type) : p->type;
    MI_Value v;
    if (mock_value_from_texts(p->type, batch, texts, n, &v) != 0) return -1;
    spec.name = p->name;
    spec.value_type = t;
    spec.value = &v;
    spec.typed = run->srv->fx->typed;
    int rc = write_event(run, &spec, out);
    mimodel_value_clear(&v, t);
    return rc;
}

/* ---------------------------------------------------------------- malformed answers */

static xmlNodePtr first_elem(xmlNodePtr n)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) return c;
    return NULL;
}

static xmlNodePtr child_named(xmlNodePtr n, const char *local)
{
    for (xmlNodePtr c = first_elem(n); c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, local) == 0) return c;
    return NULL;
}

/* Reshapes a real answer: drops the body, renames its element, or makes it the root. */
static int reshape(mock_malformed_kind kind, mock_emit *e)
{
    xmlDocPtr doc = xmlReadMemory(e->data, (int)e->len, NULL, NULL, XML_PARSE_NONET);
    if (doc == NULL) return -1;
    xmlNodePtr env = xmlDocGetRootElement(doc);
    xmlNodePtr body = child_named(env, "Body");
    xmlNodePtr payload = first_elem(body);
    if (body == NULL || payload == NULL) { xmlFreeDoc(doc); return -1; }
    if (kind == MOCK_MALFORMED_NO_BODY) {
        xmlUnlinkNode(body);
        xmlFreeNode(body);
    } else if (kind == MOCK_MALFORMED_WRONG_BODY_NAME) {
        xmlNodeSetName(payload, (const xmlChar *)"UnexpectedAnswer");
    } else { /* not-envelope: the payload, with its namespaces, becomes the document */
        xmlDocPtr other = xmlNewDoc((const xmlChar *)"1.0");
        xmlNodePtr copy = other ? xmlDocCopyNode(payload, other, 1) : NULL;
        if (copy == NULL) { xmlFreeDoc(other); xmlFreeDoc(doc); return -1; }
        xmlDocSetRootElement(other, copy);
        xmlFreeDoc(doc);
        doc = other;
    }
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
    xmlFreeDoc(doc);
    if (mem == NULL) return -1;
    free(e->data);
    e->data = malloc((size_t)size + 1);
    if (e->data != NULL) memcpy(e->data, mem, (size_t)size + 1);
    e->len = e->data ? (size_t)size : 0;
    xmlFree(mem);
    return e->data ? 0 : -1;
}

int mock_answer_malformed(mock_run *run, mock_malformed_kind kind, mock_emit *out)
{
    if (kind == MOCK_MALFORMED_NOT_XML) {
        static const char junk[] = "this is not XML <<< \x01\x02 &&& </s:Envelope";
        char *d = malloc(sizeof junk);
        if (d == NULL) return -1;
        memcpy(d, junk, sizeof junk);
        emit_final(out, 200, d, sizeof junk - 1);
        return 0;
    }
    if (mock_answer_output(run, NULL, out) != 0 || out->status != 200) return -1;
    if (kind == MOCK_MALFORMED_TRUNCATED_XML) {
        out->len /= 2;
        out->data[out->len] = '\0';
        return 0;
    }
    return reshape(kind, out);
}

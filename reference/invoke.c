/*
 * invoke.c - request building (see invoke.h). Facts: shared/reference/wsman-invoke.md
 * "Request"; clauses STA, INS, PAR, NS, OPT, WIRE of mi-api.md section 3.
 */
#include "reference/invoke.h"

#include "model/mimodel.h"
#include "reference/mutants.h"
#include "reference/options.h"
#include "reference/session.h"
#include "wsman/wsman.h"

#include <stdlib.h>
#include <string.h>

int64_t miref_interval_ms(const MI_Interval *iv)
{
    return (int64_t)iv->days * 86400000 + (int64_t)iv->hours * 3600000 +
           (int64_t)iv->minutes * 60000 + (int64_t)iv->seconds * 1000 +
           iv->microseconds / 1000;
}

unsigned miref_invoke_callback_bits(const MI_OperationCallbacks *cb)
{
    if (cb == NULL) return 0;
    unsigned bits = 0;
    if (cb->writeMessage != NULL) bits |= WSMAN_CALLBACK_MESSAGES;
    if (cb->writeError != NULL) bits |= WSMAN_CALLBACK_ERRORS;
    if (cb->streamedParameterResult != NULL) bits |= WSMAN_CALLBACK_STREAMING;
    if (cb->writeProgress != NULL) bits |= WSMAN_CALLBACK_PROGRESS;
#ifdef MIREF_MUTANT_WIRE_REG_BIT_MISSING
    bits &= ~(unsigned)WSMAN_CALLBACK_PROGRESS; /* mutant: progress is never asked for */
#endif
    if (cb->promptUser != NULL) bits |= WSMAN_CALLBACK_PROMPTS;
    return bits;
}

/* A namespace that names a computer ("//host/root", "\\host\root") is rejected (NS-3): the
 * destination says where to go, not the namespace. Backslashes become '/' (NS-4). */
MI_Result miref_invoke_namespace(const char *in, char **out)
{
    *out = NULL;
    if (in == NULL) return MI_RESULT_OK;
    char *ns = strdup(in);
    if (ns == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
#ifndef MIREF_MUTANT_NS_NOT_NORMALISED
    for (char *p = ns; *p != '\0'; p++)
        if (*p == '\\') *p = '/';
#endif
    if ((ns[0] == '/' && ns[1] == '/') || (ns[0] == '\\' && ns[1] == '\\') || ns[0] == '\0') {
        free(ns);
        return MI_RESULT_INVALID_PARAMETER;
    }
    *out = ns;
    return MI_RESULT_OK;
}

/* Text of a scalar for a selector or an option; NULL for types that have no text form. */
static char *scalar_text(const MI_Value *v, MI_Type type)
{
    if (type == MI_DATETIME) return mimodel_datetime_to_text(&v->datetime);
    if ((type & MI_ARRAY) || type == MI_INSTANCE || type == MI_REFERENCE) return NULL;
    if (type == MI_STRING) return v->string != NULL ? strdup(v->string) : NULL;
    return mimodel_value_to_text(v, type);
}

static const char *xs_type(MI_Type type, const MI_Value *v)
{
    switch (type) {
    case MI_BOOLEAN: return "xs:boolean";
    case MI_UINT8: return "xs:unsignedByte";
    case MI_SINT8: return "xs:byte";
    case MI_UINT16: case MI_CHAR16: return "xs:unsignedShort";
    case MI_SINT16: return "xs:short";
    case MI_UINT32: return "xs:unsignedInt";
    case MI_SINT32: return "xs:int";
    case MI_UINT64: return "xs:unsignedLong";
    case MI_SINT64: return "xs:long";
    case MI_REAL32: return "xs:float";
    case MI_REAL64: return "xs:double";
    case MI_DATETIME: return v->datetime.isTimestamp ? "xs:dateTime" : "xs:duration";
    case MI_STRING: return "xs:string";
    default: return NULL;
    }
}

/* ---------------------------------------------------------------- growing arrays */

typedef struct sel_list {
    wsman_selector *items;
    size_t n;
} sel_list;

static void sel_list_clear(sel_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].name);
        free(l->items[i].value);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* Takes over value. */
static int sel_list_add(sel_list *l, const char *name, char *value)
{
    wsman_selector *p = realloc(l->items, (l->n + 1) * sizeof *p);
    char *n = strdup(name);
    if (p == NULL || n == NULL) {
        if (p != NULL) l->items = p;
        free(n);
        free(value);
        return -1;
    }
    l->items = p;
    p[l->n].name = n;
    p[l->n].value = value;
    l->n++;
    return 0;
}

typedef struct opt_list {
    wsman_option *items;
    size_t n;
} opt_list;

static void opt_list_clear(opt_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].name);
        free(l->items[i].value);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* ---------------------------------------------------------------- pieces of the request */

/* INS-1: key-flagged properties of the inbound instance become selectors, nothing else. */
static MI_Result add_key_selectors(sel_list *sel, const MI_Instance *inst, const char **why)
{
    MI_Uint32 count = 0;
    if (MI_Instance_GetElementCount(inst, &count) != MI_RESULT_OK) {
        *why = "the inbound instance cannot be read";
        return MI_RESULT_INVALID_PARAMETER;
    }
    for (MI_Uint32 i = 0; i < count; i++) {
        const MI_Char *name;
        MI_Value v;
        MI_Type type;
        MI_Uint32 flags = 0;
        if (MI_Instance_GetElementAt(inst, i, &name, &v, &type, &flags) != MI_RESULT_OK) continue;
        int is_key = (flags & MI_FLAG_KEY) != 0;
#ifdef MIREF_MUTANT_INS_NONKEY_SELECTORS
        is_key = 1; /* mutant: every property becomes a selector */
#endif
#ifdef MIREF_MUTANT_INS_KEYS_DROPPED
        is_key = 0; /* mutant: the keys are lost */
#endif
        if (!is_key) continue;
        if (flags & MI_FLAG_NULL) {
            *why = "a key property of the inbound instance is NULL";
            return MI_RESULT_INVALID_PARAMETER;
        }
        char *text = scalar_text(&v, type);
        if (text == NULL) {
            *why = "a key property has a type that cannot be a selector";
            return MI_RESULT_INVALID_PARAMETER;
        }
        if (sel_list_add(sel, name, text) != 0) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    }
    return MI_RESULT_OK;
}

/* OPT-3: every option whose name does not start with "__MI_" goes to the wire. */
static MI_Result add_custom_options(opt_list *ol, MI_OperationOptions *options, const char **why)
{
    MI_Uint32 cursor = 0;
    const MI_Char *name;
    MI_Type type;
    const MI_Value *value;
    MI_Boolean must;
    while (miref_opopt_next_custom(options, &cursor, &name, &type, &value, &must)) {
        const char *xs = xs_type(type, value);
        char *text = xs != NULL ? scalar_text(value, type) : NULL;
        wsman_option *p = realloc(ol->items, (ol->n + 1) * sizeof *p);
        if (p != NULL) ol->items = p;
        if (text == NULL || p == NULL) {
            free(text);
            *why = "a custom option has a type that cannot be sent";
            return p == NULL ? MI_RESULT_SERVER_LIMITS_EXCEEDED : MI_RESULT_INVALID_PARAMETER;
        }
        p[ol->n].name = strdup(name);
        p[ol->n].type = (char *)xs;
        p[ol->n].must_comply = must ? 1 : 0;
        p[ol->n].value = text;
        ol->n++;
    }
    return MI_RESULT_OK;
}

/* OPT-4: RESOURCE_URI replaces everything; RESOURCE_URI_PREFIX replaces the DMTF prefix. */
static char *resource_uri(MI_OperationOptions *options, const char *class_name)
{
    const char *uri = options != NULL ? miref_opopt_string(options, MI_OPERATIONOPTIONS_RESOURCE_URI)
                                      : NULL;
    if (uri != NULL) return strdup(uri);
    const char *prefix =
        options != NULL ? miref_opopt_string(options, MI_OPERATIONOPTIONS_RESOURCE_URI_PREFIX)
                        : NULL;
    if (prefix == NULL) prefix = WSMAN_URI_DMTF_CLASS_PREFIX;
    size_t pl = strlen(prefix), cl = strlen(class_name);
    int slash = pl > 0 && prefix[pl - 1] != '/';
    char *out = malloc(pl + slash + cl + 1);
    if (out == NULL) return NULL;
    memcpy(out, prefix, pl);
    if (slash) out[pl] = '/';
    memcpy(out + pl + slash, class_name, cl + 1);
    return out;
}

static char *last_segment(const char *uri)
{
    const char *s = strrchr(uri, '/');
    return strdup(s != NULL ? s + 1 : uri);
}

static int64_t timeout_ms(const struct miref_session *s, MI_OperationOptions *options)
{
    MI_Interval iv;
    if (options != NULL && miref_opopt_interval(options, MI_OPERATIONOPTIONS_TIMEOUT, &iv) == 0)
        return miref_interval_ms(&iv);
    return s->default_timeout_ms;
}

/* Parameters as sent (PAR-1). Returns the instance to send (the caller's, or a mutated copy
 * to free in *owned). */
static const MI_Instance *params_to_send(const MI_Instance *in, MI_Instance **owned)
{
    *owned = NULL;
#ifdef MIREF_MUTANT_PAR_LAST_DROPPED
    MI_Uint32 n = 0;
    if (in != NULL && MI_Instance_GetElementCount(in, &n) == MI_RESULT_OK && n > 0 &&
        MI_Instance_Clone(in, owned) == MI_RESULT_OK) {
        MI_Instance_ClearElementAt(*owned, n - 1); /* mutant: the last parameter is lost */
        return *owned;
    }
#endif
    return in;
}

/* ---------------------------------------------------------------- the whole request */

typedef struct build_state {
    char *ns, *uri;
    sel_list keys;
    opt_list opts;
    MI_Instance *params_copy;
} build_state;

static void build_state_clear(build_state *b)
{
    free(b->ns);
    free(b->uri);
    sel_list_clear(&b->keys);
    opt_list_clear(&b->opts);
    if (b->params_copy != NULL) MI_Instance_Delete(b->params_copy);
}

static MI_Result check_args(const miref_invoke_args *a, const char **method, const char **cls,
                            const char **why)
{
    *method = a->method;
    if (*method == NULL) {
        *why = "methodName is NULL"; /* VAL-2 */
#ifdef MIREF_MUTANT_VAL_NULL_METHOD_NOT_FOUND
        return MI_RESULT_METHOD_NOT_FOUND; /* mutant: reported like an unknown method */
#endif
        return MI_RESULT_INVALID_PARAMETER;
    }
    *cls = a->class_name;
    /* INS-2: with an inbound instance its class names the resource, className is ignored. */
    if (a->inbound_instance != NULL &&
        MI_Instance_GetClassName(a->inbound_instance, cls) != MI_RESULT_OK) {
        *why = "the inbound instance has no class name";
        return MI_RESULT_INVALID_PARAMETER;
    }
    if (*cls == NULL || (*cls)[0] == '\0') {
        *why = "neither className nor inboundInstance names a class"; /* STA-2 */
        return MI_RESULT_INVALID_PARAMETER;
    }
    return MI_RESULT_OK;
}

static MI_Result fill_request(const struct miref_session *s, const miref_invoke_args *a,
                              build_state *b, const char *method, miref_request *out,
                              const char **why)
{
    MI_Instance *pc = NULL;
    wsman_invoke_request req;
    memset(&req, 0, sizeof req);
    req.to = s->endpoint.url;
    req.resource_uri = b->uri;
    req.method = method;
    req.namespace_name = b->ns;
    req.keys = b->keys.items;
    req.n_keys = b->keys.n;
    req.params = params_to_send(a->inbound_properties, &pc);
    b->params_copy = pc;
    req.operation_timeout_ms = out->timeout_ms;
#ifdef MIREF_MUTANT_OPT_TIMEOUT_NOT_SENT
    req.operation_timeout_ms = 0; /* mutant: enforced but never sent */
#endif
    req.max_envelope_size = s->max_envelope_bytes;
    req.locale = s->locale;
    req.data_locale = s->data_locale;
    req.options = b->opts.items;
    req.n_options = b->opts.n;
    req.callback_bits = out->callback_bits;
    req.operation_id = out->operation_id;
    wsman_error err;
    memset(&err, 0, sizeof err);
    if (wsman_write_invoke_request(&req, &out->body, &out->len, &err) != 0) {
        *why = err.status == WSMAN_E_NOMEM ? "out of memory"
                                            : "a parameter cannot be written to the request";
        return err.status == WSMAN_E_NOMEM ? MI_RESULT_SERVER_LIMITS_EXCEEDED
                                            : MI_RESULT_INVALID_PARAMETER;
    }
    return MI_RESULT_OK;
}

static MI_Result build(const struct miref_session *s, const miref_invoke_args *a, build_state *b,
                       miref_request *out, const char **why)
{
    const char *method, *cls;
    MI_Result r = check_args(a, &method, &cls, why);
    if (r != MI_RESULT_OK) return r;
    if ((r = miref_invoke_namespace(a->namespace_name, &b->ns)) != MI_RESULT_OK) {
        *why = "the namespace names a computer or is empty"; /* NS-3 */
        return r;
    }
#ifdef MIREF_MUTANT_NS_ALWAYS_SENT
    if (b->ns == NULL) b->ns = strdup("root/cimv2"); /* mutant: the server may not choose */
#endif
    MI_OperationOptions *opts = miref_options_is(a->options) ? a->options : NULL;
    if ((b->uri = resource_uri(opts, cls)) == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    if (a->inbound_instance != NULL &&
        (r = add_key_selectors(&b->keys, a->inbound_instance, why)) != MI_RESULT_OK)
        return r;
#ifdef MIREF_MUTANT_STA_KEYS_FOR_STATIC
    if (a->inbound_instance == NULL) sel_list_add(&b->keys, "Name", strdup(cls)); /* mutant */
#endif
    if (opts != NULL && (r = add_custom_options(&b->opts, opts, why)) != MI_RESULT_OK) return r;
    out->timeout_ms = timeout_ms(s, opts);
    out->callback_bits = miref_invoke_callback_bits(a->callbacks);
    if (out->callback_bits != 0 && (out->operation_id = wsman_new_uuid()) == NULL)
        return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    out->expect.method = strdup(method);
    out->expect.class_name = strdup(cls);
    out->expect.uri_class = last_segment(b->uri);
    if (out->expect.method == NULL || out->expect.class_name == NULL ||
        out->expect.uri_class == NULL)
        return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    return fill_request(s, a, b, method, out, why);
}

MI_Result miref_invoke_build(const struct miref_session *s, const miref_invoke_args *a,
                             miref_request *out, const char **why)
{
    memset(out, 0, sizeof *out);
    *why = "out of memory";
    build_state b;
    memset(&b, 0, sizeof b);
    MI_Result r = build(s, a, &b, out, why);
    build_state_clear(&b);
    if (r != MI_RESULT_OK) miref_request_clear(out);
    return r;
}

void miref_request_clear(miref_request *r)
{
    free(r->body);
    free(r->operation_id);
    free(r->expect.method);
    free(r->expect.class_name);
    free(r->expect.uri_class);
    memset(r, 0, sizeof *r);
}

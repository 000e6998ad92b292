/*
 * mock_fixture - reads a fixture: XSD validation first (kit_xml, against the fixtures/fixture.xsd
 * compiled into the mock), then the checks a schema cannot make (a step names an existing
 * streamed parameter, a value fits its type, the default namespace exists...). Every error is
 * "file:line: problem". The model it builds is read-only while the server runs, except each
 * method's call counter.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "kit/xml_load.h"
#include "mock_server/mock_int.h"
#include "model/mimodel.h"

typedef struct loader {
    const char *path;
    char *errbuf;
    size_t errlen;
    int failed;
    mock_fixture *fx;
} loader;

static int fail(loader *ld, const xmlNode *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(loader *ld, const xmlNode *node, const char *fmt, ...)
{
    if (ld->failed) return -1;
    ld->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    kit_xml_vproblem(ld->errbuf, ld->errlen, ld->path, node ? xmlGetLineNo(node) : 0L, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---------------------------------------------------------------- XML helpers */

static int type_attr(loader *ld, const xmlNode *n, const char *name, const char *dflt,
                     MI_Type *out)
{
    char *v = kit_xml_attr(n, name);
    const char *t = v ? v : dflt;
    int rc = t != NULL ? mock_value_type_from_name(t, out) : -1;
    if (rc != 0) fail(ld, n, "missing or unknown type '%s'", t ? t : "");
    free(v);
    return rc;
}

/* ---------------------------------------------------------------- XSD validation */

static int validate_schema(loader *ld, xmlDocPtr doc)
{
    size_t len = 0;
    const char *xsd = mock_fixture_schema_text(&len);
    xmlSchemaPtr schema = kit_xml_schema_memory(xsd, len, "fixtures/fixture.xsd", ld->errbuf,
                                                ld->errlen);
    int rc = schema != NULL ? kit_xml_validate(schema, doc, ld->errbuf, ld->errlen) : -1;
    xmlSchemaFree(schema);
    ld->failed = rc != 0;
    return rc;
}

/* ---------------------------------------------------------------- lookups */

const mock_namespace *mock_fixture_namespace(const mock_fixture *fx, const char *name)
{
    for (size_t i = 0; i < fx->n_namespaces; i++)
        if (strcasecmp(fx->namespaces[i].name, name) == 0) return &fx->namespaces[i];
    return NULL;
}

const mock_class *mock_fixture_class(const mock_namespace *ns, const char *name)
{
    for (size_t i = 0; i < ns->n_classes; i++)
        if (strcasecmp(ns->classes[i].name, name) == 0) return &ns->classes[i];
    return NULL;
}

const mock_method *mock_fixture_method(const mock_class *cls, const char *name)
{
    for (size_t i = 0; i < cls->n_methods; i++)
        if (strcasecmp(cls->methods[i].name, name) == 0) return &cls->methods[i];
    return NULL;
}

const mock_param *mock_fixture_param(const mock_method *m, const char *name)
{
    for (size_t i = 0; i < m->n_params; i++)
        if (strcasecmp(m->params[i].name, name) == 0) return &m->params[i];
    return NULL;
}

const mock_key *mock_fixture_key(const mock_class *cls, const char *name)
{
    for (size_t i = 0; i < cls->n_keys; i++)
        if (strcasecmp(cls->keys[i].name, name) == 0) return &cls->keys[i];
    return NULL;
}

/* ---------------------------------------------------------------- steps */

static const struct { const char *name; mock_step_kind kind; } step_names[] = {
    {"return", MOCK_STEP_RETURN},       {"stream", MOCK_STEP_STREAM},
    {"event", MOCK_STEP_EVENT},         {"delay", MOCK_STEP_DELAY},
    {"hang", MOCK_STEP_HANG},           {"fault", MOCK_STEP_FAULT},
    {"http-status", MOCK_STEP_HTTP_STATUS}, {"drop", MOCK_STEP_DROP},
    {"truncate", MOCK_STEP_TRUNCATE},   {"malformed", MOCK_STEP_MALFORMED},
    {"slow", MOCK_STEP_SLOW},
};

static int find_step_kind(const xmlNode *n, mock_step_kind *kind)
{
    for (size_t i = 0; i < sizeof step_names / sizeof step_names[0]; i++)
        if (kit_xml_is(n, step_names[i].name)) { *kind = step_names[i].kind; return 0; }
    return -1;
}

static int check_text(loader *ld, const xmlNode *n, const char *text, MI_Type t, const char *what)
{
    if (strstr(text, "{in:") != NULL) return 0; /* checked when the call arrives */
    if (t == MI_INSTANCE || t == MI_REFERENCE)
        return fail(ld, n, "%s: values of type %s cannot be scripted as text", what,
                    t == MI_INSTANCE ? "instance" : "reference");
    if (mock_value_text_ok(text, t) != 0)
        return fail(ld, n, "%s: '%s' is not a valid %s", what, text, mimodel_type_name(t));
    return 0;
}

static int check_echo(loader *ld, const xmlNode *n, const mock_method *m, const char *text)
{
    for (const char *p = strstr(text, "{in:"); p; p = strstr(p + 1, "{in:")) {
        const char *end = strchr(p, '}');
        if (end == NULL) return fail(ld, n, "unterminated {in:...} in '%s'", text);
        char name[128];
        size_t l = (size_t)(end - p - 4);
        if (l >= sizeof name) return fail(ld, n, "parameter name too long in '%s'", text);
        memcpy(name, p + 4, l);
        name[l] = '\0';
        const mock_param *ip = mock_fixture_param(m, name);
        if (ip == NULL || !ip->in)
            return fail(ld, n, "{in:%s} names no IN parameter of method %s", name, m->name);
    }
    return 0;
}

static int load_output(loader *ld, const xmlNode *n, const mock_method *m, mock_output *o)
{
    o->name = kit_xml_attr(n, "name");
    o->param = mock_fixture_param(m, o->name);
    if (o->param == NULL || !o->param->out)
        return fail(ld, n, "output '%s' is not an OUT parameter of method %s", o->name, m->name);
    o->is_null = kit_xml_attr_bool(n, "null", 0);
    size_t n_items = kit_xml_count(n, "item");
    if (n_items != 0 || (o->param->array && !o->is_null && xmlFirstElementChild((xmlNode *)n))) {
        o->has_items = 1;
        o->items = calloc(n_items ? n_items : 1, sizeof *o->items);
        for (const xmlNode *c = n->children; c; c = c->next) {
            if (!kit_xml_is(c, "item")) continue;
            o->items[o->n_items] = kit_xml_text(c);
            if (check_text(ld, c, o->items[o->n_items], o->param->type, "item") != 0 ||
                check_echo(ld, c, m, o->items[o->n_items]) != 0) { o->n_items++; return -1; }
            o->n_items++;
        }
        if (!o->param->array) return fail(ld, n, "output '%s' is not an array", o->name);
        return 0;
    }
    o->text = kit_xml_text(n);
    if (o->is_null) return 0;
    if (check_echo(ld, n, m, o->text) != 0) return -1;
    if (o->param->array && strstr(o->text, "{in:") == NULL)
        return fail(ld, n, "array output '%s' takes <item> children or {in:Name}", o->name);
    return check_text(ld, n, o->text, o->param->type, o->name);
}

static int load_return(loader *ld, const xmlNode *n, const mock_method *m, mock_step *st)
{
    st->value = kit_xml_attr(n, "value");
    st->value_null = kit_xml_attr_bool(n, "null", 0);
    if (st->value != NULL && check_text(ld, n, st->value, m->return_type, "ReturnValue") != 0)
        return -1;
    st->outputs = calloc(kit_xml_count(n, "output") + 1, sizeof *st->outputs);
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!kit_xml_is(c, "output")) continue;
        if (load_output(ld, c, m, &st->outputs[st->n_outputs++]) != 0) return -1;
    }
    return 0;
}

static int load_sequence(loader *ld, const xmlNode *n, mock_step *st)
{
    char *seq = kit_xml_attr(n, "sequence");
    if (seq == NULL) return 0;
    size_t cap = 1;
    for (const char *p = seq; *p; p++) cap += *p == ',';
    st->sequence = calloc(cap, sizeof *st->sequence);
    char *save = NULL;
    for (char *tok = strtok_r(seq, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        st->sequence[st->n_sequence++] = strtoll(tok, NULL, 10);
    free(seq);
    uint64_t events = (st->count + st->batch - 1) / st->batch;
    if (events != st->n_sequence)
        return fail(ld, n, "sequence lists %zu ids but count and batch make %llu events",
                    st->n_sequence, (unsigned long long)events);
    return 0;
}

static int load_stream(loader *ld, const xmlNode *n, const mock_method *m, mock_step *st)
{
    char *pname = kit_xml_attr(n, "param");
    st->param = mock_fixture_param(m, pname);
    if (st->param == NULL || !st->param->out || !st->param->array) {
        fail(ld, n, "stream param '%s' is not an OUT array parameter of method %s", pname,
             m->name);
        free(pname);
        return -1;
    }
    free(pname);
    st->count = kit_xml_attr_u64(n, "count", 0);
    st->pattern = kit_xml_attr(n, "value");
    if (st->pattern == NULL) st->pattern = strdup("{i}");
    st->interval_ms = (unsigned)kit_xml_attr_u64(n, "intervalMs", 0);
    st->batch = (unsigned)kit_xml_attr_u64(n, "batch", 1);
    if (st->param->type == MI_INSTANCE || st->param->type == MI_REFERENCE)
        return fail(ld, n, "streamed values of type instance/reference cannot be scripted");
    char probe[64];
    const char *star = strstr(st->pattern, "{i}");
    snprintf(probe, sizeof probe, "%.*s1%s", star ? (int)(star - st->pattern) : 0, st->pattern,
             star ? star + 3 : "");
    if (star == NULL) snprintf(probe, sizeof probe, "%s", st->pattern);
    if (strlen(st->pattern) < 48 && check_text(ld, n, probe, st->param->type, "stream value") != 0)
        return -1;
    return load_sequence(ld, n, st);
}

static int load_event(loader *ld, const xmlNode *n, mock_step *st)
{
    static const struct { const char *name; wsman_event_type t; } types[] = {
        {"debug", WSMAN_EVENT_DEBUG},       {"warning", WSMAN_EVENT_WARNING},
        {"verbose", WSMAN_EVENT_VERBOSE},   {"progress", WSMAN_EVENT_PROGRESS},
        {"error-action", WSMAN_EVENT_ERROR_ACTION}, {"confirm", WSMAN_EVENT_CONFIRM},
    };
    char *t = kit_xml_attr(n, "type");
    st->event_type = WSMAN_EVENT_UNKNOWN;
    for (size_t i = 0; t && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(t, types[i].name) == 0) st->event_type = types[i].t;
    free(t);
    if (st->event_type == WSMAN_EVENT_UNKNOWN) return fail(ld, n, "unknown event type");
    st->message = kit_xml_attr(n, "message");
    st->activity = kit_xml_attr(n, "activity");
    st->current_operation = kit_xml_attr(n, "currentOperation");
    st->status_description = kit_xml_attr(n, "statusDescription");
    st->percent = (unsigned)kit_xml_attr_u64(n, "percentComplete", 0);
    st->seconds = (unsigned)kit_xml_attr_u64(n, "secondsRemaining", 0);
    st->cim_status = (unsigned)kit_xml_attr_u64(n, "cimStatus", 1);
    char *a = kit_xml_attr(n, "actionType");
    st->inquire = a == NULL || strcmp(a, "inquire") == 0;
    free(a);
    char *p = kit_xml_attr(n, "promptType");
    st->critical = p != NULL && strcmp(p, "critical") == 0;
    free(p);
    return 0;
}

static int load_fault(loader *ld, const xmlNode *n, mock_step *st)
{
    static const char *const styles[] = {"plain", "wsmanfault", "windows", "omi", "cim"};
    static const wsman_fault_style style_values[] = {
        WSMAN_FAULT_PLAIN, WSMAN_FAULT_WSMANFAULT, WSMAN_FAULT_WINDOWS, WSMAN_FAULT_OMI,
        WSMAN_FAULT_CIM};
    st->subcode = kit_xml_attr(n, "subcode");
    if (st->subcode == NULL || strchr(st->subcode, ':') == NULL)
        return fail(ld, n, "fault subcode needs a prefix (wsa: or wsman:)");
    st->code = kit_xml_attr(n, "code");
    st->reason = kit_xml_attr(n, "reason");
    if (st->reason == NULL) st->reason = strdup("The operation failed.");
    st->detail = kit_xml_attr(n, "detail");
    st->message = kit_xml_attr(n, "message");
    st->detail_style = -1;
    char *ds = kit_xml_attr(n, "detailStyle");
    for (size_t i = 0; ds && i < sizeof styles / sizeof styles[0]; i++)
        if (strcmp(ds, styles[i]) == 0) st->detail_style = (int)style_values[i];
    free(ds);
    st->has_cim_status = xmlHasProp(n, (const xmlChar *)"cimStatus") != NULL;
    st->cim_status = (unsigned)kit_xml_attr_u64(n, "cimStatus", 0);
    return 0;
}

static int load_malformed(loader *ld, const xmlNode *n, mock_step *st)
{
    static const char *const kinds[] = {"not-xml", "truncated-xml", "not-envelope", "no-body",
                                        "wrong-body-name"};
    char *k = kit_xml_attr(n, "kind");
    int found = -1;
    for (size_t i = 0; k && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(k, kinds[i]) == 0) found = (int)i;
    free(k);
    if (found < 0) return fail(ld, n, "unknown malformed kind");
    st->malformed = (mock_malformed_kind)found;
    return 0;
}

static int load_step(loader *ld, const xmlNode *n, const mock_method *m, mock_step *st)
{
    if (find_step_kind(n, &st->kind) != 0) return fail(ld, n, "unknown step <%s>", n->name);
    st->line = (int)xmlGetLineNo(n);
    switch (st->kind) {
    case MOCK_STEP_RETURN: return load_return(ld, n, m, st);
    case MOCK_STEP_STREAM: return load_stream(ld, n, m, st);
    case MOCK_STEP_EVENT: return load_event(ld, n, st);
    case MOCK_STEP_DELAY: st->ms = (unsigned)kit_xml_attr_u64(n, "ms", 0); return 0;
    case MOCK_STEP_HANG: return 0;
    case MOCK_STEP_FAULT: return load_fault(ld, n, st);
    case MOCK_STEP_HTTP_STATUS:
        st->http_code = (unsigned)kit_xml_attr_u64(n, "code", 500);
        st->body = kit_xml_text(n);
        st->content_type = kit_xml_attr(n, "contentType");
        return 0;
    case MOCK_STEP_DROP: st->bytes = kit_xml_attr_u64(n, "afterBytes", 0); return 0;
    case MOCK_STEP_TRUNCATE: st->bytes = kit_xml_attr_u64(n, "atBytes", 0); return 0;
    case MOCK_STEP_MALFORMED: return load_malformed(ld, n, st);
    case MOCK_STEP_SLOW:
        st->slice = (unsigned)kit_xml_attr_u64(n, "sliceBytes", 1);
        st->pause_ms = (unsigned)kit_xml_attr_u64(n, "pauseMs", 0);
        return 0;
    }
    return 0;
}

static int load_when(loader *ld, const xmlNode *n, const mock_class *cls, const mock_method *m,
                     mock_behaviour *b)
{
    char *when = kit_xml_attr(n, "when");
    if (when == NULL) return 0;
    size_t cap = 1;
    for (const char *p = when; *p; p++) cap += *p == ';';
    b->when_names = calloc(cap, sizeof *b->when_names);
    b->when_values = calloc(cap, sizeof *b->when_values);
    char *save = NULL;
    int rc = 0;
    for (char *tok = strtok_r(when, ";", &save); tok && rc == 0; tok = strtok_r(NULL, ";", &save)) {
        char *eq = strchr(tok, '=');
        if (eq == NULL) { rc = fail(ld, n, "when: '%s' is not NAME=VALUE", tok); break; }
        *eq = '\0';
        const mock_param *p = mock_fixture_param(m, tok);
        if (mock_fixture_key(cls, tok) == NULL && (p == NULL || !p->in))
            rc = fail(ld, n, "when: '%s' is neither a key of %s nor an IN parameter of %s", tok,
                      cls->name, m->name);
        b->when_names[b->n_when] = strdup(tok);
        b->when_values[b->n_when++] = strdup(eq + 1);
    }
    free(when);
    return rc;
}

static int load_behaviour(loader *ld, const xmlNode *n, const mock_class *cls, mock_method *m,
                          mock_behaviour *b)
{
    b->call = (unsigned long)kit_xml_attr_u64(n, "call", 0);
    if (load_when(ld, n, cls, m, b) != 0) return -1;
    size_t cap = 0;
    for (const xmlNode *c = n->children; c; c = c->next) cap += c->type == XML_ELEMENT_NODE;
    b->steps = calloc(cap + 1, sizeof *b->steps);
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (load_step(ld, c, m, &b->steps[b->n_steps++]) != 0) return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- classes */

static int load_param(loader *ld, const xmlNode *n, mock_param *p)
{
    p->name = kit_xml_attr(n, "name");
    if (type_attr(ld, n, "type", NULL, &p->type) != 0) return -1;
    char *dir = kit_xml_attr(n, "direction");
    p->in = dir == NULL || strcmp(dir, "in") == 0 || strcmp(dir, "inout") == 0;
    p->out = dir != NULL && (strcmp(dir, "out") == 0 || strcmp(dir, "inout") == 0);
    free(dir);
    p->array = kit_xml_attr_bool(n, "array", 0);
    p->streamed = kit_xml_attr_bool(n, "streamed", 0);
    if (p->streamed && (!p->out || !p->array))
        return fail(ld, n, "streamed parameter '%s' must be an OUT array", p->name);
    return 0;
}

static int load_method(loader *ld, const xmlNode *n, const mock_class *cls, mock_method *m)
{
    m->name = kit_xml_attr(n, "name");
    m->is_static = kit_xml_attr_bool(n, "static", 0);
    if (type_attr(ld, n, "returnType", "uint32", &m->return_type) != 0) return -1;
    int omi = ld->fx->style == MOCK_STYLE_OMI;
    m->output_name = omi ? WSMAN_OUTPUT_CLASS_OUTPUT : WSMAN_OUTPUT_METHOD_OUTPUT;
    char *on = kit_xml_attr(n, "outputName");
    if (on != NULL) {
        m->output_name = strcmp(on, "class-output") == 0 ? WSMAN_OUTPUT_CLASS_OUTPUT
                         : strcmp(on, "method") == 0     ? WSMAN_OUTPUT_METHOD_ONLY
                                                         : WSMAN_OUTPUT_METHOD_OUTPUT;
        free(on);
    }
    m->action_response = kit_xml_attr_bool(n, "actionResponse", !omi);
    if (!m->is_static && cls->n_keys == 0 && !cls->any_instance)
        return fail(ld, n, "instance method %s on class %s, which declares no key", m->name,
                    cls->name);
    m->params = calloc(kit_xml_count(n, "parameter") + 1, sizeof *m->params);
    m->behaviours = calloc(kit_xml_count(n, "behaviour") + 1, sizeof *m->behaviours);
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (kit_xml_is(c, "parameter")) {
            mock_param *p = &m->params[m->n_params++];
            if (load_param(ld, c, p) != 0) return -1;
            if (mock_fixture_param(m, p->name) != p)
                return fail(ld, c, "parameter '%s' declared twice", p->name);
        }
    }
    for (const xmlNode *c = n->children; c; c = c->next)
        if (kit_xml_is(c, "behaviour") &&
            load_behaviour(ld, c, cls, m, &m->behaviours[m->n_behaviours++]) != 0)
            return -1;
    return 0;
}

static int load_instance(loader *ld, const xmlNode *n, mock_class *cls, size_t index)
{
    char **row = &cls->instance_keys[index * cls->n_keys];
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!kit_xml_is(c, "key")) continue;
        char *name = kit_xml_attr(c, "name");
        const mock_key *k = mock_fixture_key(cls, name);
        if (k == NULL) {
            fail(ld, c, "'%s' is not a key of class %s", name, cls->name);
            free(name);
            return -1;
        }
        free(name);
        size_t ki = (size_t)(k - cls->keys);
        char *text = kit_xml_text(c);
        if (row[ki] != NULL) { free(text); return fail(ld, c, "key '%s' given twice", k->name); }
        row[ki] = mock_value_canonical(text, k->type);
        if (row[ki] == NULL) {
            fail(ld, c, "key '%s': '%s' is not a valid %s", k->name, text, mimodel_type_name(k->type));
            free(text);
            return -1;
        }
        free(text);
    }
    for (size_t k = 0; k < cls->n_keys; k++)
        if (row[k] == NULL) return fail(ld, n, "instance lacks key '%s'", cls->keys[k].name);
    return 0;
}

static int load_class(loader *ld, const xmlNode *n, mock_class *cls)
{
    cls->name = kit_xml_attr(n, "name");
    cls->any_instance = kit_xml_attr_bool(n, "anyInstance", 0);
    cls->keys = calloc(kit_xml_count(n, "key") + 1, sizeof *cls->keys);
    cls->methods = calloc(kit_xml_count(n, "method") + 1, sizeof *cls->methods);
    size_t n_inst = kit_xml_count(n, "instance");
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!kit_xml_is(c, "key")) continue;
        mock_key *k = &cls->keys[cls->n_keys++];
        k->name = kit_xml_attr(c, "name");
        if (type_attr(ld, c, "type", "string", &k->type) != 0) return -1;
        if (k->type == MI_INSTANCE || k->type == MI_REFERENCE)
            return fail(ld, c, "key '%s' must be a scalar type", k->name);
    }
    cls->instance_keys = calloc(n_inst * cls->n_keys + 1, sizeof *cls->instance_keys);
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (kit_xml_is(c, "method")) {
            mock_method *m = &cls->methods[cls->n_methods++];
            if (load_method(ld, c, cls, m) != 0) return -1;
            if (mock_fixture_method(cls, m->name) != m)
                return fail(ld, c, "method %s declared twice", m->name);
        } else if (kit_xml_is(c, "instance")) {
            if (load_instance(ld, c, cls, cls->n_instances++) != 0) return -1;
        }
    }
    return 0;
}

static int load_namespace(loader *ld, const xmlNode *n, mock_namespace *ns)
{
    ns->name = kit_xml_attr(n, "name");
    for (char *p = ns->name; *p; p++) if (*p == '\\') *p = '/';
    ns->classes = calloc(kit_xml_count(n, "class") + 1, sizeof *ns->classes);
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!kit_xml_is(c, "class")) continue;
        mock_class *cls = &ns->classes[ns->n_classes++];
        if (load_class(ld, c, cls) != 0) return -1;
        if (mock_fixture_class(ns, cls->name) != cls)
            return fail(ld, c, "class %s declared twice in %s", cls->name, ns->name);
    }
    return 0;
}

static int load_root(loader *ld, const xmlNode *root)
{
    mock_fixture *fx = ld->fx;
    char *style = kit_xml_attr(root, "style");
    fx->style = style && strcmp(style, "omi") == 0     ? MOCK_STYLE_OMI
                : style && strcmp(style, "plain") == 0 ? MOCK_STYLE_PLAIN
                                                       : MOCK_STYLE_WINDOWS;
    free(style);
    fx->typed = kit_xml_attr_bool(root, "typed", fx->style == MOCK_STYLE_WINDOWS);
    fx->max_envelope = kit_xml_attr_u64(root, "maxEnvelopeSize", 0);
    fx->users = calloc(kit_xml_count(root, "user") + 1, sizeof *fx->users);
    fx->namespaces = calloc(kit_xml_count(root, "namespace") + 1, sizeof *fx->namespaces);
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (kit_xml_is(c, "user")) {
            fx->users[fx->n_users].name = kit_xml_attr(c, "name");
            fx->users[fx->n_users++].password = kit_xml_attr(c, "password");
        } else if (kit_xml_is(c, "namespace")) {
            mock_namespace *ns = &fx->namespaces[fx->n_namespaces++];
            if (load_namespace(ld, c, ns) != 0) return -1;
            if (mock_fixture_namespace(fx, ns->name) != ns)
                return fail(ld, c, "namespace %s declared twice", ns->name);
        }
    }
    char *dflt = kit_xml_attr(root, "defaultNamespace");
    fx->default_ns = dflt ? mock_fixture_namespace(fx, dflt) : &fx->namespaces[0];
    if (fx->default_ns == NULL) fail(ld, root, "defaultNamespace '%s' is not declared", dflt);
    free(dflt);
    return ld->failed ? -1 : 0;
}

mock_fixture *mock_fixture_load(const char *path, char *errbuf, size_t errlen)
{
    loader ld = {path, errbuf, errlen, 0, NULL};
    xmlDocPtr doc = kit_xml_read_file(path, "cannot read the fixture: ", errbuf, errlen);
    if (doc == NULL) return NULL;
    ld.fx = calloc(1, sizeof *ld.fx);
    if (ld.fx != NULL) ld.fx->path = strdup(path);
    if (ld.fx == NULL || validate_schema(&ld, doc) != 0 ||
        load_root(&ld, xmlDocGetRootElement(doc)) != 0) {
        if (ld.fx == NULL) kit_xml_problem(errbuf, errlen, path, 0, "out of memory");
        mock_fixture_free(ld.fx);
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlFreeDoc(doc);
    return ld.fx;
}

/* ---------------------------------------------------------------- freeing */

static void free_step(mock_step *st)
{
    free(st->value);
    for (size_t i = 0; i < st->n_outputs; i++) {
        free(st->outputs[i].name);
        free(st->outputs[i].text);
        for (size_t k = 0; k < st->outputs[i].n_items; k++) free(st->outputs[i].items[k]);
        free(st->outputs[i].items);
    }
    free(st->outputs);
    free(st->pattern);
    free(st->sequence);
    free(st->message);
    free(st->activity);
    free(st->current_operation);
    free(st->status_description);
    free(st->subcode);
    free(st->code);
    free(st->reason);
    free(st->detail);
    free(st->body);
    free(st->content_type);
}

static void free_method(mock_method *m)
{
    free(m->name);
    for (size_t i = 0; i < m->n_params; i++) free(m->params[i].name);
    free(m->params);
    for (size_t b = 0; b < m->n_behaviours; b++) {
        mock_behaviour *bh = &m->behaviours[b];
        for (size_t i = 0; i < bh->n_when; i++) {
            free(bh->when_names[i]);
            free(bh->when_values[i]);
        }
        free(bh->when_names);
        free(bh->when_values);
        for (size_t s = 0; s < bh->n_steps; s++) free_step(&bh->steps[s]);
        free(bh->steps);
    }
    free(m->behaviours);
}

static void free_class(mock_class *c)
{
    free(c->name);
    for (size_t i = 0; i < c->n_keys; i++) free(c->keys[i].name);
    free(c->keys);
    for (size_t i = 0; i < c->n_methods; i++) free_method(&c->methods[i]);
    free(c->methods);
    for (size_t i = 0; i < c->n_instances * c->n_keys; i++) free(c->instance_keys[i]);
    free(c->instance_keys);
}

void mock_fixture_free(mock_fixture *fx)
{
    if (fx == NULL) return;
    for (size_t n = 0; n < fx->n_namespaces; n++) {
        mock_namespace *ns = &fx->namespaces[n];
        free(ns->name);
        for (size_t c = 0; c < ns->n_classes; c++) free_class(&ns->classes[c]);
        free(ns->classes);
    }
    free(fx->namespaces);
    for (size_t i = 0; i < fx->n_users; i++) {
        free(fx->users[i].name);
        free(fx->users[i].password);
    }
    free(fx->users);
    free(fx->path);
    free(fx);
}

int mock_fixture_check(const char *path, char *errbuf, size_t errlen)
{
    mock_fixture *fx = mock_fixture_load(path, errbuf, errlen);
    mock_fixture_free(fx);
    return fx != NULL ? 0 : -1;
}

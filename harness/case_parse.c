/*
 * case_parse - one <case> element (already valid against cases.xsd) into a conform_case_spec.
 *
 * The schema has checked shapes and enumerations; this file checks what it cannot (a value's
 * text fits its type, a bound or result name is known) and reports "file:line: problem".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/case_load.h"

typedef struct parse_ctx {
    const char *file;
    char *err;
    size_t errlen;
} parse_ctx;

static int fail(parse_ctx *p, xmlNodePtr node, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "%s:%ld: %s", p->file, node ? xmlGetLineNo(node) : 0L, msg);
    return -1;
}

/* ---------------------------------------------------------------- xml helpers */

static int is_elem(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && (name == NULL || xmlStrcmp(n->name, BAD_CAST name) == 0);
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr n = parent->children; n != NULL; n = n->next)
        if (is_elem(n, name)) return n;
    return NULL;
}

/* A malloc'd copy of an attribute, NULL when absent. */
static char *attr(xmlNodePtr node, const char *name)
{
    xmlChar *v = xmlGetProp(node, BAD_CAST name);
    if (v == NULL) return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

static int attr_bool(xmlNodePtr node, const char *name, int dflt)
{
    char *v = attr(node, name);
    if (v == NULL) return dflt;
    int r = strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
    free(v);
    return r;
}

static long long attr_num(xmlNodePtr node, const char *name, long long dflt)
{
    char *v = attr(node, name);
    if (v == NULL) return dflt;
    long long r = strtoll(v, NULL, 0);
    free(v);
    return r;
}

/* The element's own text (not its children's), trimmed of surrounding whitespace only when
 * the text is nothing but whitespace around element children. */
static char *own_text(xmlNodePtr node)
{
    size_t len = 0, cap = 64;
    char *s = malloc(cap);
    if (s == NULL) return NULL;
    s[0] = '\0';
    int has_elems = 0;
    for (xmlNodePtr n = node->children; n != NULL; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) has_elems = 1;
        if (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) continue;
        size_t add = strlen((const char *)n->content);
        if (len + add + 1 > cap) {
            while (len + add + 1 > cap) cap *= 2;
            char *t = realloc(s, cap);
            if (t == NULL) { free(s); return NULL; }
            s = t;
        }
        memcpy(s + len, n->content, add + 1);
        len += add;
    }
    if (has_elems && strspn(s, " \t\r\n") == len) s[0] = '\0';
    return s;
}

static int push_string(char ***v, size_t *n, char *s)
{
    if (s == NULL) return -1;
    char **t = realloc(*v, (*n + 1) * sizeof **v);
    if (t == NULL) { free(s); return -1; }
    *v = t;
    (*v)[(*n)++] = s;
    return 0;
}

/* ---------------------------------------------------------------- values */

static int text_fits(MI_Type scalar, const char *t)
{
    char *end = NULL;
    errno = 0;
    switch (scalar) {
    case MI_BOOLEAN: return strcmp(t, "true") == 0 || strcmp(t, "false") == 0;
    case MI_UINT8: case MI_UINT16: case MI_UINT32: case MI_UINT64: case MI_CHAR16:
        if (*t == '-') return 0;
        (void)strtoull(t, &end, 10);
        return *t != '\0' && *end == '\0' && errno == 0;
    case MI_SINT8: case MI_SINT16: case MI_SINT32: case MI_SINT64:
        (void)strtoll(t, &end, 10);
        return *t != '\0' && *end == '\0' && errno == 0;
    case MI_REAL32: case MI_REAL64:
        (void)strtod(t, &end);
        return *t != '\0' && *end == '\0';
    case MI_DATETIME:
        return strlen(t) == 25 && (t[21] == '+' || t[21] == '-' || t[21] == ':');
    default: return 1;
    }
}

static int parse_instance(parse_ctx *p, xmlNodePtr node, conform_case_instance *out);

static int parse_value_items(parse_ctx *p, xmlNodePtr node, conform_case_value *v)
{
    MI_Type scalar = (MI_Type)(v->type & ~MI_ARRAY);
    int is_inst = scalar == MI_INSTANCE || scalar == MI_REFERENCE;
    for (xmlNodePtr n = node->children; n != NULL; n = n->next) {
        if (is_elem(n, "item")) {
            if (is_inst || !(v->type & MI_ARRAY))
                return fail(p, n, "item in value '%s' of type %s", v->name,
                            conform_case_type_name(v->type));
            char *t = (char *)xmlNodeGetContent(n);
            char *s = t ? strdup(t) : NULL;
            xmlFree(t);
            if (push_string(&v->items, &v->n_items, s) != 0) return fail(p, n, "out of memory");
            if (!text_fits(scalar, s))
                return fail(p, n, "'%s' is not a %s", s, conform_case_type_name(scalar));
        } else if (is_elem(n, "instance")) {
            if (!is_inst) return fail(p, n, "instance in value '%s' of type %s", v->name,
                                      conform_case_type_name(v->type));
            conform_case_instance *t = realloc(v->instances, (v->n_instances + 1) * sizeof *t);
            if (t == NULL) return fail(p, n, "out of memory");
            v->instances = t;
            memset(&t[v->n_instances], 0, sizeof *t);
            if (parse_instance(p, n, &t[v->n_instances++]) != 0) return -1;
        }
    }
    return 0;
}

static int parse_scalar_text(parse_ctx *p, xmlNodePtr node, conform_case_value *v)
{
    MI_Type scalar = (MI_Type)(v->type & ~MI_ARRAY);
    if ((v->type & MI_ARRAY) || scalar == MI_INSTANCE || scalar == MI_REFERENCE) {
        if (!(v->type & MI_ARRAY) && v->n_instances != 1)
            return fail(p, node, "value '%s' of type %s needs exactly one instance", v->name,
                        conform_case_type_name(v->type));
        return 0;
    }
    char *t = own_text(node);
    if (push_string(&v->items, &v->n_items, t) != 0) return fail(p, node, "out of memory");
    if (!text_fits(scalar, t))
        return fail(p, node, "'%s' is not a %s", t, conform_case_type_name(scalar));
    return 0;
}

/* <param>, <property>, <custom>: name, type, null, key, text/items/instances. */
static int parse_value(parse_ctx *p, xmlNodePtr node, conform_case_value *v)
{
    char *type = attr(node, "type");
    int rc = conform_case_type_parse(type, &v->type);
    if (rc != 0) fail(p, node, "unknown type '%s'", type ? type : "");
    free(type);
    if (rc != 0) return -1;
    v->name = attr(node, "name");
    v->is_null = attr_bool(node, "null", 0);
    v->is_key = attr_bool(node, "key", 0);
    if (v->is_null) return 0;
    if (parse_value_items(p, node, v) != 0) return -1;
    return parse_scalar_text(p, node, v);
}

static int parse_instance(parse_ctx *p, xmlNodePtr node, conform_case_instance *out)
{
    out->class_name = attr(node, "class");
    out->namespace_name = attr(node, "namespace");
    for (xmlNodePtr n = node->children; n != NULL; n = n->next) {
        if (!is_elem(n, "property") && !is_elem(n, "param")) continue;
        conform_case_value *t = realloc(out->props, (out->n_props + 1) * sizeof *t);
        if (t == NULL) return fail(p, n, "out of memory");
        out->props = t;
        memset(&t[out->n_props], 0, sizeof *t);
        if (parse_value(p, n, &t[out->n_props++]) != 0) return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- the call */

static int parse_cb_action(const char *t, conform_case_cb_action *a)
{
    static const char *const names[] = {"nothing", "close", "cancel", "cancel-twice",
                                        "close-session-sync", "close-session-async", "ack"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (t != NULL && strcmp(t, names[i]) == 0) {
            *a = (conform_case_cb_action)i;
            return 0;
        }
    *a = CONFORM_CB_NOTHING;
    return t == NULL ? 0 : -1;
}

/* "yes", "no", "yes-to-all", "no-to-all" -> MI_OperationCallback_ResponseType; "later". */
static int parse_response(const char *t, int *out)
{
    static const char *const names[] = {"no", "yes", "no-to-all", "yes-to-all"};
    if (t != NULL && strcmp(t, "later") == 0) {
        *out = CONFORM_RESPOND_LATER;
        return 0;
    }
    for (int i = 0; i < 4; i++)
        if (t != NULL && strcmp(t, names[i]) == 0) {
            *out = i;
            return 0;
        }
    return -1;
}

static int parse_callbacks(parse_ctx *p, xmlNodePtr node, conform_case_call *call)
{
    conform_case_callbacks *cb = &call->callbacks;
    cb->instance_result = call->mode == CONFORM_CASE_ASYNC;
    cb->respond = MI_OperationCallback_ResponseType_Yes;
    if (node == NULL) return 0;
    char *respond = attr(node, "respond");
    int bad = respond != NULL && parse_response(respond, &cb->respond) != 0;
    free(respond);
    if (bad) return fail(p, node, "unknown response");
    cb->instance_result = attr_bool(node, "instance-result", cb->instance_result);
    cb->streamed = attr_bool(node, "streamed", 0);
    cb->write_message = attr_bool(node, "write-message", 0);
    cb->write_error = attr_bool(node, "write-error", 0);
    cb->write_progress = attr_bool(node, "write-progress", 0);
    cb->prompt_user = attr_bool(node, "prompt-user", 0);
    cb->null_context = attr_bool(node, "null-context", 0);
    char *f = attr(node, "on-final"), *s = attr(node, "on-streamed");
    int rc = parse_cb_action(f, &cb->on_final) | parse_cb_action(s, &cb->on_streamed);
    free(f);
    free(s);
    return rc == 0 ? 0 : fail(p, node, "unknown callback action");
}

static int parse_options(parse_ctx *p, xmlNodePtr node, conform_case_options *o)
{
    o->timeout_ms = -1;
    if (node == NULL) return 0;
    o->present = 1;
    o->timeout_ms = attr_num(node, "timeout-ms", -1);
    o->resource_uri = attr(node, "resource-uri");
    o->resource_uri_prefix = attr(node, "resource-uri-prefix");
    o->must_understand = attr_bool(node, "must-understand", 0);
    o->delete_after_invoke = attr_bool(node, "delete-after-invoke", 0);
    for (xmlNodePtr n = node->children; n != NULL; n = n->next) {
        if (!is_elem(n, "custom")) continue;
        conform_case_custom_option *t = realloc(o->custom, (o->n_custom + 1) * sizeof *t);
        if (t == NULL) return fail(p, n, "out of memory");
        o->custom = t;
        conform_case_custom_option *c = &t[o->n_custom++];
        memset(c, 0, sizeof *c);
        c->name = attr(n, "name");
        c->must_comply = attr_bool(n, "must-comply", 0);
        if (parse_value(p, n, &c->value) != 0) return -1;
    }
    return 0;
}

static int parse_call(parse_ctx *p, xmlNodePtr node, conform_case_call *call)
{
    char *mode = attr(node, "mode");
    call->mode = mode && strcmp(mode, "async") == 0 ? CONFORM_CASE_ASYNC : CONFORM_CASE_SYNC;
    free(mode);
    call->flags = (uint32_t)attr_num(node, "flags", 0);
    call->namespace_name = attr(node, "namespace");
    call->class_name = attr(node, "class");
    call->method = attr(node, "method");
    char *s = attr(node, "session"), *o = attr(node, "operation");
    call->null_session = s != NULL;
    call->null_operation = o != NULL;
    free(s);
    free(o);
    call->repeat = (uint64_t)attr_num(node, "repeat", 1);
    call->concurrent = (uint64_t)attr_num(node, "concurrent", 0);
    if (call->concurrent > 0 && call->mode != CONFORM_CASE_ASYNC)
        return fail(p, node, "concurrent invokes need mode=\"async\"");
    xmlNodePtr inst = child(node, "instance"), params = child(node, "params");
    if (inst != NULL) {
        call->has_instance = 1;
        if (parse_instance(p, inst, &call->instance) != 0) return -1;
    }
    if (params != NULL) {
        call->has_params = 1;
        if (parse_instance(p, params, &call->params) != 0) return -1;
        if (call->params.class_name == NULL) call->params.class_name = strdup("Parameters");
    }
    if (parse_options(p, child(node, "options"), &call->options) != 0) return -1;
    return parse_callbacks(p, child(node, "callbacks"), call);
}

/* A session is opened as real users open one (README "Validating a third-party
 * implementation"): Basic credentials and the documented URL prefix unless the row says
 * otherwise, so that no row depends on how an implementation treats a session without
 * credentials or a prefix in another form (URL-1/URL-2 and their rows test those). */
static int parse_session(xmlNodePtr node, conform_case_session *s)
{
    char *creds = node ? attr(node, "credentials") : NULL;
    char *set_prefix = node ? attr(node, "set-url-prefix") : NULL;
    int no_creds = creds != NULL && strcmp(creds, "none") == 0;
    s->set_url_prefix = set_prefix == NULL || (strcmp(set_prefix, "false") != 0 && strcmp(set_prefix, "0") != 0);
    free(creds);
    free(set_prefix);
    s->user = node ? attr(node, "user") : NULL;
    s->password = node ? attr(node, "password") : NULL;
    s->url_prefix = node ? attr(node, "url-prefix") : NULL;
    char *port = node ? attr(node, "port") : NULL;
    s->port = port && strcmp(port, "closed") == 0 ? CONFORM_PORT_CLOSED : CONFORM_PORT_MOCK;
    free(port);
    if (!no_creds && s->user == NULL) s->user = strdup(CONFORM_SESSION_USER);
    if (!no_creds && s->password == NULL) s->password = strdup(CONFORM_SESSION_PASSWORD);
    if (s->set_url_prefix && s->url_prefix == NULL) s->url_prefix = strdup(CONFORM_SESSION_URL_PREFIX);
    if ((!no_creds && (s->user == NULL || s->password == NULL)) ||
        (s->set_url_prefix && s->url_prefix == NULL))
        return -1;
    return 0;
}

/* ---------------------------------------------------------------- steps */

static const struct {
    const char *name;
    conform_case_step_kind kind;
} step_names[] = {
    {"wait-request", CONFORM_STEP_WAIT_REQUEST}, {"wait-journal", CONFORM_STEP_WAIT_JOURNAL},
    {"cancel", CONFORM_STEP_CANCEL}, {"ack", CONFORM_STEP_ACK},
    {"withhold", CONFORM_STEP_WITHHOLD}, {"get-instance", CONFORM_STEP_GET_INSTANCE},
    {"drain", CONFORM_STEP_DRAIN}, {"drain-background", CONFORM_STEP_DRAIN_BACKGROUND},
    {"join", CONFORM_STEP_JOIN}, {"wait-final", CONFORM_STEP_WAIT_FINAL},
    {"close", CONFORM_STEP_CLOSE}, {"close-session", CONFORM_STEP_CLOSE_SESSION},
    {"wait-session-closed", CONFORM_STEP_WAIT_SESSION_CLOSED},
    {"close-application", CONFORM_STEP_CLOSE_APPLICATION}, {"slot", CONFORM_STEP_SLOT},
    {"invoke-again", CONFORM_STEP_INVOKE_AGAIN}, {"delete-options", CONFORM_STEP_DELETE_OPTIONS},
    {"respond", CONFORM_STEP_RESPOND},
};

static int parse_step(parse_ctx *p, xmlNodePtr n, conform_case_step *st)
{
    size_t i;
    for (i = 0; i < sizeof step_names / sizeof step_names[0]; i++)
        if (is_elem(n, step_names[i].name)) break;
    if (i == sizeof step_names / sizeof step_names[0])
        return fail(p, n, "unknown step <%s>", (const char *)n->name);
    st->kind = step_names[i].kind;
    st->line = (int)xmlGetLineNo(n);
    st->count = (unsigned)attr_num(n, "count", 1);
    st->ms = (unsigned)attr_num(n, "ms", 0);
    st->async = attr_bool(n, "async", 0);
    st->reason = (int)attr_num(n, "reason", 0);
    st->op = (unsigned)attr_num(n, "op", 0);
    st->what = attr(n, st->kind == CONFORM_STEP_SLOT ? "call" : "event");
    st->resume = attr_bool(n, "resume", 0);
    st->close = attr_bool(n, "close", 0);
    int waits_for_mock = st->kind == CONFORM_STEP_WAIT_REQUEST || st->kind == CONFORM_STEP_WAIT_JOURNAL;
    st->given = attr_bool(n, "given", waits_for_mock);
    st->answer = MI_OperationCallback_ResponseType_Yes;
    char *answer = attr(n, "answer");
    int bad = answer != NULL && (parse_response(answer, &st->answer) != 0 ||
                                 st->answer == CONFORM_RESPOND_LATER);
    free(answer);
    return bad ? fail(p, n, "unknown answer") : 0;
}

/* Without <steps>: collect the result (drain or wait-final), then close; both carry the
 * line of the row's <case>, where a report that names them sends the reader. */
static int default_steps(conform_case_spec *spec, int line)
{
    spec->steps = calloc(2, sizeof *spec->steps);
    if (spec->steps == NULL) return -1;
    spec->n_steps = 2;
    spec->steps[0].kind = spec->call.mode == CONFORM_CASE_ASYNC || spec->call.callbacks.instance_result
                              ? CONFORM_STEP_WAIT_FINAL : CONFORM_STEP_DRAIN;
    spec->steps[1].kind = CONFORM_STEP_CLOSE;
    spec->steps[0].line = spec->steps[1].line = line;
    return 0;
}

static int parse_steps(parse_ctx *p, xmlNodePtr node, xmlNodePtr case_node,
                       conform_case_spec *spec)
{
    if (node == NULL)
        return default_steps(spec, (int)xmlGetLineNo(case_node)) == 0 ? 0
                                                                        : fail(p, case_node, "out of memory");
    for (xmlNodePtr n = node->children; n != NULL; n = n->next) {
        if (!is_elem(n, NULL)) continue;
        conform_case_step *t = realloc(spec->steps, (spec->n_steps + 1) * sizeof *t);
        if (t == NULL) return fail(p, n, "out of memory");
        spec->steps = t;
        memset(&t[spec->n_steps], 0, sizeof *t);
        if (parse_step(p, n, &t[spec->n_steps++]) != 0) return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- expectations */

static const struct {
    const char *name;
    conform_expect_kind kind;
} expect_names[] = {
    {"final", CONFORM_EXPECT_FINAL}, {"final-once", CONFORM_EXPECT_FINAL_ONCE},
    {"error-string", CONFORM_EXPECT_ERROR_STRING}, {"error-details", CONFORM_EXPECT_ERROR_DETAILS},
    {"output", CONFORM_EXPECT_OUTPUT}, {"callback", CONFORM_EXPECT_CALLBACK},
    {"order", CONFORM_EXPECT_ORDER}, {"call", CONFORM_EXPECT_CALL},
    {"requests", CONFORM_EXPECT_REQUESTS}, {"header", CONFORM_EXPECT_HEADER},
    {"xpath", CONFORM_EXPECT_XPATH}, {"journal", CONFORM_EXPECT_JOURNAL},
    {"observe", CONFORM_EXPECT_OBSERVE}, {"streamed", CONFORM_EXPECT_STREAMED},
    {"rss", CONFORM_EXPECT_RSS},
};

static int parse_code(parse_ctx *p, xmlNodePtr n, const char *name,
                      conform_expect_code_mode *mode, int *code)
{
    char *t = attr(n, name);
    int rc = 0;
    *mode = CONFORM_CODE_ANY;
    if (t == NULL) return 0;
    if (strcmp(t, "non-OK") == 0) *mode = CONFORM_CODE_NON_OK;
    else if (conform_case_result_parse(t, code) == 0) *mode = CONFORM_CODE_EXACT;
    else rc = fail(p, n, "unknown result '%s'", t);
    free(t);
    return rc;
}

static int parse_tristate(xmlNodePtr n, const char *name)
{
    char *t = attr(n, name);
    int r = t == NULL ? -1 : (strcmp(t, "true") == 0 || strcmp(t, "1") == 0);
    free(t);
    return r;
}

static int parse_expect_common(parse_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    char *op = attr(n, "op");
    e->op = op == NULL ? 0 : strcmp(op, "*") == 0 ? UINT32_MAX : (unsigned)strtoul(op, NULL, 10);
    free(op);
    char *within = attr(n, "within");
    int rc = 0;
    if (within != NULL && conform_case_bound_parse(within, &e->within) != 0)
        rc = fail(p, n, "bad bound '%s'", within);
    free(within);
    e->from = attr(n, "from");
    e->absent = attr_bool(n, "absent", 0);
    e->contains = attr(n, "contains");
    e->equals = attr(n, "equals");
    e->min = (int)attr_num(n, "min", -1);
    e->max = (int)attr_num(n, "max", -1);
    long long count = attr_num(n, "count", -1);
    if (count >= 0) e->min = e->max = (int)count;
    e->given = attr_bool(n, "given", 0);
    return rc;
}

static int parse_output(parse_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    e->name = attr(n, "name");
    char *type = attr(n, "type");
    if (type != NULL) {
        if (conform_case_type_parse(type, &e->type) != 0) {
            fail(p, n, "unknown type '%s'", type);
            free(type);
            return -1;
        }
        e->has_type = 1;
    }
    free(type);
    if (e->absent || attr_bool(n, "any-value", 0)) return 0;
    e->has_value = 1;
    e->value.type = e->has_type ? e->type : MI_STRING;
    e->value.is_null = attr_bool(n, "null", 0);
    if (e->value.is_null) return 0;
    if (child(n, "item") != NULL) {
        e->value.type |= MI_ARRAY;
        return parse_value_items(p, n, &e->value);
    }
    if (push_string(&e->value.items, &e->value.n_items, own_text(n)) != 0)
        return fail(p, n, "out of memory");
    return 0;
}

/* <streamed name type array-type count elements scaled> with <item>s: the values in order. */
static int parse_streamed(parse_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    e->name = attr(n, "name");
    char *type = attr(n, "type"), *atype = attr(n, "array-type");
    int rc = 0;
    if (type != NULL && atype != NULL) rc = fail(p, n, "type or array-type, not both");
    else if ((type || atype) && conform_case_type_parse(type ? type : atype, &e->type) != 0)
        rc = fail(p, n, "unknown type '%s'", type ? type : atype);
    else if (atype != NULL && !(e->type & MI_ARRAY))
        rc = fail(p, n, "array-type '%s' is not an array type", atype);
    e->has_type = rc == 0 && (type || atype);
    e->array_ok = atype != NULL;
    free(type);
    free(atype);
    if (rc != 0) return rc;
    e->elements = attr_num(n, "elements", -1);
    e->scaled = attr_bool(n, "scaled", 0);
    if (child(n, "item") == NULL) return 0;
    e->has_value = 1;
    e->value.name = e->name ? strdup(e->name) : NULL;
    e->value.type = (MI_Type)((e->has_type ? e->type : MI_STRING) | MI_ARRAY);
    return parse_value_items(p, n, &e->value);
}

static int parse_expect_kind(parse_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    switch (e->kind) {
    case CONFORM_EXPECT_FINAL: return parse_code(p, n, "code", &e->code_mode, &e->code);
    case CONFORM_EXPECT_ERROR_STRING:
        e->absent = !attr_bool(n, "present", 1);
        return 0;
    case CONFORM_EXPECT_ERROR_DETAILS:
        e->class_name = attr(n, "class");
        e->property = attr(n, "property");
        return 0;
    case CONFORM_EXPECT_OUTPUT: return parse_output(p, n, e);
    case CONFORM_EXPECT_CALLBACK: {
        e->name = attr(n, "name");
        e->ctx_unchanged = attr_bool(n, "context-unchanged", 0);
        e->nth = (unsigned)attr_num(n, "nth", 0);
        e->arg = attr(n, "arg");
        if ((e->arg == NULL) != (e->equals == NULL))
            return fail(p, n, "arg and equals go together");
        char *ack = attr(n, "ack");
        e->ack = ack == NULL ? -1 : strcmp(ack, "non-null") == 0;
        free(ack);
        return 0;
    }
    case CONFORM_EXPECT_ORDER:
    case CONFORM_EXPECT_XPATH:
        e->expr = (char *)xmlNodeGetContent(n);
        if (e->expr != NULL) { char *s = strdup(e->expr); xmlFree(e->expr); e->expr = s; }
        e->nth = (unsigned)attr_num(n, "request", 1);
        return e->expr != NULL ? 0 : fail(p, n, "out of memory");
    case CONFORM_EXPECT_CALL:
        e->name = attr(n, "name");
        e->nth = (unsigned)attr_num(n, "nth", 1);
        e->more = parse_tristate(n, "more");
        e->inst = parse_tristate(n, "instance");
        if (parse_code(p, n, "code", &e->code_mode, &e->code) != 0) return -1;
        return parse_code(p, n, "result", &e->result_mode, &e->result);
    case CONFORM_EXPECT_HEADER:
        e->name = attr(n, "name");
        e->nth = (unsigned)attr_num(n, "request", 1);
        return 0;
    case CONFORM_EXPECT_JOURNAL:
        e->name = attr(n, "event");
        e->same_operation = attr_bool(n, "same-operation", 0);
        e->other_connection = attr_bool(n, "other-connection", 0);
        e->after = attr(n, "after");
        return 0;
    case CONFORM_EXPECT_OBSERVE: e->what = attr(n, "what"); return 0;
    case CONFORM_EXPECT_STREAMED: return parse_streamed(p, n, e);
    case CONFORM_EXPECT_RSS:
        e->max_growth_kb = (unsigned)attr_num(n, "max-growth-kb", 0);
        return 0;
    default: return 0;
    }
}

static int parse_expects(parse_ctx *p, xmlNodePtr node, conform_case_spec *spec)
{
    for (xmlNodePtr n = node->children; n != NULL; n = n->next) {
        if (!is_elem(n, NULL)) continue;
        size_t i;
        for (i = 0; i < sizeof expect_names / sizeof expect_names[0]; i++)
            if (is_elem(n, expect_names[i].name)) break;
        if (i == sizeof expect_names / sizeof expect_names[0])
            return fail(p, n, "unknown expectation <%s>", (const char *)n->name);
        conform_case_expect *t = realloc(spec->expects, (spec->n_expects + 1) * sizeof *t);
        if (t == NULL) return fail(p, n, "out of memory");
        spec->expects = t;
        conform_case_expect *e = &t[spec->n_expects++];
        memset(e, 0, sizeof *e);
        e->kind = expect_names[i].kind;
        e->line = (int)xmlGetLineNo(n);
        e->ack = -1;
        if (parse_expect_common(p, n, e) != 0 || parse_expect_kind(p, n, e) != 0) return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- the case */

static int fail_line(parse_ctx *p, int line, unsigned op, unsigned ops)
{
    snprintf(p->err, p->errlen, "%s:%d: op=\"%u\", but the case starts %u operation%s", p->file,
             line, op, ops, ops == 1 ? "" : "s");
    return -1;
}

/* A step or expectation naming an operation the row never starts would be judged against
 * nothing and blamed on the implementation: it is the table's error. Rows that repeat their
 * call (soak) start a scaled number of operations and are not checked. */
static int check_op_refs(parse_ctx *p, const conform_case_spec *spec)
{
    if (spec->call.repeat > 1) return 0;
    unsigned ops = 1;
    for (size_t i = 0; i < spec->n_steps; i++) ops += spec->steps[i].kind == CONFORM_STEP_INVOKE_AGAIN;
    for (size_t i = 0; i < spec->n_steps; i++)
        if (spec->steps[i].op > ops) return fail_line(p, spec->steps[i].line, spec->steps[i].op, ops);
    for (size_t i = 0; i < spec->n_expects; i++) {
        unsigned op = spec->expects[i].op;
        if (op != UINT32_MAX && op > ops) return fail_line(p, spec->expects[i].line, op, ops);
    }
    return 0;
}

conform_case_spec *conform_case_parse_spec(xmlNodePtr case_node, const char *file, char *err,
                                           size_t errlen)
{
    parse_ctx p = {file, err, errlen};
    conform_case_spec *spec = calloc(1, sizeof *spec);
    if (spec == NULL) {
        fail(&p, case_node, "out of memory");
        return NULL;
    }
    char *reach = attr(case_node, "reaches-server");
    spec->reaches_server = reach == NULL                ? CONFORM_REACH_EITHER
                           : strcmp(reach, "yes") == 0 ? CONFORM_REACH_YES
                           : strcmp(reach, "no") == 0  ? CONFORM_REACH_NO
                                                       : CONFORM_REACH_EITHER;
    free(reach);
    spec->watchdog_ms = (unsigned)attr_num(case_node, "watchdog-ms", 0);
    spec->case_ms = (unsigned)attr_num(case_node, "case-ms", 0);
    xmlNodePtr note = child(case_node, "note");
    if (note != NULL) spec->note = own_text(note);
    xmlNodePtr call = child(case_node, "call"), expect = child(case_node, "expect");
    int rc = parse_session(child(case_node, "session"), &spec->session);
    if (rc == 0 && call != NULL) rc = parse_call(&p, call, &spec->call);
    if (rc == 0) rc = parse_steps(&p, child(case_node, "steps"), case_node, spec);
    if (rc == 0 && expect != NULL) rc = parse_expects(&p, expect, spec);
    if (rc == 0) rc = check_op_refs(&p, spec);
    if (rc != 0) {
        conform_case_spec_free(spec);
        return NULL;
    }
    return spec;
}

/*
 * case_parse - one <case> element (already valid against cases.xsd) into a conform_case_spec:
 * its session, its call, its steps and its expectations, the last two through the tables of
 * their kinds (actions.c, expect_kinds.c).
 *
 * The schema has checked shapes and enumerations; this file checks what it cannot (a value's
 * text fits its type, a bound or result name is known) and reports "file:line: problem".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/actions.h"
#include "harness/case_load.h"
#include "harness/expect_int.h"

/* ---------------------------------------------------------------- the call */

/* on-final / on-streamed (actions.c); absent: nothing. */
static int parse_cb_action(const char *t, conform_case_cb_action *a)
{
    const conform_cb_action_info *action = t != NULL ? conform_cb_action_named(t) : NULL;
    *a = action != NULL ? action->action : CONFORM_CB_NOTHING;
    return t == NULL || action != NULL ? 0 : -1;
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

static int parse_callbacks(conform_xml_ctx *p, xmlNodePtr node, conform_case_call *call)
{
    conform_case_callbacks *cb = &call->callbacks;
    cb->instance_result = call->mode == CONFORM_CASE_ASYNC;
    cb->respond = MI_OperationCallback_ResponseType_Yes;
    if (node == NULL) return 0;
    char *respond = kit_xml_attr(node, "respond");
    int bad = respond != NULL && parse_response(respond, &cb->respond) != 0;
    free(respond);
    if (bad) return conform_xml_fail(p, node, "unknown response");
    cb->instance_result = kit_xml_attr_bool(node, "instance-result", cb->instance_result);
    cb->streamed = kit_xml_attr_bool(node, "streamed", 0);
    cb->write_message = kit_xml_attr_bool(node, "write-message", 0);
    cb->write_error = kit_xml_attr_bool(node, "write-error", 0);
    cb->write_progress = kit_xml_attr_bool(node, "write-progress", 0);
    cb->prompt_user = kit_xml_attr_bool(node, "prompt-user", 0);
    cb->null_context = kit_xml_attr_bool(node, "null-context", 0);
    char *f = kit_xml_attr(node, "on-final"), *s = kit_xml_attr(node, "on-streamed");
    int rc = parse_cb_action(f, &cb->on_final) | parse_cb_action(s, &cb->on_streamed);
    free(f);
    free(s);
    return rc == 0 ? 0 : conform_xml_fail(p, node, "unknown callback action");
}

static int parse_options(conform_xml_ctx *p, xmlNodePtr node, conform_case_options *o)
{
    o->timeout_ms = -1;
    if (node == NULL) return 0;
    o->present = 1;
    o->timeout_ms = conform_xml_num(node, "timeout-ms", -1);
    o->resource_uri = kit_xml_attr(node, "resource-uri");
    o->resource_uri_prefix = kit_xml_attr(node, "resource-uri-prefix");
    o->must_understand = kit_xml_attr_bool(node, "must-understand", 0);
    o->delete_after_invoke = kit_xml_attr_bool(node, "delete-after-invoke", 0);
    for (xmlNodePtr n = node->children; n != NULL; n = n->next) {
        if (!kit_xml_is(n, "custom")) continue;
        conform_case_custom_option *t = realloc(o->custom, (o->n_custom + 1) * sizeof *t);
        if (t == NULL) return conform_xml_nomem(p, n);
        o->custom = t;
        conform_case_custom_option *c = &t[o->n_custom++];
        memset(c, 0, sizeof *c);
        c->name = kit_xml_attr(n, "name");
        c->must_comply = kit_xml_attr_bool(n, "must-comply", 0);
        if (conform_xml_value(p, n, &c->value) != 0) return -1;
    }
    return 0;
}

static int parse_call(conform_xml_ctx *p, xmlNodePtr node, conform_case_call *call)
{
    char *mode = kit_xml_attr(node, "mode");
    call->mode = mode && strcmp(mode, "async") == 0 ? CONFORM_CASE_ASYNC : CONFORM_CASE_SYNC;
    free(mode);
    call->flags = (uint32_t)conform_xml_num(node, "flags", 0);
    call->namespace_name = kit_xml_attr(node, "namespace");
    call->class_name = kit_xml_attr(node, "class");
    call->method = kit_xml_attr(node, "method");
    char *s = kit_xml_attr(node, "session"), *o = kit_xml_attr(node, "operation");
    call->null_session = s != NULL;
    call->null_operation = o != NULL;
    free(s);
    free(o);
    call->repeat = (uint64_t)conform_xml_num(node, "repeat", 1);
    call->concurrent = (uint64_t)conform_xml_num(node, "concurrent", 0);
    if (call->concurrent > 0 && call->mode != CONFORM_CASE_ASYNC)
        return conform_xml_fail(p, node, "concurrent invokes need mode=\"async\"");
    xmlNodePtr inst = kit_xml_child(node, "instance"), params = kit_xml_child(node, "params");
    if (inst != NULL) {
        call->has_instance = 1;
        if (conform_xml_instance(p, inst, &call->instance) != 0) return -1;
    }
    if (params != NULL) {
        call->has_params = 1;
        if (conform_xml_instance(p, params, &call->params) != 0) return -1;
        if (call->params.class_name == NULL) call->params.class_name = strdup("Parameters");
    }
    if (parse_options(p, kit_xml_child(node, "options"), &call->options) != 0) return -1;
    return parse_callbacks(p, kit_xml_child(node, "callbacks"), call);
}

/* A session is opened as real users open one (README "Validating a third-party
 * implementation"): Basic credentials and the documented URL prefix unless the row says
 * otherwise, so that no row depends on how an implementation treats a session without
 * credentials or a prefix in another form (URL-1/URL-2 and their rows test those). */
static int parse_session(conform_xml_ctx *p, xmlNodePtr node, conform_case_session *s)
{
    char *creds = node ? kit_xml_attr(node, "credentials") : NULL;
    int no_creds = creds != NULL && strcmp(creds, "none") == 0;
    free(creds);
    s->set_url_prefix = node ? kit_xml_attr_bool(node, "set-url-prefix", 1) : 1;
    s->user = node ? kit_xml_attr(node, "user") : NULL;
    s->password = node ? kit_xml_attr(node, "password") : NULL;
    s->url_prefix = node ? kit_xml_attr(node, "url-prefix") : NULL;
    char *port = node ? kit_xml_attr(node, "port") : NULL;
    s->port = port && strcmp(port, "closed") == 0 ? CONFORM_PORT_CLOSED : CONFORM_PORT_MOCK;
    free(port);
    if (!no_creds && s->user == NULL) s->user = strdup(CONFORM_SESSION_USER);
    if (!no_creds && s->password == NULL) s->password = strdup(CONFORM_SESSION_PASSWORD);
    if (s->set_url_prefix && s->url_prefix == NULL)
        s->url_prefix = strdup(CONFORM_SESSION_URL_PREFIX);
    /* Only a default that could not be copied leaves one of them NULL here. */
    if ((!no_creds && (s->user == NULL || s->password == NULL)) ||
        (s->set_url_prefix && s->url_prefix == NULL)) {
        p->nomem = 1;
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- steps */

/* One element under <steps>, its kind's own reading given by the table (actions.c). */
static int parse_step(conform_xml_ctx *p, xmlNodePtr n, conform_case_step *st)
{
    const conform_step_kind_info *kind = conform_step_kind_named((const char *)n->name);
    if (kind == NULL)
        return conform_xml_fail(p, n, "unknown step <%s>", (const char *)n->name);
    st->kind = kind->kind;
    st->line = (int)xmlGetLineNo(n);
    st->count = (unsigned)conform_xml_num(n, "count", 1);
    st->ms = (unsigned)conform_xml_num(n, "ms", 0);
    st->async = kit_xml_attr_bool(n, "async", 0);
    st->reason = (int)conform_xml_num(n, "reason", 0);
    st->op = (unsigned)conform_xml_num(n, "op", 0);
    st->what = kind->what != NULL ? kit_xml_attr(n, kind->what) : NULL;
    st->resume = kit_xml_attr_bool(n, "resume", 0);
    st->close = kit_xml_attr_bool(n, "close", 0);
    st->given = kit_xml_attr_bool(n, "given", kind->given_by_default);
    st->answer = MI_OperationCallback_ResponseType_Yes;
    char *answer = kit_xml_attr(n, "answer");
    int bad = answer != NULL && (parse_response(answer, &st->answer) != 0 ||
                                 st->answer == CONFORM_RESPOND_LATER);
    free(answer);
    return bad ? conform_xml_fail(p, n, "unknown answer") : 0;
}

/* Without <steps>: collect the result (drain or wait-final), then close; both carry the
 * line of the row's <case>, where a report that names them sends the reader. */
static int default_steps(conform_case_spec *spec, int line)
{
    spec->steps = calloc(2, sizeof *spec->steps);
    if (spec->steps == NULL) return -1;
    spec->n_steps = 2;
    spec->steps[0].kind =
        spec->call.mode == CONFORM_CASE_ASYNC || spec->call.callbacks.instance_result
            ? CONFORM_STEP_WAIT_FINAL
            : CONFORM_STEP_DRAIN;
    spec->steps[1].kind = CONFORM_STEP_CLOSE;
    spec->steps[0].line = spec->steps[1].line = line;
    return 0;
}

static int parse_steps(conform_xml_ctx *p, xmlNodePtr node, xmlNodePtr case_node,
                       conform_case_spec *spec)
{
    if (node == NULL && default_steps(spec, (int)xmlGetLineNo(case_node)) != 0)
        return conform_xml_nomem(p, case_node);
    if (node == NULL) return 0;
    for (xmlNodePtr n = node->children; n != NULL; n = n->next) {
        if (!conform_xml_is_element(n)) continue;
        conform_case_step *t = realloc(spec->steps, (spec->n_steps + 1) * sizeof *t);
        if (t == NULL) return conform_xml_nomem(p, n);
        spec->steps = t;
        memset(&t[spec->n_steps], 0, sizeof *t);
        if (parse_step(p, n, &t[spec->n_steps++]) != 0) return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- expectations */

/* Each element under <expect> through its kind's parser (expect_kinds.c). */
static int parse_expects(conform_xml_ctx *p, xmlNodePtr node, conform_case_spec *spec)
{
    for (xmlNodePtr n = node->children; n != NULL; n = n->next) {
        if (!conform_xml_is_element(n)) continue;
        const conform_expect_kind_info *kind = conform_expect_kind_named((const char *)n->name);
        if (kind == NULL)
            return conform_xml_fail(p, n, "unknown expectation <%s>", (const char *)n->name);
        conform_case_expect *t = realloc(spec->expects, (spec->n_expects + 1) * sizeof *t);
        if (t == NULL) return conform_xml_nomem(p, n);
        spec->expects = t;
        conform_case_expect *e = &t[spec->n_expects++];
        memset(e, 0, sizeof *e);
        e->kind = kind->kind;
        e->line = (int)xmlGetLineNo(n);
        e->ack = -1;
        if (conform_expect_parse_common(p, n, e) != 0) return -1;
        if (kind->parse != NULL && kind->parse(p, n, e) != 0) return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- the case */

static int fail_line(conform_xml_ctx *p, int line, unsigned op, unsigned ops)
{
    snprintf(p->err, p->errlen, "%s:%d: op=\"%u\", but the case starts %u operation%s", p->file,
             line, op, ops, ops == 1 ? "" : "s");
    return -1;
}

/* A step or expectation naming an operation the row never starts would be judged against
 * nothing and blamed on the implementation: it is the table's error. Rows that repeat their
 * call (soak) start a scaled number of operations and are not checked. */
static int check_op_refs(conform_xml_ctx *p, const conform_case_spec *spec)
{
    if (spec->call.repeat > 1) return 0;
    unsigned ops = 1;
    for (size_t i = 0; i < spec->n_steps; i++)
        ops += spec->steps[i].kind == CONFORM_STEP_INVOKE_AGAIN;
    for (size_t i = 0; i < spec->n_steps; i++)
        if (spec->steps[i].op > ops)
            return fail_line(p, spec->steps[i].line, spec->steps[i].op, ops);
    for (size_t i = 0; i < spec->n_expects; i++) {
        unsigned op = spec->expects[i].op;
        if (op != UINT32_MAX && op > ops) return fail_line(p, spec->expects[i].line, op, ops);
    }
    return 0;
}

conform_status conform_case_parse_spec(xmlNodePtr case_node, const char *file,
                                       conform_case_spec **out, char *err, size_t errlen)
{
    conform_xml_ctx p = {file, err, errlen, 0};
    conform_case_spec *spec = calloc(1, sizeof *spec);
    *out = NULL;
    if (spec == NULL) {
        conform_xml_nomem(&p, case_node);
        return CONFORM_E_NOMEM;
    }
    char *reach = kit_xml_attr(case_node, "reaches-server");
    spec->reaches_server = reach == NULL                ? CONFORM_REACH_EITHER
                           : strcmp(reach, "yes") == 0 ? CONFORM_REACH_YES
                           : strcmp(reach, "no") == 0  ? CONFORM_REACH_NO
                                                       : CONFORM_REACH_EITHER;
    free(reach);
    spec->watchdog_ms = (unsigned)conform_xml_num(case_node, "watchdog-ms", 0);
    spec->case_ms = (unsigned)conform_xml_num(case_node, "case-ms", 0);
    xmlNodePtr note = kit_xml_child(case_node, "note");
    if (note != NULL) spec->note = conform_xml_own_text(note);
    xmlNodePtr call = kit_xml_child(case_node, "call"), expect = kit_xml_child(case_node, "expect");
    int rc = parse_session(&p, kit_xml_child(case_node, "session"), &spec->session);
    if (rc == 0 && call != NULL) rc = parse_call(&p, call, &spec->call);
    if (rc == 0) rc = parse_steps(&p, kit_xml_child(case_node, "steps"), case_node, spec);
    if (rc == 0 && expect != NULL) rc = parse_expects(&p, expect, spec);
    if (rc == 0) rc = check_op_refs(&p, spec);
    if (rc != 0) {
        conform_case_spec_free(spec);
        return p.nomem ? CONFORM_E_NOMEM : CONFORM_E_INVALID;
    }
    *out = spec;
    return CONFORM_OK;
}

/*
 * expect_parse - each kind of expectation read from its element under <expect> (the kinds and
 * their elements: expect_kinds.c; the attributes: cases.xsd).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/expect_int.h"

/* A result attribute: "non-OK", a result name or a number; absent means any. */
static int parse_code(conform_xml_ctx *p, xmlNodePtr n, const char *name,
                      conform_expect_code_mode *mode, int *code)
{
    char *t = kit_xml_attr(n, name);
    int rc = 0;
    *mode = CONFORM_CODE_ANY;
    if (t == NULL) return 0;
    if (strcmp(t, "non-OK") == 0) *mode = CONFORM_CODE_NON_OK;
    else if (conform_case_result_parse(t, code) == 0) *mode = CONFORM_CODE_EXACT;
    else rc = conform_xml_fail(p, n, "unknown result '%s'", t);
    free(t);
    return rc;
}

/* A boolean attribute that may be left out: -1 absent, else 0 or 1. */
static int parse_tristate(xmlNodePtr n, const char *name)
{
    char *t = kit_xml_attr(n, name);
    int r = t == NULL ? -1 : (strcmp(t, "true") == 0 || strcmp(t, "1") == 0);
    free(t);
    return r;
}

int conform_expect_parse_common(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    char *op = kit_xml_attr(n, "op");
    e->op = op == NULL ? 0 : strcmp(op, "*") == 0 ? UINT32_MAX : (unsigned)strtoul(op, NULL, 10);
    free(op);
    char *within = kit_xml_attr(n, "within");
    int rc = 0;
    if (within != NULL && conform_case_bound_parse(within, &e->within) != 0)
        rc = conform_xml_fail(p, n, "bad bound '%s'", within);
    free(within);
    e->from = kit_xml_attr(n, "from");
    e->absent = kit_xml_attr_bool(n, "absent", 0);
    e->contains = kit_xml_attr(n, "contains");
    e->equals = kit_xml_attr(n, "equals");
    e->min = (int)conform_xml_num(n, "min", -1);
    e->max = (int)conform_xml_num(n, "max", -1);
    long long count = conform_xml_num(n, "count", -1);
    if (count >= 0) e->min = e->max = (int)count;
    e->given = kit_xml_attr_bool(n, "given", 0);
    return rc;
}

int conform_expect_parse_final(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    return parse_code(p, n, "code", &e->code_mode, &e->code);
}

int conform_expect_parse_error_string(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    (void)p;
    e->absent = !kit_xml_attr_bool(n, "present", 1);
    return 0;
}

int conform_expect_parse_error_details(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    (void)p;
    e->class_name = kit_xml_attr(n, "class");
    e->property = kit_xml_attr(n, "property");
    return 0;
}

/* <output name type null any-value> with the value as text or <item>s. */
int conform_expect_parse_output(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    e->name = kit_xml_attr(n, "name");
    char *type = kit_xml_attr(n, "type");
    if (type != NULL) {
        if (conform_case_type_parse(type, &e->type) != 0) {
            conform_xml_fail(p, n, "unknown type '%s'", type);
            free(type);
            return -1;
        }
        e->has_type = 1;
    }
    free(type);
    if (e->absent || kit_xml_attr_bool(n, "any-value", 0)) return 0;
    e->has_value = 1;
    e->value.type = e->has_type ? e->type : MI_STRING;
    e->value.is_null = kit_xml_attr_bool(n, "null", 0);
    if (e->value.is_null) return 0;
    if (kit_xml_child(n, "item") != NULL) {
        e->value.type |= MI_ARRAY;
        return conform_xml_value_items(p, n, &e->value);
    }
    char *text = conform_xml_own_text(n);
    if (conform_xml_push_string(&e->value.items, &e->value.n_items, text) != 0)
        return conform_xml_nomem(p, n);
    return 0;
}

int conform_expect_parse_callback(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    e->name = kit_xml_attr(n, "name");
    e->ctx_unchanged = kit_xml_attr_bool(n, "context-unchanged", 0);
    e->nth = (unsigned)conform_xml_num(n, "nth", 0);
    e->arg = kit_xml_attr(n, "arg");
    if ((e->arg == NULL) != (e->equals == NULL))
        return conform_xml_fail(p, n, "arg and equals go together");
    char *ack = kit_xml_attr(n, "ack");
    e->ack = ack == NULL ? -1 : strcmp(ack, "non-null") == 0;
    free(ack);
    return 0;
}

int conform_expect_parse_expression(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    e->expr = kit_xml_text(n);
    e->nth = (unsigned)conform_xml_num(n, "request", 1);
    return e->expr != NULL ? 0 : conform_xml_nomem(p, n);
}

int conform_expect_parse_call(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    e->name = kit_xml_attr(n, "name");
    e->nth = (unsigned)conform_xml_num(n, "nth", 1);
    e->more = parse_tristate(n, "more");
    e->inst = parse_tristate(n, "instance");
    if (parse_code(p, n, "code", &e->code_mode, &e->code) != 0) return -1;
    return parse_code(p, n, "result", &e->result_mode, &e->result);
}

int conform_expect_parse_header(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    (void)p;
    e->name = kit_xml_attr(n, "name");
    e->nth = (unsigned)conform_xml_num(n, "request", 1);
    return 0;
}

int conform_expect_parse_journal(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    (void)p;
    e->name = kit_xml_attr(n, "event");
    e->same_operation = kit_xml_attr_bool(n, "same-operation", 0);
    e->other_connection = kit_xml_attr_bool(n, "other-connection", 0);
    e->after = kit_xml_attr(n, "after");
    return 0;
}

int conform_expect_parse_observe(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    (void)p;
    e->what = kit_xml_attr(n, "what");
    return 0;
}

/* <streamed name type array-type count elements scaled> with <item>s: the values in order. */
int conform_expect_parse_streamed(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    e->name = kit_xml_attr(n, "name");
    char *type = kit_xml_attr(n, "type"), *atype = kit_xml_attr(n, "array-type");
    int rc = 0;
    if (type != NULL && atype != NULL) rc = conform_xml_fail(p, n, "type or array-type, not both");
    else if ((type || atype) && conform_case_type_parse(type ? type : atype, &e->type) != 0)
        rc = conform_xml_fail(p, n, "unknown type '%s'", type ? type : atype);
    else if (atype != NULL && !(e->type & MI_ARRAY))
        rc = conform_xml_fail(p, n, "array-type '%s' is not an array type", atype);
    e->has_type = rc == 0 && (type || atype);
    e->array_ok = atype != NULL;
    free(type);
    free(atype);
    if (rc != 0) return rc;
    e->elements = conform_xml_num(n, "elements", -1);
    e->scaled = kit_xml_attr_bool(n, "scaled", 0);
    if (kit_xml_child(n, "item") == NULL) return 0;
    e->has_value = 1;
    e->value.name = e->name ? strdup(e->name) : NULL;
    e->value.type = (MI_Type)((e->has_type ? e->type : MI_STRING) | MI_ARRAY);
    return conform_xml_value_items(p, n, &e->value);
}

int conform_expect_parse_rss(conform_xml_ctx *p, xmlNodePtr n, conform_case_expect *e)
{
    (void)p;
    e->max_growth_kb = (unsigned)conform_xml_num(n, "max-growth-kb", 0);
    return 0;
}

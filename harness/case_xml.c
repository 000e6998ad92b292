/*
 * case_xml - the helpers and the typed values both readers of a <case> element use.
 */
#include "harness/case_xml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int conform_xml_fail(conform_xml_ctx *p, xmlNodePtr node, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "%s:%ld: %s", p->file, node ? xmlGetLineNo(node) : 0L, msg);
    return -1;
}

int conform_xml_nomem(conform_xml_ctx *p, xmlNodePtr node)
{
    p->nomem = 1;
    return conform_xml_fail(p, node, "out of memory");
}

/* ---------------------------------------------------------------- xml helpers */

int conform_xml_is_element(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE;
}

long long conform_xml_num(xmlNodePtr node, const char *name, long long dflt)
{
    char *v = kit_xml_attr(node, name);
    if (v == NULL) return dflt;
    long long r = strtoll(v, NULL, 0);
    free(v);
    return r;
}

char *conform_xml_own_text(xmlNodePtr node)
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

int conform_xml_push_string(char ***v, size_t *n, char *s)
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

static int add_item(conform_xml_ctx *p, xmlNodePtr n, conform_case_value *v, MI_Type scalar)
{
    char *t = (char *)xmlNodeGetContent(n);
    char *s = t ? strdup(t) : NULL;
    xmlFree(t);
    if (conform_xml_push_string(&v->items, &v->n_items, s) != 0)
        return conform_xml_nomem(p, n);
    if (!text_fits(scalar, s))
        return conform_xml_fail(p, n, "'%s' is not a %s", s, conform_case_type_name(scalar));
    return 0;
}

static int add_instance(conform_xml_ctx *p, xmlNodePtr n, conform_case_value *v)
{
    conform_case_instance *t = realloc(v->instances, (v->n_instances + 1) * sizeof *t);
    if (t == NULL) return conform_xml_nomem(p, n);
    v->instances = t;
    memset(&t[v->n_instances], 0, sizeof *t);
    return conform_xml_instance(p, n, &t[v->n_instances++]);
}

int conform_xml_value_items(conform_xml_ctx *p, xmlNodePtr node, conform_case_value *v)
{
    MI_Type scalar = (MI_Type)(v->type & ~MI_ARRAY);
    int is_inst = scalar == MI_INSTANCE || scalar == MI_REFERENCE;
    for (xmlNodePtr n = node->children; n != NULL; n = n->next) {
        if (kit_xml_is(n, "item")) {
            if (is_inst || !(v->type & MI_ARRAY))
                return conform_xml_fail(p, n, "item in value '%s' of type %s", v->name,
                                        conform_case_type_name(v->type));
            if (add_item(p, n, v, scalar) != 0) return -1;
        } else if (kit_xml_is(n, "instance")) {
            if (!is_inst)
                return conform_xml_fail(p, n, "instance in value '%s' of type %s", v->name,
                                        conform_case_type_name(v->type));
            if (add_instance(p, n, v) != 0) return -1;
        }
    }
    return 0;
}

static int parse_scalar_text(conform_xml_ctx *p, xmlNodePtr node, conform_case_value *v)
{
    MI_Type scalar = (MI_Type)(v->type & ~MI_ARRAY);
    if ((v->type & MI_ARRAY) || scalar == MI_INSTANCE || scalar == MI_REFERENCE) {
        if (!(v->type & MI_ARRAY) && v->n_instances != 1)
            return conform_xml_fail(p, node, "value '%s' of type %s needs exactly one instance",
                                    v->name, conform_case_type_name(v->type));
        return 0;
    }
    char *t = conform_xml_own_text(node);
    if (conform_xml_push_string(&v->items, &v->n_items, t) != 0)
        return conform_xml_nomem(p, node);
    if (!text_fits(scalar, t))
        return conform_xml_fail(p, node, "'%s' is not a %s", t, conform_case_type_name(scalar));
    return 0;
}

int conform_xml_value(conform_xml_ctx *p, xmlNodePtr node, conform_case_value *v)
{
    char *type = kit_xml_attr(node, "type");
    int rc = conform_case_type_parse(type, &v->type);
    if (rc != 0) conform_xml_fail(p, node, "unknown type '%s'", type ? type : "");
    free(type);
    if (rc != 0) return -1;
    v->name = kit_xml_attr(node, "name");
    v->is_null = kit_xml_attr_bool(node, "null", 0);
    v->is_key = kit_xml_attr_bool(node, "key", 0);
    if (v->is_null) return 0;
    if (conform_xml_value_items(p, node, v) != 0) return -1;
    return parse_scalar_text(p, node, v);
}

int conform_xml_instance(conform_xml_ctx *p, xmlNodePtr node, conform_case_instance *out)
{
    out->class_name = kit_xml_attr(node, "class");
    out->namespace_name = kit_xml_attr(node, "namespace");
    for (xmlNodePtr n = node->children; n != NULL; n = n->next) {
        if (!kit_xml_is(n, "property") && !kit_xml_is(n, "param")) continue;
        conform_case_value *t = realloc(out->props, (out->n_props + 1) * sizeof *t);
        if (t == NULL) return conform_xml_nomem(p, n);
        out->props = t;
        memset(&t[out->n_props], 0, sizeof *t);
        if (conform_xml_value(p, n, &t[out->n_props++]) != 0) return -1;
    }
    return 0;
}

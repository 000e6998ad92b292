/*
 * values_read.c - WS-Management XML elements back into MI values (INV-5): the wire's type when
 * it states one (xsi:type, or the caller's type such as MS-WSMV's i:Type), else MI_STRING for
 * text, arrays from repeated elements, cim:Datetime/cim:Interval as MI_DATETIME, elements with
 * element children as embedded MI_INSTANCE, endpoint references as MI_REFERENCE.
 *
 * Values are built in the form MI_FLAG_ADOPT hands over to an instance (malloc'd strings and
 * arrays, instances from mimodel_instance_new), so nothing is copied twice.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wsman/wsman_int.h"

static int is_nil(const xmlNode *node)
{
    char *v = wsman_attr(node, WSMAN_NS_XSI, "nil");
    int nil = v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
    free(v);
    return nil;
}

static int is_epr(const xmlNode *node)
{
    return wsman_child(node, WSMAN_NS_WSA, "Address") != NULL ||
           wsman_child(node, WSMAN_NS_WSA, "ReferenceParameters") != NULL ||
           wsman_child(node, WSMAN_NS_WSA, "EndpointReference") != NULL;
}

static int is_datetime(const xmlNode *node)
{
    const xmlNode *c = wsman_first_element(node);
    return c != NULL && (wsman_node_is(c, WSMAN_NS_CIM, "Datetime") ||
                         wsman_node_is(c, WSMAN_NS_CIM, "Interval") ||
                         wsman_node_is(c, WSMAN_NS_CIM, "Date") ||
                         wsman_node_is(c, WSMAN_NS_CIM, "Time"));
}

/* The class an embedded instance's xsi:type names ("q:Foo_Type" -> "Foo"), malloc'd. */
static char *embedded_class(const xmlNode *node)
{
    char *t = wsman_attr(node, WSMAN_NS_XSI, "type");
    const char *ns = NULL;
    const char *local = t ? wsman_qname_resolve(node, t, &ns) : NULL;
    char *cls = NULL;
    if (local != NULL) {
        size_t n = strlen(local);
        if (n > 5 && strcmp(local + n - 5, "_Type") == 0) cls = strndup(local, n - 5);
        else cls = strdup(local);
    }
    free(t);
    return cls != NULL ? cls : strdup((const char *)node->name);
}

/* The type one element states or implies. */
static MI_Type infer_type(const xmlNode *node)
{
    char *t = wsman_attr(node, WSMAN_NS_XSI, "type");
    if (t != NULL) {
        const char *ns = NULL;
        const char *local = wsman_qname_resolve(node, t, &ns);
        MI_Type type;
        int known = wsman_type_from_xsi(local, &type) == 0;
        size_t n = local ? strlen(local) : 0;
        int inst = !known && n > 5 && strcmp(local + n - 5, "_Type") == 0;
        free(t);
        if (known) return type;
        if (inst) return MI_INSTANCE;
    }
    if (wsman_first_element(node) == NULL) return MI_STRING;
    if (is_datetime(node)) return MI_DATETIME;
    if (is_epr(node)) return MI_REFERENCE;
    return MI_INSTANCE;
}

/* Reads one non-nil element as `type` (a scalar type). */
static wsman_status read_item(const xmlNode *node, MI_Type type, MI_Value *out,
                              wsman_error *err)
{
    memset(out, 0, sizeof *out);
    if (type == MI_INSTANCE) {
        char *cls = embedded_class(node);
        if (cls == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
        wsman_status st = wsman_xml_read_instance(node, cls, &out->instance, err);
        free(cls);
        return st;
    }
    if (type == MI_REFERENCE) return wsman_xml_read_epr(node, &out->reference, err);
    const xmlNode *holder = node;
    if (type == MI_DATETIME && wsman_first_element(node) != NULL)
        holder = wsman_first_element(node);
    char *text = wsman_node_text(holder);
    if (text == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    wsman_status st = wsman_status_of(mimodel_value_from_text(text, type, out));
    if (st == WSMAN_E_VALUE)
        wsman_fail_at(err, st, node, "element %s: '%.60s' is not a valid %s", node->name, text,
                      mimodel_type_name(type) ? mimodel_type_name(type) : "value");
    else if (st != WSMAN_OK)
        wsman_fail_at(err, st, node, "element %s: cannot read the value", node->name);
    free(text);
    return st;
}

static wsman_status read_array(const xmlNode *const *nodes, size_t n, MI_Type scalar,
                               MI_Value *value, wsman_error *err)
{
    size_t size = mimodel_type_element_size(scalar);
    memset(value, 0, sizeof *value);
    if (n > 0xFFFFFFFFu) return wsman_fail(err, WSMAN_E_LIMIT, 0, 0, "array too long");
    char *data = calloc(n ? n : 1, size);
    if (data == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    value->array.data = data;
    for (size_t i = 0; i < n; i++) {
        MI_Value item;
        wsman_status st = is_nil(nodes[i])
            ? wsman_fail_at(err, WSMAN_E_VALUE, nodes[i], "element %s: xsi:nil inside an array",
                            nodes[i]->name)
            : read_item(nodes[i], scalar, &item, err);
        if (st != WSMAN_OK) {
            mimodel_value_clear(value, (MI_Type)(scalar | MI_ARRAY));
            return st;
        }
        memcpy(data + i * size, &item, size);
        value->array.size = (MI_Uint32)(i + 1);
    }
    return WSMAN_OK;
}

wsman_status wsman_xml_read_value(const xmlNode *const *nodes, size_t n, int want_type,
                                  MI_Value *value, MI_Type *type, MI_Uint32 *flags,
                                  wsman_error *err)
{
    memset(value, 0, sizeof *value);
    *flags = 0;
    if (n == 0) return wsman_fail(err, WSMAN_E_VALUE, 0, 0, "no element for the value");
    MI_Type t = want_type >= 0 ? (MI_Type)want_type : infer_type(nodes[0]);
    if (want_type < 0 && n > 1) t = (MI_Type)(t | MI_ARRAY);
    *type = t;
    if (n == 1 && is_nil(nodes[0])) {
        *flags = MI_FLAG_NULL;
        return WSMAN_OK;
    }
    if (mimodel_type_is_array(t)) return read_array(nodes, n, (MI_Type)(t & ~MI_ARRAY), value, err);
    if (n > 1)
        return wsman_fail_at(err, WSMAN_E_VALUE, nodes[1], "element %s repeated for a scalar",
                             nodes[1]->name);
    return read_item(nodes[0], t, value, err);
}

/* ---------------------------------------------------------------- instances */

typedef struct named_node {
    const xmlNode *node;
    size_t index;
} named_node;

static int by_name_then_index(const void *a, const void *b)
{
    const named_node *x = a, *y = b;
    int c = strcasecmp((const char *)x->node->name, (const char *)y->node->name);
    if (c != 0) return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

typedef struct group {
    size_t first; /* index of the group's first element in document order */
    size_t start, n;
} group;

static int by_first(const void *a, const void *b)
{
    const group *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first;
}

static wsman_status add_group(MI_Instance *inst, const named_node *members, size_t n,
                              wsman_error *err)
{
    const xmlNode **nodes = malloc(n * sizeof *nodes);
    if (nodes == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) nodes[i] = members[i].node;
    MI_Value v;
    MI_Type type;
    MI_Uint32 flags;
    wsman_status st = wsman_xml_read_value(nodes, n, -1, &v, &type, &flags, err);
    free(nodes);
    if (st != WSMAN_OK) return st;
    const char *name = (const char *)members[0].node->name;
    MI_Result r = (flags & MI_FLAG_NULL)
                      ? MI_Instance_AddElement(inst, name, NULL, type, MI_FLAG_NULL)
                      : MI_Instance_AddElement(inst, name, &v, type, MI_FLAG_ADOPT);
    if (r != MI_RESULT_OK) {
        mimodel_value_clear(&v, type);
        return wsman_fail_at(err, r == MI_RESULT_SERVER_LIMITS_EXCEEDED ? WSMAN_E_NOMEM
                                                                        : WSMAN_E_VALUE,
                             members[0].node, "element %s cannot be added (MI result %d)",
                             name, (int)r);
    }
    return WSMAN_OK;
}

static wsman_status fill_instance(MI_Instance *inst, const xmlNode *parent, wsman_error *err)
{
    size_t n = 0;
    for (xmlNode *c = wsman_first_element(parent); c != NULL; c = wsman_next_element(c)) n++;
    if (n == 0) return WSMAN_OK;
    named_node *all = malloc(n * sizeof *all);
    group *groups = malloc(n * sizeof *groups);
    wsman_status st = WSMAN_OK;
    if (all == NULL || groups == NULL) {
        st = wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
        goto done;
    }
    size_t i = 0;
    for (xmlNode *c = wsman_first_element(parent); c != NULL; c = wsman_next_element(c), i++)
        all[i] = (named_node){c, i};
    /* Group repeated names (an array) in O(n log n), then keep document order of groups. */
    qsort(all, n, sizeof *all, by_name_then_index);
    size_t ng = 0;
    for (i = 0; i < n; i++) {
        if (i == 0 || strcasecmp((const char *)all[i].node->name,
                                 (const char *)all[i - 1].node->name) != 0)
            groups[ng++] = (group){all[i].index, i, 0};
        groups[ng - 1].n++;
    }
    qsort(groups, ng, sizeof *groups, by_first);
    for (i = 0; i < ng && st == WSMAN_OK; i++)
        st = add_group(inst, all + groups[i].start, groups[i].n, err);
done:
    free(all);
    free(groups);
    return st;
}

wsman_status wsman_xml_read_instance(const xmlNode *parent, const char *class_name,
                                     MI_Instance **out, wsman_error *err)
{
    *out = NULL;
    MI_Instance *inst = NULL;
    MI_Result r = mimodel_instance_new(class_name && *class_name ? class_name : "Instance", &inst);
    if (r != MI_RESULT_OK)
        return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "cannot create instance of %s", class_name);
    wsman_status st = fill_instance(inst, parent, err);
    if (st != WSMAN_OK) {
        MI_Instance_Delete(inst);
        return st;
    }
    *out = inst;
    return WSMAN_OK;
}

/* ---------------------------------------------------------------- endpoint references */

static wsman_status add_selector(MI_Instance *inst, const xmlNode *sel, wsman_error *err)
{
    char *name = wsman_attr(sel, NULL, "Name");
    if (name == NULL || !*name) {
        free(name);
        return wsman_fail_at(err, WSMAN_E_VALUE, sel, "Selector without a Name");
    }
    wsman_status st = WSMAN_OK;
    MI_Result r;
    if (strcmp(name, "__cimnamespace") == 0) {
        char *text = wsman_node_text_trimmed(sel);
        r = text ? MI_Instance_SetNameSpace(inst, text) : MI_RESULT_SERVER_LIMITS_EXCEEDED;
        free(text);
    } else if (wsman_first_element(sel) != NULL) {
        MI_Value v;
        st = wsman_xml_read_epr(sel, &v.reference, err);
        r = st == WSMAN_OK ? MI_Instance_AddElement(inst, name, &v, MI_REFERENCE,
                                                    MI_FLAG_KEY | MI_FLAG_ADOPT)
                           : MI_RESULT_OK;
        if (st == WSMAN_OK && r != MI_RESULT_OK) MI_Instance_Delete(v.reference);
    } else {
        MI_Value v;
        v.string = wsman_node_text(sel);
        r = v.string ? MI_Instance_AddElement(inst, name, &v, MI_STRING,
                                              MI_FLAG_KEY | MI_FLAG_ADOPT)
                     : MI_RESULT_SERVER_LIMITS_EXCEEDED;
        if (r != MI_RESULT_OK) free(v.string);
    }
    if (st == WSMAN_OK && r != MI_RESULT_OK)
        st = wsman_fail_at(err, WSMAN_E_VALUE, sel, "selector %s cannot be added (MI result %d)",
                           name, (int)r);
    free(name);
    return st;
}

wsman_status wsman_xml_read_epr(const xmlNode *node, MI_Instance **out, wsman_error *err)
{
    *out = NULL;
    const xmlNode *epr = wsman_child(node, WSMAN_NS_WSA, "EndpointReference");
    if (epr != NULL) node = epr;
    const xmlNode *rp = wsman_child(node, WSMAN_NS_WSA, "ReferenceParameters");
    const xmlNode *uri = wsman_child(rp, WSMAN_NS_WSMAN, "ResourceURI");
    char *text = uri ? wsman_node_text_trimmed(uri) : NULL;
    char *cls = NULL, *nsname = NULL;
    if (text == NULL || wsman_resource_uri_split(text, &cls, &nsname) != 0) {
        free(text);
        return wsman_fail_at(err, WSMAN_E_VALUE, node, "endpoint reference in %s without a "
                             "wsman:ResourceURI naming a class", node->name);
    }
    free(text);
    MI_Instance *inst = NULL;
    wsman_status st = WSMAN_OK;
    if (mimodel_instance_new(cls, &inst) != MI_RESULT_OK)
        st = wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    if (st == WSMAN_OK && nsname != NULL) MI_Instance_SetNameSpace(inst, nsname);
    const xmlNode *set = wsman_child(rp, WSMAN_NS_WSMAN, "SelectorSet");
    for (const xmlNode *s = wsman_first_element(set); st == WSMAN_OK && s != NULL;
         s = wsman_next_element(s))
        if (wsman_node_is(s, WSMAN_NS_WSMAN, "Selector")) st = add_selector(inst, s, err);
    free(cls);
    free(nsname);
    if (st != WSMAN_OK) {
        if (inst != NULL) MI_Instance_Delete(inst);
        return st;
    }
    *out = inst;
    return WSMAN_OK;
}

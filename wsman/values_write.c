/*
 * values_write.c - MI values as WS-Management XML elements (wsman-invoke.md "Request", body):
 * scalars as text, arrays as the element repeated, NULL as xsi:nil, datetimes inside
 * cim:Datetime / cim:Interval, embedded instances in their class namespace with
 * xsi:type="q:<Class>_Type", references as endpoint references.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wsman/wsman_int.h"

/* Text XML 1.0 can carry: valid UTF-8 without control characters other than tab/LF/CR. */
static int xml_text_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    while (left > 0) {
        int len = (int)(left > 4 ? 4 : left);
        int c = xmlGetUTF8Char(p, &len);
        if (c < 0) return 0;
        if ((c < 0x20 && c != 0x9 && c != 0xA && c != 0xD) || c == 0xFFFE || c == 0xFFFF)
            return 0;
        p += len;
        left -= (size_t)len;
    }
    return 1;
}

static void set_xsi_type(wsman_writer *w, xmlNodePtr node, const char *qname)
{
    if (qname == NULL) return;
    wsman_writer_ns_for_qname(w, qname); /* "cim:cimString" needs cim declared */
    wsman_writer_attr(w, node, wsman_writer_ns(w, WSMAN_PFX_XSI), "type", qname);
}

static wsman_status write_embedded(wsman_writer *w, xmlNodePtr parent, xmlNsPtr ns,
                                   const char *name, const MI_Instance *inst, int typed,
                                   int depth, wsman_error *err)
{
    const MI_Char *cls = NULL;
    if (MI_Instance_GetClassName(inst, &cls) != MI_RESULT_OK || cls == NULL || !*cls)
        return wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "embedded instance %s has no class", name);
    if (xmlValidateNCName((const xmlChar *)cls, 0) != 0)
        return wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "class name '%s' is not an XML name", cls);
    char prefix[16], href[512], type[300];
    /* A prefix per nesting level, so the element's own prefix is never redeclared on it. */
    snprintf(prefix, sizeof prefix, depth == 0 ? "q" : "q%d", depth + 1);
    snprintf(href, sizeof href, "%s%s", WSMAN_URI_DMTF_CLASS_PREFIX, cls);
    snprintf(type, sizeof type, "%s:%s_Type", prefix, cls);
    xmlNodePtr node = wsman_writer_elem(w, parent, ns, name, NULL);
    if (node == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    xmlNsPtr q = xmlNewNs(node, (const xmlChar *)href, (const xmlChar *)prefix);
    if (q == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    set_xsi_type(w, node, type);
    return wsman_xml_write_instance_elements(w, node, q, inst, typed, depth + 1, err);
}

static wsman_status write_item(wsman_writer *w, xmlNodePtr parent, xmlNsPtr ns, const char *name,
                               const MI_Value *v, MI_Type type, int typed, int depth,
                               wsman_error *err)
{
    if (type == MI_INSTANCE) return write_embedded(w, parent, ns, name, v->instance, typed,
                                                   depth, err);
    xmlNodePtr node;
    if (type == MI_REFERENCE) {
        node = wsman_writer_elem(w, parent, ns, name, NULL);
        if (node == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
        return wsman_xml_write_epr(w, node, v->reference, depth, err);
    }
    if (type == MI_STRING && !xml_text_ok(v->string))
        return wsman_fail(err, WSMAN_E_VALUE, 0, 0,
                          "string %s holds a character XML cannot carry or invalid UTF-8", name);
    char *text = mimodel_value_to_text(v, type);
    if (text == NULL)
        return wsman_fail(err, WSMAN_E_VALUE, 0, 0, "%s: value of type %s cannot be written",
                          name, mimodel_type_name(type) ? mimodel_type_name(type) : "?");
    if (type == MI_DATETIME) {
        node = wsman_writer_elem(w, parent, ns, name, NULL);
        wsman_writer_elem(w, node, wsman_writer_ns(w, WSMAN_PFX_CIM),
                          v->datetime.isTimestamp ? "Datetime" : "Interval", text);
    } else {
        node = wsman_writer_elem(w, parent, ns, name, text);
    }
    free(text);
    if (typed) set_xsi_type(w, node, wsman_xsi_type_name(type));
    return w->failed ? wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory") : WSMAN_OK;
}

/* Written as xsi:nil: a null value, and an array that claims items but has no buffer, which
 * has nothing to write (the model's copy refuses it; the writer must not read through it). */
static int value_is_null(const MI_Value *v, MI_Type type, MI_Uint32 flags)
{
    if (mimodel_value_is_null(v, type, flags)) return 1;
    return mimodel_type_is_array(type) && v->array.data == NULL && v->array.size > 0;
}

wsman_status wsman_xml_write_value(wsman_writer *w, xmlNodePtr parent, xmlNsPtr ns,
                                   const char *name, const MI_Value *value, MI_Type type,
                                   MI_Uint32 flags, int typed, int depth, wsman_error *err)
{
    if (name == NULL || xmlValidateNCName((const xmlChar *)name, 0) != 0)
        return wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "'%s' is not an XML element name",
                          name ? name : "(null)");
    MI_Type scalar = (MI_Type)(type & ~MI_ARRAY);
    size_t size = mimodel_type_element_size(scalar);
    if (size == 0) return wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "%s: bad type %d", name, type);
    if (value_is_null(value, type, flags)) {
        xmlNodePtr node = wsman_writer_elem(w, parent, ns, name, NULL);
        wsman_writer_attr(w, node, wsman_writer_ns(w, WSMAN_PFX_XSI), "nil", "true");
        if (typed && scalar != MI_INSTANCE && scalar != MI_REFERENCE)
            set_xsi_type(w, node, wsman_xsi_type_name(scalar));
        return w->failed ? wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory") : WSMAN_OK;
    }
    if (!mimodel_type_is_array(type)) return write_item(w, parent, ns, name, value, type, typed, depth,
                                                 err);
    for (MI_Uint32 i = 0; i < value->array.size; i++) {
        MI_Value item;
        memset(&item, 0, sizeof item);
        memcpy(&item, (const char *)value->array.data + i * size, size);
        if (value_is_null(&item, scalar, 0))
            return wsman_fail(err, WSMAN_E_VALUE, 0, 0, "%s[%u] is NULL inside an array", name, i);
        wsman_status st = write_item(w, parent, ns, name, &item, scalar, typed, depth, err);
        if (st != WSMAN_OK) return st;
    }
    return WSMAN_OK;
}

wsman_status wsman_xml_write_instance_elements(wsman_writer *w, xmlNodePtr parent, xmlNsPtr ns,
                                               const MI_Instance *inst, int typed, int depth,
                                               wsman_error *err)
{
    MI_Uint32 count = 0;
    if (inst == NULL) return WSMAN_OK;
    if (depth > 64) return wsman_fail(err, WSMAN_E_LIMIT, 0, 0, "instances nested too deep");
    if (MI_Instance_GetElementCount(inst, &count) != MI_RESULT_OK)
        return wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "not a usable instance");
    for (MI_Uint32 i = 0; i < count; i++) {
        const MI_Char *name = NULL;
        MI_Value v;
        MI_Type type;
        MI_Uint32 flags = 0;
        if (MI_Instance_GetElementAt(inst, i, &name, &v, &type, &flags) != MI_RESULT_OK)
            return wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "element %u unreadable", i);
        wsman_status st = wsman_xml_write_value(w, parent, ns, name, &v, type, flags, typed,
                                                depth, err);
        if (st != WSMAN_OK) return st;
    }
    return WSMAN_OK;
}

xmlNodePtr wsman_xml_write_instance_element(wsman_writer *w, xmlNodePtr parent,
                                            const MI_Instance *inst, int typed,
                                            wsman_error *err)
{
    const MI_Char *cls = NULL;
    if (MI_Instance_GetClassName(inst, &cls) != MI_RESULT_OK || cls == NULL ||
        xmlValidateNCName((const xmlChar *)cls, 0) != 0) {
        wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "instance without a usable class name");
        return NULL;
    }
    char href[512], type[300];
    snprintf(href, sizeof href, "%s%s", WSMAN_URI_DMTF_CLASS_PREFIX, cls);
    snprintf(type, sizeof type, "p:%s_Type", cls);
    xmlNodePtr node = wsman_writer_elem(w, parent, NULL, cls, NULL);
    xmlNsPtr p = node ? xmlNewNs(node, (const xmlChar *)href, (const xmlChar *)"p") : NULL;
    if (p == NULL) {
        wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
        return NULL;
    }
    xmlSetNs(node, p);
    set_xsi_type(w, node, type);
    if (wsman_xml_write_instance_elements(w, node, p, inst, typed, 1, err) != WSMAN_OK)
        return NULL;
    return node;
}

/* One selector: scalar text, or a nested EPR for a reference-valued key. */
static wsman_status write_selector(wsman_writer *w, xmlNodePtr set, const char *name,
                                   const MI_Value *v, MI_Type type, int depth, wsman_error *err)
{
    if (type == MI_REFERENCE) {
        xmlNodePtr sel = wsman_writer_elem(w, set, w->wsman, "Selector", NULL);
        wsman_writer_attr(w, sel, NULL, "Name", name);
        xmlNodePtr epr = wsman_writer_elem(w, sel, w->wsa, "EndpointReference", NULL);
        return wsman_xml_write_epr(w, epr, v->reference, depth + 1, err);
    }
    if (mimodel_type_is_array(type) || type == MI_INSTANCE)
        return wsman_fail(err, WSMAN_E_VALUE, 0, 0, "key %s: arrays and instances cannot be "
                          "selectors", name);
    if (type == MI_STRING && !xml_text_ok(v->string))
        return wsman_fail(err, WSMAN_E_VALUE, 0, 0, "key %s: text XML cannot carry", name);
    char *text = mimodel_value_to_text(v, type);
    if (text == NULL) return wsman_fail(err, WSMAN_E_VALUE, 0, 0, "key %s unwritable", name);
    xmlNodePtr sel = wsman_writer_elem(w, set, w->wsman, "Selector", text);
    free(text);
    wsman_writer_attr(w, sel, NULL, "Name", name);
    return w->failed ? wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory") : WSMAN_OK;
}

wsman_status wsman_xml_write_epr(wsman_writer *w, xmlNodePtr parent, const MI_Instance *ref,
                                 int depth, wsman_error *err)
{
    const MI_Char *cls = NULL, *nsname = NULL;
    MI_Uint32 count = 0;
    if (depth > 64) return wsman_fail(err, WSMAN_E_LIMIT, 0, 0, "references nested too deep");
    if (MI_Instance_GetClassName(ref, &cls) != MI_RESULT_OK || cls == NULL ||
        MI_Instance_GetElementCount(ref, &count) != MI_RESULT_OK)
        return wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "reference without a class");
    char uri[512];
    snprintf(uri, sizeof uri, "%s%s", WSMAN_URI_DMTF_CLASS_PREFIX, cls);
    wsman_writer_elem(w, parent, w->wsa, "Address", WSMAN_URI_ANONYMOUS);
    xmlNodePtr rp = wsman_writer_elem(w, parent, w->wsa, "ReferenceParameters", NULL);
    wsman_writer_elem(w, rp, w->wsman, "ResourceURI", uri);
    xmlNodePtr set = wsman_writer_elem(w, rp, w->wsman, "SelectorSet", NULL);
    for (MI_Uint32 i = 0; i < count; i++) {
        const MI_Char *name = NULL;
        MI_Value v;
        MI_Type type;
        MI_Uint32 flags = 0;
        if (MI_Instance_GetElementAt(ref, i, &name, &v, &type, &flags) != MI_RESULT_OK)
            return wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "reference element unreadable");
        if (value_is_null(&v, type, flags)) continue; /* a NULL key says nothing */
        wsman_status st = write_selector(w, set, name, &v, type, depth, err);
        if (st != WSMAN_OK) return st;
    }
    if (MI_Instance_GetNameSpace(ref, &nsname) == MI_RESULT_OK && nsname != NULL && *nsname) {
        xmlNodePtr sel = wsman_writer_elem(w, set, w->wsman, "Selector", nsname);
        wsman_writer_attr(w, sel, NULL, "Name", "__cimnamespace");
    }
    return w->failed ? wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory") : WSMAN_OK;
}

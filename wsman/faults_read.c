/*
 * faults_read.c - s:Fault into wsman_fault, whatever detail style the server used:
 * wsman:FaultDetail, Microsoft's f:WSManFault, and a CIM error instance marked
 * wsmb:IsCIM_Error="true" (CIM_Error, MSFT_WmiError, OMI_Error), found anywhere in s:Detail
 * (Windows nests it inside f:WSManFault's message).
 */
#include <stdlib.h>
#include <string.h>

#include "wsman/wsman_int.h"

/* The QName in an s:Value, split into namespace URI and local part. */
static wsman_status qname_value(const xmlNode *value, char **ns, char **local,
                                wsman_error *err)
{
    char *text = wsman_node_text_trimmed(value);
    if (text == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    const char *href = NULL;
    const char *l = wsman_qname_resolve(value, text, &href);
    *local = strdup(l);
    if (ns != NULL) *ns = wsman_strdup(href);
    free(text);
    return *local ? WSMAN_OK : wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
}

static const xmlNode *find_cim_error(const xmlNode *n, int depth)
{
    for (const xmlNode *c = wsman_first_element(n); c && depth < 16; c = wsman_next_element(c)) {
        char *v = wsman_attr(c, WSMAN_NS_WSMB, "IsCIM_Error");
        int yes = v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
        free(v);
        if (yes) return c;
        const xmlNode *deeper = find_cim_error(c, depth + 1);
        if (deeper) return deeper;
    }
    return NULL;
}

static void read_cim_status(wsman_fault *f)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 flags;
    if (MI_Instance_GetElement(f->cim_error, "CIMStatusCode", &v, &t, &flags, NULL) !=
            MI_RESULT_OK || (flags & MI_FLAG_NULL))
        return;
    MI_Value n;
    if (t == MI_STRING && mimodel_value_from_text(v.string, MI_UINT32, &n) == MI_RESULT_OK) {
        f->cim_status = n.uint32;
        f->has_cim_status = 1;
    } else if (t == MI_UINT32 || t == MI_SINT32) {
        f->cim_status = v.uint32;
        f->has_cim_status = 1;
    } else if (t == MI_UINT16) {
        f->cim_status = v.uint16;
        f->has_cim_status = 1;
    }
}

static wsman_status read_detail(const xmlNode *detail, wsman_fault *f, wsman_error *err)
{
    for (const xmlNode *c = wsman_first_element(detail); c; c = wsman_next_element(c)) {
        if (wsman_node_is(c, WSMAN_NS_WSMAN, "FaultDetail") && f->detail_uri == NULL) {
            f->detail_uri = wsman_node_text_trimmed(c);
        } else if (wsman_node_is(c, WSMAN_NS_WSMANFAULT, "WSManFault") &&
                   f->wsmanfault_code == NULL) {
            f->wsmanfault_code = wsman_attr(c, NULL, "Code");
            const xmlNode *m = wsman_child(c, WSMAN_NS_WSMANFAULT, "Message");
            xmlChar *all = m ? xmlNodeGetContent(m) : NULL;
            f->wsmanfault_message = all ? strdup((const char *)all) : NULL;
            xmlFree(all);
        }
    }
    const xmlNode *ci = find_cim_error(detail, 0);
    if (ci != NULL) {
        wsman_status st = wsman_xml_read_instance(ci, (const char *)ci->name, &f->cim_error, err);
        if (st != WSMAN_OK) return st;
        read_cim_status(f);
    }
    return WSMAN_OK;
}

wsman_status wsman_read_fault(const xmlNode *fault, wsman_fault *f, wsman_error *err)
{
    const xmlNode *code = wsman_child(fault, WSMAN_NS_SOAP, "Code");
    const xmlNode *value = wsman_child(code, WSMAN_NS_SOAP, "Value");
    if (value == NULL)
        return wsman_fail_at(err, WSMAN_E_BODY, fault, "s:Fault without s:Code/s:Value");
    wsman_status st = qname_value(value, NULL, &f->code, err);
    if (st != WSMAN_OK) return st;
    const xmlNode *sub = wsman_child(code, WSMAN_NS_SOAP, "Subcode");
    const xmlNode *subval = wsman_child(sub, WSMAN_NS_SOAP, "Value");
    if (subval != NULL && (st = qname_value(subval, &f->subcode_ns, &f->subcode, err)) != WSMAN_OK)
        return st;
    const xmlNode *reason = wsman_child(fault, WSMAN_NS_SOAP, "Reason");
    const xmlNode *text = wsman_child(reason, WSMAN_NS_SOAP, "Text");
    if (text != NULL) {
        f->reason = wsman_node_text_trimmed(text);
        if (f->reason == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    }
    const xmlNode *detail = wsman_child(fault, WSMAN_NS_SOAP, "Detail");
    return detail ? read_detail(detail, f, err) : WSMAN_OK;
}

/*
 * faults_write.c - SOAP faults in every detail style a server uses (wsman-invoke.md "Faults"):
 * plain wsman:FaultDetail, Microsoft's f:WSManFault, and a CIM error instance (MSFT_WmiError
 * for Windows, OMI_Error for OMI, CIM_Error) marked wsmb:IsCIM_Error="true", with xsi:type and
 * its class namespace .../cim-schema/2/<Class>.
 *
 * The f:WSManFault Code attribute carries the caller's code, Windows' timeout code for TimedOut
 * (clients key on it), or else the MI result the fault maps to (Windows puts a Win32/HRESULT
 * code there; nothing in the kit reads it as more than text).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wsman/wsman_int.h"

static MI_Result add_u32(MI_Instance *inst, const char *name, MI_Uint32 v)
{
    MI_Value val;
    val.uint32 = v;
    return MI_Instance_AddElement(inst, name, &val, MI_UINT32, 0);
}

static MI_Result add_u16(MI_Instance *inst, const char *name, MI_Uint16 v)
{
    MI_Value val;
    val.uint16 = v;
    return MI_Instance_AddElement(inst, name, &val, MI_UINT16, 0);
}

static MI_Result add_str(MI_Instance *inst, const char *name, const char *s)
{
    MI_Value val;
    val.string = (MI_Char *)s;
    return MI_Instance_AddElement(inst, name, &val, MI_STRING, 0);
}

/* The error instance for a style, or NULL for styles without one. */
static MI_Instance *error_instance(wsman_fault_style style, MI_Uint32 status, const char *msg)
{
    const char *cls = style == WSMAN_FAULT_WINDOWS ? "MSFT_WmiError"
                      : style == WSMAN_FAULT_OMI   ? "OMI_Error"
                      : style == WSMAN_FAULT_CIM   ? "CIM_Error"
                                                   : NULL;
    MI_Instance *inst = NULL;
    if (cls == NULL || mimodel_instance_new(cls, &inst) != MI_RESULT_OK) return NULL;
    char id[64];
    MI_Result r = add_u32(inst, "CIMStatusCode", status);
    if (r == MI_RESULT_OK) r = add_str(inst, "Message", msg ? msg : "");
    if (style == WSMAN_FAULT_WINDOWS) {
        snprintf(id, sizeof id, "MI RESULT %u", status);
        if (r == MI_RESULT_OK) r = add_str(inst, "MessageID", id);
        if (r == MI_RESULT_OK) r = add_u32(inst, "error_Code", status);
        if (r == MI_RESULT_OK) r = add_str(inst, "error_Type", "MI");
        if (r == MI_RESULT_OK) r = add_u16(inst, "error_Category", 0);
    } else if (style == WSMAN_FAULT_OMI) {
        snprintf(id, sizeof id, "OMI:MI_Result:%u", status);
        if (r == MI_RESULT_OK) r = add_str(inst, "MessageID", id);
        if (r == MI_RESULT_OK) r = add_u32(inst, "OMI_Code", status);
        if (r == MI_RESULT_OK) r = add_u16(inst, "OMI_Category", 0);
        if (r == MI_RESULT_OK) r = add_str(inst, "OMI_Type", "MI");
    } else {
        snprintf(id, sizeof id, "DMTF:CIM:%u", status);
        if (r == MI_RESULT_OK) r = add_str(inst, "MessageID", id);
        if (r == MI_RESULT_OK) r = add_str(inst, "OwningEntity", "DMTF");
    }
    if (r != MI_RESULT_OK) {
        MI_Instance_Delete(inst);
        return NULL;
    }
    return inst;
}

/* The MI result the fault maps to on a client (for defaults). */
static MI_Uint32 mapped_status(const char *subcode, const char *detail)
{
    wsman_fault f;
    memset(&f, 0, sizeof f);
    const char *colon = subcode ? strchr(subcode, ':') : NULL;
    f.subcode = (char *)(colon ? colon + 1 : subcode);
    f.detail_uri = (char *)detail;
    return (MI_Uint32)wsman_fault_result(&f);
}

/* Windows' ERROR_WSMAN_OPERATION_TIMEDOUT, which clients such as pywinrm recognise. */
#define WSMAN_WINDOWS_TIMEOUT_CODE 2150858793u

static MI_Uint32 wsmanfault_code(const wsman_fault_spec *sp, MI_Uint32 status)
{
    if (sp->wsmanfault_code != 0) return sp->wsmanfault_code;
    if (strstr(sp->subcode, "TimedOut") != NULL) return WSMAN_WINDOWS_TIMEOUT_CODE;
    return status;
}

static wsman_status write_detail(wsman_writer *w, xmlNodePtr fault, const wsman_fault_spec *sp,
                                 const char *detail_uri, wsman_error *err)
{
    if (detail_uri == NULL && sp->style == WSMAN_FAULT_PLAIN) return WSMAN_OK;
    xmlNodePtr detail = wsman_writer_elem(w, fault, w->s, "Detail", NULL);
    if (detail_uri != NULL) wsman_writer_elem(w, detail, w->wsman, "FaultDetail", detail_uri);
    MI_Uint32 status = sp->cim_status ? sp->cim_status : mapped_status(sp->subcode, detail_uri);
    if (sp->style == WSMAN_FAULT_WSMANFAULT || sp->style == WSMAN_FAULT_WINDOWS) {
        xmlNsPtr f = detail ? xmlNewNs(detail, (const xmlChar *)WSMAN_NS_WSMANFAULT,
                                       (const xmlChar *)"f") : NULL;
        if (f == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
        char code[16];
        snprintf(code, sizeof code, "%u", wsmanfault_code(sp, status));
        xmlNodePtr wf = wsman_writer_elem(w, detail, f, "WSManFault", NULL);
        wsman_writer_attr(w, wf, NULL, "Code", code);
        wsman_writer_attr(w, wf, NULL, "Machine", "localhost");
        wsman_writer_elem(w, wf, f, "Message", sp->message ? sp->message : sp->reason);
    }
    if (sp->style == WSMAN_FAULT_PLAIN || sp->style == WSMAN_FAULT_WSMANFAULT) return WSMAN_OK;
    MI_Instance *inst = error_instance(sp->style, status, sp->message ? sp->message : sp->reason);
    if (inst == NULL) return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    /* OMI writes untyped values; the others type them. */
    xmlNodePtr node = wsman_xml_write_instance_element(w, detail, inst,
                                                       sp->style != WSMAN_FAULT_OMI, err);
    MI_Instance_Delete(inst);
    if (node == NULL) return err ? err->status : WSMAN_E_NOMEM;
    wsman_writer_attr(w, node, wsman_writer_ns(w, WSMAN_PFX_WSMB), "IsCIM_Error", "true");
    return WSMAN_OK;
}

static const char *default_code(const char *subcode)
{
    if (subcode && (strstr(subcode, "TimedOut") || strstr(subcode, "InternalError")))
        return "Receiver";
    return "Sender";
}

wsman_status wsman_write_fault(const wsman_fault_spec *sp, char **out, size_t *out_len,
                      wsman_error *err)
{
    if (out) *out = NULL;
    if (out_len) *out_len = 0;
    if (sp == NULL || sp->subcode == NULL || out == NULL)
        return wsman_fail(err, WSMAN_E_ARGUMENT, 0, 0, "a fault needs a subcode");
    /* An unprefixed subcode is taken as a wsman: one. */
    char subcode[160], code[64], detail_uri[300];
    snprintf(subcode, sizeof subcode, "%s%s", strchr(sp->subcode, ':') ? "" : "wsman:",
             sp->subcode);
    snprintf(code, sizeof code, "s:%s", sp->code ? sp->code : default_code(sp->subcode));
    const char *detail = NULL;
    if (sp->detail != NULL) {
        snprintf(detail_uri, sizeof detail_uri, "%s%s",
                 strstr(sp->detail, "://") ? "" : WSMAN_URI_FAULT_DETAIL, sp->detail);
        detail = detail_uri;
    }
    wsman_writer w;
    if (wsman_writer_begin(&w, 1) != WSMAN_OK)
        return wsman_fail(err, WSMAN_E_NOMEM, 0, 0, "out of memory");
    int wsa = strncmp(subcode, "wsa:", 4) == 0;
    wsman_writer_header(&w, w.wsa, "To", WSMAN_URI_ANONYMOUS, -1);
    wsman_writer_header(&w, w.wsa, "Action", wsa ? WSMAN_ACTION_WSA_FAULT
                                                 : WSMAN_ACTION_WSMAN_FAULT, -1);
    wsman_writer_message_id(&w, sp->message_id);
    if (sp->relates_to) wsman_writer_header(&w, w.wsa, "RelatesTo", sp->relates_to, -1);
    w.body = wsman_writer_elem(&w, w.envelope, w.s, "Body", NULL);
    xmlNodePtr fault = wsman_writer_elem(&w, w.body, w.s, "Fault", NULL);
    xmlNodePtr c = wsman_writer_elem(&w, fault, w.s, "Code", NULL);
    wsman_writer_elem(&w, c, w.s, "Value", code);
    xmlNodePtr sub = wsman_writer_elem(&w, c, w.s, "Subcode", NULL);
    wsman_writer_ns_for_qname(&w, subcode); /* a wsmv: or wsmb: subcode resolves too */
    wsman_writer_elem(&w, sub, w.s, "Value", subcode);
    xmlNodePtr reason = wsman_writer_elem(&w, fault, w.s, "Reason", NULL);
    xmlNodePtr text = wsman_writer_elem(&w, reason, w.s, "Text", sp->reason ? sp->reason : "");
    if (text != NULL) xmlNodeSetLang(text, (const xmlChar *)"en-US");
    wsman_status st = w.failed ? WSMAN_OK : write_detail(&w, fault, sp, detail, err);
    if (st != WSMAN_OK) {
        wsman_writer_abort(&w);
        return st;
    }
    return wsman_writer_finish(&w, out, out_len, err);
}

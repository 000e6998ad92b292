/*
 * test_wsman_faults.c - faults both ways: every detail style written and read back, the
 * client mapping of ERR-1/ERR-2, the server table of wsman-invoke.md "How a server reports
 * invoke errors", and literal Windows and OMI fault documents.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/support/cutest.h"
#include "tests/wsman_test_util.h"

static wsman_envelope *write_read(const wsman_fault_spec *sp, char **xml_out)
{
    char *xml;
    size_t len;
    wsman_error err;
    if (wsman_write_fault(sp, &xml, &len, &err) != 0) {
        fprintf(stderr, "write_fault: %s\n", err.message);
        return NULL;
    }
    wsman_envelope *env = wsman_envelope_parse(xml, len, NULL, &err);
    if (env == NULL) fprintf(stderr, "parse: %s\n%s\n", err.message, xml);
    if (xml_out) *xml_out = xml;
    else free(xml);
    return env;
}

static void test_every_style_roundtrip(void)
{
    static const struct {
        wsman_fault_style style;
        const char *cls;
    } styles[] = {{WSMAN_FAULT_PLAIN, NULL},
                  {WSMAN_FAULT_WSMANFAULT, NULL},
                  {WSMAN_FAULT_WINDOWS, "MSFT_WmiError"},
                  {WSMAN_FAULT_OMI, "OMI_Error"},
                  {WSMAN_FAULT_CIM, "CIM_Error"}};
    for (size_t i = 0; i < 5; i++) {
        wsman_fault_spec sp;
        memset(&sp, 0, sizeof sp);
        sp.subcode = "wsa:DestinationUnreachable";
        sp.reason = "No such class <Demo>";
        sp.detail = "InvalidResourceURI";
        sp.style = styles[i].style;
        sp.cim_status = MI_RESULT_INVALID_NAMESPACE;
        sp.relates_to = "uuid:req";
        char *xml = NULL;
        wsman_envelope *env = write_read(&sp, &xml);
        CU_ASSERT_PTR_NOT_NULL_FATAL(env);
        CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_FAULT);
        CU_ASSERT_STRING_EQUAL(env->action, WSMAN_ACTION_WSA_FAULT);
        CU_ASSERT_STRING_EQUAL(env->relates_to, "uuid:req");
        const wsman_fault *f = &env->fault;
        CU_ASSERT_STRING_EQUAL(f->code, "Sender");
        CU_ASSERT_STRING_EQUAL(f->subcode, "DestinationUnreachable");
        CU_ASSERT_STRING_EQUAL(f->subcode_ns, WSMAN_NS_WSA);
        CU_ASSERT_STRING_EQUAL(f->reason, "No such class <Demo>");
        CU_ASSERT_STRING_EQUAL(f->detail_uri, WSMAN_URI_FAULT_DETAIL "InvalidResourceURI");
        int wsmanfault = sp.style == WSMAN_FAULT_WSMANFAULT || sp.style == WSMAN_FAULT_WINDOWS;
        CU_ASSERT_EQUAL(f->wsmanfault_code != NULL, wsmanfault);
        if (wsmanfault) {
            CU_ASSERT_STRING_EQUAL(f->wsmanfault_message, "No such class <Demo>");
        }
        if (styles[i].cls == NULL) {
            CU_ASSERT_PTR_NULL(f->cim_error);
            CU_ASSERT_FALSE(f->has_cim_status);
            /* ERR-2: the subcode with its detail decides */
            CU_ASSERT_EQUAL(wsman_fault_result(f), MI_RESULT_INVALID_CLASS);
        } else {
            const MI_Char *cls = NULL;
            CU_ASSERT_PTR_NOT_NULL_FATAL(f->cim_error);
            MI_Instance_GetClassName(f->cim_error, &cls);
            CU_ASSERT_STRING_EQUAL(cls, styles[i].cls);
            CU_ASSERT_TRUE(f->has_cim_status);
            CU_ASSERT_EQUAL(f->cim_status, 3u);
            /* ERR-1: CIMStatusCode wins over the subcode */
            CU_ASSERT_EQUAL(wsman_fault_result(f), MI_RESULT_INVALID_NAMESPACE);
            char marker[200];
            snprintf(marker, sizeof marker, "xmlns:p=\"%s%s\"", WSMAN_URI_DMTF_CLASS_PREFIX,
                     styles[i].cls);
            CU_ASSERT_PTR_NOT_NULL(strstr(xml, marker));
            snprintf(marker, sizeof marker, "xsi:type=\"p:%s_Type\"", styles[i].cls);
            CU_ASSERT_PTR_NOT_NULL(strstr(xml, marker));
            CU_ASSERT_PTR_NOT_NULL(strstr(xml, "wsmb:IsCIM_Error=\"true\""));
            MI_Value v;
            MI_Type t;
            MI_Uint32 fl;
            CU_ASSERT_EQUAL(MI_Instance_GetElement(f->cim_error, "Message", &v, &t, &fl, NULL),
                            MI_RESULT_OK);
            CU_ASSERT_STRING_EQUAL(v.string, "No such class <Demo>");
            if (sp.style == WSMAN_FAULT_OMI) {
                CU_ASSERT_EQUAL(MI_Instance_GetElement(f->cim_error, "MessageID", &v, &t, &fl,
                                                       NULL), MI_RESULT_OK);
                CU_ASSERT_STRING_EQUAL(v.string, "OMI:MI_Result:3");
            }
        }
        wsman_envelope_free(env);
        free(xml);
    }
}

static void test_defaults_from_subcode(void)
{
    wsman_fault_spec sp;
    memset(&sp, 0, sizeof sp);
    sp.subcode = "InternalError"; /* unprefixed: a wsman: subcode */
    sp.reason = "boom";
    sp.style = WSMAN_FAULT_WINDOWS; /* cim_status 0: from the subcode */
    wsman_envelope *env = write_read(&sp, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_STRING_EQUAL(env->action, WSMAN_ACTION_WSMAN_FAULT);
    CU_ASSERT_STRING_EQUAL(env->fault.code, "Receiver");
    CU_ASSERT_STRING_EQUAL(env->fault.subcode_ns, WSMAN_NS_WSMAN);
    CU_ASSERT_PTR_NULL(env->fault.detail_uri);
    CU_ASSERT_EQUAL(env->fault.cim_status, (MI_Uint32)MI_RESULT_FAILED);
    CU_ASSERT_EQUAL(wsman_fault_result(&env->fault), MI_RESULT_FAILED);
    wsman_envelope_free(env);

    sp.subcode = "wsman:InvalidSelectors";
    sp.detail = WSMAN_URI_FAULT_DETAIL "InsufficientSelectors"; /* a full URI is kept */
    sp.style = WSMAN_FAULT_OMI;
    env = write_read(&sp, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_STRING_EQUAL(env->fault.code, "Sender");
    CU_ASSERT_STRING_EQUAL(env->fault.detail_uri, WSMAN_URI_FAULT_DETAIL "InsufficientSelectors");
    CU_ASSERT_EQUAL(env->fault.cim_status, (MI_Uint32)MI_RESULT_INVALID_PARAMETER);
    wsman_envelope_free(env);

    /* f:WSManFault Code: Windows' timeout code for TimedOut, the caller's when given. */
    memset(&sp, 0, sizeof sp);
    sp.subcode = "wsman:TimedOut";
    sp.reason = "too slow";
    sp.style = WSMAN_FAULT_WSMANFAULT;
    env = write_read(&sp, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_STRING_EQUAL(env->fault.wsmanfault_code, "2150858793");
    CU_ASSERT_STRING_EQUAL(env->fault.code, "Receiver");
    CU_ASSERT_EQUAL(wsman_fault_result(&env->fault), MI_RESULT_FAILED);
    wsman_envelope_free(env);
    sp.wsmanfault_code = 2150858752u;
    env = write_read(&sp, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_STRING_EQUAL(env->fault.wsmanfault_code, "2150858752");
    wsman_envelope_free(env);

    char *xml = NULL;
    size_t len;
    wsman_error err;
    memset(&sp, 0, sizeof sp);
    CU_ASSERT_EQUAL(wsman_write_fault(&sp, &xml, &len, &err), WSMAN_E_ARGUMENT);
    CU_ASSERT_EQUAL(err.status, WSMAN_E_ARGUMENT);
    CU_ASSERT_PTR_NULL(xml);
}

static void test_client_mapping_table(void)
{
    static const struct {
        const char *subcode, *detail;
        MI_Result want;
    } rows[] = {
        {"DestinationUnreachable", NULL, MI_RESULT_NOT_FOUND},
        {"DestinationUnreachable", WSMAN_URI_FAULT_DETAIL "InvalidResourceURI",
         MI_RESULT_INVALID_CLASS},
        {"ActionNotSupported", WSMAN_URI_FAULT_DETAIL "ActionMismatch",
         MI_RESULT_METHOD_NOT_FOUND},
        {"InvalidParameter", NULL, MI_RESULT_INVALID_PARAMETER},
        {"SchemaValidationError", NULL, MI_RESULT_INVALID_PARAMETER},
        {"InvalidSelectors", NULL, MI_RESULT_INVALID_PARAMETER},
        {"UnsupportedFeature", NULL, MI_RESULT_NOT_SUPPORTED},
        {"AccessDenied", NULL, MI_RESULT_ACCESS_DENIED},
        {"EncodingLimit", NULL, MI_RESULT_SERVER_LIMITS_EXCEEDED},
        {"TimedOut", NULL, MI_RESULT_FAILED},
        {"InternalError", NULL, MI_RESULT_FAILED},
        {"MessageInformationHeaderRequired", NULL, MI_RESULT_FAILED},
        {"SomethingNew", NULL, MI_RESULT_FAILED},
        {NULL, NULL, MI_RESULT_FAILED},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        wsman_fault f;
        memset(&f, 0, sizeof f);
        f.subcode = (char *)rows[i].subcode;
        f.detail_uri = (char *)rows[i].detail;
        CU_ASSERT_EQUAL(wsman_fault_result(&f), rows[i].want);
        f.has_cim_status = 1;
        f.cim_status = 28;
        CU_ASSERT_EQUAL(wsman_fault_result(&f), (MI_Result)28);
    }
    CU_ASSERT_EQUAL(wsman_fault_result(NULL), MI_RESULT_FAILED);
}

static void test_server_mapping_table(void)
{
    static const struct {
        MI_Result r;
        const char *subcode, *code, *detail;
    } rows[] = {
        {MI_RESULT_INVALID_NAMESPACE, "wsa:DestinationUnreachable", "Sender",
         "InvalidResourceURI"},
        {MI_RESULT_INVALID_CLASS, "wsa:DestinationUnreachable", "Sender", "InvalidResourceURI"},
        {MI_RESULT_NOT_FOUND, "wsa:DestinationUnreachable", "Sender", NULL},
        {MI_RESULT_METHOD_NOT_FOUND, "wsa:ActionNotSupported", "Sender", "ActionMismatch"},
        {MI_RESULT_INVALID_PARAMETER, "wsman:InvalidParameter", "Sender", NULL},
        {MI_RESULT_NOT_SUPPORTED, "wsman:UnsupportedFeature", "Sender", NULL},
        {MI_RESULT_ACCESS_DENIED, "wsman:AccessDenied", "Sender", NULL},
        {MI_RESULT_SERVER_LIMITS_EXCEEDED, "wsman:EncodingLimit", "Sender", "MaxEnvelopeSize"},
        {MI_RESULT_FAILED, "wsman:InternalError", "Receiver", NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *s, *c, *d;
        wsman_fault_for_result(rows[i].r, &s, &c, &d);
        CU_ASSERT_STRING_EQUAL(s, rows[i].subcode);
        CU_ASSERT_STRING_EQUAL(c, rows[i].code);
        if (rows[i].detail == NULL) {
            CU_ASSERT_PTR_NULL(d);
        } else {
            CU_ASSERT_STRING_EQUAL(d, rows[i].detail);
        }
        /* Both ways in plain style (no error instance): the client gets the code back, except
         * that the subcode alone cannot tell INVALID_NAMESPACE from INVALID_CLASS. */
        wsman_fault_spec sp;
        memset(&sp, 0, sizeof sp);
        sp.subcode = s;
        sp.code = c;
        sp.detail = d;
        sp.reason = "r";
        wsman_envelope *env = write_read(&sp, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(env);
        MI_Result back = wsman_fault_result(&env->fault);
        CU_ASSERT_EQUAL(back, rows[i].r == MI_RESULT_INVALID_NAMESPACE ? MI_RESULT_INVALID_CLASS
                                                                       : rows[i].r);
        wsman_envelope_free(env);
        /* With an error instance the exact code survives. */
        sp.style = WSMAN_FAULT_CIM;
        sp.cim_status = rows[i].r;
        env = write_read(&sp, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(env);
        CU_ASSERT_EQUAL(wsman_fault_result(&env->fault), rows[i].r);
        wsman_envelope_free(env);
    }
}

/* A Windows-shaped fault: MSFT_WmiError nested inside f:WSManFault's message. */
static const char windows_fault[] =
    "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
    "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
    "xmlns:x=\"http://schemas.xmlsoap.org/ws/2004/09/transfer\" "
    "xmlns:e=\"http://schemas.xmlsoap.org/ws/2004/08/eventing\" "
    "xmlns:n=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\" "
    "xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" xml:lang=\"en-US\">"
    "<s:Header><a:Action>http://schemas.dmtf.org/wbem/wsman/1/wsman/fault</a:Action>"
    "<a:MessageID>uuid:A</a:MessageID><a:To>" WSMAN_URI_ANONYMOUS "</a:To>"
    "<a:RelatesTo>uuid:B</a:RelatesTo></s:Header><s:Body><s:Fault>"
    "<s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>w:InvalidParameter</s:Value>"
    "</s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en-US\">The parameter is incorrect. "
    "</s:Text></s:Reason><s:Detail>"
    "<f:WSManFault xmlns:f=\"http://schemas.microsoft.com/wbem/wsman/1/wsmanfault\" "
    "Code=\"2150858886\" Machine=\"host\"><f:Message><f:ProviderFault provider=\"WMI\">"
    "<p:MSFT_WmiError b:IsCIM_Error=\"true\" "
    "xmlns:b=\"http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd\" "
    "xmlns:p=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MSFT_WmiError\" "
    "xmlns:cim=\"http://schemas.dmtf.org/wbem/wscim/1/common\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"p:MSFT_WmiError_Type\">"
    "<p:CIMStatusCode xsi:type=\"cim:cimUnsignedInt\">4</p:CIMStatusCode>"
    "<p:Message xsi:type=\"cim:cimString\">Invalid parameter </p:Message>"
    "<p:error_Category xsi:type=\"cim:cimUnsignedShort\">5</p:error_Category>"
    "</p:MSFT_WmiError></f:ProviderFault></f:Message></f:WSManFault>"
    "<w:FaultDetail>" WSMAN_URI_FAULT_DETAIL "MissingValues</w:FaultDetail>"
    "</s:Detail></s:Fault></s:Body></s:Envelope>";

static void test_windows_fault_document(void)
{
    wsman_error err;
    wsman_envelope *env = wsman_envelope_parse(windows_fault, sizeof windows_fault - 1, NULL,
                                               &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    const wsman_fault *f = &env->fault;
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_FAULT);
    CU_ASSERT_STRING_EQUAL(f->code, "Sender");
    CU_ASSERT_STRING_EQUAL(f->subcode, "InvalidParameter");
    CU_ASSERT_STRING_EQUAL(f->subcode_ns, WSMAN_NS_WSMAN);
    CU_ASSERT_STRING_EQUAL(f->reason, "The parameter is incorrect.");
    CU_ASSERT_STRING_EQUAL(f->wsmanfault_code, "2150858886");
    CU_ASSERT_STRING_EQUAL(f->detail_uri, WSMAN_URI_FAULT_DETAIL "MissingValues");
    CU_ASSERT_TRUE(f->has_cim_status);
    CU_ASSERT_EQUAL(f->cim_status, 4u);
    CU_ASSERT_EQUAL(wsman_fault_result(f), MI_RESULT_INVALID_PARAMETER);
    MI_Value v;
    MI_Type t;
    MI_Uint32 fl;
    CU_ASSERT_EQUAL(MI_Instance_GetElement(f->cim_error, "error_Category", &v, &t, &fl, NULL),
                    MI_RESULT_OK);
    CU_ASSERT_TRUE(t == MI_UINT16 && v.uint16 == 5);
    wsman_envelope_free(env);
}

/* An OMI-shaped fault: untyped OMI_Error directly in s:Detail, CIMStatusCode as text. */
static void test_omi_fault_document(void)
{
    const char *xml =
        "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://www.w3.org/2003/05/soap-envelope\" "
        "xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
        "xmlns:wsman=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
        "xmlns:wsmb=\"http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd\">"
        "<SOAP-ENV:Header><wsa:Action>http://schemas.xmlsoap.org/ws/2004/08/addressing/fault"
        "</wsa:Action><wsa:RelatesTo>uuid:1</wsa:RelatesTo></SOAP-ENV:Header><SOAP-ENV:Body>"
        "<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:Sender</SOAP-ENV:Value>"
        "<SOAP-ENV:Subcode><SOAP-ENV:Value>wsa:ActionNotSupported</SOAP-ENV:Value>"
        "</SOAP-ENV:Subcode></SOAP-ENV:Code><SOAP-ENV:Reason><SOAP-ENV:Text xml:lang=\"en-US\">"
        "method not found</SOAP-ENV:Text></SOAP-ENV:Reason><SOAP-ENV:Detail>"
        "<OMI_Error xmlns=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/OMI_Error\" "
        "wsmb:IsCIM_Error=\"true\"><CIMStatusCode>17</CIMStatusCode>"
        "<MessageID>OMI:MI_Result:17</MessageID><Message>method not found</Message>"
        "<OMI_Code>17</OMI_Code></OMI_Error></SOAP-ENV:Detail></SOAP-ENV:Fault>"
        "</SOAP-ENV:Body></SOAP-ENV:Envelope>";
    wsman_error err;
    wsman_envelope *env = wsman_envelope_parse(xml, strlen(xml), NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_STRING_EQUAL(env->fault.subcode, "ActionNotSupported");
    CU_ASSERT_TRUE(env->fault.has_cim_status);
    CU_ASSERT_EQUAL(wsman_fault_result(&env->fault), MI_RESULT_METHOD_NOT_FOUND);
    const MI_Char *cls;
    MI_Instance_GetClassName(env->fault.cim_error, &cls);
    CU_ASSERT_STRING_EQUAL(cls, "OMI_Error");
    wsman_envelope_free(env);
}

static void test_fault_without_code_is_error(void)
{
    const char *xml =
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><s:Fault>"
        "<s:Reason><s:Text>x</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>";
    wsman_error err;
    CU_ASSERT_PTR_NULL(wsman_envelope_parse(xml, strlen(xml), NULL, &err));
    CU_ASSERT_EQUAL(err.status, WSMAN_E_BODY);
    CU_ASSERT_TRUE(err.line >= 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "s:Code"));
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"every_style_roundtrip", test_every_style_roundtrip},
        {"defaults_from_subcode", test_defaults_from_subcode},
        {"client_mapping_table", test_client_mapping_table},
        {"server_mapping_table", test_server_mapping_table},
        {"windows_fault_document", test_windows_fault_document},
        {"omi_fault_document", test_omi_fault_document},
        {"fault_without_code_is_error", test_fault_without_code_is_error},
        {NULL, NULL},
    };
    return cutest_run("test_wsman_faults", cases, argc, argv);
}

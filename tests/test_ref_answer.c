/*
 * Unit tests of reference/answer.c: fixed answers (the shapes of wsman-invoke.md "Response" and
 * "Faults", OMI's quirks, broken ones) turned into final results.
 */
#include "reference/answer.h"
#include "tests/support/cutest.h"
#include "wsman/wsman.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OK MI_RESULT_OK

static miref_expect expect = {"Echo", "CIM_X", "CIM_X"};

#define ENV_HEAD                                                                              \
    "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "                        \
    "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "                           \
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"                                \
    "<s:Header><a:Action>%s</a:Action><a:MessageID>uuid:1</a:MessageID></s:Header><s:Body>"
#define ENV_TAIL "</s:Body></s:Envelope>"
#define URI "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_X"

static void answer(const char *body_xml, const char *action, long status, miref_final *f)
{
    char buf[4096];
    snprintf(buf, sizeof buf, ENV_HEAD "%s" ENV_TAIL, action, body_xml);
    memset(f, 0, sizeof *f);
    miref_answer_http(f, status, buf, strlen(buf), &expect);
}

static const char *str_of(const MI_Instance *i, const char *name)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 fl = 0;
    if (i == NULL || MI_Instance_GetElement(i, name, &v, &t, &fl, NULL) != OK) return NULL;
    return t == MI_STRING && !(fl & MI_FLAG_NULL) ? v.string : NULL;
}

static const char *class_of(const MI_Instance *i)
{
    const MI_Char *cn = NULL;
    if (i != NULL) MI_Instance_GetClassName(i, &cn);
    return cn;
}

/* INV-3, INV-5: Windows-style typed output. */
static void test_typed_output(void)
{
    miref_final f;
    answer("<p:Echo_OUTPUT xmlns:p=\"" URI "\" "
           "xmlns:cim=\"http://schemas.dmtf.org/wbem/wscim/1/common\">"
           "<p:ReturnValue xsi:type=\"cim:cimUnsignedInt\">0</p:ReturnValue>"
           "<p:Out>text</p:Out><p:Arr>a</p:Arr><p:Arr>b</p:Arr>"
           "<p:Gone xsi:nil=\"true\"/></p:Echo_OUTPUT>",
           URI "/EchoResponse", 200, &f);
    CU_ASSERT_EQUAL(f.result, OK);
    CU_ASSERT_FATAL(f.outbound != NULL);
    CU_ASSERT(f.message == NULL && f.details == NULL);
    CU_ASSERT_STRING_EQUAL(class_of(f.outbound), MIREF_OUTBOUND_CLASS);
    MI_Value v;
    MI_Type t;
    MI_Uint32 fl = 0;
    CU_ASSERT(MI_Instance_GetElement(f.outbound, "ReturnValue", &v, &t, NULL, NULL) == OK);
    CU_ASSERT(t == MI_UINT32 && v.uint32 == 0);
    CU_ASSERT(str_of(f.outbound, "Out") != NULL && strcmp(str_of(f.outbound, "Out"), "text") == 0);
    CU_ASSERT(MI_Instance_GetElement(f.outbound, "Arr", &v, &t, NULL, NULL) == OK);
    CU_ASSERT(t == MI_STRINGA && v.stringa.size == 2);
    CU_ASSERT(MI_Instance_GetElement(f.outbound, "Gone", &v, &t, &fl, NULL) == OK);
    CU_ASSERT(fl & MI_FLAG_NULL);
    miref_final_clear(&f);
}

/* OMI's quirks: Action without Response, <Class>_OUTPUT, <Method>, untyped text. */
static void test_omi_shapes(void)
{
    miref_final f;
    answer("<p:CIM_X_OUTPUT xmlns:p=\"" URI "\"><p:ReturnValue>5</p:ReturnValue></p:CIM_X_OUTPUT>",
           URI "/Echo", 200, &f);
    CU_ASSERT_EQUAL(f.result, OK);
    CU_ASSERT(str_of(f.outbound, "ReturnValue") != NULL &&
              strcmp(str_of(f.outbound, "ReturnValue"), "5") == 0);
    miref_final_clear(&f);
    answer("<p:Echo xmlns:p=\"" URI "/Echo\"><p:ReturnValue>1</p:ReturnValue></p:Echo>",
           URI "/Echo", 200, &f);
    CU_ASSERT_EQUAL(f.result, OK);
    CU_ASSERT(str_of(f.outbound, "ReturnValue") != NULL);
    miref_final_clear(&f);
}

/* ERR-5: any other body element, no body, not XML, not an envelope. */
static void test_malformed(void)
{
    miref_final f;
    answer("<p:Other_OUTPUT xmlns:p=\"" URI "\"/>", URI "/EchoResponse", 200, &f);
    CU_ASSERT_EQUAL(f.result, MI_RESULT_FAILED);
    CU_ASSERT(f.outbound == NULL && f.details != NULL && f.message != NULL);
    miref_final_clear(&f);
    answer("", URI "/EchoResponse", 200, &f);
    CU_ASSERT_EQUAL(f.result, MI_RESULT_FAILED);
    miref_final_clear(&f);
    const char *bad[] = {"not xml at all", "<a><b></a>", "<root/>",
                         "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\">"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&f, 0, sizeof f);
        miref_answer_http(&f, 200, bad[i], strlen(bad[i]), &expect);
        CU_ASSERT_EQUAL(f.result, MI_RESULT_FAILED);
        CU_ASSERT(f.details != NULL);
        miref_final_clear(&f);
    }
    memset(&f, 0, sizeof f);
    miref_answer_http(&f, 200, NULL, 0, &expect);
    CU_ASSERT_EQUAL(f.result, MI_RESULT_FAILED);
    miref_final_clear(&f);
}

static void fault_of(const wsman_fault_spec *spec, long status, miref_final *f)
{
    char *xml = NULL;
    size_t len = 0;
    CU_ASSERT_FATAL(wsman_write_fault(spec, &xml, &len, NULL) == 0);
    memset(f, 0, sizeof *f);
    miref_answer_http(f, status, xml, len, &expect);
    free(xml);
}

/* ERR-1: a CIM error instance gives the code and is the details; ERR-2: the subcode alone. */
static void test_faults(void)
{
    wsman_fault_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.subcode = "wsa:DestinationUnreachable";
    spec.reason = "no such namespace";
    spec.detail = "InvalidResourceURI";
    spec.style = WSMAN_FAULT_WINDOWS;
    spec.cim_status = MI_RESULT_INVALID_NAMESPACE;
    miref_final f;
    fault_of(&spec, 500, &f);
    CU_ASSERT_EQUAL(f.result, MI_RESULT_INVALID_NAMESPACE);
    CU_ASSERT(f.message != NULL && strstr(f.message, "no such namespace") != NULL);
    CU_ASSERT(class_of(f.details) != NULL && strcmp(class_of(f.details), "MSFT_WmiError") == 0);
    miref_final_clear(&f);

    spec.style = WSMAN_FAULT_OMI;
    spec.cim_status = MI_RESULT_NOT_FOUND;
    fault_of(&spec, 500, &f);
    CU_ASSERT_EQUAL(f.result, MI_RESULT_NOT_FOUND);
    CU_ASSERT(class_of(f.details) != NULL && strcmp(class_of(f.details), "OMI_Error") == 0);
    miref_final_clear(&f);

    const struct {
        const char *subcode, *detail;
        MI_Result want;
    } map[] = {
        {"wsa:ActionNotSupported", NULL, MI_RESULT_METHOD_NOT_FOUND},
        {"wsman:InvalidSelectors", NULL, MI_RESULT_INVALID_PARAMETER},
        {"wsman:InvalidParameter", NULL, MI_RESULT_INVALID_PARAMETER},
        {"wsman:UnsupportedFeature", NULL, MI_RESULT_NOT_SUPPORTED},
        {"wsman:AccessDenied", NULL, MI_RESULT_ACCESS_DENIED},
        {"wsman:EncodingLimit", NULL, MI_RESULT_SERVER_LIMITS_EXCEEDED},
        {"wsman:TimedOut", NULL, MI_RESULT_FAILED},
        {"wsman:InternalError", NULL, MI_RESULT_FAILED},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        memset(&spec, 0, sizeof spec);
        spec.subcode = map[i].subcode;
        spec.reason = "r";
        spec.style = WSMAN_FAULT_PLAIN;
        fault_of(&spec, 400, &f);
        CU_ASSERT_EQUAL(f.result, map[i].want);
        CU_ASSERT(class_of(f.details) != NULL &&
                  strcmp(class_of(f.details), MIREF_CLIENT_ERROR_CLASS) == 0);
        CU_ASSERT(str_of(f.details, "Message") != NULL);
        miref_final_clear(&f);
    }
}

/* ERR-3, ERR-4 */
static void test_http_and_transport(void)
{
    miref_final f;
    memset(&f, 0, sizeof f);
    miref_answer_http(&f, 401, "<html>no</html>", 15, &expect);
    CU_ASSERT_EQUAL(f.result, MI_RESULT_ACCESS_DENIED);
    miref_final_clear(&f);
    miref_answer_http(&f, 503, "busy", 4, &expect);
    CU_ASSERT_EQUAL(f.result, MI_RESULT_FAILED);
    CU_ASSERT(str_of(f.details, "Message") != NULL && strstr(str_of(f.details, "Message"), "503"));
    miref_final_clear(&f);
    miref_answer_curl(&f, CURLE_COULDNT_CONNECT, "Connection refused");
    CU_ASSERT_EQUAL(f.result, MI_RESULT_FAILED);
    CU_ASSERT(strstr(f.message, "Connection refused") != NULL);
    miref_final_clear(&f);
    miref_answer_client_error(&f, MI_RESULT_FAILED, "operation cancelled");
    CU_ASSERT(strstr(str_of(f.details, "Message"), "cancel") != NULL);
    MI_Value v;
    MI_Type t;
    CU_ASSERT(MI_Instance_GetElement(f.details, "CIMStatusCode", &v, &t, NULL, NULL) == OK);
    CU_ASSERT(t == MI_UINT32 && v.uint32 == MI_RESULT_FAILED);
    miref_final_clear(&f);
}

static void test_names(void)
{
    CU_ASSERT(miref_answer_name_ok("Echo_OUTPUT", &expect));
    CU_ASSERT(miref_answer_name_ok("CIM_X_OUTPUT", &expect));
    CU_ASSERT(miref_answer_name_ok("Echo", &expect));
    CU_ASSERT(!miref_answer_name_ok("Echo_INPUT", &expect));
    CU_ASSERT(!miref_answer_name_ok("Other_OUTPUT", &expect));
    CU_ASSERT(!miref_answer_name_ok("_OUTPUT", &expect));
    CU_ASSERT(!miref_answer_name_ok(NULL, &expect));
}

static const cutest_case cases[] = {
    {"typed_output", test_typed_output},
    {"omi_shapes", test_omi_shapes},
    {"malformed", test_malformed},
    {"faults", test_faults},
    {"http_and_transport", test_http_and_transport},
    {"names", test_names},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return cutest_run("ref_answer", cases, argc, argv);
}

/*
 * test_wsman_envelope.c - reading every shape real peers send (literal fixtures of the quirks in
 * wsman-invoke.md "What real clients send" and "Response") and writing requests, answers,
 * events and the MS-WSMV FullDuplex messages.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/support/cutest.h"
#include "tests/wsman_test_util.h"

#define DMTF "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
#define NS_DECLS                                                   \
    " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\"" \
    " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\""   \
    " xmlns:p=\"http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd\""

static wsman_envelope *parse(const char *xml)
{
    wsman_error err;
    memset(&err, 0, sizeof err);
    wsman_envelope *env = wsman_envelope_parse(xml, strlen(xml), NULL, &err);
    if (env == NULL) fprintf(stderr, "parse failed: %s (line %d col %d) %s\n",
                             wsman_status_name(err.status), err.line, err.column, err.message);
    return env;
}

static const char *param_string(const wsman_envelope *env, const char *name)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 f;
    if (env->params == NULL ||
        MI_Instance_GetElement(env->params, name, &v, &t, &f, NULL) != MI_RESULT_OK ||
        t != MI_STRING || (f & MI_FLAG_NULL))
        return NULL;
    return v.string;
}

/* python3-winrm / Go winrm: mustUnderstand without the s: prefix, To of another host. */
static const char winrm_request[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"" NS_DECLS ">\n"
    "<env:Header>\n"
    "<a:To>http://windows-host:5985/wsman</a:To>\n"
    "<a:ReplyTo><a:Address mustUnderstand=\"true\">"
    "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>\n"
    "<w:MaxEnvelopeSize mustUnderstand=\"true\">153600</w:MaxEnvelopeSize>\n"
    "<a:MessageID>uuid:11111111-2222-4333-8444-555555555555</a:MessageID>\n"
    "<w:Locale xml:lang=\"en-US\" mustUnderstand=\"false\"/>\n"
    "<p:DataLocale xml:lang=\"de-DE\" mustUnderstand=\"false\"/>\n"
    "<w:OperationTimeout>PT20S</w:OperationTimeout>\n"
    "<w:ResourceURI mustUnderstand=\"true\">" DMTF "Demo_Class</w:ResourceURI>\n"
    "<a:Action mustUnderstand=\"true\">" DMTF "Demo_Class/Echo</a:Action>\n"
    "<w:SelectorSet><w:Selector Name=\"__cimnamespace\">root/cimv2</w:Selector>"
    "<w:Selector Name=\"Id\">7</w:Selector></w:SelectorSet>\n"
    "<w:OptionSet><w:Option Name=\"Color\" Type=\"xs:string\" MustComply=\"true\">blue</w:Option>"
    "<w:Option Name=\"__MI_CallbackRegistration\" Type=\"xs:int\">20</w:Option></w:OptionSet>\n"
    "<p:OperationID mustUnderstand=\"false\">uuid:op-1</p:OperationID>\n"
    "<p:SequenceId>1</p:SequenceId>\n"
    "</env:Header>\n"
    "<env:Body><p1:Echo_INPUT xmlns:p1=\"" DMTF "Demo_Class\"><p1:Text>hi there</p1:Text>"
    "<p1:Num>5</p1:Num><p1:Num>6</p1:Num><p1:Nothing xsi:nil=\"true\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/></p1:Echo_INPUT></env:Body>\n"
    "</env:Envelope>\n";

static void test_winrm_request(void)
{
    wsman_envelope *env = parse(winrm_request);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_STRING_EQUAL(env->to, "http://windows-host:5985/wsman");
    CU_ASSERT_STRING_EQUAL(env->reply_to, WSMAN_URI_ANONYMOUS);
    CU_ASSERT_EQUAL(env->max_envelope_size, 153600u);
    CU_ASSERT_TRUE(env->max_envelope_must_understand);
    CU_ASSERT_STRING_EQUAL(env->message_id, "uuid:11111111-2222-4333-8444-555555555555");
    CU_ASSERT_STRING_EQUAL(env->locale, "en-US");
    CU_ASSERT_STRING_EQUAL(env->data_locale, "de-DE");
    CU_ASSERT_EQUAL(env->operation_timeout_ms, 20000);
    CU_ASSERT_STRING_EQUAL(env->resource_uri, DMTF "Demo_Class");
    CU_ASSERT_STRING_EQUAL(env->action, DMTF "Demo_Class/Echo");
    CU_ASSERT_STRING_EQUAL(wsman_envelope_selector(env, "__cimnamespace"), "root/cimv2");
    CU_ASSERT_STRING_EQUAL(wsman_envelope_selector(env, "id"), "7");
    CU_ASSERT_PTR_NULL(wsman_envelope_selector(env, "Other"));
    const wsman_option *o = wsman_envelope_option(env, "Color");
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_STRING_EQUAL(o->value, "blue");
    CU_ASSERT_STRING_EQUAL(o->type, "xs:string");
    CU_ASSERT_TRUE(o->must_comply);
    o = wsman_envelope_option(env, WSMAN_OPTION_CALLBACK_REGISTRATION);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_STRING_EQUAL(o->value, "20");
    CU_ASSERT_FALSE(o->must_comply);
    CU_ASSERT_STRING_EQUAL(env->operation_id, "uuid:op-1");
    CU_ASSERT_EQUAL(env->sequence_id, 1);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_METHOD);
    CU_ASSERT_STRING_EQUAL(env->body_name, "Echo_INPUT");
    CU_ASSERT_STRING_EQUAL(env->body_ns, DMTF "Demo_Class");
    CU_ASSERT_STRING_EQUAL(param_string(env, "Text"), "hi there");
    MI_Value v;
    MI_Type t;
    MI_Uint32 f;
    CU_ASSERT_EQUAL(MI_Instance_GetElement(env->params, "Num", &v, &t, &f, NULL), MI_RESULT_OK);
    CU_ASSERT_EQUAL(t, MI_STRINGA);
    CU_ASSERT_EQUAL(v.stringa.size, 2u);
    CU_ASSERT_STRING_EQUAL(v.stringa.data[1], "6");
    CU_ASSERT_EQUAL(MI_Instance_GetElement(env->params, "Nothing", &v, &t, &f, NULL),
                    MI_RESULT_OK);
    CU_ASSERT_TRUE(f & MI_FLAG_NULL);
    char *m = wsman_envelope_method(env);
    CU_ASSERT_STRING_EQUAL(m, "Echo");
    free(m);
    wsman_envelope_free(env);
}

/* @device-management-toolkit/wsman-messages: default-namespace envelope, MessageID 0, no
 * MaxEnvelopeSize/OperationTimeout/Locale; headers in the SOAP namespace or in their own
 * namespace through default declarations, without any prefix. */
static const char default_ns_request[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "<Envelope xmlns=\"http://www.w3.org/2003/05/soap-envelope\">"
    "<Header>"
    "<Action xmlns=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\">" DMTF "Demo_Class/Echo"
    "</Action>"
    "<To>/wsman</To>"
    "<ResourceURI xmlns=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\">" DMTF "Demo_Class"
    "</ResourceURI>"
    "<MessageID>0</MessageID>"
    "<ReplyTo><Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
    "</Address></ReplyTo>"
    "</Header>"
    "<Body><Echo_INPUT xmlns=\"" DMTF "Demo_Class\"><Text>x</Text></Echo_INPUT></Body>"
    "</Envelope>";

static void test_default_namespace_request(void)
{
    wsman_envelope *env = parse(default_ns_request);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_STRING_EQUAL(env->action, DMTF "Demo_Class/Echo");
    CU_ASSERT_STRING_EQUAL(env->to, "/wsman");
    CU_ASSERT_STRING_EQUAL(env->message_id, "0");
    CU_ASSERT_STRING_EQUAL(env->resource_uri, DMTF "Demo_Class");
    CU_ASSERT_STRING_EQUAL(env->reply_to, WSMAN_URI_ANONYMOUS);
    CU_ASSERT_EQUAL(env->max_envelope_size, 0u);
    CU_ASSERT_EQUAL(env->operation_timeout_ms, -1);
    CU_ASSERT_PTR_NULL(env->locale);
    CU_ASSERT_EQUAL(env->sequence_id, -1);
    CU_ASSERT_EQUAL(env->n_selectors, 0u);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_METHOD);
    CU_ASSERT_STRING_EQUAL(param_string(env, "Text"), "x");
    wsman_envelope_free(env);
}

/* wsl: MessageID without "uuid:". */
static void test_message_id_without_uuid(void)
{
    const char *xml =
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"" NS_DECLS ">"
        "<s:Header><a:MessageID>0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9</a:MessageID>"
        "<a:Action s:mustUnderstand=\"true\">" DMTF "Demo_Class/Echo</a:Action>"
        "<w:ResourceURI>" DMTF "Demo_Class</w:ResourceURI></s:Header>"
        "<s:Body/></s:Envelope>";
    wsman_envelope *env = parse(xml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_STRING_EQUAL(env->message_id, "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_EMPTY);
    CU_ASSERT_PTR_NULL(env->params);
    wsman_envelope_free(env);
}

/* OMI's libmi: <p:Method> in the .../Parameters namespace, and an empty body. */
static void test_omi_requests(void)
{
    const char *xml =
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"" NS_DECLS ">"
        "<s:Header><a:To>HTTP://127.0.0.1:5985/wsman/</a:To>"
        "<w:ResourceURI s:mustUnderstand=\"true\">" DMTF "Demo_Class</w:ResourceURI>"
        "<a:Action s:mustUnderstand=\"true\">" DMTF "Demo_Class/Echo</a:Action>"
        "<a:MessageID>uuid:1</a:MessageID></s:Header>"
        "<s:Body><p:Echo xmlns:p=\"" DMTF "Parameters\"><p:Text>omi</p:Text></p:Echo></s:Body>"
        "</s:Envelope>";
    wsman_envelope *env = parse(xml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_METHOD);
    CU_ASSERT_STRING_EQUAL(env->body_name, "Echo");
    CU_ASSERT_STRING_EQUAL(env->body_ns, DMTF "Parameters");
    CU_ASSERT_STRING_EQUAL(param_string(env, "Text"), "omi");
    wsman_envelope_free(env);

    const char *empty =
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"" NS_DECLS ">"
        "<s:Header><a:Action>" DMTF "Demo_Class/Ping</a:Action></s:Header>"
        "<s:Body></s:Body></s:Envelope>";
    env = parse(empty);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_EMPTY);
    char *m = wsman_envelope_method(env);
    CU_ASSERT_STRING_EQUAL(m, "Ping");
    free(m);
    wsman_envelope_free(env);
}

/* OMI answers: Action without Response, <Class>_OUTPUT or <Method>, untyped text. */
static const char *omi_answer(const char *element)
{
    static char buf[2048];
    snprintf(buf, sizeof buf,
             "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://www.w3.org/2003/05/soap-envelope\"" NS_DECLS
             "><SOAP-ENV:Header><a:To>" WSMAN_URI_ANONYMOUS "</a:To>"
             "<a:Action>" DMTF "Demo_Class/Echo</a:Action>"
             "<a:MessageID>uuid:2</a:MessageID><a:RelatesTo>uuid:1</a:RelatesTo>"
             "</SOAP-ENV:Header><SOAP-ENV:Body><p:%s xmlns:p=\"" DMTF "Demo_Class\">"
             "<p:ReturnValue>0</p:ReturnValue><p:Out>  text  </p:Out>"
             "<p:When><cim:Datetime xmlns:cim=\"" WSMAN_NS_CIM "\">2026-11-24T05:00:00Z"
             "</cim:Datetime></p:When></p:%s></SOAP-ENV:Body></SOAP-ENV:Envelope>",
             element, element);
    return buf;
}

static void test_omi_answers(void)
{
    static const char *names[] = {"Demo_Class_OUTPUT", "Echo", "Echo_OUTPUT"};
    for (size_t i = 0; i < 3; i++) {
        wsman_envelope *env = parse(omi_answer(names[i]));
        CU_ASSERT_PTR_NOT_NULL_FATAL(env);
        CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_OUTPUT);
        CU_ASSERT_STRING_EQUAL(env->relates_to, "uuid:1");
        CU_ASSERT_TRUE(wsman_output_name_ok(env, "Demo_Class", "Echo"));
        CU_ASSERT_FALSE(wsman_output_name_ok(env, "Other_Class", "Other"));
        CU_ASSERT_STRING_EQUAL(param_string(env, "ReturnValue"), "0");
        CU_ASSERT_STRING_EQUAL(param_string(env, "Out"), "  text  ");
        MI_Value v;
        MI_Type t;
        MI_Uint32 f;
        CU_ASSERT_EQUAL(MI_Instance_GetElement(env->params, "When", &v, &t, &f, NULL),
                        MI_RESULT_OK);
        CU_ASSERT_EQUAL(t, MI_DATETIME);
        CU_ASSERT_TRUE(v.datetime.isTimestamp && v.datetime.u.timestamp.year == 2026);
        char *m = wsman_envelope_method(env);
        CU_ASSERT_STRING_EQUAL(m, "Echo");
        free(m);
        wsman_envelope_free(env);
    }
    /* Any other name is not an accepted output. */
    wsman_envelope *env = parse(omi_answer("Something_Else"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_OTHER);
    CU_ASSERT_FALSE(wsman_output_name_ok(env, "Demo_Class", "Echo"));
    wsman_envelope_free(env);
    env = parse(omi_answer("Wrong_OUTPUT"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_OUTPUT);
    CU_ASSERT_FALSE(wsman_output_name_ok(env, "Demo_Class", "Echo"));
    wsman_envelope_free(env);
}

/* Windows answers: typed values with xsi:type, cim: and xs: names, an embedded instance and
 * a reference. */
static void test_windows_typed_answer(void)
{
    const char *xml =
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"" NS_DECLS
        " xmlns:xsi=\"" WSMAN_NS_XSI "\" xmlns:cim=\"" WSMAN_NS_CIM "\""
        " xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
        "<s:Header><a:Action>" DMTF "Demo_Class/EchoResponse</a:Action>"
        "<a:RelatesTo>uuid:1</a:RelatesTo></s:Header><s:Body>"
        "<p:Echo_OUTPUT xmlns:p=\"" DMTF "Demo_Class\">"
        "<p:U xsi:type=\"cim:cimUnsignedInt\">4294967295</p:U>"
        "<p:X xsi:type=\"xs:long\">-5</p:X>"
        "<p:B xsi:type=\"cim:cimBoolean\">1</p:B>"
        "<p:E xmlns:q=\"" DMTF "Thing\" xsi:type=\"q:Thing_Type\"><q:N>1</q:N></p:E>"
        "<p:R><a:Address>" WSMAN_URI_ANONYMOUS "</a:Address><a:ReferenceParameters>"
        "<w:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/Win32_Foo"
        "</w:ResourceURI><w:SelectorSet><w:Selector Name=\"K\">v</w:Selector></w:SelectorSet>"
        "</a:ReferenceParameters></p:R>"
        "<p:ReturnValue xsi:type=\"cim:cimUnsignedInt\">0</p:ReturnValue>"
        "</p:Echo_OUTPUT></s:Body></s:Envelope>";
    wsman_envelope *env = parse(xml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    MI_Value v;
    MI_Type t;
    MI_Uint32 f;
    CU_ASSERT_EQUAL(MI_Instance_GetElement(env->params, "U", &v, &t, &f, NULL), MI_RESULT_OK);
    CU_ASSERT_TRUE(t == MI_UINT32 && v.uint32 == 4294967295u);
    CU_ASSERT_EQUAL(MI_Instance_GetElement(env->params, "X", &v, &t, &f, NULL), MI_RESULT_OK);
    CU_ASSERT_TRUE(t == MI_SINT64 && v.sint64 == -5);
    CU_ASSERT_EQUAL(MI_Instance_GetElement(env->params, "B", &v, &t, &f, NULL), MI_RESULT_OK);
    CU_ASSERT_TRUE(t == MI_BOOLEAN && v.boolean == 1);
    CU_ASSERT_EQUAL(MI_Instance_GetElement(env->params, "E", &v, &t, &f, NULL), MI_RESULT_OK);
    CU_ASSERT_EQUAL_FATAL(t, MI_INSTANCE);
    const MI_Char *cls = NULL, *ns = NULL;
    MI_Instance_GetClassName(v.instance, &cls);
    CU_ASSERT_STRING_EQUAL(cls, "Thing");
    CU_ASSERT_EQUAL(MI_Instance_GetElement(env->params, "R", &v, &t, &f, NULL), MI_RESULT_OK);
    CU_ASSERT_EQUAL_FATAL(t, MI_REFERENCE);
    MI_Instance_GetClassName(v.reference, &cls);
    CU_ASSERT_STRING_EQUAL(cls, "Win32_Foo");
    MI_Instance_GetNameSpace(v.reference, &ns);
    CU_ASSERT_STRING_EQUAL(ns, "root/cimv2");
    wsman_envelope_free(env);
}

/* ---------------------------------------------------------------- writing */

static void test_write_request_headers(void)
{
    wsman_selector keys[] = {{(char *)"Id", (char *)"7"}};
    wsman_option opts[] = {{(char *)"Color", (char *)"xs:string", 1, (char *)"a<b"}};
    MI_Instance *params = NULL;
    mimodel_instance_new("Parameters", &params);
    MI_Value v;
    v.string = (MI_Char *)"hello";
    MI_Instance_AddElement(params, "Text", &v, MI_STRING, 0);
    wsman_invoke_request q;
    memset(&q, 0, sizeof q);
    q.to = "http://127.0.0.1:5985/wsman";
    q.resource_uri = DMTF "Demo_Class";
    q.method = "Echo";
    q.namespace_name = "root/cimv2";
    q.keys = keys;
    q.n_keys = 1;
    q.params = params;
    q.operation_timeout_ms = 60000;
    q.options = opts;
    q.n_options = 1;
    q.callback_bits = WSMAN_CALLBACK_STREAMING | WSMAN_CALLBACK_PROMPTS;
    char *xml;
    size_t len;
    wsman_error err;
    CU_ASSERT_EQUAL_FATAL(wsman_write_invoke_request(&q, &xml, &len, &err), 0);
    wsman_envelope *env = parse(xml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_STRING_EQUAL(env->action, DMTF "Demo_Class/Echo");
    CU_ASSERT_STRING_EQUAL(env->to, "http://127.0.0.1:5985/wsman");
    CU_ASSERT_STRING_EQUAL(env->reply_to, WSMAN_URI_ANONYMOUS);
    CU_ASSERT_EQUAL(strncmp(env->message_id, "uuid:", 5), 0);
    CU_ASSERT_EQUAL(strlen(env->message_id), 41u);
    CU_ASSERT_EQUAL(env->max_envelope_size, WSMAN_DEFAULT_MAX_ENVELOPE);
    CU_ASSERT_TRUE(env->max_envelope_must_understand);
    CU_ASSERT_EQUAL(env->operation_timeout_ms, 60000);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "PT60.000S"));
    CU_ASSERT_STRING_EQUAL(env->locale, "en-US");
    CU_ASSERT_STRING_EQUAL(wsman_envelope_selector(env, "__cimnamespace"), "root/cimv2");
    CU_ASSERT_STRING_EQUAL(wsman_envelope_selector(env, "Id"), "7");
    const wsman_option *o = wsman_envelope_option(env, "Color");
    CU_ASSERT_TRUE(o && strcmp(o->value, "a<b") == 0 && o->must_comply);
    o = wsman_envelope_option(env, WSMAN_OPTION_CALLBACK_REGISTRATION);
    CU_ASSERT_TRUE(o && strcmp(o->value, "20") == 0 && strcmp(o->type, "xs:int") == 0);
    CU_ASSERT_EQUAL(strncmp(env->operation_id ? env->operation_id : "", "uuid:", 5), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<wsmv:OperationID s:mustUnderstand=\"false\">"));
    CU_ASSERT_EQUAL(env->sequence_id, 1);
    CU_ASSERT_STRING_EQUAL(env->body_name, "Echo_INPUT");
    CU_ASSERT_STRING_EQUAL(param_string(env, "Text"), "hello");
    wsman_envelope_free(env);
    free(xml);

    /* No registration bits: no option, no OperationID, no SequenceId; no namespace selector. */
    q.callback_bits = 0;
    q.namespace_name = NULL;
    q.n_keys = 0;
    q.n_options = 0;
    q.params = NULL;
    q.operation_timeout_ms = 0;
    q.message_id = "uuid:fixed";
    q.action = "urn:custom";
    CU_ASSERT_EQUAL_FATAL(wsman_write_invoke_request(&q, &xml, &len, &err), 0);
    env = parse(xml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_PTR_NULL(env->operation_id);
    CU_ASSERT_EQUAL(env->sequence_id, -1);
    CU_ASSERT_EQUAL(env->n_options, 0u);
    CU_ASSERT_EQUAL(env->n_selectors, 0u);
    CU_ASSERT_EQUAL(env->operation_timeout_ms, -1);
    CU_ASSERT_STRING_EQUAL(env->message_id, "uuid:fixed");
    CU_ASSERT_STRING_EQUAL(env->action, "urn:custom");
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_METHOD);
    MI_Uint32 count = 99;
    MI_Instance_GetElementCount(env->params, &count);
    CU_ASSERT_EQUAL(count, 0u);
    wsman_envelope_free(env);
    free(xml);
    MI_Instance_Delete(params);

    q.method = "bad name";
    CU_ASSERT_EQUAL(wsman_write_invoke_request(&q, &xml, &len, &err), WSMAN_E_ARGUMENT);
    CU_ASSERT_EQUAL(err.status, WSMAN_E_ARGUMENT);
    CU_ASSERT_EQUAL(wsman_write_invoke_request(NULL, &xml, &len, NULL), WSMAN_E_ARGUMENT);
}

static void test_write_response_styles(void)
{
    MI_Instance *out = NULL;
    mimodel_instance_new("Echo_OUTPUT", &out);
    MI_Value v;
    v.uint32 = 3;
    MI_Instance_AddElement(out, "ReturnValue", &v, MI_UINT32, 0);
    wsman_invoke_response r;
    memset(&r, 0, sizeof r);
    r.resource_uri = DMTF "Demo_Class";
    r.class_name = "Demo_Class";
    r.method = "Echo";
    r.relates_to = "uuid:req";
    r.outputs = out;
    static const struct {
        wsman_output_name name;
        int without;
        int typed;
        const char *element, *action, *value;
    } cases[] = {
        {WSMAN_OUTPUT_METHOD_OUTPUT, 0, 1, "Echo_OUTPUT", DMTF "Demo_Class/EchoResponse",
         "xsi:type=\"cim:cimUnsignedInt\">3<"},
        {WSMAN_OUTPUT_CLASS_OUTPUT, 1, 0, "Demo_Class_OUTPUT", DMTF "Demo_Class/Echo",
         "<p:ReturnValue>3<"},
        {WSMAN_OUTPUT_METHOD_ONLY, 1, 0, "Echo", DMTF "Demo_Class/Echo", "<p:ReturnValue>3<"},
    };
    for (size_t i = 0; i < 3; i++) {
        r.output_name = cases[i].name;
        r.action_without_response = cases[i].without;
        r.typed = cases[i].typed;
        char *xml;
        size_t len;
        wsman_error err;
        CU_ASSERT_EQUAL_FATAL(wsman_write_invoke_response(&r, &xml, &len, &err), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(xml, cases[i].value));
        wsman_envelope *env = parse(xml);
        CU_ASSERT_PTR_NOT_NULL_FATAL(env);
        CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_OUTPUT);
        CU_ASSERT_STRING_EQUAL(env->body_name, cases[i].element);
        CU_ASSERT_STRING_EQUAL(env->action, cases[i].action);
        CU_ASSERT_STRING_EQUAL(env->relates_to, "uuid:req");
        CU_ASSERT_TRUE(wsman_output_name_ok(env, "Demo_Class", "Echo"));
        MI_Type t;
        MI_Uint32 f;
        CU_ASSERT_EQUAL(MI_Instance_GetElement(env->params, "ReturnValue", &v, &t, &f, NULL),
                        MI_RESULT_OK);
        CU_ASSERT_EQUAL(t, cases[i].typed ? MI_UINT32 : MI_STRING);
        wsman_envelope_free(env);
        free(xml);
    }
    /* A streaming answer's final envelope repeats OperationID and carries a SequenceId. */
    r.output_name = WSMAN_OUTPUT_METHOD_OUTPUT;
    r.operation_id = "uuid:op";
    r.sequence_id = 4;
    char *xml;
    size_t len;
    CU_ASSERT_EQUAL_FATAL(wsman_write_invoke_response(&r, &xml, &len, NULL), 0);
    wsman_envelope *env = parse(xml);
    CU_ASSERT_TRUE(env && strcmp(env->operation_id, "uuid:op") == 0 && env->sequence_id == 4);
    wsman_envelope_free(env);
    free(xml);
    MI_Instance_Delete(out);
}

static void test_full_duplex_messages(void)
{
    char *xml;
    size_t len;
    wsman_error err;
    CU_ASSERT_EQUAL_FATAL(wsman_write_cancel("http://h/wsman", "uuid:op", &xml, &len, &err), 0);
    wsman_envelope *env = parse(xml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_STRING_EQUAL(env->action, WSMAN_ACTION_CANCEL);
    CU_ASSERT_STRING_EQUAL(env->resource_uri, WSMAN_RESOURCE_FULLDUPLEX);
    CU_ASSERT_STRING_EQUAL(env->operation_id, "uuid:op");
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_EMPTY);
    wsman_envelope_free(env);
    free(xml);
    CU_ASSERT_EQUAL_FATAL(wsman_write_end("http://h/wsman", "uuid:op", &xml, &len, &err), 0);
    env = parse(xml);
    CU_ASSERT_TRUE(env && strcmp(env->action, WSMAN_ACTION_END) == 0 &&
                   env->body_kind == WSMAN_BODY_EMPTY);
    wsman_envelope_free(env);
    free(xml);
    CU_ASSERT_EQUAL_FATAL(wsman_write_interactive_response("http://h/wsman", "uuid:op", 3,
                                                           "Confirm", "yesToAll", &xml, &len,
                                                           &err), 0);
    env = parse(xml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_STRING_EQUAL(env->action, WSMAN_ACTION_INTERACTIVE_RESPONSE);
    CU_ASSERT_EQUAL(env->sequence_id, 3);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_INTERACTIVE_RESPONSE);
    CU_ASSERT_EQUAL(env->event.type, WSMAN_EVENT_CONFIRM);
    CU_ASSERT_STRING_EQUAL(env->event.response, "yesToAll");
    wsman_envelope_free(env);
    free(xml);
    CU_ASSERT_EQUAL(wsman_write_cancel(NULL, NULL, &xml, &len, &err), WSMAN_E_ARGUMENT);
    CU_ASSERT_EQUAL(err.status, WSMAN_E_ARGUMENT);
}

static wsman_envelope *event_roundtrip(const wsman_event_spec *sp)
{
    char *xml;
    size_t len;
    wsman_error err;
    if (wsman_write_event(sp, &xml, &len, &err) != 0) {
        fprintf(stderr, "write_event: %s\n", err.message);
        return NULL;
    }
    wsman_envelope *env = parse(xml);
    free(xml);
    return env;
}

static void test_events(void)
{
    wsman_event_spec sp;
    memset(&sp, 0, sizeof sp);
    sp.resource_uri = DMTF "Demo_Class";
    sp.relates_to = "uuid:req";
    sp.operation_id = "uuid:op";
    sp.sequence_id = 2;
    sp.type = WSMAN_EVENT_STREAMING_OUTPUT;
    sp.name = "Items";
    sp.value_type = MI_UINT32;
    MI_Value v;
    v.uint32 = 4000000000u;
    sp.value = &v;
    sp.typed = 1;
    wsman_envelope *env = event_roundtrip(&sp);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_INTERACTIVE_EVENT);
    CU_ASSERT_EQUAL(env->sequence_id, 2);
    CU_ASSERT_STRING_EQUAL(env->operation_id, "uuid:op");
    CU_ASSERT_STRING_EQUAL(env->action, DMTF "Demo_Class/InteractiveCallback");
    CU_ASSERT_EQUAL(env->event.type, WSMAN_EVENT_STREAMING_OUTPUT);
    CU_ASSERT_STRING_EQUAL(env->event.name, "Items");
    CU_ASSERT_TRUE(env->event.has_value_type && env->event.value_type == MI_UINT32);
    CU_ASSERT_EQUAL(env->event.value.uint32, 4000000000u);
    wsman_envelope_free(env);

    /* A batch: the array type, untyped on the wire, read with i:Type. */
    MI_Char *items[] = {(MI_Char *)"a", (MI_Char *)"b", (MI_Char *)"c"};
    v.stringa.data = items;
    v.stringa.size = 3;
    sp.value_type = MI_STRINGA;
    sp.typed = 0;
    env = event_roundtrip(&sp);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_EQUAL(env->event.value_type, MI_STRINGA);
    CU_ASSERT_EQUAL(env->event.value.stringa.size, 3u);
    CU_ASSERT_STRING_EQUAL(env->event.value.stringa.data[2], "c");
    wsman_envelope_free(env);

    /* One-element batch stays an array because i:Type says so. */
    v.stringa.size = 1;
    env = event_roundtrip(&sp);
    CU_ASSERT_TRUE(env && env->event.value_type == MI_STRINGA &&
                   env->event.value.stringa.size == 1);
    wsman_envelope_free(env);

    memset(&sp, 0, sizeof sp);
    sp.type = WSMAN_EVENT_PROGRESS;
    sp.activity = "Copying";
    sp.current_operation = "file 3";
    sp.status_description = "busy";
    sp.percent_complete = 42;
    sp.seconds_remaining = 7;
    env = event_roundtrip(&sp);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_EQUAL(env->event.type, WSMAN_EVENT_PROGRESS);
    CU_ASSERT_STRING_EQUAL(env->event.activity, "Copying");
    CU_ASSERT_STRING_EQUAL(env->event.current_operation, "file 3");
    CU_ASSERT_STRING_EQUAL(env->event.status_description, "busy");
    CU_ASSERT_EQUAL(env->event.percent_complete, 42u);
    CU_ASSERT_EQUAL(env->event.seconds_remaining, 7u);
    wsman_envelope_free(env);

    static const wsman_event_type msgs[] = {WSMAN_EVENT_DEBUG, WSMAN_EVENT_WARNING,
                                            WSMAN_EVENT_VERBOSE};
    for (size_t i = 0; i < 3; i++) {
        memset(&sp, 0, sizeof sp);
        sp.type = msgs[i];
        sp.description = "some <text>";
        env = event_roundtrip(&sp);
        CU_ASSERT_TRUE(env && env->event.type == msgs[i] &&
                       strcmp(env->event.description, "some <text>") == 0);
        wsman_envelope_free(env);
    }

    memset(&sp, 0, sizeof sp);
    sp.type = WSMAN_EVENT_CONFIRM;
    sp.description = "Really?";
    sp.prompt_type = "Critical";
    env = event_roundtrip(&sp);
    CU_ASSERT_TRUE(env && env->event.type == WSMAN_EVENT_CONFIRM &&
                   strcmp(env->event.prompt_type, "Critical") == 0 &&
                   strcmp(env->event.description, "Really?") == 0);
    wsman_envelope_free(env);

    MI_Instance *e = NULL;
    mimodel_instance_new("MSFT_WmiError", &e);
    v.uint32 = 4;
    MI_Instance_AddElement(e, "CIMStatusCode", &v, MI_UINT32, 0);
    memset(&sp, 0, sizeof sp);
    sp.type = WSMAN_EVENT_ERROR_ACTION;
    sp.error_instance = e;
    sp.action_type = "Inquire";
    env = event_roundtrip(&sp);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_EQUAL(env->event.type, WSMAN_EVENT_ERROR_ACTION);
    CU_ASSERT_STRING_EQUAL(env->event.action_type, "Inquire");
    char why[200];
    CU_ASSERT_TRUE(wt_instances_equal(e, env->event.error_instance, why, sizeof why));
    wsman_envelope_free(env);
    MI_Instance_Delete(e);
    CU_ASSERT_STRING_EQUAL(wsman_event_type_name(WSMAN_EVENT_NO_SEMANTICS), "NoSemantics");
    CU_ASSERT_PTR_NULL(wsman_event_type_name(WSMAN_EVENT_UNKNOWN));
}

static void test_resource_uri_split(void)
{
    char *c, *n;
    CU_ASSERT_EQUAL(wsman_resource_uri_split(DMTF "Demo_Class", &c, &n), 0);
    CU_ASSERT_STRING_EQUAL(c, "Demo_Class");
    CU_ASSERT_PTR_NULL(n);
    free(c);
    CU_ASSERT_EQUAL(wsman_resource_uri_split(WSMAN_URI_WMI_PREFIX "root/cimv2/Win32_X", &c, &n),
                    0);
    CU_ASSERT_STRING_EQUAL(c, "Win32_X");
    CU_ASSERT_STRING_EQUAL(n, "root/cimv2");
    free(c);
    free(n);
    CU_ASSERT_EQUAL(wsman_resource_uri_split("", &c, &n), -1);
    CU_ASSERT_EQUAL(wsman_resource_uri_split(NULL, &c, &n), -1);
}

/* A thread reuses its parser context: after a malformed envelope, a stopped one (DTD) and
 * more parses than a context is kept for, a good envelope still reads the same. */
static void test_parser_reuse_after_failures(void)
{
    static const char *bad[] = {
        "<s:Envelope xmlns:s='http://www.w3.org/2003/05/soap-envelope'><s:Body>",
        "<!DOCTYPE x [<!ENTITY a 'b'>]><x/>",
        "not xml at all",
    };
    for (int round = 0; round < 1200; round++) {
        wsman_error err;
        const char *b = bad[round % 3];
        CU_ASSERT_PTR_NULL(wsman_envelope_parse(b, strlen(b), NULL, &err));
        wsman_envelope *env = wsman_envelope_parse(winrm_request, strlen(winrm_request), NULL,
                                                   &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(env);
        CU_ASSERT_STRING_EQUAL(env->message_id, "uuid:11111111-2222-4333-8444-555555555555");
        wsman_envelope_free(env);
    }
}

/* A lent cache takes the context a parse leaves, keeps it for the next parse while lent, and
 * the thread's own slot is used again once it is taken back; clearing frees it. */
static void test_parser_cache_lent(void)
{
    wsman_parser_cache lane;
    memset(&lane, 0, sizeof lane);
    wsman_error err;
    wsman_parser_cache_lend(&lane);
    for (int i = 0; i < 3; i++) {
        wsman_envelope *env = wsman_envelope_parse(winrm_request, strlen(winrm_request), NULL,
                                                   &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(env);
        wsman_envelope_free(env);
    }
    wsman_parser_cache_lend(NULL);
    CU_ASSERT_PTR_NOT_NULL(lane.ctxt);
    CU_ASSERT_EQUAL(lane.uses, 3u);
    struct _xmlParserCtxt *kept = lane.ctxt;
    wsman_envelope *env = wsman_envelope_parse(winrm_request, strlen(winrm_request), NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    wsman_envelope_free(env);
    CU_ASSERT_PTR_EQUAL(lane.ctxt, kept); /* not lent: untouched */
    CU_ASSERT_EQUAL(lane.uses, 3u);
    wsman_parser_cache_clear(&lane);
    CU_ASSERT_PTR_NULL(lane.ctxt);
    CU_ASSERT_EQUAL(lane.uses, 0u);
}

/* A fresh MessageID is "uuid:" and a version 4, variant 1 UUID in lowercase hex. */
static void test_new_uuid_shape(void)
{
    char *a = wsman_new_uuid(), *b = wsman_new_uuid();
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(strlen(a), 41u);
    CU_ASSERT_EQUAL(strncmp(a, "uuid:", 5), 0);
    for (int i = 5; i < 41; i++) {
        int dash = i == 13 || i == 18 || i == 23 || i == 28;
        int hex = (a[i] >= '0' && a[i] <= '9') || (a[i] >= 'a' && a[i] <= 'f');
        CU_ASSERT(dash ? a[i] == '-' : hex);
    }
    CU_ASSERT_EQUAL(a[19], '4');
    CU_ASSERT_PTR_NOT_NULL(strchr("89ab", a[24]));
    CU_ASSERT_NOT_EQUAL(strcmp(a, b), 0);
    free(a);
    free(b);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"winrm_request", test_winrm_request},
        {"new_uuid_shape", test_new_uuid_shape},
        {"parser_reuse_after_failures", test_parser_reuse_after_failures},
        {"parser_cache_lent", test_parser_cache_lent},
        {"default_namespace_request", test_default_namespace_request},
        {"message_id_without_uuid", test_message_id_without_uuid},
        {"omi_requests", test_omi_requests},
        {"omi_answers", test_omi_answers},
        {"windows_typed_answer", test_windows_typed_answer},
        {"write_request_headers", test_write_request_headers},
        {"write_response_styles", test_write_response_styles},
        {"full_duplex_messages", test_full_duplex_messages},
        {"events", test_events},
        {"resource_uri_split", test_resource_uri_split},
        {NULL, NULL},
    };
    return cutest_run("test_wsman_envelope", cases, argc, argv);
}

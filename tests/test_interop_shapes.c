/*
 * test_interop_shapes.c - the exact requests third-party WS-Management clients sent to the mock
 * server in `make interop`, byte for byte as its journal recorded them, read back
 * with wsman_envelope_parse. If the codec ever stops accepting one of these, a client nobody
 * on this team wrote stops working with the kit; this test says which one and why without
 * needing the clients installed.
 *
 * Captured with: python3-winrm 0.3.0-4+deb12u1 (Protocol header + transport), wsl 0.2.1-3
 * (wslinvoke -inst), @device-management-toolkit/wsman-messages 5.14.1 (WSManMessageCreator),
 * golang-github-masterzen-winrm-dev 0.0~git20200615.c42b513-2 (soap.SoapHeader + clientRequest).
 * The programs that produced them are under interop/; only URIs are abbreviated by macros.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "tests/support/cutest.h"
#include "mock_server/mockcim.h"
#include "wsman/wsman.h"

#define DMTF_CLASS "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MI_Interop"
#define WMI_CLASS "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/interop/MI_Interop"
#define ANON "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
#define NS_SOAP "http://www.w3.org/2003/05/soap-envelope"
#define NS_WSA "http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define NS_WSMAN "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
#define NS_WSMV "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"
#define NS_XSI "http://www.w3.org/2001/XMLSchema-instance"
#define NS_XSD "http://www.w3.org/2001/XMLSchema"
#define NS_ENUM "http://schemas.xmlsoap.org/ws/2004/09/enumeration"

/* ---------------------------------------------------------------- python3-winrm */

/* Protocol._get_soap_header's declarations: every namespace WinRS uses, "p" bound to
 * Microsoft's wsman namespace (so the body needs another prefix), mustUnderstand without a
 * prefix, To of a host that is not this one, empty Locale/DataLocale elements (not
 * self-closed), OperationTimeout as whole seconds. */
#define PYWINRM_HEAD(message_id, timeout, method, selectors)                                 \
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"                                            \
    "<env:Envelope xmlns:xsd=\"" NS_XSD "\" xmlns:xsi=\"" NS_XSI "\" xmlns:env=\"" NS_SOAP    \
    "\" xmlns:a=\"" NS_WSA "\" xmlns:b=\"http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd" \
    "\" xmlns:n=\"" NS_ENUM "\" xmlns:x=\"http://schemas.xmlsoap.org/ws/2004/09/transfer"     \
    "\" xmlns:w=\"" NS_WSMAN "\" xmlns:p=\"" NS_WSMV                                          \
    "\" xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell"                  \
    "\" xmlns:cfg=\"http://schemas.microsoft.com/wbem/wsman/1/config\">"                      \
    "<env:Header>"                                                                            \
    "<a:To>http://windows-host:5985/wsman</a:To>"                                             \
    "<a:ReplyTo><a:Address mustUnderstand=\"true\">" ANON "</a:Address></a:ReplyTo>"          \
    "<w:MaxEnvelopeSize mustUnderstand=\"true\">153600</w:MaxEnvelopeSize>"                   \
    "<a:MessageID>" message_id "</a:MessageID>"                                               \
    "<w:Locale mustUnderstand=\"false\" xml:lang=\"en-US\"></w:Locale>"                       \
    "<p:DataLocale mustUnderstand=\"false\" xml:lang=\"en-US\"></p:DataLocale>"               \
    "<w:OperationTimeout>" timeout "</w:OperationTimeout>"                                    \
    "<w:ResourceURI mustUnderstand=\"true\">" DMTF_CLASS "</w:ResourceURI>"                   \
    "<a:Action mustUnderstand=\"true\">" DMTF_CLASS "/" method "</a:Action>"                  \
    "<w:SelectorSet>" selectors "</w:SelectorSet>"                                            \
    "</env:Header>"

static const char pywinrm_echo[] =
    PYWINRM_HEAD("uuid:a1a16835-47b6-4fc6-89a8-e29d68fcfe3c", "PT20S", "Echo",
                 "<w:Selector Name=\"__cimnamespace\">root/interop</w:Selector>")
    "<env:Body><m:Echo_INPUT xmlns:m=\"" DMTF_CLASS "\">"
    "<m:Text>from pywinrm</m:Text><m:Count>42</m:Count>"
    "</m:Echo_INPUT></env:Body></env:Envelope>";

static const char pywinrm_rename[] =
    PYWINRM_HEAD("uuid:5a821ca1-432d-4b58-a5ba-dee9366bc6ea", "PT20S", "Rename",
                 "<w:Selector Name=\"__cimnamespace\">root/interop</w:Selector>"
                 "<w:Selector Name=\"Name\">alpha</w:Selector>")
    "<env:Body><m:Rename_INPUT xmlns:m=\"" DMTF_CLASS "\">"
    "<m:NewName>gamma</m:NewName><m:Force>true</m:Force>"
    "</m:Rename_INPUT></env:Body></env:Envelope>";

/* A method without inputs: xmltodict writes the empty input element open and closed. */
static const char pywinrm_fail[] =
    PYWINRM_HEAD("uuid:305a6cff-1ba8-4c25-8bea-7e523a0f8859", "PT20S", "Fail",
                 "<w:Selector Name=\"__cimnamespace\">root/interop</w:Selector>")
    "<env:Body><m:Fail_INPUT xmlns:m=\"" DMTF_CLASS "\"></m:Fail_INPUT></env:Body>"
    "</env:Envelope>";

/* Sent with operation_timeout_sec=1 to a method slower than that. */
static const char pywinrm_slow[] =
    PYWINRM_HEAD("uuid:5ce057f4-d404-4e78-93a8-7b457a1d1141", "PT1S", "Slow",
                 "<w:Selector Name=\"__cimnamespace\">root/interop</w:Selector>")
    "<env:Body><m:Slow_INPUT xmlns:m=\"" DMTF_CLASS "\"></m:Slow_INPUT></env:Body>"
    "</env:Envelope>";

/* ---------------------------------------------------------------- wsl */

/* wslinvoke: its here-document is indented, and curl -d strips the newlines, so runs of
 * spaces sit between elements (text nodes in the header, the body and the input element);
 * MessageID is a bare uuidgen (no "uuid:") with s:mustUnderstand; To with s:mustUnderstand;
 * no MaxEnvelopeSize, OperationTimeout or Locale by default; an unused wsen declaration. */
static const char wsl_rename[] =
    "<?xml version=\"1.0\"?>"
    "<s:Envelope xmlns:s=\"" NS_SOAP "\" xmlns:wsa=\"" NS_WSA "\" xmlns:wsman=\"" NS_WSMAN
    "\" xmlns:wsen=\"" NS_ENUM "\">"
    "  <s:Header>"
    "    <wsa:Action s:mustUnderstand=\"true\">" DMTF_CLASS "/Rename</wsa:Action>"
    "    <wsa:To s:mustUnderstand=\"true\">http://127.0.0.1:42415/wsman</wsa:To>"
    "    <wsman:ResourceURI s:mustUnderstand=\"true\">" DMTF_CLASS "</wsman:ResourceURI>"
    "    <wsa:MessageID s:mustUnderstand=\"true\">dc792876-b088-4cb5-b029-98a833e00abc"
    "</wsa:MessageID>"
    "    <wsa:ReplyTo>      <wsa:Address>" ANON "</wsa:Address>    </wsa:ReplyTo>"
    "    <wsman:SelectorSet>"
    "      <wsman:Selector Name=\"__cimnamespace\">root/interop</wsman:Selector>"
    "      <wsman:Selector Name=\"Name\">alpha</wsman:Selector>"
    "    </wsman:SelectorSet>"
    "  </s:Header>"
    "  <s:Body>"
    "    <p:Rename_INPUT xmlns:p=\"" DMTF_CLASS "\">"
    "      <p:NewName>delta</p:NewName>"
    "      <p:Force>false</p:Force>"
    "    </p:Rename_INPUT>"
    "  </s:Body>"
    "</s:Envelope>";

/* ---------------------------------------------------------------- wsman-messages */

/* WSManMessageCreator: SOAP as the default namespace (Envelope, Header, Body unprefixed), no
 * mustUnderstand anywhere, MessageID a counter from 0, To a bare path, no MaxEnvelopeSize or
 * Locale, and never a __cimnamespace selector. */
#define WSMAN_MESSAGES_HEAD(method, message_id, selectors)                                 \
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"                                            \
    "<Envelope xmlns:xsi=\"" NS_XSI "\" xmlns:xsd=\"" NS_XSD "\" xmlns:a=\"" NS_WSA         \
    "\" xmlns:w=\"" NS_WSMAN "\" xmlns=\"" NS_SOAP "\">"                                    \
    "<Header>"                                                                              \
    "<a:Action>" DMTF_CLASS "/" method "</a:Action>"                                        \
    "<a:To>/wsman</a:To>"                                                                   \
    "<w:ResourceURI>" DMTF_CLASS "</w:ResourceURI>"                                         \
    "<a:MessageID>" message_id "</a:MessageID>"                                             \
    "<a:ReplyTo><a:Address>" ANON "</a:Address></a:ReplyTo>"                                \
    "<w:OperationTimeout>PT60S</w:OperationTimeout>" selectors                              \
    "</Header>"

static const char wsman_messages_echo[] =
    WSMAN_MESSAGES_HEAD("Echo", "0", "")
    "<Body><h:Echo_INPUT xmlns:h=\"" DMTF_CLASS "\">"
    "<h:Text>from wsman-messages</h:Text><h:Count>3</h:Count>"
    "</h:Echo_INPUT></Body></Envelope>";

static const char wsman_messages_rename[] =
    WSMAN_MESSAGES_HEAD("Rename", "1",
                        "<w:SelectorSet><w:Selector Name=\"Name\">alpha</w:Selector>"
                        "</w:SelectorSet>")
    "<Body><h:Rename_INPUT xmlns:h=\"" DMTF_CLASS "\">"
    "<h:NewName>epsilon</h:NewName><h:Force>true</h:Force>"
    "</h:Rename_INPUT></Body></Envelope>";

/* ---------------------------------------------------------------- Go masterzen/winrm */

/* simplexml: a space before "?>", a newline after most closing tags (so newline text nodes
 * between the input parameters), mustUnderstand without a prefix, self-closed Locale and
 * DataLocale, no SelectorSet at all (it can send none but ShellId), so the namespace is only
 * in the WMI-form ResourceURI. */
static const char go_winrm_echo[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n"
    "<env:Envelope xmlns:env=\"" NS_SOAP "\" xmlns:a=\"" NS_WSA
    "\" xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\" xmlns:w=\""
    NS_WSMAN "\" xmlns:p=\"" NS_WSMV "\">"
    "<env:Header><a:To>http://127.0.0.1:45775/wsman</a:To>\n"
    "<a:ReplyTo><a:Address mustUnderstand=\"true\">" ANON "</a:Address>\n"
    "</a:ReplyTo>\n"
    "<w:MaxEnvelopeSize mustUnderstand=\"true\">153600</w:MaxEnvelopeSize>\n"
    "<w:OperationTimeout>PT60S</w:OperationTimeout>\n"
    "<a:MessageID>uuid:ce976423-4279-4cf1-96fd-564616f40252</a:MessageID>\n"
    "<w:Locale mustUnderstand=\"false\" xml:lang=\"en-US\"/>"
    "<p:DataLocale mustUnderstand=\"false\" xml:lang=\"en-US\"/>"
    "<a:Action mustUnderstand=\"true\">" WMI_CLASS "/Echo</a:Action>\n"
    "<w:ResourceURI mustUnderstand=\"true\">" WMI_CLASS "</w:ResourceURI>\n"
    "</env:Header>\n"
    "<env:Body><m:Echo_INPUT xmlns:m=\"" WMI_CLASS "\"><m:Text>from go</m:Text>\n"
    "<m:Count>17</m:Count>\n"
    "</m:Echo_INPUT>\n"
    "</env:Body>\n"
    "</env:Envelope>\n";

/* ---------------------------------------------------------------- helpers */

static wsman_envelope *parse(const char *xml)
{
    wsman_error err;
    memset(&err, 0, sizeof err);
    wsman_envelope *env = wsman_envelope_parse(xml, strlen(xml), NULL, &err);
    if (env == NULL)
        fprintf(stderr, "parse failed: %s (line %d col %d) %s\n", wsman_status_name(err.status),
                err.line, err.column, err.message);
    return env;
}

/* The text of IN parameter `name`: untyped on the wire, so the codec reads it as a string. */
static const char *param(const wsman_envelope *env, const char *name)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 f = 0;
    if (env->params == NULL ||
        MI_Instance_GetElement(env->params, name, &v, &t, &f, NULL) != MI_RESULT_OK ||
        t != MI_STRING || (f & MI_FLAG_NULL))
        return NULL;
    return v.string;
}

static MI_Uint32 param_count(const wsman_envelope *env)
{
    MI_Uint32 n = 0;
    if (env->params != NULL) MI_Instance_GetElementCount(env->params, &n);
    return n;
}

/* What every one of these requests must read as: an Invoke of `method` on MI_Interop. */
static void assert_invoke(const wsman_envelope *env, const char *class_uri, const char *method)
{
    char action[256];
    snprintf(action, sizeof action, "%s/%s", class_uri, method);
    CU_ASSERT_STRING_EQUAL(env->resource_uri, class_uri);
    CU_ASSERT_STRING_EQUAL(env->action, action);
    CU_ASSERT_STRING_EQUAL(env->reply_to, ANON);
    char *m = wsman_envelope_method(env);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_STRING_EQUAL(m, method);
    free(m);
    char input[64];
    snprintf(input, sizeof input, "%s_INPUT", method);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_METHOD);
    CU_ASSERT_STRING_EQUAL(env->body_name, input);
    CU_ASSERT_STRING_EQUAL(env->body_ns, class_uri);
    char *cls = NULL, *ns = NULL;
    CU_ASSERT_EQUAL_FATAL(wsman_resource_uri_split(env->resource_uri, &cls, &ns), 0);
    CU_ASSERT_STRING_EQUAL(cls, "MI_Interop");
    free(cls);
    free(ns);
}

/* ---------------------------------------------------------------- tests */

static void test_pywinrm_static(void)
{
    wsman_envelope *env = parse(pywinrm_echo);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    assert_invoke(env, DMTF_CLASS, "Echo");
    CU_ASSERT_STRING_EQUAL(env->to, "http://windows-host:5985/wsman");
    CU_ASSERT_STRING_EQUAL(env->message_id, "uuid:a1a16835-47b6-4fc6-89a8-e29d68fcfe3c");
    CU_ASSERT_EQUAL(env->max_envelope_size, 153600u);
    CU_ASSERT_TRUE(env->max_envelope_must_understand);
    CU_ASSERT_EQUAL(env->operation_timeout_ms, 20000);
    CU_ASSERT_STRING_EQUAL(env->locale, "en-US");
    CU_ASSERT_STRING_EQUAL(env->data_locale, "en-US");
    CU_ASSERT_EQUAL(env->n_selectors, 1u);
    CU_ASSERT_STRING_EQUAL(wsman_envelope_selector(env, "__cimnamespace"), "root/interop");
    CU_ASSERT_EQUAL(param_count(env), 2u);
    CU_ASSERT_STRING_EQUAL(param(env, "Text"), "from pywinrm");
    CU_ASSERT_STRING_EQUAL(param(env, "Count"), "42");
    wsman_envelope_free(env);
}

static void test_pywinrm_instance(void)
{
    wsman_envelope *env = parse(pywinrm_rename);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    assert_invoke(env, DMTF_CLASS, "Rename");
    CU_ASSERT_EQUAL(env->n_selectors, 2u);
    CU_ASSERT_STRING_EQUAL(wsman_envelope_selector(env, "__cimnamespace"), "root/interop");
    CU_ASSERT_STRING_EQUAL(wsman_envelope_selector(env, "Name"), "alpha");
    CU_ASSERT_EQUAL(param_count(env), 2u);
    CU_ASSERT_STRING_EQUAL(param(env, "NewName"), "gamma");
    CU_ASSERT_STRING_EQUAL(param(env, "Force"), "true");
    wsman_envelope_free(env);
}

static void test_pywinrm_no_inputs(void)
{
    wsman_envelope *env = parse(pywinrm_fail);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    assert_invoke(env, DMTF_CLASS, "Fail");
    CU_ASSERT_EQUAL(param_count(env), 0u);
    wsman_envelope_free(env);
}

static void test_pywinrm_short_timeout(void)
{
    wsman_envelope *env = parse(pywinrm_slow);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    assert_invoke(env, DMTF_CLASS, "Slow");
    CU_ASSERT_EQUAL(env->operation_timeout_ms, 1000);
    CU_ASSERT_EQUAL(param_count(env), 0u);
    wsman_envelope_free(env);
}

static void test_wsl_instance(void)
{
    wsman_envelope *env = parse(wsl_rename);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    assert_invoke(env, DMTF_CLASS, "Rename");
    CU_ASSERT_STRING_EQUAL(env->to, "http://127.0.0.1:42415/wsman");
    CU_ASSERT_STRING_EQUAL(env->message_id, "dc792876-b088-4cb5-b029-98a833e00abc");
    CU_ASSERT_EQUAL(env->max_envelope_size, 0u);
    CU_ASSERT_EQUAL(env->operation_timeout_ms, -1);
    CU_ASSERT_PTR_NULL(env->locale);
    CU_ASSERT_EQUAL(env->n_selectors, 2u);
    CU_ASSERT_STRING_EQUAL(wsman_envelope_selector(env, "__cimnamespace"), "root/interop");
    CU_ASSERT_STRING_EQUAL(wsman_envelope_selector(env, "Name"), "alpha");
    /* The spaces between the elements are no parameters and no part of a value. */
    CU_ASSERT_EQUAL(param_count(env), 2u);
    CU_ASSERT_STRING_EQUAL(param(env, "NewName"), "delta");
    CU_ASSERT_STRING_EQUAL(param(env, "Force"), "false");
    wsman_envelope_free(env);
}

static void test_wsman_messages_static(void)
{
    wsman_envelope *env = parse(wsman_messages_echo);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    assert_invoke(env, DMTF_CLASS, "Echo");
    CU_ASSERT_STRING_EQUAL(env->to, "/wsman");
    CU_ASSERT_STRING_EQUAL(env->message_id, "0");
    CU_ASSERT_EQUAL(env->max_envelope_size, 0u);
    CU_ASSERT_EQUAL(env->operation_timeout_ms, 60000);
    CU_ASSERT_PTR_NULL(env->locale);
    CU_ASSERT_EQUAL(env->n_selectors, 0u);
    CU_ASSERT_PTR_NULL(wsman_envelope_selector(env, "__cimnamespace"));
    CU_ASSERT_EQUAL(param_count(env), 2u);
    CU_ASSERT_STRING_EQUAL(param(env, "Text"), "from wsman-messages");
    CU_ASSERT_STRING_EQUAL(param(env, "Count"), "3");
    wsman_envelope_free(env);
}

static void test_wsman_messages_instance(void)
{
    wsman_envelope *env = parse(wsman_messages_rename);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    assert_invoke(env, DMTF_CLASS, "Rename");
    CU_ASSERT_STRING_EQUAL(env->message_id, "1");
    CU_ASSERT_EQUAL(env->n_selectors, 1u);
    CU_ASSERT_STRING_EQUAL(wsman_envelope_selector(env, "Name"), "alpha");
    CU_ASSERT_PTR_NULL(wsman_envelope_selector(env, "__cimnamespace"));
    CU_ASSERT_EQUAL(param_count(env), 2u);
    CU_ASSERT_STRING_EQUAL(param(env, "NewName"), "epsilon");
    CU_ASSERT_STRING_EQUAL(param(env, "Force"), "true");
    wsman_envelope_free(env);
}

static void test_go_winrm_static(void)
{
    wsman_envelope *env = parse(go_winrm_echo);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    assert_invoke(env, WMI_CLASS, "Echo");
    CU_ASSERT_STRING_EQUAL(env->to, "http://127.0.0.1:45775/wsman");
    CU_ASSERT_STRING_EQUAL(env->message_id, "uuid:ce976423-4279-4cf1-96fd-564616f40252");
    CU_ASSERT_EQUAL(env->max_envelope_size, 153600u);
    CU_ASSERT_EQUAL(env->operation_timeout_ms, 60000);
    CU_ASSERT_STRING_EQUAL(env->locale, "en-US");
    CU_ASSERT_EQUAL(env->n_selectors, 0u);
    /* The namespace is only in the WMI-form ResourceURI. */
    char *cls = NULL, *ns = NULL;
    CU_ASSERT_EQUAL_FATAL(wsman_resource_uri_split(env->resource_uri, &cls, &ns), 0);
    CU_ASSERT_STRING_EQUAL(cls, "MI_Interop");
    CU_ASSERT_PTR_NOT_NULL(ns);
    if (ns != NULL) CU_ASSERT_STRING_EQUAL(ns, "root/interop");
    free(cls);
    free(ns);
    /* The newlines simplexml puts after each parameter are no parameters and no values. */
    CU_ASSERT_EQUAL(param_count(env), 2u);
    CU_ASSERT_STRING_EQUAL(param(env, "Text"), "from go");
    CU_ASSERT_STRING_EQUAL(param(env, "Count"), "17");
    wsman_envelope_free(env);
}

/* ---------------------------------------------------------------- an answer a client needs */

typedef struct answer_buf {
    char *data;
    size_t len;
} answer_buf;

static size_t collect_answer(char *p, size_t size, size_t n, void *ctx)
{
    answer_buf *b = ctx;
    char *grown = realloc(b->data, b->len + size * n + 1);
    if (grown == NULL) return 0;
    memcpy(grown + b->len, p, size * n);
    b->len += size * n;
    grown[b->len] = '\0';
    b->data = grown;
    return size * n;
}

/* pywinrm turns a fault into WinRMOperationTimeoutError only when its f:WSManFault Code is
 * Windows' timeout code 2150858793 (winrm/protocol.py send_message); any other TimedOut is a
 * plain WinRMError. So the mock's TimedOut for pywinrm's own request, in the windows style of
 * fixtures/interop.xml, must carry that code. */
static void test_pywinrm_timeout_fault(void)
{
    mock_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.fixture_path = "fixtures/interop.xml";
    mock_server *srv = NULL;
    char err[512];
    CU_ASSERT_EQUAL_FATAL(mock_server_start(&cfg, &srv, err, sizeof err), 0);

    CURL *c = curl_easy_init();
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/soap+xml;charset=UTF-8");
    answer_buf b = {NULL, 0};
    long status = 0;
    curl_easy_setopt(c, CURLOPT_URL, mock_server_url(srv));
    curl_easy_setopt(c, CURLOPT_USERPWD, "interop:interop-pass");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, pywinrm_slow);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect_answer);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, cutest_bound_ms(10000));
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    CU_ASSERT_EQUAL(curl_easy_perform(c), CURLE_OK);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    mock_server_stop(srv);

    CU_ASSERT_EQUAL(status, 500);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b.data);
    wsman_envelope *env = parse(b.data);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_FAULT);
    CU_ASSERT_STRING_EQUAL(env->relates_to, "uuid:5ce057f4-d404-4e78-93a8-7b457a1d1141");
    CU_ASSERT_STRING_EQUAL(env->fault.code, "Receiver");
    CU_ASSERT_STRING_EQUAL(env->fault.subcode, "TimedOut");
    CU_ASSERT_PTR_NOT_NULL(env->fault.wsmanfault_code);
    if (env->fault.wsmanfault_code != NULL)
        CU_ASSERT_STRING_EQUAL(env->fault.wsmanfault_code, "2150858793");
    wsman_envelope_free(env);
    free(b.data);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"pywinrm_static", test_pywinrm_static},
        {"pywinrm_instance", test_pywinrm_instance},
        {"pywinrm_no_inputs", test_pywinrm_no_inputs},
        {"wsl_instance", test_wsl_instance},
        {"wsman_messages_static", test_wsman_messages_static},
        {"wsman_messages_instance", test_wsman_messages_instance},
        {"go_winrm_static", test_go_winrm_static},
        {"pywinrm_short_timeout", test_pywinrm_short_timeout},
        {"pywinrm_timeout_fault", test_pywinrm_timeout_fault},
        {NULL, NULL},
    };
    return cutest_run("interop_shapes", cases, argc, argv);
}

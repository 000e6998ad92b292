/*
 * Unit tests of reference/invoke.c and the destination parsing of reference/session.c: the
 * request is built from API arguments and read back with the codec's own parser.
 */
#include "reference/invoke.h"
#include "reference/options.h"
#include "reference/session.h"
#include "tests/support/cutest.h"
#include "wsman/wsman.h"

#include <stdlib.h>
#include <string.h>

#define OK MI_RESULT_OK
#define INVALID MI_RESULT_INVALID_PARAMETER
#define DMTF WSMAN_URI_DMTF_CLASS_PREFIX

static MI_Application app;
static struct miref_session sess;

static void begin(void)
{
    CU_ASSERT_FATAL(MI_Application_Initialize(0, "test", NULL, &app) == OK);
    memset(&sess, 0, sizeof sess);
    sess.endpoint.url = "http://127.0.0.1:5985/wsman";
    sess.max_envelope_bytes = 153600;
    sess.locale = "de-DE";
}

static void end(void)
{
    MI_Application_Close(&app);
}

/* Builds, parses back; NULL and *code set on a build failure. */
static wsman_envelope *build(miref_invoke_args *a, MI_Result *code, miref_request *req)
{
    const char *why = NULL;
    *code = miref_invoke_build(&sess, a, req, &why);
    if (*code != OK) {
        CU_ASSERT(why != NULL);
        return NULL;
    }
    wsman_error err;
    wsman_envelope *env = wsman_envelope_parse(req->body, req->len, NULL, &err);
    CU_ASSERT_FATAL(env != NULL);
    return env;
}

static MI_Instance *new_inst(const char *cls)
{
    MI_Instance *i = NULL;
    CU_ASSERT_FATAL(MI_Application_NewInstance(&app, cls, NULL, &i) == OK);
    return i;
}

static void add(MI_Instance *i, const char *name, MI_Type t, const MI_Value *v, MI_Uint32 f)
{
    CU_ASSERT_FATAL(MI_Instance_AddElement(i, name, v, t, f) == OK);
}

static void add_str(MI_Instance *i, const char *name, const char *s, MI_Uint32 f)
{
    MI_Value v;
    v.string = (MI_Char *)s;
    add(i, name, MI_STRING, &v, f);
}

/* STA-1, WIRE-2, WIRE-3, NS-2 */
static void test_static(void)
{
    begin();
    MI_Instance *p = new_inst("Parameters");
    add_str(p, "Text", "hi", 0);
    miref_invoke_args a = {NULL, "root/cimv2", "CIM_X", "Echo", NULL, p, NULL};
    MI_Result code;
    miref_request req;
    wsman_envelope *env = build(&a, &code, &req);
    CU_ASSERT_FATAL(env != NULL);
    CU_ASSERT_STRING_EQUAL(env->resource_uri, DMTF "CIM_X");
    CU_ASSERT_STRING_EQUAL(env->action, DMTF "CIM_X/Echo");
    CU_ASSERT_STRING_EQUAL(env->reply_to, WSMAN_URI_ANONYMOUS);
    CU_ASSERT(strncmp(env->message_id, "uuid:", 5) == 0);
    CU_ASSERT(env->max_envelope_size == 153600 && env->max_envelope_must_understand);
    CU_ASSERT_STRING_EQUAL(env->locale, "de-DE");
    CU_ASSERT(env->n_selectors == 1);
    CU_ASSERT_STRING_EQUAL(wsman_envelope_selector(env, "__cimnamespace"), "root/cimv2");
    CU_ASSERT(env->operation_timeout_ms < 0);
    CU_ASSERT(env->operation_id == NULL && req.callback_bits == 0);
    CU_ASSERT_STRING_EQUAL(env->body_name, "Echo_INPUT");
    MI_Value v;
    MI_Type t;
    CU_ASSERT(MI_Instance_GetElement(env->params, "Text", &v, &t, NULL, NULL) == OK);
    CU_ASSERT(t == MI_STRING && strcmp(v.string, "hi") == 0);
    CU_ASSERT_STRING_EQUAL(req.expect.method, "Echo");
    CU_ASSERT_STRING_EQUAL(req.expect.uri_class, "CIM_X");
    wsman_envelope_free(env);
    miref_request_clear(&req);
    MI_Instance_Delete(p);
    end();
}

/* INS-1, INS-2: keys of the instance are the selectors; its class wins over className. */
static void test_instance(void)
{
    begin();
    MI_Instance *i = new_inst("CIM_Y");
    add_str(i, "Name", "a", MI_FLAG_KEY);
    MI_Value v;
    v.uint32 = 42;
    add(i, "Id", MI_UINT32, &v, MI_FLAG_KEY);
    add_str(i, "Caption", "not a key", 0);
    miref_invoke_args a = {NULL, NULL, "Ignored", "Touch", i, NULL, NULL};
    MI_Result code;
    miref_request req;
    wsman_envelope *env = build(&a, &code, &req);
    CU_ASSERT_FATAL(env != NULL);
    CU_ASSERT_STRING_EQUAL(env->resource_uri, DMTF "CIM_Y");
    CU_ASSERT(env->n_selectors == 2); /* NS-1: no __cimnamespace */
    CU_ASSERT_STRING_EQUAL(wsman_envelope_selector(env, "Name"), "a");
    CU_ASSERT_STRING_EQUAL(wsman_envelope_selector(env, "Id"), "42");
    CU_ASSERT(wsman_envelope_selector(env, "Caption") == NULL);
    CU_ASSERT(wsman_envelope_selector(env, "__cimnamespace") == NULL);
    wsman_envelope_free(env);
    miref_request_clear(&req);

    MI_Instance *bad = new_inst("CIM_Y");
    add(bad, "Name", MI_STRING, NULL, MI_FLAG_KEY);
    a.inbound_instance = bad;
    CU_ASSERT(build(&a, &code, &req) == NULL && code == INVALID);
    MI_Instance_Delete(bad);
    MI_Instance_Delete(i);
    end();
}

/* NS-3, NS-4, STA-2, VAL-2 */
static void test_namespaces_and_arguments(void)
{
    char *ns = NULL;
    CU_ASSERT(miref_invoke_namespace("root\\cimv2", &ns) == OK);
    CU_ASSERT_STRING_EQUAL(ns, "root/cimv2");
    free(ns);
    CU_ASSERT(miref_invoke_namespace(NULL, &ns) == OK && ns == NULL);
    CU_ASSERT(miref_invoke_namespace("//host/root/cimv2", &ns) == INVALID && ns == NULL);
    CU_ASSERT(miref_invoke_namespace("\\\\host\\root", &ns) == INVALID && ns == NULL);
    CU_ASSERT(miref_invoke_namespace("", &ns) == INVALID);

    begin();
    MI_Result code;
    miref_request req;
    miref_invoke_args a = {NULL, "root/x", NULL, "M", NULL, NULL, NULL};
    CU_ASSERT(build(&a, &code, &req) == NULL && code == INVALID); /* no class */
    a.class_name = "C";
    a.method = NULL;
    CU_ASSERT(build(&a, &code, &req) == NULL && code == INVALID); /* no method */
    a.method = "M";
    a.namespace_name = "//srv/root";
    CU_ASSERT(build(&a, &code, &req) == NULL && code == INVALID);
    end();
}

/* OPT-2, OPT-3, OPT-4: timeout, custom options, resource URI and its prefix. */
static void test_options(void)
{
    begin();
    MI_OperationOptions o = MI_OPERATIONOPTIONS_NULL;
    CU_ASSERT_FATAL(MI_Application_NewOperationOptions(&app, MI_FALSE, &o) == OK);
    MI_Interval iv;
    memset(&iv, 0, sizeof iv);
    iv.minutes = 1;
    iv.microseconds = 500000;
    CU_ASSERT(MI_OperationOptions_SetTimeout(&o, &iv) == OK);
    CU_ASSERT(MI_OperationOptions_SetString(&o, "Mode", "fast", 0) == OK);
    MI_Value v;
    v.uint32 = 7;
    CU_ASSERT(MI_OperationOptions_SetCustomOption(&o, "Level", MI_UINT32, &v, MI_TRUE) == OK);
    CU_ASSERT(MI_OperationOptions_SetResourceUriPrefix(&o, "http://example.com/p") == OK);
    miref_invoke_args a = {&o, NULL, "C", "M", NULL, NULL, NULL};
    MI_Result code;
    miref_request req;
    wsman_envelope *env = build(&a, &code, &req);
    CU_ASSERT_FATAL(env != NULL);
    CU_ASSERT(env->operation_timeout_ms == 60500 && req.timeout_ms == 60500);
    CU_ASSERT_STRING_EQUAL(env->resource_uri, "http://example.com/p/C");
    CU_ASSERT(env->n_options == 2);
    const wsman_option *mode = wsman_envelope_option(env, "Mode");
    const wsman_option *level = wsman_envelope_option(env, "Level");
    CU_ASSERT_FATAL(mode != NULL && level != NULL);
    CU_ASSERT_STRING_EQUAL(mode->value, "fast");
    CU_ASSERT_STRING_EQUAL(mode->type, "xs:string");
    CU_ASSERT(mode->must_comply == 0);
    CU_ASSERT_STRING_EQUAL(level->value, "7");
    CU_ASSERT_STRING_EQUAL(level->type, "xs:unsignedInt");
    CU_ASSERT(level->must_comply == 1);
    wsman_envelope_free(env);
    miref_request_clear(&req);

    CU_ASSERT(MI_OperationOptions_SetResourceUri(&o, "http://example.com/other/Thing") == OK);
    env = build(&a, &code, &req);
    CU_ASSERT_FATAL(env != NULL);
    CU_ASSERT_STRING_EQUAL(env->resource_uri, "http://example.com/other/Thing");
    CU_ASSERT_STRING_EQUAL(env->action, "http://example.com/other/Thing/M");
    CU_ASSERT_STRING_EQUAL(req.expect.uri_class, "Thing");
    wsman_envelope_free(env);
    miref_request_clear(&req);
    /* OPT-5: everything needed is in the request; deleting the options changes nothing. */
    MI_OperationOptions_Delete(&o);
    end();
}

/* PAR-1: every CIM type, arrays, NULL as nil. */
static void test_every_type(void)
{
    begin();
    MI_Instance *p = new_inst("Parameters");
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.boolean = 1;
    add(p, "B", MI_BOOLEAN, &v, 0);
    v.uint8 = 200;
    add(p, "U8", MI_UINT8, &v, 0);
    v.sint8 = -5;
    add(p, "S8", MI_SINT8, &v, 0);
    v.uint16 = 65535;
    add(p, "U16", MI_UINT16, &v, 0);
    v.sint16 = -300;
    add(p, "S16", MI_SINT16, &v, 0);
    v.uint32 = 4000000000u;
    add(p, "U32", MI_UINT32, &v, 0);
    v.sint32 = -7;
    add(p, "S32", MI_SINT32, &v, 0);
    v.uint64 = 18446744073709551615ull;
    add(p, "U64", MI_UINT64, &v, 0);
    v.sint64 = -9000000000ll;
    add(p, "S64", MI_SINT64, &v, 0);
    v.real32 = 1.5f;
    add(p, "R32", MI_REAL32, &v, 0);
    v.real64 = 2.25;
    add(p, "R64", MI_REAL64, &v, 0);
    v.char16 = 65;
    add(p, "C16", MI_CHAR16, &v, 0);
    memset(&v, 0, sizeof v);
    v.datetime.isTimestamp = 1;
    v.datetime.u.timestamp.year = 2026;
    v.datetime.u.timestamp.month = 11;
    v.datetime.u.timestamp.day = 24;
    add(p, "DT", MI_DATETIME, &v, 0);
    add_str(p, "S", "text", 0);
    MI_Char *items[] = {"a", "b", "c"};
    v.stringa.data = items;
    v.stringa.size = 3;
    add(p, "SA", MI_STRINGA, &v, 0);
    MI_Uint32 nums[] = {1, 2};
    v.uint32a.data = nums;
    v.uint32a.size = 2;
    add(p, "UA", MI_UINT32A, &v, 0);
    add(p, "Nil", MI_STRING, NULL, 0);
    MI_Instance *emb = new_inst("CIM_Emb");
    add_str(emb, "Inner", "x", 0);
    v.instance = emb;
    add(p, "Emb", MI_INSTANCE, &v, 0);

    miref_invoke_args a = {NULL, NULL, "C", "M", NULL, p, NULL};
    MI_Result code;
    miref_request req;
    wsman_envelope *env = build(&a, &code, &req);
    CU_ASSERT_FATAL(env != NULL && env->params != NULL);
    MI_Uint32 n = 0;
    MI_Instance_GetElementCount(env->params, &n);
    CU_ASSERT_EQUAL(n, 18);
    const char *names[] = {"B", "U8", "S8", "U16", "S16", "U32", "S32", "U64", "S64", "R32",
                           "R64", "C16", "DT", "S", "SA", "UA", "Nil", "Emb"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        MI_Type t;
        MI_Uint32 f = 0;
        CU_ASSERT(MI_Instance_GetElement(env->params, names[i], &v, &t, &f, NULL) == OK);
    }
    MI_Type t;
    MI_Uint32 f = 0;
    CU_ASSERT(MI_Instance_GetElement(env->params, "U64", &v, &t, &f, NULL) == OK);
    if (t == MI_STRING) CU_ASSERT_STRING_EQUAL(v.string, "18446744073709551615");
    CU_ASSERT(MI_Instance_GetElement(env->params, "SA", &v, &t, &f, NULL) == OK);
    CU_ASSERT((t & MI_ARRAY) && v.array.size == 3);
    CU_ASSERT(MI_Instance_GetElement(env->params, "Nil", &v, &t, &f, NULL) == OK);
    CU_ASSERT(f & MI_FLAG_NULL);
    CU_ASSERT(MI_Instance_GetElement(env->params, "DT", &v, &t, &f, NULL) == OK);
    CU_ASSERT(t == MI_DATETIME);
    CU_ASSERT(MI_Instance_GetElement(env->params, "Emb", &v, &t, &f, NULL) == OK);
    CU_ASSERT(t == MI_INSTANCE);
    wsman_envelope_free(env);
    miref_request_clear(&req);
    MI_Instance_Delete(emb);
    MI_Instance_Delete(p);
    end();
}

static void MI_CALL streamed(MI_Operation *o, void *c, const MI_Char *n, MI_Type t,
                             const MI_Value *v, MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)o, (void)c, (void)n, (void)t, (void)v, (void)ack;
}

static void MI_CALL message(MI_Operation *o, void *c, MI_Uint32 ch, const MI_Char *m)
{
    (void)o, (void)c, (void)ch, (void)m;
}

/* WIRE-4: registration bits, OperationID and SequenceId only with a callback that needs them. */
static void test_callback_registration(void)
{
    begin();
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    CU_ASSERT(miref_invoke_callback_bits(&cb) == 0);
    cb.streamedParameterResult = streamed;
    cb.writeMessage = message;
    CU_ASSERT(miref_invoke_callback_bits(&cb) == (WSMAN_CALLBACK_STREAMING | WSMAN_CALLBACK_MESSAGES));
    miref_invoke_args a = {NULL, NULL, "C", "M", NULL, NULL, &cb};
    MI_Result code;
    miref_request req;
    wsman_envelope *env = build(&a, &code, &req);
    CU_ASSERT_FATAL(env != NULL);
    const wsman_option *reg = wsman_envelope_option(env, WSMAN_OPTION_CALLBACK_REGISTRATION);
    CU_ASSERT_FATAL(reg != NULL);
    CU_ASSERT_STRING_EQUAL(reg->value, "5");
    CU_ASSERT(env->operation_id != NULL && req.operation_id != NULL &&
              strcmp(env->operation_id, req.operation_id) == 0);
    CU_ASSERT(env->sequence_id == 1);
    wsman_envelope_free(env);
    miref_request_clear(&req);
    end();
}

/* NewSession's destination and options (section 2 of mi-api.md). */
static void test_destination(void)
{
    begin();
    struct miref_session s;
    const char *why;
    memset(&s, 0, sizeof s);
    CU_ASSERT(miref_session_parse_destination(&s, "host", NULL, &why) == OK);
    CU_ASSERT_STRING_EQUAL(s.endpoint.url, "http://host:5985/wsman");
    CU_ASSERT(s.endpoint.verify_peer && s.endpoint.verify_host && s.endpoint.user == NULL);
    miref_session_endpoint_clear(&s);

    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    CU_ASSERT_FATAL(MI_Application_NewDestinationOptions(&app, &d) == OK);
    MI_DestinationOptions_SetTransport(&d, "HTTPS");
    MI_DestinationOptions_SetDestinationPort(&d, 1234);
    MI_DestinationOptions_SetHttpUrlPrefix(&d, "/custom/");
    MI_DestinationOptions_SetCertCACheck(&d, MI_FALSE);
    MI_DestinationOptions_SetMaxEnvelopeSize(&d, 200);
    MI_DestinationOptions_SetDataLocale(&d, "fr-FR");
    MI_UserCredentials c;
    memset(&c, 0, sizeof c);
    c.authenticationType = "Basic";
    c.credentials.usernamePassword.username = "alice";
    c.credentials.usernamePassword.password = "secret";
    MI_DestinationOptions_AddDestinationCredentials(&d, &c);
    CU_ASSERT(miref_session_parse_destination(&s, "10.0.0.1", &d, &why) == OK);
    CU_ASSERT_STRING_EQUAL(s.endpoint.url, "https://10.0.0.1:1234/custom");
    CU_ASSERT(!s.endpoint.verify_peer && s.endpoint.verify_host);
    CU_ASSERT(s.max_envelope_bytes == 200 * 1024);
    CU_ASSERT_STRING_EQUAL(s.data_locale, "fr-FR");
    CU_ASSERT_STRING_EQUAL(s.endpoint.user, "alice");
    CU_ASSERT_STRING_EQUAL(s.endpoint.password, "secret");
    miref_session_endpoint_clear(&s);
    CU_ASSERT(miref_session_parse_destination(&s, "10.0.0.1:99", &d, &why) == OK);
    CU_ASSERT_STRING_EQUAL(s.endpoint.url, "https://10.0.0.1:99/custom"); /* destination wins */
    miref_session_endpoint_clear(&s);
    CU_ASSERT(miref_session_parse_destination(&s, "[::1]:8080", NULL, &why) == OK);
    CU_ASSERT_STRING_EQUAL(s.endpoint.url, "http://[::1]:8080/wsman");
    miref_session_endpoint_clear(&s);
    CU_ASSERT(miref_session_parse_destination(&s, "host:notaport", NULL, &why) == INVALID);
    miref_session_endpoint_clear(&s);
    CU_ASSERT(miref_session_parse_destination(&s, NULL, NULL, &why) == INVALID);
    MI_DestinationOptions_SetTransport(&d, "FTP");
    CU_ASSERT(miref_session_parse_destination(&s, "h", &d, &why) == INVALID);
    miref_session_endpoint_clear(&s);
    MI_DestinationOptions_Delete(&d);

    MI_Session session;
    CU_ASSERT(MI_Application_NewSession(&app, "OMI_SOCKETS", "h", NULL, NULL, NULL, &session) ==
              INVALID);
    CU_ASSERT(MI_Application_NewSession(&app, NULL, NULL, NULL, NULL, NULL, &session) == INVALID);
    MI_Instance *err = NULL;
    CU_ASSERT(MI_Application_NewSession(&app, "WINRM", "h", NULL, NULL, &err, &session) == OK);
    CU_ASSERT(err == NULL);
    CU_ASSERT(MI_Session_Close(&session, NULL, NULL) == OK);
    end();
}

static const cutest_case cases[] = {
    {"static", test_static},
    {"instance", test_instance},
    {"namespaces_and_arguments", test_namespaces_and_arguments},
    {"options", test_options},
    {"every_type", test_every_type},
    {"callback_registration", test_callback_registration},
    {"destination", test_destination},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return cutest_run("ref_request", cases, argc, argv);
}

/*
 * Unit tests of reference/options.c: operation and destination options through their function
 * tables (the mi.h wrappers), the choices options.h documents, and the accessors the invoke
 * code reads them with.
 */
#include "model/mimodel.h"
#include "reference/options.h"
#include "tests/support/cutest.h"

#include <stdlib.h>
#include <string.h>

#define OK MI_RESULT_OK
#define INVALID MI_RESULT_INVALID_PARAMETER

static MI_OperationOptions new_opopts(MI_Boolean must_understand)
{
    MI_OperationOptions o = MI_OPERATIONOPTIONS_NULL;
    CU_ASSERT_FATAL(miref_options_new(must_understand, &o) == OK);
    CU_ASSERT_FATAL(o.ft != NULL);
    return o;
}

static MI_DestinationOptions new_destopts(void)
{
    MI_DestinationOptions o = MI_DESTINATIONOPTIONS_NULL;
    CU_ASSERT_FATAL(miref_destopts_new(&o) == OK);
    CU_ASSERT_FATAL(o.ft != NULL);
    return o;
}

static MI_Interval interval(MI_Uint32 seconds, MI_Uint32 micro)
{
    MI_Interval i;
    memset(&i, 0, sizeof i);
    i.seconds = seconds;
    i.microseconds = micro;
    return i;
}

static void test_new_and_delete(void)
{
    CU_ASSERT(miref_options_new(MI_FALSE, NULL) == INVALID);
    CU_ASSERT(miref_destopts_new(NULL) == INVALID);
    MI_OperationOptions o = new_opopts(MI_FALSE);
    MI_DestinationOptions d = new_destopts();
    CU_ASSERT(miref_options_is(&o));
    CU_ASSERT(miref_destopts_is(&d));
    CU_ASSERT(!miref_options_is(NULL));
    CU_ASSERT(!miref_destopts_is((const MI_DestinationOptions *)&o)); /* kinds do not mix */
    MI_Uint32 count = 9;
    CU_ASSERT(MI_OperationOptions_GetOptionCount(&o, &count) == OK && count == 0);
    CU_ASSERT(MI_DestinationOptions_GetOptionCount(&d, &count) == OK && count == 0);
    CU_ASSERT(MI_DestinationOptions_GetCredentialsCount(&d, &count) == OK && count == 0);
    MI_OperationOptions_Delete(&o);
    MI_DestinationOptions_Delete(&d);
    CU_ASSERT(!miref_options_is(&o));
    CU_ASSERT(!miref_destopts_is(&d));
    CU_ASSERT(o.ft != NULL && o.reserved2 == 0); /* ft kept so misuse is detected */
}

static void test_strings_numbers_intervals(void)
{
    MI_DestinationOptions d = new_destopts();
    const MI_Char *s = NULL;
    MI_Uint32 n = 0, index = 99, flags = 99;
    MI_Interval iv = interval(0, 0), want = interval(30, 5);

    CU_ASSERT(MI_DestinationOptions_SetTransport(&d, MI_DESTINATIONOPTIONS_TRANSPORT_HTTPS) == OK);
    CU_ASSERT(MI_DestinationOptions_SetDestinationPort(&d, 5986) == OK);
    CU_ASSERT(MI_DestinationOptions_SetTimeout(&d, &want) == OK);
    CU_ASSERT(MI_DestinationOptions_SetString(&d, "Flagged", "v", 0x10) == OK);

    CU_ASSERT(MI_DestinationOptions_GetTransport(&d, &s) == OK);
    CU_ASSERT_STRING_EQUAL(s, "HTTPS");
    CU_ASSERT(MI_DestinationOptions_GetNumber(&d, MI_DESTOPT_DESTINATION_PORT, &n, &index,
                                              &flags) == OK);
    CU_ASSERT(n == 5986 && index == 1 && flags == 0);
    CU_ASSERT(MI_DestinationOptions_GetTimeout(&d, &iv) == OK);
    CU_ASSERT(memcmp(&iv, &want, sizeof iv) == 0);
    CU_ASSERT(MI_DestinationOptions_GetString(&d, "Flagged", &s, &index, &flags) == OK);
    CU_ASSERT(index == 3 && flags == 0x10);

    /* Setting again replaces in place. */
    CU_ASSERT(MI_DestinationOptions_SetTransport(&d, MI_DESTINATIONOPTIONS_TRANSPORT_HTTP) == OK);
    CU_ASSERT(MI_DestinationOptions_GetString(&d, MI_DESTOPT_TRANSPORT, &s, &index, NULL) == OK);
    CU_ASSERT_STRING_EQUAL(s, "HTTP");
    CU_ASSERT(index == 0);
    MI_Uint32 count = 0;
    CU_ASSERT(MI_DestinationOptions_GetOptionCount(&d, &count) == OK && count == 4);
    /* A name may even change its type when set again. */
    CU_ASSERT(MI_DestinationOptions_SetNumber(&d, "Flagged", 7, 0) == OK);
    CU_ASSERT(MI_DestinationOptions_GetNumber(&d, "Flagged", &n, NULL, NULL) == OK && n == 7);

    /* Wrong type and missing names. */
    CU_ASSERT(MI_DestinationOptions_GetNumber(&d, MI_DESTOPT_TRANSPORT, &n, NULL, NULL) ==
              MI_RESULT_TYPE_MISMATCH);
    CU_ASSERT(MI_DestinationOptions_GetString(&d, MI_DESTOPT_DESTINATION_PORT, &s, NULL, NULL) ==
              MI_RESULT_TYPE_MISMATCH);
    CU_ASSERT(MI_DestinationOptions_GetInterval(&d, MI_DESTOPT_TRANSPORT, &iv, NULL, NULL) ==
              MI_RESULT_TYPE_MISMATCH);
    CU_ASSERT(MI_DestinationOptions_GetString(&d, MI_DESTOPT_UI_LOCALE, &s, NULL, NULL) ==
              MI_RESULT_NO_SUCH_PROPERTY);
    CU_ASSERT(MI_DestinationOptions_GetNumber(&d, "nope", &n, NULL, NULL) ==
              MI_RESULT_NO_SUCH_PROPERTY);
    CU_ASSERT(MI_DestinationOptions_GetInterval(&d, "nope", &iv, NULL, NULL) ==
              MI_RESULT_NO_SUCH_PROPERTY);

    /* Bad arguments. */
    CU_ASSERT(MI_DestinationOptions_SetString(&d, NULL, "x", 0) == INVALID);
    CU_ASSERT(MI_DestinationOptions_SetString(&d, "", "x", 0) == INVALID);
    CU_ASSERT(MI_DestinationOptions_SetString(&d, "x", NULL, 0) == INVALID);
    CU_ASSERT(MI_DestinationOptions_SetNumber(&d, NULL, 1, 0) == INVALID);
    CU_ASSERT(MI_DestinationOptions_SetInterval(&d, "x", NULL, 0) == INVALID);
    CU_ASSERT(MI_DestinationOptions_GetString(&d, MI_DESTOPT_TRANSPORT, NULL, NULL, NULL) ==
              INVALID);
    CU_ASSERT(MI_DestinationOptions_GetNumber(&d, "Flagged", NULL, NULL, NULL) == INVALID);
    CU_ASSERT(MI_DestinationOptions_GetInterval(&d, MI_DESTOPT_TIMEOUT, NULL, NULL, NULL) ==
              INVALID);
    CU_ASSERT(MI_DestinationOptions_GetOptionCount(&d, NULL) == INVALID);
    MI_DestinationOptions_Delete(&d);
}

/* Every typed wrapper of mi.h stores and reads back through the reference. */
static void test_destination_wrappers(void)
{
    MI_DestinationOptions d = new_destopts();
    MI_Uint32 u = 0;
    MI_Boolean b = 0;
    const MI_Char *s = NULL;
    MI_PacketEncoding enc = MI_PACKETENCODING_DEFAULT;
    MI_DestinationOptions_ImpersonationType imp = MI_DestinationOptions_ImpersonationType_Default;
    CU_ASSERT(MI_DestinationOptions_SetHttpUrlPrefix(&d, "wsman") == OK);
    CU_ASSERT(MI_DestinationOptions_SetDataLocale(&d, "en-US") == OK);
    CU_ASSERT(MI_DestinationOptions_SetUILocale(&d, "de-DE") == OK);
    CU_ASSERT(MI_DestinationOptions_SetCertCACheck(&d, MI_FALSE) == OK);
    CU_ASSERT(MI_DestinationOptions_SetCertCNCheck(&d, MI_TRUE) == OK);
    CU_ASSERT(MI_DestinationOptions_SetMaxEnvelopeSize(&d, 512) == OK);
    CU_ASSERT(MI_DestinationOptions_SetPacketEncoding(&d, MI_PACKETENCODING_UTF8) == OK);
    CU_ASSERT(MI_DestinationOptions_SetImpersonationType(
                  &d, MI_DestinationOptions_ImpersonationType_Delegate) == OK);
    CU_ASSERT(MI_DestinationOptions_SetProxyType(&d, MI_PROXYTYPE_NONE) == OK);
    CU_ASSERT(MI_DestinationOptions_GetHttpUrlPrefix(&d, &s) == OK);
    CU_ASSERT_STRING_EQUAL(s, "wsman");
    CU_ASSERT(MI_DestinationOptions_GetUILocale(&d, &s) == OK);
    CU_ASSERT_STRING_EQUAL(s, "de-DE");
    CU_ASSERT(MI_DestinationOptions_GetCertCACheck(&d, &b) == OK && b == MI_FALSE);
    CU_ASSERT(MI_DestinationOptions_GetCertCNCheck(&d, &b) == OK && b == MI_TRUE);
    CU_ASSERT(MI_DestinationOptions_GetMaxEnvelopeSize(&d, &u) == OK && u == 512);
    CU_ASSERT(MI_DestinationOptions_GetPacketEncoding(&d, &enc) == OK);
    CU_ASSERT(enc == MI_PACKETENCODING_UTF8);
    CU_ASSERT(MI_DestinationOptions_GetImpersonationType(&d, &imp) == OK);
    CU_ASSERT(imp == MI_DestinationOptions_ImpersonationType_Delegate);
    CU_ASSERT_STRING_EQUAL(miref_destopt_string(&d, MI_DESTOPT_PROXY_TYPE), "None");
    MI_DestinationOptions_Delete(&d);
}

static void test_operation_wrappers(void)
{
    MI_OperationOptions o = new_opopts(MI_FALSE);
    const MI_Char *s = NULL;
    MI_CallbackMode mode = MI_CALLBACKMODE_REPORT;
    MI_ProviderArchitecture arch = MI_PROVIDER_ARCHITECTURE_32BIT;
    MI_Boolean must = 0, machine = 0;
    MI_Interval t = interval(12, 0), back;
    CU_ASSERT(MI_OperationOptions_SetTimeout(&o, &t) == OK);
    CU_ASSERT(MI_OperationOptions_SetResourceUri(&o, "http://x/y") == OK);
    CU_ASSERT(MI_OperationOptions_SetResourceUriPrefix(&o, "http://x/") == OK);
    CU_ASSERT(MI_OperationOptions_SetWriteErrorMode(&o, MI_CALLBACKMODE_INQUIRE) == OK);
    CU_ASSERT(MI_OperationOptions_SetPromptUserRegularMode(&o, MI_CALLBACKMODE_IGNORE, MI_TRUE) ==
              OK);
    CU_ASSERT(MI_OperationOptions_SetProviderArchitecture(&o, MI_PROVIDER_ARCHITECTURE_64BIT,
                                                          MI_TRUE) == OK);
    CU_ASSERT(MI_OperationOptions_SetUseMachineID(&o, MI_TRUE) == OK);
    CU_ASSERT(MI_OperationOptions_GetTimeout(&o, &back) == OK);
    CU_ASSERT(back.seconds == 12);
    CU_ASSERT(MI_OperationOptions_GetResourceUri(&o, &s) == OK);
    CU_ASSERT_STRING_EQUAL(s, "http://x/y");
    CU_ASSERT(MI_OperationOptions_GetResourceUriPrefix(&o, &s) == OK);
    CU_ASSERT_STRING_EQUAL(s, "http://x/");
    CU_ASSERT(MI_OperationOptions_GetWriteErrorMode(&o, &mode) == OK);
    CU_ASSERT(mode == MI_CALLBACKMODE_INQUIRE);
    CU_ASSERT(MI_OperationOptions_GetPromptUserMode(&o, &mode) == OK);
    CU_ASSERT(mode == MI_CALLBACKMODE_IGNORE);
    CU_ASSERT(MI_OperationOptions_GetProviderArchitecture(&o, &arch, &must) == OK);
    CU_ASSERT(arch == MI_PROVIDER_ARCHITECTURE_64BIT && must == MI_TRUE);
    CU_ASSERT(MI_OperationOptions_GetUseMachineID(&o, &machine) == OK && machine == MI_TRUE);
    MI_Uint32 ack = 0;
    CU_ASSERT(miref_opopt_number(&o, MI_OPERATIONOPTIONS_PROMPTUSERMODEREGULAR_ACKVALUE, &ack) ==
              0);
    CU_ASSERT(ack == 1);
    MI_OperationOptions_Delete(&o);
}

static void test_custom_options(void)
{
    MI_OperationOptions o = new_opopts(MI_TRUE);
    char text[] = "custom text";
    MI_Uint16 shorts[] = {1, 2, 3};
    MI_Instance *emb = NULL;
    CU_ASSERT_FATAL(mimodel_instance_new("Emb", &emb) == OK);
    MI_Value v;
    v.string = text;
    CU_ASSERT(MI_OperationOptions_SetCustomOption(&o, "cs", MI_STRING, &v, MI_FALSE) == OK);
    v.uint16a = (MI_Uint16A){shorts, 3};
    CU_ASSERT(MI_OperationOptions_SetCustomOption(&o, "ca", MI_UINT16A, &v, MI_TRUE) == OK);
    v.instance = emb;
    CU_ASSERT(MI_OperationOptions_SetCustomOption(&o, "ci", MI_INSTANCE, &v, MI_FALSE) == OK);
    v.real64 = 2.5;
    CU_ASSERT(MI_OperationOptions_SetCustomOption(&o, "cr", MI_REAL64, &v, MI_TRUE) == OK);
    CU_ASSERT(MI_OperationOptions_SetString(&o, "plain", "p", 0) == OK);  /* custom too */
    CU_ASSERT(MI_OperationOptions_SetResourceUri(&o, "http://r") == OK); /* not custom */
    MI_Instance_Delete(emb);
    text[0] = 'X'; /* deep copies: the options keep their own */
    shorts[0] = 99;

    MI_Uint32 cursor = 0;
    const MI_Char *name = NULL;
    MI_Type type;
    const MI_Value *val = NULL;
    MI_Boolean must = 9;
    const char *want_names[] = {"cs", "ca", "ci", "cr", "plain"};
    const MI_Boolean want_must[] = {MI_FALSE, MI_TRUE, MI_FALSE, MI_TRUE, MI_TRUE};
    int seen = 0;
    while (miref_opopt_next_custom(&o, &cursor, &name, &type, &val, &must)) {
        CU_ASSERT_FATAL(seen < 5);
        CU_ASSERT_STRING_EQUAL(name, want_names[seen]);
        CU_ASSERT(must == want_must[seen]);
        if (seen == 0) CU_ASSERT(type == MI_STRING && strcmp(val->string, "custom text") == 0);
        if (seen == 1) CU_ASSERT(type == MI_UINT16A && val->uint16a.data[0] == 1);
        if (seen == 2) {
            const MI_Char *cls = NULL;
            CU_ASSERT(type == MI_INSTANCE);
            CU_ASSERT(MI_Instance_GetClassName(val->instance, &cls) == OK);
            CU_ASSERT_STRING_EQUAL(cls, "Emb");
        }
        if (seen == 3) CU_ASSERT(type == MI_REAL64 && val->real64 == 2.5);
        seen++;
    }
    CU_ASSERT(seen == 5); /* the __MI_ resource URI is not a custom option */
    CU_ASSERT(miref_opopt_next_custom(&o, &cursor, NULL, NULL, NULL, NULL) == 0);

    /* Custom options read back through the generic getters, typed ones by type only. */
    MI_Value got;
    const MI_Char *s = NULL;
    MI_Uint32 n = 0;
    CU_ASSERT(MI_OperationOptions_GetOption(&o, "cr", &got, &type, NULL, NULL) == OK);
    CU_ASSERT(type == MI_REAL64 && got.real64 == 2.5);
    CU_ASSERT(MI_OperationOptions_GetString(&o, "cs", &s, NULL, NULL) == OK);
    CU_ASSERT(MI_OperationOptions_GetNumber(&o, "cr", &n, NULL, NULL) == MI_RESULT_TYPE_MISMATCH);
    /* Replacing a custom option with another type frees the old value. */
    v.string = "now a string";
    CU_ASSERT(MI_OperationOptions_SetCustomOption(&o, "ca", MI_STRING, &v, MI_FALSE) == OK);
    CU_ASSERT(MI_OperationOptions_GetString(&o, "ca", &s, NULL, NULL) == OK);
    CU_ASSERT_STRING_EQUAL(s, "now a string");
    /* Bad arguments. */
    CU_ASSERT(MI_OperationOptions_SetCustomOption(&o, "x", MI_STRING, NULL, MI_FALSE) == INVALID);
    CU_ASSERT(MI_OperationOptions_SetCustomOption(&o, "x", (MI_Type)32, &v, MI_FALSE) == INVALID);
    CU_ASSERT(MI_OperationOptions_SetCustomOption(&o, NULL, MI_STRING, &v, MI_FALSE) == INVALID);
    v.uint32a = (MI_Uint32A){NULL, 2};
    CU_ASSERT(MI_OperationOptions_SetCustomOption(&o, "x", MI_UINT32A, &v, MI_FALSE) == INVALID);
    CU_ASSERT(MI_OperationOptions_GetOption(&o, "x", &got, NULL, NULL, NULL) ==
              MI_RESULT_NO_SUCH_PROPERTY);
    MI_OperationOptions_Delete(&o);

    /* Without customOptionsMustUnderstand, SetString custom options do not have to comply. */
    o = new_opopts(MI_FALSE);
    CU_ASSERT(MI_OperationOptions_SetNumber(&o, "n", 3, 0) == OK);
    cursor = 0;
    CU_ASSERT(miref_opopt_next_custom(&o, &cursor, &name, &type, &val, &must) == 1);
    CU_ASSERT(must == MI_FALSE && type == MI_UINT32 && val->uint32 == 3);
    MI_OperationOptions_Delete(&o);
}

static void test_count_and_at(void)
{
    MI_OperationOptions o = new_opopts(MI_FALSE);
    MI_Interval t = interval(1, 2);
    CU_ASSERT(MI_OperationOptions_SetString(&o, "a", "s", 1) == OK);
    CU_ASSERT(MI_OperationOptions_SetNumber(&o, "b", 42, 2) == OK);
    CU_ASSERT(MI_OperationOptions_SetInterval(&o, "c", &t, 3) == OK);
    CU_ASSERT(MI_OperationOptions_EnableChannel(&o, 1) == OK); /* not an option */
    MI_Uint32 count = 0;
    CU_ASSERT(MI_OperationOptions_GetOptionCount(&o, &count) == OK);
    CU_ASSERT_FATAL(count == 3);
    const MI_Type want_types[] = {MI_STRING, MI_UINT32, MI_DATETIME};
    const char *want_names[] = {"a", "b", "c"};
    for (MI_Uint32 i = 0; i < count; i++) {
        const MI_Char *name = NULL;
        MI_Value v;
        MI_Type type;
        MI_Uint32 flags = 0, index = 99;
        CU_ASSERT(MI_OperationOptions_GetOptionAt(&o, i, &name, &v, &type, &flags) == OK);
        CU_ASSERT_STRING_EQUAL(name, want_names[i]);
        CU_ASSERT(type == want_types[i] && flags == i + 1);
        CU_ASSERT(MI_OperationOptions_GetOption(&o, name, &v, &type, &index, &flags) == OK);
        CU_ASSERT(index == i);
        if (i == 1) CU_ASSERT(v.uint32 == 42);
        if (i == 2) CU_ASSERT(v.datetime.isTimestamp == 0 && v.datetime.u.interval.seconds == 1);
    }
    const MI_Char *name = NULL;
    MI_Value v;
    CU_ASSERT(MI_OperationOptions_GetOptionAt(&o, 3, &name, &v, NULL, NULL) == INVALID);
    CU_ASSERT(MI_OperationOptions_GetOptionAt(&o, 0, NULL, &v, NULL, NULL) == INVALID);
    CU_ASSERT(MI_OperationOptions_GetOptionAt(&o, 0, &name, NULL, NULL, NULL) == INVALID);
    CU_ASSERT(MI_OperationOptions_GetOption(&o, "a", NULL, NULL, NULL, NULL) == INVALID);
    /* A timestamp custom option is not an interval. */
    MI_Value ts;
    memset(&ts, 0, sizeof ts);
    ts.datetime.isTimestamp = 1;
    MI_Interval iv;
    CU_ASSERT(MI_OperationOptions_SetCustomOption(&o, "ts", MI_DATETIME, &ts, MI_FALSE) == OK);
    CU_ASSERT(MI_OperationOptions_GetInterval(&o, "ts", &iv, NULL, NULL) ==
              MI_RESULT_TYPE_MISMATCH);
    MI_OperationOptions_Delete(&o);
}

static void test_channels(void)
{
    MI_OperationOptions o = new_opopts(MI_FALSE);
    MI_Uint32 channels[4] = {0}, count = 99, flags = 99;
    CU_ASSERT(MI_OperationOptions_GetEnabledChannels(&o, channels, 4, &count, &flags) == OK);
    CU_ASSERT(count == 0); /* nothing enabled until asked */
    CU_ASSERT(MI_OperationOptions_EnableChannel(&o, MI_WRITEMESSAGE_CHANNEL_DEBUG) == OK);
    CU_ASSERT(MI_OperationOptions_EnableChannel(&o, MI_WRITEMESSAGE_CHANNEL_WARNING) == OK);
    CU_ASSERT(MI_OperationOptions_EnableChannel(&o, MI_WRITEMESSAGE_CHANNEL_VERBOSE) == OK);
    CU_ASSERT(MI_OperationOptions_EnableChannel(&o, MI_WRITEMESSAGE_CHANNEL_DEBUG) == OK);
    CU_ASSERT(MI_OperationOptions_DisableChannel(&o, MI_WRITEMESSAGE_CHANNEL_VERBOSE) == OK);
    CU_ASSERT(MI_OperationOptions_DisableChannel(&o, 77) == OK); /* never enabled: no-op */
    CU_ASSERT(MI_OperationOptions_GetEnabledChannels(&o, NULL, 0, &count, NULL) == OK);
    CU_ASSERT(count == 2); /* size query */
    CU_ASSERT(MI_OperationOptions_GetEnabledChannels(&o, channels, 1, &count, NULL) ==
              MI_RESULT_FAILED);
    CU_ASSERT(count == 2);
    CU_ASSERT(MI_OperationOptions_GetEnabledChannels(&o, channels, 4, &count, &flags) == OK);
    CU_ASSERT(count == 2 && channels[0] == 0 && channels[1] == 2 && flags == 0);
    CU_ASSERT(miref_opopt_channel_enabled(&o, 2));
    CU_ASSERT(!miref_opopt_channel_enabled(&o, 1));
    CU_ASSERT(MI_OperationOptions_GetEnabledChannels(&o, NULL, 4, &count, NULL) == INVALID);
    CU_ASSERT(MI_OperationOptions_GetEnabledChannels(&o, channels, 4, NULL, NULL) == INVALID);
    CU_ASSERT(o.ft->GetEnabledChannels(&o, "other", channels, 4, &count, NULL) == INVALID);
    CU_ASSERT(MI_OperationOptions_SetNumber(&o, MI_OPERATIONOPTIONS_CHANNEL, 1, 2) == INVALID);
    MI_Uint32 n = 0;
    CU_ASSERT(MI_OperationOptions_GetOptionCount(&o, &n) == OK && n == 0);
    MI_OperationOptions_Delete(&o);
}

static void test_credentials(void)
{
    MI_DestinationOptions d = new_destopts();
    char user[] = "alice", pass[] = "s3cret!", dom[] = "CORP";
    MI_UserCredentials c;
    memset(&c, 0, sizeof c);
    c.authenticationType = MI_AUTH_TYPE_BASIC;
    c.credentials.usernamePassword.domain = dom;
    c.credentials.usernamePassword.username = user;
    c.credentials.usernamePassword.password = pass;
    CU_ASSERT(MI_DestinationOptions_AddDestinationCredentials(&d, &c) == OK);
    memset(pass, 'x', sizeof pass - 1); /* deep copy: the caller may wipe its buffers */
    user[0] = 'X';
    MI_UserCredentials proxy;
    memset(&proxy, 0, sizeof proxy);
    proxy.authenticationType = MI_AUTH_TYPE_CLIENT_CERTS;
    proxy.credentials.certificateThumbprint = "ab:cd:ef";
    CU_ASSERT(MI_DestinationOptions_AddProxyCredentials(&d, &proxy) == OK);
    MI_UserCredentials none;
    memset(&none, 0, sizeof none);
    none.authenticationType = MI_AUTH_TYPE_DIGEST;
    none.credentials.usernamePassword.username = "bob";
    CU_ASSERT(MI_DestinationOptions_AddCredentials(&d, "extra", &none, 5) == OK);

    MI_Uint32 count = 0, flags = 9;
    CU_ASSERT(MI_DestinationOptions_GetCredentialsCount(&d, &count) == OK && count == 3);
    CU_ASSERT(MI_DestinationOptions_GetOptionCount(&d, &count) == OK && count == 0);

    const MI_Char *name = NULL;
    MI_UserCredentials got;
    CU_ASSERT(MI_DestinationOptions_GetCredentialsAt(&d, 0, &name, &got, &flags) == OK);
    CU_ASSERT_STRING_EQUAL(name, MI_DESTOPT_DESTINATION_CREDENTIALS);
    CU_ASSERT_STRING_EQUAL(got.authenticationType, "Basic");
    CU_ASSERT_STRING_EQUAL(got.credentials.usernamePassword.username, "alice");
    CU_ASSERT_STRING_EQUAL(got.credentials.usernamePassword.domain, "CORP");
    CU_ASSERT_STRING_EQUAL(got.credentials.usernamePassword.password, "******"); /* masked */
    CU_ASSERT(flags == 0);
    CU_ASSERT(MI_DestinationOptions_GetCredentialsAt(&d, 1, &name, &got, NULL) == OK);
    CU_ASSERT_STRING_EQUAL(name, MI_DESTOPT_PROXY_CREDENTIALS);
    CU_ASSERT_STRING_EQUAL(got.credentials.certificateThumbprint, "ab:cd:ef");
    CU_ASSERT(MI_DestinationOptions_GetCredentialsAt(&d, 2, &name, &got, &flags) == OK);
    CU_ASSERT(got.credentials.usernamePassword.password == NULL && flags == 5);
    CU_ASSERT(MI_DestinationOptions_GetCredentialsAt(&d, 3, &name, &got, NULL) == INVALID);
    CU_ASSERT(MI_DestinationOptions_GetCredentialsAt(&d, 0, &name, NULL, NULL) == INVALID);

    /* The password: size query, too small, exact fit. */
    MI_Char buf[16];
    MI_Uint32 len = 0;
    CU_ASSERT(MI_DestinationOptions_GetCredentialsPasswordAt(&d, 0, &name, NULL, 0, &len, NULL) ==
              OK);
    CU_ASSERT(len == 8);
    memset(buf, '#', sizeof buf);
    CU_ASSERT(MI_DestinationOptions_GetCredentialsPasswordAt(&d, 0, &name, buf, 7, &len, NULL) ==
              MI_RESULT_FAILED);
    CU_ASSERT(len == 8 && buf[0] == '#'); /* untouched */
    CU_ASSERT(MI_DestinationOptions_GetCredentialsPasswordAt(&d, 0, &name, buf, 8, &len, &flags) ==
              OK);
    CU_ASSERT_STRING_EQUAL(buf, "s3cret!");
    CU_ASSERT_STRING_EQUAL(name, MI_DESTOPT_DESTINATION_CREDENTIALS);
    CU_ASSERT(MI_DestinationOptions_GetCredentialsPasswordAt(&d, 1, &name, buf, 16, &len, NULL) ==
              OK);
    CU_ASSERT(len == 1 && buf[0] == '\0'); /* a certificate has no password */
    CU_ASSERT(MI_DestinationOptions_GetCredentialsPasswordAt(&d, 3, &name, buf, 16, &len, NULL) ==
              INVALID);
    CU_ASSERT(MI_DestinationOptions_GetCredentialsPasswordAt(&d, 0, &name, buf, 16, NULL, NULL) ==
              INVALID);
    CU_ASSERT(MI_DestinationOptions_GetCredentialsPasswordAt(&d, 0, &name, NULL, 16, &len, NULL) ==
              INVALID);

    /* Accessors for the session code see the real password. */
    const char *u = NULL, *p = NULL, *cname = NULL;
    const MI_UserCredentials *stored = NULL;
    CU_ASSERT(miref_destopt_basic_credentials(&d, &u, &p) == 0);
    CU_ASSERT_STRING_EQUAL(u, "alice");
    CU_ASSERT_STRING_EQUAL(p, "s3cret!");
    CU_ASSERT(miref_destopt_credentials_at(&d, 1, &cname, &stored) == 0);
    CU_ASSERT_STRING_EQUAL(cname, MI_DESTOPT_PROXY_CREDENTIALS);
    CU_ASSERT_STRING_EQUAL(stored->authenticationType, "ClientCerts");
    CU_ASSERT(miref_destopt_credentials_at(&d, 3, &cname, &stored) == -1);

    /* Bad arguments. */
    CU_ASSERT(MI_DestinationOptions_AddDestinationCredentials(&d, NULL) == INVALID);
    memset(&c, 0, sizeof c);
    CU_ASSERT(MI_DestinationOptions_AddDestinationCredentials(&d, &c) == INVALID);
    c.authenticationType = MI_AUTH_TYPE_BASIC;
    CU_ASSERT(MI_DestinationOptions_AddCredentials(&d, NULL, &c, 0) == INVALID);
    CU_ASSERT(MI_DestinationOptions_GetCredentialsCount(&d, NULL) == INVALID);
    MI_DestinationOptions_Delete(&d);

    /* Basic credentials: none, and of another type. */
    d = new_destopts();
    CU_ASSERT(miref_destopt_basic_credentials(&d, &u, &p) == -1);
    CU_ASSERT(MI_DestinationOptions_AddProxyCredentials(&d, &none) == OK);
    CU_ASSERT(miref_destopt_basic_credentials(&d, &u, &p) == -1); /* proxy ones do not count */
    CU_ASSERT(MI_DestinationOptions_AddDestinationCredentials(&d, &none) == OK);
    CU_ASSERT(miref_destopt_basic_credentials(&d, &u, &p) == -2);
    MI_DestinationOptions_Delete(&d);
}

static void test_clone(void)
{
    MI_OperationOptions o = new_opopts(MI_TRUE), oc = MI_OPERATIONOPTIONS_NULL;
    MI_Interval t = interval(9, 0), back;
    MI_Value v;
    v.string = "cv";
    CU_ASSERT(MI_OperationOptions_SetTimeout(&o, &t) == OK);
    CU_ASSERT(MI_OperationOptions_SetCustomOption(&o, "c", MI_STRING, &v, MI_FALSE) == OK);
    CU_ASSERT(MI_OperationOptions_SetString(&o, "d", "dv", 0) == OK);
    CU_ASSERT(MI_OperationOptions_EnableChannel(&o, 2) == OK);
    CU_ASSERT(MI_OperationOptions_Clone(&o, &oc) == OK);
    MI_OperationOptions_Delete(&o); /* the clone stands alone */
    CU_ASSERT(MI_OperationOptions_GetTimeout(&oc, &back) == OK && back.seconds == 9);
    CU_ASSERT_STRING_EQUAL(miref_opopt_string(&oc, "c"), "cv");
    CU_ASSERT(miref_opopt_channel_enabled(&oc, 2));
    MI_Uint32 cursor = 0;
    MI_Boolean must = 9;
    const MI_Char *name = NULL;
    CU_ASSERT(miref_opopt_next_custom(&oc, &cursor, &name, NULL, NULL, &must) == 1);
    CU_ASSERT(must == MI_FALSE); /* mustComply survives the clone */
    CU_ASSERT(miref_opopt_next_custom(&oc, &cursor, &name, NULL, NULL, &must) == 1);
    CU_ASSERT(must == MI_TRUE && strcmp(name, "d") == 0);
    CU_ASSERT(MI_OperationOptions_Clone(&oc, NULL) == INVALID);
    CU_ASSERT(oc.ft->Clone(&oc, &oc) == INVALID);
    MI_OperationOptions_Delete(&oc);

    MI_DestinationOptions d = new_destopts(), dc = MI_DESTINATIONOPTIONS_NULL;
    MI_UserCredentials c;
    memset(&c, 0, sizeof c);
    c.authenticationType = MI_AUTH_TYPE_BASIC;
    c.credentials.usernamePassword.username = "u";
    c.credentials.usernamePassword.password = "pw";
    CU_ASSERT(MI_DestinationOptions_AddDestinationCredentials(&d, &c) == OK);
    CU_ASSERT(MI_DestinationOptions_SetDestinationPort(&d, 8080) == OK);
    CU_ASSERT(MI_DestinationOptions_Clone(&d, &dc) == OK);
    MI_DestinationOptions_Delete(&d);
    MI_Uint32 port = 0, count = 0;
    const char *u = NULL, *p = NULL;
    CU_ASSERT(miref_destopt_number(&dc, MI_DESTOPT_DESTINATION_PORT, &port) == 0 && port == 8080);
    CU_ASSERT(MI_DestinationOptions_GetCredentialsCount(&dc, &count) == OK && count == 1);
    CU_ASSERT(miref_destopt_basic_credentials(&dc, &u, &p) == 0);
    CU_ASSERT_STRING_EQUAL(p, "pw");
    CU_ASSERT(MI_DestinationOptions_Clone(&dc, NULL) == INVALID);
    MI_DestinationOptions_Delete(&dc);
}

static void test_handle_after_delete(void)
{
    MI_OperationOptions o = new_opopts(MI_FALSE), o2;
    const MI_OperationOptionsFT *oft = o.ft;
    MI_OperationOptions_Delete(&o);
    MI_OperationOptions_Delete(&o); /* twice: nothing */
    const MI_Char *s = NULL;
    MI_Uint32 n = 0, count = 0, channels[2];
    MI_Value v;
    MI_Type type;
    MI_Interval iv = interval(1, 0);
    v.uint32 = 1;
    CU_ASSERT(oft->SetString(&o, "a", "b", 0) == INVALID);
    CU_ASSERT(oft->SetNumber(&o, "a", 1, 0) == INVALID);
    CU_ASSERT(oft->SetNumber(&o, MI_OPERATIONOPTIONS_CHANNEL, 1, 0) == INVALID);
    CU_ASSERT(oft->SetCustomOption(&o, "a", MI_UINT32, &v, MI_FALSE, 0) == INVALID);
    CU_ASSERT(oft->GetString(&o, "a", &s, NULL, NULL) == INVALID);
    CU_ASSERT(oft->GetNumber(&o, "a", &n, NULL, NULL) == INVALID);
    CU_ASSERT(oft->GetOptionCount(&o, &count) == INVALID);
    CU_ASSERT(oft->GetOptionAt(&o, 0, &s, &v, &type, NULL) == INVALID);
    CU_ASSERT(oft->GetOption(&o, "a", &v, &type, NULL, NULL) == INVALID);
    CU_ASSERT(oft->GetEnabledChannels(&o, MI_OPERATIONOPTIONS_CHANNEL, channels, 2, &count,
                                      NULL) == INVALID);
    CU_ASSERT(oft->Clone(&o, &o2) == INVALID);
    CU_ASSERT(oft->SetInterval(&o, "a", &iv, 0) == INVALID);
    CU_ASSERT(oft->GetInterval(&o, "a", &iv, NULL, NULL) == INVALID);
    CU_ASSERT(oft->GetString(NULL, "a", &s, NULL, NULL) == INVALID);
    oft->Delete(NULL);
    CU_ASSERT(miref_opopt_string(&o, "a") == NULL);
    CU_ASSERT(miref_opopt_number(&o, "a", &n) == -1);
    CU_ASSERT(miref_opopt_interval(&o, "a", &iv) == -1);

    MI_DestinationOptions d = new_destopts(), d2;
    const MI_DestinationOptionsFT *dft = d.ft;
    MI_UserCredentials c;
    memset(&c, 0, sizeof c);
    c.authenticationType = MI_AUTH_TYPE_BASIC;
    MI_DestinationOptions_Delete(&d);
    CU_ASSERT(dft->SetString(&d, "a", "b", 0) == INVALID);
    CU_ASSERT(dft->SetNumber(&d, "a", 1, 0) == INVALID);
    CU_ASSERT(dft->AddCredentials(&d, "a", &c, 0) == INVALID);
    CU_ASSERT(dft->GetString(&d, "a", &s, NULL, NULL) == INVALID);
    CU_ASSERT(dft->GetNumber(&d, "a", &n, NULL, NULL) == INVALID);
    CU_ASSERT(dft->GetOptionCount(&d, &count) == INVALID);
    CU_ASSERT(dft->GetOptionAt(&d, 0, &s, &v, &type, NULL) == INVALID);
    CU_ASSERT(dft->GetOption(&d, "a", &v, &type, NULL, NULL) == INVALID);
    CU_ASSERT(dft->GetCredentialsCount(&d, &count) == INVALID);
    CU_ASSERT(dft->GetCredentialsAt(&d, 0, &s, &c, NULL) == INVALID);
    MI_Char buf[8];
    CU_ASSERT(dft->GetCredentialsPasswordAt(&d, 0, &s, buf, 8, &n, NULL) == INVALID);
    CU_ASSERT(dft->Clone(&d, &d2) == INVALID);
    CU_ASSERT(dft->SetInterval(&d, "a", &iv, 0) == INVALID);
    CU_ASSERT(dft->GetInterval(&d, "a", &iv, NULL, NULL) == INVALID);
    dft->Delete(&d);
    dft->Delete(NULL);
    CU_ASSERT(miref_destopt_string(&d, "a") == NULL);
    CU_ASSERT(miref_destopt_number(&d, "a", &n) == -1);
    CU_ASSERT(miref_destopt_interval(&d, "a", &iv) == -1);
    CU_ASSERT(miref_destopt_basic_credentials(&d, &s, &s) == -1);

    /* A handle with our table but not made by us (wrong magic). */
    MI_OperationOptions forged = {0, 0, oft};
    CU_ASSERT(oft->GetOptionCount(&forged, &count) == INVALID);
    MI_DestinationOptions forged_d = {0, 0, dft};
    CU_ASSERT(dft->GetOptionCount(&forged_d, &count) == INVALID);
}

static void test_accessors(void)
{
    MI_DestinationOptions d = new_destopts();
    MI_Interval t = interval(3, 0), got;
    MI_Uint32 n = 0;
    CU_ASSERT(MI_DestinationOptions_SetTimeout(&d, &t) == OK);
    CU_ASSERT(MI_DestinationOptions_SetHttpUrlPrefix(&d, "custom") == OK);
    CU_ASSERT(MI_DestinationOptions_SetDestinationPort(&d, 1234) == OK);
    CU_ASSERT_STRING_EQUAL(miref_destopt_string(&d, MI_DESTOPT_HTTP_URL_PREFIX), "custom");
    CU_ASSERT(miref_destopt_string(&d, MI_DESTOPT_DESTINATION_PORT) == NULL); /* wrong type */
    CU_ASSERT(miref_destopt_string(&d, "missing") == NULL);
    CU_ASSERT(miref_destopt_number(&d, MI_DESTOPT_DESTINATION_PORT, &n) == 0 && n == 1234);
    CU_ASSERT(miref_destopt_number(&d, MI_DESTOPT_HTTP_URL_PREFIX, &n) == -1);
    CU_ASSERT(miref_destopt_interval(&d, MI_DESTOPT_TIMEOUT, &got) == 0 && got.seconds == 3);
    CU_ASSERT(miref_destopt_interval(&d, "missing", &got) == -1);
    MI_DestinationOptions_Delete(&d);

    MI_OperationOptions o = new_opopts(MI_FALSE);
    t.seconds = 7;
    CU_ASSERT(MI_OperationOptions_SetTimeout(&o, &t) == OK);
    CU_ASSERT(MI_OperationOptions_SetResourceUri(&o, "http://uri") == OK);
    CU_ASSERT(MI_OperationOptions_SetNumber(&o, "num", 5, 0) == OK);
    CU_ASSERT_STRING_EQUAL(miref_opopt_string(&o, MI_OPERATIONOPTIONS_RESOURCE_URI),
                           "http://uri");
    CU_ASSERT(miref_opopt_interval(&o, MI_OPERATIONOPTIONS_TIMEOUT, &got) == 0);
    CU_ASSERT(got.seconds == 7);
    CU_ASSERT(miref_opopt_number(&o, "num", &n) == 0 && n == 5);
    CU_ASSERT(miref_opopt_number(&o, MI_OPERATIONOPTIONS_RESOURCE_URI, &n) == -1);
    /* Foreign handles are not read. */
    MI_OperationOptions foreign = {1, 2, NULL};
    MI_Uint32 cursor = 0;
    CU_ASSERT(!miref_options_is(&foreign));
    CU_ASSERT(miref_opopt_string(&foreign, "x") == NULL);
    CU_ASSERT(miref_opopt_next_custom(&foreign, &cursor, NULL, NULL, NULL, NULL) == 0);
    CU_ASSERT(miref_opopt_next_custom(&o, NULL, NULL, NULL, NULL, NULL) == 0);
    MI_OperationOptions_Delete(&o);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"new_and_delete", test_new_and_delete},
        {"strings_numbers_intervals", test_strings_numbers_intervals},
        {"destination_wrappers", test_destination_wrappers},
        {"operation_wrappers", test_operation_wrappers},
        {"custom_options", test_custom_options},
        {"count_and_at", test_count_and_at},
        {"channels", test_channels},
        {"credentials", test_credentials},
        {"clone", test_clone},
        {"handle_after_delete", test_handle_after_delete},
        {"accessors", test_accessors},
        {NULL, NULL},
    };
    return cutest_run("test_options", cases, argc, argv);
}

/*
 * ABI tests: (a) libmiref.so used exactly as a third-party client would (dlopen, dlsym of the
 * one exported function, then only function tables); (b) the layout and the wrappers' option
 * names of shared/reference/mi-api.md sections 1 and 2, checked at run time against fake
 * tables that record how they were called; (c) the library exports nothing else.
 */
#include "mi.h"
#include "tests/support/cutest.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OK MI_RESULT_OK

typedef MI_Result (*initialize_fn)(MI_Uint32, const MI_Char *, MI_Instance **, MI_Application *);

/* build/tests/<binary> -> build/lib/libmiref.so */
static int library_path(char *out, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash == NULL) return -1;
    *slash = '\0';
    return snprintf(out, size, "%s/../lib/libmiref.so", exe) < (int)size ? 0 : -1;
}

/* ---------------------------------------------------------------- (a) as a third party */

static void *library;
static initialize_fn initialize;

static int open_library(void)
{
    char path[PATH_MAX];
    if (library_path(path, sizeof path) != 0) return -1;
    library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return -1;
    initialize = (initialize_fn)dlsym(library, "MI_Application_InitializeV1");
    return initialize != NULL ? 0 : -1;
}

static void test_dlopen_client(void)
{
    CU_ASSERT_FATAL(open_library() == 0);
    CU_ASSERT(dlsym(library, "mimodel_instance_new") == NULL); /* internals stay hidden */

    MI_Application app = MI_APPLICATION_NULL;
    MI_Instance *err = (MI_Instance *)0x1;
    CU_ASSERT_FATAL(initialize(0, "abi", &err, &app) == OK);
    CU_ASSERT(err == NULL);
    CU_ASSERT_FATAL(app.ft != NULL);
    CU_ASSERT(initialize(1, "abi", NULL, &(MI_Application){0, 0, NULL}) ==
              MI_RESULT_INVALID_PARAMETER);

    MI_Instance *inst = NULL;
    CU_ASSERT_FATAL(app.ft->NewInstance(&app, "Parameters", NULL, &inst) == OK);
    MI_Value v;
    v.string = "value";
    CU_ASSERT(inst->ft->AddElement(inst, "Name", &v, MI_STRING, MI_FLAG_IN) == OK);
    v.uint32 = 42;
    CU_ASSERT(inst->ft->AddElement(inst, "Count", &v, MI_UINT32, MI_FLAG_IN) == OK);
    MI_Value got;
    MI_Type type;
    MI_Uint32 flags = 0, count = 0;
    CU_ASSERT(inst->ft->GetElement(inst, "Name", &got, &type, &flags, NULL) == OK);
    CU_ASSERT(type == MI_STRING && flags == MI_FLAG_IN && strcmp(got.string, "value") == 0);
    CU_ASSERT(inst->ft->GetElementCount(inst, &count) == OK && count == 2);
    MI_Instance *copy = NULL;
    CU_ASSERT(inst->ft->Clone(inst, &copy) == OK);
    CU_ASSERT(copy->ft->GetElement(copy, "Count", &got, &type, NULL, NULL) == OK);
    CU_ASSERT(type == MI_UINT32 && got.uint32 == 42);
    CU_ASSERT(copy->ft->Delete(copy) == OK);
    CU_ASSERT(inst->ft->Delete(inst) == OK);

    MI_OperationOptions o = MI_OPERATIONOPTIONS_NULL;
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    MI_Interval t;
    memset(&t, 0, sizeof t);
    t.seconds = 5;
    CU_ASSERT_FATAL(app.ft->NewOperationOptions(&app, MI_FALSE, &o) == OK);
    CU_ASSERT_FATAL(app.ft->NewDestinationOptions(&app, &d) == OK);
    CU_ASSERT(MI_OperationOptions_SetTimeout(&o, &t) == OK);
    CU_ASSERT(MI_DestinationOptions_SetDestinationPort(&d, 5985) == OK);
    MI_Interval back;
    MI_Uint32 port = 0;
    CU_ASSERT(MI_OperationOptions_GetTimeout(&o, &back) == OK && back.seconds == 5);
    CU_ASSERT(MI_DestinationOptions_GetDestinationPort(&d, &port) == OK && port == 5985);
    o.ft->Delete(&o);
    d.ft->Delete(&d);

    const MI_ApplicationFT *ft = app.ft;
    CU_ASSERT(app.ft->Close(&app) == OK);
    CU_ASSERT(ft->Close(&app) == MI_RESULT_INVALID_PARAMETER);
    dlclose(library);
}

/* ---------------------------------------------------------------- (b) layout */

#define CHECK_SIZE(T, N) CU_ASSERT(sizeof(T) == (N))
#define CHECK_OFF(T, M, N) CU_ASSERT(offsetof(T, M) == (N))
#define CHECK_HANDLE(T)                  \
    do {                                 \
        CHECK_SIZE(T, 24);               \
        CHECK_OFF(T, reserved1, 0);      \
        CHECK_OFF(T, reserved2, 8);      \
        CHECK_OFF(T, ft, 16);            \
    } while (0)

static void test_layout(void)
{
    CHECK_SIZE(MI_Boolean, 1);
    CHECK_SIZE(MI_Char, 1);
    CHECK_SIZE(MI_Char16, 2);
    CHECK_SIZE(MI_Uint64, 8);
    CHECK_SIZE(MI_Result, 4);
    CHECK_SIZE(MI_Type, 4);
    CHECK_SIZE(MI_Value, 40);
    CU_ASSERT(_Alignof(MI_Value) == 8);
    CHECK_SIZE(MI_Datetime, 36);
    CU_ASSERT(_Alignof(MI_Datetime) == 4);
    CHECK_OFF(MI_Datetime, u, 4);
    CHECK_SIZE(MI_Timestamp, 32);
    CHECK_OFF(MI_Timestamp, microseconds, 24);
    CHECK_OFF(MI_Timestamp, utc, 28);
    CHECK_SIZE(MI_Interval, 32);
    CHECK_OFF(MI_Interval, microseconds, 16);
    CHECK_SIZE(MI_StringA, 16);
    CHECK_OFF(MI_StringA, size, 8);
    CHECK_SIZE(MI_DatetimeA, 16);
    CHECK_SIZE(MI_InstanceA, 16);

    CHECK_SIZE(MI_Instance, 64);
    CHECK_OFF(MI_Instance, ft, 0);
    CHECK_OFF(MI_Instance, classDecl, 8);
    CHECK_OFF(MI_Instance, serverName, 16);
    CHECK_OFF(MI_Instance, nameSpace, 24);
    CHECK_OFF(MI_Instance, reserved, 32);

    CHECK_SIZE(MI_OperationCallbacks, 72);
    CHECK_OFF(MI_OperationCallbacks, callbackContext, 0);
    CHECK_OFF(MI_OperationCallbacks, promptUser, 8);
    CHECK_OFF(MI_OperationCallbacks, writeError, 16);
    CHECK_OFF(MI_OperationCallbacks, writeMessage, 24);
    CHECK_OFF(MI_OperationCallbacks, writeProgress, 32);
    CHECK_OFF(MI_OperationCallbacks, instanceResult, 40);
    CHECK_OFF(MI_OperationCallbacks, indicationResult, 48);
    CHECK_OFF(MI_OperationCallbacks, classResult, 56);
    CHECK_OFF(MI_OperationCallbacks, streamedParameterResult, 64);

    CHECK_SIZE(MI_SessionCallbacks, 24);
    CHECK_OFF(MI_SessionCallbacks, writeMessage, 8);
    CHECK_OFF(MI_SessionCallbacks, writeError, 16);

    CHECK_SIZE(MI_UserCredentials, 32);
    CHECK_OFF(MI_UserCredentials, credentials, 8);
    CHECK_SIZE(MI_UsernamePasswordCreds, 24);
    CHECK_OFF(MI_UsernamePasswordCreds, username, 8);
    CHECK_OFF(MI_UsernamePasswordCreds, password, 16);

    CHECK_HANDLE(MI_Application);
    CHECK_HANDLE(MI_Session);
    CHECK_HANDLE(MI_Operation);
    CHECK_HANDLE(MI_OperationOptions);
    CHECK_HANDLE(MI_DestinationOptions);
    CHECK_HANDLE(MI_HostedProvider);
    CHECK_HANDLE(MI_SubscriptionDeliveryOptions);
    CHECK_HANDLE(MI_Serializer);
    CHECK_HANDLE(MI_Deserializer);

    CHECK_SIZE(MI_ApplicationFT, 88);
    CHECK_OFF(MI_ApplicationFT, NewSession, 8);
    CHECK_OFF(MI_ApplicationFT, NewInstance, 24);
    CHECK_OFF(MI_ApplicationFT, NewOperationOptions, 40);
    CHECK_OFF(MI_ApplicationFT, NewClass, 80);
    CHECK_SIZE(MI_SessionFT, 120);
    CHECK_OFF(MI_SessionFT, GetApplication, 8);
    CHECK_OFF(MI_SessionFT, Invoke, 48);
    CHECK_OFF(MI_SessionFT, TestConnection, 112);
    CHECK_SIZE(MI_OperationFT, 48);
    CHECK_OFF(MI_OperationFT, Cancel, 8);
    CHECK_OFF(MI_OperationFT, GetInstance, 24);
    CHECK_SIZE(MI_OperationOptionsFT, 104);
    CHECK_OFF(MI_OperationOptionsFT, SetCustomOption, 24);
    CHECK_OFF(MI_OperationOptionsFT, GetEnabledChannels, 72);
    CHECK_OFF(MI_OperationOptionsFT, GetInterval, 96);
    CHECK_SIZE(MI_DestinationOptionsFT, 120);
    CHECK_OFF(MI_DestinationOptionsFT, AddCredentials, 24);
    CHECK_OFF(MI_DestinationOptionsFT, GetCredentialsPasswordAt, 88);
    CHECK_OFF(MI_DestinationOptionsFT, GetInterval, 112);
    CHECK_SIZE(MI_InstanceFT, 144);
    CHECK_OFF(MI_InstanceFT, AddElement, 64);
    CHECK_OFF(MI_InstanceFT, GetElement, 88);
    CHECK_OFF(MI_InstanceFT, GetClass, 136);
}

static void test_constants(void)
{
    CU_ASSERT(MI_RESULT_INVALID_PARAMETER == 4 && MI_RESULT_NOT_SUPPORTED == 7);
    CU_ASSERT(MI_RESULT_ALREADY_EXISTS == 11 && MI_RESULT_NO_SUCH_PROPERTY == 12);
    CU_ASSERT(MI_RESULT_TYPE_MISMATCH == 13 && MI_RESULT_METHOD_NOT_FOUND == 17);
    CU_ASSERT(MI_RESULT_NAMESPACE_NOT_EMPTY == 20 && MI_RESULT_SERVER_IS_SHUTTING_DOWN == 28);
    CU_ASSERT(MI_STRING == 13 && MI_INSTANCE == 15 && MI_ARRAY == 16);
    CU_ASSERT(MI_STRINGA == 29 && MI_INSTANCEA == 31 && MI_UINT32A == MI_UINT32 + MI_ARRAY);
    CU_ASSERT(MI_FLAG_KEY == 0x1000 && MI_FLAG_IN == 0x2000 && MI_FLAG_OUT == 0x4000);
    CU_ASSERT(MI_FLAG_STREAM == 0x100000 && MI_FLAG_NULL == 0x20000000);
    CU_ASSERT(MI_FLAG_BORROW == 0x40000000 && MI_FLAG_ADOPT == 0x80000000u);
    CU_ASSERT(MI_FLAG_EXPENSIVE == 0x80000 && MI_FLAG_READONLY == 0x200000);
    CU_ASSERT(MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS == 0x1 && MI_OPERATIONFLAGS_NO_RTTI == 0x400);
    CU_ASSERT(MI_OPERATIONFLAGS_BASIC_RTTI == 0x2 && MI_OPERATIONFLAGS_FULL_RTTI == 0x4);
    CU_ASSERT(MI_OPERATIONFLAGS_STANDARD_RTTI == 0x800);
    CU_ASSERT(MI_OPERATIONFLAGS_REPORT_OPERATION_STARTED == 0x200);
    CU_ASSERT(MI_OPERATIONFLAGS_POLYMORPHISM_DEEP_BASE_PROPS_ONLY == 0x180);
    CU_ASSERT(MI_REASON_SERVICESTOP == 3 && MI_PROMPTTYPE_CRITICAL == 1);
    CU_ASSERT(MI_WRITEMESSAGE_CHANNEL_DEBUG == 2);
    CU_ASSERT(MI_OperationCallback_ResponseType_YesToAll == 3);
}

/* ---------------------------------------------------------------- (b) what the wrappers pass */

typedef struct call {
    const char *slot;
    char name[96];
    char string[64];
    MI_Uint32 number;
    MI_Uint32 flags;
    MI_Type type;
    MI_Boolean must_comply;
    const void *pointer; /* interval, credentials or value as passed */
} call;

static call calls[4];
static int ncalls;

static call *record(const char *slot, const MI_Char *name, MI_Uint32 flags)
{
    call *c = &calls[ncalls < 3 ? ncalls : 3];
    ncalls++;
    memset(c, 0, sizeof *c);
    c->slot = slot;
    snprintf(c->name, sizeof c->name, "%s", name ? name : "(null)");
    c->flags = flags;
    return c;
}

static void reset_calls(void)
{
    memset(calls, 0, sizeof calls);
    ncalls = 0;
}

static MI_Result rec_set_string(const MI_Char *name, const MI_Char *value, MI_Uint32 flags)
{
    snprintf(record("SetString", name, flags)->string, sizeof calls[0].string, "%s", value);
    return OK;
}

static MI_Result rec_set_number(const MI_Char *name, MI_Uint32 value, MI_Uint32 flags)
{
    record("SetNumber", name, flags)->number = value;
    return OK;
}

static MI_Result rec_set_interval(const MI_Char *name, const MI_Interval *value, MI_Uint32 flags)
{
    record("SetInterval", name, flags)->pointer = value;
    return OK;
}

static MI_Result rec_get(const char *slot, const MI_Char *name, MI_Uint32 *index,
                         MI_Uint32 *flags)
{
    record(slot, name, 0);
    if (index) *index = 0;
    if (flags) *flags = 0;
    return OK;
}

/* Fake operation options table. */
static void oo_delete(MI_OperationOptions *o) { (void)o; record("Delete", NULL, 0); }
static MI_Result oo_set_string(MI_OperationOptions *o, const MI_Char *n, const MI_Char *v,
                               MI_Uint32 f) { (void)o; return rec_set_string(n, v, f); }
static MI_Result oo_set_number(MI_OperationOptions *o, const MI_Char *n, MI_Uint32 v,
                               MI_Uint32 f) { (void)o; return rec_set_number(n, v, f); }
static MI_Result oo_set_custom(MI_OperationOptions *o, const MI_Char *n, MI_Type t,
                               const MI_Value *v, MI_Boolean m, MI_Uint32 f)
{
    (void)o;
    call *c = record("SetCustomOption", n, f);
    c->type = t;
    c->pointer = v;
    c->must_comply = m;
    return OK;
}
static MI_Result oo_get_string(MI_OperationOptions *o, const MI_Char *n, const MI_Char **v,
                               MI_Uint32 *i, MI_Uint32 *f)
{
    (void)o;
    *v = "got";
    return rec_get("GetString", n, i, f);
}
static MI_Result oo_get_number(MI_OperationOptions *o, const MI_Char *n, MI_Uint32 *v,
                               MI_Uint32 *i, MI_Uint32 *f)
{
    (void)o;
    *v = 1;
    return rec_get("GetNumber", n, i, f);
}
static MI_Result oo_get_count(MI_OperationOptions *o, MI_Uint32 *c) { (void)o; *c = 0; return OK; }
static MI_Result oo_get_at(MI_OperationOptions *o, MI_Uint32 i, const MI_Char **n, MI_Value *v,
                           MI_Type *t, MI_Uint32 *f)
{
    (void)o, (void)i, (void)n, (void)v, (void)t, (void)f;
    return MI_RESULT_NOT_SUPPORTED;
}
static MI_Result oo_get_option(MI_OperationOptions *o, const MI_Char *n, MI_Value *v, MI_Type *t,
                               MI_Uint32 *i, MI_Uint32 *f)
{
    (void)o, (void)v, (void)t;
    return rec_get("GetOption", n, i, f);
}
static MI_Result oo_get_channels(MI_OperationOptions *o, const MI_Char *n, MI_Uint32 *ch,
                                 MI_Uint32 len, MI_Uint32 *count, MI_Uint32 *f)
{
    (void)o, (void)ch;
    record("GetEnabledChannels", n, 0)->number = len;
    *count = 0;
    if (f) *f = 0;
    return OK;
}
static MI_Result oo_clone(const MI_OperationOptions *o, MI_OperationOptions *n)
{
    (void)o, (void)n;
    return MI_RESULT_NOT_SUPPORTED;
}
static MI_Result oo_set_interval(MI_OperationOptions *o, const MI_Char *n, const MI_Interval *v,
                                 MI_Uint32 f) { (void)o; return rec_set_interval(n, v, f); }
static MI_Result oo_get_interval(MI_OperationOptions *o, const MI_Char *n, MI_Interval *v,
                                 MI_Uint32 *i, MI_Uint32 *f)
{
    (void)o;
    memset(v, 0, sizeof *v);
    return rec_get("GetInterval", n, i, f);
}

static const MI_OperationOptionsFT fake_oo_ft = {
    oo_delete,    oo_set_string, oo_set_number,   oo_set_custom, oo_get_string,
    oo_get_number, oo_get_count, oo_get_at,       oo_get_option, oo_get_channels,
    oo_clone,     oo_set_interval, oo_get_interval,
};

/* Fake destination options table. */
static void do_delete(MI_DestinationOptions *o) { (void)o; record("Delete", NULL, 0); }
static MI_Result do_set_string(MI_DestinationOptions *o, const MI_Char *n, const MI_Char *v,
                               MI_Uint32 f) { (void)o; return rec_set_string(n, v, f); }
static MI_Result do_set_number(MI_DestinationOptions *o, const MI_Char *n, MI_Uint32 v,
                               MI_Uint32 f) { (void)o; return rec_set_number(n, v, f); }
static MI_Result do_add_creds(MI_DestinationOptions *o, const MI_Char *n,
                              const MI_UserCredentials *c, MI_Uint32 f)
{
    (void)o;
    record("AddCredentials", n, f)->pointer = c;
    return OK;
}
static MI_Result do_get_string(MI_DestinationOptions *o, const MI_Char *n, const MI_Char **v,
                               MI_Uint32 *i, MI_Uint32 *f)
{
    (void)o;
    *v = "UTF8";
    return rec_get("GetString", n, i, f);
}
static MI_Result do_get_number(MI_DestinationOptions *o, const MI_Char *n, MI_Uint32 *v,
                               MI_Uint32 *i, MI_Uint32 *f)
{
    (void)o;
    *v = 1;
    return rec_get("GetNumber", n, i, f);
}
static MI_Result do_get_count(MI_DestinationOptions *o, MI_Uint32 *c) { (void)o; *c = 0; return OK; }
static MI_Result do_get_at(MI_DestinationOptions *o, MI_Uint32 i, const MI_Char **n, MI_Value *v,
                           MI_Type *t, MI_Uint32 *f)
{
    (void)o, (void)i, (void)n, (void)v, (void)t, (void)f;
    return MI_RESULT_NOT_SUPPORTED;
}
static MI_Result do_get_option(MI_DestinationOptions *o, const MI_Char *n, MI_Value *v,
                               MI_Type *t, MI_Uint32 *i, MI_Uint32 *f)
{
    (void)o, (void)v, (void)t;
    return rec_get("GetOption", n, i, f);
}
static MI_Result do_creds_count(MI_DestinationOptions *o, MI_Uint32 *c)
{
    (void)o;
    *c = 0;
    return OK;
}
static MI_Result do_creds_at(MI_DestinationOptions *o, MI_Uint32 i, const MI_Char **n,
                             MI_UserCredentials *c, MI_Uint32 *f)
{
    (void)o, (void)i, (void)n, (void)c, (void)f;
    return MI_RESULT_NOT_SUPPORTED;
}
static MI_Result do_password_at(MI_DestinationOptions *o, MI_Uint32 i, const MI_Char **n,
                                MI_Char *p, MI_Uint32 len, MI_Uint32 *plen, MI_Uint32 *f)
{
    (void)o, (void)i, (void)n, (void)p, (void)len, (void)plen, (void)f;
    return MI_RESULT_NOT_SUPPORTED;
}
static MI_Result do_clone(const MI_DestinationOptions *o, MI_DestinationOptions *n)
{
    (void)o, (void)n;
    return MI_RESULT_NOT_SUPPORTED;
}
static MI_Result do_set_interval(MI_DestinationOptions *o, const MI_Char *n, const MI_Interval *v,
                                 MI_Uint32 f) { (void)o; return rec_set_interval(n, v, f); }
static MI_Result do_get_interval(MI_DestinationOptions *o, const MI_Char *n, MI_Interval *v,
                                 MI_Uint32 *i, MI_Uint32 *f)
{
    (void)o;
    memset(v, 0, sizeof *v);
    return rec_get("GetInterval", n, i, f);
}

static const MI_DestinationOptionsFT fake_do_ft = {
    do_delete,     do_set_string,  do_set_number,  do_add_creds,   do_get_string,
    do_get_number, do_get_count,   do_get_at,      do_get_option,  do_creds_count,
    do_creds_at,   do_password_at, do_clone,       do_set_interval, do_get_interval,
};

/* One recorded call matches slot, exact option name and flags. */
static int called(int i, const char *slot, const char *name, MI_Uint32 flags)
{
    return i < ncalls && strcmp(calls[i].slot, slot) == 0 && strcmp(calls[i].name, name) == 0 &&
           calls[i].flags == flags;
}

#define DEST(N) "__MI_DESTINATIONOPTIONS_" N
#define OPER(N) "__MI_OPERATIONOPTIONS_" N

static void test_destination_wrapper_names(void)
{
    MI_DestinationOptions d = {0, 0, &fake_do_ft};
    MI_Interval t;
    MI_UserCredentials creds;
    memset(&t, 0, sizeof t);
    memset(&creds, 0, sizeof creds);
    static const struct {
        const char *name;
        const char *value;
    } strings[] = {
        {DEST("TRANSPORT"), "HTTPS"},       {DEST("HTTP_URL_PREFIX"), "wsman"},
        {DEST("DATA_LOCALE"), "en-US"},     {DEST("UI_LOCALE"), "fr-FR"},
        {DEST("TRUSTED_CERTS_DIR"), "/ca"}, {DEST("CERT_FILE"), "/c.pem"},
        {DEST("PRIVATE_KEY_FILE"), "/k.pem"},
    };
    MI_Result (*string_setters[])(MI_DestinationOptions *, const MI_Char *) = {
        MI_DestinationOptions_SetTransport,       MI_DestinationOptions_SetHttpUrlPrefix,
        MI_DestinationOptions_SetDataLocale,      MI_DestinationOptions_SetUILocale,
        MI_DestinationOptions_SetTrustedCertsDir, MI_DestinationOptions_SetCertFile,
        MI_DestinationOptions_SetPrivateKeyFile,
    };
    MI_Result (*string_getters[])(MI_DestinationOptions *, const MI_Char **) = {
        MI_DestinationOptions_GetTransport,       MI_DestinationOptions_GetHttpUrlPrefix,
        MI_DestinationOptions_GetDataLocale,      MI_DestinationOptions_GetUILocale,
        MI_DestinationOptions_GetTrustedCertsDir, MI_DestinationOptions_GetCertFile,
        MI_DestinationOptions_GetPrivateKeyFile,
    };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        const MI_Char *s = NULL;
        reset_calls();
        CU_ASSERT(string_setters[i](&d, strings[i].value) == OK);
        CU_ASSERT(ncalls == 1 && called(0, "SetString", strings[i].name, 0));
        CU_ASSERT(strcmp(calls[0].string, strings[i].value) == 0);
        reset_calls();
        CU_ASSERT(string_getters[i](&d, &s) == OK);
        CU_ASSERT(ncalls == 1 && called(0, "GetString", strings[i].name, 0));
    }

    static const char *const number_names[] = {
        DEST("DESTINATION_PORT"),      DEST("CERT_CA_CHECK"),   DEST("CERT_CN_CHECK"),
        DEST("CERT_REVOCATION_CHECK"), DEST("PACKET_PRIVACY"),  DEST("PACKET_INTEGRITY"),
        DEST("MAX_ENVELOPE_SIZE"),     DEST("MAX_ELEMENTS"),    DEST("ENCODE_PORT_IN_SPN"),
        DEST("IMPERSONATION_TYPE"),    DEST("SSL_OPTIONS"),
    };
    reset_calls();
    CU_ASSERT(MI_DestinationOptions_SetDestinationPort(&d, 5986) == OK);
    CU_ASSERT(MI_DestinationOptions_SetCertCACheck(&d, MI_TRUE) == OK);
    CU_ASSERT(MI_DestinationOptions_SetCertCNCheck(&d, MI_FALSE) == OK);
    CU_ASSERT(MI_DestinationOptions_SetCertRevocationCheck(&d, MI_TRUE) == OK);
    CU_ASSERT_FATAL(ncalls == 4);
    for (int i = 0; i < 4; i++) CU_ASSERT(called(i, "SetNumber", number_names[i], 0));
    CU_ASSERT(calls[0].number == 5986 && calls[1].number == 1 && calls[2].number == 0);
    reset_calls();
    CU_ASSERT(MI_DestinationOptions_SetPacketPrivacy(&d, MI_TRUE) == OK);
    CU_ASSERT(MI_DestinationOptions_SetPacketIntegrity(&d, MI_TRUE) == OK);
    CU_ASSERT(MI_DestinationOptions_SetMaxEnvelopeSize(&d, 150) == OK);
    CU_ASSERT(MI_DestinationOptions_SetMaxElements(&d, 32) == OK);
    CU_ASSERT_FATAL(ncalls == 4);
    for (int i = 0; i < 4; i++) CU_ASSERT(called(i, "SetNumber", number_names[4 + i], 0));
    CU_ASSERT(calls[2].number == 150); /* kilobytes, passed unchanged */
    CU_ASSERT(calls[3].number == 32);
    reset_calls();
    CU_ASSERT(MI_DestinationOptions_SetEncodePortInSPN(&d, MI_TRUE) == OK);
    CU_ASSERT(MI_DestinationOptions_SetImpersonationType(
                  &d, MI_DestinationOptions_ImpersonationType_Impersonate) == OK);
    CU_ASSERT(MI_DestinationOptions_SetSslOptions(&d, 0x5) == OK);
    CU_ASSERT_FATAL(ncalls == 3);
    for (int i = 0; i < 3; i++) CU_ASSERT(called(i, "SetNumber", number_names[8 + i], 0));
    CU_ASSERT(calls[1].number == 3 && calls[2].number == 5);
    MI_Uint32 port = 0;
    reset_calls();
    CU_ASSERT(MI_DestinationOptions_GetDestinationPort(&d, &port) == OK);
    CU_ASSERT(called(0, "GetNumber", DEST("DESTINATION_PORT"), 0));
    MI_Uint32 kb = 0;
    reset_calls();
    CU_ASSERT(MI_DestinationOptions_GetMaxEnvelopeSize(&d, &kb) == OK);
    CU_ASSERT(called(0, "GetNumber", DEST("MAX_ENVELOPE_SIZE"), 0));

    reset_calls();
    CU_ASSERT(MI_DestinationOptions_SetTimeout(&d, &t) == OK);
    CU_ASSERT(called(0, "SetInterval", DEST("TIMEOUT"), 0) && calls[0].pointer == &t);
    reset_calls();
    CU_ASSERT(MI_DestinationOptions_GetTimeout(&d, &t) == OK);
    CU_ASSERT(called(0, "GetInterval", DEST("TIMEOUT"), 0));
    reset_calls();
    CU_ASSERT(MI_DestinationOptions_AddDestinationCredentials(&d, &creds) == OK);
    CU_ASSERT(MI_DestinationOptions_AddProxyCredentials(&d, &creds) == OK);
    CU_ASSERT(called(0, "AddCredentials", DEST("DESTINATION_CREDENTIALS"), 0));
    CU_ASSERT(called(1, "AddCredentials", DEST("PROXY_CREDENTIALS"), 0));
    CU_ASSERT(calls[0].pointer == &creds);
    reset_calls();
    CU_ASSERT(MI_DestinationOptions_SetPacketEncoding(&d, MI_PACKETENCODING_UTF8) == OK);
    CU_ASSERT(called(0, "SetString", DEST("PACKET_ENCODING"), 0));
    CU_ASSERT(strcmp(calls[0].string, "UTF8") == 0);
    reset_calls();
    CU_ASSERT(MI_DestinationOptions_SetProxyType(&d, MI_PROXYTYPE_AUTO) == OK);
    CU_ASSERT(called(0, "SetString", DEST("PROXY_TYPE"), 0));
    reset_calls();
    MI_DestinationOptions_Delete(&d);
    CU_ASSERT(ncalls == 1 && strcmp(calls[0].slot, "Delete") == 0);
}

static void test_operation_wrapper_names(void)
{
    MI_OperationOptions o = {0, 0, &fake_oo_ft};
    MI_Interval t;
    memset(&t, 0, sizeof t);
    reset_calls();
    CU_ASSERT(MI_OperationOptions_SetTimeout(&o, &t) == OK);
    CU_ASSERT(called(0, "SetInterval", OPER("TIMEOUT"), 0) && calls[0].pointer == &t);
    reset_calls();
    CU_ASSERT(MI_OperationOptions_GetTimeout(&o, &t) == OK);
    CU_ASSERT(called(0, "GetInterval", OPER("TIMEOUT"), 0));
    reset_calls();
    CU_ASSERT(MI_OperationOptions_SetResourceUri(&o, "http://r") == OK);
    CU_ASSERT(MI_OperationOptions_SetResourceUriPrefix(&o, "http://p") == OK);
    CU_ASSERT(called(0, "SetString", OPER("RESOURCE_URI"), 0));
    CU_ASSERT(strcmp(calls[0].string, "http://r") == 0);
    CU_ASSERT(called(1, "SetString", OPER("RESOURCE_URI_PREFIX"), 0));
    reset_calls();
    CU_ASSERT(MI_OperationOptions_SetWriteErrorMode(&o, MI_CALLBACKMODE_INQUIRE) == OK);
    CU_ASSERT(MI_OperationOptions_SetPromptUserMode(&o, MI_CALLBACKMODE_IGNORE) == OK);
    CU_ASSERT(called(0, "SetNumber", OPER("WRITEERRORMODE"), 0) && calls[0].number == 1);
    CU_ASSERT(called(1, "SetNumber", OPER("PROMPTUSERMODE"), 0) && calls[1].number == 2);
    reset_calls();
    CU_ASSERT(MI_OperationOptions_SetPromptUserRegularMode(&o, MI_CALLBACKMODE_REPORT, MI_TRUE) ==
              OK);
    CU_ASSERT(ncalls == 2);
    CU_ASSERT(called(0, "SetNumber", OPER("PROMPTUSERMODE"), 0) && calls[0].number == 0);
    CU_ASSERT(called(1, "SetNumber", OPER("PROMPTUSERMODEREGULAR_ACKVALUE"), 0));
    CU_ASSERT(calls[1].number == 1);
    reset_calls();
    CU_ASSERT(MI_OperationOptions_SetProviderArchitecture(&o, MI_PROVIDER_ARCHITECTURE_64BIT,
                                                          MI_TRUE) == OK);
    CU_ASSERT(ncalls == 2);
    CU_ASSERT(called(0, "SetNumber", OPER("PROVIDER_ARCHITECTURE"), 0) && calls[0].number == 1);
    CU_ASSERT(called(1, "SetNumber", OPER("REQUIRED_ARCHITECTURE"), 0) && calls[1].number == 1);
    reset_calls();
    CU_ASSERT(MI_OperationOptions_EnableChannel(&o, 2) == OK);
    CU_ASSERT(MI_OperationOptions_DisableChannel(&o, 1) == OK);
    CU_ASSERT(called(0, "SetNumber", OPER("CHANNEL"), 0) && calls[0].number == 2);
    CU_ASSERT(called(1, "SetNumber", OPER("CHANNEL"), 1) && calls[1].number == 1);
    reset_calls();
    MI_Uint32 channels[3], count = 0;
    CU_ASSERT(MI_OperationOptions_GetEnabledChannels(&o, channels, 3, &count, NULL) == OK);
    CU_ASSERT(called(0, "GetEnabledChannels", OPER("CHANNEL"), 0) && calls[0].number == 3);
    reset_calls();
    CU_ASSERT(MI_OperationOptions_SetUseMachineID(&o, MI_TRUE) == OK);
    CU_ASSERT(called(0, "SetNumber", OPER("USE_MACHINE_ID"), 0) && calls[0].number == 1);
    reset_calls();
    MI_Value v;
    v.uint32 = 5;
    CU_ASSERT(MI_OperationOptions_SetCustomOption(&o, "MyOption", MI_UINT32, &v, MI_TRUE) == OK);
    CU_ASSERT(called(0, "SetCustomOption", "MyOption", 0));
    CU_ASSERT(calls[0].type == MI_UINT32 && calls[0].must_comply == MI_TRUE);
    CU_ASSERT(calls[0].pointer == &v);
    reset_calls();
    const MI_Char *s = NULL;
    CU_ASSERT(MI_OperationOptions_GetResourceUri(&o, &s) == OK);
    CU_ASSERT(called(0, "GetString", OPER("RESOURCE_URI"), 0));
    reset_calls();
    MI_OperationOptions_Delete(&o);
    CU_ASSERT(ncalls == 1 && strcmp(calls[0].slot, "Delete") == 0);
    /* The wrappers test only handle != NULL && ft != NULL. */
    MI_OperationOptions empty = MI_OPERATIONOPTIONS_NULL;
    reset_calls();
    CU_ASSERT(MI_OperationOptions_SetTimeout(&empty, &t) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_OperationOptions_SetTimeout(NULL, &t) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ncalls == 0);
}

/* ---------------------------------------------------------------- VAL-1 (header) */

static int results_seen;
static MI_Result result_seen;
static MI_Boolean more_seen;
static void *context_seen;

static void on_result(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                      MI_Result result, const MI_Char *msg, const MI_Instance *details,
                      MI_Result (*ack)(MI_Operation *))
{
    (void)op, (void)inst, (void)msg, (void)details, (void)ack;
    results_seen++;
    result_seen = result;
    more_seen = more;
    context_seen = ctx;
}

static void test_null_session_invoke(void)
{
    MI_Operation op;
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    int ctx = 0;
    cb.callbackContext = &ctx;
    cb.instanceResult = on_result;
    memset(&op, 0xab, sizeof op);
    results_seen = 0;
    MI_Session_Invoke(NULL, 0, NULL, "root/cimv2", "C", "M", NULL, NULL, &cb, &op);
    CU_ASSERT(op.reserved1 == 0 && op.reserved2 == 0 && op.ft == NULL);
    CU_ASSERT(results_seen == 1 && result_seen == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(more_seen == MI_FALSE && context_seen == &ctx);

    MI_Session no_table = MI_SESSION_NULL; /* a handle without a table is no session either */
    memset(&op, 0xab, sizeof op);
    results_seen = 0;
    MI_Session_Invoke(&no_table, 0, NULL, NULL, "C", "M", NULL, NULL, &cb, &op);
    CU_ASSERT(op.ft == NULL && results_seen == 1);

    memset(&op, 0xab, sizeof op); /* synchronous: zeroed, nothing to call */
    MI_Session_Invoke(NULL, 0, NULL, NULL, "C", "M", NULL, NULL, NULL, &op);
    CU_ASSERT(op.ft == NULL && op.reserved2 == 0);
    MI_Session_Invoke(NULL, 0, NULL, NULL, "C", "M", NULL, NULL, NULL, NULL); /* no crash */
}

/* ---------------------------------------------------------------- (c) exports */

static int toolchain_symbol(const char *name)
{
    static const char *const names[] = {"_init", "_fini", "__bss_start", "_edata", "_end",
                                        "__bss_start__", "_end__", "__end__", "_bss_end__"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) return 1;
    return 0;
}

static void test_only_one_export(void)
{
    char path[PATH_MAX], cmd[PATH_MAX + 64], line[512];
    CU_ASSERT_FATAL(library_path(path, sizeof path) == 0);
    CU_ASSERT_FATAL(access(path, R_OK) == 0);
    snprintf(cmd, sizeof cmd, "nm -D --defined-only '%s' 2>&1", path);
    FILE *p = popen(cmd, "r");
    CU_ASSERT_FATAL(p != NULL);
    int exported = 0, others = 0;
    while (fgets(line, sizeof line, p) != NULL) {
        char addr[64], kind[8], name[256];
        if (sscanf(line, "%63s %7s %255s", addr, kind, name) != 3) continue;
        if (strcmp(name, "MI_Application_InitializeV1") == 0 && strcmp(kind, "T") == 0)
            exported++;
        else if (!toolchain_symbol(name)) {
            others++;
            fprintf(stderr, "unexpected export: %s", line);
        }
    }
    CU_ASSERT(pclose(p) == 0);
    CU_ASSERT(exported == 1);
    CU_ASSERT(others == 0);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"dlopen_client", test_dlopen_client},
        {"layout", test_layout},
        {"constants", test_constants},
        {"destination_wrapper_names", test_destination_wrapper_names},
        {"operation_wrapper_names", test_operation_wrapper_names},
        {"null_session_invoke", test_null_session_invoke},
        {"only_one_export", test_only_one_export},
        {NULL, NULL},
    };
    return cutest_run("test_abi", cases, argc, argv);
}

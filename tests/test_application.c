/*
 * Unit tests of reference/application.c: MI_Application_InitializeV1, the application table,
 * and the handle after Close.
 */
#include "reference/application.h"
#include "reference/options.h"
#include "tests/support/cutest.h"

#include <string.h>

#define OK MI_RESULT_OK
#define INVALID MI_RESULT_INVALID_PARAMETER

static MI_Application new_app(void)
{
    MI_Application app = MI_APPLICATION_NULL;
    CU_ASSERT_FATAL(MI_Application_Initialize(0, "test", NULL, &app) == OK);
    CU_ASSERT_FATAL(app.ft != NULL);
    return app;
}

static void test_initialize(void)
{
    MI_Application app = {7, 7, NULL};
    MI_Instance *err = (MI_Instance *)0x1;
    CU_ASSERT(MI_Application_InitializeV1(1, NULL, &err, &app) == INVALID);
    CU_ASSERT(err == NULL);
    CU_ASSERT(app.ft == NULL && app.reserved1 == 0 && app.reserved2 == 0);
    err = (MI_Instance *)0x1;
    CU_ASSERT(MI_Application_InitializeV1(0, NULL, &err, NULL) == INVALID);
    CU_ASSERT(err == NULL);
    err = (MI_Instance *)0x1;
    CU_ASSERT(MI_Application_InitializeV1(0, NULL, &err, &app) == OK); /* no ID is fine */
    CU_ASSERT(err == NULL);
    CU_ASSERT(miref_app_from_handle(&app) != NULL);
    CU_ASSERT(MI_Application_Close(&app) == OK);

    app = new_app();
    struct miref_application *obj = miref_app_from_handle(&app);
    CU_ASSERT_FATAL(obj != NULL);
    CU_ASSERT_STRING_EQUAL(obj->application_id, "test");
    CU_ASSERT(obj->sessions == NULL && obj->closing == 0 && obj->worker == NULL);
    MI_Application copy = MI_APPLICATION_NULL;
    miref_app_to_handle(obj, &copy);
    CU_ASSERT(memcmp(&copy, &app, sizeof app) == 0);
    CU_ASSERT(MI_Application_Close(&app) == OK);
}

static void test_new_instance(void)
{
    MI_Application app = new_app();
    MI_Instance *inst = NULL;
    const MI_Char *name = NULL;
    CU_ASSERT(MI_Application_NewInstance(&app, "CIM_X", NULL, &inst) == OK);
    CU_ASSERT_FATAL(inst != NULL);
    CU_ASSERT(MI_Instance_GetClassName(inst, &name) == OK);
    CU_ASSERT_STRING_EQUAL(name, "CIM_X");
    CU_ASSERT(MI_Instance_Delete(inst) == OK);

    CU_ASSERT(MI_Application_NewParameterSet(&app, NULL, &inst) == OK);
    CU_ASSERT(MI_Instance_GetClassName(inst, &name) == OK);
    CU_ASSERT_STRING_EQUAL(name, "Parameters");
    MI_Instance_Delete(inst);

    MI_ClassDecl decl;
    memset(&decl, 0, sizeof decl);
    decl.name = "CIM_FromDecl";
    MI_Boolean isa = MI_FALSE;
    CU_ASSERT(MI_Application_NewInstance(&app, NULL, &decl, &inst) == OK);
    CU_ASSERT(inst->classDecl == &decl);
    CU_ASSERT(MI_Instance_GetClassName(inst, &name) == OK);
    CU_ASSERT_STRING_EQUAL(name, "CIM_FromDecl");
    CU_ASSERT(MI_Instance_IsA(inst, &decl, &isa) == OK && isa == MI_TRUE);
    MI_Instance_Delete(inst);

    inst = (MI_Instance *)0x1;
    CU_ASSERT(MI_Application_NewInstance(&app, NULL, NULL, &inst) == INVALID);
    CU_ASSERT(inst == NULL);
    CU_ASSERT(MI_Application_NewInstance(&app, "", NULL, &inst) == INVALID);
    CU_ASSERT(MI_Application_NewInstance(&app, "X", NULL, NULL) == INVALID);
    MI_Application_Close(&app);
}

static void test_new_options(void)
{
    MI_Application app = new_app();
    MI_OperationOptions o = MI_OPERATIONOPTIONS_NULL;
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    CU_ASSERT(MI_Application_NewOperationOptions(&app, MI_TRUE, &o) == OK);
    CU_ASSERT(MI_Application_NewDestinationOptions(&app, &d) == OK);
    CU_ASSERT(miref_options_is(&o));
    CU_ASSERT(miref_destopts_is(&d));
    CU_ASSERT(MI_Application_NewOperationOptions(&app, MI_FALSE, NULL) == INVALID);
    CU_ASSERT(MI_Application_NewDestinationOptions(&app, NULL) == INVALID);
    CU_ASSERT(MI_Application_Close(&app) == OK);
    /* Options are values of their own: they outlive the application. */
    CU_ASSERT(MI_OperationOptions_SetString(&o, "a", "b", 0) == OK);
    CU_ASSERT(MI_DestinationOptions_SetString(&d, "a", "b", 0) == OK);
    MI_OperationOptions_Delete(&o);
    MI_DestinationOptions_Delete(&d);
}

static void test_not_supported(void)
{
    MI_Application app = new_app();
    MI_Instance *err = (MI_Instance *)0x1, *inst = (MI_Instance *)0x1;
    MI_HostedProvider hp = MI_HOSTEDPROVIDER_NULL;
    MI_SubscriptionDeliveryOptions sdo = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
    MI_Serializer ser = MI_SERIALIZER_NULL;
    MI_Deserializer des = MI_DESERIALIZER_NULL;
    MI_Class *cls = (MI_Class *)0x1;
    CU_ASSERT(MI_Application_NewHostedProvider(&app, "root", "p", NULL, &err, &hp) ==
              MI_RESULT_NOT_SUPPORTED);
    CU_ASSERT(err == NULL);
    CU_ASSERT(MI_Application_NewSubscriptionDeliveryOptions(
                  &app, MI_SubscriptionDeliveryType_Pull, &sdo) == MI_RESULT_NOT_SUPPORTED);
    CU_ASSERT(MI_Application_NewSerializer(&app, 0, "MI_XML", &ser) == MI_RESULT_NOT_SUPPORTED);
    CU_ASSERT(MI_Application_NewDeserializer(&app, 0, "MI_XML", &des) ==
              MI_RESULT_NOT_SUPPORTED);
    CU_ASSERT(MI_Application_NewInstanceFromClass(&app, "X", NULL, &inst) ==
              MI_RESULT_NOT_SUPPORTED);
    CU_ASSERT(inst == NULL);
    CU_ASSERT(MI_Application_NewClass(&app, NULL, "root", "srv", &cls) ==
              MI_RESULT_NOT_SUPPORTED);
    CU_ASSERT(cls == NULL);
    MI_Application_Close(&app);
}

/* NewSession belongs to session.c; here only what application.c itself answers is pinned. */
static void test_new_session_handover(void)
{
    MI_Application app = new_app();
    MI_Instance *err = (MI_Instance *)0x1;
    CU_ASSERT(MI_Application_NewSession(&app, NULL, "localhost", NULL, NULL, &err, NULL) ==
              INVALID);
    CU_ASSERT(err == NULL);
    MI_Session session = MI_SESSION_NULL;
    err = (MI_Instance *)0x1;
    MI_Result r = MI_Application_NewSession(&app, NULL, "localhost", NULL, NULL, &err, &session);
    if (r == OK) { /* session.c has landed */
        CU_ASSERT(MI_Session_Close(&session, NULL, NULL) == OK);
    } else {
        CU_ASSERT(r == MI_RESULT_NOT_SUPPORTED); /* session_stub.c */
        CU_ASSERT(session.ft == NULL);
    }
    if (err != NULL) MI_Instance_Delete(err);
    CU_ASSERT(MI_Application_Close(&app) == OK);
}

static void test_handle_after_close(void)
{
    MI_Application app = new_app();
    const MI_ApplicationFT *ft = app.ft;
    CU_ASSERT(MI_Application_Close(&app) == OK);
    CU_ASSERT(app.ft == ft && app.reserved2 == 0); /* ft kept so misuse is detected */
    CU_ASSERT(miref_app_from_handle(&app) == NULL);
    CU_ASSERT(MI_Application_Close(&app) == INVALID);

    MI_Instance *inst = NULL, *err = NULL;
    MI_Session session = MI_SESSION_NULL;
    MI_OperationOptions o = MI_OPERATIONOPTIONS_NULL;
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    MI_HostedProvider hp = MI_HOSTEDPROVIDER_NULL;
    MI_SubscriptionDeliveryOptions sdo = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
    MI_Serializer ser = MI_SERIALIZER_NULL;
    MI_Deserializer des = MI_DESERIALIZER_NULL;
    MI_Class *cls = NULL;
    CU_ASSERT(ft->NewSession(&app, NULL, "h", NULL, NULL, &err, &session) == INVALID);
    CU_ASSERT(ft->NewHostedProvider(&app, "n", "p", NULL, &err, &hp) == INVALID);
    CU_ASSERT(ft->NewInstance(&app, "X", NULL, &inst) == INVALID);
    CU_ASSERT(ft->NewDestinationOptions(&app, &d) == INVALID);
    CU_ASSERT(ft->NewOperationOptions(&app, MI_FALSE, &o) == INVALID);
    CU_ASSERT(ft->NewSubscriptionDeliveryOptions(&app, MI_SubscriptionDeliveryType_Push, &sdo) ==
              INVALID);
    CU_ASSERT(ft->NewSerializer(&app, 0, "x", &ser) == INVALID);
    CU_ASSERT(ft->NewDeserializer(&app, 0, "x", &des) == INVALID);
    CU_ASSERT(ft->NewInstanceFromClass(&app, "X", NULL, &inst) == INVALID);
    CU_ASSERT(ft->NewClass(&app, NULL, "n", "s", &cls) == INVALID);
    CU_ASSERT(ft->Close(NULL) == INVALID);
    CU_ASSERT(ft->NewInstance(NULL, "X", NULL, &inst) == INVALID);

    /* A handle with our table that we never made. */
    MI_Application forged = {0, 0, ft};
    CU_ASSERT(ft->Close(&forged) == INVALID);
    CU_ASSERT(ft->NewInstance(&forged, "X", NULL, &inst) == INVALID);
}

static void test_many_applications(void)
{
    MI_Application apps[8];
    for (int i = 0; i < 8; i++) apps[i] = new_app();
    for (int i = 0; i < 8; i++) CU_ASSERT(MI_Application_Close(&apps[i]) == OK);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"initialize", test_initialize},
        {"new_instance", test_new_instance},
        {"new_options", test_new_options},
        {"not_supported", test_not_supported},
        {"new_session_handover", test_new_session_handover},
        {"handle_after_close", test_handle_after_close},
        {"many_applications", test_many_applications},
        {NULL, NULL},
    };
    return cutest_run("test_application", cases, argc, argv);
}

/*
 * application.c - MI_Application_InitializeV1, the library's one exported symbol, and the
 * MI_ApplicationFT behind it. Sessions live in session.c; this file only checks the handle and
 * hands over (miref_session_open, miref_application_close_sessions).
 */
#include "reference/application.h"

#include "model/mimodel.h"
#include "reference/options.h"
#include "reference/session.h"

#include <stdlib.h>
#include <string.h>

#define MIREF_APP_MAGIC 0x4d494150504c4931ull /* "MIAPPLI1" */

static const MI_ApplicationFT miref_app_ft;

struct miref_application *miref_app_from_handle(const MI_Application *handle)
{
    if (handle == NULL || handle->ft != &miref_app_ft || handle->reserved1 != MIREF_APP_MAGIC)
        return NULL;
    return (struct miref_application *)handle->reserved2;
}

void miref_app_to_handle(struct miref_application *app, MI_Application *handle)
{
    handle->reserved1 = MIREF_APP_MAGIC;
    handle->reserved2 = (ptrdiff_t)app;
    handle->ft = &miref_app_ft;
}

static void app_free(struct miref_application *app)
{
    pthread_mutex_destroy(&app->lock);
    free(app->application_id);
    free(app);
}

__attribute__((visibility("default"))) MI_Result MI_CALL MI_Application_InitializeV1(
    MI_Uint32 flags, const MI_Char *applicationID, MI_Instance **extendedError,
    MI_Application *application)
{
    if (extendedError != NULL) *extendedError = NULL;
    if (application == NULL) return MI_RESULT_INVALID_PARAMETER;
    memset(application, 0, sizeof *application);
    if (flags != 0) return MI_RESULT_INVALID_PARAMETER;
    struct miref_application *app = calloc(1, sizeof *app);
    if (app == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    if (pthread_mutex_init(&app->lock, NULL) != 0) {
        free(app);
        return MI_RESULT_FAILED;
    }
    if (applicationID != NULL && (app->application_id = strdup(applicationID)) == NULL) {
        app_free(app);
        return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    }
    miref_app_to_handle(app, application);
    return MI_RESULT_OK;
}

/* Only the first Close of a handle goes on; a concurrent or later one is INVALID_PARAMETER.
 * From inside a callback (on the application's worker) Close could never return: SES-5 waits
 * for every operation to be closed and then joins that very worker. There is no asynchronous
 * form to defer to, so - as SES-4 does for a synchronous session close - it fails fast with
 * MI_RESULT_FAILED and changes nothing; the application stays usable and is closed later from
 * another thread. */
static MI_Result app_close(MI_Application *application)
{
    struct miref_application *app = miref_app_from_handle(application);
    if (app == NULL) return MI_RESULT_INVALID_PARAMETER;
    if (miref_application_on_worker(app)) return MI_RESULT_FAILED;
    pthread_mutex_lock(&app->lock);
    int already = app->closing;
    app->closing = 1;
    pthread_mutex_unlock(&app->lock);
    if (already) return MI_RESULT_INVALID_PARAMETER;
    /* Without the lock: closing sessions waits for their operations, which may need it. */
    miref_application_close_sessions(app);
    application->reserved2 = 0; /* ft stays, so a later call is detected, not a crash */
    app_free(app);
    return MI_RESULT_OK;
}

static MI_Result app_new_session(MI_Application *application, const MI_Char *protocol,
                                 const MI_Char *destination, MI_DestinationOptions *options,
                                 MI_SessionCallbacks *callbacks, MI_Instance **extendedError,
                                 MI_Session *session)
{
    if (extendedError != NULL) *extendedError = NULL;
    struct miref_application *app = miref_app_from_handle(application);
    if (app == NULL || session == NULL) return MI_RESULT_INVALID_PARAMETER;
    return miref_session_open(app, protocol, destination, options, callbacks, extendedError,
                              session);
}

static MI_Result app_new_hosted_provider(MI_Application *application,
                                         const MI_Char *namespaceName,
                                         const MI_Char *providerName, MI_MainFunction mi_Main,
                                         MI_Instance **extendedError,
                                         MI_HostedProvider *hostedProvider)
{
    (void)namespaceName;
    (void)providerName;
    (void)mi_Main;
    (void)hostedProvider;
    if (extendedError != NULL) *extendedError = NULL;
    if (miref_app_from_handle(application) == NULL) return MI_RESULT_INVALID_PARAMETER;
    return MI_RESULT_NOT_SUPPORTED;
}

/* A dynamic instance; with class RTTI the instance remembers the declaration (for IsA) and
 * takes its name when className is NULL. The declaration must outlive the instance. */
static MI_Result app_new_instance(MI_Application *application, const MI_Char *className,
                                  const MI_ClassDecl *classRTTI, MI_Instance **instance)
{
    if (instance != NULL) *instance = NULL;
    if (miref_app_from_handle(application) == NULL || instance == NULL)
        return MI_RESULT_INVALID_PARAMETER;
    if (className == NULL && classRTTI != NULL) className = classRTTI->name;
    MI_Result r = mimodel_instance_new(className, instance);
    if (r == MI_RESULT_OK) (*instance)->classDecl = classRTTI;
    return r;
}

static MI_Result app_new_destination_options(MI_Application *application,
                                             MI_DestinationOptions *options)
{
    if (miref_app_from_handle(application) == NULL) return MI_RESULT_INVALID_PARAMETER;
    return miref_destopts_new(options);
}

static MI_Result app_new_operation_options(MI_Application *application,
                                           MI_Boolean customOptionsMustUnderstand,
                                           MI_OperationOptions *options)
{
    if (miref_app_from_handle(application) == NULL) return MI_RESULT_INVALID_PARAMETER;
    return miref_options_new(customOptionsMustUnderstand, options);
}

static MI_Result app_new_subscription_delivery_options(
    MI_Application *application, MI_SubscriptionDeliveryType deliveryType,
    MI_SubscriptionDeliveryOptions *deliveryOptions)
{
    (void)deliveryType;
    (void)deliveryOptions;
    if (miref_app_from_handle(application) == NULL) return MI_RESULT_INVALID_PARAMETER;
    return MI_RESULT_NOT_SUPPORTED;
}

static MI_Result app_new_serializer(MI_Application *application, MI_Uint32 flags,
                                    MI_Char *format, MI_Serializer *serializer)
{
    (void)flags;
    (void)format;
    (void)serializer;
    if (miref_app_from_handle(application) == NULL) return MI_RESULT_INVALID_PARAMETER;
    return MI_RESULT_NOT_SUPPORTED;
}

static MI_Result app_new_deserializer(MI_Application *application, MI_Uint32 flags,
                                      MI_Char *format, MI_Deserializer *deserializer)
{
    (void)flags;
    (void)format;
    (void)deserializer;
    if (miref_app_from_handle(application) == NULL) return MI_RESULT_INVALID_PARAMETER;
    return MI_RESULT_NOT_SUPPORTED;
}

static MI_Result app_new_instance_from_class(MI_Application *application,
                                             const MI_Char *className,
                                             const MI_Class *classObject, MI_Instance **instance)
{
    (void)className;
    (void)classObject;
    if (instance != NULL) *instance = NULL;
    if (miref_app_from_handle(application) == NULL) return MI_RESULT_INVALID_PARAMETER;
    return MI_RESULT_NOT_SUPPORTED;
}

static MI_Result app_new_class(MI_Application *application, const MI_ClassDecl *classDecl,
                               const MI_Char *namespaceName, const MI_Char *serverName,
                               MI_Class **classObject)
{
    (void)classDecl;
    (void)namespaceName;
    (void)serverName;
    if (classObject != NULL) *classObject = NULL;
    if (miref_app_from_handle(application) == NULL) return MI_RESULT_INVALID_PARAMETER;
    return MI_RESULT_NOT_SUPPORTED;
}

static const MI_ApplicationFT miref_app_ft = {
    app_close,
    app_new_session,
    app_new_hosted_provider,
    app_new_instance,
    app_new_destination_options,
    app_new_operation_options,
    app_new_subscription_delivery_options,
    app_new_serializer,
    app_new_deserializer,
    app_new_instance_from_class,
    app_new_class,
};

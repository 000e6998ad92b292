/*
 * session_stub.c - stands in for session.c until sessions exist: no session can be opened, so
 * there is never one to close. Deleted when session.c provides these functions.
 */
#include "reference/session.h"

#include "reference/application.h"

#include <string.h>

MI_Result miref_session_open(struct miref_application *app, const MI_Char *protocol,
                             const MI_Char *destination, MI_DestinationOptions *options,
                             MI_SessionCallbacks *callbacks, MI_Instance **extendedError,
                             MI_Session *session)
{
    (void)app;
    (void)protocol;
    (void)destination;
    (void)options;
    (void)callbacks;
    (void)extendedError;
    if (session != NULL) memset(session, 0, sizeof *session);
    return MI_RESULT_NOT_SUPPORTED;
}

void miref_application_close_sessions(struct miref_application *app)
{
    (void)app;
}

/*
 * What application.c needs from the session code. Until session.c provides these,
 * session_stub.c does (NewSession answers MI_RESULT_NOT_SUPPORTED); session.c replaces the stub.
 */
#ifndef MIREF_SESSION_H
#define MIREF_SESSION_H

#include "mi.h"

struct miref_application;

/* MI_ApplicationFT.NewSession after application.c checked the application handle and cleared
 * *extendedError. Fills `session` on success. */
MI_Result miref_session_open(struct miref_application *app, const MI_Char *protocol,
                             const MI_Char *destination, MI_DestinationOptions *options,
                             MI_SessionCallbacks *callbacks, MI_Instance **extendedError,
                             MI_Session *session);

/* Called by MI_Application_Close with app->closing already set: cancels and closes every live
 * session and returns once all of them are gone (SES-5). */
void miref_application_close_sessions(struct miref_application *app);

#endif

/*
 * The reference implementation's MI_Application object, shared with the session code.
 *
 * MI_Application_InitializeV1 (application.c) is the library's only exported symbol; everything
 * else is reached through MI_ApplicationFT. The session code (session.c) owns `sessions` and
 * `worker` and reaches the object from a handle with miref_app_from_handle.
 *
 * Handle: reserved1 holds MIREF_APP_MAGIC, reserved2 the object pointer. Close frees the object,
 * zeroes reserved2 and keeps ft, so calls through a closed handle answer
 * MI_RESULT_INVALID_PARAMETER instead of touching freed memory.
 */
#ifndef MIREF_APPLICATION_H
#define MIREF_APPLICATION_H

#include "mi.h"

#include <pthread.h>

struct miref_session; /* defined by the session code */

struct miref_application {
    pthread_mutex_t lock;            /* guards sessions, closing and worker */
    struct miref_session *sessions;  /* intrusive list of live sessions (session code) */
    int closing;                     /* set once Close began; no new session after it */
    void *worker;                    /* the transport worker (session code), NULL until used */
    char *application_id;            /* copy of InitializeV1's applicationID, may be NULL */
};

/* The live application behind a handle, or NULL for a NULL, foreign or closed handle. */
struct miref_application *miref_app_from_handle(const MI_Application *handle);

/* Fills `handle` so that it refers to `app` (MI_Session_GetApplication). */
void miref_app_to_handle(struct miref_application *app, MI_Application *handle);

#endif

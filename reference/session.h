/*
 * session - MI_Session over WS-Management: where to send (the endpoint), the defaults every
 * operation inherits (MaxEnvelopeSize, locales, timeout), and the list of operations the client
 * has not closed yet (SES-2: a session close completes only when that list is empty).
 *
 * application.c calls miref_session_open (NewSession) and miref_application_close_sessions
 * (MI_Application_Close); the application's worker is started with its first session.
 */
#ifndef MIREF_SESSION_H
#define MIREF_SESSION_H

#include "mi.h"
#include "reference/transport.h"

#include <pthread.h>
#include <stdint.h>

struct miref_application;
struct miref_op;

struct miref_session {
    struct miref_session *next;      /* the application's list (app->lock) */
    uint64_t id;                     /* registry id, the handle's reserved1 */
    int refs;                        /* under mu: the handle, each operation, each one-way post */
    struct miref_application *app;
    miref_worker *worker;
    MI_Session self;
    MI_SessionCallbacks callbacks;

    /* immutable after open */
    miref_endpoint endpoint;
    uint64_t max_envelope_bytes;     /* 0: the codec's default */
    char *locale, *data_locale;
    int64_t default_timeout_ms;      /* destination TIMEOUT: default operation timeout */

    /* under mu */
    pthread_mutex_t mu;
    pthread_cond_t cv;               /* open_ops reached 0 */
    int closing;
    int finished;                    /* close completed and the session left the app */
    int sync_close;                  /* a synchronous Close waits for open_ops == 0 */
    int closing_by_app;              /* MI_Application_Close took it in hand (app->lock) */
    struct miref_op *ops;            /* operations the client has not closed */
    unsigned open_ops;
    miref_lane *lane;                /* created on first use; NULL also when out of memory */
    int lane_taken;                  /* an operation's exchange is in it */
    void *completion_context;
    void (*completion)(void *);
};

MI_Result miref_session_open(struct miref_application *app, const MI_Char *protocol,
                             const MI_Char *destination, MI_DestinationOptions *options,
                             MI_SessionCallbacks *callbacks, MI_Instance **extendedError,
                             MI_Session *session);

/* Called by MI_Application_Close with app->closing already set: cancels and closes every live
 * session and returns once all of them are gone (SES-5). */
void miref_application_close_sessions(struct miref_application *app);

/* Non-zero when called on the application's worker thread (inside one of its callbacks). */
int miref_application_on_worker(struct miref_application *app);

void miref_session_ref(struct miref_session *s);
void miref_session_release(struct miref_session *s);

/* The session's lane for one synchronous exchange (transport.h), or NULL when another
 * operation holds it (or it cannot be made): that operation then goes to the worker. */
miref_lane *miref_session_take_lane(struct miref_session *s);
/* The exchange in the lane ended and its driver let go of it. */
void miref_session_give_back_lane(struct miref_session *s, miref_lane *lane);

/* Adds an operation to the session's open list; non-zero when the session is closing (the
 * operation is then not added and must fail with INVALID_PARAMETER, SES-3). */
int miref_session_attach_op(struct miref_session *s, struct miref_op *op);
/* The client closed the operation: leaves the list; may complete a pending session close. */
void miref_session_detach_op(struct miref_session *s, struct miref_op *op);

/* Builds the endpoint URL and settings from NewSession's arguments (exposed for the tests).
 * Returns MI_RESULT_OK or INVALID_PARAMETER with *why set to a static text. */
MI_Result miref_session_parse_destination(struct miref_session *s, const MI_Char *destination,
                                          MI_DestinationOptions *options, const char **why);
void miref_session_endpoint_clear(struct miref_session *s);

#endif

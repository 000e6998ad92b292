/*
 * operation - one MI_Operation: a small state machine driven on the worker thread.
 *
 *   created --(request built)--> submitted --(answer / error / cancel / timeout)--> final
 *   created --(argument error)-----------------------------------------------------> final
 *
 * The final result is produced exactly once (miref_op_complete checks and sets final_ready under
 * the mutex). Streamed and interactive events are queued as parsed envelopes and delivered one
 * at a time; with manual acknowledgement (and for writeError/promptUser always) delivery stops
 * until the ack or response function is called, and the HTTP transfer is paused meanwhile.
 *
 * Lifetime: a reference count. The client's handle holds one until MI_Operation_Close; the
 * worker holds one from submission until the final result is delivered; every API call holds
 * one for its duration. Handles are resolved through a registry of live ids, so a closed or
 * stale handle is detected without touching freed memory (CLO-4).
 */
#ifndef MIREF_OPERATION_H
#define MIREF_OPERATION_H

#include "mi.h"
#include "reference/transport.h"
#include "wsman/wsman.h"

#include <pthread.h>
#include <stdint.h>

struct miref_session;

/* A final result: what instanceResult / GetInstance hand out. */
typedef struct miref_final {
    MI_Result result;
    char *message;          /* errorString, NULL on success */
    MI_Instance *details;   /* errorDetails, NULL on success */
    MI_Instance *outbound;  /* the outbound instance on success */
} miref_final;

void miref_final_clear(miref_final *f);

/* What the answer must look like to be accepted (ERR-5). */
typedef struct miref_expect {
    char *method;
    char *class_name;       /* the class the caller named (or the inbound instance's) */
    char *uri_class;        /* last segment of the resource URI actually sent */
} miref_expect;

typedef struct miref_op miref_op;

struct miref_op {
    miref_xfer xfer;               /* the HTTP exchange (xfer.owner == this) */
    pthread_mutex_t mu;
    pthread_cond_t cv;             /* final_ready, for synchronous GetInstance */
    uint64_t id;                   /* registry id, also the handle's reserved1 */
    int refs;                      /* under mu */
    MI_Operation self;             /* the handle passed to callbacks */
    MI_Session session_handle;     /* for GetSession */
    struct miref_session *session; /* reference held; NULL when the session was unusable */
    miref_worker *worker;          /* NULL for an operation failed before it had a worker */
    struct miref_op *sess_next, *sess_prev; /* the session's list of open operations */
    int attached;                  /* in that list (session mu) */

    /* fixed at Invoke */
    MI_OperationCallbacks cb;
    int async, manual_ack;
    unsigned callback_bits;
    char *operation_id;            /* MS-WSMV OperationID when callback_bits != 0 */
    int64_t deadline_ms;           /* client-side timeout (OPT-2), 0 when none */
    miref_expect expect;

    /* shared, under mu */
    int cancel_requested, closed;
    int final_ready;               /* the final result exists (produced exactly once) */
    int final_taken;               /* sync: GetInstance returned it */
    int ack_wait;                  /* a delivery waits for its ack / response */
    int ack_given;                 /* the ack came; the worker resumes */
    int final_acked;               /* async manual ack of the final result came */
    int in_final_callback;         /* instanceResult is running: its data must stay */
    int service_posted;
    const char *response_event;    /* the wire answer the waiting event needs, NULL: none */
    char *pending_response;        /* a response function's answer, not yet sent */
    const char *pending_event;
    miref_final final;

    /* worker thread only */
    int started, xfer_done;
    int worker_ref;                /* the worker's reference is still held */
    int final_delivered;           /* op_complete ran (the callback returned) */
    int abort_exchange, timed_out, cancel_sent;
    int64_t responses_sent;
    CURLcode xfer_code;
    miref_final early;             /* a final result decided before any exchange */
    wsman_stream *stream;
    wsman_envelope **queue;        /* interactive events waiting for delivery */
    size_t q_head, q_len, q_cap;
    wsman_envelope *current;       /* the delivered event whose data must stay valid */
    wsman_envelope *final_env;     /* the final envelope of a streamed answer */
    int64_t last_seq;
    int seq_gap;
    char *raw;                     /* non-streamed answer body */
    size_t raw_len;
    int raw_overflow;
    int stream_error;
    char stream_msg[320];
};

/* ---- registry of live handles (operations and sessions share the id space) */

enum { MIREF_HANDLE_OP = 1, MIREF_HANDLE_SESSION = 2 };
uint64_t miref_handle_register(int kind, void *obj);
void miref_handle_unregister(uint64_t id);
/* The object for `id` of `kind` with ref(obj) called under the registry lock, or NULL. */
void *miref_handle_lookup(uint64_t id, int kind, void (*ref)(void *));

/* ---- life cycle */

/* A new operation bound to `session` (may be NULL), filled into *handle when non-NULL. */
miref_op *miref_op_new(struct miref_session *session, const MI_Session *session_handle,
                       unsigned flags, const MI_OperationCallbacks *callbacks,
                       MI_Operation *handle);
void miref_op_ref(miref_op *op);
void miref_op_release(miref_op *op);

/* Submits the built request (body owned by the op afterwards). */
void miref_op_start(miref_op *op, char *body, size_t len);
/* Delivers a final result without any exchange (argument errors, closed sessions): on the
 * worker when there is one, else at once on the calling thread. Takes over f's contents. */
void miref_op_fail(miref_op *op, MI_Result code, const char *message);
/* Asks for cancellation (any thread). */
void miref_op_request_cancel(miref_op *op);

/* The handle table (exposed for the tests). */
extern const MI_OperationFT miref_op_ft;

#endif

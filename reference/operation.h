/*
 * operation - one MI_Operation: three small state machines, each changed only through its
 * transition function (op_enter, op_final_enter, op_ack_enter in operation.c).
 *
 * The drive (op->state), changed only by the thread driving the operation: the worker, or for
 * a synchronous operation without event callbacks in the session's lane (transport.h) the
 * thread in Invoke and then the one blocked in GetInstance. The exchange and the delivery of
 * its final result.
 *
 *   CREATED --(argument error)--> FAILING --(delivered)----------------------+
 *      |                                                                      v
 *      +--(sent)--> EXCHANGING --(ended)--> DRAINING --(last event, cancel,--> FINAL
 *                       |                               timeout, gap)          ^  |
 *                       +--(SequenceId gap)--> FINAL_ABORTING --(ended)--------+  | (worker
 *                                                                                 v  lets go)
 *                                                                                DONE
 *
 * The final result (op->final_state), under mu: produced exactly once, then held until the
 * client is done with it.
 *
 *   NONE --(sync)--> READY --(GetInstance)--> TAKEN
 *   NONE --(async)--> IN_CALLBACK --(returns; automatic ack, or closed)-------> RELEASED
 *                       |   |                                                     ^  ^
 *                       |   +--(returns; manual ack)--> AWAITING_ACK --(ack)-----+  |
 *                       +--(ack)--> IN_CALLBACK_ACKED --(returns)-------------------+
 *
 * Close counts as the ack: after it the handle, and so its ack function, is unknown (CLO-4).
 *
 * The ack gate (op->ack), under mu. Streamed and interactive events are queued as parsed
 * envelopes and delivered one at a time; with manual acknowledgement (and for writeError and
 * promptUser always) delivery stops until the ack or response function is called, and the HTTP
 * transfer is paused meanwhile.
 *
 *   NONE --(event delivered)--> WAITING --(ack, response, Close)--> GIVEN --(resumed)--> NONE
 *                                  ^                                  |
 *                                  +--(next event, ack not yet seen)--+
 *
 * The machines are independent on purpose: a gap produces the result while the exchange runs,
 * GetInstance may take it before or after the worker lets go, and a cancel or timeout ends an
 * operation whose ack is withheld (STR-3) without opening the gate.
 *
 * With MIREF_DEBUG_STATE set (not to 0) every transition is printed to stderr as
 * "op <id>: OLD -> NEW (why)" and checked against the tables (miref_op_states and the others,
 * in operation.c); an illegal one aborts.
 *
 * Lifetime: a reference count. The client's handle holds one until MI_Operation_Close; the
 * driver (the worker, or the lane's) holds one from FAILING or EXCHANGING until DONE (the final
 * result delivered and the exchange over); every API call holds one for its duration. Handles
 * are resolved through a registry of live ids, so a closed or stale handle is detected without
 * touching freed memory (CLO-4).
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

/* The drive: where the exchange is and whether the final result went out. */
typedef enum miref_op_state {
    MIREF_OP_CREATED,        /* built by Invoke; nothing handed to the worker yet */
    MIREF_OP_FAILING,        /* a result decided before any exchange waits for its delivery */
    MIREF_OP_EXCHANGING,     /* the request is submitted; the answer's events are delivered */
    MIREF_OP_DRAINING,       /* the exchange ended; queued events go out before the final */
    MIREF_OP_FINAL_ABORTING, /* the final went out first (a gap): the exchange is cut short */
    MIREF_OP_FINAL,          /* the final result went out; the exchange is over or never was */
    MIREF_OP_DONE,           /* the worker's reference is released */
    MIREF_OP_STATE_COUNT
} miref_op_state;

/* The final result, from the client's side. */
typedef enum miref_final_state {
    MIREF_FINAL_NONE,              /* not produced yet */
    MIREF_FINAL_READY,             /* sync: produced; GetInstance has not returned it */
    MIREF_FINAL_TAKEN,             /* sync: GetInstance returned it */
    MIREF_FINAL_IN_CALLBACK,       /* async: instanceResult runs; its data must stay */
    MIREF_FINAL_IN_CALLBACK_ACKED, /* async: acked during the callback; the data goes after it */
    MIREF_FINAL_AWAITING_ACK,      /* async, manual ack: the data stays until the ack (ASY-4) */
    MIREF_FINAL_RELEASED,          /* async: the data is gone */
    MIREF_FINAL_STATE_COUNT
} miref_final_state;

/* The ack gate of streamed and interactive deliveries. */
typedef enum miref_ack_state {
    MIREF_ACK_NONE,    /* nothing waits */
    MIREF_ACK_WAITING, /* a delivered event waits for its ack or response: delivery stops */
    MIREF_ACK_GIVEN,   /* the ack came; the worker has yet to resume delivery */
    MIREF_ACK_STATE_COUNT
} miref_ack_state;

/* One state of a machine: its name and the states it may go to, one bit each. */
typedef struct miref_state_info {
    const char *name;
    unsigned next;
} miref_state_info;

/* A machine's table, indexed by its enum (for the trace and the tests). */
typedef struct miref_state_table {
    const char *label; /* how the trace names the machine after "op <id>" */
    int count;
    const miref_state_info *states;
} miref_state_table;

extern const miref_state_table miref_op_states, miref_final_states, miref_ack_states;

typedef struct miref_op miref_op;

struct miref_op {
    miref_xfer xfer;               /* the HTTP exchange (xfer.owner == this) */
    pthread_mutex_t mu;
    pthread_cond_t cv;             /* final_state leaves NONE, for synchronous GetInstance */
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

    /* shared, under mu (read and written by the API threads and the worker) */
    miref_final_state final_state;
    miref_ack_state ack;
    int cancel_requested, closed;  /* what the client asked, whatever the state */
    int service_posted;            /* an op_service task is queued on the worker */
    miref_lane *lane;              /* the session's lane while the exchange is in it */
    int lane_driven;               /* a GetInstance is driving the lane */
    const char *response_event;    /* the wire answer the waiting event needs, NULL: none */
    char *pending_response;        /* a response function's answer, not yet sent */
    const char *pending_event;
    miref_final final;

    /* the driving thread's only: the worker, or for an exchange in the lane the thread that
     * started it (Invoke) and then the one driving it (GetInstance, handed over under mu) */
    miref_op_state state;
    int timed_out;                 /* the deadline passed: why the operation ends */
    int cancel_sent;               /* the MS-WSMV Cancel went out (CAN-7, once) */
    int64_t responses_sent;
    CURLcode xfer_code;
    miref_final early;             /* a final result decided before any exchange */
    wsman_stream *stream;
    wsman_envelope **queue;        /* interactive events waiting for delivery */
    size_t q_head, q_len, q_cap;
    wsman_envelope *current;       /* the delivered event whose data must stay valid */
    wsman_envelope *final_env;     /* the final envelope of a streamed answer */
    int64_t last_seq;
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

/*
 * operation.c - the MI_Operation state machine (see operation.h), its handle table and the
 * registry of live handles.
 */
#include "reference/operation.h"

#include "reference/answer.h"
#include "model/mimodel.h"
#include "reference/mutants.h"
#include "reference/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- registry */

/* A small chained hash of live ids. Ids are never reused (64-bit counter), so a stale handle
 * can only miss, never find somebody else's object. */
#define REG_BUCKETS 1024

typedef struct reg_entry {
    uint64_t id;
    int kind;
    void *obj;
    struct reg_entry *next;
} reg_entry;

static pthread_mutex_t reg_mu = PTHREAD_MUTEX_INITIALIZER;
static reg_entry *reg_table[REG_BUCKETS];
static uint64_t reg_next_id = 1;

uint64_t miref_handle_register(int kind, void *obj)
{
    reg_entry *e = malloc(sizeof *e);
    if (e == NULL) return 0;
    pthread_mutex_lock(&reg_mu);
    e->id = reg_next_id++;
    e->kind = kind;
    e->obj = obj;
    e->next = reg_table[e->id % REG_BUCKETS];
    reg_table[e->id % REG_BUCKETS] = e;
    uint64_t id = e->id;
    pthread_mutex_unlock(&reg_mu);
    return id;
}

void miref_handle_unregister(uint64_t id)
{
    pthread_mutex_lock(&reg_mu);
    for (reg_entry **p = &reg_table[id % REG_BUCKETS]; *p != NULL; p = &(*p)->next) {
        if ((*p)->id == id) {
            reg_entry *e = *p;
            *p = e->next;
            free(e);
            break;
        }
    }
    pthread_mutex_unlock(&reg_mu);
}

void *miref_handle_lookup(uint64_t id, int kind, void (*ref)(void *))
{
    void *obj = NULL;
    pthread_mutex_lock(&reg_mu);
    for (reg_entry *e = reg_table[id % REG_BUCKETS]; e != NULL; e = e->next) {
        if (e->id == id && e->kind == kind) {
            obj = e->obj;
            if (ref != NULL) ref(obj);
            break;
        }
    }
    pthread_mutex_unlock(&reg_mu);
    return obj;
}

/* ---------------------------------------------------------------- states and transitions */

#define TO(s) (1u << (s))

static const miref_state_info op_state_info[MIREF_OP_STATE_COUNT] = {
    [MIREF_OP_CREATED] = {"CREATED", TO(MIREF_OP_FAILING) | TO(MIREF_OP_EXCHANGING)},
    [MIREF_OP_FAILING] = {"FAILING", TO(MIREF_OP_FINAL)},
    [MIREF_OP_EXCHANGING] = {"EXCHANGING", TO(MIREF_OP_DRAINING) | TO(MIREF_OP_FINAL_ABORTING)},
    [MIREF_OP_DRAINING] = {"DRAINING", TO(MIREF_OP_FINAL)},
    [MIREF_OP_FINAL_ABORTING] = {"FINAL_ABORTING", TO(MIREF_OP_FINAL)},
    [MIREF_OP_FINAL] = {"FINAL", TO(MIREF_OP_DONE)},
    [MIREF_OP_DONE] = {"DONE", 0},
};

static const miref_state_info final_state_info[MIREF_FINAL_STATE_COUNT] = {
    [MIREF_FINAL_NONE] = {"NONE", TO(MIREF_FINAL_READY) | TO(MIREF_FINAL_IN_CALLBACK)},
    [MIREF_FINAL_READY] = {"READY", TO(MIREF_FINAL_TAKEN)},
    [MIREF_FINAL_TAKEN] = {"TAKEN", 0},
    [MIREF_FINAL_IN_CALLBACK] = {"IN_CALLBACK", TO(MIREF_FINAL_IN_CALLBACK_ACKED) |
                                 TO(MIREF_FINAL_AWAITING_ACK) | TO(MIREF_FINAL_RELEASED)},
    [MIREF_FINAL_IN_CALLBACK_ACKED] = {"IN_CALLBACK_ACKED", TO(MIREF_FINAL_RELEASED)},
    [MIREF_FINAL_AWAITING_ACK] = {"AWAITING_ACK", TO(MIREF_FINAL_RELEASED)},
    [MIREF_FINAL_RELEASED] = {"RELEASED", 0},
};

static const miref_state_info ack_state_info[MIREF_ACK_STATE_COUNT] = {
    [MIREF_ACK_NONE] = {"NONE", TO(MIREF_ACK_WAITING)},
    [MIREF_ACK_WAITING] = {"WAITING", TO(MIREF_ACK_GIVEN)},
    [MIREF_ACK_GIVEN] = {"GIVEN", TO(MIREF_ACK_NONE) | TO(MIREF_ACK_WAITING)},
};

#undef TO

const miref_state_table miref_op_states = {"", MIREF_OP_STATE_COUNT, op_state_info};
const miref_state_table miref_final_states = {" final", MIREF_FINAL_STATE_COUNT,
                                              final_state_info};
const miref_state_table miref_ack_states = {" ack", MIREF_ACK_STATE_COUNT, ack_state_info};

/* Read once from MIREF_DEBUG_STATE before the first operation exists; off, a transition costs
 * one well-predicted branch. */
static int state_debug;
static pthread_once_t state_debug_once = PTHREAD_ONCE_INIT;

static void state_debug_read_env(void)
{
    const char *v = getenv("MIREF_DEBUG_STATE");
    state_debug = v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

/* Prints the transition, and stops the process at one its table does not allow: in a debug
 * run a wrong transition is a bug to see at once, not a hang to explain later. */
static void state_trace(const miref_op *op, const miref_state_table *t, int from, int to,
                        const char *why)
{
    int legal = (t->states[from].next & (1u << to)) != 0;
    fprintf(stderr, "op %llu%s: %s -> %s (%s)%s\n", (unsigned long long)op->id, t->label,
            t->states[from].name, t->states[to].name, why != NULL ? why : "",
            legal ? "" : " ILLEGAL");
    if (!legal) abort();
}

/* The drive; called by the thread that drives the operation (see operation.h). */
static void op_enter(miref_op *op, miref_op_state to, const char *why)
{
    if (state_debug) state_trace(op, &miref_op_states, (int)op->state, (int)to, why);
    op->state = to;
}

/* Under mu. */
static void op_final_enter(miref_op *op, miref_final_state to, const char *why)
{
    if (state_debug) state_trace(op, &miref_final_states, (int)op->final_state, (int)to, why);
    op->final_state = to;
}

/* Under mu. */
static void op_ack_enter(miref_op *op, miref_ack_state to, const char *why)
{
    if (state_debug) state_trace(op, &miref_ack_states, (int)op->ack, (int)to, why);
    op->ack = to;
}

/* The worker is done delivering: the final result went out (whether or not the exchange it
 * may have cut short has ended yet). */
static int op_final_sent(const miref_op *op)
{
    return op->state == MIREF_OP_FINAL_ABORTING || op->state == MIREF_OP_FINAL ||
           op->state == MIREF_OP_DONE;
}

/* The HTTP exchange was submitted and has not ended. */
static int op_exchange_running(const miref_op *op)
{
    return op->state == MIREF_OP_EXCHANGING || op->state == MIREF_OP_FINAL_ABORTING;
}

/* ---------------------------------------------------------------- life cycle */

void miref_final_clear(miref_final *f)
{
    free(f->message);
    if (f->details != NULL) MI_Instance_Delete(f->details);
    if (f->outbound != NULL) MI_Instance_Delete(f->outbound);
    memset(f, 0, sizeof *f);
}

static void expect_clear(miref_expect *e)
{
    free(e->method);
    free(e->class_name);
    free(e->uri_class);
    memset(e, 0, sizeof *e);
}

/* Counted under the mutex rather than with atomics, so that race detectors (helgrind) see
 * the ordering between the last user's writes and the free. */
void miref_op_ref(miref_op *op)
{
    pthread_mutex_lock(&op->mu);
    op->refs++;
    pthread_mutex_unlock(&op->mu);
}

static void op_ref_void(void *p)
{
    miref_op_ref(p);
}

static void op_drop_queue(miref_op *op)
{
    while (op->q_len > 0) {
        wsman_envelope_free(op->queue[op->q_head]);
        op->q_head = (op->q_head + 1) % op->q_cap;
        op->q_len--;
    }
    wsman_envelope_free(op->current);
    op->current = NULL;
}

static void op_free(miref_op *op)
{
    op_drop_queue(op);
    free(op->queue);
    wsman_envelope_free(op->final_env);
    if (op->stream != NULL) wsman_stream_free(op->stream);
    free(op->raw);
    miref_xfer_free(&op->xfer);
    miref_final_clear(&op->final);
    expect_clear(&op->expect);
    free(op->operation_id);
    free(op->pending_response);
    if (op->session != NULL) miref_session_release(op->session);
    pthread_cond_destroy(&op->cv);
    pthread_mutex_destroy(&op->mu);
    free(op);
}

void miref_op_release(miref_op *op)
{
    if (op == NULL) return;
    pthread_mutex_lock(&op->mu);
    int last = --op->refs == 0;
    pthread_mutex_unlock(&op->mu);
    if (last) op_free(op);
}

miref_op *miref_op_new(struct miref_session *session, const MI_Session *session_handle,
                       unsigned flags, const MI_OperationCallbacks *callbacks,
                       MI_Operation *handle)
{
    pthread_once(&state_debug_once, state_debug_read_env);
    miref_op *op = calloc(1, sizeof *op); /* CREATED, final NONE, ack NONE */
    if (op == NULL) return NULL;
    pthread_mutex_init(&op->mu, NULL);
    pthread_cond_init(&op->cv, NULL);
    op->refs = 1; /* the client's handle */
    op->xfer.owner = op;
    op->last_seq = 0;
    if (callbacks != NULL) op->cb = *callbacks;
    op->async = op->cb.instanceResult != NULL;                  /* INV-2 */
    op->manual_ack = (flags & MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS) != 0; /* VAL-4: rest ignored */
    if (session_handle != NULL) op->session_handle = *session_handle;
    if (session != NULL) {
        miref_session_ref(session);
        op->session = session;
        op->worker = session->worker;
    }
    op->id = miref_handle_register(MIREF_HANDLE_OP, op);
    if (op->id == 0) { /* out of memory: a handle without an id could never be closed, and
                          Session.Close would wait for it forever (found by --inject alloc) */
        op_free(op);
        return NULL;
    }
    op->self.reserved1 = op->id;
    op->self.reserved2 = (ptrdiff_t)op;
    op->self.ft = &miref_op_ft;
    if (handle != NULL) *handle = op->self;
    return op;
}

static miref_op *op_from_handle(const MI_Operation *h)
{
    if (h == NULL || h->ft != &miref_op_ft || h->reserved1 == 0) return NULL;
    return miref_handle_lookup(h->reserved1, MIREF_HANDLE_OP, op_ref_void);
}

/* ---------------------------------------------------------------- the final result */

/* The driver's reference (worker or lane) goes when the final result was delivered and the
 * exchange is over. */
static void op_driver_release(miref_op *op)
{
    if (op->state != MIREF_OP_FINAL) return;
    op_enter(op, MIREF_OP_DONE, "the driver lets go");
    op_drop_queue(op);
    miref_op_release(op);
}

static MI_Result MI_CALL op_ack(MI_Operation *operation);

/* ASY-4: the final result's ack, or Close standing for it. Under mu. */
static void op_final_acked(miref_op *op, const char *why)
{
    if (op->final_state == MIREF_FINAL_IN_CALLBACK) {
        op_final_enter(op, MIREF_FINAL_IN_CALLBACK_ACKED, why); /* valid until it returns */
    } else if (op->final_state == MIREF_FINAL_AWAITING_ACK) {
        miref_final_clear(&op->final);
        op_final_enter(op, MIREF_FINAL_RELEASED, why);
    }
}

/* ASY-3: without manual ack the data was valid during the callback only. ASY-4: with it,
 * until the ack (op_final_acked frees it) or the operation is freed; a closed handle can no
 * longer be acked. */
static void op_final_callback_returned(miref_op *op)
{
    pthread_mutex_lock(&op->mu);
    if (op->final_state == MIREF_FINAL_IN_CALLBACK_ACKED || !op->manual_ack || op->closed) {
        miref_final_clear(&op->final);
        op_final_enter(op, MIREF_FINAL_RELEASED, "instanceResult returned");
    } else {
        op_final_enter(op, MIREF_FINAL_AWAITING_ACK, "instanceResult returned without the ack");
    }
    pthread_mutex_unlock(&op->mu);
}

static void op_deliver_final(miref_op *op)
{
    miref_final *r = &op->final;
    MI_OperationCallback_ResultAcknowledgement ack = op->manual_ack ? op_ack : NULL;
    op->cb.instanceResult(&op->self, op->cb.callbackContext, r->outbound, MI_FALSE, r->result,
                          r->message, r->details, ack);
#ifdef MIREF_MUTANT_ASY_DOUBLE_FINAL
    op->cb.instanceResult(&op->self, op->cb.callbackContext, r->outbound, MI_FALSE, r->result,
                          r->message, r->details, ack);
#endif
    op_final_callback_returned(op);
}

/* Produces the final result exactly once (INV-1, ASY-1). Takes over f. */
static void op_complete(miref_op *op, miref_final *f, const char *why)
{
    pthread_mutex_lock(&op->mu);
    if (op->final_state != MIREF_FINAL_NONE) {
        pthread_mutex_unlock(&op->mu);
        miref_final_clear(f);
        return;
    }
    op->final = *f;
    memset(f, 0, sizeof *f);
    op_final_enter(op, op->async ? MIREF_FINAL_IN_CALLBACK : MIREF_FINAL_READY, why);
    pthread_cond_broadcast(&op->cv);
    pthread_mutex_unlock(&op->mu);
    /* Only a SequenceId gap ends the result while the exchange runs; its end is awaited. */
    op_enter(op, op->state == MIREF_OP_EXCHANGING ? MIREF_OP_FINAL_ABORTING : MIREF_OP_FINAL,
             why);
    if (op->async) op_deliver_final(op);
    op_driver_release(op);
}

static void op_complete_error(miref_op *op, MI_Result code, const char *message)
{
    miref_final f = {0};
    miref_answer_client_error(&f, code, message);
    op_complete(op, &f, message);
}

static void op_fail_task(void *arg)
{
    miref_op *op = arg;
    miref_final f = op->early;
    memset(&op->early, 0, sizeof op->early);
    op_complete(op, &f, "failed before any exchange");
}

void miref_op_fail(miref_op *op, MI_Result code, const char *message)
{
    miref_answer_client_error(&op->early, code, message);
    op_enter(op, MIREF_OP_FAILING, message);
    miref_op_ref(op); /* the driver's, until DONE */
    if (op->worker != NULL && miref_worker_post(op->worker, op_fail_task, op) == 0) return;
    /* No worker (the session was unusable): deliver here, like the header's VAL-1 report. */
    op->worker = NULL;
    op_fail_task(op);
}

/* ---------------------------------------------------------------- finishing an exchange */

static int op_cancelled(miref_op *op)
{
    pthread_mutex_lock(&op->mu);
    int c = op->cancel_requested;
    pthread_mutex_unlock(&op->mu);
    return c;
}

static void op_finish_stream(miref_op *op, miref_final *f)
{
    if (op->stream_error)
        miref_answer_client_error(f, MI_RESULT_FAILED, op->stream_msg);
    else if (op->final_env != NULL) {
        wsman_envelope *env = op->final_env;
        op->final_env = NULL;
        miref_answer_envelope(f, env, &op->expect);
    } else if (op->xfer_code != CURLE_OK)
        miref_answer_curl(f, op->xfer_code, op->xfer.errbuf);
    else
        miref_answer_client_error(f, MI_RESULT_FAILED,
                                  "malformed answer: the stream ended without a final envelope");
}

/* Every event delivered (or dropped) and the exchange over: the final result. */
static void op_finish(miref_op *op)
{
    miref_final f = {0};
    const char *why = "the exchange's answer";
    if (op_cancelled(op)) {
#ifdef MIREF_MUTANT_CAN_NO_FINAL
        /* mutant: the cancelled operation never completes; the driver lets go all the same */
        op_enter(op, MIREF_OP_FINAL, "mutant: cancelled, no final result");
        op_driver_release(op);
        return;
#endif
        why = "operation cancelled";
        miref_answer_client_error(&f, MI_RESULT_FAILED, why);
    } else if (op->timed_out) {
        why = "operation timed out";
        miref_answer_client_error(&f, MI_RESULT_FAILED,
                                  "operation timed out: no answer within the operation timeout");
    } else if (op->stream != NULL && op->xfer.http_status == 200)
        op_finish_stream(op, &f);
    else if (op->raw_overflow)
        miref_answer_client_error(&f, MI_RESULT_FAILED, "malformed answer: larger than allowed");
    else if (op->xfer_code != CURLE_OK)
        miref_answer_curl(&f, op->xfer_code, op->xfer.errbuf);
    else
        miref_answer_http(&f, op->xfer.http_status, op->raw, op->raw_len, &op->expect);
    op_complete(op, &f, why);
}

/* ---------------------------------------------------------------- interactive events */

static int op_waiting(miref_op *op)
{
    pthread_mutex_lock(&op->mu);
    int w = op->ack == MIREF_ACK_WAITING;
    pthread_mutex_unlock(&op->mu);
    return w;
}

/* Before the callback runs: it may ack at once, from inside. An ack the worker has not seen
 * yet is absorbed: the new event is the one that waits. */
static void op_set_wait(miref_op *op, const char *response_event, const char *delivered)
{
    pthread_mutex_lock(&op->mu);
    op_ack_enter(op, MIREF_ACK_WAITING, delivered);
    op->response_event = response_event;
    pthread_mutex_unlock(&op->mu);
}

static MI_Result MI_CALL op_respond(MI_Operation *operation,
                                    MI_OperationCallback_ResponseType response);

static MI_Uint32 op_channel(wsman_event_type t)
{
    if (t == WSMAN_EVENT_WARNING) return MI_WRITEMESSAGE_CHANNEL_WARNING;
    if (t == WSMAN_EVENT_VERBOSE) return MI_WRITEMESSAGE_CHANNEL_VERBOSE;
    return MI_WRITEMESSAGE_CHANNEL_DEBUG;
}

/* Returns 1 when the envelope must stay alive (op->current) until an ack or response. */
static int op_dispatch_event(miref_op *op, wsman_envelope *env)
{
    wsman_event *e = &env->event;
    const MI_OperationCallbacks *cb = &op->cb;
    void *ctx = cb->callbackContext;
    switch (e->type) {
    case WSMAN_EVENT_STREAMING_OUTPUT:
#ifdef MIREF_MUTANT_STR_NEVER_DELIVERED
        return 0; /* mutant: streamed elements are dropped */
#endif
        if (cb->streamedParameterResult == NULL) return 0;
        if (op->manual_ack) op_set_wait(op, NULL, "streamedParameterResult");
        cb->streamedParameterResult(&op->self, ctx, e->name, e->value_type, &e->value,
                                    op->manual_ack ? op_ack : NULL);
        return op->manual_ack;
    case WSMAN_EVENT_DEBUG:
    case WSMAN_EVENT_WARNING:
    case WSMAN_EVENT_VERBOSE:
#ifdef MIREF_MUTANT_PSS_MESSAGES_DROPPED
        return 0; /* mutant: writeMessage events are never delivered */
#endif
        if (cb->writeMessage != NULL)
            cb->writeMessage(&op->self, ctx, op_channel(e->type), e->description);
        return 0;
    case WSMAN_EVENT_PROGRESS:
        if (cb->writeProgress != NULL)
            cb->writeProgress(&op->self, ctx, e->activity, e->current_operation,
                              e->status_description, e->percent_complete, e->seconds_remaining);
        return 0;
    case WSMAN_EVENT_ERROR_ACTION:
        if (cb->writeError == NULL) return 0;
        op_set_wait(op, e->action_type != NULL && strcmp(e->action_type, "Inquire") == 0
                            ? "ErrorAction" : NULL, "writeError");
        cb->writeError(&op->self, ctx, e->error_instance, op_respond);
        return 1;
    case WSMAN_EVENT_CONFIRM:
        if (cb->promptUser == NULL) return 0;
#ifdef MIREF_MUTANT_PSS_PROMPT_NOT_WAITED
        cb->promptUser(&op->self, ctx, e->description, MI_PROMPTTYPE_NORMAL, op_respond);
        return 0; /* mutant: delivery goes on without waiting for the answer */
#endif
        op_set_wait(op, "Confirm", "promptUser");
        cb->promptUser(&op->self, ctx, e->description,
                       e->prompt_type != NULL && strcmp(e->prompt_type, "Critical") == 0
                           ? MI_PROMPTTYPE_CRITICAL : MI_PROMPTTYPE_NORMAL,
                       op_respond);
        return 1;
    default:
        return 0; /* NoSemantics and unknown events carry nothing to deliver */
    }
}

/* STR-6: in order; a gap ends the operation, a repeat or lower number is ignored.
 * Returns 1 to deliver, 0 to skip, -1 on a gap. */
static int op_check_sequence(miref_op *op, const wsman_envelope *env)
{
    if (env->sequence_id < 0) return 1;
    if (env->sequence_id <= op->last_seq) return 0;
#ifndef MIREF_MUTANT_STR_GAP_IGNORED
    if (env->sequence_id > op->last_seq + 1) return -1;
#endif
    op->last_seq = env->sequence_id;
    return 1;
}

static wsman_envelope *op_queue_pop(miref_op *op)
{
    wsman_envelope *env = op->queue[op->q_head];
    op->q_head = (op->q_head + 1) % op->q_cap;
    op->q_len--;
    return env;
}

/* Cancelled or timed out: nothing more is delivered, and a withheld ack is not waited for
 * (STR-3: an operation timeout still ends a stream whose ack is withheld). */
static int op_ending(miref_op *op)
{
    return op->timed_out || op_cancelled(op);
}

/* Delivers queued events until one waits for its ack; finishes when all is done. */
static void op_drain(miref_op *op)
{
    while (op->q_len > 0 && !op_final_sent(op)) {
        if (op_ending(op)) break;
        if (op_waiting(op)) return;
        wsman_envelope *env = op_queue_pop(op);
        wsman_envelope_free(op->current);
        op->current = NULL;
        int s = op_check_sequence(op, env);
        if (s < 0) {
            wsman_envelope_free(env);
            op_complete_error(op, MI_RESULT_FAILED,
                              "malformed answer: a gap in the streamed SequenceId");
            return;
        }
        if (s > 0 && op_dispatch_event(op, env)) op->current = env;
        else wsman_envelope_free(env);
    }
    if (op->state != MIREF_OP_DRAINING) return;
    int ending = op_ending(op);
    if (ending || (op->q_len == 0 && !op_waiting(op))) op_finish(op);
}

static int op_queue_push(miref_op *op, wsman_envelope *env)
{
    if (op->q_len == op->q_cap) {
        size_t cap = op->q_cap ? op->q_cap * 2 : 8;
        wsman_envelope **q = malloc(cap * sizeof *q);
        if (q == NULL) return -1;
        for (size_t i = 0; i < op->q_len; i++) q[i] = op->queue[(op->q_head + i) % op->q_cap];
        free(op->queue);
        op->queue = q;
        op->q_head = 0;
        op->q_cap = cap;
    }
    op->queue[(op->q_head + op->q_len) % op->q_cap] = env;
    op->q_len++;
    return 0;
}

/* wsman_stream callback: an interactive event is queued, anything else is the final answer. */
static int op_on_envelope(wsman_envelope *env, void *ctx)
{
    miref_op *op = ctx;
    if (env->body_kind == WSMAN_BODY_INTERACTIVE_EVENT) {
        if (op_queue_push(op, env) != 0) {
            wsman_envelope_free(env);
            return 1;
        }
        return 0;
    }
    if (op->final_env == NULL) op->final_env = env;
    else wsman_envelope_free(env); /* nothing may follow the final envelope; ignore it */
    return 0;
}

/* ---------------------------------------------------------------- the transfer's callbacks */

static size_t op_feed_stream(miref_op *op, const char *data, size_t len)
{
    /* Flow control (STR-3, STR-7): while something waits for its ack, libcurl keeps the bytes
     * and the transfer stays paused, so the server sees a client that does not read. */
#ifndef MIREF_MUTANT_STR_BUFFERED
    if (op->q_len > 0 || op_waiting(op)) return CURL_WRITEFUNC_PAUSE;
#else
    if (0) return CURL_WRITEFUNC_PAUSE; /* mutant: no flow control, the stream is queued whole */
#endif
    wsman_error err;
    memset(&err, 0, sizeof err);
    int rc = wsman_stream_feed(op->stream, data, len, &err);
    if (rc != 0) {
        op->stream_error = 1;
        snprintf(op->stream_msg, sizeof op->stream_msg, "malformed answer: %s",
                 rc < 0 ? err.message : "out of memory");
        return 0; /* aborts the exchange: CURLE_WRITE_ERROR */
    }
    op_drain(op);
    return op->state == MIREF_OP_FINAL_ABORTING ? 0 : len; /* a gap: CURLE_WRITE_ERROR */
}

/* An answer larger than this is not one we will read (ERR-5 "never a leak"). */
#define MIREF_MAX_ANSWER_BYTES WSMAN_DEFAULT_MAX_BYTES

static size_t op_collect(miref_op *op, const char *data, size_t len)
{
    if (op->raw_len + len > MIREF_MAX_ANSWER_BYTES) {
        op->raw_overflow = 1;
        return 0;
    }
    char *p = realloc(op->raw, op->raw_len + len + 1);
    if (p == NULL) {
        op->raw_overflow = 1;
        return 0;
    }
    memcpy(p + op->raw_len, data, len);
    op->raw = p;
    op->raw_len += len;
    p[op->raw_len] = '\0';
    return len;
}

static size_t op_on_body(miref_xfer *x, const char *data, size_t len)
{
    miref_op *op = x->owner;
    if (op_final_sent(op)) return 0;
    if (op->stream != NULL && x->http_status == 200) return op_feed_stream(op, data, len);
    return op_collect(op, data, len);
}

static void op_on_done(miref_xfer *x, CURLcode code)
{
    miref_op *op = x->owner;
    miref_op_ref(op); /* finishing may release the driver's reference */
    op_enter(op, op->state == MIREF_OP_FINAL_ABORTING ? MIREF_OP_FINAL : MIREF_OP_DRAINING,
             "the exchange ended");
    op->xfer_code = code;
    free(x->body);
    x->body = NULL;
    if (op->stream != NULL && code == CURLE_OK && !op->stream_error &&
        x->http_status == 200) {
        wsman_error err;
        memset(&err, 0, sizeof err);
        if (wsman_stream_finish(op->stream, &err) != 0) {
            op->stream_error = 1;
            snprintf(op->stream_msg, sizeof op->stream_msg, "malformed answer: %s",
                     err.message);
        }
    }
    if (op->state == MIREF_OP_DRAINING) op_drain(op);
    op_driver_release(op);
    miref_op_release(op);
}

static void op_send_cancel(miref_op *op);
static void op_send_response(miref_op *op);

/* What other threads asked for: cancel, ack, a response. Worker thread only. */
static void op_service(miref_op *op)
{
    pthread_mutex_lock(&op->mu);
    int cancel = op->cancel_requested && op->final_state == MIREF_FINAL_NONE;
    int acked = op->ack == MIREF_ACK_GIVEN;
    if (acked) op_ack_enter(op, MIREF_ACK_NONE, "the worker saw the ack");
    op->service_posted = 0;
    pthread_mutex_unlock(&op->mu);
    op_send_response(op);
    if (cancel && !op_final_sent(op)) {
        op_send_cancel(op);
        if (op->xfer.active) miref_xfer_abort(&op->xfer, CURLE_ABORTED_BY_CALLBACK);
        else if (!op_exchange_running(op)) op_drain(op);
        return;
    }
    if (!acked || op_final_sent(op)) return;
    wsman_envelope_free(op->current);
    op->current = NULL;
    op_drain(op);
    if (!op_final_sent(op) && op->xfer.active && op->q_len == 0 && !op_waiting(op))
        miref_xfer_resume(&op->xfer);
}

/* A lane's driver services the operation in its tick: posting to the worker would have the
 * worker touch a transfer it does not drive. */
static int op_wake_lane(miref_op *op)
{
    pthread_mutex_lock(&op->mu);
    miref_lane *lane = op->lane;
    pthread_mutex_unlock(&op->mu);
    if (lane != NULL) miref_lane_wake(lane);
    return lane != NULL;
}

static void op_service_task(void *arg)
{
    miref_op *op = arg;
    op_service(op);
    miref_op_release(op);
}

/* Any thread: make the worker look at the operation again. */
static void op_post_service(miref_op *op)
{
    if (op->worker == NULL || op_wake_lane(op)) return;
    pthread_mutex_lock(&op->mu);
    int already = op->service_posted;
    op->service_posted = 1;
    pthread_mutex_unlock(&op->mu);
    if (already) return;
    miref_op_ref(op);
    if (miref_worker_post(op->worker, op_service_task, op) != 0) {
        pthread_mutex_lock(&op->mu);
        op->service_posted = 0;
        pthread_mutex_unlock(&op->mu);
        miref_op_release(op);
        miref_worker_wake(op->worker); /* the tick will see it */
    }
}

static long op_on_tick(miref_xfer *x)
{
    miref_op *op = x->owner;
    miref_op_ref(op); /* service or abort may release the driver's reference */
    op_service(op);
    long wait = -1;
    if (!op_final_sent(op) && op->xfer.active && op->deadline_ms > 0) {
        int64_t left = op->deadline_ms - miref_now_ms();
#ifndef MIREF_MUTANT_OPT_NOT_ENFORCED
        if (left <= 0) {
            op->timed_out = 1;
            miref_xfer_abort(&op->xfer, CURLE_OPERATION_TIMEDOUT);
        } else
#endif
            wait = (long)left;
    }
    miref_op_release(op);
    return wait;
}

static const miref_xfer_ops op_xfer_ops = {op_on_body, op_on_done, op_on_tick};

/* A synchronous operation without event callbacks needs no thread but the caller's: nothing
 * is delivered until GetInstance, and nothing runs on the way that could call back into the
 * API. Everything else runs on the worker (transport.h). */
static int op_lane_eligible(const miref_op *op)
{
    const MI_OperationCallbacks *cb = &op->cb;
    return !op->async && op->callback_bits == 0 && cb->writeMessage == NULL &&
           cb->writeError == NULL && cb->writeProgress == NULL && cb->promptUser == NULL &&
           cb->streamedParameterResult == NULL;
}

/* The exchange in the lane ended: the lane goes back to the session for the next one. */
static void op_lane_let_go(miref_op *op)
{
    pthread_mutex_lock(&op->mu);
    miref_lane *lane = op->lane;
    op->lane = NULL;
    pthread_mutex_unlock(&op->mu);
    miref_session_give_back_lane(op->session, lane);
}

void miref_op_start(miref_op *op, char *body, size_t len)
{
    op->xfer.ops = &op_xfer_ops;
    op->xfer.endpoint = &op->session->endpoint;
    op->xfer.body = body;
    op->xfer.body_len = len;
    if (op->callback_bits != 0) {
        op->stream = wsman_stream_new(NULL, op_on_envelope, op);
        if (op->stream == NULL) {
            free(body);
            op->xfer.body = NULL;
            miref_op_fail(op, MI_RESULT_SERVER_LIMITS_EXCEEDED, "out of memory");
            return;
        }
    }
    miref_op_ref(op); /* the driver's, until DONE */
    miref_lane *lane = op_lane_eligible(op) ? miref_session_take_lane(op->session) : NULL;
    if (lane == NULL) {
        op_enter(op, MIREF_OP_EXCHANGING, "request handed to the worker");
        op->xfer.idle = &op->session->endpoint.idle;
        miref_worker_submit(op->worker, &op->xfer);
        return;
    }
    op_enter(op, MIREF_OP_EXCHANGING, "request sent in the session's lane");
    pthread_mutex_lock(&op->mu);
    op->lane = lane;
    pthread_mutex_unlock(&op->mu);
    miref_lane_start(lane, &op->xfer);
    if (op->xfer.ended) op_lane_let_go(op);
}

void miref_op_request_cancel(miref_op *op)
{
    pthread_mutex_lock(&op->mu);
    int go = op->final_state == MIREF_FINAL_NONE && !op->cancel_requested;
    if (go) op->cancel_requested = 1;
    pthread_cond_broadcast(&op->cv);
    pthread_mutex_unlock(&op->mu);
    if (go) op_post_service(op);
}

/* ---------------------------------------------------------------- MS-WSMV side messages */

typedef struct op_end_ctx {
    struct miref_session *session;
    char *operation_id;
} op_end_ctx;

static void op_end_after_cancel(void *arg)
{
    op_end_ctx *c = arg;
    char *body = NULL;
    size_t len = 0;
    if (wsman_write_end(c->session->endpoint.url, c->operation_id, &body, &len, NULL) == 0)
        miref_transport_post_oneway(c->session->worker, &c->session->endpoint, body, len,
                                    (void (*)(void *))miref_session_release, c->session);
    else
        miref_session_release(c->session);
    free(c->operation_id);
    free(c);
}

/* CAN-7: Cancel, then End, on a second connection; fire and forget. */
static void op_send_cancel(miref_op *op)
{
    if (op->operation_id == NULL || !op_exchange_running(op) || op->cancel_sent) return;
    op->cancel_sent = 1;
    op_end_ctx *c = calloc(1, sizeof *c);
    char *body = NULL;
    size_t len = 0;
    if (c == NULL || (c->operation_id = strdup(op->operation_id)) == NULL ||
        wsman_write_cancel(op->session->endpoint.url, op->operation_id, &body, &len, NULL) != 0) {
        if (c != NULL) free(c->operation_id);
        free(c);
        return;
    }
    c->session = op->session;
    miref_session_ref(c->session);
    miref_transport_post_oneway(op->worker, &op->session->endpoint, body, len,
                                op_end_after_cancel, c);
}

static const char *op_response_text(MI_OperationCallback_ResponseType r)
{
    switch (r) {
    case MI_OperationCallback_ResponseType_Yes: return "yes";
    case MI_OperationCallback_ResponseType_NoToAll: return "noToAll";
    case MI_OperationCallback_ResponseType_YesToAll: return "yesToAll";
    default: return "no";
    }
}

/* The answer to a Confirm or an Inquire ErrorAction (PSS-1), on a second connection. */
static void op_send_response(miref_op *op)
{
    pthread_mutex_lock(&op->mu);
    char *response = op->pending_response;
    const char *event = op->pending_event;
    op->pending_response = NULL;
    pthread_mutex_unlock(&op->mu);
    if (response == NULL) return;
    char *body = NULL;
    size_t len = 0;
    if (op->operation_id != NULL && op_exchange_running(op) &&
        wsman_write_interactive_response(op->session->endpoint.url, op->operation_id,
                                         2 + op->responses_sent++, event, response, &body, &len,
                                         NULL) == 0) {
        miref_session_ref(op->session);
        miref_transport_post_oneway(op->worker, &op->session->endpoint, body, len,
                                    (void (*)(void *))miref_session_release, op->session);
    }
    free(response);
}

/* ---------------------------------------------------------------- ack and response functions */

static MI_Result MI_CALL op_ack(MI_Operation *operation)
{
    miref_op *op = op_from_handle(operation);
    if (op == NULL) return MI_RESULT_INVALID_PARAMETER;
    int post = 0;
    pthread_mutex_lock(&op->mu);
    if (op->ack == MIREF_ACK_WAITING) {
#ifndef MIREF_MUTANT_ASY_ACK_IGNORED /* mutant: the ack is accepted but nothing resumes */
        op_ack_enter(op, MIREF_ACK_GIVEN, "acknowledged");
        post = 1;
#endif
    } else if (op->manual_ack) {
        op_final_acked(op, "acknowledged");
    }
    pthread_mutex_unlock(&op->mu);
    if (post) op_post_service(op);
    miref_op_release(op);
    return MI_RESULT_OK;
}

static MI_Result MI_CALL op_respond(MI_Operation *operation,
                                    MI_OperationCallback_ResponseType response)
{
    miref_op *op = op_from_handle(operation);
    if (op == NULL) return MI_RESULT_INVALID_PARAMETER;
    MI_Result r = MI_RESULT_OK;
    pthread_mutex_lock(&op->mu);
    if (op->ack != MIREF_ACK_WAITING) {
        r = MI_RESULT_INVALID_PARAMETER; /* nothing is waiting for an answer */
    } else {
        if (op->response_event != NULL) {
            free(op->pending_response);
            op->pending_response = strdup(op_response_text(response));
            op->pending_event = op->response_event;
        }
        op_ack_enter(op, MIREF_ACK_GIVEN, "answered");
    }
    pthread_mutex_unlock(&op->mu);
    if (r == MI_RESULT_OK) op_post_service(op);
    miref_op_release(op);
    return r;
}

/* ---------------------------------------------------------------- MI_OperationFT */

/* CLO-3 (ambiguous in the documentation): a synchronous operation whose final result was not
 * retrieved is not closed; Close answers MI_RESULT_FAILED at once and the operation stays
 * usable (GetInstance, Cancel, then Close). Neither blocking (OMI) nor silently cancelling. */
static MI_Result MI_CALL op_close(MI_Operation *operation)
{
    miref_op *op = op_from_handle(operation);
    if (op == NULL) return MI_RESULT_INVALID_PARAMETER;
    pthread_mutex_lock(&op->mu);
#ifdef MIREF_MUTANT_CLO_BLOCKING
    while (!op->async && op->final_state == MIREF_FINAL_NONE) pthread_cond_wait(&op->cv, &op->mu);
#endif
    if (op->closed || (!op->async && op->final_state != MIREF_FINAL_TAKEN)) {
        MI_Result r = op->closed ? MI_RESULT_INVALID_PARAMETER : MI_RESULT_FAILED;
        pthread_mutex_unlock(&op->mu);
        miref_op_release(op);
        return r;
    }
    op->closed = 1;
    int cancel = op->final_state == MIREF_FINAL_NONE && !op->cancel_requested;
    if (cancel) op->cancel_requested = 1; /* CLO-2 */
    int acked = op->ack == MIREF_ACK_WAITING; /* a withheld ack is released by Close */
    if (acked) op_ack_enter(op, MIREF_ACK_GIVEN, "closed");
    if (op->manual_ack) op_final_acked(op, "closed");
    pthread_mutex_unlock(&op->mu);
    miref_handle_unregister(op->id); /* CLO-4: from now on the handle is unknown */
    if (cancel || acked) op_post_service(op);
    if (op->session != NULL) miref_session_detach_op(op->session, op);
    miref_op_release(op); /* this call's reference */
    miref_op_release(op); /* the client's reference */
    return MI_RESULT_OK;
}

static MI_Result MI_CALL op_cancel(MI_Operation *operation, MI_CancellationReason reason)
{
    (void)reason;
    miref_op *op = op_from_handle(operation);
    if (op == NULL) return MI_RESULT_INVALID_PARAMETER;
#ifdef MIREF_MUTANT_CAN_CANCEL_BLOCKS
    pthread_mutex_lock(&op->mu); /* mutant: Cancel waits for the server's answer first */
    while (op->final_state == MIREF_FINAL_NONE) pthread_cond_wait(&op->cv, &op->mu);
    pthread_mutex_unlock(&op->mu);
#endif
    miref_op_request_cancel(op);
    miref_op_release(op);
    return MI_RESULT_OK;
}

static MI_Result MI_CALL op_get_session(MI_Operation *operation, MI_Session *session)
{
    miref_op *op = op_from_handle(operation);
    if (op == NULL) return MI_RESULT_INVALID_PARAMETER;
    if (session != NULL) *session = op->session_handle;
    miref_op_release(op);
    return session != NULL ? MI_RESULT_OK : MI_RESULT_INVALID_PARAMETER;
}

/* Under mu, returns under mu: this thread drives the exchange in the lane to its end (the
 * final result is then ready); other GetInstance calls meanwhile wait on cv. */
static void op_drive_lane(miref_op *op)
{
    miref_lane *lane = op->lane;
    op->lane_driven = 1;
    pthread_mutex_unlock(&op->mu);
    miref_lane_drive(lane, &op->xfer);
    op_lane_let_go(op);
    pthread_mutex_lock(&op->mu);
    op->lane_driven = 0;
    pthread_cond_broadcast(&op->cv);
}

/* Waits for the final result, driving the lane when the exchange is in it. On the worker
 * thread (inside a callback) waiting could never end, so it fails fast with MI_RESULT_FAILED
 * instead of deadlocking. */
static int op_wait_final(miref_op *op)
{
    while (op->final_state == MIREF_FINAL_NONE) {
        if (miref_worker_is_current(op->worker)) return -1;
        if (op->lane != NULL && !op->lane_driven) op_drive_lane(op);
        else pthread_cond_wait(&op->cv, &op->mu);
    }
    return 0;
}

static MI_Result MI_CALL op_get_instance(MI_Operation *operation, const MI_Instance **instance,
                                         MI_Boolean *moreResults, MI_Result *result,
                                         const MI_Char **errorMessage,
                                         const MI_Instance **completionDetails)
{
    if (instance != NULL) *instance = NULL;
    miref_op *op = op_from_handle(operation);
    if (op == NULL) return MI_RESULT_INVALID_PARAMETER;
    if (op->async) { /* SYN-4 */
        miref_op_release(op);
        return MI_RESULT_INVALID_PARAMETER;
    }
    pthread_mutex_lock(&op->mu);
    if (op_wait_final(op) != 0) {
        pthread_mutex_unlock(&op->mu);
        miref_op_release(op);
        return MI_RESULT_FAILED;
    }
    const miref_final *f = &op->final;
    if (op->final_state == MIREF_FINAL_READY) {
        if (instance != NULL) *instance = f->outbound; /* SYN-2; SYN-3: once */
        op_final_enter(op, MIREF_FINAL_TAKEN, "GetInstance returned it");
    }
    if (moreResults != NULL) *moreResults = MI_FALSE;
    if (result != NULL) *result = f->result;
    if (errorMessage != NULL) *errorMessage = f->message;
    if (completionDetails != NULL) *completionDetails = f->details;
    MI_Result own = MI_RESULT_OK; /* SYN-1: the call itself succeeded */
#ifdef MIREF_MUTANT_SYN_CODE_RETURNED
    own = f->result;
#endif
    pthread_mutex_unlock(&op->mu);
    miref_op_release(op);
    return own;
}

static MI_Result MI_CALL op_get_indication(MI_Operation *operation, const MI_Instance **instance,
                                           const MI_Char **bookmark, const MI_Char **machineID,
                                           MI_Boolean *moreResults, MI_Result *result,
                                           const MI_Char **errorMessage,
                                           const MI_Instance **completionDetails)
{
    (void)bookmark;
    (void)machineID;
    (void)moreResults;
    (void)result;
    (void)errorMessage;
    (void)completionDetails;
    if (instance != NULL) *instance = NULL;
    miref_op *op = op_from_handle(operation);
    if (op == NULL) return MI_RESULT_INVALID_PARAMETER;
    miref_op_release(op);
    return MI_RESULT_INVALID_PARAMETER; /* an Invoke has no indications */
}

static MI_Result MI_CALL op_get_class(MI_Operation *operation, const MI_Class **classResult,
                                      MI_Boolean *moreResults, MI_Result *result,
                                      const MI_Char **errorMessage,
                                      const MI_Instance **completionDetails)
{
    (void)moreResults;
    (void)result;
    (void)errorMessage;
    (void)completionDetails;
    if (classResult != NULL) *classResult = NULL;
    miref_op *op = op_from_handle(operation);
    if (op == NULL) return MI_RESULT_INVALID_PARAMETER;
    miref_op_release(op);
    return MI_RESULT_INVALID_PARAMETER; /* an Invoke has no class results */
}

const MI_OperationFT miref_op_ft = {
    op_close, op_cancel, op_get_session, op_get_instance, op_get_indication, op_get_class,
};

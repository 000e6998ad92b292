/*
 * driver_ops - one operation's life in the driver: Invoke, the callbacks, GetInstance, Cancel,
 * acknowledgement, Close; and the session close.
 *
 * Under --inject alloc every call into the implementation is bracketed by impl_begin/end
 * (conform_driver_enter/leave do it; Invoke and GetInstance end theirs before their own
 * "leave" lines) and every callback body by callback_begin/end (driver_inject.c).
 *
 * Callbacks correlate by callbackContext looked up in the driver's table (ASY-2: OMI passes a
 * copy of the MI_Operation), and act on the driver's own handle, never the one passed in.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness/driver/driver.h"

/* Callbacks cannot be given the driver when the context is wrong; one driver per process. */
static conform_driver *the_driver;

unsigned conform_driver_ms(const conform_driver *d, unsigned ms)
{
    double scale = conform_factor(d->timeout_scale);
    return (unsigned)((double)ms * scale);
}

conform_driver_op *conform_driver_new_op(conform_driver *d)
{
    if (d->n_ops == d->cap_ops) return NULL; /* allocated once: contexts must not move */
    conform_driver_op *o = &d->ops[d->n_ops++];
    memset(o, 0, sizeof *o);
    o->d = d;
    o->index = (unsigned)d->n_ops;
    return o;
}

static conform_driver_op *op_from_ctx(conform_driver *d, void *ctx, int *ctx_ok)
{
    *ctx_ok = 0;
    if (d->spec->call.callbacks.null_context) {
        *ctx_ok = ctx == NULL;
        for (size_t i = 0; i < d->n_ops; i++)
            if (!d->ops[i].final_seen) return &d->ops[i];
        return d->n_ops ? &d->ops[d->n_ops - 1] : NULL;
    }
    for (size_t i = 0; i < d->n_ops; i++)
        if (ctx == (void *)&d->ops[i]) {
            *ctx_ok = 1;
            return &d->ops[i];
        }
    return NULL;
}

void conform_driver_deadline(struct timespec *ts, unsigned ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

/* ---------------------------------------------------------------- callbacks */

static void add_result_fields(conform_trace_line *l, MI_Boolean more, MI_Result code,
                              const MI_Instance *inst, const MI_Char *errstr,
                              const MI_Instance *details)
{
    conform_trace_line_addf(l, TRACE_KEY_MORE, "%d", more ? 1 : 0);
    conform_trace_line_addf(l, TRACE_KEY_CODE, "%d", (int)code);
    conform_trace_line_addf(l, TRACE_KEY_INST, "%d", inst != NULL);
    if (errstr != NULL) conform_trace_line_add(l, TRACE_KEY_ERRSTR, errstr);
    if (details != NULL) {
        const MI_Char *cls = NULL;
        if (details->ft != NULL) details->ft->GetClassName(details, &cls);
        conform_trace_line_add(l, TRACE_KEY_ERRCLASS, cls ? cls : "");
    }
}

/* Records a final result on o; returns 1 when it is the first one. */
static int note_final(conform_driver *d, conform_driver_op *o)
{
    pthread_mutex_lock(&d->lock);
    int first = !o->final_seen;
    o->finals++;
    o->final_seen = 1;
    pthread_mutex_unlock(&d->lock);
    return first;
}

static void wake(conform_driver *d)
{
    pthread_mutex_lock(&d->lock);
    pthread_cond_broadcast(&d->cond);
    pthread_mutex_unlock(&d->lock);
}

void conform_driver_cb_cancel(conform_driver *d, conform_driver_op *o)
{
    conform_driver_cancel(d, o, MI_REASON_NONE);
}

void conform_driver_cb_cancel_twice(conform_driver *d, conform_driver_op *o)
{
    conform_driver_cancel(d, o, MI_REASON_NONE);
    conform_driver_cancel(d, o, MI_REASON_NONE);
}

void conform_driver_cb_close_session_sync(conform_driver *d, conform_driver_op *o)
{
    (void)o;
    conform_driver_close_session(d, 0);
}

void conform_driver_cb_close_session_async(conform_driver *d, conform_driver_op *o)
{
    (void)o;
    conform_driver_close_session(d, 1);
}

/* Keeps a manual acknowledgement for an <ack/> step, or gives it at once. */
static void handle_ack(conform_driver *d, conform_driver_op *o,
                       MI_Result (*ack)(MI_Operation *), const MI_Instance *held)
{
    if (ack == NULL || o == NULL) return;
    pthread_mutex_lock(&d->lock);
    int later = d->defer_ack && !o->auto_ack;
    pthread_mutex_unlock(&d->lock);
    if (later && d->spec->call.callbacks.on_final != CONFORM_CB_ACK) {
        pthread_mutex_lock(&d->lock);
        o->ack = ack;
        o->held = held;
        pthread_mutex_unlock(&d->lock);
        return;
    }
    /* after <ack resume="true"/> the acks given at once are AutoAck, so an order pattern
     * still sees the one deliberate Ack that released the stream (STR-3) */
    const char *name = o->auto_ack ? TRACE_CALL_AUTO_ACK : TRACE_CALL_ACK;
    conform_driver_enter(d, name, o->index);
    MI_Result r = ack(&o->op);
    conform_driver_leave(d, name, o->index, 1, r);
}

static void MI_CALL on_instance(MI_Operation *op, void *ctx, const MI_Instance *inst,
                                MI_Boolean more, MI_Result code, const MI_Char *errstr,
                                const MI_Instance *details,
                                MI_Result(MI_CALL *ack)(MI_Operation *))
{
    conform_driver_callback_begin(); /* the driver's code: not the implementation's */
    conform_driver *d = the_driver;
    int ctx_ok;
    conform_driver_op *o = op_from_ctx(d, ctx, &ctx_ok);
    unsigned idx = o ? o->index : 0;
    int first = (!more && o != NULL) ? note_final(d, o) : 0;
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, conform_trace_now_us(), conform_driver_tid(), TRACE_EV_CALLBACK);
    conform_trace_line_add(&l, TRACE_KEY_CB, TRACE_CB_INSTANCE_RESULT);
    conform_trace_line_addf(&l, TRACE_KEY_OP, "%u", idx);
    conform_trace_line_add(&l, TRACE_KEY_CTX, ctx_ok ? TRACE_CTX_OK : TRACE_CTX_BAD);
    add_result_fields(&l, more, code, inst, errstr, details);
    conform_trace_line_addf(&l, TRACE_KEY_ACK, "%d", ack != NULL);
    conform_trace_line_addf(&l, TRACE_KEY_OPPTR, "%d", op != NULL);
    conform_trace_line_addf(&l, TRACE_KEY_FINAL, "%d", first);
    conform_trace_line_end(&l);
    if (inst != NULL)
        conform_driver_add_instance(&l, inst, idx, more ? TRACE_SRC_PARTIAL : TRACE_SRC_FINAL);
    if (details != NULL) conform_driver_add_instance(&l, details, idx, TRACE_SRC_ERROR);
    conform_driver_emit(d, &l);
    if (!more && o != NULL && d->final_action != NULL) d->final_action(d, o);
    handle_ack(d, o, ack, inst);
    if (!more) wake(d);
    conform_driver_callback_end();
}

static void MI_CALL on_streamed(MI_Operation *op, void *ctx, const MI_Char *name, MI_Type type,
                                const MI_Value *value, MI_Result(MI_CALL *ack)(MI_Operation *))
{
    conform_driver_callback_begin(); /* the driver's code: not the implementation's */
    conform_driver *d = the_driver;
    int ctx_ok;
    conform_driver_op *o = op_from_ctx(d, ctx, &ctx_ok);
    unsigned idx = o ? o->index : 0;
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, conform_trace_now_us(), conform_driver_tid(), TRACE_EV_CALLBACK);
    conform_trace_line_add(&l, TRACE_KEY_CB, TRACE_CB_STREAMED);
    conform_trace_line_addf(&l, TRACE_KEY_OP, "%u", idx);
    conform_trace_line_add(&l, TRACE_KEY_CTX, ctx_ok ? TRACE_CTX_OK : TRACE_CTX_BAD);
    conform_trace_line_add(&l, TRACE_KEY_NAME, name ? name : "");
    conform_trace_line_add(&l, TRACE_KEY_TYPE, conform_case_type_name(type));
    conform_trace_line_addf(&l, TRACE_KEY_ACK, "%d", ack != NULL);
    conform_trace_line_addf(&l, TRACE_KEY_OPPTR, "%d", op != NULL);
    conform_driver_add_streamed(&l, value, type); /* last: "items" ends the line */
    conform_trace_line_end(&l);
    conform_driver_emit(d, &l);
    if (o != NULL && d->streamed_action != NULL) {
        pthread_mutex_lock(&d->lock);
        int first = !o->streamed_acted;
        o->streamed_acted = 1;
        pthread_mutex_unlock(&d->lock);
        if (first) d->streamed_action(d, o);
    }
    handle_ack(d, o, ack, NULL);
    conform_driver_callback_end();
}

static void MI_CALL on_message(MI_Operation *op, void *ctx, MI_Uint32 channel,
                               const MI_Char *message)
{
    conform_driver_callback_begin(); /* the driver's code: not the implementation's */
    int ctx_ok;
    conform_driver_op *o = op_from_ctx(the_driver, ctx, &ctx_ok);
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, conform_trace_now_us(), conform_driver_tid(), TRACE_EV_CALLBACK);
    conform_trace_line_add(&l, TRACE_KEY_CB, TRACE_CB_WRITE_MESSAGE);
    conform_trace_line_addf(&l, TRACE_KEY_OP, "%u", o ? o->index : 0);
    conform_trace_line_add(&l, TRACE_KEY_CTX, ctx_ok ? TRACE_CTX_OK : TRACE_CTX_BAD);
    conform_trace_line_addf(&l, TRACE_KEY_CHANNEL, "%u", channel);
    conform_trace_line_add(&l, TRACE_KEY_MESSAGE, message ? message : "");
    conform_trace_line_addf(&l, TRACE_KEY_OPPTR, "%d", op != NULL);
    conform_trace_line_end(&l);
    conform_driver_emit(the_driver, &l);
    conform_driver_callback_end();
}

static void MI_CALL on_progress(MI_Operation *op, void *ctx, const MI_Char *activity,
                                const MI_Char *current, const MI_Char *status,
                                MI_Uint32 percent, MI_Uint32 remaining)
{
    conform_driver_callback_begin(); /* the driver's code: not the implementation's */
    int ctx_ok;
    conform_driver_op *o = op_from_ctx(the_driver, ctx, &ctx_ok);
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, conform_trace_now_us(), conform_driver_tid(), TRACE_EV_CALLBACK);
    conform_trace_line_add(&l, TRACE_KEY_CB, TRACE_CB_WRITE_PROGRESS);
    conform_trace_line_addf(&l, TRACE_KEY_OP, "%u", o ? o->index : 0);
    conform_trace_line_add(&l, TRACE_KEY_CTX, ctx_ok ? TRACE_CTX_OK : TRACE_CTX_BAD);
    conform_trace_line_add(&l, TRACE_KEY_ACTIVITY, activity ? activity : "");
    conform_trace_line_add(&l, TRACE_KEY_CURRENT, current ? current : "");
    conform_trace_line_add(&l, TRACE_KEY_STATUS, status ? status : "");
    conform_trace_line_addf(&l, TRACE_KEY_PERCENT, "%u", percent);
    conform_trace_line_addf(&l, TRACE_KEY_REMAINING, "%u", remaining);
    conform_trace_line_addf(&l, TRACE_KEY_OPPTR, "%d", op != NULL);
    conform_trace_line_end(&l);
    conform_driver_emit(the_driver, &l);
    conform_driver_callback_end();
}

/* writeError and promptUser: recorded, then answered at once with the row's answer (default
 * yes), or kept for a <respond/> step when the row says respond="later" (PSS-1: nothing more
 * may be delivered meanwhile). */
static void answer_interactive(const char *cb, MI_Operation *op, void *ctx, const char *text,
                               int prompt_type, const MI_Instance *inst,
                               MI_Result(MI_CALL *respond)(MI_Operation *,
                                                           MI_OperationCallback_ResponseType))
{
    int ctx_ok;
    conform_driver_op *o = op_from_ctx(the_driver, ctx, &ctx_ok);
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, conform_trace_now_us(), conform_driver_tid(), TRACE_EV_CALLBACK);
    conform_trace_line_add(&l, TRACE_KEY_CB, cb);
    conform_trace_line_addf(&l, TRACE_KEY_OP, "%u", o ? o->index : 0);
    conform_trace_line_add(&l, TRACE_KEY_CTX, ctx_ok ? TRACE_CTX_OK : TRACE_CTX_BAD);
    if (text != NULL) conform_trace_line_add(&l, TRACE_KEY_MESSAGE, text);
    if (prompt_type >= 0) conform_trace_line_addf(&l, TRACE_KEY_PROMPT, "%d", prompt_type);
    conform_trace_line_addf(&l, TRACE_KEY_OPPTR, "%d", op != NULL);
    conform_trace_line_end(&l);
    if (inst != NULL) conform_driver_add_instance(&l, inst, o ? o->index : 0, TRACE_SRC_ERROR);
    conform_driver_emit(the_driver, &l);
    int answer = the_driver->spec->call.callbacks.respond;
    if (respond != NULL && o != NULL && answer == CONFORM_RESPOND_LATER) {
        pthread_mutex_lock(&the_driver->lock);
        o->respond = respond;
        pthread_mutex_unlock(&the_driver->lock);
    } else if (respond != NULL && o != NULL) {
        conform_driver_enter(the_driver, TRACE_CALL_RESPOND, o->index);
        MI_Result r = respond(&o->op, (MI_OperationCallback_ResponseType)answer);
        conform_driver_leave(the_driver, TRACE_CALL_RESPOND, o->index, 1, r);
    }
}

static void MI_CALL on_error(MI_Operation *op, void *ctx, MI_Instance *inst,
                             MI_Result(MI_CALL *respond)(MI_Operation *,
                                                         MI_OperationCallback_ResponseType))
{
    conform_driver_callback_begin(); /* the driver's code: not the implementation's */
    answer_interactive(TRACE_CB_WRITE_ERROR, op, ctx, NULL, -1, inst, respond);
    conform_driver_callback_end();
}

static void MI_CALL on_prompt(MI_Operation *op, void *ctx, const MI_Char *message,
                              MI_PromptType type,
                              MI_Result(MI_CALL *respond)(MI_Operation *,
                                                          MI_OperationCallback_ResponseType))
{
    conform_driver_callback_begin(); /* the driver's code: not the implementation's */
    answer_interactive(TRACE_CB_PROMPT_USER, op, ctx, message, (int)type, NULL, respond);
    conform_driver_callback_end();
}

void conform_driver_setup_callbacks(conform_driver *d)
{
    const conform_case_callbacks *cb = &d->spec->call.callbacks;
    the_driver = d;
    memset(&d->callbacks, 0, sizeof d->callbacks);
    if (cb->instance_result) d->callbacks.instanceResult = on_instance;
    if (cb->streamed) d->callbacks.streamedParameterResult = on_streamed;
    if (cb->write_message) d->callbacks.writeMessage = on_message;
    if (cb->write_progress) d->callbacks.writeProgress = on_progress;
    if (cb->write_error) d->callbacks.writeError = on_error;
    if (cb->prompt_user) d->callbacks.promptUser = on_prompt;
    d->use_callbacks = cb->instance_result || cb->streamed || cb->write_message ||
                       cb->write_progress || cb->write_error || cb->prompt_user;
}

/* ---------------------------------------------------------------- calls */

void conform_driver_invoke(conform_driver *d, conform_driver_op *o, int through_slot)
{
    const conform_case_call *c = &d->spec->call;
    MI_OperationCallbacks cbs = d->callbacks;
    cbs.callbackContext = c->callbacks.null_context ? NULL : (void *)o;
    MI_OperationCallbacks *cbp = d->use_callbacks ? &cbs : NULL;
    MI_OperationOptions *opts = d->have_options ? &d->options : NULL;
    MI_Operation *opp = c->null_operation ? NULL : &o->op;
    /* SES-3: Invoke on a closed session goes through the handle as it was before Close */
    MI_Session *session = d->session_closed ? &d->session_saved : &d->session;
    if (o->index == 1) conform_driver_note_rss(d, TRACE_RSS_BEFORE);
    o->invoked = 1;
    conform_driver_enter(d, TRACE_CALL_INVOKE, o->index);
    if (c->null_session) {
        MI_Session none = MI_SESSION_NULL;
        MI_Session_Invoke(&none, c->flags, opts, c->namespace_name, c->class_name, c->method,
                          d->inbound, d->params, cbp, opp);
    } else if (through_slot || c->null_operation) {
        if (d->session_saved.ft != NULL)
            d->session_saved.ft->Invoke(session, c->flags, opts, c->namespace_name,
                                        c->class_name, c->method, d->inbound, d->params, cbp, opp);
    } else {
        MI_Session_Invoke(&d->session, c->flags, opts, c->namespace_name, c->class_name,
                          c->method, d->inbound, d->params, cbp, opp);
    }
    conform_driver_impl_end();
    o->saved = o->op;
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, conform_trace_now_us(), conform_driver_tid(), TRACE_EV_LEAVE);
    conform_trace_line_add(&l, TRACE_KEY_CALL, TRACE_CALL_INVOKE);
    conform_trace_line_addf(&l, TRACE_KEY_OP, "%u", o->index);
    conform_trace_line_addf(&l, TRACE_KEY_HANDLE, "%d", o->op.ft != NULL);
    conform_trace_line_end(&l);
    conform_driver_emit(d, &l);
}

int conform_driver_wait_final(conform_driver *d, conform_driver_op *o, unsigned ms, int line,
                              int given)
{
    struct timespec deadline;
    conform_driver_deadline(&deadline, ms);
    int rc = 0;
    pthread_mutex_lock(&d->lock);
    while (!o->final_seen && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&d->cond, &d->lock, &deadline);
    int seen = o->final_seen;
    if (!seen) o->wait_ran_out = 1;
    pthread_mutex_unlock(&d->lock);
    if (!seen) conform_driver_note_timeout(d, TRACE_WAIT_FINAL, o->index, line, ms, given);
    return seen ? 0 : -1;
}

/* One GetInstance. Returns 1 while more results are to come, 0 when done (or failed). */
static int get_instance(conform_driver *d, conform_driver_op *o)
{
    const MI_Instance *inst = NULL, *details = NULL;
    MI_Boolean more = MI_FALSE;
    MI_Result code = MI_RESULT_OK;
    const MI_Char *errstr = NULL;
    conform_driver_enter(d, TRACE_CALL_GET_INSTANCE, o->index);
    pthread_mutex_lock(&d->lock);
    o->gets_entered++;
    pthread_cond_broadcast(&d->cond);
    pthread_mutex_unlock(&d->lock);
    MI_Result r = MI_Operation_GetInstance(&o->op, &inst, &more, &code, &errstr, &details);
    conform_driver_impl_end();
    int first = (r == MI_RESULT_OK && !more) ? note_final(d, o) : 0;
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, conform_trace_now_us(), conform_driver_tid(), TRACE_EV_LEAVE);
    conform_trace_line_add(&l, TRACE_KEY_CALL, TRACE_CALL_GET_INSTANCE);
    conform_trace_line_addf(&l, TRACE_KEY_OP, "%u", o->index);
    conform_trace_line_addf(&l, TRACE_KEY_RESULT, "%d", (int)r);
    if (r == MI_RESULT_OK) add_result_fields(&l, more, code, inst, errstr, details);
    conform_trace_line_addf(&l, TRACE_KEY_FINAL, "%d", first);
    conform_trace_line_end(&l);
    if (r == MI_RESULT_OK && inst != NULL)
        conform_driver_add_instance(&l, inst, o->index, first ? TRACE_SRC_FINAL
                                                        : more ? TRACE_SRC_PARTIAL
                                                               : TRACE_SRC_AGAIN);
    if (r == MI_RESULT_OK && details != NULL)
        conform_driver_add_instance(&l, details, o->index, TRACE_SRC_ERROR);
    conform_driver_emit(d, &l);
    if (first) wake(d);
    return r == MI_RESULT_OK && more;
}

void conform_driver_get_instance(conform_driver *d, conform_driver_op *o)
{
    (void)get_instance(d, o);
}

void conform_driver_drain(conform_driver *d, conform_driver_op *o)
{
    /* A bounded number of rounds: an implementation that says "more" forever is a failure
     * the judge sees, not a reason for the driver to spin until the watchdog. */
    for (unsigned i = 0; i < 100000 && get_instance(d, o); i++) continue;
}

void conform_driver_close_op(conform_driver *d, conform_driver_op *o)
{
    pthread_mutex_lock(&d->lock);
    int already = o->closed;
    o->closed = 1;
    pthread_mutex_unlock(&d->lock);
    if (already) return;
    if (o->op.ft == NULL && !o->invoked) return;
    conform_driver_enter(d, TRACE_CALL_CLOSE, o->index);
    MI_Result r = MI_Operation_Close(&o->op);
    conform_driver_leave(d, TRACE_CALL_CLOSE, o->index, 1, r);
    if (r != MI_RESULT_OK) { /* CLO-3: a refused Close leaves the operation to close later */
        pthread_mutex_lock(&d->lock);
        o->closed = 0;
        pthread_mutex_unlock(&d->lock);
    }
}

void conform_driver_cancel(conform_driver *d, conform_driver_op *o, int reason)
{
    conform_driver_enter(d, TRACE_CALL_CANCEL, o->index);
    MI_Result r = MI_Operation_Cancel(&o->op, (MI_CancellationReason)reason);
    conform_driver_leave(d, TRACE_CALL_CANCEL, o->index, 1, r);
}

void conform_driver_ack(conform_driver *d, conform_driver_op *o)
{
    pthread_mutex_lock(&d->lock);
    MI_Result (*ack)(MI_Operation *) = o->ack;
    const MI_Instance *held = o->held;
    o->ack = NULL;
    o->held = NULL;
    pthread_mutex_unlock(&d->lock);
    if (ack == NULL) {
        conform_driver_note_text(d, "no acknowledgement to give", o->index);
        return;
    }
    if (held != NULL) { /* ASY-4: the data is still readable right before the ack */
        conform_trace_line l = {0};
        conform_driver_add_instance(&l, held, o->index, TRACE_SRC_ACK);
        conform_driver_emit(d, &l);
    }
    conform_driver_enter(d, TRACE_CALL_ACK, o->index);
    MI_Result r = ack(&o->op);
    conform_driver_leave(d, TRACE_CALL_ACK, o->index, 1, r);
}

void conform_driver_respond(conform_driver *d, conform_driver_op *o, int answer)
{
    pthread_mutex_lock(&d->lock);
    MI_Result (*respond)(MI_Operation *, MI_OperationCallback_ResponseType) = o->respond;
    o->respond = NULL;
    pthread_mutex_unlock(&d->lock);
    if (respond == NULL) {
        conform_driver_note_text(d, "no response to give", o->index);
        return;
    }
    conform_driver_enter(d, TRACE_CALL_RESPOND, o->index);
    MI_Result r = respond(&o->op, (MI_OperationCallback_ResponseType)answer);
    conform_driver_leave(d, TRACE_CALL_RESPOND, o->index, 1, r);
}

static void MI_CALL on_session_closed(void *ctx)
{
    conform_driver_callback_begin(); /* the driver's code: not the implementation's */
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, conform_trace_now_us(), conform_driver_tid(), TRACE_EV_CALLBACK);
    conform_trace_line_add(&l, TRACE_KEY_CB, TRACE_CB_SESSION_CLOSED);
    conform_trace_line_add(&l, TRACE_KEY_CTX, ctx == the_driver ? TRACE_CTX_OK : TRACE_CTX_BAD);
    conform_trace_line_end(&l);
    conform_driver_emit(the_driver, &l);
    pthread_mutex_lock(&the_driver->lock);
    the_driver->session_close_done++;
    pthread_cond_broadcast(&the_driver->cond);
    pthread_mutex_unlock(&the_driver->lock);
    conform_driver_callback_end();
}

void conform_driver_close_session(conform_driver *d, int async)
{
    const char *name = async ? TRACE_CALL_SESSION_CLOSE_ASYNC : TRACE_CALL_SESSION_CLOSE;
    pthread_mutex_lock(&d->lock);
    d->session_closed = 1;
    pthread_mutex_unlock(&d->lock);
    conform_driver_enter(d, name, 0);
    MI_Result r = async ? MI_Session_Close(&d->session, d, on_session_closed)
                        : MI_Session_Close(&d->session, NULL, NULL);
    conform_driver_leave(d, name, 0, 1, r);
}

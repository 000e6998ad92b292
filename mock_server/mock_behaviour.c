/*
 * mock_behaviour - runs a call's steps. The HTTP layer asks for "what next" (mock_behaviour_next)
 * first from the request handler, then, once the answer has become a chunked stream, from the
 * response's content callback; in both places the connection's own thread runs the steps, and
 * every pause goes through mock_wait so that a client leaving, a Cancel or a stop ends it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "mock_server/mock_int.h"

/* ---------------------------------------------------------------- selection */

static const char *call_value(const wsman_envelope *env, const char *name, char **owned)
{
    *owned = NULL;
    for (size_t i = 0; i < env->n_selectors; i++)
        if (strcasecmp(env->selectors[i].name, name) == 0) return env->selectors[i].value;
    const MI_Instance *in = env->params;
    MI_Uint32 count = 0;
    if (in == NULL || MI_Instance_GetElementCount(in, &count) != MI_RESULT_OK) return NULL;
    for (MI_Uint32 i = 0; i < count; i++) {
        const MI_Char *n = NULL;
        MI_Value v;
        MI_Type t;
        MI_Uint32 f = 0;
        if (MI_Instance_GetElementAt(in, i, &n, &v, &t, &f) != MI_RESULT_OK || n == NULL ||
            strcasecmp(n, name) != 0 || (f & MI_FLAG_NULL) || (t & MI_ARRAY))
            continue;
        char **texts = NULL;
        if (mock_value_texts_of(&v, t, &texts) != 1) return NULL;
        *owned = texts[0];
        free(texts);
        return *owned;
    }
    return NULL;
}

static int when_matches(const mock_behaviour *b, const wsman_envelope *env)
{
    for (size_t i = 0; i < b->n_when; i++) {
        char *owned = NULL;
        const char *v = call_value(env, b->when_names[i], &owned);
        int ok = v != NULL && strcmp(v, b->when_values[i]) == 0;
        free(owned);
        if (!ok) return 0;
    }
    return 1;
}

static const mock_behaviour *select_behaviour(const mock_method *m, const wsman_envelope *env,
                                              unsigned long call)
{
    for (size_t i = 0; i < m->n_behaviours; i++) {
        const mock_behaviour *b = &m->behaviours[i];
        if ((b->call != 0 || b->n_when != 0) && (b->call == 0 || b->call == call) &&
            when_matches(b, env))
            return b;
    }
    for (size_t i = 0; i < m->n_behaviours; i++)
        if (m->behaviours[i].call == 0 && m->behaviours[i].n_when == 0) return &m->behaviours[i];
    return NULL;
}

static unsigned callback_bits(const wsman_envelope *env)
{
    const wsman_option *o = wsman_envelope_option(env, WSMAN_OPTION_CALLBACK_REGISTRATION);
    return o != NULL && o->value != NULL ? (unsigned)strtoul(o->value, NULL, 0) : 0u;
}

mock_run *mock_behaviour_new_run(mock_server *srv, mock_conn *conn, unsigned request,
                                 wsman_envelope *env, const mock_namespace *ns,
                                 const mock_class *cls, const mock_method *method)
{
    mock_run *run = calloc(1, sizeof *run);
    if (run == NULL) return NULL;
    run->srv = srv;
    run->conn = conn;
    run->request = request;
    run->env = env;
    run->ns = ns;
    run->cls = cls;
    run->method = method;
    unsigned long call = atomic_fetch_add(&((mock_method *)method)->calls, 1) + 1;
    run->beh = select_behaviour(method, env, call);
    run->op_id = mock_strdup(env->operation_id);
    run->bits = callback_bits(env);
    run->deadline_us = env->operation_timeout_ms > 0
                           ? (int64_t)(mock_now_us() + (uint64_t)env->operation_timeout_ms * 1000u)
                           : -1;
    run->max_envelope = env->max_envelope_size != 0 ? env->max_envelope_size : srv->fx->max_envelope;
    atomic_init(&run->next_seq, 1);
    run->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    run->collected = calloc(method->n_params + 1, sizeof *run->collected);
    run->n_collected = calloc(method->n_params + 1, sizeof *run->n_collected);
    run->cap_collected = calloc(method->n_params + 1, sizeof *run->cap_collected);
    if (run->wake_fd < 0 || run->collected == NULL || run->n_collected == NULL ||
        run->cap_collected == NULL) {
        run->env = NULL; /* the caller still owns env on failure */
        mock_behaviour_free_run(run);
        return NULL;
    }
    return run;
}

void mock_behaviour_free_run(mock_run *run)
{
    if (run == NULL) return;
    for (size_t i = 0; run->collected && i < run->method->n_params; i++)
        mock_value_free_texts(run->collected[i], run->n_collected[i]);
    free(run->collected);
    free(run->n_collected);
    free(run->cap_collected);
    if (run->wake_fd >= 0) close(run->wake_fd);
    wsman_envelope_free(run->env);
    free(run->op_id);
    free(run->pending);
    free(run->interactive_response);
    free(run);
}

/* ---------------------------------------------------------------- registry */

void mock_behaviour_register(mock_run *run)
{
    mock_server *srv = run->srv;
    pthread_mutex_lock(&srv->runs_mu);
    run->next = srv->runs;
    srv->runs = run;
    for (size_t i = 0; run->op_id && i < srv->n_cancelled; i++)
        if (strcmp(srv->cancelled_ops[i], run->op_id) == 0) atomic_store(&run->cancelled, 1);
    pthread_mutex_unlock(&srv->runs_mu);
}

void mock_behaviour_unregister(mock_run *run)
{
    mock_server *srv = run->srv;
    pthread_mutex_lock(&srv->runs_mu);
    for (mock_run **p = &srv->runs; *p; p = &(*p)->next)
        if (*p == run) { *p = run->next; break; }
    pthread_mutex_unlock(&srv->runs_mu);
}

/* A Cancel that arrives before its operation's request is remembered (bounded list). */
static void remember_cancel(mock_server *srv, const char *op_id)
{
    if (srv->n_cancelled >= 256) return;
    char **grown = realloc(srv->cancelled_ops, (srv->n_cancelled + 1) * sizeof *grown);
    if (grown == NULL) return;
    srv->cancelled_ops = grown;
    if ((grown[srv->n_cancelled] = strdup(op_id)) != NULL) srv->n_cancelled++;
}

int mock_behaviour_cancel(mock_server *srv, const char *op_id)
{
    int reached = 0;
    if (op_id == NULL) return 0;
    pthread_mutex_lock(&srv->runs_mu);
    for (mock_run *r = srv->runs; r; r = r->next)
        if (r->op_id != NULL && strcmp(r->op_id, op_id) == 0) {
            atomic_store(&r->cancelled, 1);
            mock_wait_wake(r);
            reached++;
        }
    if (reached == 0) remember_cancel(srv, op_id);
    pthread_mutex_unlock(&srv->runs_mu);
    return reached;
}

int mock_behaviour_respond(mock_server *srv, const char *op_id, const char *response)
{
    int reached = 0;
    if (op_id == NULL) return 0;
    pthread_mutex_lock(&srv->runs_mu);
    for (mock_run *r = srv->runs; r; r = r->next)
        if (r->op_id != NULL && strcmp(r->op_id, op_id) == 0 && r->interactive_response == NULL) {
            r->interactive_response = strdup(response ? response : "");
            mock_wait_wake(r);
            reached++;
        }
    pthread_mutex_unlock(&srv->runs_mu);
    return reached;
}

void mock_behaviour_wake_all(mock_server *srv)
{
    pthread_mutex_lock(&srv->runs_mu);
    for (mock_run *r = srv->runs; r; r = r->next) mock_wait_wake(r);
    pthread_cond_broadcast(&srv->watchdog_cond);
    pthread_mutex_unlock(&srv->runs_mu);
}

void mock_behaviour_outcome(mock_run *run, int completed, const char *reason)
{
    if (run->outcome_recorded) return;
    run->outcome_recorded = 1;
    mock_journal_note(&run->srv->journal, completed ? MOCK_EV_COMPLETED : MOCK_EV_ABORTED,
                      run->conn->number, run->request, "%s %s", run->method->name, reason);
}

/* Flow control seen from the server: a chunked answer whose next element has waited ~200 ms
 * for the HTTP layer to ask for it means the client stopped reading. */
void *mock_behaviour_watchdog(void *arg)
{
    mock_server *srv = arg;
    pthread_mutex_lock(&srv->runs_mu);
    while (!atomic_load(&srv->stopping)) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += 50 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
        pthread_cond_timedwait(&srv->watchdog_cond, &srv->runs_mu, &ts);
        uint64_t now = mock_now_us();
        /* runs_mu keeps each run alive while we look, but its connection's thread writes the
         * fields read here without that lock: they are atomics (a stale value only delays the
         * BLOCKED note by one round). */
        for (mock_run *r = srv->runs; r; r = r->next) {
            uint64_t handed = atomic_load(&r->handed_us);
            if (!atomic_load(&r->chunked) || atomic_load(&r->ended) || handed == 0 ||
                atomic_load(&r->in_callback) ||
                atomic_load(&r->blocked_reported) || now - handed < 200000u)
                continue;
            atomic_store(&r->blocked_reported, 1);
            mock_journal_note(&srv->journal, MOCK_EV_BLOCKED, r->conn->number, r->request,
                              "%s: next envelope (sequence %lld) not taken for %llu ms",
                              r->method->name, (long long)atomic_load(&r->next_seq),
                              (unsigned long long)((now - handed) / 1000u));
        }
    }
    pthread_mutex_unlock(&srv->runs_mu);
    return NULL;
}

/* ---------------------------------------------------------------- steps */

static void emit_close(mock_run *run, mock_emit *out, const char *reason)
{
    memset(out, 0, sizeof *out);
    out->kind = MOCK_EMIT_CLOSE;
    mock_behaviour_outcome(run, 0, reason);
}

static const char *wait_reason(mock_wait_result w)
{
    switch (w) {
    case MOCK_WAIT_GONE: return "aborted: client disconnected";
    case MOCK_WAIT_CANCELLED: return "aborted: cancelled (MS-WSMV Cancel); connection closed";
    case MOCK_WAIT_STOPPING: return "aborted: server stopping";
    default: return "aborted";
    }
}

static int registered(const mock_run *run, wsman_event_type t)
{
    switch (t) {
    case WSMAN_EVENT_DEBUG: case WSMAN_EVENT_WARNING: case WSMAN_EVENT_VERBOSE:
        return (run->bits & WSMAN_CALLBACK_MESSAGES) != 0;
    case WSMAN_EVENT_PROGRESS: return (run->bits & WSMAN_CALLBACK_PROGRESS) != 0;
    case WSMAN_EVENT_ERROR_ACTION: return (run->bits & WSMAN_CALLBACK_ERRORS) != 0;
    case WSMAN_EVENT_CONFIRM: return (run->bits & WSMAN_CALLBACK_PROMPTS) != 0;
    default: return 0;
    }
}

static void final_answer(mock_run *run, const mock_step *st, mock_emit *out)
{
    if (mock_answer_output(run, st, out) != 0 && out->kind != MOCK_EMIT_FINAL) emit_close(run, out, "aborted: answer not writable");
    else mock_behaviour_outcome(run, 1, out->status == 200 ? "completed: answered" : "completed: fault");
}

/* Waits `ms`, bounded by the OperationTimeout. 1: carry on; 0: *out holds the end. */
static int timed_pause(mock_run *run, unsigned ms, int timeout_applies, mock_emit *out)
{
    int64_t wait_ms = ms;
    int timed_out = 0;
    if (timeout_applies && run->deadline_us >= 0) {
        int64_t left = (run->deadline_us - (int64_t)mock_now_us()) / 1000;
        if (left < wait_ms) { wait_ms = left > 0 ? left : 0; timed_out = 1; }
    }
    uint64_t end = mock_now_us() + (uint64_t)wait_ms * 1000u;
    mock_wait_result w;
    do { /* a late InteractiveResponse wakes us; the pause still runs its full length */
        uint64_t now = mock_now_us();
        w = mock_wait(run, now >= end ? 0 : (int64_t)((end - now) / 1000u));
    } while (w == MOCK_WAIT_WOKEN);
    if (w != MOCK_WAIT_TIMEOUT) { emit_close(run, out, wait_reason(w)); return 0; }
    if (!timed_out) return 1;
    mock_answer_fault(run->srv, run->env, "wsman:TimedOut", NULL, 0, 0,
                      "The operation did not complete within the OperationTimeout.", out);
    mock_behaviour_outcome(run, 1, "completed: OperationTimeout expired, TimedOut sent");
    return 0;
}

static int collect(mock_run *run, const mock_param *p, char **texts, size_t n)
{
    size_t i = (size_t)(p - run->method->params);
    if (run->n_collected[i] + n > run->cap_collected[i]) {
        size_t cap = run->cap_collected[i] ? run->cap_collected[i] * 2 : 16;
        while (cap < run->n_collected[i] + n) cap *= 2;
        char **grown = realloc(run->collected[i], cap * sizeof *grown);
        if (grown == NULL) return -1;
        run->collected[i] = grown;
        run->cap_collected[i] = cap;
    }
    memcpy(run->collected[i] + run->n_collected[i], texts, n * sizeof *texts);
    run->n_collected[i] += n;
    return 0;
}

static char *element_text(const char *pattern, uint64_t i)
{
    const char *at = strstr(pattern, "{i}");
    if (at == NULL) return strdup(pattern);
    return mock_printf("%.*s%llu%s", (int)(at - pattern), pattern, (unsigned long long)i, at + 3);
}

/* One event (or one collected batch) of the current stream step. 1: keep going; 0: *out set. */
static int stream_once(mock_run *run, const mock_step *st, mock_emit *out)
{
    if (st->interval_ms != 0 && !timed_pause(run, st->interval_ms, 0, out)) return 0;
    uint64_t k = run->stream_n - run->stream_i;
    if (k > st->batch) k = st->batch;
    char **texts = calloc((size_t)k, sizeof *texts);
    for (uint64_t j = 0; texts && j < k; j++) texts[j] = element_text(st->pattern, run->stream_i + j + 1);
    run->stream_i += k;
    int streamed = st->param->streamed && (run->bits & WSMAN_CALLBACK_STREAMING) != 0;
    if (texts != NULL && !streamed) {
        if (collect(run, st->param, texts, (size_t)k) == 0) { free(texts); return 1; }
    }
    int64_t seq = atomic_load(&run->next_seq);
    if (st->n_sequence != 0 && run->seq_pos < st->n_sequence) seq = st->sequence[run->seq_pos++];
    if (seq >= atomic_load(&run->next_seq)) atomic_store(&run->next_seq, seq + 1);
    int rc = texts ? mock_answer_stream_event(run, st->param, (const char *const *)texts, (size_t)k,
                                              seq, out) : -1;
    mock_value_free_texts(texts, texts ? (size_t)k : 0);
    if (rc != 0) { emit_close(run, out, "aborted: streamed element not writable"); return 0; }
    return 0;
}

static uint64_t scaled(const mock_server *srv, const mock_step *st)
{
    if (st->n_sequence != 0 || st->count == 0) return st->count;
    double n = (double)st->count * srv->scale + 0.5;
    return n < 1.0 ? 1 : (uint64_t)n;
}

/* Waits for the InteractiveResponse to a Confirm / Inquire. 1: got it; 0: *out holds the end. */
static int await_response(mock_run *run, mock_emit *out)
{
    for (;;) {
        pthread_mutex_lock(&run->srv->runs_mu);
        int got = run->interactive_response != NULL;
        pthread_mutex_unlock(&run->srv->runs_mu);
        if (got) return 1;
        mock_wait_result w = mock_wait(run, -1);
        if (w != MOCK_WAIT_WOKEN) { emit_close(run, out, wait_reason(w)); return 0; }
    }
}

static int drop_answer(mock_run *run, const mock_step *st, mock_emit *out)
{
    if (st->bytes == 0) { emit_close(run, out, "completed: connection dropped"); return 0; }
    mock_emit full;
    if (mock_answer_output(run, NULL, &full) != 0) { emit_close(run, out, "completed: dropped"); return 0; }
    memset(out, 0, sizeof *out);
    out->kind = MOCK_EMIT_CLOSE;
    out->data = full.data;
    out->len = full.len < st->bytes ? full.len : (size_t)st->bytes;
    mock_behaviour_outcome(run, 1, "completed: connection dropped after some bytes");
    return 0;
}

/* Runs one step. 1: go on with the next; 0: *out holds what to send. */
static int run_step(mock_run *run, const mock_step *st, mock_emit *out)
{
    switch (st->kind) {
    case MOCK_STEP_RETURN: final_answer(run, st, out); return 0;
    case MOCK_STEP_STREAM:
        run->in_stream = 1;
        run->stream_i = 0;
        run->stream_n = scaled(run->srv, st);
        run->seq_pos = 0;
        return 1;
    case MOCK_STEP_EVENT:
        if (!registered(run, st->event_type)) return 1;
        if (mock_answer_event(run, st, out) != 0) { emit_close(run, out, "aborted: event not writable"); return 0; }
        run->awaiting = (st->event_type == WSMAN_EVENT_CONFIRM) ||
                        (st->event_type == WSMAN_EVENT_ERROR_ACTION && st->inquire);
        return 0;
    case MOCK_STEP_DELAY: return timed_pause(run, st->ms, 1, out);
    case MOCK_STEP_HANG: {
        mock_wait_result w = mock_wait(run, -1);
        while (w == MOCK_WAIT_WOKEN || w == MOCK_WAIT_TIMEOUT) w = mock_wait(run, -1);
        emit_close(run, out, wait_reason(w));
        return 0;
    }
    case MOCK_STEP_FAULT:
        mock_answer_fault_step(run->srv, run->env, st, out);
        mock_behaviour_outcome(run, 1, "completed: scripted fault");
        return 0;
    case MOCK_STEP_HTTP_STATUS:
        memset(out, 0, sizeof *out);
        out->kind = MOCK_EMIT_FINAL;
        out->status = st->http_code;
        if (st->body != NULL && *st->body != '\0') {
            out->data = strdup(st->body);
            out->len = strlen(st->body);
            out->content_type = st->content_type ? st->content_type : "text/plain";
        }
        out->www_authenticate = st->http_code == 401;
        mock_behaviour_outcome(run, 1, "completed: scripted HTTP status");
        return 0;
    case MOCK_STEP_DROP: return drop_answer(run, st, out);
    case MOCK_STEP_TRUNCATE: run->has_truncate = 1; run->truncate_at = st->bytes; return 1;
    case MOCK_STEP_MALFORMED:
        if (mock_answer_malformed(run, st->malformed, out) != 0) { emit_close(run, out, "aborted: malformed answer not writable"); return 0; }
        mock_behaviour_outcome(run, 1, "completed: malformed answer");
        return 0;
    case MOCK_STEP_SLOW:
        run->slice = st->slice;
        run->pause_ms = st->pause_ms;
        run->slow_pauses = UINT_MAX; /* scripted: as slow as the fixture says */
        return 1;
    }
    return 1;
}

void mock_behaviour_next(mock_run *run, mock_emit *out)
{
    memset(out, 0, sizeof *out);
    if (run->awaiting) {
        run->awaiting = 0;
        if (!await_response(run, out)) return;
    }
    for (;;) {
        if (atomic_load(&run->cancelled) || atomic_load(&run->srv->stopping)) {
            emit_close(run, out, wait_reason(atomic_load(&run->cancelled) ? MOCK_WAIT_CANCELLED
                                                                           : MOCK_WAIT_STOPPING));
            return;
        }
        const mock_step *steps = run->beh ? run->beh->steps : NULL;
        if (run->in_stream) {
            const mock_step *st = &steps[run->step - 1];
            if (run->stream_i >= run->stream_n) { run->in_stream = 0; continue; }
            if (!stream_once(run, st, out)) return;
            continue;
        }
        if (run->beh == NULL || run->step >= run->beh->n_steps) {
            final_answer(run, NULL, out);
            return;
        }
        if (!run_step(run, &steps[run->step++], out)) return;
    }
}

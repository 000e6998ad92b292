/*
 * transport.c - the worker thread and its libcurl multi loop, and the lanes driven by the
 * calling thread (see transport.h for the rules).
 */
#include "reference/transport.h"

#include "reference/mutants.h"
#include "wsman/wsman.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct miref_task {
    void (*fn)(void *);
    void *arg;
    struct miref_task *next;
} miref_task;

struct miref_worker {
    pthread_t thread;
    pthread_mutex_t mu;  /* guards stop, incoming and tasks */
    CURLM *multi;
    int stop;
    miref_xfer *incoming_head, *incoming_tail;
    miref_task *tasks_head, *tasks_tail;
    miref_xfer *active;  /* worker thread only */
};

/* The loop never sleeps longer than this, so a lost wake-up costs at most this much. */
#define MIREF_WORKER_MAX_WAIT_MS 1000

int64_t miref_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int miref_worker_is_current(const miref_worker *w)
{
    return w != NULL && pthread_equal(pthread_self(), w->thread);
}

void miref_worker_wake(miref_worker *w)
{
    curl_multi_wakeup(w->multi);
}

void miref_worker_submit(miref_worker *w, miref_xfer *x)
{
    x->worker = w;
    x->multi = w->multi;
    x->next = x->prev = NULL;
    pthread_mutex_lock(&w->mu);
    if (w->incoming_tail != NULL) w->incoming_tail->next = x;
    else w->incoming_head = x;
    w->incoming_tail = x;
    pthread_mutex_unlock(&w->mu);
    miref_worker_wake(w);
}

int miref_worker_post(miref_worker *w, void (*fn)(void *), void *arg)
{
    miref_task *t = calloc(1, sizeof *t);
    if (t == NULL) return -1;
    t->fn = fn;
    t->arg = arg;
    pthread_mutex_lock(&w->mu);
    if (w->tasks_tail != NULL) w->tasks_tail->next = t;
    else w->tasks_head = t;
    w->tasks_tail = t;
    pthread_mutex_unlock(&w->mu);
    miref_worker_wake(w);
    return 0;
}

/* ---------------------------------------------------------------- one transfer */

static size_t xfer_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    miref_xfer *x = userdata;
    if (x->http_status == 0) curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->http_status);
    size_t r = x->ops->on_body(x, ptr, size * nmemb);
    if (r == CURL_WRITEFUNC_PAUSE) x->paused = 1;
    return r;
}

static void active_link(miref_worker *w, miref_xfer *x)
{
    x->prev = NULL;
    x->next = w->active;
    if (w->active != NULL) w->active->prev = x;
    w->active = x;
}

static void active_unlink(miref_worker *w, miref_xfer *x)
{
    if (x->prev != NULL) x->prev->next = x->next;
    else w->active = x->next;
    if (x->next != NULL) x->next->prev = x->prev;
    x->next = x->prev = NULL;
}

/* What differs between two transfers of one endpoint. */
static void xfer_configure_own(miref_xfer *x)
{
    CURL *e = x->easy;
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, x->body);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->body_len);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(e, CURLOPT_PRIVATE, x);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
}

static int xfer_configure(miref_xfer *x)
{
    const miref_endpoint *ep = x->endpoint;
    /* A lane keeps its connection in its own multi handle: libcurl does not support one
     * connection cache (the share) used from several threads. */
    CURLSH *share = x->worker != NULL ? ep->share : NULL;
    CURL *e = x->easy;
    const char *ctype = "Content-Type: " WSMAN_CONTENT_TYPE;
#ifdef MIREF_MUTANT_WIRE_CONTENT_TYPE
    ctype = "Content-Type: application/xml"; /* mutant: not a SOAP 1.2 media type */
#endif
    struct curl_slist *h = curl_slist_append(NULL, ctype);
    if (h == NULL) return -1;
    /* No "Expect: 100-continue" round trip for large bodies: the server answers at once.
     * A failed append returns NULL and leaves the list as it was: it is still ours to free. */
    struct curl_slist *more = curl_slist_append(h, "Expect:");
    if (more == NULL) {
        curl_slist_free_all(h);
        return -1;
    }
    x->headers = h = more;
    curl_easy_setopt(e, CURLOPT_URL, ep->url);
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, xfer_write_cb);
    xfer_configure_own(x);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "miref/1 (MI reference client)");
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, ep->connect_timeout_ms);
    if (share != NULL) curl_easy_setopt(e, CURLOPT_SHARE, share);
    if (ep->user != NULL) {
        /* Basic on the first request (no 401 round trip), as OMI's libmi does. */
        curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(e, CURLOPT_USERNAME, ep->user);
        curl_easy_setopt(e, CURLOPT_PASSWORD, ep->password != NULL ? ep->password : "");
    }
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, ep->verify_peer ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, ep->verify_host ? 2L : 0L);
    if (ep->ca_path != NULL) curl_easy_setopt(e, CURLOPT_CAPATH, ep->ca_path);
    if (ep->ca_file != NULL) curl_easy_setopt(e, CURLOPT_CAINFO, ep->ca_file);
    return 0;
}

/* Keeps the handle of a transfer that ended cleanly for the next one in the same place (init
 * and configuration are a tenth of a small exchange's client cost); any other ends here. */
static void xfer_release_easy(miref_xfer *x, CURLcode code)
{
    miref_easy_slot *idle = x->idle;
    if (code == CURLE_OK && !x->paused && idle != NULL && idle->easy == NULL) {
        /* Nothing may point into the transfer once it is gone. */
        curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, NULL);
        curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, NULL);
        curl_easy_setopt(x->easy, CURLOPT_PRIVATE, NULL);
        curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, NULL);
        idle->easy = x->easy;
        idle->headers = x->headers;
        x->headers = NULL;
    } else {
        curl_easy_cleanup(x->easy);
    }
    x->easy = NULL;
}

static void xfer_finish(miref_xfer *x, CURLcode code)
{
    if (x->easy != NULL) {
        if (x->http_status == 0)
            curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->http_status);
        if (x->active) curl_multi_remove_handle(x->multi, x->easy);
        xfer_release_easy(x, code);
    }
    if (x->active && x->worker != NULL) active_unlink(x->worker, x);
    x->active = 0;
    x->ended = 1;
    curl_slist_free_all(x->headers);
    x->headers = NULL;
    x->ops->on_done(x, code);
}

/* The idle handle of where x runs, set up for x, or a new one configured from scratch. */
static int xfer_take_easy(miref_xfer *x)
{
    miref_easy_slot *idle = x->idle;
    if (idle != NULL && idle->easy != NULL) {
        x->easy = idle->easy;
        x->headers = idle->headers;
        idle->easy = NULL;
        idle->headers = NULL;
        xfer_configure_own(x);
        return 0;
    }
    x->easy = curl_easy_init();
    return x->easy != NULL ? xfer_configure(x) : -1;
}

void miref_easy_slot_release(miref_easy_slot *slot)
{
    if (slot->easy != NULL) curl_easy_cleanup(slot->easy);
    curl_slist_free_all(slot->headers);
    slot->easy = NULL;
    slot->headers = NULL;
}

/* Into x->multi; 0, or -1 after on_done was called with the reason. */
static int xfer_start(miref_xfer *x, int stopping)
{
    x->http_status = 0;
    x->errbuf[0] = '\0';
    x->ended = 0;
    if (stopping) {
        xfer_finish(x, CURLE_ABORTED_BY_CALLBACK);
        return -1;
    }
    if (xfer_take_easy(x) != 0) {
        xfer_finish(x, CURLE_OUT_OF_MEMORY);
        return -1;
    }
    if (curl_multi_add_handle(x->multi, x->easy) != CURLM_OK) {
        xfer_finish(x, CURLE_FAILED_INIT);
        return -1;
    }
    x->active = 1;
    return 0;
}

void miref_xfer_abort(miref_xfer *x, CURLcode code)
{
    if (x->multi != NULL && !x->ended) xfer_finish(x, code);
}

void miref_xfer_resume(miref_xfer *x)
{
    if (x->easy == NULL || !x->paused) return;
    x->paused = 0; /* before the call: libcurl may deliver (and we may pause again) inside it */
    curl_easy_pause(x->easy, CURLPAUSE_CONT);
}

void miref_xfer_free(miref_xfer *x)
{
    if (x == NULL) return;
    curl_slist_free_all(x->headers);
    x->headers = NULL;
    free(x->body);
    x->body = NULL;
}

/* ---------------------------------------------------------------- the loop */

static void run_tasks(miref_task *t)
{
    while (t != NULL) {
        miref_task *next = t->next;
        t->fn(t->arg);
        free(t);
        t = next;
    }
}

/* Takes what other threads queued. Returns the stop flag. */
static int take_queued(miref_worker *w, miref_xfer **xfers, miref_task **tasks)
{
    pthread_mutex_lock(&w->mu);
    *xfers = w->incoming_head;
    *tasks = w->tasks_head;
    w->incoming_head = w->incoming_tail = NULL;
    w->tasks_head = w->tasks_tail = NULL;
    int stop = w->stop;
    pthread_mutex_unlock(&w->mu);
    return stop;
}

/* Lets x's owner look at what was asked of it; `wait`, shortened to the owner's own. */
static long xfer_tick(miref_xfer *x, long wait)
{
    long t = x->ops->on_tick != NULL ? x->ops->on_tick(x) : -1;
    return t >= 0 && t < wait ? t : wait;
}

static long tick_all(miref_worker *w)
{
    long wait = MIREF_WORKER_MAX_WAIT_MS;
    miref_xfer *x = w->active;
    while (x != NULL) {
        miref_xfer *next = x->next; /* on_tick may finish (and free) x */
        wait = xfer_tick(x, wait);
        x = next;
    }
    return wait;
}

static void read_done(CURLM *multi)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE) continue;
        miref_xfer *x = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        if (x != NULL) xfer_finish(x, msg->data.result);
    }
}

/* One turn of a multi handle: progress, the ended transfers, then how long the poll may wait
 * (the owners' wait, shortened to libcurl's own timer). */
static long multi_turn(CURLM *multi, long wait)
{
    int running = 0;
    curl_multi_perform(multi, &running);
    read_done(multi);
    long curl_wait = -1;
    curl_multi_timeout(multi, &curl_wait);
    return curl_wait >= 0 && curl_wait < wait ? curl_wait : wait;
}

static void *worker_main(void *arg)
{
    miref_worker *w = arg;
    for (;;) {
        miref_xfer *in;
        miref_task *tasks;
        int stop = take_queued(w, &in, &tasks);
        while (in != NULL) {
            miref_xfer *next = in->next;
            if (xfer_start(in, stop) == 0) active_link(w, in);
            in = next;
        }
        run_tasks(tasks);
        if (stop) {
            while (w->active != NULL) xfer_finish(w->active, CURLE_ABORTED_BY_CALLBACK);
            pthread_mutex_lock(&w->mu);
            int idle = w->incoming_head == NULL && w->tasks_head == NULL;
            pthread_mutex_unlock(&w->mu);
            if (idle) break;
            continue;
        }
        long wait = multi_turn(w->multi, tick_all(w));
        curl_multi_poll(w->multi, NULL, 0, (int)wait, NULL);
    }
    return NULL;
}

int miref_worker_new(miref_worker **out)
{
    *out = NULL;
    miref_worker *w = calloc(1, sizeof *w);
    if (w == NULL) return -1;
    if (pthread_mutex_init(&w->mu, NULL) != 0) {
        free(w);
        return -1;
    }
    w->multi = curl_multi_init();
    if (w->multi == NULL || pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        if (w->multi != NULL) curl_multi_cleanup(w->multi);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return -1;
    }
    *out = w;
    return 0;
}

void miref_worker_free(miref_worker *w)
{
    if (w == NULL) return;
    pthread_mutex_lock(&w->mu);
    w->stop = 1;
    pthread_mutex_unlock(&w->mu);
    miref_worker_wake(w);
    pthread_join(w->thread, NULL);
    curl_multi_cleanup(w->multi);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

/* ---------------------------------------------------------------- lanes */

struct miref_lane {
    CURLM *multi;
    miref_easy_slot idle;
    wsman_parser_cache parser; /* lent to the thread driving the lane, for the answer */
};

miref_lane *miref_lane_new(void)
{
    miref_lane *l = calloc(1, sizeof *l);
    if (l == NULL) return NULL;
    l->multi = curl_multi_init();
    if (l->multi == NULL) {
        free(l);
        return NULL;
    }
    return l;
}

void miref_lane_free(miref_lane *l)
{
    if (l == NULL) return;
    miref_easy_slot_release(&l->idle);
    wsman_parser_cache_clear(&l->parser);
    curl_multi_cleanup(l->multi);
    free(l);
}

void miref_lane_wake(miref_lane *l)
{
    curl_multi_wakeup(l->multi);
}

/* How long Invoke goes on sending a request the lane could not send at once (a connection is
 * being made): long enough for a near server, short enough that Invoke never waits on a far
 * one; GetInstance carries on from where it stopped. */
#define MIREF_LANE_SEND_WAIT_MS 100

/* The whole request is out (libcurl's counters start again with each transfer). */
static int xfer_sent(const miref_xfer *x)
{
    long request = 0;
    curl_off_t body = 0;
    curl_easy_getinfo(x->easy, CURLINFO_REQUEST_SIZE, &request);
    curl_easy_getinfo(x->easy, CURLINFO_SIZE_UPLOAD_T, &body);
    return request > 0 && body >= (curl_off_t)x->body_len;
}

void miref_lane_start(miref_lane *l, miref_xfer *x)
{
    x->worker = NULL;
    x->multi = l->multi;
    x->idle = &l->idle;
    if (xfer_start(x, 0) != 0) return;
    wsman_parser_cache_lend(&l->parser); /* an answer may be complete already */
    int64_t until = miref_now_ms() + MIREF_LANE_SEND_WAIT_MS;
    for (;;) {
        long wait = multi_turn(l->multi, MIREF_LANE_SEND_WAIT_MS);
        if (x->ended || xfer_sent(x)) break;
        int64_t left = until - miref_now_ms();
        if (left <= 0) break;
        curl_multi_poll(l->multi, NULL, 0, (int)(wait < left ? wait : left), NULL);
    }
    wsman_parser_cache_lend(NULL);
}

void miref_lane_drive(miref_lane *l, miref_xfer *x)
{
    wsman_parser_cache_lend(&l->parser);
    while (!x->ended) {
        long wait = xfer_tick(x, MIREF_WORKER_MAX_WAIT_MS);
        if (x->ended) break;
        wait = multi_turn(l->multi, wait);
        if (x->ended) break;
        curl_multi_poll(l->multi, NULL, 0, (int)wait, NULL);
    }
    wsman_parser_cache_lend(NULL);
}

/* ---------------------------------------------------------------- one-way messages */

typedef struct miref_oneway {
    miref_xfer xfer;
    void (*done)(void *);
    void *arg;
} miref_oneway;

static size_t oneway_body(miref_xfer *x, const char *data, size_t len)
{
    (void)x;
    (void)data;
    return len; /* the answer to Cancel/End/InteractiveResponse carries nothing we need */
}

static void oneway_done(miref_xfer *x, CURLcode code)
{
    (void)code;
    miref_oneway *o = (miref_oneway *)x;
    miref_xfer_free(x);
    if (o->done != NULL) o->done(o->arg);
    free(o);
}

static const miref_xfer_ops oneway_ops = {oneway_body, oneway_done, NULL};

void miref_transport_post_oneway(miref_worker *w, miref_endpoint *ep, char *body,
                                 size_t len, void (*done)(void *), void *arg)
{
    miref_oneway *o = calloc(1, sizeof *o);
    if (o == NULL) {
        free(body);
        if (done != NULL) miref_worker_post(w, done, arg);
        return;
    }
    o->xfer.ops = &oneway_ops;
    o->xfer.owner = o;
    o->xfer.endpoint = ep;
    o->xfer.idle = &ep->idle;
    o->xfer.body = body;
    o->xfer.body_len = len;
    o->done = done;
    o->arg = arg;
    miref_worker_submit(w, &o->xfer);
}

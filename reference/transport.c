/*
 * transport.c - the worker thread and its libcurl multi loop (see transport.h for the rules).
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
    x->active = 1;
}

static void active_unlink(miref_worker *w, miref_xfer *x)
{
    if (x->prev != NULL) x->prev->next = x->next;
    else w->active = x->next;
    if (x->next != NULL) x->next->prev = x->prev;
    x->next = x->prev = NULL;
    x->active = 0;
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
    if (ep->share != NULL) curl_easy_setopt(e, CURLOPT_SHARE, ep->share);
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

/* Keeps the handle of a transfer that ended cleanly for the endpoint's next one (init and
 * configuration are a tenth of a small exchange's client cost); any other ends here. */
static void xfer_release_easy(miref_xfer *x, CURLcode code)
{
    miref_endpoint *ep = x->endpoint;
    if (code == CURLE_OK && !x->paused && ep != NULL && ep->idle_easy == NULL) {
        /* Nothing may point into the transfer once it is gone. */
        curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, NULL);
        curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, NULL);
        curl_easy_setopt(x->easy, CURLOPT_PRIVATE, NULL);
        curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, NULL);
        ep->idle_easy = x->easy;
        ep->idle_headers = x->headers;
        x->headers = NULL;
    } else {
        curl_easy_cleanup(x->easy);
    }
    x->easy = NULL;
}

static void xfer_finish(miref_worker *w, miref_xfer *x, CURLcode code)
{
    if (x->easy != NULL) {
        if (x->http_status == 0)
            curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->http_status);
        if (x->active) curl_multi_remove_handle(w->multi, x->easy);
        xfer_release_easy(x, code);
    }
    if (x->active) active_unlink(w, x);
    curl_slist_free_all(x->headers);
    x->headers = NULL;
    x->ops->on_done(x, code);
}

/* The endpoint's idle handle, set up for x, or a new one configured from scratch. */
static int xfer_take_easy(miref_xfer *x)
{
    miref_endpoint *ep = x->endpoint;
    if (ep != NULL && ep->idle_easy != NULL) {
        x->easy = ep->idle_easy;
        x->headers = ep->idle_headers;
        ep->idle_easy = NULL;
        ep->idle_headers = NULL;
        xfer_configure_own(x);
        return 0;
    }
    x->easy = curl_easy_init();
    return x->easy != NULL ? xfer_configure(x) : -1;
}

void miref_endpoint_release_idle(miref_endpoint *ep)
{
    if (ep->idle_easy != NULL) curl_easy_cleanup(ep->idle_easy);
    curl_slist_free_all(ep->idle_headers);
    ep->idle_easy = NULL;
    ep->idle_headers = NULL;
}

static void xfer_start(miref_worker *w, miref_xfer *x, int stopping)
{
    x->http_status = 0;
    x->errbuf[0] = '\0';
    if (stopping) {
        xfer_finish(w, x, CURLE_ABORTED_BY_CALLBACK);
        return;
    }
    if (xfer_take_easy(x) != 0) {
        xfer_finish(w, x, CURLE_OUT_OF_MEMORY);
        return;
    }
    if (curl_multi_add_handle(w->multi, x->easy) != CURLM_OK) {
        xfer_finish(w, x, CURLE_FAILED_INIT);
        return;
    }
    active_link(w, x);
}

void miref_xfer_abort(miref_xfer *x, CURLcode code)
{
    if (x->worker != NULL) xfer_finish(x->worker, x, code);
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

static long tick_all(miref_worker *w)
{
    long wait = MIREF_WORKER_MAX_WAIT_MS;
    miref_xfer *x = w->active;
    while (x != NULL) {
        miref_xfer *next = x->next; /* on_tick may finish (and free) x */
        long t = x->ops->on_tick != NULL ? x->ops->on_tick(x) : -1;
        if (t >= 0 && t < wait) wait = t;
        x = next;
    }
    return wait;
}

static void read_done(miref_worker *w)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(w->multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE) continue;
        miref_xfer *x = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        if (x != NULL) xfer_finish(w, x, msg->data.result);
    }
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
            xfer_start(w, in, stop);
            in = next;
        }
        run_tasks(tasks);
        if (stop) {
            while (w->active != NULL) xfer_finish(w, w->active, CURLE_ABORTED_BY_CALLBACK);
            pthread_mutex_lock(&w->mu);
            int idle = w->incoming_head == NULL && w->tasks_head == NULL;
            pthread_mutex_unlock(&w->mu);
            if (idle) break;
            continue;
        }
        long wait = tick_all(w);
        int running = 0;
        curl_multi_perform(w->multi, &running);
        read_done(w);
        long curl_wait = -1;
        curl_multi_timeout(w->multi, &curl_wait);
        if (curl_wait >= 0 && curl_wait < wait) wait = curl_wait;
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
    o->xfer.body = body;
    o->xfer.body_len = len;
    o->done = done;
    o->arg = arg;
    miref_worker_submit(w, &o->xfer);
}

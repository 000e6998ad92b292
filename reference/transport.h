/*
 * transport - where HTTP exchanges run (DESIGN.md "Threading").
 *
 * The worker: one thread per MI_Application runs a libcurl multi loop for every exchange that
 * is not in a lane. Every callback of the MI API runs on it.
 * A lane: one per session, a multi handle of its own with its own connection, for one exchange
 * at a time with no callbacks at all (a synchronous Invoke without event callbacks). The thread
 * that blocks for the result drives it (GetInstance), so the common synchronous call crosses
 * no thread: the two hand-overs to and from the worker cost about as much as the whole HTTP
 * exchange on a two-core machine (bench/README.md "Speed").
 *
 * Rules that keep it race-free:
 *  - an easy handle is created, configured, paused, resumed, removed and freed only by the
 *    thread driving its multi handle: the worker thread, or the one holding the lane (so the
 *    worker's connection cache, the session's CURLSH, is only ever touched by the worker, and a
 *    lane's by one thread at a time);
 *  - other threads hand work over with miref_worker_submit / miref_worker_post and say "look
 *    again" with miref_worker_wake or miref_lane_wake (curl_multi_wakeup);
 *  - a transfer's owner learns what happened through its ops table, on the driving thread.
 */
#ifndef MIREF_TRANSPORT_H
#define MIREF_TRANSPORT_H

#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>

typedef struct miref_worker miref_worker;
typedef struct miref_lane miref_lane;
typedef struct miref_xfer miref_xfer;

/* The easy handle of a multi handle's last clean transfer, configured for the endpoint, with
 * its header list: the next transfer there sets only its own options. */
typedef struct miref_easy_slot {
    CURL *easy;
    struct curl_slist *headers;
} miref_easy_slot;

/* Where and how to talk HTTP; immutable once a session is open. */
typedef struct miref_endpoint {
    char *url;            /* http(s)://host:port/prefix */
    char *user, *password;/* Basic credentials, NULL when none */
    int verify_peer;      /* CERT_CA_CHECK */
    int verify_host;      /* CERT_CN_CHECK */
    char *ca_path;        /* TRUSTED_CERTS_DIR, NULL: libcurl's default */
    char *ca_file;        /* CERT_FILE, NULL: libcurl's default */
    long connect_timeout_ms;
    CURLSH *share;        /* the worker's connection cache for the session (keep-alive) */
    /* Worker thread only: the session's last clean handle on the worker. Freed with
     * miref_easy_slot_release before the share. */
    miref_easy_slot idle;
} miref_endpoint;

typedef struct miref_xfer_ops {
    /* Body bytes arrived. Return len to consume them or CURL_WRITEFUNC_PAUSE to have libcurl
     * keep them and deliver them again after miref_xfer_resume. */
    size_t (*on_body)(miref_xfer *x, const char *data, size_t len);
    /* The exchange ended (CURLE_OK, a libcurl error, or the code given to miref_xfer_abort).
     * The easy handle is out of the multi handle; the owner frees the transfer (miref_xfer_free)
     * now or later. */
    void (*on_done)(miref_xfer *x, CURLcode code);
    /* Called on every turn of the loop while the transfer is active: the owner looks at what
     * other threads asked for (cancel, ack) and at its deadline. Returns the milliseconds until
     * it needs to be called again, or -1 for "only when woken". May call miref_xfer_abort. */
    long (*on_tick)(miref_xfer *x);
} miref_xfer_ops;

struct miref_xfer {
    const miref_xfer_ops *ops;
    void *owner;
    const miref_endpoint *endpoint;
    char *body;           /* request body (owned, freed with the transfer) */
    size_t body_len;
    long http_status;     /* filled before the first on_body and before on_done */
    char errbuf[CURL_ERROR_SIZE];
    /* private to the driving thread */
    CURL *easy;
    struct curl_slist *headers;
    CURLM *multi;         /* where it runs: the worker's or a lane's */
    miref_worker *worker; /* NULL in a lane */
    miref_easy_slot *idle; /* where its handle goes when it ends cleanly (NULL: freed) */
    miref_xfer *next, *prev;
    int active;           /* in the multi handle */
    int paused;
    int ended;            /* on_done was called */
};

/* Frees the slot's easy handle; when no transfer can take it any more. */
void miref_easy_slot_release(miref_easy_slot *slot);

/* Starts the worker thread. 0 or -1. */
int miref_worker_new(miref_worker **out);
/* Aborts whatever is still running (on_done with CURLE_ABORTED_BY_CALLBACK), runs the posted
 * tasks, joins the thread and frees. Must not be called on the worker thread. */
void miref_worker_free(miref_worker *w);

/* Hands a transfer over (any thread). x->idle, set by the caller, is the worker's slot for the
 * endpoint (the endpoint's idle), or NULL to free the handle at the end. On failure to even
 * start, on_done is called with an error code on the worker thread as for any other failure. */
void miref_worker_submit(miref_worker *w, miref_xfer *x);
/* Runs fn(arg) on the worker thread soon (any thread). 0, or -1 when out of memory. */
int miref_worker_post(miref_worker *w, void (*fn)(void *), void *arg);
/* Makes the loop call every on_tick again soon (any thread). */
void miref_worker_wake(miref_worker *w);
/* Non-zero when called on w's thread. */
int miref_worker_is_current(const miref_worker *w);

/* Creates a session's lane (no thread; its multi handle). NULL when out of memory. */
miref_lane *miref_lane_new(void);
/* When no transfer of it can run any more. */
void miref_lane_free(miref_lane *l);
/* The calling thread starts x in the lane and takes it as far as it goes without waiting (on
 * a kept-alive connection the request is sent). On failure to start, on_done is called with an
 * error code before this returns, as it may be for a transfer that ended at once. */
void miref_lane_start(miref_lane *l, miref_xfer *x);
/* The calling thread drives x until on_done has run. One thread at a time per lane. */
void miref_lane_drive(miref_lane *l, miref_xfer *x);
/* Makes the lane's driver call on_tick again soon (any thread). */
void miref_lane_wake(miref_lane *l);

/* Driving thread only: stop an active transfer now; on_done(code) follows before this returns. */
void miref_xfer_abort(miref_xfer *x, CURLcode code);
/* Driving thread only: un-pause a transfer whose on_body returned CURL_WRITEFUNC_PAUSE. */
void miref_xfer_resume(miref_xfer *x);
/* Frees the transfer's body and headers (the easy handle is gone after on_done). */
void miref_xfer_free(miref_xfer *x);

/* Monotonic milliseconds. */
int64_t miref_now_ms(void);

/* Fire-and-forget POST of `body` (owned) to the endpoint on the worker (MS-WSMV Cancel, End,
 * InteractiveResponse): whatever comes back is ignored. `done(arg)` runs on the worker once it
 * finished (may be NULL). */
void miref_transport_post_oneway(miref_worker *w, miref_endpoint *ep, char *body,
                                 size_t len, void (*done)(void *), void *arg);

#endif

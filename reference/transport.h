/*
 * transport - the libcurl multi worker: one thread per MI_Application runs every HTTP exchange
 * of that application (DESIGN.md "Threading"). Operations are small state machines driven from
 * here; every callback of the MI API runs on this thread.
 *
 * Rules that keep it race-free:
 *  - easy handles are created, configured, paused, resumed, removed and freed only on the worker
 *    thread (so a session's connection cache, a CURLSH, is only ever touched by it);
 *  - other threads hand work over with miref_worker_submit / miref_worker_post and say "look
 *    again" with miref_worker_wake (curl_multi_wakeup);
 *  - a transfer's owner learns what happened through its ops table, always on the worker thread.
 */
#ifndef MIREF_TRANSPORT_H
#define MIREF_TRANSPORT_H

#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>

typedef struct miref_worker miref_worker;
typedef struct miref_xfer miref_xfer;

/* Where and how to talk HTTP; immutable once a session is open. */
typedef struct miref_endpoint {
    char *url;            /* http(s)://host:port/prefix */
    char *user, *password;/* Basic credentials, NULL when none */
    int verify_peer;      /* CERT_CA_CHECK */
    int verify_host;      /* CERT_CN_CHECK */
    char *ca_path;        /* TRUSTED_CERTS_DIR, NULL: libcurl's default */
    char *ca_file;        /* CERT_FILE, NULL: libcurl's default */
    long connect_timeout_ms;
    CURLSH *share;        /* the session's connection cache (keep-alive per session) */
    /* Worker thread only: the easy handle of the session's last clean transfer, configured
     * for this endpoint, with its header list; the next transfer sets only its own options.
     * Freed with miref_endpoint_release_idle before the share. */
    CURL *idle_easy;
    struct curl_slist *idle_headers;
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
    miref_endpoint *endpoint; /* read-only but for its worker-owned idle slot */
    char *body;           /* request body (owned, freed with the transfer) */
    size_t body_len;
    long http_status;     /* filled before the first on_body and before on_done */
    char errbuf[CURL_ERROR_SIZE];
    /* worker-private */
    CURL *easy;
    struct curl_slist *headers;
    miref_worker *worker;
    miref_xfer *next, *prev;
    int active;           /* in the multi handle */
    int paused;
};

/* Frees the endpoint's idle easy handle; when no transfer of it can run any more. */
void miref_endpoint_release_idle(miref_endpoint *ep);

/* Starts the worker thread. 0 or -1. */
int miref_worker_new(miref_worker **out);
/* Aborts whatever is still running (on_done with CURLE_ABORTED_BY_CALLBACK), runs the posted
 * tasks, joins the thread and frees. Must not be called on the worker thread. */
void miref_worker_free(miref_worker *w);

/* Hands a transfer over (any thread). On failure to even start, on_done is called with an
 * error code on the worker thread as for any other failure. */
void miref_worker_submit(miref_worker *w, miref_xfer *x);
/* Runs fn(arg) on the worker thread soon (any thread). 0, or -1 when out of memory. */
int miref_worker_post(miref_worker *w, void (*fn)(void *), void *arg);
/* Makes the loop call every on_tick again soon (any thread). */
void miref_worker_wake(miref_worker *w);
/* Non-zero when called on w's thread. */
int miref_worker_is_current(const miref_worker *w);

/* Worker thread only: stop an active transfer now; on_done(code) follows before this returns. */
void miref_xfer_abort(miref_xfer *x, CURLcode code);
/* Worker thread only: un-pause a transfer whose on_body returned CURL_WRITEFUNC_PAUSE. */
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

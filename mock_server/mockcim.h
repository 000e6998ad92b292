/*
 * mockcim - a scriptable WS-Management CIM server on libmicrohttpd.
 *
 * Embedded by the harness (one server per case) and by the tests, and run on its own as
 * mi-mock-server. A fixture (an XML file under fixtures/, described by fixtures/fixture.xsd) scripts classes, instances,
 * methods and, per method, the behaviour: return, stream, event, delay, hang, fault,
 * http-status, drop, truncate, malformed, slow. Every connection and request is recorded in a
 * journal that tests can wait on and read.
 *
 * Thread-safety: every function may be called from any thread while the server runs.
 */
#ifndef MOCKCIM_H
#define MOCKCIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wsman/wsman.h"

typedef struct mock_server mock_server;

typedef struct mock_config {
    const char *fixture_path; /* required */
    const char *bind_address; /* NULL: "127.0.0.1" */
    unsigned port;            /* 0: ephemeral */
    const char *path;         /* NULL: "/wsman" (and "/wsman/" is accepted too) */
    const char *cert_file;    /* both set: HTTPS */
    const char *key_file;
    const char *user;         /* "user:password"; NULL: the fixture's users, if any */
    size_t max_request_bytes; /* 0: 4 MiB; larger requests get HTTP 413 */
    double scale;             /* multiplies stream lengths the fixture declares; 0: 1.0 */
    int net_inject;           /* non-zero: perturb answers at random (fault-injection runs) */
    uint64_t net_seed;        /* the seed for net_inject; reproducible */
    size_t journal_max_events;/* 0: unlimited; else later events are counted, not kept
                                 (long benchmarks) */
} mock_config;

/* Loads and checks a fixture as mock_server_start would, without serving it: 0, or -1 with
 * "file:line: problem" in errbuf (a runner checks every fixture before its first case). */
int mock_fixture_check(const char *path, char *errbuf, size_t errlen);

/* Loads and validates the fixture (errors name file, line and problem in errbuf), binds and
 * starts serving. Returns 0, or -1 with errbuf filled. */
int mock_server_start(const mock_config *config, mock_server **out, char *errbuf,
                      size_t errlen);

/* Stops serving, aborts running behaviours, closes every connection, frees everything. */
void mock_server_stop(mock_server *server);

/* "http://127.0.0.1:PORT/wsman" (https when TLS). Valid until stop. */
const char *mock_server_url(const mock_server *server);
unsigned mock_server_port(const mock_server *server);

/* ---------------------------------------------------------------- journal */

typedef enum mock_event_kind {
    MOCK_EV_CONNECT,              /* a TCP connection was accepted */
    MOCK_EV_REQUEST,              /* a whole request arrived (headers, body, parsed call) */
    MOCK_EV_RESPONSE,             /* an answer (or a part of a streamed one) was sent */
    MOCK_EV_DISCONNECT,           /* the client closed its connection */
    MOCK_EV_CANCEL,               /* an MS-WSMV Cancel message arrived */
    MOCK_EV_END,                  /* an MS-WSMV End message arrived */
    MOCK_EV_INTERACTIVE_RESPONSE, /* an InteractiveResponse arrived */
    MOCK_EV_ABORTED,              /* a behaviour stopped early (client gone, cancel, shutdown) */
    MOCK_EV_BLOCKED,              /* a streamed answer could not be written: the client is not
                                     reading (flow control seen from the server) */
    MOCK_EV_COMPLETED             /* a behaviour ran to its end */
} mock_event_kind;

/* "REQUEST" as transcripts print it; "request" as case tables and the harness name it. */
const char *mock_event_kind_name(mock_event_kind kind);
const char *mock_event_kind_slug(mock_event_kind kind);
/* The kind named by a slug, or -1. */
int mock_event_kind_parse(const char *slug);

typedef struct mock_header {
    char *name;
    char *value; /* Authorization values are stored redacted */
} mock_header;

/* One journal entry. Strings are NULL where they do not apply. */
typedef struct mock_event {
    mock_event_kind kind;
    uint64_t t_us;          /* monotonic microseconds since the server started */
    unsigned connection;    /* connection number, 1-based */
    unsigned request;       /* request number, 1-based, for request-related events */
    /* REQUEST */
    char *http_method, *path;
    mock_header *headers;
    size_t n_headers;
    char *body;             /* raw request body (passwords redacted) */
    size_t body_len;
    char *method, *class_name, *namespace_name, *operation_id;
    /* RESPONSE */
    int http_status;
    size_t bytes_sent;
    /* free text: the behaviour step, the fault sent, the reason of an abort... */
    char *detail;
} mock_event;

/* Number of journal entries so far. */
size_t mock_journal_count(mock_server *server);

/* A deep copy of entry `index` into *out (free with mock_event_clear). Returns 0, or -1 when
 * the index is out of range. */
int mock_journal_get(mock_server *server, size_t index, mock_event *out);
void mock_event_clear(mock_event *event);

/* Waits until an entry of `kind` with index >= `from` exists, at most timeout_ms.
 * Returns its index, or -1 on timeout. */
long mock_journal_wait(mock_server *server, mock_event_kind kind, size_t from, int timeout_ms);

/* The journal as a readable transcript (secrets redacted); malloc'd. */
char *mock_journal_transcript(mock_server *server);
/* The same, keeping about `keep` bytes: the first events and the last ones, with a line saying
 * how many were left out between (0: everything). A 10,000-request soak row's journal stays a
 * readable size, and its runner's memory bounded. */
char *mock_journal_transcript_cut(mock_server *server, size_t keep);
/* Moves the journal's events out (the caller frees each with mock_event_clear, then the array);
 * the journal is empty after. For judging a finished case without copying its journal. */
mock_event *mock_journal_take(mock_server *server, size_t *n);

/* Writes the transcript to a file (the daemon's --journal). Returns 0 or -1. */
int mock_journal_write(mock_server *server, FILE *out);

#endif

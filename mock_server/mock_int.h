/*
 * mock_int.h - what the mock server's files share; not part of the API (mockcim.h is).
 *
 * Modules and their prefixes:
 *   mock_fixture_   fixture model, loading, XSD and semantic validation   (mock_fixture*.c)
 *   mock_journal_   the event journal and its redaction                    (mock_journal.c)
 *   mock_http_      libmicrohttpd callbacks: limits, auth, answers         (mock_http.c)
 *   mock_call_      validation of an Invoke request against the fixture    (mock_call.c)
 *   mock_behaviour_ the step engine that runs a call                       (mock_behaviour.c)
 *   mock_answer_    envelopes the server sends, built with the codec       (mock_answer.c)
 *   mock_value_     CIM values from fixture text                           (mock_value.c)
 *   mock_wait_      interruptible waits on a connection                    (mock_wait.c)
 *   mock_net_       reproducible perturbation of answers (net injection)   (mock_net.c)
 */
#ifndef MOCK_INT_H
#define MOCK_INT_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "mock_server/mockcim.h"
#include "wsman/wsman.h"

/* ---------------------------------------------------------------- fixture model */

typedef enum mock_style { MOCK_STYLE_WINDOWS, MOCK_STYLE_OMI, MOCK_STYLE_PLAIN } mock_style;

typedef struct mock_param {
    char *name;
    MI_Type type; /* scalar type; see array */
    int array, in, out, streamed;
} mock_param;

typedef enum mock_step_kind {
    MOCK_STEP_RETURN,
    MOCK_STEP_STREAM,
    MOCK_STEP_EVENT,
    MOCK_STEP_DELAY,
    MOCK_STEP_HANG,
    MOCK_STEP_FAULT,
    MOCK_STEP_HTTP_STATUS,
    MOCK_STEP_DROP,
    MOCK_STEP_TRUNCATE,
    MOCK_STEP_MALFORMED,
    MOCK_STEP_SLOW
} mock_step_kind;

typedef enum mock_malformed_kind {
    MOCK_MALFORMED_NOT_XML,
    MOCK_MALFORMED_TRUNCATED_XML,
    MOCK_MALFORMED_NOT_ENVELOPE,
    MOCK_MALFORMED_NO_BODY,
    MOCK_MALFORMED_WRONG_BODY_NAME
} mock_malformed_kind;

typedef struct mock_output {
    char *name;
    const mock_param *param;
    int is_null;
    char *text;    /* scalar text, or "{in:X}" for a whole array; NULL with items */
    char **items;  /* array items */
    size_t n_items;
    int has_items;
} mock_output;

typedef struct mock_step {
    mock_step_kind kind;
    int line;
    /* return */
    char *value;
    int value_null;
    mock_output *outputs;
    size_t n_outputs;
    /* stream */
    const mock_param *param;
    uint64_t count;
    char *pattern;
    unsigned interval_ms, batch;
    int64_t *sequence;
    size_t n_sequence;
    /* event */
    wsman_event_type event_type;
    char *message, *activity, *current_operation, *status_description;
    unsigned percent, seconds, cim_status;
    int inquire, critical;
    /* delay */
    unsigned ms;
    /* fault (message shared with event) */
    char *subcode, *code, *reason, *detail;
    int detail_style; /* wsman_fault_style, -1: the fixture's */
    int has_cim_status;
    /* http-status */
    unsigned http_code;
    char *body, *content_type;
    /* drop, truncate */
    uint64_t bytes;
    /* malformed */
    mock_malformed_kind malformed;
    /* slow */
    unsigned slice, pause_ms;
} mock_step;

typedef struct mock_behaviour {
    unsigned long call; /* 0: any */
    char **when_names, **when_values;
    size_t n_when;
    mock_step *steps;
    size_t n_steps;
} mock_behaviour;

typedef struct mock_method {
    char *name;
    int is_static;
    MI_Type return_type;
    wsman_output_name output_name;
    int action_response;
    mock_param *params;
    size_t n_params;
    mock_behaviour *behaviours;
    size_t n_behaviours;
    atomic_ulong calls;
} mock_method;

typedef struct mock_key {
    char *name;
    MI_Type type;
} mock_key;

typedef struct mock_class {
    char *name;
    int any_instance;
    mock_key *keys;
    size_t n_keys;
    mock_method *methods;
    size_t n_methods;
    char **instance_keys; /* n_instances x n_keys canonical texts */
    size_t n_instances;
} mock_class;

typedef struct mock_namespace {
    char *name;
    mock_class *classes;
    size_t n_classes;
} mock_namespace;

typedef struct mock_user {
    char *name, *password;
} mock_user;

typedef struct mock_fixture {
    char *path;
    mock_style style;
    int typed;
    uint64_t max_envelope;
    const mock_namespace *default_ns;
    mock_user *users;
    size_t n_users;
    mock_namespace *namespaces;
    size_t n_namespaces;
} mock_fixture;

/* Loads, validates against fixture.xsd and checks `path`. On failure returns NULL with
 * "file:line: problem" in errbuf. */
mock_fixture *mock_fixture_load(const char *path, char *errbuf, size_t errlen);
void mock_fixture_free(mock_fixture *fx);
/* The embedded copy of fixtures/fixture.xsd. */
const char *mock_fixture_schema_text(size_t *len);

const mock_namespace *mock_fixture_namespace(const mock_fixture *fx, const char *name);
const mock_class *mock_fixture_class(const mock_namespace *ns, const char *name);
const mock_method *mock_fixture_method(const mock_class *cls, const char *name);
const mock_param *mock_fixture_param(const mock_method *m, const char *name);
const mock_key *mock_fixture_key(const mock_class *cls, const char *name);

/* ---------------------------------------------------------------- values (mock_value.c) */

/* "uint32" -> MI_UINT32 (scalar names only); 0 or -1. */
int mock_value_type_from_name(const char *name, MI_Type *type);
/* The array type of a scalar type. */
MI_Type mock_value_array_type(MI_Type scalar);
/* Checks that `text` is a valid `scalar` value. */
int mock_value_text_ok(const char *text, MI_Type scalar);
/* Canonical text of a scalar (numbers normalised; strings as they are); malloc'd or NULL. */
char *mock_value_canonical(const char *text, MI_Type scalar);
/* Adds element `name` to `inst` from texts: a scalar (n == 1, !array) or an array. */
int mock_value_add_texts(MI_Instance *inst, const char *name, MI_Type scalar, int array,
                         const char *const *texts, size_t n);
/* Text of a received scalar element, or each item of a received array; malloc'd vector of
 * malloc'd strings (NULL entries never). Returns count, -1 when the value is not textual. */
long mock_value_texts_of(const MI_Value *v, MI_Type type, char ***out);
void mock_value_free_texts(char **texts, size_t n);
/* A value of `scalar` (array when n > 1 or as_array) for an event: built from texts into *v.
 * Free with mimodel_value_clear(v, type). */
int mock_value_from_texts(MI_Type scalar, int as_array, const char *const *texts, size_t n,
                          MI_Value *v);

/* ---------------------------------------------------------------- journal */

typedef struct mock_journal {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    mock_event *events;
    size_t n, cap;
    size_t max_events, dropped;
    uint64_t t0_us;
    char **secrets; /* passwords to scrub */
    size_t n_secrets;
} mock_journal;

int mock_journal_init(mock_journal *j, size_t max_events);
void mock_journal_destroy(mock_journal *j);
void mock_journal_add_secret(mock_journal *j, const char *secret);
/* Appends (takes ownership of the event's strings; redacts them). */
void mock_journal_add(mock_journal *j, mock_event *ev);
/* A short event without request data. */
void mock_journal_note(mock_journal *j, mock_event_kind kind, unsigned conn, unsigned req,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
uint64_t mock_now_us(void);
char *mock_strdup(const char *s);
char *mock_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---------------------------------------------------------------- server */

typedef struct mock_conn {
    struct mock_server *srv;
    unsigned number;
    int fd;
} mock_conn;

typedef struct mock_run mock_run;

struct mock_server {
    mock_config cfg;
    char *path, *bind, *cert_pem, *key_pem;
    mock_fixture *fx;
    mock_user *users;
    size_t n_users;
    size_t max_request;
    double scale;
    struct MHD_Daemon *mhd;
    unsigned port;
    char url[128];
    mock_journal journal;
    atomic_uint next_conn, next_req;
    atomic_int stopping;

    pthread_mutex_t runs_mu; /* runs, cancelled ops */
    mock_run *runs;
    char **cancelled_ops;
    size_t n_cancelled;

    pthread_t watchdog;
    pthread_cond_t watchdog_cond;
    int watchdog_started;

    pthread_mutex_t net_mu;
    uint64_t net_state;
};

/* mock_http.c */
int mock_http_start(mock_server *srv, char *errbuf, size_t errlen);

/* ---------------------------------------------------------------- runs (mock_behaviour.c) */

/* What the step engine hands to the HTTP layer next. */
typedef enum mock_emit_kind {
    MOCK_EMIT_CHUNK, /* one interactive-event envelope (the answer becomes chunked) */
    MOCK_EMIT_FINAL, /* the final answer: status, bytes, content type */
    MOCK_EMIT_CLOSE  /* close the connection (after `data` when len > 0) */
} mock_emit_kind;

typedef struct mock_emit {
    mock_emit_kind kind;
    unsigned status;
    char *data;
    size_t len;
    const char *content_type; /* NULL: none (no body) */
    int www_authenticate;
} mock_emit;

/* Net injection's plan for one request (mock_net.c). */
typedef enum mock_net_kind {
    MOCK_NET_NONE,
    MOCK_NET_DELAY,      /* the answer starts late */
    MOCK_NET_RESET,      /* the connection closes without an answer */
    MOCK_NET_SLOW,       /* the answer goes out in small slices with pauses */
    MOCK_NET_TRUNCATE,   /* the final answer is cut at a random offset */
    MOCK_NET_GARBAGE,    /* bytes of the (first) answer replaced by garbage */
    MOCK_NET_DUP_CHUNK,  /* one streamed chunk sent twice */
    MOCK_NET_DROP_CHUNK, /* one streamed chunk never sent */
    MOCK_NET_KINDS
} mock_net_kind;

typedef struct mock_net_plan {
    mock_net_kind kind;
    uint64_t rng;          /* the request's own PRNG: offsets and garbage come from it */
    unsigned delay_ms;     /* DELAY */
    unsigned slice, pause_ms; /* SLOW */
    unsigned chunk_at;     /* DUP_CHUNK, DROP_CHUNK: which streamed chunk, from 0 */
} mock_net_plan;

typedef enum mock_net_chunk_action {
    MOCK_NET_CHUNK_KEEP,
    MOCK_NET_CHUNK_TWICE,
    MOCK_NET_CHUNK_DROP
} mock_net_chunk_action;

typedef enum mock_wait_result {
    MOCK_WAIT_TIMEOUT,   /* the time ran out: carry on */
    MOCK_WAIT_WOKEN,     /* something for this run arrived (an InteractiveResponse) */
    MOCK_WAIT_GONE,      /* the client closed the connection */
    MOCK_WAIT_CANCELLED, /* an MS-WSMV Cancel for this operation */
    MOCK_WAIT_STOPPING   /* the server is stopping */
} mock_wait_result;

struct mock_run {
    mock_server *srv;
    mock_conn *conn;
    unsigned request;
    wsman_envelope *env;
    const mock_namespace *ns;
    const mock_class *cls;
    const mock_method *method;
    const mock_behaviour *beh;
    char *op_id;
    unsigned bits;
    int64_t deadline_us; /* OperationTimeout expiry, -1 none */
    uint64_t max_envelope;

    size_t step;         /* next step */
    uint64_t stream_i, stream_n; /* progress inside a stream step (elements) */
    size_t seq_pos;      /* position in a scripted sequence */
    int in_stream;
    /* next wsmv:SequenceId; atomic because the watchdog thread quotes it in its BLOCKED note */
    _Atomic int64_t next_seq;
    char ***collected;   /* per parameter: texts of elements collected for _OUTPUT */
    size_t *n_collected, *cap_collected;

    uint64_t truncate_at;
    int has_truncate;
    unsigned slice, pause_ms;
    unsigned slow_pauses; /* pauses a slow answer may still take (a scripted step: no limit) */
    mock_net_plan net;   /* net injection: this request's perturbation */
    int net_active;
    unsigned net_chunks; /* streamed chunks seen so far */

    /* delivery through a callback response */
    /* chunked and ended are written by the connection's thread after the run is registered and
     * read by the watchdog thread (under runs_mu, which the writer does not take): atomic. */
    atomic_int chunked;
    char *pending;
    size_t pending_len, pending_off;
    int finished, end_with_error;
    atomic_int ended;
    size_t bytes_sent;
    unsigned envelopes_sent;
    unsigned status;

    /* wakeups */
    int wake_fd;
    atomic_int cancelled;
    char *interactive_response;
    int outcome_recorded;
    atomic_int refs; /* the request and, when it has one, the callback response */
    int awaiting; /* a Confirm or Inquire went out: wait for the answer before the next step */

    /* flow control watch */
    atomic_int in_callback;
    atomic_ullong handed_us;
    atomic_int blocked_reported;

    mock_run *next;
};

/* Builds a run for a validated call (takes ownership of env). */
mock_run *mock_behaviour_new_run(mock_server *srv, mock_conn *conn, unsigned request,
                                 wsman_envelope *env, const mock_namespace *ns,
                                 const mock_class *cls, const mock_method *method);
/* Runs steps until something must be sent. Returns 0 with *out filled. */
void mock_behaviour_next(mock_run *run, mock_emit *out);
void mock_behaviour_free_run(mock_run *run);
/* Registers / unregisters the run for Cancel and InteractiveResponse lookups. */
void mock_behaviour_register(mock_run *run);
void mock_behaviour_unregister(mock_run *run);
/* Cancel / InteractiveResponse / stop delivery; return the number of runs reached. */
int mock_behaviour_cancel(mock_server *srv, const char *op_id);
int mock_behaviour_respond(mock_server *srv, const char *op_id, const char *response);
void mock_behaviour_wake_all(mock_server *srv);
/* Records ABORTED (reason) or COMPLETED once per run. */
void mock_behaviour_outcome(mock_run *run, int completed, const char *reason);
/* The flow-control watchdog thread body. */
void *mock_behaviour_watchdog(void *arg);

/* mock_wait.c: waits up to ms (-1 forever) for the client to leave, a cancel, a wakeup or stop */
mock_wait_result mock_wait(mock_run *run, int64_t ms);
void mock_wait_wake(mock_run *run);

/* ---------------------------------------------------------------- validation (mock_call.c) */

/* Checks an Invoke against the fixture; 0 with the target, or -1 with the fault in *out. */
int mock_call_validate(const mock_server *srv, const wsman_envelope *env,
                       const mock_namespace **ns, const mock_class **cls,
                       const mock_method **method, mock_emit *out);

/* ---------------------------------------------------------------- answers (mock_answer.c) */

/* A fault answer (HTTP 500) in the fixture's style; cim_status 0 = none/default. */
int mock_answer_fault(const mock_server *srv, const wsman_envelope *req, const char *subcode,
                      const char *detail, MI_Uint32 cim_status, int with_instance,
                      const char *reason, mock_emit *out);
int mock_answer_fault_step(const mock_server *srv, const wsman_envelope *req,
                           const mock_step *st, mock_emit *out);
/* The _OUTPUT answer from a return step (NULL: ReturnValue 0) and collected arrays. */
int mock_answer_output(mock_run *run, const mock_step *st, mock_emit *out);
int mock_answer_event(mock_run *run, const mock_step *st, mock_emit *out);
int mock_answer_stream_event(mock_run *run, const mock_param *p, const char *const *texts,
                             size_t n, int64_t seq, mock_emit *out);
int mock_answer_malformed(mock_run *run, mock_malformed_kind kind, mock_emit *out);
void mock_emit_clear(mock_emit *e);

/* ---------------------------------------------------------------- net injection (mock_net.c) */

uint64_t mock_net_next(mock_server *srv);
/* One splitmix64 step of *state. */
uint64_t mock_net_rand(uint64_t *state);
const char *mock_net_kind_name(mock_net_kind kind);
/* The plan for request number `request` under `seed`: a pure function of both. */
void mock_net_plan_for(uint64_t seed, unsigned request, mock_net_plan *plan);
/* A random offset below len (0 when len is 0), from the plan's PRNG. */
size_t mock_net_offset(mock_net_plan *plan, size_t len);
/* Overwrites a short random span of data with bytes that are never valid XML text. */
void mock_net_garble(mock_net_plan *plan, char *data, size_t len);
/* What happens to streamed chunk number chunk_index (from 0) under the plan. */
mock_net_chunk_action mock_net_chunk_decide(const mock_net_plan *plan, unsigned chunk_index);
/* When config->net_inject is set: draws the request's plan into run->net and applies it to
 * its first emission: a delay (returned in *delay_ms), a reset (e becomes a CLOSE without
 * data), slow slices, a truncation of the final answer, garbage bytes. */
void mock_net_perturb(mock_server *srv, mock_run *run, mock_emit *e, unsigned *delay_ms);
/* Applies the plan to a streamed chunk about to be sent: kept, doubled or emptied. */
void mock_net_chunk(mock_run *run, mock_emit *e);

#endif

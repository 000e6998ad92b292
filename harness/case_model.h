/*
 * case_model - the in-memory form of one case row (a cases/AREA.xml row, cases/cases.xsd).
 *
 * A case is three parts, as in curl's test files: the call the driver makes (with the values
 * it sends), the driver's actions in time, and the expectations judged afterwards against the
 * driver's trace and the mock server's journal. Everything here is plain data: the loader fills
 * it, the driver (child) and the judge (parent) read it.
 */
#ifndef CONFORM_CASE_MODEL_H
#define CONFORM_CASE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "harness/conform.h"
#include "mi.h"

/* ---------------------------------------------------------------- values the driver sends */

typedef struct conform_case_instance conform_case_instance;

/* One typed element: an inbound parameter, a property of the inbound instance, or a property of
 * an embedded instance. Scalars hold one text item, arrays one per element; instance types hold
 * embedded instances instead of text. */
typedef struct conform_case_value {
    char *name;
    MI_Type type;      /* scalar type, or scalar | MI_ARRAY */
    int is_null;       /* xsi:nil / MI_FLAG_NULL */
    int is_key;        /* instance properties: MI_FLAG_KEY */
    char **items;
    size_t n_items;
    conform_case_instance *instances; /* MI_INSTANCE(A) / MI_REFERENCE(A) */
    size_t n_instances;
} conform_case_value;

struct conform_case_instance {
    char *class_name;
    char *namespace_name; /* NULL: none set */
    conform_case_value *props;
    size_t n_props;
};

typedef struct conform_case_custom_option {
    char *name;
    conform_case_value value;
    int must_comply;
} conform_case_custom_option;

/* ---------------------------------------------------------------- the call */

typedef enum conform_case_mode { CONFORM_CASE_SYNC, CONFORM_CASE_ASYNC } conform_case_mode;

/* What the driver does inside a callback of its own operation. */
typedef enum conform_case_cb_action {
    CONFORM_CB_NOTHING = 0,
    CONFORM_CB_CLOSE,               /* MI_Operation_Close (ASY-5, CLO-5) */
    CONFORM_CB_CANCEL,              /* MI_Operation_Cancel (CAN-6) */
    CONFORM_CB_CANCEL_TWICE,        /* two Cancels (CAN-3) */
    CONFORM_CB_CLOSE_SESSION_SYNC,  /* SES-4 */
    CONFORM_CB_CLOSE_SESSION_ASYNC, /* SES-4 */
    CONFORM_CB_ACK                  /* call the acknowledgement from inside the callback */
} conform_case_cb_action;

typedef struct conform_case_callbacks {
    int instance_result;  /* async iff set (INV-2) */
    int streamed;         /* streamedParameterResult */
    int write_message, write_error, write_progress, prompt_user;
    conform_case_cb_action on_final;    /* in the final instanceResult */
    conform_case_cb_action on_streamed; /* in the first streamedParameterResult */
    int null_context;     /* pass callbackContext NULL (still correlated by the table) */
    int respond;          /* writeError/promptUser answer (MI_OperationCallback_ResponseType),
                             or CONFORM_RESPOND_LATER: kept for a <respond/> step (PSS-1) */
} conform_case_callbacks;

#define CONFORM_RESPOND_LATER (-1)

typedef struct conform_case_options {
    int present;          /* 0: options == NULL (OPT-1) */
    int64_t timeout_ms;   /* < 0: not set */
    char *resource_uri, *resource_uri_prefix;
    conform_case_custom_option *custom;
    size_t n_custom;
    int must_understand;  /* NewOperationOptions(customOptionsMustUnderstand) */
    int delete_after_invoke; /* OPT-5 */
} conform_case_options;

typedef enum conform_case_port { CONFORM_PORT_MOCK, CONFORM_PORT_CLOSED } conform_case_port;

/* The session every row gets unless its <session> says otherwise. The mock takes any
 * credentials unless its fixture declares users. */
#define CONFORM_SESSION_USER "mi-conform"
#define CONFORM_SESSION_PASSWORD "mi-conform-pw"
#define CONFORM_SESSION_URL_PREFIX "/wsman" /* New-CimSessionOption -HttpPrefix's default */

typedef struct conform_case_session {
    char *user, *password;  /* Basic credentials; NULL with credentials="none" */
    conform_case_port port;
    int set_url_prefix;     /* 0: SetHttpUrlPrefix is not called (the implementation's default) */
    char *url_prefix;       /* what SetHttpUrlPrefix is given */
} conform_case_session;

typedef struct conform_case_call {
    conform_case_mode mode;
    uint32_t flags;
    char *namespace_name, *class_name, *method; /* NULL where the row leaves them out */
    int has_instance;
    conform_case_instance instance;
    int has_params;
    conform_case_instance params;   /* class "Parameters" unless the row names one */
    conform_case_options options;
    conform_case_callbacks callbacks;
    int null_session;    /* VAL-1: the wrapper with a NULL-ft session */
    int null_operation;  /* VAL-3: operation == NULL, through the table slot */
    uint64_t repeat;     /* soak: number of invokes (x --scale), 1 normally */
    uint64_t concurrent; /* soak: async invokes in flight at once (x --scale), 0: sequential */
} conform_case_call;

/* ---------------------------------------------------------------- actions in time */

typedef enum conform_case_step_kind {
    CONFORM_STEP_WAIT_REQUEST,   /* until the mock journal shows `count` requests */
    CONFORM_STEP_WAIT_JOURNAL,   /* until the journal shows an event kind (`what`) */
    CONFORM_STEP_CANCEL,
    CONFORM_STEP_ACK,            /* call the saved resultAcknowledgement */
    CONFORM_STEP_WITHHOLD,       /* do nothing for `ms` (a deliberate pause, e.g. acks held) */
    CONFORM_STEP_GET_INSTANCE,   /* one MI_Operation_GetInstance */
    CONFORM_STEP_DRAIN,          /* GetInstance until the final result */
    CONFORM_STEP_DRAIN_BACKGROUND, /* the same on another thread (CAN-4) */
    CONFORM_STEP_JOIN,           /* wait for the background thread */
    CONFORM_STEP_WAIT_FINAL,     /* async: wait for the final callback (bounded) */
    CONFORM_STEP_CLOSE,          /* MI_Operation_Close */
    CONFORM_STEP_CLOSE_SESSION,  /* `async`: with a completion callback */
    CONFORM_STEP_WAIT_SESSION_CLOSED, /* the async completion callback (bounded) */
    CONFORM_STEP_CLOSE_APPLICATION,
    CONFORM_STEP_SLOT,           /* a direct function-table slot call on a saved ft (`what`) */
    CONFORM_STEP_INVOKE_AGAIN,   /* a second Invoke of the same call through the saved session ft */
    CONFORM_STEP_DELETE_OPTIONS,
    CONFORM_STEP_RESPOND         /* call the withheld writeError/promptUser response function */
} conform_case_step_kind;

typedef struct conform_case_step {
    conform_case_step_kind kind;
    int line;
    unsigned count;      /* wait-request */
    unsigned ms;         /* withhold; also the bound of waits (0: the default) */
    int async;           /* close-session */
    int reason;          /* cancel */
    unsigned op;         /* which operation (1-based; 0 = the last one) */
    char *what;          /* slot name ("Operation.Cancel"...), journal event kind */
    int resume;          /* ack: from now on acknowledge at once (the stream resumes, STR-3) */
    int close;           /* drain-background: close the operation once drained (SES-2/5) */
    int answer;          /* respond: MI_OperationCallback_ResponseType */
    int given;           /* waits: running out means "not judged" (1) or a failure (0) */
} conform_case_step;

/* ---------------------------------------------------------------- expectations */

typedef enum conform_expect_kind {
    CONFORM_EXPECT_FINAL,          /* final result code (exact / non-OK); optional time bound */
    CONFORM_EXPECT_FINAL_ONCE,     /* exactly one final, and no callback of the op after it */
    CONFORM_EXPECT_ERROR_STRING,   /* errorString contains */
    CONFORM_EXPECT_ERROR_DETAILS,  /* errorDetails class, property (contains) */
    CONFORM_EXPECT_OUTPUT,         /* an outbound property: name, type, value(s), or absent */
    CONFORM_EXPECT_CALLBACK,       /* a callback's count, context and ack argument */
    CONFORM_EXPECT_ORDER,          /* callback names in order */
    CONFORM_EXPECT_CALL,           /* an API call's result, outputs and duration */
    CONFORM_EXPECT_REQUESTS,       /* how many requests reached the mock */
    CONFORM_EXPECT_HEADER,         /* a request header: present/absent, value, contains */
    CONFORM_EXPECT_XPATH,          /* an XPath over a request's raw body is true */
    CONFORM_EXPECT_JOURNAL,        /* a journal event kind, present/absent, within a bound */
    CONFORM_EXPECT_OBSERVE,        /* INFO: record something, never fail */
    CONFORM_EXPECT_STREAMED,       /* streamed callbacks of a parameter: types, values, order */
    CONFORM_EXPECT_RSS             /* the driver's peak RSS growth from before Invoke (STR-7) */
} conform_expect_kind;

typedef enum conform_expect_code_mode {
    CONFORM_CODE_ANY = 0, CONFORM_CODE_EXACT, CONFORM_CODE_NON_OK
} conform_expect_code_mode;

/* A time bound: named bounds (promptly, bounded, grace, connection) plus milliseconds, all
 * multiplied by --timeout-scale when judged. 0/0: no bound. */
typedef struct conform_case_bound {
    int set;
    unsigned named_ms; /* sum of the named parts, unscaled */
    unsigned extra_ms; /* the numeric part */
    char *text;        /* as written, for messages */
} conform_case_bound;

typedef struct conform_case_expect {
    conform_expect_kind kind;
    int line;
    unsigned op;              /* 0: operation 1; UINT32_MAX: every operation ("*") */
    conform_expect_code_mode code_mode; /* final / call: the operation's result code */
    int code;
    conform_expect_code_mode result_mode; /* call: what the API call itself returned */
    int result;
    conform_case_bound within;
    char *from;               /* time point the bound counts from: "invoke", "enter:Cancel"... */
    char *name;               /* output / callback / call / header / journal kind */
    char *contains;           /* error-string, error-details, header */
    char *equals;             /* header value, details property value */
    char *class_name;         /* error-details */
    char *property;           /* error-details */
    MI_Type type; int has_type;
    conform_case_value value; int has_value; /* output */
    int absent;               /* output / header / journal: must not be there */
    int min, max;             /* counts; -1 when not given */
    int ctx_unchanged;        /* callback: every ctx is the one given */
    int ack;                  /* callback: -1 any, 0 NULL, 1 non-NULL */
    unsigned nth;             /* call / request: 1-based; 0 = every */
    int more, inst;           /* call: -1 any, else 0/1 */
    char *expr;               /* xpath; order: space-separated names */
    char *what;               /* observe */
    char *arg;                /* callback: a traced argument of the nth call (channel...) */
    int array_ok;             /* streamed: the type's array form is accepted too (STR-2) */
    int64_t elements;         /* streamed: elements in all (arrays counted by size); -1 any */
    int scaled;               /* streamed: `elements` is multiplied by --scale as the mock does */
    int same_operation;       /* journal: carries the OperationID of the invoke (request 1) */
    int other_connection;     /* journal: on another connection than the invoke */
    char *after;              /* journal: comes after the first event of this kind */
    unsigned max_growth_kb;   /* rss */
    int given;                /* a precondition: unmet, the case is not judged (an error) */
} conform_case_expect;

/* Whether a request of the row must reach the mock server (the row's reaches-server). */
typedef enum conform_case_reach {
    CONFORM_REACH_EITHER = 0, /* the contract does not say */
    CONFORM_REACH_YES,        /* the row's situation needs one: without it, not judged */
    CONFORM_REACH_NO          /* the clause says nothing is sent: a request fails the row */
} conform_case_reach;

typedef struct conform_case_spec {
    char *note;               /* the row's clause note */
    conform_case_session session;
    conform_case_call call;
    conform_case_step *steps;
    size_t n_steps;
    conform_case_expect *expects;
    size_t n_expects;
    conform_case_reach reaches_server;
    unsigned watchdog_ms;     /* per call, unscaled; 0: the default */
    unsigned case_ms;         /* whole case, unscaled; 0: the default */
} conform_case_spec;

/* ---------------------------------------------------------------- helpers */

/* Named bounds of mi-api.md section 3, unscaled milliseconds. */
#define CONFORM_BOUND_PROMPTLY_MS 100u
#define CONFORM_BOUND_BOUNDED_MS 2000u
#define CONFORM_BOUND_GRACE_MS 2000u
#define CONFORM_BOUND_CONNECTION_MS 5000u

/* Default watchdog per API call and per case (unscaled): far above every contractual bound,
 * so that only a hang trips them. */
#define CONFORM_WATCHDOG_CALL_MS 15000u
#define CONFORM_WATCHDOG_CASE_MS 60000u

void conform_case_value_clear(conform_case_value *v);
void conform_case_instance_clear(conform_case_instance *inst);
void conform_case_spec_free(conform_case_spec *spec);

/* "uint32" -> MI_UINT32, "uint32a"/"uint32[]" -> MI_UINT32A. 0 or -1. */
int conform_case_type_parse(const char *text, MI_Type *type);
const char *conform_case_type_name(MI_Type type);

/* "OK", "FAILED", ... or a number -> code. 0 or -1. */
int conform_case_result_parse(const char *text, int *code);
const char *conform_case_result_name(int code);

/* "bounded", "grace+500", "1500". 0 or -1. */
int conform_case_bound_parse(const char *text, conform_case_bound *b);
/* The bound in microseconds after --timeout-scale. */
uint64_t conform_case_bound_us(const conform_case_bound *b, double timeout_scale);

/* --scale and --timeout-scale as factors: a value not above 0 means "as declared" (1). */
double conform_factor(double scale);
/* A count a row declares (soak invokes, streamed elements) at --scale: rounded to the nearest,
 * at least 1 unless it was 0 - the mock's rule for streams (mock_behaviour.c), so what the
 * driver does, what the mock sends and what the judge expects agree. */
uint64_t conform_case_scaled(uint64_t count, double scale);

/* The level a clause of mi-api.md section 3 has; -1 for an unknown clause id. */
int conform_case_clause_level(const char *clause, conform_level *level);

#endif

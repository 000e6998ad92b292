/*
 * wsman - the WS-Management codec shared by the reference client and the mock server.
 *
 * One reader for every envelope either side receives (requests, _OUTPUT answers, faults,
 * MS-WSMV interactive events, Cancel/End, InteractiveResponse), one writer for every envelope
 * either side sends, the CIM value <-> XML text mapping, fault <-> MI_Result mapping, and an
 * incremental reader for the chunked stream of envelopes MS-WSMV streaming uses.
 *
 * All XML goes through libxml2 with network access, DTD loading and entity expansion off and
 * with caps on size and depth. Bad input is a wsman_error, never a crash. Facts behind every
 * shape: shared/reference/wsman-invoke.md.
 *
 * Ownership: everything a wsman_*_parse or wsman_*_new returns is owned by the caller and freed
 * with the matching *_free; strings inside parsed structs are NUL-terminated UTF-8 owned by the
 * struct. Writers return a malloc'd NUL-terminated buffer (free with free()).
 *
 * Threads: every function may be called from any thread at the same time (wsman_init runs
 * xmlInitParser once through pthread_once; nothing changes libxml2's global state per call;
 * error reporting is per parser context). A wsman_stream is used by one thread at a time.
 *
 * Parsing (the surface fuzz targets use: wsman_envelope_parse and wsman_stream_feed take any
 * bytes): UTF-8 only (an encoding declaration is ignored, so Latin-1 bytes are invalid UTF-8);
 * any <!DOCTYPE> is WSMAN_E_XML before its internal subset is read (no entity can be declared,
 * so entity bombs and external entities fail at once); no network access; input over
 * limits->max_bytes or elements nested deeper than limits->max_depth are WSMAN_E_LIMIT;
 * whitespace before and after the envelope is allowed, other trailing content is not; a single
 * text node over libxml2's 10 MB limit is refused (XML_PARSE_HUGE is never used). An error
 * fills wsman_error with a status, a one-line message and, where known, the 1-based line (and
 * for XML errors the column) of the input.
 *
 * Reading values (INV-5): with xsi:type (cim:cimX or xs:X names, "q:<Class>_Type" for embedded
 * instances) an element has that type; without, text is MI_STRING, an element holding
 * cim:Datetime/cim:Interval MI_DATETIME, one holding wsa:Address/ReferenceParameters
 * MI_REFERENCE, one holding other elements MI_INSTANCE (class from xsi:type, else the element
 * name). Repeated elements are one array (of the first one's type); xsi:nil is MI_FLAG_NULL.
 * What the wire cannot say: a one-element array reads as a scalar, an empty array is absent,
 * a reference's keys read as MI_STRING (MI_FLAG_KEY) - mimodel_value_convert brings such values
 * to a declared type. MS-WSMV i:Type is honoured for streamed values, so those are exact.
 *
 * Writing: trees built with libxml2 and serialised by it (all text escaped); every envelope
 * declares s, wsa, wsman, wsmv, wsmb, xsi, cim, i and xs on its root; a value is written with
 * xsi:type only when asked (`typed`). Strings XML cannot carry (control characters, invalid
 * UTF-8) and names that are not XML names are errors, not silently changed.
 */
#ifndef WSMAN_H
#define WSMAN_H

#include <stddef.h>
#include <stdint.h>

#include "mi.h"

/* ---------------------------------------------------------------- namespaces and URIs */

#define WSMAN_NS_SOAP "http://www.w3.org/2003/05/soap-envelope"
#define WSMAN_NS_WSA "http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define WSMAN_NS_WSMAN "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
#define WSMAN_NS_WSMV "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"
#define WSMAN_NS_WSMB "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd"
#define WSMAN_NS_CIM "http://schemas.dmtf.org/wbem/wscim/1/common"
#define WSMAN_NS_INTERACTIVE "http://schemas.microsoft.com/wbem/wsman/1/cim/interactive.xsd"
#define WSMAN_NS_XSI "http://www.w3.org/2001/XMLSchema-instance"
#define WSMAN_NS_XS "http://www.w3.org/2001/XMLSchema"
#define WSMAN_NS_WSMANFAULT "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault"

#define WSMAN_URI_ANONYMOUS "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
#define WSMAN_URI_DMTF_CLASS_PREFIX "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
#define WSMAN_URI_WMI_PREFIX "http://schemas.microsoft.com/wbem/wsman/1/wmi/"
#define WSMAN_URI_FAULT_DETAIL "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/"
#define WSMAN_ACTION_WSA_FAULT "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault"
#define WSMAN_ACTION_WSMAN_FAULT "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault"
#define WSMAN_ACTION_CANCEL "http://schemas.microsoft.com/wbem/wsman/1/wsman/Cancel"
#define WSMAN_ACTION_END "http://schemas.microsoft.com/wbem/wsman/1/wsman/End"
#define WSMAN_ACTION_INTERACTIVE_RESPONSE \
    "http://schemas.microsoft.com/wbem/wsman/1/wsman/InteractiveResponse"
#define WSMAN_RESOURCE_FULLDUPLEX "http://schemas.microsoft.com/wbem/wsman/1/wsman/FullDuplex"
#define WSMAN_CONTENT_TYPE "application/soap+xml;charset=UTF-8"

/* MS-WSMV __MI_CallbackRegistration bits (WIRE-4). */
#define WSMAN_CALLBACK_MESSAGES 0x01u
#define WSMAN_CALLBACK_ERRORS 0x02u
#define WSMAN_CALLBACK_STREAMING 0x04u
#define WSMAN_CALLBACK_PROGRESS 0x08u
#define WSMAN_CALLBACK_PROMPTS 0x10u
#define WSMAN_OPTION_CALLBACK_REGISTRATION "__MI_CallbackRegistration"

/* ---------------------------------------------------------------- errors and limits */

typedef enum wsman_status {
    WSMAN_OK = 0,
    WSMAN_E_NOMEM,    /* an allocation failed */
    WSMAN_E_XML,      /* not well-formed XML, invalid UTF-8, a DTD or entity */
    WSMAN_E_LIMIT,    /* over the size or depth cap */
    WSMAN_E_ENVELOPE, /* well-formed but not a usable SOAP envelope (wrong root, no body, ...) */
    WSMAN_E_HEADER,   /* a header present but malformed (OperationTimeout not a duration, ...) */
    WSMAN_E_BODY,     /* the body element is not what the context allows */
    WSMAN_E_VALUE,    /* a value's text does not fit its type */
    WSMAN_E_ARGUMENT  /* the caller passed something unusable */
} wsman_status;

typedef struct wsman_error {
    wsman_status status;
    int line;   /* 1-based line of the input where the problem is, 0 when unknown */
    int column; /* 1-based column, 0 when unknown */
    char message[256];
} wsman_error;

typedef struct wsman_limits {
    size_t max_bytes;     /* largest envelope accepted; 0 = WSMAN_DEFAULT_MAX_BYTES */
    unsigned max_depth;   /* deepest element nesting accepted; 0 = WSMAN_DEFAULT_MAX_DEPTH */
} wsman_limits;

#define WSMAN_DEFAULT_MAX_BYTES (32u * 1024u * 1024u)
#define WSMAN_DEFAULT_MAX_DEPTH 256u

/* "WSMAN_E_XML" ... */
const char *wsman_status_name(wsman_status status);

/* ---------------------------------------------------------------- parsed envelopes */

typedef struct wsman_selector {
    char *name;
    char *value; /* text of the selector; an EPR-valued selector is kept as its Address text */
} wsman_selector;

typedef struct wsman_option {
    char *name;
    char *type; /* "xs:int" etc. as sent, NULL when absent */
    int must_comply;
    char *value;
} wsman_option;

typedef enum wsman_body_kind {
    WSMAN_BODY_EMPTY,                /* no body child: Cancel, End, or a method without inputs */
    WSMAN_BODY_METHOD,               /* a request's <Method_INPUT> or OMI's <Method> input */
    WSMAN_BODY_OUTPUT,               /* an answer's <Method_OUTPUT>, <Class_OUTPUT> or <Method> */
    WSMAN_BODY_FAULT,                /* s:Fault */
    WSMAN_BODY_INTERACTIVE_EVENT,    /* i:InteractiveEvent */
    WSMAN_BODY_INTERACTIVE_RESPONSE, /* i:InteractiveResponse */
    WSMAN_BODY_OTHER                 /* anything else; see body_name */
} wsman_body_kind;

typedef struct wsman_fault {
    char *code;            /* "Sender" / "Receiver" (local part of s:Code/s:Value) */
    char *subcode_ns;      /* namespace URI of the subcode QName */
    char *subcode;         /* local part: "DestinationUnreachable", "InvalidSelectors", ... */
    char *reason;          /* s:Reason/s:Text */
    char *detail_uri;      /* wsman:FaultDetail text, NULL when absent */
    char *wsmanfault_code; /* Code attribute of Microsoft's f:WSManFault, NULL when absent */
    char *wsmanfault_message;
    MI_Instance *cim_error; /* the IsCIM_Error instance (class name kept), NULL when absent */
    int has_cim_status;
    MI_Uint32 cim_status;   /* its CIMStatusCode when has_cim_status */
} wsman_fault;

typedef enum wsman_event_type {
    WSMAN_EVENT_UNKNOWN = 0,
    WSMAN_EVENT_STREAMING_OUTPUT,
    WSMAN_EVENT_DEBUG,
    WSMAN_EVENT_WARNING,
    WSMAN_EVENT_VERBOSE,
    WSMAN_EVENT_PROGRESS,
    WSMAN_EVENT_ERROR_ACTION,
    WSMAN_EVENT_CONFIRM,
    WSMAN_EVENT_NO_SEMANTICS
} wsman_event_type;

typedef struct wsman_event {
    wsman_event_type type;
    char *type_text;    /* i:EventType as sent */
    /* StreamingOutput */
    char *name;         /* i:Name: the streamed parameter */
    int has_value_type;
    MI_Type value_type; /* i:Type */
    MI_Value value;     /* i:Value read as value_type (owned; mimodel_value_clear frees it) */
    /* Debug/Warning/Verbose/Confirm text; ErrorAction's instance is in error_instance */
    char *description;
    MI_Instance *error_instance;
    char *action_type;  /* ErrorAction: "Inquire" / "Report" */
    char *prompt_type;  /* Confirm: "Normal" / "Critical" */
    /* Progress */
    char *activity, *current_operation, *status_description;
    MI_Uint32 percent_complete, seconds_remaining;
    /* InteractiveResponse */
    char *response;     /* "yes", "no", "yesToAll", "noToAll" */
} wsman_event;

typedef struct wsman_envelope {
    /* headers; NULL / -1 / 0 when absent */
    char *action, *resource_uri, *message_id, *relates_to, *reply_to, *to;
    wsman_selector *selectors;
    size_t n_selectors;
    wsman_option *options;
    size_t n_options;
    int64_t operation_timeout_ms; /* -1 when absent */
    uint64_t max_envelope_size;   /* bytes; 0 when absent */
    int max_envelope_must_understand;
    char *locale, *data_locale, *operation_id;
    int64_t sequence_id;          /* -1 when absent */

    /* body */
    wsman_body_kind body_kind;
    char *body_name;    /* local name of the body's first element (NULL for EMPTY) */
    char *body_ns;      /* its namespace URI */
    /* METHOD / OUTPUT: children as elements of an instance whose class name is body_name.
     * Untyped text is MI_STRING, repeated elements an array, xsi:nil MI_FLAG_NULL, cim:Datetime
     * and cim:Interval MI_DATETIME, xsi:type'd elements that type, embedded instances
     * MI_INSTANCE, endpoint references MI_REFERENCE (class from the ResourceURI, keys as
     * elements, namespace from __cimnamespace). */
    MI_Instance *params;
    wsman_fault fault;  /* FAULT */
    wsman_event event;  /* INTERACTIVE_EVENT / INTERACTIVE_RESPONSE */
} wsman_envelope;

/* Parses one complete envelope. Tolerant exactly as wsman-invoke.md "What real clients send"
 * and "Response" require: headers match by local name in their namespace, the SOAP one or
 * none (default-namespace envelopes); mustUnderstand with or without prefix; every header
 * optional; MessageID kept as sent. Body kinds: s:Fault, i:InteractiveEvent,
 * i:InteractiveResponse, *_INPUT (METHOD), *_OUTPUT (OUTPUT), and an element named like the
 * method (OMI) is OUTPUT when the envelope has RelatesTo or an Action ending in Response, else
 * METHOD; anything else is OTHER (check answers with wsman_output_name_ok). limits may be NULL
 * (defaults). On failure returns NULL and fills *err (when err != NULL). */
wsman_envelope *wsman_envelope_parse(const char *data, size_t len, const wsman_limits *limits,
                                     wsman_error *err);
void wsman_envelope_free(wsman_envelope *env);

/* Selector lookup; NULL when absent. */
const char *wsman_envelope_selector(const wsman_envelope *env, const char *name);
/* Option lookup; NULL when absent. */
const wsman_option *wsman_envelope_option(const wsman_envelope *env, const char *name);

/* The method an envelope calls: the last path segment of Action (a Response suffix removed),
 * else the body element name without _INPUT/_OUTPUT. Returns a malloc'd string the caller
 * frees, NULL when neither is present. */
char *wsman_envelope_method(const wsman_envelope *env);

/* Whether an OUTPUT body has one of the names a client accepts for this call
 * (wsman-invoke.md "Response", ERR-5): <Method>_OUTPUT, <Class>_OUTPUT (class_name may be
 * NULL) or <Method>. Returns 1 or 0. */
int wsman_output_name_ok(const wsman_envelope *env, const char *class_name, const char *method);

/* "StreamingOutput", "Debug", ... for an event type; NULL for WSMAN_EVENT_UNKNOWN. */
const char *wsman_event_type_name(wsman_event_type type);

/* Class and namespace a ResourceURI names: DMTF form gives the class only; WMI form
 * (.../wmi/root/cimv2/Class) gives both. Outputs are malloc'd (namespace NULL when the form
 * does not carry one). Returns 0, or -1 when the URI has no class segment. */
int wsman_resource_uri_split(const char *uri, char **class_name, char **namespace_name);

/* ---------------------------------------------------------------- writing */

typedef struct wsman_invoke_request {
    const char *to;              /* endpoint URL for wsa:To */
    const char *resource_uri;    /* full URI (DMTF prefix + class, or an override) */
    const char *method;
    const char *action;          /* NULL: resource_uri + "/" + method */
    const char *message_id;      /* NULL: a fresh "uuid:..." */
    const char *namespace_name;  /* NULL: no __cimnamespace selector */
    const wsman_selector *keys;  /* key selectors (instance methods) */
    size_t n_keys;
    const MI_Instance *params;   /* every element becomes a child of <Method_INPUT> (may be NULL) */
    int64_t operation_timeout_ms;/* <= 0: no OperationTimeout header */
    uint64_t max_envelope_size;  /* bytes; 0: WSMAN_DEFAULT_MAX_ENVELOPE */
    const char *locale;          /* NULL: "en-US" */
    const char *data_locale;     /* NULL: no DataLocale header */
    const wsman_option *options; /* custom options for the OptionSet */
    size_t n_options;
    unsigned callback_bits;      /* 0: no registration, no OperationID/SequenceId */
    const char *operation_id;    /* with callback_bits: NULL means a fresh "uuid:..." */
    int typed;                   /* 1 = parameters carry xsi:type (default 0: text) */
} wsman_invoke_request;

#define WSMAN_DEFAULT_MAX_ENVELOPE 512000u

/* Builds an Invoke request envelope: WSMAN_OK and a malloc'd buffer in *out (length in
 * *out_len), or the status with *err filled and *out NULL. Every writer below does the same. */
wsman_status wsman_write_invoke_request(const wsman_invoke_request *req, char **out,
                                        size_t *out_len, wsman_error *err);

typedef enum wsman_output_name {
    WSMAN_OUTPUT_METHOD_OUTPUT, /* <Method_OUTPUT> (Windows, DMTF) */
    WSMAN_OUTPUT_CLASS_OUTPUT,  /* <Class_OUTPUT> (OMI C++ providers) */
    WSMAN_OUTPUT_METHOD_ONLY    /* <Method> (OMI C providers) */
} wsman_output_name;

typedef struct wsman_invoke_response {
    const char *resource_uri;
    const char *class_name;      /* for WSMAN_OUTPUT_CLASS_OUTPUT */
    const char *method;
    const char *relates_to;      /* the request's MessageID */
    const char *message_id;      /* NULL: fresh */
    int action_without_response; /* OMI: Action without the "Response" suffix */
    wsman_output_name output_name;
    int typed;                   /* 1: values carry xsi:type (windows style); 0: text only */
    const MI_Instance *outputs;  /* ReturnValue and OUT parameters, in element order */
    const char *operation_id;    /* streaming answers repeat it; NULL otherwise */
    int64_t sequence_id;         /* with operation_id; <= 0 to omit */
} wsman_invoke_response;

wsman_status wsman_write_invoke_response(const wsman_invoke_response *resp, char **out,
                                         size_t *out_len, wsman_error *err);

typedef enum wsman_fault_style {
    WSMAN_FAULT_PLAIN,     /* wsman:FaultDetail only (or nothing) */
    WSMAN_FAULT_WSMANFAULT,/* Microsoft f:WSManFault */
    WSMAN_FAULT_WINDOWS,   /* f:WSManFault + MSFT_WmiError instance */
    WSMAN_FAULT_OMI,       /* OMI_Error instance */
    WSMAN_FAULT_CIM        /* CIM_Error instance with CIMStatusCode */
} wsman_fault_style;

typedef struct wsman_fault_spec {
    const char *code;        /* "Sender" or "Receiver"; NULL: from the subcode */
    const char *subcode;     /* "wsa:DestinationUnreachable", "wsman:InvalidSelectors", ... */
    const char *reason;
    const char *detail;      /* faultDetail suffix ("InvalidResourceURI") or full URI; NULL: none */
    wsman_fault_style style;
    MI_Uint32 cim_status;    /* for the error instance; 0 with a non-PLAIN style: from subcode */
    const char *message;     /* error instance Message; NULL: the reason */
    const char *relates_to;
    const char *message_id;  /* NULL: fresh */
    MI_Uint32 wsmanfault_code; /* f:WSManFault Code; 0: Windows' timeout code 2150858793
                                * for a TimedOut subcode (pywinrm keys on it), else the MI result
                                * the fault maps to */
} wsman_fault_spec;

wsman_status wsman_write_fault(const wsman_fault_spec *spec, char **out, size_t *out_len,
                               wsman_error *err);

typedef struct wsman_event_spec {
    wsman_event_type type;
    const char *action;          /* NULL: resource_uri + "/InteractiveCallback"... see .c */
    const char *resource_uri;
    const char *relates_to;
    const char *operation_id;
    int64_t sequence_id;
    /* StreamingOutput */
    const char *name;
    MI_Type value_type;          /* element type for one value, array type for a batch */
    const MI_Value *value;
    int typed;                   /* xsi:type on the value */
    /* message events, Confirm */
    const char *description;
    const MI_Instance *error_instance; /* ErrorAction */
    const char *action_type;     /* "Inquire" / "Report" */
    const char *prompt_type;     /* "Normal" / "Critical" */
    /* Progress */
    const char *activity, *current_operation, *status_description;
    MI_Uint32 percent_complete, seconds_remaining;
} wsman_event_spec;

wsman_status wsman_write_event(const wsman_event_spec *spec, char **out, size_t *out_len,
                               wsman_error *err);

/* MS-WSMV Cancel and End (empty body, FullDuplex resource, the operation's OperationID). */
wsman_status wsman_write_cancel(const char *to, const char *operation_id, char **out,
                                size_t *out_len, wsman_error *err);
wsman_status wsman_write_end(const char *to, const char *operation_id, char **out, size_t *out_len,
                             wsman_error *err);

/* The answer to a Confirm or an Inquire ErrorAction: response is "yes", "no", "yesToAll" or
 * "noToAll"; event_type "Confirm" or "ErrorAction". */
wsman_status wsman_write_interactive_response(const char *to, const char *operation_id,
                                              int64_t sequence_id, const char *event_type,
                                              const char *response, char **out, size_t *out_len,
                                              wsman_error *err);

/* ---------------------------------------------------------------- values */

/* xs:duration <-> milliseconds (OperationTimeout). -1 on bad text. */
int64_t wsman_duration_to_ms(const char *text);
char *wsman_ms_to_duration(int64_t ms); /* "PT60.000S" */

/* The xsi:type QName for a scalar type ("cim:cimUnsignedInt"), NULL for none; and back. */
const char *wsman_xsi_type_name(MI_Type type);
int wsman_type_from_xsi(const char *local_name, MI_Type *type);

/* ---------------------------------------------------------------- faults <-> results */

/* ERR-1/ERR-2: the MI_Result a client reports for a fault. */
MI_Result wsman_fault_result(const wsman_fault *fault);

/* The subcode (with prefix), code and detail a server sends for a CIM status
 * (wsman-invoke.md "How a server reports invoke errors"). */
void wsman_fault_for_result(MI_Result result, const char **subcode, const char **code,
                            const char **detail);

/* ---------------------------------------------------------------- incremental stream reader */

/* Reads a byte stream holding a sequence of envelopes (the chunked MS-WSMV answer) and calls
 * on_envelope for each as soon as its closing tag has been fed, whatever the slicing of the
 * input (one push parser per envelope; the bytes after the root's '>' start the next one;
 * whitespace and XML declarations between envelopes are fine). The limits apply per envelope.
 * After an error the stream stays failed (every later call returns -1 with the same error). Memory does not grow with the number of
 * envelopes. on_envelope takes ownership of env and returns 0 to go on, non-zero to stop
 * (wsman_stream_feed then returns that value). */
typedef struct wsman_stream wsman_stream;
typedef int (*wsman_stream_cb)(wsman_envelope *env, void *ctx);

wsman_stream *wsman_stream_new(const wsman_limits *limits, wsman_stream_cb on_envelope,
                               void *ctx);
/* Returns 0, the callback's non-zero value, or -1 with *err filled on malformed input. */
int wsman_stream_feed(wsman_stream *s, const char *data, size_t len, wsman_error *err);
/* End of input: -1 with *err when a partial envelope is pending (truncated), else 0. */
int wsman_stream_finish(wsman_stream *s, wsman_error *err);
/* Envelopes delivered so far. */
size_t wsman_stream_count(const wsman_stream *s);
void wsman_stream_free(wsman_stream *s);

/* ---------------------------------------------------------------- misc */

/* A fresh "uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" (malloc'd). */
char *wsman_new_uuid(void);

/* A parser context kept for the next parse (resetting one costs a tenth of making one). By
 * default each thread keeps its own until it exits; an owner that outlives no thread of its
 * own (a session's lane, run by the application's threads) lends its cache to the thread for
 * as long as it runs there, so those threads keep nothing behind. */
typedef struct wsman_parser_cache {
    struct _xmlParserCtxt *ctxt;
    unsigned uses;
} wsman_parser_cache;

/* Parses on the calling thread use c until it lends another one or NULL (its own again). */
void wsman_parser_cache_lend(wsman_parser_cache *c);
/* Frees the kept context; c is not lent to any thread. */
void wsman_parser_cache_clear(wsman_parser_cache *c);

/* Initialises libxml2 once per process (thread-safe); every entry point calls it. */
void wsman_init(void);

#endif

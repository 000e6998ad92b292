/*
 * answer - what the server (or the lack of one) said, turned into a final result: the outbound
 * instance (INV-3, INV-5), fault and HTTP status mapping (ERR-1..3), transport errors (ERR-4),
 * malformed answers (ERR-5). No XML here: the codec reads every byte.
 */
#ifndef MIREF_ANSWER_H
#define MIREF_ANSWER_H

#include "reference/operation.h"

#include <curl/curl.h>

/* The class of the error instance the client builds itself (no CIM error from the server). */
#define MIREF_CLIENT_ERROR_CLASS "CIM_Error"
/* The class of the outbound instance, whatever the server named its output element (WMI
 * calls method parameter objects __PARAMETERS). */
#define MIREF_OUTBOUND_CLASS "__PARAMETERS"

/* A client-made failure: code, errorString = message, errorDetails = CIM_Error with Message
 * and CIMStatusCode. */
void miref_answer_client_error(miref_final *f, MI_Result code, const char *message);

/* One parsed final envelope (consumed): an output element or a fault. */
void miref_answer_envelope(miref_final *f, wsman_envelope *env, const miref_expect *expect);

/* A whole non-streamed answer: HTTP status and body. */
void miref_answer_http(miref_final *f, long status, const char *body, size_t len,
                       const miref_expect *expect);

/* The exchange failed below HTTP (refused, reset, TLS, timeout, truncated). */
void miref_answer_curl(miref_final *f, CURLcode code, const char *errbuf);

/* The outbound instance from the codec's params instance (may be NULL: no outputs). */
MI_Result miref_answer_outbound(const MI_Instance *params, MI_Instance **out);

/* Non-zero when `name` is an accepted output element name for the call (wsman-invoke.md
 * "Response": <Method>_OUTPUT, <Class>_OUTPUT, <Method>). */
int miref_answer_name_ok(const char *name, const miref_expect *expect);

#endif

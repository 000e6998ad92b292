/*
 * invoke - MI_Session_Invoke's arguments turned into the request envelope, all at Invoke time:
 * everything needed later is copied into the request, so the caller may delete the options and
 * the instances as soon as Invoke returns (OPT-5). The codec writes every byte.
 */
#ifndef MIREF_INVOKE_H
#define MIREF_INVOKE_H

#include "mi.h"
#include "reference/operation.h"

struct miref_session;

typedef struct miref_invoke_args {
    MI_OperationOptions *options;
    const MI_Char *namespace_name;
    const MI_Char *class_name;
    const MI_Char *method;
    const MI_Instance *inbound_instance;
    const MI_Instance *inbound_properties;
    const MI_OperationCallbacks *callbacks;
} miref_invoke_args;

typedef struct miref_request {
    char *body;
    size_t len;
    char *operation_id;     /* MS-WSMV OperationID, NULL without callback registration */
    unsigned callback_bits;
    int64_t timeout_ms;     /* 0: none */
    miref_expect expect;    /* what the answer must be named */
} miref_request;

/* Builds the request. On failure returns the final result's code and *why. */
MI_Result miref_invoke_build(const struct miref_session *s, const miref_invoke_args *a,
                             miref_request *out, const char **why);
void miref_request_clear(miref_request *r);

/* NS-3/NS-4: `in` in '/' form (malloc'd) in *out; INVALID_PARAMETER for a computer name. */
MI_Result miref_invoke_namespace(const char *in, char **out);

/* WIRE-4: one bit per registered streaming or interactive callback. */
unsigned miref_invoke_callback_bits(const MI_OperationCallbacks *cb);

/* MI_Interval in milliseconds (OperationTimeout). */
int64_t miref_interval_ms(const MI_Interval *iv);

#endif

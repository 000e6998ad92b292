/*
 * faults_map.c - faults <-> MI_Result.
 *
 * Client side (mi-api.md ERR-1/ERR-2): a CIM error instance's CIMStatusCode wins; otherwise
 * the WS-Man subcode decides. Server side (wsman-invoke.md "How a server reports invoke
 * errors"): the subcode, code and detail for a CIM status.
 */
#include <string.h>

#include "wsman/wsman_int.h"

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

MI_Result wsman_fault_result(const wsman_fault *f)
{
    if (f == NULL) return MI_RESULT_FAILED;
    if (f->has_cim_status) return f->cim_status != 0 ? (MI_Result)f->cim_status
                                                     : MI_RESULT_FAILED;
    const char *s = f->subcode ? f->subcode : "";
    if (strcmp(s, "DestinationUnreachable") == 0)
        return f->detail_uri && ends_with(f->detail_uri, "InvalidResourceURI")
                   ? MI_RESULT_INVALID_CLASS
                   : MI_RESULT_NOT_FOUND;
    if (strcmp(s, "ActionNotSupported") == 0) return MI_RESULT_METHOD_NOT_FOUND;
    if (strcmp(s, "InvalidParameter") == 0 || strcmp(s, "SchemaValidationError") == 0 ||
        strcmp(s, "InvalidSelectors") == 0)
        return MI_RESULT_INVALID_PARAMETER;
    if (strcmp(s, "UnsupportedFeature") == 0) return MI_RESULT_NOT_SUPPORTED;
    if (strcmp(s, "AccessDenied") == 0) return MI_RESULT_ACCESS_DENIED;
    if (strcmp(s, "EncodingLimit") == 0) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    return MI_RESULT_FAILED;
}

void wsman_fault_for_result(MI_Result result, const char **subcode, const char **code,
                            const char **detail)
{
    const char *sub = "wsman:InternalError", *c = "Receiver", *d = NULL;
    switch (result) {
    case MI_RESULT_INVALID_NAMESPACE:
    case MI_RESULT_INVALID_CLASS:
        sub = "wsa:DestinationUnreachable", c = "Sender", d = "InvalidResourceURI";
        break;
    case MI_RESULT_NOT_FOUND: sub = "wsa:DestinationUnreachable", c = "Sender"; break;
    case MI_RESULT_METHOD_NOT_FOUND:
        sub = "wsa:ActionNotSupported", c = "Sender", d = "ActionMismatch";
        break;
    case MI_RESULT_INVALID_PARAMETER: sub = "wsman:InvalidParameter", c = "Sender"; break;
    case MI_RESULT_NOT_SUPPORTED: sub = "wsman:UnsupportedFeature", c = "Sender"; break;
    case MI_RESULT_ACCESS_DENIED: sub = "wsman:AccessDenied", c = "Sender"; break;
    case MI_RESULT_SERVER_LIMITS_EXCEEDED:
        sub = "wsman:EncodingLimit", c = "Sender", d = "MaxEnvelopeSize";
        break;
    case MI_RESULT_INVALID_OPERATION_TIMEOUT: sub = "wsman:TimedOut"; break;
    default: break;
    }
    if (subcode) *subcode = sub;
    if (code) *code = c;
    if (detail) *detail = d;
}

/*
 * error.c - the codec's error values: a status, where in the input, and a sentence.
 */
#include <stdarg.h>
#include <stdio.h>

#include "wsman/wsman_int.h"

const char *wsman_status_name(wsman_status status)
{
    switch (status) {
    case WSMAN_OK: return "WSMAN_OK";
    case WSMAN_E_NOMEM: return "WSMAN_E_NOMEM";
    case WSMAN_E_XML: return "WSMAN_E_XML";
    case WSMAN_E_LIMIT: return "WSMAN_E_LIMIT";
    case WSMAN_E_ENVELOPE: return "WSMAN_E_ENVELOPE";
    case WSMAN_E_HEADER: return "WSMAN_E_HEADER";
    case WSMAN_E_BODY: return "WSMAN_E_BODY";
    case WSMAN_E_VALUE: return "WSMAN_E_VALUE";
    case WSMAN_E_ARGUMENT: return "WSMAN_E_ARGUMENT";
    }
    return "WSMAN_E_UNKNOWN";
}

wsman_status wsman_status_of(MI_Result result)
{
    switch (result) {
    case MI_RESULT_OK: return WSMAN_OK;
    case MI_RESULT_SERVER_LIMITS_EXCEEDED: return WSMAN_E_NOMEM;
    case MI_RESULT_INVALID_PARAMETER: return WSMAN_E_ARGUMENT;
    default: return WSMAN_E_VALUE;
    }
}

static wsman_status fail_v(wsman_error *err, wsman_status status, int line, int column,
                           const char *fmt, va_list ap)
{
    /* The failure now lives in our error value; libxml2's per-thread copy of its last error
     * (malloc'd strings on the caller's thread, freed only at xmlCleanupParser) must not
     * outlive the call, or every failed call leaves blocks behind in the caller's process. */
    xmlResetLastError();
    if (err == NULL) return status;
    err->status = status;
    err->line = line;
    err->column = column;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return status;
}

wsman_status wsman_fail(wsman_error *err, wsman_status status, int line, int column,
                        const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_v(err, status, line, column, fmt, ap);
    va_end(ap);
    return status;
}

wsman_status wsman_fail_at(wsman_error *err, wsman_status status, const xmlNode *node,
                           const char *fmt, ...)
{
    int line = node != NULL ? (int)xmlGetLineNo(node) : 0;
    va_list ap;
    va_start(ap, fmt);
    fail_v(err, status, line > 0 ? line : 0, 0, fmt, ap);
    va_end(ap);
    return status;
}

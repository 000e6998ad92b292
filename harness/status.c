/*
 * status - the words for each harness status (harness/status.h).
 */
#include "harness/status.h"

const char *conform_status_name(conform_status status)
{
    static const char *const names[] = {
        [CONFORM_OK] = "ok",
        [CONFORM_E_NOMEM] = "out of memory",
        [CONFORM_E_INVALID] = "invalid input",
        [CONFORM_E_IO] = "input/output error",
    };
    unsigned i = (unsigned)status;
    return i < sizeof names / sizeof names[0] ? names[i] : "unknown status";
}

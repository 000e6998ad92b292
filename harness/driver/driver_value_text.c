/*
 * driver_value_text - an MI_Value as text, in the form the tables write values in, so the
 * parent compares a traced value with the row's: integers in decimal, booleans true/false,
 * reals with enough digits to round-trip, char16 as its code, datetimes in CIM form
 * (yyyymmddhhmmss.mmmmmmsutc for a timestamp, ddddddddhhmmss.mmmmmm:000 for an interval).
 *
 * It calls nothing else of the driver: the trace's writers (driver_trace.c, driver_stream.c)
 * call it, and driver_values.c reads the same forms back.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/driver/driver.h"

static char *datetime_text(const MI_Datetime *dt)
{
    char buf[64];
    if (dt->isTimestamp) {
        const MI_Timestamp *t = &dt->u.timestamp;
        int utc = t->utc;
        snprintf(buf, sizeof buf, "%04u%02u%02u%02u%02u%02u.%06u%c%03d", t->year, t->month,
                 t->day, t->hour, t->minute, t->second, t->microseconds, utc < 0 ? '-' : '+',
                 utc < 0 ? -utc : utc);
    } else {
        const MI_Interval *i = &dt->u.interval;
        snprintf(buf, sizeof buf, "%08u%02u%02u%02u.%06u:000", i->days, i->hours, i->minutes,
                 i->seconds, i->microseconds);
    }
    return strdup(buf);
}

char *conform_driver_value_text(const MI_Value *v, MI_Type type)
{
    char buf[64];
    switch (type) {
    case MI_BOOLEAN: return strdup(v->boolean ? "true" : "false");
    case MI_UINT8: snprintf(buf, sizeof buf, "%u", v->uint8); break;
    case MI_SINT8: snprintf(buf, sizeof buf, "%d", v->sint8); break;
    case MI_UINT16: snprintf(buf, sizeof buf, "%u", v->uint16); break;
    case MI_SINT16: snprintf(buf, sizeof buf, "%d", v->sint16); break;
    case MI_UINT32: snprintf(buf, sizeof buf, "%" PRIu32, v->uint32); break;
    case MI_SINT32: snprintf(buf, sizeof buf, "%" PRId32, v->sint32); break;
    case MI_UINT64: snprintf(buf, sizeof buf, "%llu", (unsigned long long)v->uint64); break;
    case MI_SINT64: snprintf(buf, sizeof buf, "%lld", (long long)v->sint64); break;
    case MI_REAL32: snprintf(buf, sizeof buf, "%.9g", (double)v->real32); break;
    case MI_REAL64: snprintf(buf, sizeof buf, "%.17g", v->real64); break;
    case MI_CHAR16: snprintf(buf, sizeof buf, "%u", v->char16); break;
    case MI_DATETIME: return datetime_text(&v->datetime);
    case MI_STRING: return strdup(v->string ? v->string : "");
    default: snprintf(buf, sizeof buf, "?type%d", (int)type); break;
    }
    return strdup(buf);
}

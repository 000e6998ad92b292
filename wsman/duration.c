/*
 * duration.c - OperationTimeout's xs:duration <-> milliseconds.
 */
#include <stdio.h>
#include <stdlib.h>

#include "wsman/wsman_int.h"

int64_t wsman_duration_to_ms(const char *text)
{
    MI_Datetime dt;
    if (text == NULL || mimodel_datetime_from_text(text, &dt) != MI_RESULT_OK || dt.isTimestamp)
        return -1;
    const MI_Interval *iv = &dt.u.interval;
    int64_t s = (((int64_t)iv->days * 24 + iv->hours) * 60 + iv->minutes) * 60 + iv->seconds;
    return s * 1000 + iv->microseconds / 1000;
}

char *wsman_ms_to_duration(int64_t ms)
{
    char buf[64];
    if (ms < 0) ms = 0;
    snprintf(buf, sizeof buf, "PT%lld.%03lldS", (long long)(ms / 1000), (long long)(ms % 1000));
    return strdup(buf);
}

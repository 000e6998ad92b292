/*
 * datetime.c - MI_Datetime <-> text.
 *
 * Timestamps are written as xs:dateTime, "2026-11-24T05:00:00Z", with ".ffffff" only when the
 * microseconds are not zero and the UTC offset (minutes in MI) as "Z" or "+hh:mm"/"-hh:mm".
 * Intervals are written as xs:duration with only the non-zero parts ("P1DT2H", "PT0.000001S",
 * "PT0S" for zero); the reader keeps each part as given (no normalisation), so any interval
 * round-trips exactly. Reading also accepts xs:dateTime without a zone (UTC offset 0), an
 * xs:date alone, and the DMTF 25-character forms "yyyymmddhhmmss.mmmmmmsutc" and
 * "ddddddddhhmmss.mmmmmm:000". In a duration, years count as 365 days and months as 30
 * (MI_Interval has neither); a negative duration is not an interval.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/mimodel.h"

static int append(char *buf, size_t size, size_t *at, const char *fmt, unsigned v)
{
    int n = snprintf(buf + *at, size - *at, fmt, v);
    if (n < 0 || (size_t)n >= size - *at) return -1;
    *at += (size_t)n;
    return 0;
}

static char *interval_text(const MI_Interval *iv)
{
    char buf[128];
    size_t at = 0;
    if (iv->microseconds > 999999) return NULL;
    buf[at++] = 'P';
    buf[at] = '\0';
    if (iv->days) append(buf, sizeof buf, &at, "%uD", iv->days);
    if (iv->hours || iv->minutes || iv->seconds || iv->microseconds || !iv->days) {
        buf[at++] = 'T';
        buf[at] = '\0';
        if (iv->hours) append(buf, sizeof buf, &at, "%uH", iv->hours);
        if (iv->minutes) append(buf, sizeof buf, &at, "%uM", iv->minutes);
        if (iv->microseconds) {
            append(buf, sizeof buf, &at, "%u", iv->seconds);
            append(buf, sizeof buf, &at, ".%06uS", iv->microseconds);
        } else if (iv->seconds || (!iv->hours && !iv->minutes)) {
            append(buf, sizeof buf, &at, "%uS", iv->seconds);
        }
    }
    return strdup(buf);
}

static char *timestamp_text(const MI_Timestamp *ts)
{
    char buf[96], frac[16] = "", zone[16] = "Z";
    if (ts->microseconds > 999999) return NULL;
    if (ts->microseconds) snprintf(frac, sizeof frac, ".%06u", ts->microseconds);
    if (ts->utc != 0) {
        int m = ts->utc < 0 ? -ts->utc : ts->utc;
        if (m > 14 * 60) return NULL; /* xs:dateTime zones stop at +-14:00 */
        snprintf(zone, sizeof zone, "%c%02d:%02d", ts->utc < 0 ? '-' : '+', m / 60, m % 60);
    }
    snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02u%s%s", ts->year, ts->month, ts->day,
             ts->hour, ts->minute, ts->second, frac, zone);
    return strdup(buf);
}

char *mimodel_datetime_to_text(const MI_Datetime *dt)
{
    if (dt == NULL) return NULL;
    return dt->isTimestamp ? timestamp_text(&dt->u.timestamp) : interval_text(&dt->u.interval);
}

/* Reads exactly `n` digits. */
static int digits(const char **p, int n, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i])) return -1;
        v = v * 10 + (unsigned)((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

/* ".ffffff..." -> microseconds (extra digits beyond six are dropped). */
static int fraction(const char **p, unsigned *us)
{
    *us = 0;
    if (**p != '.') return 0;
    (*p)++;
    if (!isdigit((unsigned char)**p)) return -1;
    int n = 0;
    while (isdigit((unsigned char)**p)) {
        if (n < 6) *us = *us * 10 + (unsigned)(**p - '0');
        n++;
        (*p)++;
    }
    for (; n < 6; n++) *us *= 10;
    return 0;
}

static int zone(const char *p, MI_Sint32 *utc)
{
    unsigned h, m;
    if (*p == '\0') return *utc = 0, 0;
    if (p[0] == 'Z' && p[1] == '\0') return *utc = 0, 0;
    if (*p != '+' && *p != '-') return -1;
    int neg = *p++ == '-';
    if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &m) || *p != '\0') return -1;
    if (h > 14 || m > 59) return -1;
    *utc = (MI_Sint32)(h * 60 + m) * (neg ? -1 : 1);
    return 0;
}

static MI_Result xs_datetime(const char *p, MI_Timestamp *ts)
{
    memset(ts, 0, sizeof *ts);
    const char *start = p;
    while (isdigit((unsigned char)*p)) p++;
    if (p - start < 4 || p - start > 9) return MI_RESULT_TYPE_MISMATCH;
    const char *y = start;
    if (digits(&y, (int)(p - start), &ts->year) || *p++ != '-') return MI_RESULT_TYPE_MISMATCH;
    if (digits(&p, 2, &ts->month) || *p++ != '-' || digits(&p, 2, &ts->day))
        return MI_RESULT_TYPE_MISMATCH;
    if (*p == 'T') {
        p++;
        if (digits(&p, 2, &ts->hour) || *p++ != ':' || digits(&p, 2, &ts->minute) ||
            *p++ != ':' || digits(&p, 2, &ts->second) || fraction(&p, &ts->microseconds))
            return MI_RESULT_TYPE_MISMATCH;
    }
    if (zone(p, &ts->utc)) return MI_RESULT_TYPE_MISMATCH;
    if (ts->month < 1 || ts->month > 12 || ts->day < 1 || ts->day > 31 || ts->hour > 24 ||
        ts->minute > 59 || ts->second > 60)
        return MI_RESULT_TYPE_MISMATCH;
    return MI_RESULT_OK;
}

/* DMTF DSP0004 "yyyymmddhhmmss.mmmmmmsutc" / "ddddddddhhmmss.mmmmmm:000". */
static MI_Result dmtf_datetime(const char *p, MI_Datetime *dt)
{
    memset(dt, 0, sizeof *dt);
    unsigned a, b, c, d, e, f, us, off;
    const char *q = p;
    if (q[21] == ':') {
        if (digits(&q, 8, &a) || digits(&q, 2, &b) || digits(&q, 2, &c) || digits(&q, 2, &d) ||
            *q++ != '.' || digits(&q, 6, &us) || strcmp(q, ":000") != 0)
            return MI_RESULT_TYPE_MISMATCH;
        dt->u.interval = (MI_Interval){a, b, c, d, us, 0, 0, 0};
        return MI_RESULT_OK;
    }
    if (digits(&q, 4, &a) || digits(&q, 2, &b) || digits(&q, 2, &c) || digits(&q, 2, &d) ||
        digits(&q, 2, &e) || digits(&q, 2, &f) || *q++ != '.' || digits(&q, 6, &us))
        return MI_RESULT_TYPE_MISMATCH;
    char sign = *q++;
    if ((sign != '+' && sign != '-') || digits(&q, 3, &off) || *q != '\0') return MI_RESULT_TYPE_MISMATCH;
    dt->isTimestamp = 1;
    dt->u.timestamp = (MI_Timestamp){a, b, c, d, e, f, us, (MI_Sint32)off * (sign == '-' ? -1 : 1)};
    return MI_RESULT_OK;
}

/* Adds n * mult to *field, refusing overflow of 32 bits. */
static int add_part(MI_Uint32 *field, unsigned long long n, unsigned mult)
{
    unsigned long long v = *field + n * mult;
    if (n > 0xFFFFFFFFull || v > 0xFFFFFFFFull) return -1;
    *field = (MI_Uint32)v;
    return 0;
}

static MI_Result xs_duration(const char *p, MI_Interval *iv)
{
    memset(iv, 0, sizeof *iv);
    if (*p++ != 'P' || *p == '\0') return MI_RESULT_TYPE_MISMATCH;
    int in_time = 0, any = 0;
    while (*p) {
        if (*p == 'T') {
            if (in_time || p[1] == '\0') return MI_RESULT_TYPE_MISMATCH;
            in_time = 1;
            p++;
            continue;
        }
        if (!isdigit((unsigned char)*p)) return MI_RESULT_TYPE_MISMATCH;
        char *end;
        unsigned long long n = strtoull(p, &end, 10);
        p = end;
        unsigned us = 0;
        if (*p == '.') {
            if (!in_time || fraction(&p, &us) || *p != 'S') return MI_RESULT_TYPE_MISMATCH;
        }
        char unit = *p++;
        int bad;
        if (!in_time && unit == 'Y') bad = add_part(&iv->days, n, 365);
        else if (!in_time && unit == 'M') bad = add_part(&iv->days, n, 30);
        else if (!in_time && unit == 'D') bad = add_part(&iv->days, n, 1);
        else if (in_time && unit == 'H') bad = add_part(&iv->hours, n, 1);
        else if (in_time && unit == 'M') bad = add_part(&iv->minutes, n, 1);
        else if (in_time && unit == 'S') bad = add_part(&iv->seconds, n, 1), iv->microseconds = us;
        else bad = 1;
        if (bad) return MI_RESULT_TYPE_MISMATCH;
        any = 1;
    }
    return any ? MI_RESULT_OK : MI_RESULT_TYPE_MISMATCH;
}

MI_Result mimodel_datetime_from_text(const char *text, MI_Datetime *dt)
{
    char buf[96];
    if (text == NULL || dt == NULL) return MI_RESULT_INVALID_PARAMETER;
    memset(dt, 0, sizeof *dt);
    size_t start = 0, end = strlen(text);
    while (start < end && mimodel_is_xml_space((unsigned char)text[start])) start++;
    while (end > start && mimodel_is_xml_space((unsigned char)text[end - 1])) end--;
    if (end == start || end - start >= sizeof buf) return MI_RESULT_TYPE_MISMATCH;
    memcpy(buf, text + start, end - start);
    buf[end - start] = '\0';
    if (buf[0] == 'P') return xs_duration(buf, &dt->u.interval);
    if (strlen(buf) == 25 && buf[14] == '.') return dmtf_datetime(buf, dt);
    dt->isTimestamp = 1;
    return xs_datetime(buf, &dt->u.timestamp);
}

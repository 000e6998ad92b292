/*
 * text.c - CIM scalar values <-> the text WS-Management (DSP0230) carries them as.
 *
 * Choices:
 *  - integers: plain decimal; reading accepts XML whitespace around, a leading '+', and '-'
 *    (also "-0" for unsigned, as xs:unsignedInt does), nothing else (no hex, no exponent).
 *  - REAL32/REAL64: the shortest "%.*g" text that reads back to the same bits (at most 9 and 17
 *    digits); INF, -INF and NaN as xs:float/xs:double spell them; -0 stays "-0". Reading
 *    accepts the xs lexical forms only (digits, sign, '.', exponent, INF, +INF, -INF, NaN), so
 *    strtod's "inf"/"0x1p3" extensions are refused. Always in the C locale.
 *  - BOOLEAN: "true"/"false"; "1"/"0" accepted.
 *  - CHAR16: its code as decimal text ("65"), as OMI writes it; reading accepts that, or a
 *    single character whose code point fits in 16 bits when the text is not all digits.
 *  - DATETIME: see datetime.c. STRING: as is.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/mimodel.h"

#include <libxml/xmlstring.h>

static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static locale_t get_c_locale(void)
{
    pthread_once(&c_locale_once, make_c_locale);
    return c_locale;
}

static int c_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    /* uselocale is per thread, so this does not disturb other threads. */
    locale_t c = get_c_locale();
    locale_t old = c != (locale_t)0 ? uselocale(c) : (locale_t)0;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    if (old != (locale_t)0) uselocale(old);
    return n;
}

static double c_strtod(const char *s, char **end)
{
    locale_t c = get_c_locale();
    return c != (locale_t)0 ? strtod_l(s, end, c) : strtod(s, end);
}

static float c_strtof(const char *s, char **end)
{
    locale_t c = get_c_locale();
    return c != (locale_t)0 ? strtof_l(s, end, c) : strtof(s, end);
}

/* ---------------------------------------------------------------- writing */

static char *real_text(double v, int is32)
{
    char buf[64];
    if (isnan(v)) return strdup("NaN");
    if (isinf(v)) return strdup(v > 0 ? "INF" : "-INF");
    /* Shortest text that reads back exactly. */
    for (int prec = is32 ? 6 : 15; prec <= (is32 ? 9 : 17); prec++) {
        c_snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (is32 ? c_strtof(buf, NULL) == (float)v : c_strtod(buf, NULL) == v)
            break;
    }
    return strdup(buf);
}

char *mimodel_value_to_text(const MI_Value *value, MI_Type type)
{
    char buf[64];
    if (value == NULL) return NULL;
    switch (type) {
    case MI_BOOLEAN: return strdup(value->boolean ? "true" : "false");
    case MI_UINT8: snprintf(buf, sizeof buf, "%u", (unsigned)value->uint8); break;
    case MI_SINT8: snprintf(buf, sizeof buf, "%d", (int)value->sint8); break;
    case MI_UINT16: snprintf(buf, sizeof buf, "%u", (unsigned)value->uint16); break;
    case MI_SINT16: snprintf(buf, sizeof buf, "%d", (int)value->sint16); break;
    case MI_UINT32: snprintf(buf, sizeof buf, "%u", value->uint32); break;
    case MI_SINT32: snprintf(buf, sizeof buf, "%d", value->sint32); break;
    case MI_UINT64: snprintf(buf, sizeof buf, "%llu", value->uint64); break;
    case MI_SINT64: snprintf(buf, sizeof buf, "%lld", value->sint64); break;
    case MI_REAL32: return real_text(value->real32, 1);
    case MI_REAL64: return real_text(value->real64, 0);
    case MI_CHAR16: snprintf(buf, sizeof buf, "%u", (unsigned)value->char16); break;
    case MI_DATETIME: return mimodel_datetime_to_text(&value->datetime);
    case MI_STRING: return value->string != NULL ? strdup(value->string) : NULL;
    default: return NULL;
    }
    return strdup(buf);
}

/* ---------------------------------------------------------------- reading */

/* Copies text without surrounding XML whitespace into buf; -1 when it does not fit/is empty. */
static int trimmed(const char *text, char *buf, size_t size)
{
    size_t start = 0, end = strlen(text);
    while (start < end && mimodel_is_xml_space((unsigned char)text[start])) start++;
    while (end > start && mimodel_is_xml_space((unsigned char)text[end - 1])) end--;
    if (end == start || end - start >= size) return -1;
    memcpy(buf, text + start, end - start);
    buf[end - start] = '\0';
    return 0;
}

static int parse_unsigned(const char *s, unsigned long long max, unsigned long long *out)
{
    int neg = 0;
    if (*s == '+') s++;
    else if (*s == '-') neg = 1, s++;
    if (*s < '0' || *s > '9') return -1;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9') return -1;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno == ERANGE || v > max) return -1;
    if (neg && v != 0) return -1;
    *out = v;
    return 0;
}

static int parse_signed(const char *s, long long min, long long max, long long *out)
{
    const char *d = (*s == '+' || *s == '-') ? s + 1 : s;
    if (*d < '0' || *d > '9') return -1;
    for (const char *p = d; *p; p++)
        if (*p < '0' || *p > '9') return -1;
    errno = 0;
    long long v = strtoll(*s == '+' ? s + 1 : s, NULL, 10);
    if (errno == ERANGE || v < min || v > max) return -1;
    *out = v;
    return 0;
}

static int parse_real(const char *s, int is32, double *out)
{
    if (strcmp(s, "INF") == 0 || strcmp(s, "+INF") == 0) return *out = INFINITY, 0;
    if (strcmp(s, "-INF") == 0) return *out = -INFINITY, 0;
    if (strcmp(s, "NaN") == 0) return *out = NAN, 0;
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') digits = 1;
        else if (!strchr("+-.eE", *p)) return -1;
    }
    if (!digits) return -1;
    char *end = NULL;
    if (is32) {
        float f = c_strtof(s, &end);
        *out = f;
    } else {
        *out = c_strtod(s, &end);
    }
    return (end != NULL && *end == '\0') ? 0 : -1;
}

/* Decodes one UTF-8 character filling all of s; -1 otherwise. */
static long single_utf8_char(const char *s)
{
    int len = (int)strlen(s);
    int n = len;
    int c = xmlGetUTF8Char((const unsigned char *)s, &n);
    if (c < 0 || n != len) return -1;
    return c;
}

static MI_Result char16_from_text(const char *text, MI_Value *value)
{
    char buf[64];
    unsigned long long u;
    if (trimmed(text, buf, sizeof buf) == 0 && parse_unsigned(buf, 0xFFFF, &u) == 0) {
        value->char16 = (MI_Char16)u;
        return MI_RESULT_OK;
    }
    long c = single_utf8_char(text);
    if (c < 0 || c > 0xFFFF) return MI_RESULT_TYPE_MISMATCH;
    value->char16 = (MI_Char16)c;
    return MI_RESULT_OK;
}

static MI_Result integer_from_text(const char *buf, MI_Type type, MI_Value *v)
{
    unsigned long long u = 0;
    long long s = 0;
    int bad;
    switch (type) {
    case MI_UINT8: bad = parse_unsigned(buf, 0xFFu, &u); v->uint8 = (MI_Uint8)u; break;
    case MI_UINT16: bad = parse_unsigned(buf, 0xFFFFu, &u); v->uint16 = (MI_Uint16)u; break;
    case MI_UINT32: bad = parse_unsigned(buf, 0xFFFFFFFFu, &u); v->uint32 = (MI_Uint32)u; break;
    case MI_UINT64: bad = parse_unsigned(buf, ~0ull, &u); v->uint64 = u; break;
    case MI_SINT8: bad = parse_signed(buf, -128, 127, &s); v->sint8 = (MI_Sint8)s; break;
    case MI_SINT16: bad = parse_signed(buf, -32768, 32767, &s); v->sint16 = (MI_Sint16)s; break;
    case MI_SINT32:
        bad = parse_signed(buf, -2147483647LL - 1, 2147483647LL, &s);
        v->sint32 = (MI_Sint32)s;
        break;
    case MI_SINT64:
        bad = parse_signed(buf, -9223372036854775807LL - 1, 9223372036854775807LL, &s);
        v->sint64 = s;
        break;
    default: bad = 1; break;
    }
    return bad ? MI_RESULT_TYPE_MISMATCH : MI_RESULT_OK;
}

MI_Result mimodel_value_from_text(const char *text, MI_Type type, MI_Value *value)
{
    char buf[128];
    double d;
    if (text == NULL || value == NULL) return MI_RESULT_INVALID_PARAMETER;
    memset(value, 0, sizeof *value);
    switch (type) {
    case MI_STRING:
        value->string = strdup(text);
        return value->string != NULL ? MI_RESULT_OK : MI_RESULT_SERVER_LIMITS_EXCEEDED;
    case MI_CHAR16: return char16_from_text(text, value);
    case MI_DATETIME: return mimodel_datetime_from_text(text, &value->datetime);
    default: break;
    }
    if (trimmed(text, buf, sizeof buf) != 0) return MI_RESULT_TYPE_MISMATCH;
    switch (type) {
    case MI_BOOLEAN:
        if (!strcmp(buf, "true") || !strcmp(buf, "1")) value->boolean = 1;
        else if (!strcmp(buf, "false") || !strcmp(buf, "0")) value->boolean = 0;
        else return MI_RESULT_TYPE_MISMATCH;
        return MI_RESULT_OK;
    case MI_REAL32:
        if (parse_real(buf, 1, &d)) return MI_RESULT_TYPE_MISMATCH;
        value->real32 = (float)d;
        return MI_RESULT_OK;
    case MI_REAL64:
        if (parse_real(buf, 0, &d)) return MI_RESULT_TYPE_MISMATCH;
        value->real64 = d;
        return MI_RESULT_OK;
    default: return integer_from_text(buf, type, value);
    }
}

int mimodel_is_xml_space(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

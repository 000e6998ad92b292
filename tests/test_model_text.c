/*
 * test_model_text.c - CIM scalar values <-> their text: every type, its extremes, the real
 * specials, datetimes and intervals, and conversion to a declared type.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/cutest.h"
#include "tests/wsman_test_util.h"

static char *text_of(MI_Type type, MI_Value v)
{
    return mimodel_value_to_text(&v, type);
}

static void roundtrip(MI_Type type, MI_Value v, const char *expect)
{
    char *t = text_of(type, v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    if (expect != NULL) {
        CU_ASSERT_STRING_EQUAL(t, expect);
        if (strcmp(t, expect) != 0) fprintf(stderr, "got '%s' want '%s'\n", t, expect);
    }
    MI_Value back;
    CU_ASSERT_EQUAL(mimodel_value_from_text(t, type, &back), MI_RESULT_OK);
    char why[200] = "";
    CU_ASSERT_TRUE(wt_values_equal(&v, &back, type, why, sizeof why));
    mimodel_value_clear(&back, type);
    free(t);
}

static void test_integer_extremes(void)
{
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.uint8 = 0; roundtrip(MI_UINT8, v, "0");
    v.uint8 = 255; roundtrip(MI_UINT8, v, "255");
    v.sint8 = -128; roundtrip(MI_SINT8, v, "-128");
    v.sint8 = 127; roundtrip(MI_SINT8, v, "127");
    v.uint16 = 65535; roundtrip(MI_UINT16, v, "65535");
    v.sint16 = -32768; roundtrip(MI_SINT16, v, "-32768");
    v.sint16 = 32767; roundtrip(MI_SINT16, v, "32767");
    v.uint32 = 4294967295u; roundtrip(MI_UINT32, v, "4294967295");
    v.sint32 = -2147483647 - 1; roundtrip(MI_SINT32, v, "-2147483648");
    v.sint32 = 2147483647; roundtrip(MI_SINT32, v, "2147483647");
    v.uint64 = 18446744073709551615ull; roundtrip(MI_UINT64, v, "18446744073709551615");
    v.sint64 = -9223372036854775807LL - 1; roundtrip(MI_SINT64, v, "-9223372036854775808");
    v.sint64 = 9223372036854775807LL; roundtrip(MI_SINT64, v, "9223372036854775807");
}

static void test_integer_bad_text(void)
{
    MI_Value v;
    static const struct { MI_Type t; const char *s; } bad[] = {
        {MI_UINT8, "256"}, {MI_UINT8, "-1"}, {MI_SINT8, "128"}, {MI_SINT8, "-129"},
        {MI_UINT16, "65536"}, {MI_SINT16, "32768"}, {MI_UINT32, "4294967296"},
        {MI_SINT32, "2147483648"}, {MI_SINT32, "-2147483649"},
        {MI_UINT64, "18446744073709551616"}, {MI_SINT64, "9223372036854775808"},
        {MI_UINT32, ""}, {MI_UINT32, "  "}, {MI_UINT32, "0x10"}, {MI_UINT32, "1.5"},
        {MI_UINT32, "1e3"}, {MI_SINT32, "--1"}, {MI_SINT32, "+"}, {MI_UINT32, "12 3"},
        {MI_BOOLEAN, "yes"}, {MI_BOOLEAN, "TRUE"}, {MI_REAL64, "inf"}, {MI_REAL64, "0x1p3"},
        {MI_REAL64, "nan"}, {MI_REAL32, "1.0f"}, {MI_REAL64, ""}, {MI_CHAR16, "65536"},
        {MI_CHAR16, "AB"}, {MI_CHAR16, ""}, {MI_DATETIME, "yesterday"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        MI_Result st = mimodel_value_from_text(bad[i].s, bad[i].t, &v);
        CU_ASSERT_EQUAL(st, MI_RESULT_TYPE_MISMATCH);
        if (st != MI_RESULT_TYPE_MISMATCH) fprintf(stderr, "accepted '%s' as type %d\n", bad[i].s, bad[i].t);
    }
}

static void test_integer_tolerant_text(void)
{
    MI_Value v;
    CU_ASSERT_EQUAL(mimodel_value_from_text(" \n+42\t", MI_UINT32, &v), MI_RESULT_OK);
    CU_ASSERT_EQUAL(v.uint32, 42u);
    CU_ASSERT_EQUAL(mimodel_value_from_text("-0", MI_UINT8, &v), MI_RESULT_OK);
    CU_ASSERT_EQUAL(v.uint8, 0);
    CU_ASSERT_EQUAL(mimodel_value_from_text("1", MI_BOOLEAN, &v), MI_RESULT_OK);
    CU_ASSERT_EQUAL(v.boolean, 1);
    CU_ASSERT_EQUAL(mimodel_value_from_text("0", MI_BOOLEAN, &v), MI_RESULT_OK);
    CU_ASSERT_EQUAL(v.boolean, 0);
    v.boolean = 1; roundtrip(MI_BOOLEAN, v, "true");
    v.boolean = 0; roundtrip(MI_BOOLEAN, v, "false");
}

static void test_reals(void)
{
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.real64 = 0.1; roundtrip(MI_REAL64, v, "0.1");
    v.real64 = 1.0 / 3; roundtrip(MI_REAL64, v, "0.3333333333333333");
    v.real64 = DBL_MAX; roundtrip(MI_REAL64, v, "1.7976931348623157e+308");
    v.real64 = DBL_MIN; roundtrip(MI_REAL64, v, NULL);
    v.real64 = 4.9406564584124654e-324; roundtrip(MI_REAL64, v, NULL); /* denormal */
    v.real64 = -0.0; roundtrip(MI_REAL64, v, "-0");
    v.real64 = INFINITY; roundtrip(MI_REAL64, v, "INF");
    v.real64 = -INFINITY; roundtrip(MI_REAL64, v, "-INF");
    v.real64 = NAN; roundtrip(MI_REAL64, v, "NaN");
    v.real32 = 0.1f; roundtrip(MI_REAL32, v, "0.1");
    v.real32 = FLT_MAX; roundtrip(MI_REAL32, v, "3.4028235e+38");
    v.real32 = FLT_MIN; roundtrip(MI_REAL32, v, NULL);
    v.real32 = 16777217.0f; roundtrip(MI_REAL32, v, NULL);
    v.real32 = -INFINITY; roundtrip(MI_REAL32, v, "-INF");
    v.real32 = NAN; roundtrip(MI_REAL32, v, "NaN");
    CU_ASSERT_EQUAL(mimodel_value_from_text("+INF", MI_REAL32, &v), MI_RESULT_OK);
    CU_ASSERT_TRUE(isinf(v.real32) && v.real32 > 0);
    CU_ASSERT_EQUAL(mimodel_value_from_text("1E3", MI_REAL64, &v), MI_RESULT_OK);
    CU_ASSERT_EQUAL(v.real64, 1000.0);
}

static void test_char16_and_string(void)
{
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.char16 = 65; roundtrip(MI_CHAR16, v, "65");
    v.char16 = 0; roundtrip(MI_CHAR16, v, "0");
    v.char16 = 0xFFFF; roundtrip(MI_CHAR16, v, "65535");
    CU_ASSERT_EQUAL(mimodel_value_from_text("A", MI_CHAR16, &v), MI_RESULT_OK);
    CU_ASSERT_EQUAL(v.char16, 65);
    CU_ASSERT_EQUAL(mimodel_value_from_text("\xe2\x82\xac", MI_CHAR16, &v), MI_RESULT_OK); /* euro */
    CU_ASSERT_EQUAL(v.char16, 0x20AC);
    v.string = (MI_Char *)"  spaced <&> \xc3\xa9 ";
    roundtrip(MI_STRING, v, "  spaced <&> \xc3\xa9 ");
}

static void dt_roundtrip(MI_Datetime dt, const char *expect)
{
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.datetime = dt;
    roundtrip(MI_DATETIME, v, expect);
}

static void test_datetimes(void)
{
    dt_roundtrip(wt_timestamp(2026, 11, 24, 5, 0, 0, 0, 0), "2026-11-24T05:00:00Z");
    dt_roundtrip(wt_timestamp(2026, 1, 2, 3, 4, 5, 123456, 330), "2026-01-02T03:04:05.123456+05:30");
    dt_roundtrip(wt_timestamp(1999, 12, 31, 23, 59, 59, 1, -480), "1999-12-31T23:59:59.000001-08:00");
    dt_roundtrip(wt_interval(1, 2, 0, 0, 0), "P1DT2H");
    dt_roundtrip(wt_interval(0, 0, 0, 0, 0), "PT0S");
    dt_roundtrip(wt_interval(0, 0, 0, 0, 1), "PT0.000001S");
    dt_roundtrip(wt_interval(3, 4, 5, 6, 7), "P3DT4H5M6.000007S");
    dt_roundtrip(wt_interval(0, 30, 90, 100, 0), "PT30H90M100S"); /* not normalised, exact */
    dt_roundtrip(wt_interval(4294967295u, 0, 0, 0, 0), "P4294967295D");

    MI_Datetime dt;
    CU_ASSERT_EQUAL(mimodel_datetime_from_text("2026-11-24T05:00:00", &dt), MI_RESULT_OK);
    CU_ASSERT_EQUAL(dt.u.timestamp.utc, 0);
    CU_ASSERT_EQUAL(mimodel_datetime_from_text("2026-11-24T05:00:00.5Z", &dt), MI_RESULT_OK);
    CU_ASSERT_EQUAL(dt.u.timestamp.microseconds, 500000u);
    CU_ASSERT_EQUAL(mimodel_datetime_from_text("20261124050000.000001-060", &dt), MI_RESULT_OK);
    CU_ASSERT_TRUE(dt.isTimestamp && dt.u.timestamp.utc == -60 && dt.u.timestamp.year == 2026);
    CU_ASSERT_EQUAL(mimodel_datetime_from_text("00000001020304.000005:000", &dt), MI_RESULT_OK);
    CU_ASSERT_TRUE(!dt.isTimestamp && dt.u.interval.days == 1 && dt.u.interval.seconds == 4);
    CU_ASSERT_EQUAL(mimodel_datetime_from_text("P1Y2M", &dt), MI_RESULT_OK);
    CU_ASSERT_EQUAL(dt.u.interval.days, 425u);
    static const char *bad[] = {"", "P", "PT", "-P1D", "P1H", "PT1D", "2026-13-01T00:00:00Z",
                                "2026-11-24T05:00", "2026-11-24T05:00:00+25:00", "P1.5D",
                                "P99999999999D", "2026-11-24X"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_EQUAL(mimodel_datetime_from_text(bad[i], &dt), MI_RESULT_TYPE_MISMATCH);
}

static void test_convert(void)
{
    MI_Value src, dst;
    src.string = (MI_Char *)"4294967295";
    CU_ASSERT_EQUAL(mimodel_value_convert(&src, MI_STRING, MI_UINT32, &dst), MI_RESULT_OK);
    CU_ASSERT_EQUAL(dst.uint32, 4294967295u);
    CU_ASSERT_EQUAL(mimodel_value_convert(&src, MI_STRING, MI_UINT16, &dst), MI_RESULT_TYPE_MISMATCH);
    /* one element that a declaration says is an array */
    CU_ASSERT_EQUAL(mimodel_value_convert(&src, MI_STRING, MI_UINT64A, &dst), MI_RESULT_OK);
    CU_ASSERT_TRUE(dst.uint64a.size == 1 && dst.uint64a.data[0] == 4294967295ull);
    mimodel_value_clear(&dst, MI_UINT64A);
    MI_Char *items[] = {(MI_Char *)"1", (MI_Char *)"-2"};
    src.stringa.data = items;
    src.stringa.size = 2;
    CU_ASSERT_EQUAL(mimodel_value_convert(&src, MI_STRINGA, MI_SINT8A, &dst), MI_RESULT_OK);
    CU_ASSERT_TRUE(dst.sint8a.size == 2 && dst.sint8a.data[1] == -2);
    mimodel_value_clear(&dst, MI_SINT8A);
    CU_ASSERT_EQUAL(mimodel_value_convert(&src, MI_STRINGA, MI_UINT8A, &dst), MI_RESULT_TYPE_MISMATCH);
    CU_ASSERT_EQUAL(mimodel_value_convert(&src, MI_STRINGA, MI_UINT8, &dst), MI_RESULT_TYPE_MISMATCH);
    CU_ASSERT_EQUAL(mimodel_value_convert(&src, MI_STRINGA, MI_STRINGA, &dst), MI_RESULT_OK);
    CU_ASSERT_STRING_EQUAL(dst.stringa.data[1], "-2");
    mimodel_value_clear(&dst, MI_STRINGA);
    src.uint8 = 200;
    CU_ASSERT_EQUAL(mimodel_value_convert(&src, MI_UINT8, MI_SINT8, &dst), MI_RESULT_TYPE_MISMATCH);
    CU_ASSERT_EQUAL(mimodel_value_convert(&src, MI_UINT8, MI_UINT32, &dst), MI_RESULT_OK);
    CU_ASSERT_EQUAL(dst.uint32, 200u);
    src.string = (MI_Char *)"2026-11-24T05:00:00Z";
    CU_ASSERT_EQUAL(mimodel_value_convert(&src, MI_STRING, MI_DATETIMEA, &dst), MI_RESULT_OK);
    CU_ASSERT_TRUE(dst.datetimea.size == 1 && dst.datetimea.data[0].u.timestamp.day == 24);
    mimodel_value_clear(&dst, MI_DATETIMEA);
    CU_ASSERT_EQUAL(mimodel_value_convert(&src, MI_STRING, MI_INSTANCE, &dst), MI_RESULT_TYPE_MISMATCH);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"integer_extremes", test_integer_extremes},
        {"integer_bad_text", test_integer_bad_text},
        {"integer_tolerant_text", test_integer_tolerant_text},
        {"reals", test_reals},
        {"char16_and_string", test_char16_and_string},
        {"datetimes", test_datetimes},
        {"convert", test_convert},
        {NULL, NULL},
    };
    return cutest_run("test_model_text", cases, argc, argv);
}

/*
 * test_wsman_values.c - CIM values <-> XML text and elements: every type, its extremes, the
 * real specials, datetimes and intervals, xsi:type names, and whole instances written as an
 * _OUTPUT (typed and untyped) and read back.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/cutest.h"
#include "tests/wsman_test_util.h"

static char *text_of(MI_Type type, MI_Value v)
{
    return wsman_value_to_text(&v, type);
}

/* value -> text -> value must give the same bits; text must be `expect` when given. */
static void roundtrip(MI_Type type, MI_Value v, const char *expect)
{
    char *t = text_of(type, v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    if (expect != NULL) {
        CU_ASSERT_STRING_EQUAL(t, expect);
        if (strcmp(t, expect) != 0) fprintf(stderr, "got '%s' want '%s'\n", t, expect);
    }
    MI_Value back;
    CU_ASSERT_EQUAL(wsman_value_from_text(t, type, &back), WSMAN_OK);
    char why[200] = "";
    CU_ASSERT_TRUE(wt_values_equal(&v, &back, type, why, sizeof why));
    miref_value_clear(&back, type);
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
        wsman_status st = wsman_value_from_text(bad[i].s, bad[i].t, &v);
        CU_ASSERT_EQUAL(st, WSMAN_E_VALUE);
        if (st != WSMAN_E_VALUE) fprintf(stderr, "accepted '%s' as type %d\n", bad[i].s, bad[i].t);
    }
}

static void test_integer_tolerant_text(void)
{
    MI_Value v;
    CU_ASSERT_EQUAL(wsman_value_from_text(" \n+42\t", MI_UINT32, &v), WSMAN_OK);
    CU_ASSERT_EQUAL(v.uint32, 42u);
    CU_ASSERT_EQUAL(wsman_value_from_text("-0", MI_UINT8, &v), WSMAN_OK);
    CU_ASSERT_EQUAL(v.uint8, 0);
    CU_ASSERT_EQUAL(wsman_value_from_text("1", MI_BOOLEAN, &v), WSMAN_OK);
    CU_ASSERT_EQUAL(v.boolean, 1);
    CU_ASSERT_EQUAL(wsman_value_from_text("0", MI_BOOLEAN, &v), WSMAN_OK);
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
    CU_ASSERT_EQUAL(wsman_value_from_text("+INF", MI_REAL32, &v), WSMAN_OK);
    CU_ASSERT_TRUE(isinf(v.real32) && v.real32 > 0);
    CU_ASSERT_EQUAL(wsman_value_from_text("1E3", MI_REAL64, &v), WSMAN_OK);
    CU_ASSERT_EQUAL(v.real64, 1000.0);
}

static void test_char16_and_string(void)
{
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.char16 = 65; roundtrip(MI_CHAR16, v, "65");
    v.char16 = 0; roundtrip(MI_CHAR16, v, "0");
    v.char16 = 0xFFFF; roundtrip(MI_CHAR16, v, "65535");
    CU_ASSERT_EQUAL(wsman_value_from_text("A", MI_CHAR16, &v), WSMAN_OK);
    CU_ASSERT_EQUAL(v.char16, 65);
    CU_ASSERT_EQUAL(wsman_value_from_text("\xe2\x82\xac", MI_CHAR16, &v), WSMAN_OK); /* euro */
    CU_ASSERT_EQUAL(v.char16, 0x20AC);
    v.string = (MI_Char *)"  spaced <&> \xc3\xa9 ";
    roundtrip(MI_STRING, v, "  spaced <&> \xc3\xa9 ");
}

static MI_Datetime ts(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s,
                      unsigned us, int utc)
{
    MI_Datetime dt;
    memset(&dt, 0, sizeof dt);
    dt.isTimestamp = 1;
    dt.u.timestamp = (MI_Timestamp){y, mo, d, h, mi, s, us, utc};
    return dt;
}

static MI_Datetime iv(unsigned d, unsigned h, unsigned m, unsigned s, unsigned us)
{
    MI_Datetime dt;
    memset(&dt, 0, sizeof dt);
    dt.u.interval = (MI_Interval){d, h, m, s, us, 0, 0, 0};
    return dt;
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
    dt_roundtrip(ts(2026, 11, 24, 5, 0, 0, 0, 0), "2026-11-24T05:00:00Z");
    dt_roundtrip(ts(2026, 1, 2, 3, 4, 5, 123456, 330), "2026-01-02T03:04:05.123456+05:30");
    dt_roundtrip(ts(1999, 12, 31, 23, 59, 59, 1, -480), "1999-12-31T23:59:59.000001-08:00");
    dt_roundtrip(iv(1, 2, 0, 0, 0), "P1DT2H");
    dt_roundtrip(iv(0, 0, 0, 0, 0), "PT0S");
    dt_roundtrip(iv(0, 0, 0, 0, 1), "PT0.000001S");
    dt_roundtrip(iv(3, 4, 5, 6, 7), "P3DT4H5M6.000007S");
    dt_roundtrip(iv(0, 30, 90, 100, 0), "PT30H90M100S"); /* not normalised, exact */
    dt_roundtrip(iv(4294967295u, 0, 0, 0, 0), "P4294967295D");

    MI_Datetime dt;
    CU_ASSERT_EQUAL(wsman_datetime_from_text("2026-11-24T05:00:00", &dt), WSMAN_OK);
    CU_ASSERT_EQUAL(dt.u.timestamp.utc, 0);
    CU_ASSERT_EQUAL(wsman_datetime_from_text("2026-11-24T05:00:00.5Z", &dt), WSMAN_OK);
    CU_ASSERT_EQUAL(dt.u.timestamp.microseconds, 500000u);
    CU_ASSERT_EQUAL(wsman_datetime_from_text("20261124050000.000001-060", &dt), WSMAN_OK);
    CU_ASSERT_TRUE(dt.isTimestamp && dt.u.timestamp.utc == -60 && dt.u.timestamp.year == 2026);
    CU_ASSERT_EQUAL(wsman_datetime_from_text("00000001020304.000005:000", &dt), WSMAN_OK);
    CU_ASSERT_TRUE(!dt.isTimestamp && dt.u.interval.days == 1 && dt.u.interval.seconds == 4);
    CU_ASSERT_EQUAL(wsman_datetime_from_text("P1Y2M", &dt), WSMAN_OK);
    CU_ASSERT_EQUAL(dt.u.interval.days, 425u);
    static const char *bad[] = {"", "P", "PT", "-P1D", "P1H", "PT1D", "2026-13-01T00:00:00Z",
                                "2026-11-24T05:00", "2026-11-24T05:00:00+25:00", "P1.5D",
                                "P99999999999D", "2026-11-24X"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_EQUAL(wsman_datetime_from_text(bad[i], &dt), WSMAN_E_VALUE);
}

static void test_durations(void)
{
    CU_ASSERT_EQUAL(wsman_duration_to_ms("PT60.000S"), 60000);
    CU_ASSERT_EQUAL(wsman_duration_to_ms("PT0.5S"), 500);
    CU_ASSERT_EQUAL(wsman_duration_to_ms("P1DT1M"), 86460000);
    CU_ASSERT_EQUAL(wsman_duration_to_ms("60"), -1);
    CU_ASSERT_EQUAL(wsman_duration_to_ms("2026-11-24T05:00:00Z"), -1);
    CU_ASSERT_EQUAL(wsman_duration_to_ms(NULL), -1);
    char *d = wsman_ms_to_duration(60000);
    CU_ASSERT_STRING_EQUAL(d, "PT60.000S");
    free(d);
    d = wsman_ms_to_duration(1234567);
    CU_ASSERT_STRING_EQUAL(d, "PT1234.567S");
    CU_ASSERT_EQUAL(wsman_duration_to_ms(d), 1234567);
    free(d);
}

static void test_xsi_types(void)
{
    for (int t = MI_BOOLEAN; t <= MI_REFERENCE; t++) {
        const char *q = wsman_xsi_type_name((MI_Type)t);
        CU_ASSERT_PTR_NOT_NULL_FATAL(q);
        CU_ASSERT_EQUAL(strncmp(q, "cim:", 4), 0);
        MI_Type back;
        CU_ASSERT_EQUAL(wsman_type_from_xsi(q + 4, &back), 0);
        CU_ASSERT_EQUAL(back, (MI_Type)t);
    }
    CU_ASSERT_PTR_NULL(wsman_xsi_type_name(MI_INSTANCE));
    MI_Type t;
    CU_ASSERT_EQUAL(wsman_type_from_xsi("unsignedInt", &t), 0);
    CU_ASSERT_EQUAL(t, MI_UINT32);
    CU_ASSERT_EQUAL(wsman_type_from_xsi("xs:boolean", &t), 0);
    CU_ASSERT_EQUAL(t, MI_BOOLEAN);
    CU_ASSERT_EQUAL(wsman_type_from_xsi("cimNothing", &t), -1);
}

/* ---------------------------------------------------------------- whole instances */

static void add(MI_Instance *inst, const char *name, MI_Type type, MI_Value v)
{
    CU_ASSERT_EQUAL_FATAL(MI_Instance_AddElement(inst, name, &v, type, 0), MI_RESULT_OK);
}

static MI_Instance *every_type(int with_arrays)
{
    MI_Instance *inst = NULL, *emb = NULL, *ref = NULL, *emb2 = NULL;
    CU_ASSERT_EQUAL_FATAL(miref_instance_new("Sample_OUTPUT", &inst), MI_RESULT_OK);
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.uint32 = 0; add(inst, "ReturnValue", MI_UINT32, v);
    v.boolean = 1; add(inst, "B", MI_BOOLEAN, v);
    v.uint8 = 255; add(inst, "U8", MI_UINT8, v);
    v.sint8 = -128; add(inst, "S8", MI_SINT8, v);
    v.uint16 = 65535; add(inst, "U16", MI_UINT16, v);
    v.sint16 = -32768; add(inst, "S16", MI_SINT16, v);
    v.uint32 = 4294967295u; add(inst, "U32", MI_UINT32, v);
    v.sint32 = -2147483647 - 1; add(inst, "S32", MI_SINT32, v);
    v.uint64 = ~0ull; add(inst, "U64", MI_UINT64, v);
    v.sint64 = -9223372036854775807LL - 1; add(inst, "S64", MI_SINT64, v);
    v.real32 = -INFINITY; add(inst, "R32", MI_REAL32, v);
    v.real64 = 0.1; add(inst, "R64", MI_REAL64, v);
    v.real64 = NAN; add(inst, "R64nan", MI_REAL64, v);
    v.char16 = 0x20AC; add(inst, "C16", MI_CHAR16, v);
    v.datetime = ts(2026, 11, 24, 5, 0, 0, 7, -90); add(inst, "DT", MI_DATETIME, v);
    v.datetime = iv(1, 2, 3, 4, 5); add(inst, "IV", MI_DATETIME, v);
    v.string = (MI_Char *)"a <b> & \"c\" \xc3\xa9\n\ttab\r\n]]> end"; add(inst, "S", MI_STRING, v);
    v.string = (MI_Char *)""; add(inst, "Empty", MI_STRING, v);
    CU_ASSERT_EQUAL(MI_Instance_AddElement(inst, "Nul", NULL, MI_UINT32, MI_FLAG_NULL),
                    MI_RESULT_OK);
    miref_instance_new("Inner", &emb2);
    v.string = (MI_Char *)"deep"; add(emb2, "Leaf", MI_STRING, v);
    miref_instance_new("Embedded_Thing", &emb);
    v.uint16 = 7; add(emb, "Num", MI_UINT16, v);
    v.instance = emb2; add(emb, "Nested", MI_INSTANCE, v);
    v.instance = emb; add(inst, "Emb", MI_INSTANCE, v);
    miref_instance_new("CIM_Thing", &ref);
    v.string = (MI_Char *)"key one"; add(ref, "Name", MI_STRING, v);
    MI_Instance_SetNameSpace(ref, "root/cimv2");
    v.reference = ref; add(inst, "Ref", MI_REFERENCE, v);
    if (with_arrays) {
        MI_Uint32 u[] = {0, 1, 4294967295u};
        v.uint32a.data = u, v.uint32a.size = 3; add(inst, "U32A", MI_UINT32A, v);
        MI_Sint64 s[] = {-1, 9223372036854775807LL};
        v.sint64a.data = s, v.sint64a.size = 2; add(inst, "S64A", MI_SINT64A, v);
        MI_Char *strs[] = {(MI_Char *)"x", (MI_Char *)"", (MI_Char *)"z z"};
        v.stringa.data = strs, v.stringa.size = 3; add(inst, "SA", MI_STRINGA, v);
        MI_Boolean bools[] = {1, 0};
        v.booleana.data = bools, v.booleana.size = 2; add(inst, "BA", MI_BOOLEANA, v);
        MI_Real32 reals[] = {1.5f, NAN, INFINITY};
        v.real32a.data = reals, v.real32a.size = 3; add(inst, "R32A", MI_REAL32A, v);
        MI_Datetime dts[] = {ts(2000, 1, 1, 0, 0, 0, 0, 0), iv(0, 0, 0, 1, 0)};
        v.datetimea.data = dts, v.datetimea.size = 2; add(inst, "DTA", MI_DATETIMEA, v);
        MI_Char16 cs[] = {65, 66};
        v.char16a.data = cs, v.char16a.size = 2; add(inst, "CA", MI_CHAR16A, v);
        MI_Instance *insts[] = {emb2, emb2};
        v.instancea.data = insts, v.instancea.size = 2; add(inst, "IA", MI_INSTANCEA, v);
        MI_Instance *refs[] = {ref, ref};
        v.referencea.data = refs, v.referencea.size = 2; add(inst, "RA", MI_REFERENCEA, v);
    }
    MI_Instance_Delete(emb);
    MI_Instance_Delete(emb2);
    MI_Instance_Delete(ref);
    return inst;
}

static wsman_envelope *write_and_read(const MI_Instance *outputs, int typed)
{
    wsman_invoke_response r;
    memset(&r, 0, sizeof r);
    r.resource_uri = WSMAN_URI_DMTF_CLASS_PREFIX "Sample";
    r.method = "Sample";
    r.relates_to = "uuid:1";
    r.typed = typed;
    r.outputs = outputs;
    char *xml = NULL;
    size_t len = 0;
    wsman_error err;
    CU_ASSERT_EQUAL_FATAL(wsman_write_invoke_response(&r, &xml, &len, &err), 0);
    CU_ASSERT_EQUAL(strlen(xml), len);
    wsman_envelope *env = wsman_envelope_parse(xml, len, NULL, &err);
    if (env == NULL) fprintf(stderr, "parse: %s\n%s\n", err.message, xml);
    free(xml);
    return env;
}

/* A reference reads back with its keys as strings (the wire has no types for selectors). */
static void test_typed_roundtrip_every_type(void)
{
    MI_Instance *inst = every_type(1);
    wsman_envelope *env = write_and_read(inst, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_OUTPUT);
    CU_ASSERT_STRING_EQUAL(env->body_name, "Sample_OUTPUT");
    char why[300] = "";
    int same = wt_instances_equal(inst, env->params, why, sizeof why);
    CU_ASSERT_TRUE(same);
    if (!same) fprintf(stderr, "typed round trip: %s\n", why);
    const MI_Char *ns = NULL;
    MI_Value v;
    MI_Type t;
    MI_Uint32 f;
    CU_ASSERT_EQUAL(MI_Instance_GetElement(env->params, "Ref", &v, &t, &f, NULL), MI_RESULT_OK);
    CU_ASSERT_EQUAL(t, MI_REFERENCE);
    MI_Instance_GetNameSpace(v.reference, &ns);
    CU_ASSERT_STRING_EQUAL(ns, "root/cimv2");
    CU_ASSERT_EQUAL(MI_Instance_GetElement(v.reference, "Name", &v, &t, &f, NULL), MI_RESULT_OK);
    CU_ASSERT_TRUE(f & MI_FLAG_KEY);
    wsman_envelope_free(env);
    MI_Instance_Delete(inst);
}

/* Untyped (OMI style): every scalar comes back as MI_STRING with the same text (INV-5). */
static void test_untyped_gives_strings(void)
{
    MI_Instance *inst = every_type(1);
    wsman_envelope *env = write_and_read(inst, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    MI_Uint32 n = 0, m = 0;
    MI_Instance_GetElementCount(inst, &n);
    MI_Instance_GetElementCount(env->params, &m);
    CU_ASSERT_EQUAL(n, m);
    for (MI_Uint32 i = 0; i < n; i++) {
        const MI_Char *name;
        MI_Value a, b;
        MI_Type ta, tb;
        MI_Uint32 fa, fb;
        MI_Instance_GetElementAt(inst, i, &name, &a, &ta, &fa);
        CU_ASSERT_EQUAL_FATAL(MI_Instance_GetElement(env->params, name, &b, &tb, &fb, NULL),
                              MI_RESULT_OK);
        MI_Type scalar = (MI_Type)(ta & ~MI_ARRAY);
        MI_Type want = scalar == MI_DATETIME || scalar == MI_INSTANCE || scalar == MI_REFERENCE
                           ? scalar : MI_STRING;
        if (ta & MI_ARRAY) want = (MI_Type)(want | MI_ARRAY);
        CU_ASSERT_EQUAL(tb, want);
        if (tb != want) fprintf(stderr, "%s: type %d want %d\n", name, tb, want);
        if (ta < MI_DATETIME && tb == MI_STRING && !(fa & MI_FLAG_NULL)) {
            char *text = wsman_value_to_text(&a, ta);
            CU_ASSERT_STRING_EQUAL(b.string, text);
            free(text);
        }
    }
    /* Null stays null. */
    MI_Value v;
    MI_Type t;
    MI_Uint32 f;
    CU_ASSERT_EQUAL(MI_Instance_GetElement(env->params, "Nul", &v, &t, &f, NULL), MI_RESULT_OK);
    CU_ASSERT_TRUE(f & MI_FLAG_NULL);
    wsman_envelope_free(env);
    MI_Instance_Delete(inst);
}

/* Request side: parameters written untyped by default, typed on request; arrays repeated. */
static void test_request_params_roundtrip(void)
{
    MI_Instance *inst = every_type(1);
    wsman_invoke_request q;
    memset(&q, 0, sizeof q);
    q.resource_uri = WSMAN_URI_DMTF_CLASS_PREFIX "Sample";
    q.method = "Sample";
    q.params = inst;
    q.typed = 1;
    char *xml = NULL;
    size_t len;
    wsman_error err;
    CU_ASSERT_EQUAL_FATAL(wsman_write_invoke_request(&q, &xml, &len, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<p:Sample_INPUT xmlns:p=\""));
    wsman_envelope *env = wsman_envelope_parse(xml, len, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(env);
    CU_ASSERT_EQUAL(env->body_kind, WSMAN_BODY_METHOD);
    CU_ASSERT_STRING_EQUAL(env->body_name, "Sample_INPUT");
    MI_Value v;
    MI_Type t;
    MI_Uint32 f;
    CU_ASSERT_EQUAL(MI_Instance_GetElement(env->params, "U32A", &v, &t, &f, NULL), MI_RESULT_OK);
    CU_ASSERT_EQUAL(t, MI_UINT32A);
    CU_ASSERT_EQUAL(v.uint32a.size, 3u);
    char why[300] = "";
    int same = wt_instances_equal(inst, env->params, why, sizeof why);
    /* class names differ (Sample_OUTPUT vs Sample_INPUT): compare elements only */
    CU_ASSERT_TRUE(!same && strstr(why, "class") != NULL);
    wsman_envelope_free(env);
    free(xml);
    MI_Instance_Delete(inst);
}

static void test_unwritable_values(void)
{
    MI_Instance *inst = NULL;
    miref_instance_new("X", &inst);
    MI_Value v;
    v.string = (MI_Char *)"bell\x07";
    MI_Instance_AddElement(inst, "S", &v, MI_STRING, 0);
    wsman_invoke_response r;
    memset(&r, 0, sizeof r);
    r.resource_uri = "http://x/X";
    r.method = "M";
    r.outputs = inst;
    char *xml = (char *)1;
    size_t len;
    wsman_error err;
    CU_ASSERT_EQUAL(wsman_write_invoke_response(&r, &xml, &len, &err), -1);
    CU_ASSERT_PTR_NULL(xml);
    CU_ASSERT_EQUAL(err.status, WSMAN_E_VALUE);
    MI_Instance_Delete(inst);
    miref_instance_new("X", &inst);
    v.string = (MI_Char *)"\xff\xfe";
    MI_Instance_AddElement(inst, "S", &v, MI_STRING, 0);
    r.outputs = inst;
    CU_ASSERT_EQUAL(wsman_write_invoke_response(&r, &xml, &len, &err), -1);
    CU_ASSERT_EQUAL(err.status, WSMAN_E_VALUE);
    MI_Instance_Delete(inst);
    miref_instance_new("X", &inst);
    v.uint32 = 1;
    MI_Instance_AddElement(inst, "not a name", &v, MI_UINT32, 0);
    r.outputs = inst;
    CU_ASSERT_EQUAL(wsman_write_invoke_response(&r, &xml, &len, &err), -1);
    CU_ASSERT_EQUAL(err.status, WSMAN_E_ARGUMENT);
    MI_Instance_Delete(inst);
}

static void test_convert(void)
{
    MI_Value src, dst;
    src.string = (MI_Char *)"4294967295";
    CU_ASSERT_EQUAL(wsman_value_convert(&src, MI_STRING, MI_UINT32, &dst), WSMAN_OK);
    CU_ASSERT_EQUAL(dst.uint32, 4294967295u);
    CU_ASSERT_EQUAL(wsman_value_convert(&src, MI_STRING, MI_UINT16, &dst), WSMAN_E_VALUE);
    /* one element that a declaration says is an array */
    CU_ASSERT_EQUAL(wsman_value_convert(&src, MI_STRING, MI_UINT64A, &dst), WSMAN_OK);
    CU_ASSERT_TRUE(dst.uint64a.size == 1 && dst.uint64a.data[0] == 4294967295ull);
    miref_value_clear(&dst, MI_UINT64A);
    MI_Char *items[] = {(MI_Char *)"1", (MI_Char *)"-2"};
    src.stringa.data = items;
    src.stringa.size = 2;
    CU_ASSERT_EQUAL(wsman_value_convert(&src, MI_STRINGA, MI_SINT8A, &dst), WSMAN_OK);
    CU_ASSERT_TRUE(dst.sint8a.size == 2 && dst.sint8a.data[1] == -2);
    miref_value_clear(&dst, MI_SINT8A);
    CU_ASSERT_EQUAL(wsman_value_convert(&src, MI_STRINGA, MI_UINT8A, &dst), WSMAN_E_VALUE);
    CU_ASSERT_EQUAL(wsman_value_convert(&src, MI_STRINGA, MI_UINT8, &dst), WSMAN_E_VALUE);
    CU_ASSERT_EQUAL(wsman_value_convert(&src, MI_STRINGA, MI_STRINGA, &dst), WSMAN_OK);
    CU_ASSERT_STRING_EQUAL(dst.stringa.data[1], "-2");
    miref_value_clear(&dst, MI_STRINGA);
    src.uint8 = 200;
    CU_ASSERT_EQUAL(wsman_value_convert(&src, MI_UINT8, MI_SINT8, &dst), WSMAN_E_VALUE);
    CU_ASSERT_EQUAL(wsman_value_convert(&src, MI_UINT8, MI_UINT32, &dst), WSMAN_OK);
    CU_ASSERT_EQUAL(dst.uint32, 200u);
    src.string = (MI_Char *)"2026-11-24T05:00:00Z";
    CU_ASSERT_EQUAL(wsman_value_convert(&src, MI_STRING, MI_DATETIMEA, &dst), WSMAN_OK);
    CU_ASSERT_TRUE(dst.datetimea.size == 1 && dst.datetimea.data[0].u.timestamp.day == 24);
    miref_value_clear(&dst, MI_DATETIMEA);
    CU_ASSERT_EQUAL(wsman_value_convert(&src, MI_STRING, MI_INSTANCE, &dst), WSMAN_E_VALUE);
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
        {"durations", test_durations},
        {"xsi_types", test_xsi_types},
        {"typed_roundtrip_every_type", test_typed_roundtrip_every_type},
        {"untyped_gives_strings", test_untyped_gives_strings},
        {"request_params_roundtrip", test_request_params_roundtrip},
        {"unwritable_values", test_unwritable_values},
        {"convert", test_convert},
        {NULL, NULL},
    };
    return cutest_run("test_wsman_values", cases, argc, argv);
}

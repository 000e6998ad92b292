/*
 * test_wsman_values.c - CIM values as XML elements: durations, xsi:type names, and whole
 * instances of every type written as an _OUTPUT (typed and untyped) and read back.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/cutest.h"
#include "tests/wsman_test_util.h"

/* value -> text -> value must give the same bits; text must be `expect` when given. */
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
    CU_ASSERT_EQUAL_FATAL(mimodel_instance_new("Sample_OUTPUT", &inst), MI_RESULT_OK);
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
    v.datetime = wt_timestamp(2026, 11, 24, 5, 0, 0, 7, -90); add(inst, "DT", MI_DATETIME, v);
    v.datetime = wt_interval(1, 2, 3, 4, 5); add(inst, "IV", MI_DATETIME, v);
    v.string = (MI_Char *)"a <b> & \"c\" \xc3\xa9\n\ttab\r\n]]> end"; add(inst, "S", MI_STRING, v);
    v.string = (MI_Char *)""; add(inst, "Empty", MI_STRING, v);
    CU_ASSERT_EQUAL(MI_Instance_AddElement(inst, "Nul", NULL, MI_UINT32, MI_FLAG_NULL),
                    MI_RESULT_OK);
    mimodel_instance_new("Inner", &emb2);
    v.string = (MI_Char *)"deep"; add(emb2, "Leaf", MI_STRING, v);
    mimodel_instance_new("Embedded_Thing", &emb);
    v.uint16 = 7; add(emb, "Num", MI_UINT16, v);
    v.instance = emb2; add(emb, "Nested", MI_INSTANCE, v);
    v.instance = emb; add(inst, "Emb", MI_INSTANCE, v);
    mimodel_instance_new("CIM_Thing", &ref);
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
        MI_Datetime dts[] = {wt_timestamp(2000, 1, 1, 0, 0, 0, 0, 0), wt_interval(0, 0, 0, 1, 0)};
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
            char *text = mimodel_value_to_text(&a, ta);
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
    mimodel_instance_new("X", &inst);
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
    CU_ASSERT_EQUAL(wsman_write_invoke_response(&r, &xml, &len, &err), WSMAN_E_VALUE);
    CU_ASSERT_PTR_NULL(xml);
    CU_ASSERT_EQUAL(err.status, WSMAN_E_VALUE);
    MI_Instance_Delete(inst);
    mimodel_instance_new("X", &inst);
    v.string = (MI_Char *)"\xff\xfe";
    MI_Instance_AddElement(inst, "S", &v, MI_STRING, 0);
    r.outputs = inst;
    CU_ASSERT_EQUAL(wsman_write_invoke_response(&r, &xml, &len, &err), WSMAN_E_VALUE);
    CU_ASSERT_EQUAL(err.status, WSMAN_E_VALUE);
    MI_Instance_Delete(inst);
    mimodel_instance_new("X", &inst);
    v.uint32 = 1;
    MI_Instance_AddElement(inst, "not a name", &v, MI_UINT32, 0);
    r.outputs = inst;
    CU_ASSERT_EQUAL(wsman_write_invoke_response(&r, &xml, &len, &err), WSMAN_E_ARGUMENT);
    CU_ASSERT_EQUAL(err.status, WSMAN_E_ARGUMENT);
    MI_Instance_Delete(inst);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"durations", test_durations},
        {"xsi_types", test_xsi_types},
        {"typed_roundtrip_every_type", test_typed_roundtrip_every_type},
        {"untyped_gives_strings", test_untyped_gives_strings},
        {"request_params_roundtrip", test_request_params_roundtrip},
        {"unwritable_values", test_unwritable_values},
        {NULL, NULL},
    };
    return cutest_run("test_wsman_values", cases, argc, argv);
}

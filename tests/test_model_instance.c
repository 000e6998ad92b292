/*
 * Unit tests of reference/instance.c: the dynamic MI_Instance through its function table (the
 * mi.h wrappers), every MI type, transfer flags, error codes, and the value/name helpers.
 */
#include "model/mimodel.h"
#include "tests/support/cutest.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define OK MI_RESULT_OK

/* ---------------------------------------------------------------- sample values */

static MI_Instance *embedded(const char *cls, MI_Uint32 v)
{
    MI_Instance *inst = NULL;
    CU_ASSERT_FATAL(mimodel_instance_new(cls, &inst) == OK);
    MI_Value val;
    val.uint32 = v;
    CU_ASSERT_FATAL(MI_Instance_AddElement(inst, "V", &val, MI_UINT32, MI_FLAG_KEY) == OK);
    return inst;
}

static MI_Datetime sample_timestamp(void)
{
    MI_Datetime d;
    memset(&d, 0, sizeof d);
    d.isTimestamp = 1;
    d.u.timestamp = (MI_Timestamp){2024, 2, 29, 23, 59, 58, 123456, -300};
    return d;
}

static MI_Datetime sample_interval(void)
{
    MI_Datetime d;
    memset(&d, 0, sizeof d);
    d.u.interval.days = 3;
    d.u.interval.hours = 4;
    d.u.interval.minutes = 5;
    d.u.interval.seconds = 6;
    d.u.interval.microseconds = 7;
    return d;
}

/* Storage that the sample values of one type point into; freed by sample_free. */
typedef struct sample {
    MI_Value value;
    MI_Instance *inst[2];
    MI_Boolean b[3];
    MI_Uint64 u64[3];
    MI_Real32 r32[2];
    MI_Real64 r64[2];
    MI_Char16 c16[3];
    MI_Datetime dt[2];
    MI_Char *str[3];
    MI_Uint8 u8[3];
    MI_Uint16 u16[2];
    MI_Uint32 u32[4];
} sample;

static void sample_make(sample *s, MI_Type t)
{
    memset(s, 0, sizeof *s);
    MI_Value *v = &s->value;
    s->str[0] = "alpha";
    s->str[1] = "";
    s->str[2] = "gr\xc3\xbc\xc3\x9f";
    switch (t) {
    case MI_BOOLEAN: v->boolean = MI_TRUE; break;
    case MI_UINT8: v->uint8 = 250; break;
    case MI_SINT8: v->sint8 = -100; break;
    case MI_UINT16: v->uint16 = 65000; break;
    case MI_SINT16: v->sint16 = -32000; break;
    case MI_UINT32: v->uint32 = 4000000000u; break;
    case MI_SINT32: v->sint32 = -2000000000; break;
    case MI_UINT64: v->uint64 = 18000000000000000000ull; break;
    case MI_SINT64: v->sint64 = -9000000000000000000ll; break;
    case MI_REAL32: v->real32 = 1.5f; break;
    case MI_REAL64: v->real64 = -2.25e300; break;
    case MI_CHAR16: v->char16 = 0x20ac; break;
    case MI_DATETIME: v->datetime = sample_timestamp(); break;
    case MI_STRING: v->string = "hello, world"; break;
    case MI_REFERENCE:
    case MI_INSTANCE: v->instance = s->inst[0] = embedded("Embedded", 7); break;
    case MI_BOOLEANA:
        s->b[0] = 1, s->b[2] = 1;
        v->booleana = (MI_BooleanA){s->b, 3};
        break;
    case MI_UINT8A:
    case MI_SINT8A:
        s->u8[0] = 1, s->u8[1] = 0x80, s->u8[2] = 0xff;
        v->uint8a = (MI_Uint8A){s->u8, 3};
        break;
    case MI_UINT16A:
    case MI_SINT16A:
        s->u16[0] = 1, s->u16[1] = 0xffff;
        v->uint16a = (MI_Uint16A){s->u16, 2};
        break;
    case MI_UINT32A:
    case MI_SINT32A:
        s->u32[0] = 1, s->u32[1] = 2, s->u32[2] = 0xffffffffu, s->u32[3] = 4;
        v->uint32a = (MI_Uint32A){s->u32, 4};
        break;
    case MI_UINT64A:
    case MI_SINT64A:
        s->u64[0] = 1, s->u64[1] = ~0ull, s->u64[2] = 1ull << 40;
        v->uint64a = (MI_Uint64A){s->u64, 3};
        break;
    case MI_REAL32A:
        s->r32[0] = 0.5f, s->r32[1] = -8.0f;
        v->real32a = (MI_Real32A){s->r32, 2};
        break;
    case MI_REAL64A:
        s->r64[0] = 1e-300, s->r64[1] = 3.0;
        v->real64a = (MI_Real64A){s->r64, 2};
        break;
    case MI_CHAR16A:
        s->c16[0] = 'a', s->c16[1] = 0x20ac, s->c16[2] = 0;
        v->char16a = (MI_Char16A){s->c16, 3};
        break;
    case MI_DATETIMEA:
        s->dt[0] = sample_timestamp(), s->dt[1] = sample_interval();
        v->datetimea = (MI_DatetimeA){s->dt, 2};
        break;
    case MI_STRINGA: v->stringa = (MI_StringA){s->str, 3}; break;
    case MI_REFERENCEA:
    case MI_INSTANCEA:
        s->inst[0] = embedded("EmbeddedA", 1);
        s->inst[1] = embedded("EmbeddedB", 2);
        v->instancea = (MI_InstanceA){s->inst, 2};
        break;
    default: CU_FAIL("unknown type"); break;
    }
}

static void sample_free(sample *s)
{
    for (int i = 0; i < 2; i++)
        if (s->inst[i] != NULL) MI_Instance_Delete(s->inst[i]);
}

static size_t elem_size(MI_Type t)
{
    static const size_t sizes[] = {1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 2, 36, 8, 8, 8};
    return sizes[t & ~MI_ARRAY];
}

static int instances_equal(const MI_Instance *a, const MI_Instance *b);

static int scalar_equal(const void *a, const void *b, MI_Type t)
{
    if (t == MI_STRING) {
        const MI_Char *x = *(MI_Char *const *)a, *y = *(MI_Char *const *)b;
        return x == y || (x && y && strcmp(x, y) == 0);
    }
    if (t == MI_INSTANCE || t == MI_REFERENCE)
        return instances_equal(*(MI_Instance *const *)a, *(MI_Instance *const *)b);
    return memcmp(a, b, elem_size(t)) == 0;
}

static int values_equal(const MI_Value *a, const MI_Value *b, MI_Type t)
{
    if (!(t & MI_ARRAY)) return scalar_equal(a, b, t);
    if (a->array.size != b->array.size) return 0;
    MI_Type et = (MI_Type)(t & ~MI_ARRAY);
    for (MI_Uint32 i = 0; i < a->array.size; i++) {
        const char *x = (const char *)a->array.data + i * elem_size(et);
        const char *y = (const char *)b->array.data + i * elem_size(et);
        if (!scalar_equal(x, y, et)) return 0;
    }
    return 1;
}

static int instances_equal(const MI_Instance *a, const MI_Instance *b)
{
    if (a == NULL || b == NULL) return a == b;
    const MI_Char *ca = NULL, *cb = NULL;
    MI_Uint32 na = 0, nb = 0;
    if (MI_Instance_GetClassName(a, &ca) != OK || MI_Instance_GetClassName(b, &cb) != OK) return 0;
    if (strcmp(ca, cb) != 0) return 0;
    if (MI_Instance_GetElementCount(a, &na) != OK || MI_Instance_GetElementCount(b, &nb) != OK)
        return 0;
    if (na != nb) return 0;
    for (MI_Uint32 i = 0; i < na; i++) {
        const MI_Char *name = NULL;
        MI_Value va, vb;
        MI_Type ta, tb;
        MI_Uint32 fa, fb;
        if (MI_Instance_GetElementAt(a, i, &name, &va, &ta, &fa) != OK) return 0;
        if (MI_Instance_GetElement(b, name, &vb, &tb, &fb, NULL) != OK) return 0;
        if (ta != tb || fa != fb) return 0;
        if (!(fa & MI_FLAG_NULL) && !values_equal(&va, &vb, ta)) return 0;
    }
    return 1;
}

static MI_Instance *new_instance(const char *cls)
{
    MI_Instance *inst = NULL;
    CU_ASSERT_FATAL(mimodel_instance_new(cls, &inst) == OK);
    CU_ASSERT_FATAL(inst != NULL);
    return inst;
}

static void type_element_name(char *buf, MI_Type t)
{
    strcpy(buf, "p_");
    strcat(buf, mimodel_type_name(t));
}

/* An instance holding one element of every type, named p_<typename>. */
static MI_Instance *instance_with_every_type(void)
{
    MI_Instance *inst = new_instance("Every");
    for (unsigned t = 0; t < 32; t++) {
        sample s;
        char name[32];
        sample_make(&s, (MI_Type)t);
        type_element_name(name, (MI_Type)t);
        CU_ASSERT(MI_Instance_AddElement(inst, name, &s.value, (MI_Type)t, MI_FLAG_IN) == OK);
        sample_free(&s);
    }
    return inst;
}

/* ---------------------------------------------------------------- tests */

static void test_new_and_identity(void)
{
    MI_Instance *inst = (MI_Instance *)0x1;
    CU_ASSERT(mimodel_instance_new(NULL, &inst) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(inst == NULL);
    CU_ASSERT(mimodel_instance_new("", &inst) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(mimodel_instance_new("X", NULL) == MI_RESULT_INVALID_PARAMETER);

    inst = new_instance("CIM_Thing");
    const MI_Char *s = (const MI_Char *)"x";
    MI_Uint32 count = 9;
    CU_ASSERT(inst->ft != NULL);
    CU_ASSERT(inst->classDecl == NULL);
    CU_ASSERT(MI_Instance_GetClassName(inst, &s) == OK);
    CU_ASSERT_STRING_EQUAL(s, "CIM_Thing");
    CU_ASSERT(MI_Instance_GetElementCount(inst, &count) == OK);
    CU_ASSERT(count == 0);
    CU_ASSERT(MI_Instance_GetNameSpace(inst, &s) == OK);
    CU_ASSERT(s == NULL);
    CU_ASSERT(MI_Instance_GetServerName(inst, &s) == OK);
    CU_ASSERT(s == NULL);

    CU_ASSERT(MI_Instance_SetNameSpace(inst, "root/cimv2") == OK);
    CU_ASSERT(MI_Instance_SetServerName(inst, "host1") == OK);
    CU_ASSERT(MI_Instance_GetNameSpace(inst, &s) == OK);
    CU_ASSERT_STRING_EQUAL(s, "root/cimv2");
    CU_ASSERT_STRING_EQUAL(inst->nameSpace, "root/cimv2"); /* public fields follow */
    CU_ASSERT(MI_Instance_GetServerName(inst, &s) == OK);
    CU_ASSERT_STRING_EQUAL(s, "host1");
    CU_ASSERT_STRING_EQUAL(inst->serverName, "host1");
    CU_ASSERT(MI_Instance_SetNameSpace(inst, "root/other") == OK); /* replace frees the old */
    CU_ASSERT_STRING_EQUAL(inst->nameSpace, "root/other");
    CU_ASSERT(MI_Instance_SetNameSpace(inst, NULL) == OK);
    CU_ASSERT(inst->nameSpace == NULL);

    MI_Class *cls = (MI_Class *)0x1;
    CU_ASSERT(MI_Instance_GetClass(inst, &cls) == MI_RESULT_NOT_SUPPORTED);
    CU_ASSERT(cls == NULL);
    CU_ASSERT(MI_Instance_Delete(inst) == OK);
}

static void test_every_type_round_trip(void)
{
    MI_Instance *inst = new_instance("Every");
    for (unsigned t = 0; t < 32; t++) {
        sample s;
        char name[32];
        sample_make(&s, (MI_Type)t);
        type_element_name(name, (MI_Type)t);
        CU_ASSERT(MI_Instance_AddElement(inst, name, &s.value, (MI_Type)t, 0) == OK);
        MI_Value got;
        MI_Type type = (MI_Type)99;
        MI_Uint32 flags = 99, index = 99;
        CU_ASSERT(MI_Instance_GetElement(inst, name, &got, &type, &flags, &index) == OK);
        CU_ASSERT(type == (MI_Type)t);
        CU_ASSERT(flags == 0);
        CU_ASSERT(index == t);
        CU_ASSERT(values_equal(&got, &s.value, (MI_Type)t));
        /* Pointers are deep copies, not the caller's. */
        if (t == MI_STRING || t == MI_INSTANCE || t == MI_REFERENCE || (t & MI_ARRAY))
            CU_ASSERT(got.array.data != s.value.array.data);
        sample_free(&s);
    }
    MI_Uint32 count = 0;
    CU_ASSERT(MI_Instance_GetElementCount(inst, &count) == OK);
    CU_ASSERT(count == 32);
    MI_Instance_Delete(inst);
}

static void test_set_every_type(void)
{
    MI_Instance *inst = new_instance("Every");
    for (unsigned t = 0; t < 32; t++) {
        sample s, s2;
        char name[32];
        sample_make(&s, (MI_Type)t);
        type_element_name(name, (MI_Type)t);
        CU_ASSERT(MI_Instance_AddElement(inst, name, NULL, (MI_Type)t, MI_FLAG_KEY) == OK);
        CU_ASSERT(MI_Instance_SetElement(inst, name, &s.value, (MI_Type)t, 0) == OK);
        MI_Value got;
        MI_Uint32 flags = 0;
        CU_ASSERT(MI_Instance_GetElement(inst, name, &got, NULL, &flags, NULL) == OK);
        CU_ASSERT(flags == MI_FLAG_KEY); /* declared flags stay, no longer null */
        CU_ASSERT(values_equal(&got, &s.value, (MI_Type)t));
        /* And again by index, replacing a value that is already there. */
        sample_make(&s2, (MI_Type)t);
        CU_ASSERT(MI_Instance_SetElementAt(inst, t, &s2.value, (MI_Type)t, 0) == OK);
        CU_ASSERT(MI_Instance_GetElementAt(inst, t, NULL, &got, NULL, NULL) == OK);
        CU_ASSERT(values_equal(&got, &s2.value, (MI_Type)t));
        sample_free(&s);
        sample_free(&s2);
    }
    MI_Instance_Delete(inst);
}

static void test_clone_equality(void)
{
    MI_Instance *inst = instance_with_every_type();
    MI_Value v;
    v.string = "k";
    CU_ASSERT(MI_Instance_AddElement(inst, "nothing", NULL, MI_STRING, MI_FLAG_OUT) == OK);
    CU_ASSERT(MI_Instance_AddElement(inst, "borrowed", &v, MI_STRING, MI_FLAG_BORROW) == OK);
    MI_Instance_SetNameSpace(inst, "root/test");
    MI_Instance_SetServerName(inst, "srv");
    MI_Instance *copy = NULL;
    CU_ASSERT(MI_Instance_Clone(inst, &copy) == OK);
    CU_ASSERT_FATAL(copy != NULL);
    CU_ASSERT(copy != inst);
    CU_ASSERT(instances_equal(inst, copy));
    MI_Value a, b;
    CU_ASSERT(MI_Instance_GetElement(inst, "borrowed", &a, NULL, NULL, NULL) == OK);
    CU_ASSERT(MI_Instance_GetElement(copy, "borrowed", &b, NULL, NULL, NULL) == OK);
    CU_ASSERT(a.string == v.string);
    CU_ASSERT(b.string != v.string); /* a clone owns even what the original borrowed */
    MI_Instance *clone_of_clone = NULL;
    CU_ASSERT(MI_Instance_Delete(inst) == OK); /* the clone must not depend on the original */
    CU_ASSERT(MI_Instance_Clone(copy, &clone_of_clone) == OK);
    CU_ASSERT(instances_equal(copy, clone_of_clone));
    CU_ASSERT_STRING_EQUAL(copy->nameSpace, "root/test");
    CU_ASSERT_STRING_EQUAL(copy->serverName, "srv");
    CU_ASSERT(MI_Instance_Clone(copy, NULL) == MI_RESULT_INVALID_PARAMETER);
    MI_Instance_Delete(copy);
    MI_Instance_Delete(clone_of_clone);
}

static void test_null_values(void)
{
    MI_Instance *inst = new_instance("Nulls");
    MI_Value v, got;
    MI_Uint32 flags = 0;
    v.uint32 = 5;
    CU_ASSERT(MI_Instance_AddElement(inst, "a", NULL, MI_UINT32, 0) == OK);
    CU_ASSERT(MI_Instance_AddElement(inst, "b", &v, MI_UINT32, MI_FLAG_NULL) == OK);
    v.string = NULL;
    CU_ASSERT(MI_Instance_AddElement(inst, "c", &v, MI_STRING, 0) == OK);
    v.instance = NULL;
    CU_ASSERT(MI_Instance_AddElement(inst, "d", &v, MI_INSTANCE, 0) == OK);
    CU_ASSERT(MI_Instance_AddElement(inst, "e", NULL, MI_STRINGA, MI_FLAG_KEY) == OK);
    const char *names[] = {"a", "b", "c", "d", "e"};
    for (int i = 0; i < 5; i++) {
        memset(&got, 0xab, sizeof got);
        CU_ASSERT(MI_Instance_GetElement(inst, names[i], &got, NULL, &flags, NULL) == OK);
        CU_ASSERT(flags & MI_FLAG_NULL);
        CU_ASSERT(got.uint64 == 0 && got.array.size == 0);
    }
    CU_ASSERT(MI_Instance_GetElement(inst, "e", NULL, NULL, &flags, NULL) == OK);
    CU_ASSERT(flags == (MI_FLAG_KEY | MI_FLAG_NULL));
    /* From null to a value and back. */
    v.string = "now";
    CU_ASSERT(MI_Instance_AddElement(inst, "s", NULL, MI_STRING, 0) == OK);
    CU_ASSERT(MI_Instance_SetElement(inst, "s", &v, MI_STRING, 0) == OK);
    CU_ASSERT(MI_Instance_GetElement(inst, "s", &got, NULL, &flags, NULL) == OK);
    CU_ASSERT(flags == 0);
    CU_ASSERT_STRING_EQUAL(got.string, "now");
    CU_ASSERT(MI_Instance_SetElement(inst, "s", &v, MI_STRING, MI_FLAG_NULL) == OK);
    CU_ASSERT(MI_Instance_GetElement(inst, "s", &got, NULL, &flags, NULL) == OK);
    CU_ASSERT(flags == MI_FLAG_NULL && got.string == NULL);
    CU_ASSERT(MI_Instance_SetElement(inst, "s", &v, MI_STRING, 0) == OK);
    CU_ASSERT(MI_Instance_SetElement(inst, "s", NULL, MI_STRING, 0) == OK);
    CU_ASSERT(MI_Instance_GetElement(inst, "s", &got, NULL, &flags, NULL) == OK);
    CU_ASSERT(flags == MI_FLAG_NULL);
    MI_Instance_Delete(inst);
}

static void test_flags_stored(void)
{
    MI_Instance *inst = new_instance("Flags");
    MI_Value v;
    MI_Uint32 flags = 0;
    v.uint8 = 1;
    const MI_Uint32 declared = MI_FLAG_KEY | MI_FLAG_IN | MI_FLAG_OUT | MI_FLAG_STREAM;
    CU_ASSERT(MI_Instance_AddElement(inst, "k", &v, MI_UINT8, declared) == OK);
    CU_ASSERT(MI_Instance_GetElement(inst, "k", NULL, NULL, &flags, NULL) == OK);
    CU_ASSERT(flags == declared);
    v.string = "b";
    CU_ASSERT(MI_Instance_AddElement(inst, "s", &v, MI_STRING, MI_FLAG_IN | MI_FLAG_BORROW) == OK);
    CU_ASSERT(MI_Instance_GetElement(inst, "s", NULL, NULL, &flags, NULL) == OK);
    CU_ASSERT(flags == MI_FLAG_IN); /* transfer flags are not element flags */
    v.uint8 = 2;
    CU_ASSERT(MI_Instance_SetElement(inst, "k", &v, MI_UINT8, MI_FLAG_OUT) == OK);
    CU_ASSERT(MI_Instance_GetElementAt(inst, 0, NULL, &v, NULL, &flags) == OK);
    CU_ASSERT(flags == declared && v.uint8 == 2);
    MI_Instance_Delete(inst);
}

static void test_borrow(void)
{
    MI_Instance *inst = new_instance("Borrow");
    char text[] = "borrowed";
    MI_Uint32 numbers[] = {1, 2, 3};
    MI_Instance *emb = embedded("Emb", 3);
    MI_Value v, got;
    v.string = text;
    CU_ASSERT(MI_Instance_AddElement(inst, "s", &v, MI_STRING, MI_FLAG_BORROW) == OK);
    v.uint32a = (MI_Uint32A){numbers, 3};
    CU_ASSERT(MI_Instance_AddElement(inst, "a", &v, MI_UINT32A, MI_FLAG_BORROW) == OK);
    v.instance = emb;
    CU_ASSERT(MI_Instance_AddElement(inst, "i", &v, MI_INSTANCE, MI_FLAG_BORROW) == OK);
    CU_ASSERT(MI_Instance_GetElement(inst, "s", &got, NULL, NULL, NULL) == OK);
    CU_ASSERT(got.string == text);
    text[0] = 'B'; /* the instance sees the caller's storage */
    CU_ASSERT_STRING_EQUAL(got.string, "Borrowed");
    CU_ASSERT(MI_Instance_GetElement(inst, "a", &got, NULL, NULL, NULL) == OK);
    CU_ASSERT(got.uint32a.data == numbers && got.uint32a.size == 3);
    CU_ASSERT(MI_Instance_GetElement(inst, "i", &got, NULL, NULL, NULL) == OK);
    CU_ASSERT(got.instance == emb);
    /* Replacing, clearing and deleting never free what was borrowed. */
    v.string = "copy";
    CU_ASSERT(MI_Instance_SetElement(inst, "s", &v, MI_STRING, 0) == OK);
    CU_ASSERT(MI_Instance_ClearElement(inst, "a") == OK);
    CU_ASSERT(MI_Instance_Delete(inst) == OK);
    CU_ASSERT(numbers[2] == 3);
    CU_ASSERT(MI_Instance_Delete(emb) == OK); /* still ours, still alive */
    /* BORROW and ADOPT together make no sense. */
    inst = new_instance("Borrow");
    v.string = text;
    CU_ASSERT(MI_Instance_AddElement(inst, "s", &v, MI_STRING, MI_FLAG_BORROW | MI_FLAG_ADOPT) ==
              MI_RESULT_INVALID_PARAMETER);
    MI_Instance_Delete(inst);
}

static void test_adopt(void)
{
    MI_Instance *inst = new_instance("Adopt");
    MI_Value v, got;
    /* Everything below is freed by the instance; valgrind reports a leak or double free. */
    v.string = strdup("adopted");
    CU_ASSERT(MI_Instance_AddElement(inst, "s", &v, MI_STRING, MI_FLAG_ADOPT) == OK);
    CU_ASSERT(MI_Instance_GetElement(inst, "s", &got, NULL, NULL, NULL) == OK);
    CU_ASSERT(got.string == v.string);

    MI_Char **strs = malloc(2 * sizeof *strs);
    strs[0] = strdup("one");
    strs[1] = strdup("two");
    v.stringa = (MI_StringA){strs, 2};
    CU_ASSERT(MI_Instance_AddElement(inst, "sa", &v, MI_STRINGA, MI_FLAG_ADOPT) == OK);
    CU_ASSERT(MI_Instance_GetElement(inst, "sa", &got, NULL, NULL, NULL) == OK);
    CU_ASSERT(got.stringa.data == strs);

    MI_Instance **insts = malloc(sizeof *insts);
    insts[0] = embedded("E", 1);
    v.instancea = (MI_InstanceA){insts, 1};
    CU_ASSERT(MI_Instance_AddElement(inst, "ia", &v, MI_INSTANCEA, MI_FLAG_ADOPT) == OK);
    v.reference = embedded("R", 2);
    CU_ASSERT(MI_Instance_AddElement(inst, "r", &v, MI_REFERENCE, MI_FLAG_ADOPT) == OK);

    /* Set with ADOPT frees the old value and takes the new one. */
    v.string = strdup("second");
    CU_ASSERT(MI_Instance_SetElement(inst, "s", &v, MI_STRING, MI_FLAG_ADOPT) == OK);
    /* Adopting the very buffer the element already holds must not free it. */
    CU_ASSERT(MI_Instance_GetElement(inst, "s", &got, NULL, NULL, NULL) == OK);
    CU_ASSERT(MI_Instance_SetElement(inst, "s", &got, MI_STRING, MI_FLAG_ADOPT) == OK);
    CU_ASSERT(MI_Instance_GetElement(inst, "s", &got, NULL, NULL, NULL) == OK);
    CU_ASSERT_STRING_EQUAL(got.string, "second");
    /* A failed add leaves ownership with the caller. */
    v.string = strdup("dup");
    CU_ASSERT(MI_Instance_AddElement(inst, "s", &v, MI_STRING, MI_FLAG_ADOPT) ==
              MI_RESULT_ALREADY_EXISTS);
    free(v.string);
    CU_ASSERT(MI_Instance_Delete(inst) == OK);
}

static void test_self_assignment_copies_before_free(void)
{
    MI_Instance *inst = instance_with_every_type();
    for (unsigned t = 0; t < 32; t++) {
        MI_Value got;
        CU_ASSERT(MI_Instance_GetElementAt(inst, t, NULL, &got, NULL, NULL) == OK);
        /* `got` points into the element being replaced: it must be copied first. */
        CU_ASSERT(MI_Instance_SetElementAt(inst, t, &got, (MI_Type)t, 0) == OK);
    }
    MI_Instance *fresh = instance_with_every_type();
    CU_ASSERT(instances_equal(inst, fresh));
    MI_Instance_Delete(inst);
    MI_Instance_Delete(fresh);
}

static void test_error_codes(void)
{
    MI_Instance *inst = new_instance("Errors");
    const MI_InstanceFT *ft = inst->ft;
    MI_Value v;
    MI_Uint32 count = 0;
    v.uint32 = 1;
    CU_ASSERT(MI_Instance_AddElement(inst, "Name", &v, MI_UINT32, 0) == OK);
    CU_ASSERT(MI_Instance_AddElement(inst, "Name", &v, MI_UINT32, 0) == MI_RESULT_ALREADY_EXISTS);
    CU_ASSERT(MI_Instance_AddElement(inst, "NAME", &v, MI_STRING, 0) == MI_RESULT_ALREADY_EXISTS);
    CU_ASSERT(MI_Instance_GetElement(inst, "name", NULL, NULL, NULL, NULL) == OK); /* no case */
    CU_ASSERT(MI_Instance_GetElement(inst, "Other", &v, NULL, NULL, NULL) ==
              MI_RESULT_NO_SUCH_PROPERTY);
    CU_ASSERT(MI_Instance_SetElement(inst, "Other", &v, MI_UINT32, 0) ==
              MI_RESULT_NO_SUCH_PROPERTY);
    CU_ASSERT(MI_Instance_ClearElement(inst, "Other") == MI_RESULT_NO_SUCH_PROPERTY);
    CU_ASSERT(MI_Instance_SetElement(inst, "Name", &v, MI_SINT32, 0) == MI_RESULT_TYPE_MISMATCH);
    CU_ASSERT(MI_Instance_SetElementAt(inst, 0, &v, MI_UINT32A, 0) == MI_RESULT_TYPE_MISMATCH);
    /* Bad index: INVALID_PARAMETER in all three (see instance.c). */
    CU_ASSERT(MI_Instance_GetElementAt(inst, 1, NULL, &v, NULL, NULL) ==
              MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_SetElementAt(inst, 1, &v, MI_UINT32, 0) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_ClearElementAt(inst, 7) == MI_RESULT_INVALID_PARAMETER);
    /* Bad arguments. */
    CU_ASSERT(MI_Instance_AddElement(inst, NULL, &v, MI_UINT32, 0) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_AddElement(inst, "", &v, MI_UINT32, 0) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_AddElement(inst, "t", &v, (MI_Type)32, 0) ==
              MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_SetElement(inst, NULL, &v, MI_UINT32, 0) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_GetElement(inst, NULL, &v, NULL, NULL, NULL) ==
              MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_ClearElement(inst, NULL) == MI_RESULT_INVALID_PARAMETER);
    v.uint32a = (MI_Uint32A){NULL, 3}; /* an array that claims elements it does not have */
    CU_ASSERT(MI_Instance_AddElement(inst, "bad", &v, MI_UINT32A, 0) ==
              MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_GetElementCount(inst, &count) == OK);
    CU_ASSERT(count == 1); /* nothing was added by the failed calls */
    /* NULL out-pointers that carry the answer. */
    CU_ASSERT(MI_Instance_GetElementCount(inst, NULL) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_GetClassName(inst, NULL) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_GetNameSpace(inst, NULL) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_GetServerName(inst, NULL) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_GetClass(inst, NULL) == MI_RESULT_INVALID_PARAMETER);
    /* NULL self through the table itself (the wrappers would stop it first). */
    const MI_Char *s = NULL;
    MI_Instance *out = NULL;
    MI_Boolean flag = 0;
    CU_ASSERT(ft->Clone(NULL, &out) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->Destruct(NULL) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->Delete(NULL) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->IsA(NULL, NULL, &flag) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->GetClassName(NULL, &s) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->SetNameSpace(NULL, "x") == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->GetNameSpace(NULL, &s) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->GetElementCount(NULL, &count) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->AddElement(NULL, "x", &v, MI_UINT32, 0) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->SetElement(NULL, "x", &v, MI_UINT32, 0) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->SetElementAt(NULL, 0, &v, MI_UINT32, 0) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->GetElement(NULL, "x", &v, NULL, NULL, NULL) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->GetElementAt(NULL, 0, &s, &v, NULL, NULL) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->ClearElement(NULL, "x") == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->ClearElementAt(NULL, 0) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->GetServerName(NULL, &s) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->SetServerName(NULL, "x") == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->GetClass(NULL, NULL) == MI_RESULT_INVALID_PARAMETER);
    /* An instance of somebody else's making (another table) is not ours to touch. */
    static const MI_InstanceFT other_ft;
    MI_Instance foreign;
    memset(&foreign, 0, sizeof foreign);
    foreign.ft = &other_ft;
    CU_ASSERT(ft->GetElementCount(&foreign, &count) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(ft->Delete(&foreign) == MI_RESULT_INVALID_PARAMETER);
    MI_Instance_Delete(inst);
}

static void test_count_and_iteration(void)
{
    MI_Instance *inst = new_instance("Iter");
    const char *names[] = {"zeta", "alpha", "Mid", "b", "last"};
    for (MI_Uint32 i = 0; i < 5; i++) {
        MI_Value v;
        v.uint32 = i * 10;
        CU_ASSERT(MI_Instance_AddElement(inst, names[i], &v, MI_UINT32, 0) == OK);
    }
    MI_Uint32 count = 0;
    CU_ASSERT(MI_Instance_GetElementCount(inst, &count) == OK);
    CU_ASSERT_FATAL(count == 5);
    for (MI_Uint32 i = 0; i < count; i++) {
        const MI_Char *name = NULL;
        MI_Value v;
        MI_Type t;
        MI_Uint32 index = 99;
        CU_ASSERT(MI_Instance_GetElementAt(inst, i, &name, &v, &t, NULL) == OK);
        CU_ASSERT_STRING_EQUAL(name, names[i]); /* insertion order */
        CU_ASSERT(t == MI_UINT32 && v.uint32 == i * 10);
        CU_ASSERT(MI_Instance_GetElement(inst, names[i], NULL, NULL, NULL, &index) == OK);
        CU_ASSERT(index == i);
    }
    MI_Instance_Delete(inst);
}

static void test_clear_element(void)
{
    MI_Instance *inst = instance_with_every_type();
    for (unsigned t = 0; t < 32; t++) {
        if (t % 2) {
            char name[32];
            type_element_name(name, (MI_Type)t);
            CU_ASSERT(MI_Instance_ClearElement(inst, name) == OK);
        } else {
            CU_ASSERT(MI_Instance_ClearElementAt(inst, t) == OK);
        }
        MI_Type type;
        MI_Uint32 flags;
        CU_ASSERT(MI_Instance_GetElementAt(inst, t, NULL, NULL, &type, &flags) == OK);
        CU_ASSERT(type == (MI_Type)t);
        CU_ASSERT(flags == (MI_FLAG_IN | MI_FLAG_NULL));
    }
    MI_Uint32 count = 0;
    CU_ASSERT(MI_Instance_GetElementCount(inst, &count) == OK);
    CU_ASSERT(count == 32); /* clearing keeps the element */
    CU_ASSERT(MI_Instance_ClearElementAt(inst, 0) == OK); /* twice is fine */
    MI_Instance_Delete(inst);
}

static void test_is_a(void)
{
    MI_ClassDecl base, derived, other;
    memset(&base, 0, sizeof base);
    memset(&derived, 0, sizeof derived);
    memset(&other, 0, sizeof other);
    base.name = "CIM_Base";
    derived.name = "CIM_Derived";
    derived.superClassDecl = &base;
    other.name = "CIM_Other";
    MI_Boolean flag = 9;
    MI_Instance *inst = new_instance("CIM_Derived");
    CU_ASSERT(MI_Instance_IsA(inst, &derived, &flag) == OK && flag == MI_TRUE);
    other.name = "cim_derived"; /* by name, without case */
    CU_ASSERT(MI_Instance_IsA(inst, &other, &flag) == OK && flag == MI_TRUE);
    other.name = "CIM_Other";
    CU_ASSERT(MI_Instance_IsA(inst, &other, &flag) == OK && flag == MI_FALSE);
    CU_ASSERT(MI_Instance_IsA(inst, &base, &flag) == OK && flag == MI_FALSE); /* no RTTI yet */
    inst->classDecl = &derived; /* what NewInstance with class RTTI does */
    CU_ASSERT(MI_Instance_IsA(inst, &base, &flag) == OK && flag == MI_TRUE);
    CU_ASSERT(MI_Instance_IsA(inst, NULL, &flag) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_IsA(inst, &base, NULL) == MI_RESULT_INVALID_PARAMETER);
    MI_Instance *copy = NULL;
    CU_ASSERT(MI_Instance_Clone(inst, &copy) == OK);
    CU_ASSERT(copy->classDecl == &derived);
    MI_Instance_Delete(copy);
    MI_Instance_Delete(inst);
}

static void test_destruct(void)
{
    MI_Instance *inst = instance_with_every_type();
    MI_Uint32 count = 0;
    CU_ASSERT(MI_Instance_Destruct(inst) == OK);
    CU_ASSERT(MI_Instance_GetElementCount(inst, &count) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_Destruct(inst) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(MI_Instance_Delete(inst) == OK); /* the shell still needs deleting */
}

static void test_value_copy_and_clear(void)
{
    MI_Value src, dst;
    src.uint32 = 5;
    CU_ASSERT(mimodel_value_copy(NULL, &src, MI_UINT32) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(mimodel_value_copy(&dst, NULL, MI_UINT32) == MI_RESULT_INVALID_PARAMETER);
    CU_ASSERT(mimodel_value_copy(&dst, &src, (MI_Type)40) == MI_RESULT_INVALID_PARAMETER);
    for (unsigned t = 0; t < 32; t++) {
        sample s;
        sample_make(&s, (MI_Type)t);
        CU_ASSERT(mimodel_value_copy(&dst, &s.value, (MI_Type)t) == OK);
        CU_ASSERT(values_equal(&dst, &s.value, (MI_Type)t));
        mimodel_value_clear(&dst, (MI_Type)t);
        CU_ASSERT(dst.array.data == NULL && dst.array.size == 0);
        sample_free(&s);
    }
    /* Empty arrays copy to empty arrays; NULL pointers inside arrays stay NULL. */
    MI_Char *strs[] = {"a", NULL};
    src.stringa = (MI_StringA){strs, 0};
    CU_ASSERT(mimodel_value_copy(&dst, &src, MI_STRINGA) == OK);
    CU_ASSERT(dst.stringa.size == 0);
    mimodel_value_clear(&dst, MI_STRINGA);
    src.stringa = (MI_StringA){strs, 2};
    CU_ASSERT(mimodel_value_copy(&dst, &src, MI_STRINGA) == OK);
    CU_ASSERT(dst.stringa.data[1] == NULL);
    CU_ASSERT_STRING_EQUAL(dst.stringa.data[0], "a");
    mimodel_value_clear(&dst, MI_STRINGA);
    mimodel_value_clear(NULL, MI_STRING); /* harmless */
}

static void test_type_names(void)
{
    for (unsigned t = 0; t < 32; t++) {
        const char *name = mimodel_type_name((MI_Type)t);
        MI_Type back = (MI_Type)99;
        CU_ASSERT_FATAL(name != NULL);
        CU_ASSERT(mimodel_type_from_name(name, &back) == 0);
        CU_ASSERT(back == (MI_Type)t);
    }
    CU_ASSERT_STRING_EQUAL(mimodel_type_name(MI_BOOLEAN), "boolean");
    CU_ASSERT_STRING_EQUAL(mimodel_type_name(MI_DATETIME), "datetime");
    CU_ASSERT_STRING_EQUAL(mimodel_type_name(MI_REFERENCE), "reference");
    CU_ASSERT_STRING_EQUAL(mimodel_type_name(MI_UINT32A), "uint32a");
    CU_ASSERT_STRING_EQUAL(mimodel_type_name(MI_STRINGA), "stringa");
    CU_ASSERT_STRING_EQUAL(mimodel_type_name(MI_INSTANCEA), "instancea");
    CU_ASSERT(mimodel_type_name((MI_Type)32) == NULL);
    MI_Type t;
    CU_ASSERT(mimodel_type_from_name("uint128", &t) == -1);
    CU_ASSERT(mimodel_type_from_name(NULL, &t) == -1);
    CU_ASSERT(mimodel_type_from_name("string", NULL) == -1);
}

static void test_result_names(void)
{
    CU_ASSERT_STRING_EQUAL(mimodel_result_name(MI_RESULT_OK), "MI_RESULT_OK");
    CU_ASSERT_STRING_EQUAL(mimodel_result_name(MI_RESULT_INVALID_PARAMETER),
                           "MI_RESULT_INVALID_PARAMETER");
    CU_ASSERT_STRING_EQUAL(mimodel_result_name(MI_RESULT_NO_SUCH_PROPERTY),
                           "MI_RESULT_NO_SUCH_PROPERTY");
    CU_ASSERT_STRING_EQUAL(mimodel_result_name(MI_RESULT_SERVER_IS_SHUTTING_DOWN),
                           "MI_RESULT_SERVER_IS_SHUTTING_DOWN");
    CU_ASSERT_STRING_EQUAL(mimodel_result_name((MI_Result)18), "MI_RESULT_18");
    CU_ASSERT_STRING_EQUAL(mimodel_result_name((MI_Result)999), "MI_RESULT_999");
}

/* ---------------------------------------------------------------- concurrent readers */

static MI_Instance *shared_instance;

static void *reader(void *arg)
{
    long bad = 0;
    MI_Instance *expected = arg;
    for (int round = 0; round < 200; round++) {
        bad += !instances_equal(shared_instance, expected);
        MI_Instance *copy = NULL;
        if (MI_Instance_Clone(shared_instance, &copy) != OK) bad++;
        else MI_Instance_Delete(copy);
    }
    return (void *)bad;
}

static void test_concurrent_readers(void)
{
    shared_instance = instance_with_every_type();
    MI_Instance *expected = instance_with_every_type();
    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        CU_ASSERT_FATAL(pthread_create(&threads[i], NULL, reader, expected) == 0);
    for (int i = 0; i < 4; i++) {
        void *bad = NULL;
        pthread_join(threads[i], &bad);
        CU_ASSERT(bad == NULL);
    }
    MI_Instance_Delete(shared_instance);
    MI_Instance_Delete(expected);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"new_and_identity", test_new_and_identity},
        {"every_type_round_trip", test_every_type_round_trip},
        {"set_every_type", test_set_every_type},
        {"clone_equality", test_clone_equality},
        {"null_values", test_null_values},
        {"flags_stored", test_flags_stored},
        {"borrow", test_borrow},
        {"adopt", test_adopt},
        {"self_assignment_copies_before_free", test_self_assignment_copies_before_free},
        {"error_codes", test_error_codes},
        {"count_and_iteration", test_count_and_iteration},
        {"clear_element", test_clear_element},
        {"is_a", test_is_a},
        {"destruct", test_destruct},
        {"value_copy_and_clear", test_value_copy_and_clear},
        {"type_names", test_type_names},
        {"result_names", test_result_names},
        {"concurrent_readers", test_concurrent_readers},
        {NULL, NULL},
    };
    return cutest_run("test_model_instance", cases, argc, argv);
}

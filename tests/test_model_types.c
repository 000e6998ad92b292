/*
 * test_model_types.c - the model's one table of type names, element sizes, result names and
 * what counts as null.
 */
#include <string.h>

#include "model/mimodel.h"
#include "tests/support/cutest.h"

static void test_type_names_round_trip(void)
{
    for (unsigned t = 0; t <= MI_INSTANCEA; t++) {
        const char *name = mimodel_type_name((MI_Type)t);
        CU_ASSERT_PTR_NOT_NULL_FATAL(name);
        MI_Type back;
        CU_ASSERT_EQUAL(mimodel_type_from_name(name, &back), 0);
        CU_ASSERT_EQUAL(back, (MI_Type)t);
    }
    CU_ASSERT_STRING_EQUAL(mimodel_type_name(MI_UINT32A), "uint32a");
    CU_ASSERT_PTR_NULL(mimodel_type_name((MI_Type)40));
    MI_Type t;
    CU_ASSERT_EQUAL(mimodel_type_from_name("uint33", &t), -1);
    CU_ASSERT_EQUAL(mimodel_type_from_name("UINT32", &t), -1);
    CU_ASSERT_EQUAL(mimodel_type_from_name(NULL, &t), -1);
}

static void test_element_sizes(void)
{
    CU_ASSERT_EQUAL(mimodel_type_element_size(MI_BOOLEAN), sizeof(MI_Boolean));
    CU_ASSERT_EQUAL(mimodel_type_element_size(MI_SINT16A), sizeof(MI_Sint16));
    CU_ASSERT_EQUAL(mimodel_type_element_size(MI_UINT64), sizeof(MI_Uint64));
    CU_ASSERT_EQUAL(mimodel_type_element_size(MI_DATETIMEA), sizeof(MI_Datetime));
    CU_ASSERT_EQUAL(mimodel_type_element_size(MI_STRINGA), sizeof(MI_Char *));
    CU_ASSERT_EQUAL(mimodel_type_element_size(MI_REFERENCEA), sizeof(MI_Instance *));
}

static void test_kinds(void)
{
    CU_ASSERT_TRUE(mimodel_type_is_array(MI_UINT8A));
    CU_ASSERT_FALSE(mimodel_type_is_array(MI_UINT8));
    CU_ASSERT_TRUE(mimodel_type_is_instance(MI_REFERENCE));
    CU_ASSERT_FALSE(mimodel_type_is_instance(MI_INSTANCEA));
    CU_ASSERT_TRUE(mimodel_type_is_valid(MI_INSTANCEA));
    CU_ASSERT_FALSE(mimodel_type_is_valid((MI_Type)(MI_INSTANCEA + 1)));
}

static void test_result_names(void)
{
    CU_ASSERT_STRING_EQUAL(mimodel_result_name(MI_RESULT_NOT_FOUND), "MI_RESULT_NOT_FOUND");
    CU_ASSERT_STRING_EQUAL(mimodel_result_name((MI_Result)77), "MI_RESULT_77");
    CU_ASSERT_TRUE(mimodel_result_is_known(MI_RESULT_SERVER_IS_SHUTTING_DOWN));
    CU_ASSERT_FALSE(mimodel_result_is_known((MI_Result)18));
    MI_Result r;
    CU_ASSERT_EQUAL(mimodel_result_from_name("TYPE_MISMATCH", &r), 0);
    CU_ASSERT_EQUAL(r, MI_RESULT_TYPE_MISMATCH);
    CU_ASSERT_EQUAL(mimodel_result_from_name("MI_RESULT_OK", &r), 0);
    CU_ASSERT_EQUAL(r, MI_RESULT_OK);
    CU_ASSERT_EQUAL(mimodel_result_from_name("MI_RESULT_NOPE", &r), -1);
}

static void test_null(void)
{
    MI_Value v;
    memset(&v, 0, sizeof v);
    CU_ASSERT_TRUE(mimodel_value_is_null(NULL, MI_UINT32, 0));
    CU_ASSERT_TRUE(mimodel_value_is_null(&v, MI_UINT32, MI_FLAG_NULL));
    CU_ASSERT_FALSE(mimodel_value_is_null(&v, MI_UINT32, 0)); /* zero is a value */
    CU_ASSERT_TRUE(mimodel_value_is_null(&v, MI_STRING, 0));
    CU_ASSERT_TRUE(mimodel_value_is_null(&v, MI_REFERENCE, 0));
    CU_ASSERT_FALSE(mimodel_value_is_null(&v, MI_STRINGA, 0)); /* an empty array is a value */
    v.array.size = 2; /* items but no buffer: not null, and the copy refuses it */
    CU_ASSERT_FALSE(mimodel_value_is_null(&v, MI_UINT32A, 0));
    MI_Value copy;
    CU_ASSERT_EQUAL(mimodel_value_copy(&copy, &v, MI_UINT32A), MI_RESULT_INVALID_PARAMETER);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"type_names_round_trip", test_type_names_round_trip},
        {"element_sizes", test_element_sizes},
        {"kinds", test_kinds},
        {"result_names", test_result_names},
        {"null", test_null},
        {NULL, NULL},
    };
    return cutest_run("test_model_types", cases, argc, argv);
}

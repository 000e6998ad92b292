/*
 * test_kit_buf.c - the growing string: appends, formatted appends past the stack buffer, the
 * empty string, and a failure that sticks.
 */
#include <stdlib.h>
#include <string.h>

#include "kit/buf.h"
#include "tests/support/cutest.h"

static void test_appends_grow(void)
{
    kit_buf b = {0};
    for (int i = 0; i < 1000; i++) kit_buf_add(&b, "abc", 3);
    CU_ASSERT_EQUAL(b.len, 3000u);
    CU_ASSERT_EQUAL(b.data[b.len], '\0');
    CU_ASSERT_EQUAL(memcmp(b.data + 2997, "abc", 3), 0);
    size_t len = 0;
    char *s = kit_buf_take(&b, &len);
    CU_ASSERT_EQUAL(len, 3000u);
    CU_ASSERT_PTR_NULL(b.data); /* the buffer is empty after take */
    free(s);
}

static void test_formatted_long(void)
{
    kit_buf b = {0};
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    kit_buf_addf(&b, "[%d:%s]", 42, big); /* longer than the 256-byte stack buffer */
    CU_ASSERT_EQUAL(b.len, strlen("[42:]") + sizeof big - 1);
    CU_ASSERT_EQUAL(strncmp(b.data, "[42:xxx", 7), 0);
    CU_ASSERT_EQUAL(b.data[b.len - 1], ']');
    kit_buf_free(&b);
}

static void test_empty_take(void)
{
    kit_buf b = {0};
    size_t len = 7;
    char *s = kit_buf_take(&b, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "");
    CU_ASSERT_EQUAL(len, 0u);
    free(s);
}

static void test_failure_sticks(void)
{
    kit_buf b = {0};
    kit_buf_add(&b, "kept", 4);
    b.failed = 1; /* as after a failed realloc */
    kit_buf_add(&b, "more", 4);
    CU_ASSERT_EQUAL(b.len, 4u);
    CU_ASSERT_PTR_NULL(kit_buf_take(&b, NULL));
    CU_ASSERT_PTR_NULL(b.data);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"appends_grow", test_appends_grow},
        {"formatted_long", test_formatted_long},
        {"empty_take", test_empty_take},
        {"failure_sticks", test_failure_sticks},
        {NULL, NULL},
    };
    return cutest_run("test_kit_buf", cases, argc, argv);
}

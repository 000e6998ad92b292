#include "tests/support/cutest.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

int cutest_under_valgrind(void)
{
    const char *v = getenv("MI_TEST_UNDER_VALGRIND");
    return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

long cutest_bound_ms(long ms)
{
    return cutest_under_valgrind() ? ms * 20 : ms;
}

/* A single test can be chosen with `-t NAME` while debugging. */
static const char *only_test(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "-t") == 0) return argv[i + 1];
    return NULL;
}

int cutest_run(const char *suite, const cutest_case *cases, int argc, char **argv)
{
    const char *only = only_test(argc, argv);
    if (CU_initialize_registry() != CUE_SUCCESS) return 2;
    CU_pSuite s = CU_add_suite(suite, NULL, NULL);
    if (s == NULL) return 2;
    for (const cutest_case *c = cases; c->name != NULL; c++) {
        if (only != NULL && strcmp(only, c->name) != 0) continue;
        if (CU_add_test(s, c->name, c->fn) == NULL) return 2;
    }
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    unsigned ran = CU_get_number_of_tests_run();
    unsigned failed = CU_get_number_of_tests_failed();
    unsigned asserts_failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    printf("%s: %u passed, %u failed\n", suite, ran - failed, failed);
    fflush(stdout);
    return (failed == 0 && asserts_failed == 0 && ran > 0) ? 0 : 1;
}

void cutest_repo_path(char *buf, size_t len, const char *rel)
{
    if (access("harness/junit.xsd", R_OK) == 0) {
        snprintf(buf, len, "%s", rel);
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    for (int up = 0; up < 4; up++) {
        char *slash = strrchr(exe, '/');
        if (slash == NULL) break;
        *slash = '\0';
        if ((size_t)snprintf(buf, len, "%s/harness/junit.xsd", exe) < len &&
            access(buf, R_OK) == 0) {
            snprintf(buf, len, "%s/%s", exe, rel);
            return;
        }
    }
    snprintf(buf, len, "%s", rel);
}

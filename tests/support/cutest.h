/*
 * cutest - the small layer every CUnit test binary in tests/ shares: register a table of
 * tests, run them, print one machine-readable tally line, exit non-zero on any failure.
 */
#ifndef CUTEST_H
#define CUTEST_H

#include <stddef.h>

#include <CUnit/CUnit.h>

typedef struct cutest_case {
    const char *name;
    void (*fn)(void);
} cutest_case;

/* Runs `cases` (terminated by {NULL, NULL}) as one CUnit suite named `suite`.
 * Prints "<suite>: N passed, N failed" last. Returns the process exit code. */
int cutest_run(const char *suite, const cutest_case *cases, int argc, char **argv);

/* True when the binary runs under valgrind (scripts/run-unit.sh sets MI_TEST_UNDER_VALGRIND),
 * so tests can scale their sizes and time bounds. */
int cutest_under_valgrind(void);

/* Multiplies a time bound in milliseconds by the factor that valgrind needs. */
long cutest_bound_ms(long ms);

/* <repo>/<rel> into buf: the tests run from the repository's root (make, run-unit.sh); else
 * the binary's build directory tells where the repository is (build/tests, build/asan/tests). */
void cutest_repo_path(char *buf, size_t len, const char *rel);

#endif

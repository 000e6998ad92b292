/*
 * conform - the contract between the two halves of mi-conform.
 *
 *   runner half (harness/main.c, select.c, report_*.c, profile.c ...): command line, selection,
 *   sharding, -j, repeat, profiles, JUnit/JSON/console reports, exit codes.
 *
 *   case half (harness/case_*.c, execute.c, child.c, expect_*.c ..., and the child's own code in
 *   harness/driver/): loading and validating the case tables (cases/<table>.xml against
 *   cases/cases.xsd), running one case (its own embedded mock server, a fresh child process
 *   running the driver, the trace over a pipe, the watchdog), and judging the expectations.
 *
 * The runner half only ever sees what is declared here.
 */
#ifndef CONFORM_H
#define CONFORM_H

#include <stddef.h>
#include <stdint.h>

#include "harness/status.h"

typedef enum conform_level { CONFORM_MUST, CONFORM_SHOULD, CONFORM_INFO } conform_level;

const char *conform_level_name(conform_level level); /* "MUST", "SHOULD", "INFO" */
int conform_level_parse(const char *text, conform_level *level); /* 0 or -1 */

typedef struct conform_case {
    char *id;          /* [a-z0-9_.-]+, starts with the area: "cancel.async.before-response" */
    char *area;        /* the part of id before the first '.', also the JUnit classname */
    char *title;
    conform_level level;
    char **clauses;    /* "INV-1", "CAN-2", ... */
    size_t n_clauses;
    char **tags;
    size_t n_tags;
    char *fixture;     /* fixture file path (resolved against the fixtures directory) */
    char *source_file; /* the table it came from, and the line of its <case> element */
    int source_line;
    void *spec;        /* the case half's parsed call, actions and expectations */
} conform_case;

typedef struct conform_suite {
    conform_case *cases; /* sorted by id */
    size_t n_cases;
} conform_suite;

/* Loads every <table>.xml of `cases_dir`, validating each against cases_dir/cases.xsd, and
 * fixtures references against `fixtures_dir`. Ids must be unique. On error (the runner exits
 * 2) "file:line: problem" is in err and the status says its kind: CONFORM_E_INVALID a table
 * or fixture, CONFORM_E_IO a cases directory that cannot be opened, CONFORM_E_NOMEM. */
conform_status conform_suite_load(const char *cases_dir, const char *fixtures_dir,
                                  conform_suite *suite, char *err, size_t errlen);
void conform_suite_free(conform_suite *suite);

typedef struct conform_run_options {
    const char *impl_path;   /* the MI implementation under test (a .so exporting
                                MI_Application_InitializeV1) */
    const char *self_exe;    /* path of mi-conform, exec'd as the driver child */
    double scale;            /* multiplies sizes cases declare (stream lengths, soak counts) */
    double timeout_scale;    /* multiplies every time bound (larger under valgrind) */
    int valgrind;            /* run the child under memcheck; errors and leaks fail the case */
    uint64_t seed;           /* for anything random in a case; reported */
    int net_inject;          /* perturb the mock's answers (fault-injection runs) */
    const char *const *extra_env; /* "NAME=VALUE", NULL-terminated, added to the child's
                                     environment (winning over the same NAME); NULL: none */
    int inject_alloc;        /* the driver marks every call into the implementation for the
                                allocation-failure interposer, and the case is judged only on
                                what must hold under injection (no crash or hang, exactly one
                                final result per operation, nothing after it) */
} conform_run_options;

typedef enum conform_outcome {
    CONFORM_PASS,
    CONFORM_FAIL,  /* an expectation not met */
    CONFORM_ERROR, /* the implementation crashed or hung, the row's situation never arose
                      ("not judged"), or the case could not run */
    CONFORM_SKIP   /* an environment precondition is missing (never the implementation's answer) */
} conform_outcome;

/* Why a case did not pass: the JUnit failure or error type. */
typedef enum conform_result_kind {
    CONFORM_KIND_NONE = 0,        /* a pass or a skip */
    CONFORM_KIND_EXPECTATION,     /* FAIL: a claim of the clause did not hold */
    CONFORM_KIND_STALL,           /* FAIL: a result the implementation owed never came */
    CONFORM_KIND_UNEXPECTED_PASS, /* FAIL: the profile said it fails */
    CONFORM_KIND_NOT_JUDGED,      /* ERROR: the row's situation never arose */
    CONFORM_KIND_CRASH,           /* ERROR */
    CONFORM_KIND_HANG,            /* ERROR */
    CONFORM_KIND_TEARDOWN,        /* ERROR: only closing what the row left open went wrong */
    CONFORM_KIND_NOT_RUN          /* ERROR: the case could not run (mock, driver, memory) */
} conform_result_kind;

/* "expectation", "stall", "unexpected-pass", "not-judged", "crash", "hang", "teardown",
 * "not-run". */
const char *conform_result_kind_name(conform_result_kind kind);

/* One round of a case run more than once (--repeat): what it came to, without the transcript
 * (only the kept round has one). */
typedef struct conform_round {
    conform_outcome outcome;
    conform_result_kind kind;
    char *message;    /* NULL for a pass */
    double seconds;
} conform_round;

typedef struct conform_result {
    conform_outcome outcome;
    conform_result_kind kind;
    char *message;    /* one line: the first unmet expectation, the signal, the hung call */
    char *details;    /* every unmet expectation, one per line */
    char *transcript; /* API trace and the mock's journal, secrets redacted (JUnit system-out) */
    char *observed;   /* INFO cases: what was seen, one line per observation (may be NULL) */
    double seconds;
    long peak_rss_kb; /* the child's peak RSS, -1 when unknown */
    long requests;    /* requests that reached the mock server, -1 when unknown */
    conform_round *rounds; /* with --repeat: every round in order (the runner fills it) */
    unsigned n_rounds;
    unsigned kept_round;   /* 1-based: the round whose result the fields above are */
} conform_result;

/* Runs one case from start to end. Thread-safe: the runner calls it from -j worker threads.
 * Returns 0 (the outcome is in *result), -1 only when out of memory. */
int conform_case_execute(const conform_case *c, const conform_run_options *opts,
                         conform_result *result);
void conform_result_clear(conform_result *result);

/* The child's entry point: `mi-conform --driver ...` (arguments are the case half's own). */
int conform_driver_main(int argc, char **argv);

/* Before any case: a child (`mi-conform --probe --impl PATH`) loads the implementation and
 * initialises an application. 0 when it could; -1 with the reason in `why` (no library, no
 * MI_Application_InitializeV1, Initialize's result and message, a crash or a hang). */
int conform_preflight_check(const char *self_exe, const char *impl, double timeout_scale,
                            char *why, size_t why_len);
/* The probe child's entry: prints "ok" or "error: <reason>" on stdout; exit 0 or 1. */
int conform_driver_probe_main(int argc, char **argv);

#endif

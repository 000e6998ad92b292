/*
 * Case tables (harness/case_*.c): a valid table loads into the model; every kind of malformed
 * table is refused with "file:line: problem".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/case_load.h"

#include <sys/stat.h>

#include "tests/support/cutest.h"

static char dir[256];

/* A fresh directory with cases.xsd, one fixture, and `files` tables (name, text pairs). */
static void make_dir(const char *const *files)
{
    snprintf(dir, sizeof dir, "/tmp/mi-conform-case-test-%ld", (long)getpid());
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "rm -rf %s && mkdir -p %s/fx && cp cases/cases.xsd %s/ && "
             "cp fixtures/case-basic.xml %s/fx/f.xml",
             dir, dir, dir, dir);
    CU_ASSERT_FATAL(system(cmd) == 0);
    for (; files[0] != NULL; files += 2) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, files[0]);
        FILE *f = fopen(path, "w");
        CU_ASSERT_FATAL(f != NULL);
        fputs(files[1], f);
        fclose(f);
    }
}

static void remove_dir(void)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) return;
}

static conform_status load(conform_suite *s, char *err, size_t errlen)
{
    char fx[600];
    snprintf(fx, sizeof fx, "%s/fx", dir);
    return conform_suite_load(dir, fx, s, err, errlen);
}

#define HEAD "<?xml version=\"1.0\"?>\n<cases>\n"
#define ROW(id, level, clauses, body) \
    "  <case id=\"" id "\" level=\"" level "\" clauses=\"" clauses \
    "\" fixture=\"f.xml\" reaches-server=\"yes\">\n" body "  </case>\n"
#define SIMPLE \
    "    <title>t</title>\n    <call mode=\"sync\" class=\"C\" method=\"M\"/>\n" \
    "    <expect><final code=\"OK\"/></expect>\n"

static const char *valid_table =
    HEAD
    "  <case id=\"demo.b\" level=\"MUST\" clauses=\"INV-1 ASY-1\" fixture=\"f.xml\" "
    "reaches-server=\"yes\" tags=\"memcheck async\">\n"
    "    <title>second</title>\n"
    "    <note>why</note>\n"
    "    <session user=\"u\" password=\"p\"/>\n"
    "    <call mode=\"async\" flags=\"0x1\" namespace=\"root/x\" class=\"C\" method=\"M\">\n"
    "      <options timeout-ms=\"1500\">"
    "<custom name=\"K\" type=\"uint32\" must-comply=\"true\">5</custom></options>\n"
    "      <instance class=\"C\">"
    "<property name=\"Id\" type=\"uint32\" key=\"true\">1</property></instance>\n"
    "      <params><param name=\"A\" type=\"uint32a\"><item>1</item><item>2</item></param>\n"
    "        <param name=\"N\" type=\"string\" null=\"true\"/>\n"
    "        <param name=\"E\" type=\"instance\"><instance class=\"X\">"
    "<property name=\"P\" type=\"string\">v</property></instance></param>\n"
    "        <param name=\"D\" type=\"datetime\">20261124050000.000000+000</param></params>\n"
    "      <callbacks instance-result=\"true\" on-final=\"close\"/>\n"
    "    </call>\n"
    "    <steps><wait-request/><cancel/><withhold ms=\"100\"/><ack/><close/></steps>\n"
    "    <expect><final code=\"non-OK\" within=\"grace+500\" from=\"enter:Cancel\"/>"
    "<output name=\"A\" type=\"uint32a\"><item>1</item></output><requests count=\"1\"/>"
    "<xpath request=\"2\">count(//x)=0</xpath></expect>\n"
    "  </case>\n"
    ROW("demo.a", "SHOULD", "INV-5", SIMPLE)
    "</cases>\n";

static void test_valid_table(void)
{
    const char *files[] = {"demo.xml", valid_table, NULL};
    make_dir(files);
    conform_suite s;
    char err[512] = "";
    CU_ASSERT_EQUAL_FATAL(load(&s, err, sizeof err), CONFORM_OK);
    CU_ASSERT_EQUAL_FATAL(s.n_cases, 2);
    CU_ASSERT_STRING_EQUAL(s.cases[0].id, "demo.a"); /* sorted by id */
    const conform_case *b = &s.cases[1];
    CU_ASSERT_STRING_EQUAL(b->area, "demo");
    CU_ASSERT_EQUAL(b->n_clauses, 2);
    CU_ASSERT_EQUAL(b->n_tags, 2);
    CU_ASSERT_EQUAL(b->source_line, 3);
    const conform_case_spec *sp = conform_case_spec_of(b);
    CU_ASSERT_EQUAL(sp->call.mode, CONFORM_CASE_ASYNC);
    CU_ASSERT_EQUAL(sp->call.flags, 1);
    CU_ASSERT_EQUAL(sp->call.options.timeout_ms, 1500);
    CU_ASSERT_EQUAL(sp->call.options.n_custom, 1);
    CU_ASSERT_EQUAL(sp->call.params.n_props, 4);
    CU_ASSERT_EQUAL(sp->call.params.props[0].type, MI_UINT32A);
    CU_ASSERT_EQUAL(sp->call.params.props[0].n_items, 2);
    CU_ASSERT(sp->call.params.props[1].is_null);
    CU_ASSERT_EQUAL(sp->call.params.props[2].n_instances, 1);
    CU_ASSERT(sp->call.instance.props[0].is_key);
    CU_ASSERT_EQUAL(sp->call.callbacks.on_final, CONFORM_CB_CLOSE);
    CU_ASSERT_EQUAL(sp->n_steps, 5);
    CU_ASSERT_EQUAL(sp->steps[2].kind, CONFORM_STEP_WITHHOLD);
    CU_ASSERT_EQUAL(sp->steps[2].ms, 100);
    CU_ASSERT_EQUAL(sp->n_expects, 4);
    CU_ASSERT_EQUAL(sp->expects[0].code_mode, CONFORM_CODE_NON_OK);
    CU_ASSERT_EQUAL(sp->expects[0].within.named_ms, 2000);
    CU_ASSERT_EQUAL(sp->expects[0].within.extra_ms, 500);
    CU_ASSERT_EQUAL(sp->expects[3].nth, 2);
    /* Without <steps>: collect the result, then close. */
    const conform_case_spec *a = conform_case_spec_of(&s.cases[0]);
    CU_ASSERT_EQUAL(a->n_steps, 2);
    CU_ASSERT_EQUAL(a->steps[0].kind, CONFORM_STEP_DRAIN);
    conform_suite_free(&s);
    remove_dir();
}

/* A malformed table: the load fails and the error starts with "<file>:<line>:" and names the
 * problem. */
static void expect_error(const char *file, const char *text, int line, const char *problem)
{
    const char *files[] = {file, text, NULL};
    make_dir(files);
    conform_suite s;
    char err[1024] = "", where[600];
    CU_ASSERT_EQUAL(load(&s, err, sizeof err), CONFORM_E_INVALID);
    snprintf(where, sizeof where, "%s/%s:%d:", dir, file, line);
    if (strncmp(err, where, strlen(where)) != 0 || strstr(err, problem) == NULL)
        fprintf(stderr, "\nerror was: %s\nexpected: %s ... %s\n", err, where, problem);
    CU_ASSERT(strncmp(err, where, strlen(where)) == 0);
    CU_ASSERT(strstr(err, problem) != NULL);
    remove_dir();
}

static void test_not_well_formed(void)
{
    expect_error("demo.xml",
                 HEAD ROW("demo.a", "MUST", "INV-1", "    <title>t</titel>\n") "</cases>\n", 4,
                 "mismatch");
}

static void test_schema_violation(void)
{
    expect_error("demo.xml", HEAD ROW("demo.a", "MUST", "INV-1",
                 "    <title>t</title>\n    <call mode=\"sometimes\" method=\"M\"/>\n"
                 "    <expect/>\n") "</cases>\n",
                 5, "mode");
}

static void test_unknown_expectation_element(void)
{
    expect_error("demo.xml", HEAD ROW("demo.a", "MUST", "INV-1",
                 "    <title>t</title>\n    <call mode=\"sync\"/>\n"
                 "    <expect><telepathy/></expect>\n") "</cases>\n",
                 6, "telepathy");
}

static void test_bad_id(void)
{
    expect_error("demo.xml", HEAD ROW("Demo.A", "MUST", "INV-1", SIMPLE) "</cases>\n", 3, "id");
}

static void test_id_not_in_area(void)
{
    expect_error("demo.xml", HEAD ROW("other.a", "MUST", "INV-1", SIMPLE) "</cases>\n", 3,
                 "does not start with the area 'demo.'");
}

static void test_unknown_clause(void)
{
    expect_error("demo.xml", HEAD ROW("demo.a", "MUST", "XYZ-9", SIMPLE) "</cases>\n", 3,
                 "unknown clause XYZ-9");
}

static void test_mixed_levels(void)
{
    expect_error("demo.xml", HEAD ROW("demo.a", "MUST", "INV-1 INV-5", SIMPLE) "</cases>\n", 3,
                 "one level per case");
}

static void test_missing_fixture(void)
{
    expect_error("demo.xml", HEAD "  <case id=\"demo.a\" level=\"MUST\" clauses=\"INV-1\" "
                 "fixture=\"nope.xml\" reaches-server=\"yes\">\n"
                 SIMPLE "  </case>\n</cases>\n", 3, "fixture");
}

/* A fixture the mock could not load fails the suite's loading, naming the fixture's line. */
static void test_broken_fixture(void)
{
    const char *files[] = {"demo.xml", HEAD ROW("demo.a", "MUST", "INV-1", SIMPLE) "</cases>\n",
                           NULL};
    make_dir(files);
    char path[600];
    snprintf(path, sizeof path, "%s/fx/f.xml", dir);
    FILE *f = fopen(path, "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs("<?xml version=\"1.0\"?>\n<fixture>\n  <namespace name=\"root/x\">\n</fixture>\n", f);
    fclose(f);
    conform_suite s;
    char err[512] = "";
    CU_ASSERT_EQUAL(load(&s, err, sizeof err), CONFORM_E_INVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "fx/f.xml:"));
    remove_dir();
}

/* A step or an expectation about an operation the row never starts is the table's error. */
static void test_op_the_case_never_starts(void)
{
    expect_error("demo.xml", HEAD ROW("demo.a", "MUST", "INV-1",
                 "    <title>t</title>\n    <call mode=\"sync\" class=\"C\" method=\"M\"/>\n"
                 "    <expect><final op=\"3\" code=\"OK\"/></expect>\n") "</cases>\n",
                 6, "op=\"3\", but the case starts 1 operation");
    expect_error("demo.xml", HEAD ROW("demo.a", "MUST", "INV-1",
                 "    <title>t</title>\n    <call mode=\"sync\" class=\"C\" method=\"M\"/>\n"
                 "    <steps><invoke-again/><cancel op=\"3\"/></steps>\n    <expect/>\n")
                 "</cases>\n",
                 6, "but the case starts 2 operations");
}

static void test_value_does_not_fit(void)
{
    expect_error("demo.xml", HEAD ROW("demo.a", "MUST", "INV-1",
                 "    <title>t</title>\n    <call mode=\"sync\">\n"
                 "      <params><param name=\"X\" type=\"uint8\">-3</param></params>\n"
                 "    </call>\n    <expect/>\n") "</cases>\n", 6, "'-3' is not a uint8");
}

static void test_bad_result_name(void)
{
    expect_error("demo.xml", HEAD ROW("demo.a", "MUST", "INV-1",
                 "    <title>t</title>\n    <call mode=\"sync\"/>\n"
                 "    <expect><final code=\"GREAT\"/></expect>\n")
                 "</cases>\n", 6, "unknown result 'GREAT'");
}

static void test_duplicate_ids(void)
{
    const char *files[] = {"demo.xml",
                           HEAD ROW("demo.a", "MUST", "INV-1", SIMPLE)
                               ROW("demo.a", "MUST", "INV-1", SIMPLE) "</cases>\n",
                           NULL};
    make_dir(files);
    conform_suite s;
    char err[512] = "";
    CU_ASSERT_EQUAL(load(&s, err, sizeof err), CONFORM_E_INVALID);
    CU_ASSERT(strstr(err, "duplicate case id demo.a") != NULL);
    CU_ASSERT(strstr(err, "demo.xml:") != NULL);
    remove_dir();
}

static void test_find_one_case(void)
{
    const char *files[] = {"demo.xml", valid_table, NULL};
    make_dir(files);
    char path[600], err[1024] = "";
    snprintf(path, sizeof path, "%s/demo.xml", dir);
    conform_case c;
    CU_ASSERT_EQUAL_FATAL(conform_case_find(path, "demo.b", &c, err, sizeof err), CONFORM_OK);
    CU_ASSERT_STRING_EQUAL(c.id, "demo.b");
    CU_ASSERT_STRING_EQUAL(c.fixture, "f.xml"); /* the child does not look for it again */
    CU_ASSERT_EQUAL(c.n_clauses, 2);
    conform_case_clear(&c);
    CU_ASSERT_EQUAL(conform_case_find(path, "demo.zz", &c, err, sizeof err), CONFORM_E_INVALID);
    CU_ASSERT(strstr(err, "no case demo.zz") != NULL);
    remove_dir();
}

static void test_names_and_bounds(void)
{
    MI_Type t;
    int code;
    conform_level lv;
    CU_ASSERT(conform_case_type_parse("uint32a", &t) == 0 && t == MI_UINT32A);
    CU_ASSERT(conform_case_type_parse("string[]", &t) == 0 && t == MI_STRINGA);
    CU_ASSERT(conform_case_type_parse("instance", &t) == 0 && t == MI_INSTANCE);
    CU_ASSERT(conform_case_type_parse("float", &t) == -1);
    CU_ASSERT_STRING_EQUAL(conform_case_type_name(MI_DATETIMEA), "datetimea");
    CU_ASSERT(conform_case_result_parse("MI_RESULT_NOT_FOUND", &code) == 0 && code == 6);
    CU_ASSERT(conform_case_result_parse("17", &code) == 0 && code == 17);
    CU_ASSERT_STRING_EQUAL(conform_case_result_name(28), "SERVER_IS_SHUTTING_DOWN");
    CU_ASSERT(conform_level_parse("SHOULD", &lv) == 0 && lv == CONFORM_SHOULD);
    CU_ASSERT(conform_level_parse("MAY", &lv) == -1);
    CU_ASSERT_STRING_EQUAL(conform_level_name(CONFORM_INFO), "INFO");
    CU_ASSERT(conform_case_clause_level("CLO-3", &lv) == 0 && lv == CONFORM_SHOULD);
    conform_case_bound b;
    CU_ASSERT(conform_case_bound_parse("connection+250", &b) == 0);
    CU_ASSERT_EQUAL(conform_case_bound_us(&b, 2.0), 10500000u);
    free(b.text);
    CU_ASSERT(conform_case_bound_parse("bounded+", &b) == -1);
    CU_ASSERT(conform_case_bound_parse("soon", &b) == -1);
}

/* The committed tables themselves load (the same check mi-conform makes at start). */
static void test_repository_tables(void)
{
    conform_suite s;
    char err[512] = "";
    CU_ASSERT_EQUAL(conform_suite_load("cases", "fixtures", &s, err, sizeof err), CONFORM_OK);
    if (err[0]) fprintf(stderr, "\n%s\n", err);
    CU_ASSERT(s.n_cases >= 80);
    conform_suite_free(&s);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"valid_table", test_valid_table},
        {"not_well_formed", test_not_well_formed},
        {"schema_violation", test_schema_violation},
        {"unknown_expectation_element", test_unknown_expectation_element},
        {"bad_id", test_bad_id},
        {"id_not_in_area", test_id_not_in_area},
        {"unknown_clause", test_unknown_clause},
        {"mixed_levels", test_mixed_levels},
        {"missing_fixture", test_missing_fixture},
        {"broken_fixture", test_broken_fixture},
        {"op_the_case_never_starts", test_op_the_case_never_starts},
        {"value_does_not_fit", test_value_does_not_fit},
        {"bad_result_name", test_bad_result_name},
        {"duplicate_ids", test_duplicate_ids},
        {"find_one_case", test_find_one_case},
        {"names_and_bounds", test_names_and_bounds},
        {"repository_tables", test_repository_tables},
        {NULL, NULL},
    };
    return cutest_run("test_harness_case", cases, argc, argv);
}

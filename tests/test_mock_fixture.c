/*
 * Fixture loading: a bad fixture is refused with file:line: problem (XSD errors and the loader's
 * own checks), and the daemon's command line (URL on the first line, exit 2 on bad usage or a
 * bad fixture, clean exit on SIGTERM, journal file written and redacted).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mock_server/mockcim.h"
#include "tests/support/cutest.h"

static char tmpdir[64];

static const char *write_fixture(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Starts with `text`; expects failure whose message holds "name:line:" and `problem`. */
static void expect_refused(const char *text, int line, const char *problem)
{
    const char *path = write_fixture("bad.xml", text);
    mock_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.fixture_path = path;
    mock_server *srv = NULL;
    char err[512] = "";
    CU_ASSERT_EQUAL(mock_server_start(&cfg, &srv, err, sizeof err), -1);
    CU_ASSERT_PTR_NULL(srv);
    char where[160];
    snprintf(where, sizeof where, "%s:%d:", path, line);
    if (strstr(err, where) == NULL || strstr(err, problem) == NULL)
        fprintf(stderr, "got: %s\nwanted: %s ... %s\n", err, where, problem);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, where));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, problem));
}

#define HEAD "<?xml version=\"1.0\"?>\n<fixture style=\"windows\">\n<namespace name=\"root/cimv2\">\n"
#define TAIL "</namespace>\n</fixture>\n"

static void test_not_xml(void)
{
    expect_refused("<fixture style=\"windows\">\n<namespace>\n</fixture>\n", 4, "Premature end");
}

static void test_schema_errors(void)
{
    expect_refused("<?xml version=\"1.0\"?>\n<fixture style=\"mac\">\n<namespace name=\"a\"/>\n</fixture>\n",
                   2, "style");
    expect_refused(HEAD "<class name=\"C\">\n<method name=\"M\" static=\"true\">\n"
                   "<behaviour><explode/></behaviour>\n</method></class>\n" TAIL,
                   6, "explode");
    expect_refused(HEAD "<class name=\"C\">\n<method name=\"M\" static=\"true\">\n"
                   "<behaviour>\n<delay/>\n</behaviour>\n</method></class>\n" TAIL,
                   7, "ms");
}

static void test_semantic_errors(void)
{
    expect_refused(HEAD "<class name=\"C\">\n<method name=\"M\" static=\"true\">\n"
                   "<behaviour>\n<stream param=\"Nope\" count=\"3\"/>\n</behaviour>\n</method></class>\n" TAIL,
                   7, "Nope");
    expect_refused(HEAD "<class name=\"C\">\n<method name=\"M\" static=\"true\">\n"
                   "<parameter name=\"N\" type=\"uint32\" direction=\"out\"/>\n"
                   "<behaviour>\n<return><output name=\"N\">minus one</output></return>\n</behaviour>\n"
                   "</method></class>\n" TAIL,
                   8, "not a valid uint32");
    expect_refused(HEAD "<class name=\"C\">\n<method name=\"M\" static=\"true\">\n"
                   "<parameter name=\"N\" type=\"string\" direction=\"out\"/>\n"
                   "<behaviour>\n<return><output name=\"N\">{in:Missing}</output></return>\n</behaviour>\n"
                   "</method></class>\n" TAIL,
                   8, "Missing");
    expect_refused(HEAD "<class name=\"C\">\n<key name=\"K\" type=\"uint8\"/>\n"
                   "<instance><key name=\"K\">300</key></instance>\n</class>\n" TAIL,
                   6, "not a valid uint8");
    expect_refused("<?xml version=\"1.0\"?>\n<fixture style=\"omi\" defaultNamespace=\"root/x\">\n"
                   "<namespace name=\"root/cimv2\"/>\n</fixture>\n", 2, "defaultNamespace");
    expect_refused(HEAD "<class name=\"C\">\n<method name=\"M\"/>\n</class>\n" TAIL, 5, "no key");
}

static void test_missing_file(void)
{
    mock_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.fixture_path = "build/does/not/exist.xml";
    mock_server *srv = NULL;
    char err[512] = "";
    CU_ASSERT_EQUAL(mock_server_start(&cfg, &srv, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "build/does/not/exist.xml"));
}

static void test_fixtures_in_repo_load(void)
{
    mock_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.fixture_path = "fixtures/mock-basic.xml";
    mock_server *srv = NULL;
    char err[512] = "";
    CU_ASSERT_EQUAL(mock_server_start(&cfg, &srv, err, sizeof err), 0);
    mock_server_stop(srv);
}

/* ---------------------------------------------------------------- the daemon */

static int run_daemon(const char *args)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "build/bin/mi-mock-server %s >/dev/null 2>&1", args);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_daemon_usage(void)
{
    if (access("build/bin/mi-mock-server", X_OK) != 0) {
        fprintf(stderr, "SKIP daemon tests: build/bin/mi-mock-server not built\n");
        return;
    }
    CU_ASSERT_EQUAL(run_daemon("--help"), 0);
    CU_ASSERT_EQUAL(run_daemon(""), 2);
    CU_ASSERT_EQUAL(run_daemon("--bogus"), 2);
    CU_ASSERT_EQUAL(run_daemon("--fixture fixtures/mock-basic.xml --port x"), 2);
    CU_ASSERT_EQUAL(run_daemon("--fixture fixtures/mock-basic.xml --tls"), 2);
    const char *bad = write_fixture("daemon-bad.xml", "<fixture style=\"x\"/>\n");
    char args[256];
    snprintf(args, sizeof args, "--fixture %s", bad);
    CU_ASSERT_EQUAL(run_daemon(args), 2);
}

static void test_daemon_serves_and_stops(void)
{
    if (access("build/bin/mi-mock-server", X_OK) != 0) return;
    char journal[128];
    snprintf(journal, sizeof journal, "%s/journal.txt", tmpdir);
    int out[2];
    CU_ASSERT_FATAL(pipe(out) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        execl("build/bin/mi-mock-server", "mi-mock-server", "--fixture", "fixtures/mock-basic.xml",
              "--user", "bob:hunter2-pw", "--journal", journal, (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    char line[256] = "";
    FILE *f = fdopen(out[0], "r");
    CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, f)); /* blocks until the URL line */
    CU_ASSERT_EQUAL(strncmp(line, "http://127.0.0.1:", 17), 0);
    line[strcspn(line, "\n")] = '\0';
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "curl -s -o /dev/null -m 10 -u bob:hunter2-pw -H 'Content-Type: application/soap+xml' "
             "--data-binary '<x/>' '%s'", line);
    CU_ASSERT_EQUAL(system(cmd), 0);
    kill(pid, SIGTERM);
    int st = 0;
    waitpid(pid, &st, 0);
    fclose(f);
    CU_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    FILE *j = fopen(journal, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, j);
    buf[n] = '\0';
    fclose(j);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "REQUEST POST /wsman"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "Authorization: Basic <redacted>"));
    CU_ASSERT_PTR_NULL(strstr(buf, "hunter2-pw"));
    remove(journal);
}

int main(int argc, char **argv)
{
    mkdir("build", 0755);
    mkdir("build/tmp", 0755);
    snprintf(tmpdir, sizeof tmpdir, "build/tmp/mockfxXXXXXX");
    if (mkdtemp(tmpdir) == NULL) return 2;
    static const cutest_case cases[] = {
        {"not_xml", test_not_xml},
        {"schema_errors", test_schema_errors},
        {"semantic_errors", test_semantic_errors},
        {"missing_file", test_missing_file},
        {"fixtures_in_repo_load", test_fixtures_in_repo_load},
        {"daemon_usage", test_daemon_usage},
        {"daemon_serves_and_stops", test_daemon_serves_and_stops},
        {NULL, NULL},
    };
    int rc = cutest_run("test_mock_fixture", cases, argc, argv);
    char path[128];
    snprintf(path, sizeof path, "%s/bad.xml", tmpdir);
    remove(path);
    snprintf(path, sizeof path, "%s/daemon-bad.xml", tmpdir);
    remove(path);
    rmdir(tmpdir);
    return rc;
}

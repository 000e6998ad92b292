/*
 * test_inject_regress - replays every input the fuzzers ever crashed on (tests/regress/<target>/,
 * filled by scripts/fuzz.sh) and the seed corpora (fuzz/corpus/<target>/) through the fuzz
 * targets' own entry points, so a fixed crash stays fixed and the seeds run under valgrind in
 * `make test`. An empty or missing folder is fine: there is nothing to replay.
 *
 * Paths are relative to the repository root (where make runs the tests); MI_SOURCE_DIR
 * overrides it.
 */
#include "tests/support/cutest.h"

#define INJECT_FUZZ_REPLAY 1
#include "fuzz/fuzz_envelope.c"
#include "fuzz/fuzz_mock_request.c"
#include "fuzz/fuzz_stream.c"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*regress_entry)(const uint8_t *data, size_t size);

static const char *regress_root(void)
{
    const char *dir = getenv("MI_SOURCE_DIR");
    return dir && *dir ? dir : ".";
}

static int regress_read(const char *path, uint8_t **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *grown = realloc(buf, cap *= 2);
            if (!grown) free(buf);
            buf = grown;
        }
    }
    fclose(f);
    if (!buf) return -1;
    *data = buf;
    *size = len;
    return 0;
}

/* Feeds every regular file of root/folder/target to entry. Returns the files replayed. */
static int regress_replay_dir(const char *folder, const char *target, regress_entry entry)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/%s/%s", regress_root(), folder, target);
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.') continue;
        char path[PATH_MAX + 256];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        uint8_t *data = NULL;
        size_t size = 0;
        if (regress_read(path, &data, &size) != 0) continue;
        int rc = entry(data, size);
        if (rc != 0) fprintf(stderr, "%s: the target reported a failure (%d)\n", path, rc);
        CU_ASSERT_EQUAL(rc, 0);
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

static void regress_replay(const char *target, regress_entry entry)
{
    int crashes = regress_replay_dir("tests/regress", target, entry);
    int seeds = regress_replay_dir("fuzz/corpus", target, entry);
    fprintf(stderr, "%s: %d regression inputs, %d seeds replayed\n", target, crashes, seeds);
}

static void test_replay_fuzz_envelope(void)
{
    regress_replay("fuzz_envelope", inject_fuzz_env_one);
}

static void test_replay_fuzz_stream(void)
{
    regress_replay("fuzz_stream", inject_fuzz_stream_one);
}

static void test_replay_fuzz_mock_request(void)
{
    char fixture[PATH_MAX];
    snprintf(fixture, sizeof fixture, "%s/fuzz/fixtures/mock-fuzz.xml", regress_root());
    if (access(fixture, R_OK) != 0) {
        fprintf(stderr, "fuzz_mock_request: no fixture %s, skipped\n", fixture);
        return;
    }
    setenv("MI_FUZZ_FIXTURE", fixture, 1);
    CU_ASSERT_EQUAL_FATAL(inject_fuzz_mock_init(), 0);
    regress_replay("fuzz_mock_request", inject_fuzz_mock_one);
    inject_fuzz_mock_shutdown();
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        { "replay_fuzz_envelope", test_replay_fuzz_envelope },
        { "replay_fuzz_stream", test_replay_fuzz_stream },
        { "replay_fuzz_mock_request", test_replay_fuzz_mock_request },
        { NULL, NULL },
    };
    return cutest_run("test_inject_regress", cases, argc, argv);
}

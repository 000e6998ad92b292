/*
 * cli - getopt_long over mi-conform's options. Repeatable options collect into the selection
 * filter; everything else is a scalar checked here, so the runner starts from sane values.
 */
#include "harness/cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    OPT_IMPL = 256, OPT_CASES, OPT_FIXTURES, OPT_LIST, OPT_CASE, OPT_TAG, OPT_CLAUSE,
    OPT_LEVEL, OPT_SHARD, OPT_REPEAT, OPT_UNTIL_FAILURE, OPT_SEED, OPT_SCALE,
    OPT_TIMEOUT_SCALE, OPT_VALGRIND, OPT_PROFILE, OPT_OUT, OPT_INJECT, OPT_HELP,
    OPT_VERSION, OPT_ALLOW_EMPTY, OPT_TRANSCRIPTS
};

static const struct option LONG_OPTIONS[] = {
    {"impl", required_argument, NULL, OPT_IMPL},
    {"cases", required_argument, NULL, OPT_CASES},
    {"fixtures", required_argument, NULL, OPT_FIXTURES},
    {"list", no_argument, NULL, OPT_LIST},
    {"case", required_argument, NULL, OPT_CASE},
    {"tag", required_argument, NULL, OPT_TAG},
    {"clause", required_argument, NULL, OPT_CLAUSE},
    {"level", required_argument, NULL, OPT_LEVEL},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"repeat", required_argument, NULL, OPT_REPEAT},
    {"until-failure", no_argument, NULL, OPT_UNTIL_FAILURE},
    {"seed", required_argument, NULL, OPT_SEED},
    {"scale", required_argument, NULL, OPT_SCALE},
    {"timeout-scale", required_argument, NULL, OPT_TIMEOUT_SCALE},
    {"valgrind", no_argument, NULL, OPT_VALGRIND},
    {"profile", required_argument, NULL, OPT_PROFILE},
    {"out", required_argument, NULL, OPT_OUT},
    {"inject", required_argument, NULL, OPT_INJECT},
    {"jobs", required_argument, NULL, 'j'},
    {"allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY},
    {"transcripts", required_argument, NULL, OPT_TRANSCRIPTS},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

void conform_cli_usage(FILE *out)
{
    fputs("usage: mi-conform [options]\n"
          "       mi-conform compare [--json] [--allow-removed] BASE NEW   (see compare --help)\n"
          "       mi-conform matrix RUN... --out DIR                       (see matrix --help)\n"
          "  --impl PATH          implementation under test (default: ../lib/libmiref.so\n"
          "                       next to this binary)\n"
          "  --cases DIR          case tables (default: the repository's cases/)\n"
          "  --fixtures DIR       mock server fixtures (default: the repository's fixtures/)\n"
          "  --list               print the cases: id, level, clauses, title (tab-separated)\n"
          "  --case GLOB          select cases whose id matches (repeatable: any of them)\n"
          "  --tag T              select cases tagged T (repeatable)\n"
          "  --clause ID          select cases citing clause ID (repeatable)\n"
          "  --level L            MUST, SHOULD or INFO (repeatable)\n"
          "                       (values of one option OR together, options AND together;\n"
          "                       tags, clauses and levels in any case)\n"
          "  --allow-empty        a selection that matches no case is not an error\n"
          "  --shard K/N          run the K-th of N shards of the selection (K from 1)\n"
          "  -j, --jobs N         run N cases side by side (default 1)\n"
          "  --repeat N           run the selection N times\n"
          "  --until-failure      repeat until a round fails (bounded by --repeat if given)\n"
          "  --seed S             seed for anything random (default: from the clock)\n"
          "  --scale F            multiply the sizes cases declare (default 1)\n"
          "  --timeout-scale F    multiply every time bound (default 1, 10 with --valgrind)\n"
          "  --valgrind           run each case's driver under memcheck\n"
          "  --profile FILE       apply an implementation profile (expected failures)\n"
          "  --out DIR            where junit.xml and summary.json go (default reports/)\n"
          "  --transcripts WHICH  'failed' (default): transcripts of cases that did not pass;\n"
          "                       'all': of passing cases too\n"
          "  --inject alloc       run each case again and again, failing the Nth allocation\n"
          "                       of the implementation (N = 1, 2, ...): no crash, hang or leak\n"
          "  --inject net         perturb the mock server's answers (reproducible from --seed)\n"
          "  -h, --help           this text\n"
          "  --version            the kit's version\n"
          "exit: 0 nothing failed, 1 something failed, 2 the run could not start\n",
          out);
}

static conform_status usage_error(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return CONFORM_E_INVALID;
}

static int push(const char ***list, size_t *n, const char *value)
{
    const char **grown = realloc(*list, (*n + 1) * sizeof *grown);
    if (grown == NULL) return -1;
    grown[(*n)++] = value;
    *list = grown;
    return 0;
}

static int set_path(char **slot, const char *value)
{
    char *copy = strdup(value);
    if (copy == NULL) return -1;
    free(*slot);
    *slot = copy;
    return 0;
}

static int parse_unsigned(const char *text, unsigned min, unsigned *value)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || v < min || v > 100000)
        return -1;
    *value = (unsigned)v;
    return 0;
}

static int parse_positive_double(const char *text, double *value)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !(v > 0.0) || isinf(v)) return -1;
    *value = v;
    return 0;
}

static int parse_seed(const char *text, uint64_t *seed)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 0);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-') return -1;
    *seed = (uint64_t)v;
    return 0;
}

static conform_status parse_level(conform_cli *cli, const char *text, char *err, size_t errlen)
{
    conform_level level;
    if (conform_level_parse(text, &level) != 0)
        return usage_error(err, errlen, "--level: '%s' is not MUST, SHOULD or INFO", text);
    cli->filter.level_mask |= 1u << (unsigned)level;
    return CONFORM_OK;
}

static conform_status parse_inject(conform_cli *cli, const char *text, char *err,
                                   size_t errlen)
{
    int net = strcmp(text, "net") == 0, alloc = strcmp(text, "alloc") == 0;
    if (!net && !alloc) return usage_error(err, errlen, "--inject: '%s' is not alloc or net", text);
    /* One kind per run: a perturbed network would make the allocation numbering vary. */
    if ((net && cli->inject_alloc) || (alloc && cli->net_inject))
        return usage_error(err, errlen, "--inject: alloc and net are separate runs");
    if (net) cli->net_inject = 1;
    else cli->inject_alloc = 1;
    return CONFORM_OK;
}

/* One option; returns what the whole parse should return, OK to go on (unless the option
 * set an action other than running). */
static conform_status apply_option(conform_cli *cli, int opt, const char *arg, char *err,
                                   size_t errlen)
{
    int rc = 0;
    switch (opt) {
    case OPT_IMPL: rc = set_path(&cli->impl_path, arg); break;
    case OPT_CASES: rc = set_path(&cli->cases_dir, arg); break;
    case OPT_FIXTURES: rc = set_path(&cli->fixtures_dir, arg); break;
    case OPT_OUT: rc = set_path(&cli->out_dir, arg); break;
    case OPT_PROFILE: rc = set_path(&cli->profile_path, arg); break;
    case OPT_LIST: cli->list = 1; break;
    case OPT_CASE: rc = push(&cli->filter.globs, &cli->filter.n_globs, arg); break;
    case OPT_TAG: rc = push(&cli->filter.tags, &cli->filter.n_tags, arg); break;
    case OPT_CLAUSE: rc = push(&cli->filter.clauses, &cli->filter.n_clauses, arg); break;
    case OPT_LEVEL: return parse_level(cli, arg, err, errlen);
    case OPT_INJECT: return parse_inject(cli, arg, err, errlen);
    case OPT_UNTIL_FAILURE: cli->until_failure = 1; break;
    case OPT_VALGRIND: cli->valgrind = 1; break;
    case OPT_HELP: cli->action = CONFORM_ACTION_HELP; break;
    case OPT_VERSION: cli->action = CONFORM_ACTION_VERSION; break;
    case OPT_ALLOW_EMPTY: cli->allow_empty = 1; break;
    case OPT_TRANSCRIPTS:
        if (strcmp(arg, "all") != 0 && strcmp(arg, "failed") != 0)
            return usage_error(err, errlen, "--transcripts: '%s' is not 'all' or 'failed'", arg);
        cli->transcripts_all = strcmp(arg, "all") == 0;
        break;
    case OPT_SHARD:
        if (conform_select_parse_shard(arg, &cli->shard_k, &cli->shard_n) != 0)
            return usage_error(err, errlen, "--shard: '%s' is not K/N with 1 <= K <= N", arg);
        break;
    case 'j':
        if (parse_unsigned(arg, 1, &cli->jobs) != 0)
            return usage_error(err, errlen, "-j: '%s' is not a number of jobs >= 1", arg);
        break;
    case OPT_REPEAT:
        if (parse_unsigned(arg, 1, &cli->repeat) != 0)
            return usage_error(err, errlen, "--repeat: '%s' is not a count >= 1", arg);
        break;
    case OPT_SEED:
        if (parse_seed(arg, &cli->seed) != 0)
            return usage_error(err, errlen, "--seed: '%s' is not an unsigned number", arg);
        cli->seed_given = 1;
        break;
    case OPT_SCALE:
        if (parse_positive_double(arg, &cli->scale) != 0)
            return usage_error(err, errlen, "--scale: '%s' is not a positive number", arg);
        break;
    case OPT_TIMEOUT_SCALE:
        if (parse_positive_double(arg, &cli->timeout_scale) != 0)
            return usage_error(err, errlen, "--timeout-scale: '%s' is not positive", arg);
        cli->timeout_scale_given = 1;
        break;
    default: return usage_error(err, errlen, "unknown option (see --help)");
    }
    return rc == 0 ? CONFORM_OK : CONFORM_E_NOMEM;
}

conform_status conform_cli_parse(int argc, char **argv, conform_cli *cli, char *err,
                                 size_t errlen)
{
    memset(cli, 0, sizeof *cli);
    cli->jobs = 1;
    cli->repeat = 1;
    cli->scale = 1.0;
    cli->timeout_scale = 1.0;
    if (errlen > 0) err[0] = '\0';
    optind = 0; /* glibc: a full re-initialisation, so the parser can run more than once */
    opterr = 0; /* our own messages, on our own stream */
    int opt, repeat_given = 0;
    while ((opt = getopt_long(argc, argv, "+hj:", LONG_OPTIONS, NULL)) != -1) {
        conform_status rc;
        if (opt == 'h') opt = OPT_HELP;
        if (opt == '?' || opt == ':')
            rc = usage_error(err, errlen, "bad option '%s' (see --help)", argv[optind - 1]);
        else
            rc = apply_option(cli, opt, optarg, err, errlen);
        if (opt == OPT_REPEAT) repeat_given = 1;
        if (rc != CONFORM_OK || cli->action != CONFORM_ACTION_RUN) return rc;
    }
    if (optind < argc)
        return usage_error(err, errlen, "unexpected argument '%s' (see --help)", argv[optind]);
    /* --until-failure alone repeats without bound; with --repeat N it stops after N rounds. */
    if (cli->until_failure && !repeat_given) cli->repeat = 0;
    return CONFORM_OK;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* "<dir of exe>/<rel>", or NULL when out of memory. */
static char *beside_exe(const char *self_exe, const char *rel)
{
    const char *slash = strrchr(self_exe, '/');
    size_t dir_len = slash != NULL ? (size_t)(slash - self_exe) : 1;
    const char *dir = slash != NULL ? self_exe : ".";
    size_t len = dir_len + strlen(rel) + 2;
    char *p = malloc(len);
    if (p != NULL) snprintf(p, len, "%.*s/%s", (int)dir_len, dir, rel);
    return p;
}

/* The repository's DIR when the binary sits in <repo>/build/bin, else ./DIR. */
static int default_dir(char **slot, const char *self_exe, const char *name)
{
    if (*slot != NULL) return 0;
    char rel[64];
    snprintf(rel, sizeof rel, "../../%s", name);
    char *p = beside_exe(self_exe, rel);
    if (p == NULL) return -1;
    if (is_dir(p)) {
        char *clean = realpath(p, NULL); /* "/repo/cases", not "/repo/build/bin/../../cases" */
        if (clean != NULL) {
            free(p);
            p = clean;
        }
        *slot = p;
        return 0;
    }
    free(p);
    *slot = strdup(name);
    return *slot != NULL ? 0 : -1;
}

static uint64_t clock_seed(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* Kept below 2^32 so it is short to retype and exact in every JSON reader. */
    return ((uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec ^ (uint64_t)getpid()) &
           0xffffffffu;
}

conform_status conform_cli_resolve(conform_cli *cli, const char *self_exe)
{
    if (self_exe == NULL) self_exe = "./mi-conform";
    if (cli->self_exe == NULL && (cli->self_exe = strdup(self_exe)) == NULL)
        return CONFORM_E_NOMEM;
    if (cli->impl_path == NULL) {
        char *p = beside_exe(self_exe, "../lib/libmiref.so");
        if (p == NULL) return CONFORM_E_NOMEM;
        char *clean = realpath(p, NULL);
        cli->impl_path = clean != NULL ? clean : p;
        if (clean != NULL) free(p);
    }
    if (default_dir(&cli->cases_dir, self_exe, "cases") != 0 ||
        default_dir(&cli->fixtures_dir, self_exe, "fixtures") != 0)
        return CONFORM_E_NOMEM;
    if (cli->out_dir == NULL && (cli->out_dir = strdup("reports")) == NULL)
        return CONFORM_E_NOMEM;
    if (!cli->seed_given) cli->seed = clock_seed();
    if (cli->valgrind && !cli->timeout_scale_given) cli->timeout_scale = 10.0;
    return CONFORM_OK;
}

void conform_cli_free(conform_cli *cli)
{
    free(cli->impl_path);
    free(cli->cases_dir);
    free(cli->fixtures_dir);
    free(cli->out_dir);
    free(cli->profile_path);
    free(cli->self_exe);
    free(cli->filter.globs);
    free(cli->filter.tags);
    free(cli->filter.clauses);
    memset(cli, 0, sizeof *cli);
}

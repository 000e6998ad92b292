/*
 * mi-mock-server - the scriptable WS-Management CIM server as a daemon.
 * Prints its URL on the first line of standard output, serves until SIGINT/SIGTERM, exits 0.
 * Exit 2: bad usage or a fixture that does not validate (file:line: problem on stderr).
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "mock_server/mockcim.h"

#define MOCK_VERSION "0.1.0" /* the kit's version (harness/cli.h) */

static const char usage_text[] =
    "usage: mi-mock-server --fixture FILE [options]\n"
    "\n"
    "A scriptable WS-Management CIM server for testing MI clients (see fixtures/README.md).\n"
    "\n"
    "  --fixture FILE     the fixture scripting namespaces, classes and behaviours (required)\n"
    "  --port N           TCP port on 127.0.0.1 (default: an ephemeral port)\n"
    "  --bind ADDR        IPv4 address to listen on (default 127.0.0.1)\n"
    "  --path P           URL path served (default /wsman; P/ is accepted too)\n"
    "  --tls              serve HTTPS (needs --cert and --key)\n"
    "  --cert FILE        PEM certificate for --tls\n"
    "  --key FILE         PEM private key for --tls\n"
    "  --user NAME:PW     require HTTP Basic with these credentials (adds to the fixture's users)\n"
    "  --journal FILE     write the journal transcript to FILE when stopped (passwords redacted)\n"
    "  --journal-max N    keep at most N journal events (long benchmarks)\n"
    "  --max-request N    largest request body in bytes (default 4194304); larger get 413\n"
    "  --scale F          multiply the stream lengths the fixture declares\n"
    "  --net-inject SEED  perturb answers reproducibly from SEED (fault injection)\n"
    "  -h, --help         this text\n"
    "  --version          the version\n"
    "\n"
    "The first line of standard output is the URL. SIGINT or SIGTERM stop the server (exit 0)\n"
    "within milliseconds; --journal is written then, at the stop.\n"
    "Exit 2: bad usage, or a fixture that does not validate (reported as file:line: problem).\n";

static int usage_error(const char *msg)
{
    fprintf(stderr, "mi-mock-server: %s\n(try --help)\n", msg);
    return 2;
}

static int usage_error_arg(const char *what, const char *arg)
{
    fprintf(stderr, "mi-mock-server: %s: '%s'\n(try --help)\n", what, arg);
    return 2;
}

/* Many concurrent clients need more descriptors than the usual soft limit of 1024. */
static void raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static int parse_number(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    *out = strtod(s, &end);
    return errno == 0 && end != s && *end == '\0' ? 0 : -1;
}

int main(int argc, char **argv)
{
    enum { O_FIXTURE = 1, O_PORT, O_BIND, O_PATH, O_TLS, O_CERT, O_KEY, O_USER, O_JOURNAL,
           O_JOURNAL_MAX, O_MAX_REQUEST, O_SCALE, O_NET, O_HELP, O_VERSION };
    static const struct option opts[] = {
        {"fixture", required_argument, NULL, O_FIXTURE}, {"port", required_argument, NULL, O_PORT},
        {"bind", required_argument, NULL, O_BIND},       {"path", required_argument, NULL, O_PATH},
        {"tls", no_argument, NULL, O_TLS},               {"cert", required_argument, NULL, O_CERT},
        {"key", required_argument, NULL, O_KEY},         {"user", required_argument, NULL, O_USER},
        {"journal", required_argument, NULL, O_JOURNAL},
        {"journal-max", required_argument, NULL, O_JOURNAL_MAX},
        {"max-request", required_argument, NULL, O_MAX_REQUEST},
        {"scale", required_argument, NULL, O_SCALE},     {"net-inject", required_argument, NULL, O_NET},
        {"help", no_argument, NULL, O_HELP},             {"version", no_argument, NULL, O_VERSION},
        {NULL, 0, NULL, 0},
    };
    mock_config cfg;
    memset(&cfg, 0, sizeof cfg);
    const char *journal = NULL;
    int tls = 0, c;
    double num;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case O_FIXTURE: cfg.fixture_path = optarg; break;
        case O_PORT:
            if (parse_number(optarg, &num) != 0 || num < 0 || num > 65535 || num != (unsigned)num)
                return usage_error("--port needs a number 0-65535");
            cfg.port = (unsigned)num;
            break;
        case O_BIND: cfg.bind_address = optarg; break;
        case O_PATH:
            if (optarg[0] != '/') return usage_error("--path must start with /");
            cfg.path = optarg;
            break;
        case O_TLS: tls = 1; break;
        case O_CERT: cfg.cert_file = optarg; break;
        case O_KEY: cfg.key_file = optarg; break;
        case O_USER:
            if (strchr(optarg, ':') == NULL || optarg[0] == ':') return usage_error("--user needs NAME:PASSWORD");
            cfg.user = optarg;
            break;
        case O_JOURNAL: journal = optarg; break;
        case O_JOURNAL_MAX:
            if (parse_number(optarg, &num) != 0 || num < 0) return usage_error("--journal-max needs a number");
            cfg.journal_max_events = (size_t)num;
            break;
        case O_MAX_REQUEST:
            if (parse_number(optarg, &num) != 0 || num < 1) return usage_error("--max-request needs a positive number");
            cfg.max_request_bytes = (size_t)num;
            break;
        case O_SCALE:
            if (parse_number(optarg, &num) != 0 || num <= 0) return usage_error("--scale needs a positive number");
            cfg.scale = num;
            break;
        case O_NET:
            if (parse_number(optarg, &num) != 0 || num < 0) return usage_error("--net-inject needs a seed");
            cfg.net_inject = 1;
            cfg.net_seed = (uint64_t)num;
            break;
        case 'h':
        case O_HELP: fputs(usage_text, stdout); return 0;
        case O_VERSION: printf("mi-mock-server %s\n", MOCK_VERSION); return 0;
        case ':': return usage_error_arg("option needs a value", argv[optind - 1]);
        default: return usage_error_arg("unknown option", argv[optind - 1]);
        }
    }
    if (optind < argc) return usage_error_arg("unexpected argument", argv[optind]);
    if (cfg.fixture_path == NULL) return usage_error("--fixture is required");
    if (tls != (cfg.cert_file != NULL || cfg.key_file != NULL) ||
        (tls && (cfg.cert_file == NULL || cfg.key_file == NULL)))
        return usage_error("--tls goes with both --cert and --key");

    raise_fd_limit();
    signal(SIGPIPE, SIG_IGN);
    /* SIGINT and SIGTERM are blocked in every thread (the server's threads inherit the mask)
     * and taken by sigwait here: a handler could run on any thread and leave this one asleep,
     * which made a stop take seconds. */
    sigset_t stop_set;
    sigemptyset(&stop_set);
    sigaddset(&stop_set, SIGINT);
    sigaddset(&stop_set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_set, NULL);

    mock_server *srv = NULL;
    char err[1024];
    if (mock_server_start(&cfg, &srv, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    printf("%s\n", mock_server_url(srv));
    fflush(stdout);
    int sig = 0;
    while (sigwait(&stop_set, &sig) != 0) continue;
    int rc = 0;
    if (journal != NULL) {
        FILE *f = fopen(journal, "w");
        if (f == NULL || mock_journal_write(srv, f) != 0) {
            fprintf(stderr, "mi-mock-server: cannot write the journal to %s\n", journal);
            rc = 1;
        }
        if (f != NULL) fclose(f);
    }
    mock_server_stop(srv);
    return rc;
}

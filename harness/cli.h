/*
 * cli - mi-conform's command line: what to run, against what, how, and where to report.
 */
#ifndef CONFORM_CLI_H
#define CONFORM_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "harness/select.h"
#include "harness/status.h"

#define CONFORM_KIT_VERSION "0.1.0"

/* What the command line asks for. Help and version are answers, not errors: the parse stops
 * at the first of them and succeeds. */
typedef enum conform_cli_action {
    CONFORM_ACTION_RUN = 0, /* list or run the selection */
    CONFORM_ACTION_HELP,    /* -h, --help: usage printed to stdout, exit 0 */
    CONFORM_ACTION_VERSION  /* --version: the kit's version printed to stdout, exit 0 */
} conform_cli_action;

typedef struct conform_cli {
    conform_cli_action action;

    /* Paths: given, or defaults found relative to the binary (conform_cli_resolve). */
    char *impl_path;
    char *cases_dir;
    char *fixtures_dir;
    char *out_dir;
    char *profile_path; /* NULL without --profile */
    char *self_exe;

    int list;
    conform_select_filter filter; /* points into argv */
    unsigned shard_k, shard_n;    /* shard_n == 0: no sharding */

    unsigned jobs;
    unsigned repeat;              /* rounds of the selection; 1 by default */
    int until_failure;            /* stop after the first round with a failure */
    uint64_t seed;
    int seed_given;
    double scale;
    double timeout_scale;
    int timeout_scale_given;
    int valgrind;
    int net_inject;
    int inject_alloc;             /* --inject alloc: the allocation-failure loop per case */
    int allow_empty;              /* an empty selection is not an error */
    int transcripts_all;          /* --transcripts all: passing cases keep theirs too */
} conform_cli;

/* Parses argv into cli (zeroed first). Does not touch the file system. CONFORM_E_INVALID for
 * a bad command line, with the message in err (exit 2); CONFORM_E_NOMEM. */
conform_status conform_cli_parse(int argc, char **argv, conform_cli *cli, char *err,
                                 size_t errlen);

/* Fills every default the command line left open: impl, cases, fixtures and out paths
 * relative to `self_exe` (normally /proc/self/exe), the seed from the clock, the timeout
 * scale from --valgrind. CONFORM_OK or CONFORM_E_NOMEM. */
conform_status conform_cli_resolve(conform_cli *cli, const char *self_exe);

void conform_cli_free(conform_cli *cli);
void conform_cli_usage(FILE *out);

#endif

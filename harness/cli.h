/*
 * cli - mi-conform's command line: what to run, against what, how, and where to report.
 */
#ifndef CONFORM_CLI_H
#define CONFORM_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "harness/select.h"

#define CONFORM_KIT_VERSION "0.1.0"

typedef enum conform_cli_code {
    CONFORM_CLI_OK = 0,
    CONFORM_CLI_HELP,    /* --help: usage printed to stdout, exit 0 */
    CONFORM_CLI_VERSION, /* --version: the kit's version printed to stdout, exit 0 */
    CONFORM_CLI_USAGE,   /* a bad command line: message in err, exit 2 */
    CONFORM_CLI_NOMEM
} conform_cli_code;

typedef struct conform_cli {
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

/* Parses argv into cli (zeroed first). Does not touch the file system. */
conform_cli_code conform_cli_parse(int argc, char **argv, conform_cli *cli, char *err,
                                   size_t errlen);

/* Fills every default the command line left open: impl, cases, fixtures and out paths
 * relative to `self_exe` (normally /proc/self/exe), the seed from the clock, the timeout
 * scale from --valgrind. */
conform_cli_code conform_cli_resolve(conform_cli *cli, const char *self_exe);

void conform_cli_free(conform_cli *cli);
void conform_cli_usage(FILE *out);

#endif

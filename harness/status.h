/*
 * status - how a function of the harness says what went wrong: one status for every module
 * (tables, profiles, the command line, selection, running, reports, the child). The words for
 * a person ("file:line: problem") go in the caller's message buffer; the status tells the
 * caller which kind of failure it was without reading them.
 */
#ifndef CONFORM_STATUS_H
#define CONFORM_STATUS_H

typedef enum conform_status {
    CONFORM_OK = 0,
    CONFORM_E_NOMEM,   /* out of memory */
    CONFORM_E_INVALID, /* bad input: a table, a profile, a report, a shard, a command line */
    CONFORM_E_IO       /* a file, directory, pipe or process could not be opened or written */
} conform_status;

/* "ok", "out of memory", "invalid input", "input/output error". */
const char *conform_status_name(conform_status status);

#endif

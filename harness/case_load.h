/*
 * case_load - reading case tables (cases/AREA.xml) into conform_case rows.
 *
 * Every table is validated against cases/cases.xsd with libxml2, then checked for what the
 * schema cannot say: ids unique and starting with the file's area, clauses known and all of
 * the row's level, the fixture present, values that fit their types. Every problem is
 * reported as "file:line: problem".
 */
#ifndef CONFORM_CASE_LOAD_H
#define CONFORM_CASE_LOAD_H

#include <stddef.h>

#include <libxml/tree.h>

#include "harness/case_model.h"
#include "harness/conform.h"

/* Loads every case of one table. `xsd_path` validates it; `fixtures_dir` (NULL: not checked)
 * resolves and checks fixture names. Appends to *cases / *n (grown with realloc).
 * CONFORM_E_INVALID for a problem of the table (unreadable, not valid, a row the checks
 * refuse), with "file:line: problem" in err; CONFORM_E_NOMEM. */
conform_status conform_case_load_file(const char *path, const char *xsd_path,
                                      const char *fixtures_dir, conform_case **cases, size_t *n,
                                      char *err, size_t errlen);

/* The driver child's way in: the one row `id` of table `path`, built without validating the
 * table again (the parent did, before spawning the child). CONFORM_E_INVALID (no such row, or
 * a table that cannot be read) with err filled; CONFORM_E_NOMEM. */
conform_status conform_case_find(const char *path, const char *id, conform_case *out,
                                 char *err, size_t errlen);

void conform_case_clear(conform_case *c);

/* The spec of one <case> element (case_parse.c) into *out. CONFORM_E_INVALID (a problem of
 * the row) or CONFORM_E_NOMEM, with "file:line: problem" in err. */
conform_status conform_case_parse_spec(xmlNodePtr case_node, const char *file,
                                       conform_case_spec **out, char *err, size_t errlen);

/* The spec of a loaded case (its `spec`, typed). */
static inline const conform_case_spec *conform_case_spec_of(const conform_case *c)
{
    return (const conform_case_spec *)c->spec;
}

#endif

/*
 * case_load - tables to rows: XSD validation, the checks a schema cannot make, the suite.
 */
#include "harness/case_load.h"

#include <dirent.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit/xml_load.h"
#include "mock_server/mockcim.h"

/* A problem of the table: "file:line: problem" in err. */
static conform_status fail_at(char *err, size_t errlen, const char *file, long line,
                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kit_xml_vproblem(err, errlen, file, line, fmt, ap);
    va_end(ap);
    return CONFORM_E_INVALID;
}

/* ---------------------------------------------------------------- one row */

/* Splits a space-separated list into a malloc'd vector. */
static conform_status split_words(const char *text, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (text == NULL) return CONFORM_OK;
    char *copy = strdup(text), *save = NULL;
    if (copy == NULL) return CONFORM_E_NOMEM;
    for (char *w = strtok_r(copy, " \t\r\n,", &save); w; w = strtok_r(NULL, " \t\r\n,", &save)) {
        char **t = realloc(*out, (*n + 1) * sizeof *t);
        if (t == NULL || (t[*n] = strdup(w)) == NULL) {
            if (t) *out = t;
            free(copy);
            return CONFORM_E_NOMEM;
        }
        *out = t;
        (*n)++;
    }
    free(copy);
    return CONFORM_OK;
}

static conform_status check_clauses(const conform_case *c, char *err, size_t errlen)
{
    for (size_t i = 0; i < c->n_clauses; i++) {
        conform_level lv;
        if (conform_case_clause_level(c->clauses[i], &lv) != 0)
            return fail_at(err, errlen, c->source_file, c->source_line,
                           "case %s cites unknown clause %s", c->id, c->clauses[i]);
        if (lv != c->level)
            return fail_at(err, errlen, c->source_file, c->source_line,
                           "case %s is %s but clause %s is %s (one level per case)", c->id,
                           conform_level_name(c->level), c->clauses[i], conform_level_name(lv));
    }
    return CONFORM_OK;
}

static conform_status check_id(const conform_case *c, const char *area, char *err, size_t errlen)
{
    size_t n = strlen(area);
    if (strspn(c->id, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != strlen(c->id))
        return fail_at(err, errlen, c->source_file, c->source_line,
                       "case id '%s' does not match [a-z0-9_.-]+", c->id);
    if (strncmp(c->id, area, n) != 0 || c->id[n] != '.')
        return fail_at(err, errlen, c->source_file, c->source_line,
                       "case id '%s' does not start with the area '%s.'", c->id, area);
    return CONFORM_OK;
}

static conform_status resolve_fixture(conform_case *c, const char *name,
                                      const char *fixtures_dir, char *err, size_t errlen)
{
    if (fixtures_dir == NULL) {
        c->fixture = strdup(name);
        return c->fixture ? CONFORM_OK : CONFORM_E_NOMEM;
    }
    size_t len = strlen(fixtures_dir) + strlen(name) + 2;
    c->fixture = malloc(len);
    if (c->fixture == NULL) return CONFORM_E_NOMEM;
    snprintf(c->fixture, len, "%s/%s", fixtures_dir, name);
    if (access(c->fixture, R_OK) != 0)
        return fail_at(err, errlen, c->source_file, c->source_line,
                       "case %s: fixture %s not found", c->id, c->fixture);
    return CONFORM_OK;
}

/* The row's own fields; *fixture gets its fixture attribute (malloc'd), resolved by the caller. */
static conform_status read_row(conform_case *c, xmlNodePtr node, const char *path,
                               const char *area, char **fixture, char *err, size_t errlen)
{
    c->source_file = strdup(path);
    c->source_line = (int)xmlGetLineNo(node);
    c->id = kit_xml_attr(node, "id");
    c->area = strdup(area);
    c->title = kit_xml_text(kit_xml_child(node, "title"));
    char *level = kit_xml_attr(node, "level"), *clauses = kit_xml_attr(node, "clauses"),
         *tags = kit_xml_attr(node, "tags");
    *fixture = kit_xml_attr(node, "fixture");
    conform_status rc = CONFORM_OK;
    if (!(c->source_file && c->id && c->area && c->title && level && clauses && *fixture)) {
        kit_xml_problem(err, errlen, path, c->source_line, "out of memory");
        rc = CONFORM_E_NOMEM;
    }
    if (rc == CONFORM_OK && conform_level_parse(level, &c->level) != 0) rc = CONFORM_E_INVALID;
    if (rc == CONFORM_OK) rc = split_words(clauses, &c->clauses, &c->n_clauses);
    if (rc == CONFORM_OK) rc = split_words(tags, &c->tags, &c->n_tags);
    free(level);
    free(clauses);
    free(tags);
    return rc;
}

static conform_status read_spec(conform_case *c, xmlNodePtr node, const char *path, char *err,
                                size_t errlen)
{
    conform_case_spec *spec = NULL;
    conform_status rc = conform_case_parse_spec(node, path, &spec, err, errlen);
    c->spec = spec;
    return rc;
}

/* A row of a table being loaded: read, checked for what the schema cannot say, its fixture
 * found. */
static conform_status fill_case(conform_case *c, xmlNodePtr node, const char *path,
                                const char *area, const char *fixtures_dir, char *err,
                                size_t errlen)
{
    char *fixture = NULL;
    conform_status rc = read_row(c, node, path, area, &fixture, err, errlen);
    if (rc == CONFORM_OK) rc = check_id(c, area, err, errlen);
    if (rc == CONFORM_OK) rc = check_clauses(c, err, errlen);
    if (rc == CONFORM_OK) rc = resolve_fixture(c, fixture, fixtures_dir, err, errlen);
    if (rc == CONFORM_OK) rc = read_spec(c, node, path, err, errlen);
    free(fixture);
    return rc;
}

/* The driver child's row: read as the parent read it, none of the parent's checks again. */
static conform_status fill_child_case(conform_case *c, xmlNodePtr node, const char *path,
                                      const char *area, char *err, size_t errlen)
{
    conform_status rc = read_row(c, node, path, area, &c->fixture, err, errlen);
    if (rc == CONFORM_OK) rc = read_spec(c, node, path, err, errlen);
    return rc;
}

void conform_case_clear(conform_case *c)
{
    free(c->id);
    free(c->area);
    free(c->title);
    for (size_t i = 0; i < c->n_clauses; i++) free(c->clauses[i]);
    free(c->clauses);
    for (size_t i = 0; i < c->n_tags; i++) free(c->tags[i]);
    free(c->tags);
    free(c->fixture);
    free(c->source_file);
    conform_case_spec_free(c->spec);
    memset(c, 0, sizeof *c);
}

/* ---------------------------------------------------------------- a table */

/* "cases/invoke.xml" -> "invoke" (malloc'd). */
static char *area_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot ? (size_t)(dot - base) : strlen(base);
    return strndup(base, n);
}

static conform_status load_rows(xmlDocPtr doc, const char *path, const char *fixtures_dir,
                                conform_case **cases, size_t *n, char *err, size_t errlen)
{
    char *area = area_of(path);
    if (area == NULL) return CONFORM_E_NOMEM;
    conform_status rc = CONFORM_OK;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr node = root->children; node != NULL && rc == CONFORM_OK; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        conform_case *t = realloc(*cases, (*n + 1) * sizeof *t);
        if (t == NULL) {
            rc = CONFORM_E_NOMEM;
            break;
        }
        *cases = t;
        memset(&t[*n], 0, sizeof *t);
        rc = fill_case(&t[*n], node, path, area, fixtures_dir, err, errlen);
        (*n)++; /* counted even on failure, so the caller frees what was filled */
    }
    free(area);
    return rc;
}

conform_status conform_case_load_file(const char *path, const char *xsd_path,
                                      const char *fixtures_dir, conform_case **cases, size_t *n,
                                      char *err, size_t errlen)
{
    xmlDocPtr doc = kit_xml_load_file(path, NULL, xsd_path, err, errlen);
    if (doc == NULL) return CONFORM_E_INVALID;
    conform_status rc = load_rows(doc, path, fixtures_dir, cases, n, err, errlen);
    xmlFreeDoc(doc);
    return rc;
}

/* The <case> of `doc` whose id is `id`, or NULL. */
static xmlNodePtr find_row(xmlDocPtr doc, const char *id)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr node = root ? root->children : NULL; node != NULL; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        char *row_id = kit_xml_attr(node, "id");
        int match = row_id != NULL && strcmp(row_id, id) == 0;
        free(row_id);
        if (match) return node;
    }
    return NULL;
}

/* The driver child's one row. The parent loaded and validated this table moments before it
 * spawned the child, so the child neither validates it again (the schema, the row's id,
 * clauses and fixture, the suite's unique ids) nor parses the rows it does not run: it reads
 * the file and builds the one <case> whose id it was given. */
conform_status conform_case_find(const char *path, const char *id, conform_case *out,
                                 char *err, size_t errlen)
{
    xmlDocPtr doc = kit_xml_read_file(path, NULL, err, errlen);
    if (doc == NULL) return CONFORM_E_INVALID;
    char *area = area_of(path);
    xmlNodePtr row = find_row(doc, id);
    conform_status rc = CONFORM_E_NOMEM;
    if (area != NULL && row == NULL) rc = fail_at(err, errlen, path, 0, "no case %s", id);
    if (area != NULL && row != NULL) {
        memset(out, 0, sizeof *out);
        rc = fill_child_case(out, row, path, area, err, errlen);
        if (rc != CONFORM_OK) conform_case_clear(out);
    }
    free(area);
    xmlFreeDoc(doc);
    return rc;
}

/* ---------------------------------------------------------------- the suite */

static int by_id(const void *a, const void *b)
{
    return strcmp(((const conform_case *)a)->id, ((const conform_case *)b)->id);
}

static int is_table(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".xml") == 0 && name[0] != '.';
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The table files of a directory, sorted, so load errors come in a stable order. */
static conform_status list_tables(const char *dir, char ***names, size_t *n, char *err,
                                  size_t errlen)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        kit_xml_problem(err, errlen, dir, 0, "cannot open the cases directory");
        return CONFORM_E_IO;
    }
    struct dirent *e;
    conform_status rc = CONFORM_OK;
    while (rc == CONFORM_OK && (e = readdir(d)) != NULL) {
        if (!is_table(e->d_name)) continue;
        char **t = realloc(*names, (*n + 1) * sizeof *t);
        if (t == NULL) {
            rc = CONFORM_E_NOMEM;
            break;
        }
        *names = t;
        if ((t[*n] = strdup(e->d_name)) == NULL) rc = CONFORM_E_NOMEM;
        else (*n)++;
    }
    closedir(d);
    if (*n > 0) qsort(*names, *n, sizeof **names, by_name);
    return rc;
}

static conform_status check_unique(const conform_suite *s, char *err, size_t errlen)
{
    for (size_t i = 1; i < s->n_cases; i++)
        if (strcmp(s->cases[i - 1].id, s->cases[i].id) == 0)
            return fail_at(err, errlen, s->cases[i].source_file, s->cases[i].source_line,
                           "duplicate case id %s (also %s:%d)", s->cases[i].id,
                           s->cases[i - 1].source_file, s->cases[i - 1].source_line);
    return CONFORM_OK;
}

/* Every fixture the suite names, loaded once as the mock will load it: a broken fixture is the
 * suite's error (exit 2 before any case), not a "mock server did not start" in every case. */
static conform_status check_fixtures(const conform_suite *s, char *err, size_t errlen)
{
    const char **seen = calloc(s->n_cases + 1, sizeof *seen);
    size_t n_seen = 0;
    conform_status rc = seen != NULL ? CONFORM_OK : CONFORM_E_NOMEM;
    for (size_t i = 0; rc == CONFORM_OK && i < s->n_cases; i++) {
        const char *f = s->cases[i].fixture;
        size_t k = 0;
        while (k < n_seen && strcmp(seen[k], f) != 0) k++;
        if (k < n_seen) continue;
        seen[n_seen++] = f;
        if (mock_fixture_check(f, err, errlen) != 0) rc = CONFORM_E_INVALID;
    }
    free(seen);
    return rc;
}

conform_status conform_suite_load(const char *cases_dir, const char *fixtures_dir,
                                  conform_suite *suite, char *err, size_t errlen)
{
    char **names = NULL, xsd[4096], path[4096];
    size_t n_names = 0;
    memset(suite, 0, sizeof *suite);
    if (errlen > 0) err[0] = '\0';
    snprintf(xsd, sizeof xsd, "%s/cases.xsd", cases_dir);
    conform_status rc = list_tables(cases_dir, &names, &n_names, err, errlen);
    for (size_t i = 0; rc == CONFORM_OK && i < n_names; i++) {
        snprintf(path, sizeof path, "%s/%s", cases_dir, names[i]);
        rc = conform_case_load_file(path, xsd, fixtures_dir, &suite->cases, &suite->n_cases,
                                    err, errlen);
    }
    for (size_t i = 0; i < n_names; i++) free(names[i]);
    free(names);
    if (rc == CONFORM_OK && suite->n_cases > 0)
        qsort(suite->cases, suite->n_cases, sizeof *suite->cases, by_id);
    if (rc == CONFORM_OK) rc = check_unique(suite, err, errlen);
    if (rc == CONFORM_OK && fixtures_dir != NULL) rc = check_fixtures(suite, err, errlen);
    if (rc != CONFORM_OK) {
        if (err[0] == '\0') snprintf(err, errlen, "%s: out of memory", cases_dir);
        conform_suite_free(suite);
    }
    return rc;
}

void conform_suite_free(conform_suite *suite)
{
    if (suite == NULL) return;
    for (size_t i = 0; i < suite->n_cases; i++) conform_case_clear(&suite->cases[i]);
    free(suite->cases);
    memset(suite, 0, sizeof *suite);
}

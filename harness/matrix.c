/*
 * matrix - `mi-conform matrix RUN... --out DIR`: several runs side by side on one page, cases
 * down, runs (implementations) across, each cell coloured by the case's status in that run and
 * linked to its transcript in that run's index.html, with per-area totals. Runs are read as
 * compare reads them (their junit.xml); the page is XHTML built with libxml2 like index.html.
 */
#include "harness/matrix.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness/compare.h"
#include "harness/report.h"
#include "harness/xhtml.h"

static const char STYLE[] =
    "body{font:13px/1.4 system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse}"
    "td,th{border:1px solid #ddd;padding:1px 6px}th{background:#f4f4f4}"
    "td.pass{background:#c8e6c9}td.fail,td.error{background:#ffcdd2}td.skip{background:#fff59d}"
    "td.flaky{background:#ffe0b2}td.none{background:#eee}a{color:inherit}";

/* The run's directory as the page links to it: relative to DIR when both resolve, so the page
 * and the runs can move together (a CI artifact). */
static char *link_base(const char *run, const char *out_dir)
{
    char dir[PATH_MAX], a[PATH_MAX], b[PATH_MAX];
    struct stat st;
    snprintf(dir, sizeof dir, "%s", run);
    if (stat(run, &st) == 0 && !S_ISDIR(st.st_mode)) { /* a junit.xml or summary.json */
        char *slash = strrchr(dir, '/');
        if (slash != NULL) *slash = '\0';
        else snprintf(dir, sizeof dir, ".");
    }
    if (realpath(dir, a) == NULL || realpath(out_dir, b) == NULL) return strdup(dir);
    size_t i = 0, cut = 0; /* the common prefix, at a component boundary */
    while (a[i] != '\0' && a[i] == b[i]) {
        i++;
        if ((a[i] == '/' || a[i] == '\0') && (b[i] == '/' || b[i] == '\0')) cut = i;
    }
    char rel[PATH_MAX * 2] = "";
    for (const char *p = b + cut; *p != '\0'; p++)
        if (*p == '/') strcat(rel, "../");
    const char *rest = a[cut] == '/' ? a + cut + 1 : a + cut;
    strncat(rel, rest, sizeof rel - strlen(rel) - 1);
    size_t n = strlen(rel);
    if (n > 0 && rel[n - 1] == '/') rel[n - 1] = '\0';
    return strdup(rel[0] != '\0' ? rel : ".");
}

static const char *area_of(const char *id, char *buf, size_t len)
{
    size_t n = strcspn(id, ".");
    snprintf(buf, len, "%.*s", (int)n, id);
    return buf;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every id of every run, sorted, once. */
static char **all_ids(const conform_compare_run *runs, size_t n_runs, size_t *n_ids)
{
    size_t cap = 0;
    for (size_t r = 0; r < n_runs; r++) cap += runs[r].n;
    char **ids = calloc(cap + 1, sizeof *ids);
    if (ids == NULL) return NULL;
    size_t n = 0;
    for (size_t r = 0; r < n_runs; r++)
        for (size_t i = 0; i < runs[r].n; i++) ids[n++] = runs[r].cases[i].id;
    qsort(ids, n, sizeof *ids, by_string);
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (w == 0 || strcmp(ids[w - 1], ids[i]) != 0) ids[w++] = ids[i];
    *n_ids = w;
    return ids;
}

static const conform_compare_case *find(const conform_compare_run *run, const char *id)
{
    size_t lo = 0, hi = run->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(run->cases[mid].id, id);
        if (c == 0) return &run->cases[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

static void status_cell(xmlNodePtr tr, const conform_compare_case *c, const char *base)
{
    xmlNodePtr td = xmlNewChild(tr, NULL, BAD_CAST "td", NULL);
    const char *status = c != NULL ? conform_compare_status_name(c->status) : "none";
    xmlNewProp(td, BAD_CAST "class", BAD_CAST status);
    if (c == NULL) {
        xmlNodeAddContent(td, BAD_CAST "-");
        return;
    }
    xmlNodePtr a = conform_xhtml_text(td, "a", conform_compare_status_name(c->status));
    char href[PATH_MAX * 2 + 300];
    snprintf(href, sizeof href, "%s/index.html#%s", base, c->id);
    xmlNewProp(a, BAD_CAST "href", BAD_CAST href);
    if (c->message != NULL) {
        char *safe = conform_report_safe_text(c->message);
        xmlNewProp(td, BAD_CAST "title", BAD_CAST(safe != NULL ? safe : ""));
        free(safe);
    }
}

/* Per area: passed out of cases, for each run. */
static void area_totals(xmlNodePtr body, const conform_compare_run *runs, size_t n_runs,
                        char **ids, size_t n_ids, char **names)
{
    conform_xhtml_text(body, "h2", "Passed per area");
    xmlNodePtr table = xmlNewChild(body, NULL, BAD_CAST "table", NULL);
    xmlNodePtr head = xmlNewChild(table, NULL, BAD_CAST "tr", NULL);
    conform_xhtml_text(head, "th", "area");
    for (size_t r = 0; r < n_runs; r++) conform_xhtml_text(head, "th", names[r]);
    char area[128], other[128];
    for (size_t i = 0; i < n_ids;) {
        area_of(ids[i], area, sizeof area);
        size_t end = i;
        while (end < n_ids && strcmp(area_of(ids[end], other, sizeof other), area) == 0) end++;
        xmlNodePtr tr = xmlNewChild(table, NULL, BAD_CAST "tr", NULL);
        conform_xhtml_text(tr, "td", area);
        for (size_t r = 0; r < n_runs; r++) {
            size_t passed = 0, present = 0;
            for (size_t k = i; k < end; k++) {
                const conform_compare_case *c = find(&runs[r], ids[k]);
                present += c != NULL;
                passed += c != NULL && c->status == CONFORM_CMP_PASS;
            }
            char cellbuf[64];
            snprintf(cellbuf, sizeof cellbuf, "%zu / %zu", passed, present);
            conform_xhtml_text(tr, "td", cellbuf);
        }
        i = end;
    }
}

static int write_page(const char *path, const conform_compare_run *runs, size_t n_runs,
                      char **names, char **bases)
{
    size_t n_ids = 0;
    char **ids = all_ids(runs, n_runs, &n_ids);
    xmlDocPtr doc = NULL;
    xmlNodePtr body = ids != NULL ? conform_xhtml_page(&doc, "mi-conform matrix", STYLE) : NULL;
    if (body == NULL) {
        free(ids);
        xmlFreeDoc(doc);
        return -1;
    }
    conform_xhtml_text(body, "h1", "MI_Session_Invoke conformance: implementations side by side");
    area_totals(body, runs, n_runs, ids, n_ids, names);
    conform_xhtml_text(body, "h2", "Cases");
    xmlNodePtr table = xmlNewChild(body, NULL, BAD_CAST "table", NULL);
    xmlNodePtr tr = xmlNewChild(table, NULL, BAD_CAST "tr", NULL);
    conform_xhtml_text(tr, "th", "case");
    for (size_t r = 0; r < n_runs; r++) conform_xhtml_text(tr, "th", names[r]);
    for (size_t i = 0; i < n_ids; i++) {
        tr = xmlNewChild(table, NULL, BAD_CAST "tr", NULL);
        conform_xhtml_text(conform_xhtml_text(tr, "td", NULL), "code", ids[i]);
        for (size_t r = 0; r < n_runs; r++) status_cell(tr, find(&runs[r], ids[i]), bases[r]);
    }
    int rc = conform_xhtml_save(doc, path);
    free(ids);
    return rc;
}

/* A run's column title: its directory's last name (reports/omi -> omi). */
static char *run_name(const char *run)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", run);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '/') buf[--n] = '\0';
    const char *base = strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf;
    if (strcmp(base, "junit.xml") == 0 || strcmp(base, "summary.json") == 0) {
        *strrchr(buf, '/') = '\0';
        base = strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf;
    }
    return strdup(base);
}

int conform_matrix_main(int argc, char **argv)
{
    const char *out_dir = NULL;
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    size_t n_runs = 0;
    if (paths == NULL) return 2;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) out_dir = argv[++i];
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            puts("usage: mi-conform matrix RUN... --out DIR\n"
                 "  RUN   a report directory (or its junit.xml or summary.json), one per column\n"
                 "  writes DIR/index.html: cases x runs, each cell linked to RUN/index.html");
            free(paths);
            return 0;
        } else if (argv[i][0] == '-') {
            fprintf(stderr,
                    "mi-conform matrix: unknown option or missing value '%s' (see --help)\n",
                    argv[i]);
            free(paths);
            return 2;
        } else paths[n_runs++] = argv[i];
    }
    if (out_dir == NULL || n_runs == 0) {
        fprintf(stderr, "mi-conform matrix: needs one RUN or more and --out DIR (see --help)\n");
        free(paths);
        return 2;
    }
    mkdir(out_dir, 0777);
    conform_compare_run *runs = calloc(n_runs, sizeof *runs);
    char **names = calloc(n_runs, sizeof *names), **bases = calloc(n_runs, sizeof *bases);
    int rc = runs != NULL && names != NULL && bases != NULL ? 0 : 2;
    char err[1200];
    for (size_t r = 0; rc == 0 && r < n_runs; r++) {
        if (conform_compare_load(paths[r], &runs[r], err, sizeof err) != CONFORM_OK) {
            fprintf(stderr, "mi-conform matrix: %s\n", err);
            rc = 2;
            break;
        }
        names[r] = run_name(paths[r]);
        bases[r] = link_base(paths[r], out_dir);
    }
    char page[PATH_MAX];
    snprintf(page, sizeof page, "%s/index.html", out_dir);
    if (rc == 0 && write_page(page, runs, n_runs, names, bases) != 0) {
        fprintf(stderr, "mi-conform matrix: cannot write %s: %s\n", page, strerror(errno));
        rc = 2;
    }
    if (rc == 0) printf("matrix: %zu runs side by side in %s\n", n_runs, page);
    for (size_t r = 0; r < n_runs; r++) {
        if (runs != NULL) conform_compare_run_free(&runs[r]);
        if (names != NULL) free(names[r]);
        if (bases != NULL) free(bases[r]);
    }
    free(runs);
    free(names);
    free(bases);
    free(paths);
    return rc;
}

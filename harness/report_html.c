/*
 * report_html - reports/index.html: one self-contained page (inline style, no script, no
 * network) built as a libxml2 tree and saved as XHTML, so it is well-formed XML that any
 * browser reads as HTML5 (<details> unfolds without a script; libxml2's HTML4 serialiser does
 * not know it). A summary by area and level, then every case, those that did not pass first,
 * each unfolding to its clauses, level, failure text and transcript.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/report.h"
#include "harness/xhtml.h"

static const char STYLE[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}th{background:#f4f4f4}"
    "td:first-child,th:first-child{text-align:left}"
    "details{border-left:4px solid #ccc;margin:2px 0;padding:1px 8px}"
    "details.fail,details.error{border-color:#c62828}details.skip{border-color:#f9a825}"
    "details.pass{border-color:#2e7d32}summary{cursor:pointer}"
    "pre{background:#f8f8f8;padding:6px;overflow:auto;max-height:40em;font-size:12px}"
    ".fail b,.error b{color:#c62828}.skip b{color:#9a6b00}.pass b{color:#2e7d32}";

/* Failures first, then errors, skips and passes; by id within each. */
static int rank(conform_outcome o)
{
    return o == CONFORM_FAIL ? 0 : o == CONFORM_ERROR ? 1 : o == CONFORM_SKIP ? 2 : 3;
}

static int by_rank(const void *a, const void *b)
{
    const conform_report_item *x = a, *y = b;
    int d = rank(x->r->outcome) - rank(y->r->outcome);
    return d != 0 ? d : strcmp(x->c->id, y->c->id);
}

static void add_text(xmlNodePtr parent, const char *text)
{
    char *safe = conform_report_safe_text(text != NULL ? text : "");
    xmlAddChild(parent, xmlNewText(BAD_CAST(safe != NULL ? safe : "")));
    free(safe);
}

/* ---------------------------------------------------------------- the summary */

typedef struct area_row {
    const char *area;
    size_t n[3][4]; /* level x (pass, fail, error, skip) */
} area_row;

static void count_areas(const conform_report_item *items, size_t n, area_row *rows, size_t *n_rows)
{
    *n_rows = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < *n_rows && strcmp(rows[k].area, items[i].c->area) != 0) k++;
        if (k == *n_rows) {
            memset(&rows[k], 0, sizeof rows[k]);
            rows[k].area = items[i].c->area;
            (*n_rows)++;
        }
        conform_outcome o = items[i].r->outcome;
        int col = o == CONFORM_PASS ? 0 : o == CONFORM_FAIL ? 1 : o == CONFORM_ERROR ? 2 : 3;
        rows[k].n[items[i].c->level][col]++;
    }
}

static void cell(xmlNodePtr tr, size_t pass, size_t fail, size_t err, size_t skip)
{
    char buf[96];
    if (pass + fail + err + skip == 0) snprintf(buf, sizeof buf, "-");
    else snprintf(buf, sizeof buf, "%zu / %zu / %zu / %zu", pass, fail, err, skip);
    conform_xhtml_text(tr, "td", buf);
}

static void summary_table(xmlNodePtr body, const conform_report_item *items, size_t n)
{
    area_row *rows = calloc(n + 1, sizeof *rows);
    if (rows == NULL) return;
    size_t n_rows = 0;
    count_areas(items, n, rows, &n_rows);
    conform_xhtml_text(body, "h2", "By area and level (passed / failed / errored / skipped)");
    xmlNodePtr table = xmlNewChild(body, NULL, BAD_CAST "table", NULL);
    xmlNodePtr head = xmlNewChild(table, NULL, BAD_CAST "tr", NULL);
    conform_xhtml_text(head, "th", "area");
    for (int lv = 0; lv < 3; lv++)
        conform_xhtml_text(head, "th", conform_level_name((conform_level)lv));
    for (size_t k = 0; k < n_rows; k++) {
        xmlNodePtr tr = xmlNewChild(table, NULL, BAD_CAST "tr", NULL);
        conform_xhtml_text(tr, "td", rows[k].area);
        for (int lv = 0; lv < 3; lv++)
            cell(tr, rows[k].n[lv][0], rows[k].n[lv][1], rows[k].n[lv][2], rows[k].n[lv][3]);
    }
    free(rows);
}

/* ---------------------------------------------------------------- the cases */

static void case_details(xmlNodePtr body, const conform_report_item *it)
{
    const conform_case *c = it->c;
    const conform_result *r = it->r;
    xmlNodePtr d = xmlNewChild(body, NULL, BAD_CAST "details", NULL);
    xmlNewProp(d, BAD_CAST "class", BAD_CAST conform_report_outcome_word(r->outcome));
    xmlNewProp(d, BAD_CAST "id", BAD_CAST c->id);
    xmlNodePtr s = xmlNewChild(d, NULL, BAD_CAST "summary", NULL);
    conform_xhtml_text(s, "b", conform_report_outcome_word(r->outcome));
    add_text(s, " ");
    conform_xhtml_text(s, "code", c->id);
    add_text(s, " - ");
    add_text(s, c->title != NULL ? c->title : "");
    xmlNodePtr p = xmlNewChild(d, NULL, BAD_CAST "p", NULL);
    add_text(p, "level ");
    add_text(p, conform_level_name(c->level));
    add_text(p, "; clauses");
    for (size_t i = 0; i < c->n_clauses; i++) {
        add_text(p, " ");
        xmlNodePtr a = conform_xhtml_text(p, "a", c->clauses[i]); /* to its text, quoted below */
        char href[64];
        snprintf(href, sizeof href, "#clause-%s", c->clauses[i]);
        xmlNewProp(a, BAD_CAST "href", BAD_CAST href);
    }
    if (r->message != NULL) conform_xhtml_text(d, "pre", r->message);
    if (r->details != NULL && r->details[0] != '\0') conform_xhtml_text(d, "pre", r->details);
    if (r->observed != NULL) conform_xhtml_text(d, "pre", r->observed);
    if (r->transcript != NULL) {
        xmlNodePtr t = xmlNewChild(d, NULL, BAD_CAST "details", NULL);
        conform_xhtml_text(t, "summary", "transcript (API trace, mock journal)");
        conform_xhtml_text(t, "pre", r->transcript);
    }
}

/* ---------------------------------------------------------------- the contract */

/* Whether some case of the run cites `id`. */
static int cited(const conform_report_item *items, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < items[i].c->n_clauses; k++)
            if (strcmp(items[i].c->clauses[k], id) == 0) return 1;
    return 0;
}

/* The contract's clauses the run cites, quoted, so the page stays self-contained: mi-api.md
 * states each as a line "- ID LEVEL — text". */
static void contract_section(xmlNodePtr body, const char *path, const conform_report_item *items,
                             size_t n)
{
    FILE *f = path != NULL ? fopen(path, "r") : NULL;
    if (f == NULL) return;
    conform_xhtml_text(body, "h2",
                       "Contract clauses cited (shared/reference/mi-api.md, section 3)");
    xmlNodePtr dl = xmlNewChild(body, NULL, BAD_CAST "dl", NULL);
    char line[4096], id[32];
    while (fgets(line, sizeof line, f) != NULL) {
        int used = 0;
        if (sscanf(line, "- %31[A-Z]-%*d%n", id, &used) < 1 || used == 0) continue;
        snprintf(id, sizeof id, "%.*s", (int)strcspn(line + 2, " "), line + 2);
        if (!cited(items, n, id)) continue;
        line[strcspn(line, "\n")] = '\0';
        xmlNodePtr dt = conform_xhtml_text(dl, "dt", id);
        char anchor[48];
        snprintf(anchor, sizeof anchor, "clause-%s", id);
        xmlNewProp(dt, BAD_CAST "id", BAD_CAST anchor);
        conform_xhtml_text(dl, "dd", line + 2 + strlen(id) + 1);
    }
    fclose(f);
}

conform_status conform_report_html_write(const char *path, const conform_report_meta *m,
                                         const conform_report_item *items, size_t n)
{
    conform_report_item *sorted = calloc(n + 1, sizeof *sorted);
    xmlDocPtr doc = NULL;
    xmlNodePtr body = sorted != NULL ? conform_xhtml_page(&doc, "mi-conform report", STYLE) : NULL;
    if (body == NULL) {
        free(sorted);
        xmlFreeDoc(doc);
        return CONFORM_E_NOMEM;
    }
    if (n > 0) memcpy(sorted, items, n * sizeof *items);
    qsort(sorted, n, sizeof *sorted, by_rank);
    conform_xhtml_text(body, "h1", "MI_Session_Invoke conformance");
    conform_report_counts k = conform_report_count(items, n);
    char line[1024];
    snprintf(line, sizeof line,
             "implementation %s; profile %s; kit %s; seed %llu; %zu passed, "
             "%zu failed (%zu errored), %zu skipped",
             m->impl_path, m->profile_path ? m->profile_path : "none", m->kit_version,
             (unsigned long long)m->seed, k.passed, k.failed, k.errored, k.skipped);
    conform_xhtml_text(body, "p", line);
    summary_table(body, items, n);
    conform_xhtml_text(body, "h2", "Cases (not passed first)");
    for (size_t i = 0; i < n; i++) case_details(body, &sorted[i]);
    contract_section(body, m->contract, items, n);
    int rc = conform_xhtml_save(doc, path);
    free(sorted);
    return rc < 0 ? CONFORM_E_IO : CONFORM_OK;
}

/*
 * compare - two runs' junit.xml read through kit/xml_load.h, each case's rounds folded into one
 * status, then walked side by side in id order.
 */
#include "harness/compare.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "harness/report.h"
#include "kit/xml_load.h"

const char *conform_compare_status_name(conform_compare_status s)
{
    static const char *const names[] = {
        [CONFORM_CMP_PASS] = "pass", [CONFORM_CMP_FAIL] = "fail", [CONFORM_CMP_ERROR] = "error",
        [CONFORM_CMP_SKIP] = "skip", [CONFORM_CMP_FLAKY] = "flaky",
    };
    return names[s];
}

/* ---------------------------------------------------------------- loading */

/* DIR -> DIR/junit.xml; .../summary.json -> .../junit.xml; a junit.xml stays. */
static char *junit_path(const char *path)
{
    struct stat st;
    size_t n = strlen(path);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *out = malloc(n + 16);
    if (out == NULL) return NULL;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) snprintf(out, n + 16, "%s/junit.xml", path);
    else if (strcmp(base, "summary.json") == 0)
        snprintf(out, n + 16, "%.*sjunit.xml", (int)(base - path), path);
    else snprintf(out, n + 16, "%s", path);
    return out;
}

static conform_compare_status fold(conform_compare_status a, conform_compare_status b)
{
    if (a == b) return a;
    if (a == CONFORM_CMP_FLAKY || b == CONFORM_CMP_FLAKY) return CONFORM_CMP_FLAKY;
    if (a == CONFORM_CMP_PASS || b == CONFORM_CMP_PASS) return CONFORM_CMP_FLAKY;
    if (a == CONFORM_CMP_ERROR || b == CONFORM_CMP_ERROR) return CONFORM_CMP_ERROR;
    return CONFORM_CMP_FAIL; /* skip and fail */
}

/* One <testcase>: its id without the round suffix, its status and message. */
static conform_status read_testcase(xmlNodePtr tc, conform_compare_case *c)
{
    memset(c, 0, sizeof *c);
    c->id = kit_xml_attr(tc, "name");
    if (c->id == NULL) return CONFORM_E_INVALID;
    char *hash = strchr(c->id, '#');
    if (hash != NULL) *hash = '\0';
    c->status = CONFORM_CMP_PASS;
    for (xmlNodePtr k = tc->children; k != NULL; k = k->next) {
        if (kit_xml_is(k, "failure")) c->status = CONFORM_CMP_FAIL;
        else if (kit_xml_is(k, "error")) c->status = CONFORM_CMP_ERROR;
        else if (kit_xml_is(k, "skipped")) c->status = CONFORM_CMP_SKIP;
        else continue;
        c->message = kit_xml_attr(k, "message");
    }
    return CONFORM_OK;
}

static conform_status push_case(conform_compare_run *run, size_t *cap,
                                const conform_compare_case *c)
{
    if (run->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        conform_compare_case *t = realloc(run->cases, nc * sizeof *t);
        if (t == NULL) return CONFORM_E_NOMEM;
        run->cases = t;
        *cap = nc;
    }
    run->cases[run->n++] = *c;
    return CONFORM_OK;
}

static conform_status collect(xmlNodePtr node, conform_compare_run *run, size_t *cap)
{
    for (xmlNodePtr n = node; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        conform_status rc;
        if (kit_xml_is(n, "testcase")) {
            conform_compare_case c;
            rc = read_testcase(n, &c);
            if (rc == CONFORM_OK) rc = push_case(run, cap, &c);
            if (rc != CONFORM_OK) {
                free(c.id);
                free(c.message);
            }
        } else {
            rc = collect(n->children, run, cap);
        }
        if (rc != CONFORM_OK) return rc;
    }
    return CONFORM_OK;
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const conform_compare_case *)a)->id, ((const conform_compare_case *)b)->id);
}

/* Sorted by id, rounds of one case folded into its first entry (its first failure's text). */
static void fold_rounds(conform_compare_run *run)
{
    if (run->n == 0) return;
    qsort(run->cases, run->n, sizeof *run->cases, by_id);
    size_t w = 0;
    for (size_t r = 1; r < run->n; r++) {
        conform_compare_case *keep = &run->cases[w], *c = &run->cases[r];
        if (strcmp(keep->id, c->id) != 0) {
            run->cases[++w] = *c;
            continue;
        }
        keep->status = fold(keep->status, c->status);
        if (keep->message == NULL) {
            keep->message = c->message;
            c->message = NULL;
        }
        free(c->id);
        free(c->message);
    }
    run->n = w + 1;
}

conform_status conform_compare_load(const char *path, conform_compare_run *run, char *err,
                                    size_t errlen)
{
    memset(run, 0, sizeof *run);
    char *file = junit_path(path);
    if (file == NULL) {
        snprintf(err, errlen, "%s: out of memory", path);
        return CONFORM_E_NOMEM;
    }
    if (access(file, R_OK) != 0) {
        snprintf(err, errlen, "%s: cannot read it: %s", file, strerror(errno));
        free(file);
        return CONFORM_E_IO;
    }
    /* Whatever is not a JUnit report, well-formed or not, gets the one line below; the
     * loader's own words about it go unused. */
    char unused[256];
    xmlDocPtr doc = kit_xml_read_file(file, NULL, unused, sizeof unused);
    xmlNodePtr root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
    conform_status rc = CONFORM_E_INVALID;
    size_t cap = 0;
    if (root == NULL || (!kit_xml_is(root, "testsuites") && !kit_xml_is(root, "testsuite")))
        snprintf(err, errlen, "%s: not a JUnit report", file);
    else if ((rc = collect(root, run, &cap)) != CONFORM_OK)
        snprintf(err, errlen, "%s: out of memory or a testcase without a name", file);
    if (rc == CONFORM_OK) fold_rounds(run);
    else conform_compare_run_free(run);
    xmlFreeDoc(doc);
    free(file);
    return rc;
}

void conform_compare_run_free(conform_compare_run *run)
{
    for (size_t i = 0; i < run->n; i++) {
        free(run->cases[i].id);
        free(run->cases[i].message);
    }
    free(run->cases);
    memset(run, 0, sizeof *run);
}

/* ---------------------------------------------------------------- what changed */

typedef enum change {
    CH_NONE, CH_REGRESSED, CH_FIXED, CH_APPEARED, CH_DISAPPEARED, CH_TO_SKIP, CH_TEXT, CH_FLAKY,
    CH_OTHER, CH_KINDS
} change;

/* Each kind of change as the console titles it and as the JSON keys it. */
static const struct {
    const char *title, *key;
} changes[CH_KINDS] = {
    [CH_NONE] = {"", ""},
    [CH_REGRESSED] = {"regressed", "regressed"},
    [CH_FIXED] = {"fixed", "fixed"},
    [CH_APPEARED] = {"appeared", "appeared"},
    [CH_DISAPPEARED] = {"disappeared", "disappeared"},
    [CH_TO_SKIP] = {"pass -> skip", "pass_to_skip"},
    [CH_TEXT] = {"failure text changed", "text_changed"},
    [CH_FLAKY] = {"flaky", "flaky"},
    [CH_OTHER] = {"other status changes", "other"},
};

/* A skip the profile predicted ("expected failure: ...") after a pass is an intermittent
 * deviation coming and going, not a case that stopped being tested. */
static int expected_skip(const conform_compare_case *c)
{
    return c->status == CONFORM_CMP_SKIP && c->message != NULL &&
           strncmp(c->message, "expected failure: ", 18) == 0;
}

static int failing(conform_compare_status s)
{
    return s == CONFORM_CMP_FAIL || s == CONFORM_CMP_ERROR;
}

static int same_text(const char *a, const char *b)
{
    return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

static change classify(const conform_compare_case *b, const conform_compare_case *n)
{
    if (b == NULL) return CH_APPEARED;
    if (n == NULL) return CH_DISAPPEARED;
    if (b->status == CONFORM_CMP_PASS && failing(n->status)) return CH_REGRESSED;
    if (failing(b->status) && n->status == CONFORM_CMP_PASS) return CH_FIXED;
    if (b->status == CONFORM_CMP_PASS && n->status == CONFORM_CMP_SKIP) return CH_TO_SKIP;
    if (n->status == CONFORM_CMP_FLAKY && b->status != CONFORM_CMP_FLAKY) return CH_FLAKY;
    if (b->status != n->status) return CH_OTHER;
    if (failing(n->status) && !same_text(b->message, n->message)) return CH_TEXT;
    return CH_NONE;
}

typedef struct change_item {
    change kind;
    const conform_compare_case *base, *now;
} change_item;

/* The two sorted runs walked side by side. */
static change_item *diff(const conform_compare_run *b, const conform_compare_run *n, size_t *count)
{
    change_item *items = calloc(b->n + n->n + 1, sizeof *items);
    size_t i = 0, j = 0, k = 0;
    while (items != NULL && (i < b->n || j < n->n)) {
        int c = i == b->n ? 1 : j == n->n ? -1 : strcmp(b->cases[i].id, n->cases[j].id);
        const conform_compare_case *x = c <= 0 ? &b->cases[i++] : NULL;
        const conform_compare_case *y = c >= 0 ? &n->cases[j++] : NULL;
        change kind = classify(x, y);
        if (kind != CH_NONE) items[k++] = (change_item){kind, x, y};
    }
    *count = k;
    return items;
}

static void write_text_item(FILE *out, const change_item *it)
{
    const conform_compare_case *c = it->now != NULL ? it->now : it->base;
    fprintf(out, "  %s", c->id);
    if (it->base != NULL && it->now != NULL && it->base->status != it->now->status)
        fprintf(out, "  %s -> %s", conform_compare_status_name(it->base->status),
                conform_compare_status_name(it->now->status));
    else if (it->kind == CH_APPEARED || it->kind == CH_DISAPPEARED)
        fprintf(out, "  (%s)", conform_compare_status_name(c->status));
    if (it->kind == CH_TEXT)
        fprintf(out, "\n    was: %s\n    now: %s", it->base->message ? it->base->message : "",
                it->now->message ? it->now->message : "");
    else if (it->now != NULL && it->now->message != NULL && it->kind != CH_FIXED)
        fprintf(out, "  %s", it->now->message);
    fputc('\n', out);
}

static int json_str(FILE *out, const char *s)
{
    conform_report_buf b = {0};
    int rc = conform_report_json_string(&b, s != NULL ? s : "");
    if (rc == 0) fputs(b.data, out);
    conform_report_buf_free(&b);
    return rc;
}

static void write_json_item(FILE *out, const change_item *it, int first)
{
    const conform_compare_case *c = it->now != NULL ? it->now : it->base;
    fputs(first ? "\n    {\"id\": " : ",\n    {\"id\": ", out);
    json_str(out, c->id);
    fprintf(out, ", \"base\": ");
    if (it->base) json_str(out, conform_compare_status_name(it->base->status));
    else fputs("null", out);
    fprintf(out, ", \"now\": ");
    if (it->now) json_str(out, conform_compare_status_name(it->now->status));
    else fputs("null", out);
    fprintf(out, ", \"message\": ");
    const char *msg = it->now && it->now->message ? it->now->message
                      : it->base                  ? it->base->message
                                                  : NULL;
    if (msg) json_str(out, msg); else fputs("null", out);
    fputc('}', out);
}

static void tally(const change_item *items, size_t n, size_t per[CH_KINDS])
{
    memset(per, 0, CH_KINDS * sizeof *per);
    for (size_t i = 0; i < n; i++) per[items[i].kind]++;
}

int conform_compare_write(FILE *out, const conform_compare_run *base,
                          const conform_compare_run *now, int allow_removed, int json,
                          conform_compare_counts *counts)
{
    size_t n = 0, per[CH_KINDS];
    change_item *items = diff(base, now, &n);
    if (items == NULL) return -1;
    tally(items, n, per);
    size_t lost = 0; /* pass -> skip that is not a profile's expected failure */
    for (size_t i = 0; i < n; i++)
        lost += items[i].kind == CH_TO_SKIP && !expected_skip(items[i].now);
    *counts = (conform_compare_counts){per[CH_REGRESSED], per[CH_FIXED], per[CH_APPEARED],
                                       per[CH_DISAPPEARED], per[CH_TO_SKIP], per[CH_TEXT],
                                       per[CH_FLAKY]};
    int regressed = per[CH_REGRESSED] > 0 || lost > 0 ||
                    (per[CH_DISAPPEARED] > 0 && !allow_removed);
    if (json) fputs("{", out);
    for (int kind = CH_REGRESSED; kind < CH_KINDS; kind++) {
        if (json)
            fprintf(out, "%s\n  \"%s\": [", kind == CH_REGRESSED ? "" : ",", changes[kind].key);
        else if (per[kind] > 0) fprintf(out, "%s (%zu):\n", changes[kind].title, per[kind]);
        int first = 1;
        for (size_t i = 0; i < n; i++) {
            if (items[i].kind != (change)kind) continue;
            if (json) write_json_item(out, &items[i], first);
            else write_text_item(out, &items[i]);
            first = 0;
        }
        if (json) fputs(first ? "]" : "\n  ]", out);
    }
    if (json)
        fprintf(out, ",\n  \"regressed_overall\": %s,\n  \"base_cases\": %zu,\n"
                     "  \"new_cases\": %zu\n}\n",
                regressed ? "true" : "false", base->n, now->n);
    else
        fprintf(out, "compare: %zu regressed, %zu fixed, %zu appeared, %zu disappeared%s, "
                     "%zu pass -> skip, %zu failure text changed, %zu flaky (%zu and %zu cases)\n",
                per[CH_REGRESSED], per[CH_FIXED], per[CH_APPEARED], per[CH_DISAPPEARED],
                allow_removed ? " (allowed)" : "", per[CH_TO_SKIP], per[CH_TEXT], per[CH_FLAKY],
                base->n, now->n);
    free(items);
    return regressed;
}

/* ---------------------------------------------------------------- the subcommand */

static void compare_usage(FILE *out)
{
    fputs("usage: mi-conform compare [--json] [--allow-removed] BASE NEW\n"
          "  BASE, NEW         report directories (or their junit.xml or summary.json)\n"
          "  --json            the changes as JSON\n"
          "  --allow-removed   a case missing from NEW is not a regression\n"
          "Lists regressions (pass -> fail or error, pass -> skip, a case gone), fixes, cases\n"
          "that appeared, changed failure texts and cases that became flaky (--repeat rounds\n"
          "that disagree). exit: 0 nothing regressed, 1 something did, 2 unreadable input.\n",
          out);
}

int conform_compare_main(int argc, char **argv)
{
    int json = 0, allow_removed = 0;
    const char *paths[2];
    int n_paths = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) json = 1;
        else if (strcmp(argv[i], "--allow-removed") == 0) allow_removed = 1;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            compare_usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "mi-conform compare: unknown option '%s' (see --help)\n", argv[i]);
            return 2;
        } else if (n_paths < 2) paths[n_paths++] = argv[i];
        else {
            fprintf(stderr, "mi-conform compare: unexpected argument '%s' (see --help)\n", argv[i]);
            return 2;
        }
    }
    if (n_paths != 2) {
        fprintf(stderr, "mi-conform compare: needs BASE and NEW (see --help)\n");
        return 2;
    }
    conform_compare_run base, now;
    char err[1200];
    if (conform_compare_load(paths[0], &base, err, sizeof err) != CONFORM_OK) {
        fprintf(stderr, "mi-conform compare: %s\n", err);
        return 2;
    }
    if (conform_compare_load(paths[1], &now, err, sizeof err) != CONFORM_OK) {
        fprintf(stderr, "mi-conform compare: %s\n", err);
        conform_compare_run_free(&base);
        return 2;
    }
    conform_compare_counts counts;
    int rc = conform_compare_write(stdout, &base, &now, allow_removed, json, &counts);
    conform_compare_run_free(&base);
    conform_compare_run_free(&now);
    return rc < 0 ? 2 : rc;
}

/*
 * report_junit - reports/junit.xml through libxml2's xmlTextWriter, so escaping is libxml2's
 * job. It must validate against ../shared/schemas/junit-10.xsd and harness/junit.xsd: one
 * testsuite per area, one testcase per case, failure text in the element body, the case's
 * transcript in system-out, the run's identity in properties.
 */
#include "harness/report.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/chvalid.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlwriter.h>

#include "harness/conform.h"

typedef xmlTextWriterPtr writer;

/* Text from an implementation under test can hold anything; XML 1.0 cannot. Bytes that are
 * not UTF-8 and characters XML forbids become '?', so the report stays well-formed. */
static char *xml_clean(const char *text)
{
    if (text == NULL) return strdup("");
    size_t len = strlen(text);
    char *out = malloc(len + 1);
    if (out == NULL) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        int n = (int)(len - i > 4 ? 4 : len - i);
        int c = xmlGetUTF8Char((const unsigned char *)text + i, &n);
        if (c < 0 || n <= 0 || !xmlIsCharQ(c)) {
            out[o++] = '?';
            i++;
            continue;
        }
        memcpy(out + o, text + i, (size_t)n);
        o += (size_t)n;
        i += (size_t)n;
    }
    out[o] = '\0';
    return out;
}

/* Redacted and cleaned: the only form any case-provided text takes into the report. */
char *conform_report_safe_text(const char *text)
{
    char *redacted = conform_report_redact(text);
    if (redacted == NULL) return NULL;
    char *clean = xml_clean(redacted);
    free(redacted);
    return clean;
}

static int attr(writer w, const char *name, const char *value)
{
    return xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST(value != NULL ? value : ""));
}

static int attr_safe(writer w, const char *name, const char *value)
{
    char *s = conform_report_safe_text(value);
    if (s == NULL) return -1;
    int rc = attr(w, name, s);
    free(s);
    return rc;
}

static int attr_count(writer w, const char *name, size_t value)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", value);
    return attr(w, name, buf);
}

static int attr_seconds(writer w, const char *name, double seconds)
{
    char buf[64];
    conform_report_format_seconds(seconds, buf, sizeof buf);
    return attr(w, name, buf);
}

static int property(writer w, const char *name, const char *value)
{
    if (xmlTextWriterStartElement(w, BAD_CAST "property") < 0) return -1;
    if (attr(w, "name", name) < 0 || attr_safe(w, "value", value) < 0) return -1;
    return xmlTextWriterEndElement(w);
}

static int properties(writer w, const conform_report_meta *m)
{
    char seed[32], scale[64], tscale[64];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)m->seed);
    snprintf(scale, sizeof scale, "%g", m->scale);
    snprintf(tscale, sizeof tscale, "%g", m->timeout_scale);
    if (xmlTextWriterStartElement(w, BAD_CAST "properties") < 0) return -1;
    if (property(w, "implementation", m->impl_path) < 0 ||
        property(w, "profile", m->profile_path != NULL ? m->profile_path : "") < 0 ||
        property(w, "seed", seed) < 0 || property(w, "host", m->host) < 0 ||
        property(w, "scale", scale) < 0 || property(w, "timeout-scale", tscale) < 0 ||
        property(w, "kit-version", m->kit_version) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

static int text_element(writer w, const char *name, const char *body)
{
    char *s = conform_report_safe_text(body);
    if (s == NULL) return -1;
    int rc = xmlTextWriterStartElement(w, BAD_CAST name);
    if (rc >= 0) rc = xmlTextWriterWriteString(w, BAD_CAST s);
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    free(s);
    return rc;
}

/* The message, then every unmet expectation: the body is what a CI page shows expanded. */
static char *failure_body(const conform_result *r)
{
    const char *msg = r->message != NULL ? r->message : "";
    const char *det = r->details != NULL ? r->details : "";
    size_t len = strlen(msg) + strlen(det) + 2;
    char *s = malloc(len);
    if (s != NULL) snprintf(s, len, "%s%s%s", msg, *det != '\0' ? "\n" : "", det);
    return s;
}

static const char *failure_type(const conform_result *r)
{
    if (r->kind != CONFORM_KIND_NONE) return conform_result_kind_name(r->kind);
    return conform_result_kind_name(r->outcome == CONFORM_ERROR ? CONFORM_KIND_NOT_RUN
                                                                : CONFORM_KIND_EXPECTATION);
}

static int verdict(writer w, const conform_result *r)
{
    if (r->outcome == CONFORM_PASS) return 0;
    const char *name = r->outcome == CONFORM_SKIP    ? "skipped"
                       : r->outcome == CONFORM_ERROR ? "error"
                                                     : "failure";
    if (xmlTextWriterStartElement(w, BAD_CAST name) < 0) return -1;
    if (attr_safe(w, "message", r->message) < 0) return -1;
    if (r->outcome != CONFORM_SKIP) {
        char *body = failure_body(r);
        char *s = body != NULL ? conform_report_safe_text(body) : NULL;
        free(body);
        if (s == NULL) return -1;
        int rc = attr(w, "type", failure_type(r));
        if (rc >= 0) rc = xmlTextWriterWriteString(w, BAD_CAST s);
        free(s);
        if (rc < 0) return -1;
    }
    return xmlTextWriterEndElement(w);
}

static size_t clauses_length(const conform_case *c)
{
    size_t len = 1;
    for (size_t i = 0; i < c->n_clauses; i++) len += strlen(c->clauses[i]) + 1;
    return len;
}

/* A transcript keeps its first and last TRANSCRIPT_KEEP bytes in the report. A full-size soak
 * case journals 10,000 requests (tens of MB): XML readers refuse text nodes over 10 MB without
 * special flags, and nobody reads the middle of it; the edges show how it began and ended. */
#define TRANSCRIPT_KEEP (256u * 1024u)

static size_t transcript_length(size_t len)
{
    return len <= 2 * TRANSCRIPT_KEEP ? len : 2 * TRANSCRIPT_KEEP + 128;
}

static void transcript_copy(char *dst, size_t room, const char *tr, size_t len)
{
    if (len <= 2 * TRANSCRIPT_KEEP) {
        snprintf(dst, room, "transcript:\n%s\n", tr);
        return;
    }
    snprintf(dst, room, "transcript:\n%.*s\n[... %zu bytes of the transcript omitted ...]\n%s\n",
             (int)TRANSCRIPT_KEEP, tr, len - 2 * TRANSCRIPT_KEEP, tr + len - TRANSCRIPT_KEEP);
}

/* A path as the reader typed it: relative to the working directory when inside it. */
static const char *shown_path(const char *path)
{
    char cwd[4096];
    if (path == NULL || getcwd(cwd, sizeof cwd) == NULL) return path != NULL ? path : "";
    size_t n = strlen(cwd);
    if (strncmp(path, cwd, n) == 0 && path[n] == '/') return path + n + 1;
    return path;
}

/* The case's identity first, then what INFO cases saw, then the transcript. */
static char *system_out(const conform_case *c, const conform_result *r)
{
    const char *title = c->title != NULL ? c->title : "";
    const char *src = shown_path(c->source_file);
    const char *obs = r->observed != NULL ? r->observed : "";
    const char *tr = r->transcript != NULL ? r->transcript : "";
    size_t tr_len = strlen(tr);
    size_t len = 128 + strlen(title) + clauses_length(c) + strlen(src) + strlen(obs) +
                 transcript_length(tr_len);
    char *s = malloc(len);
    if (s == NULL) return NULL;
    int o = snprintf(s, len, "title: %s\nlevel: %s\nclauses: ", title,
                     conform_level_name(c->level));
    for (size_t i = 0; i < c->n_clauses; i++)
        o += snprintf(s + o, len - (size_t)o, "%s%s", i > 0 ? "," : "", c->clauses[i]);
    o += snprintf(s + o, len - (size_t)o, "\nsource: %s:%d\n", src, c->source_line);
    if (r->requests >= 0)
        o += snprintf(s + o, len - (size_t)o, "requests: %ld reached the mock server\n",
                      r->requests);
    if (conform_report_flaky(r)) /* the Jenkins schema has no testcase properties: said here */
        o += snprintf(s + o, len - (size_t)o, "flaky: %u rounds, some passed and some failed\n",
                      r->n_rounds);
    if (*obs != '\0') o += snprintf(s + o, len - (size_t)o, "observed:\n%s\n", obs);
    if (*tr != '\0') transcript_copy(s + o, len - (size_t)o, tr, tr_len);
    return s;
}

/* "id" for a case run once and for the first round, "id#N" for round N. */
static int testcase_start(writer w, const conform_case *c, unsigned round, double seconds)
{
    char name[300];
    if (round > 1) snprintf(name, sizeof name, "%s#%u", c->id, round);
    else snprintf(name, sizeof name, "%s", c->id);
    if (xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0) return -1;
    if (attr_safe(w, "name", name) < 0 || attr_safe(w, "classname", c->area) < 0 ||
        attr_seconds(w, "time", seconds) < 0)
        return -1;
    return 0;
}

/* The kept round: verdict, identity and transcript. */
static int testcase_full(writer w, const conform_report_item *it, unsigned round)
{
    if (testcase_start(w, it->c, round, it->r->seconds) < 0) return -1;
    if (verdict(w, it->r) < 0) return -1;
    char *out = system_out(it->c, it->r);
    int rc = out != NULL ? text_element(w, "system-out", out) : -1;
    free(out);
    if (rc < 0) return -1;
    return xmlTextWriterEndElement(w);
}

/* Any other round of --repeat: its verdict, and where the transcript is. */
static int testcase_round(writer w, const conform_report_item *it, unsigned round)
{
    const conform_round *rd = &it->r->rounds[round - 1];
    conform_result r = {.outcome = rd->outcome, .kind = rd->kind, .message = rd->message,
                        .seconds = rd->seconds};
    if (testcase_start(w, it->c, round, rd->seconds) < 0) return -1;
    if (verdict(w, &r) < 0) return -1;
    char out[160];
    snprintf(out, sizeof out, "round %u of %u; the transcript kept is round %u's\n", round,
             it->r->n_rounds, it->r->kept_round);
    if (text_element(w, "system-out", out) < 0) return -1;
    return xmlTextWriterEndElement(w);
}

static int testcase(writer w, const conform_report_item *it)
{
    const conform_result *r = it->r;
    if (r->n_rounds <= 1) return testcase_full(w, it, 1);
    for (unsigned k = 1; k <= r->n_rounds; k++)
        if ((k == r->kept_round ? testcase_full(w, it, k) : testcase_round(w, it, k)) < 0)
            return -1;
    return 0;
}

typedef struct tally {
    size_t tests, failures, errors, skipped;
    double seconds;
} tally;

static void tally_one(tally *t, conform_outcome outcome, double seconds)
{
    t->tests++;
    t->seconds += seconds > 0 ? seconds : 0;
    if (outcome == CONFORM_FAIL) t->failures++;
    if (outcome == CONFORM_ERROR) t->errors++;
    if (outcome == CONFORM_SKIP) t->skipped++;
}

/* Every round is a testcase of its own. */
static void tally_add(tally *t, const conform_result *r)
{
    if (r->n_rounds <= 1) {
        tally_one(t, r->outcome, r->seconds);
        return;
    }
    for (unsigned k = 0; k < r->n_rounds; k++)
        tally_one(t, r->rounds[k].outcome, r->rounds[k].seconds);
}

static int same_area(const conform_report_item *it, const char *area)
{
    return strcmp(it->c->area != NULL ? it->c->area : "", area) == 0;
}

static int testsuite(writer w, const conform_report_meta *m, const char *area, size_t index,
                     const conform_report_item *items, size_t n)
{
    tally t = {0, 0, 0, 0, 0.0};
    for (size_t i = 0; i < n; i++)
        if (same_area(&items[i], area)) tally_add(&t, items[i].r);
    char stamp[32];
    struct tm tm;
    gmtime_r(&m->started, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    if (xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0) return -1;
    if (attr_safe(w, "name", area) < 0 || attr_count(w, "tests", t.tests) < 0 ||
        attr_count(w, "failures", t.failures) < 0 || attr_count(w, "errors", t.errors) < 0 ||
        attr_count(w, "skipped", t.skipped) < 0 || attr_seconds(w, "time", t.seconds) < 0 ||
        attr(w, "timestamp", stamp) < 0 || attr_safe(w, "hostname", m->host) < 0 ||
        attr_count(w, "id", index) < 0 || attr(w, "package", "mi-conform") < 0)
        return -1;
    if (properties(w, m) < 0) return -1;
    for (size_t i = 0; i < n; i++)
        if (same_area(&items[i], area) && testcase(w, &items[i]) < 0) return -1;
    return xmlTextWriterEndElement(w);
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct areas, sorted: testsuites come out in a stable order whatever -j did. */
static const char **distinct_areas(const conform_report_item *items, size_t n, size_t *n_areas)
{
    const char **areas = calloc(n > 0 ? n : 1, sizeof *areas);
    if (areas == NULL) return NULL;
    for (size_t i = 0; i < n; i++) areas[i] = items[i].c->area != NULL ? items[i].c->area : "";
    qsort(areas, n, sizeof *areas, by_string);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || strcmp(areas[k - 1], areas[i]) != 0) areas[k++] = areas[i];
    *n_areas = k;
    return areas;
}

static int document(writer w, const conform_report_meta *m, const conform_report_item *items,
                    size_t n, const char **areas, size_t n_areas)
{
    tally all = {0, 0, 0, 0, 0.0};
    for (size_t i = 0; i < n; i++) tally_add(&all, items[i].r);
    if (xmlTextWriterSetIndent(w, 1) < 0 || xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0)
        return -1;
    if (xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0) return -1;
    if (attr(w, "name", "mi-conform") < 0 || attr_count(w, "tests", all.tests) < 0 ||
        attr_count(w, "failures", all.failures) < 0 || attr_count(w, "errors", all.errors) < 0 ||
        attr_seconds(w, "time", all.seconds) < 0)
        return -1;
    for (size_t a = 0; a < n_areas; a++)
        if (testsuite(w, m, areas[a], a, items, n) < 0) return -1;
    if (xmlTextWriterEndElement(w) < 0) return -1;
    return xmlTextWriterEndDocument(w);
}

conform_status conform_report_junit_write(const char *path, const conform_report_meta *m,
                                          const conform_report_item *items, size_t n)
{
    size_t n_areas = 0;
    const char **areas = distinct_areas(items, n, &n_areas);
    if (areas == NULL) return CONFORM_E_NOMEM;
    writer w = xmlNewTextWriterFilename(path, 0);
    if (w == NULL) {
        free(areas);
        return CONFORM_E_IO;
    }
    int rc = document(w, m, items, n, areas, n_areas);
    xmlFreeTextWriter(w); /* flushes and closes the file */
    free(areas);
    return rc < 0 ? CONFORM_E_IO : CONFORM_OK;
}

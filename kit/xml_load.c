/*
 * kit_xml - reading, validating and walking the kit's own XML files (kit/xml_load.h).
 */
#include "kit/xml_load.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

/* No network; libxml2's errors come back to us instead of going to stderr. Neither
 * XML_PARSE_NOENT nor XML_PARSE_DTDLOAD: entities stay unexpanded and no external DTD or
 * entity is fetched, so a hostile file cannot make the loader read anything else. */
static const int READ_OPTIONS = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;

static pthread_once_t libxml2_once = PTHREAD_ONCE_INIT;

static void init_libxml2(void)
{
    xmlInitParser();
}

/* libxml2's globals are set up once, before two threads (the runner's workers, each starting
 * a mock that loads its fixture) can parse at the same time. */
static void ensure_libxml2(void)
{
    pthread_once(&libxml2_once, init_libxml2);
}

int kit_xml_vproblem(char *err, size_t errlen, const char *file, long line, const char *fmt,
                     va_list ap)
{
    if (err == NULL || errlen == 0) return -1;
    int n = snprintf(err, errlen, "%s:%ld: ", file, line);
    if (n >= 0 && (size_t)n < errlen) vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    return -1;
}

int kit_xml_problem(char *err, size_t errlen, const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kit_xml_vproblem(err, errlen, file, line, fmt, ap);
    va_end(ap);
    return -1;
}

/* The file an error is in: the one libxml2 names (an included schema, say), else `file`. */
static const char *error_file(const xmlError *e, const char *file)
{
    return e != NULL && e->file != NULL ? e->file : file;
}

/* One of libxml2's errors as "file:line: message". libxml2 ends its messages with a newline;
 * our lines do not. */
static int libxml2_problem(char *err, size_t errlen, const char *file, const xmlError *e)
{
    if (e == NULL) return kit_xml_problem(err, errlen, file, 0, "cannot read the file");
    const char *msg = e->message != NULL ? e->message : "invalid";
    size_t len = strlen(msg);
    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' ')) len--;
    return kit_xml_problem(err, errlen, file, e->line, "%.*s", (int)len, msg);
}

/* ---------------------------------------------------------------- documents */

/* From the file at `path`, or else from `len` bytes at `buf`; `name` names it in errors. */
static xmlDocPtr read_doc(const char *path, const char *buf, size_t len, const char *name,
                          char *err, size_t errlen)
{
    ensure_libxml2();
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        kit_xml_problem(err, errlen, name, 0, "out of memory");
        return NULL;
    }
    xmlDocPtr doc = path != NULL ? xmlCtxtReadFile(ctxt, path, NULL, READ_OPTIONS)
                                 : xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
                                                     READ_OPTIONS);
    if (doc == NULL) {
        xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
        libxml2_problem(err, errlen, error_file(e, name), e);
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

xmlDocPtr kit_xml_read_file(const char *path, const char *unreadable, char *err,
                            size_t errlen)
{
    /* Said here, in our words: libxml2's I/O layer would print its own warning first. */
    FILE *probe = fopen(path, "r");
    if (probe == NULL) {
        kit_xml_problem(err, errlen, path, 0, "%s%s", unreadable != NULL ? unreadable : "",
                        strerror(errno));
        return NULL;
    }
    fclose(probe);
    return read_doc(path, NULL, 0, path, err, errlen);
}

xmlDocPtr kit_xml_read_memory(const char *buf, size_t len, const char *name, char *err,
                              size_t errlen)
{
    if (len > INT_MAX) {
        kit_xml_problem(err, errlen, name, 0, "larger than libxml2 reads at once");
        return NULL;
    }
    return read_doc(NULL, buf, len, name, err, errlen);
}

/* ---------------------------------------------------------------- schemas */

/* Keeps the first error only (warnings are not problems): the one a person fixes first.
 * `in_memory`: libxml2 calls every buffer "in_memory_buffer", so `file` names it instead. */
typedef struct first_problem {
    char *err;
    size_t errlen;
    const char *file;
    int in_memory;
    int seen;
} first_problem;

static void keep_first_problem(void *ctx, xmlErrorPtr e)
{
    first_problem *fp = ctx;
    if (fp->seen || e == NULL || e->level < XML_ERR_ERROR) return;
    fp->seen = 1;
    libxml2_problem(fp->err, fp->errlen, fp->in_memory ? fp->file : error_file(e, fp->file), e);
}

static xmlSchemaPtr compile(xmlSchemaParserCtxtPtr pc, const char *name, int in_memory,
                            char *err, size_t errlen)
{
    if (pc == NULL) {
        kit_xml_problem(err, errlen, name, 0, "cannot read the schema");
        return NULL;
    }
    first_problem fp = {err, errlen, name, in_memory, 0};
    xmlSchemaSetParserStructuredErrors(pc, keep_first_problem, &fp);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (schema == NULL && !fp.seen) kit_xml_problem(err, errlen, name, 0, "not a usable schema");
    return schema;
}

xmlSchemaPtr kit_xml_schema_file(const char *xsd_path, char *err, size_t errlen)
{
    ensure_libxml2();
    return compile(xmlSchemaNewParserCtxt(xsd_path), xsd_path, 0, err, errlen);
}

xmlSchemaPtr kit_xml_schema_memory(const char *xsd, size_t len, const char *name, char *err,
                                   size_t errlen)
{
    if (len > INT_MAX) {
        kit_xml_problem(err, errlen, name, 0, "larger than libxml2 reads at once");
        return NULL;
    }
    ensure_libxml2();
    return compile(xmlSchemaNewMemParserCtxt(xsd, (int)len), name, 1, err, errlen);
}

int kit_xml_validate(xmlSchemaPtr schema, xmlDocPtr doc, char *err, size_t errlen)
{
    const char *file = doc->URL != NULL ? (const char *)doc->URL : "?";
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    if (vc == NULL) return kit_xml_problem(err, errlen, file, 0, "out of memory");
    first_problem fp = {err, errlen, file, 0, 0};
    xmlSchemaSetValidStructuredErrors(vc, keep_first_problem, &fp);
    int rc = xmlSchemaValidateDoc(vc, doc) == 0 ? 0 : -1;
    xmlSchemaFreeValidCtxt(vc);
    if (rc != 0 && !fp.seen) kit_xml_problem(err, errlen, file, 0, "does not validate");
    return rc;
}

xmlDocPtr kit_xml_load_file(const char *path, const char *unreadable, const char *xsd_path,
                            char *err, size_t errlen)
{
    xmlDocPtr doc = kit_xml_read_file(path, unreadable, err, errlen);
    if (doc == NULL) return NULL;
    xmlSchemaPtr schema = kit_xml_schema_file(xsd_path, err, errlen);
    int rc = schema != NULL ? kit_xml_validate(schema, doc, err, errlen) : -1;
    xmlSchemaFree(schema);
    if (rc != 0) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* ---------------------------------------------------------------- reading a checked tree */

int kit_xml_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNode *kit_xml_child(const xmlNode *parent, const char *name)
{
    for (xmlNode *c = parent->children; c != NULL; c = c->next)
        if (kit_xml_is(c, name)) return c;
    return NULL;
}

size_t kit_xml_count(const xmlNode *parent, const char *name)
{
    size_t n = 0;
    for (const xmlNode *c = parent->children; c != NULL; c = c->next) n += kit_xml_is(c, name);
    return n;
}

char *kit_xml_attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    if (v == NULL) return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

char *kit_xml_attr_or(const xmlNode *n, const char *name, const char *dflt)
{
    char *v = kit_xml_attr(n, name);
    return v != NULL ? v : strdup(dflt);
}

int kit_xml_attr_bool(const xmlNode *n, const char *name, int dflt)
{
    char *v = kit_xml_attr(n, name);
    if (v == NULL) return dflt;
    int r = strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
    free(v);
    return r;
}

unsigned long long kit_xml_attr_u64(const xmlNode *n, const char *name,
                                    unsigned long long dflt)
{
    char *v = kit_xml_attr(n, name);
    if (v == NULL) return dflt;
    unsigned long long r = strtoull(v, NULL, 10);
    free(v);
    return r;
}

char *kit_xml_text(const xmlNode *n)
{
    xmlChar *t = n != NULL ? xmlNodeGetContent(n) : NULL;
    char *s = strdup(t != NULL ? (const char *)t : "");
    xmlFree(t);
    return s;
}

/*
 * The one XML loader (kit/xml_load.c): "file:line: problem" for what is not well-formed, not
 * valid or not there; the first violation only; no external entity read; the attribute
 * helpers on a checked tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "kit/xml_load.h"
#include "tests/support/cutest.h"

static char DIR_[64];

/* Writes `text` to `name` in a fresh temporary directory; returns its path (static). */
static const char *write_file(const char *name, const char *text)
{
    static char path[4][128];
    static int next;
    if (DIR_[0] == '\0') {
        snprintf(DIR_, sizeof DIR_, "/tmp/test_kit_xml_load.XXXXXX");
        if (mkdtemp(DIR_) == NULL) return NULL;
    }
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", DIR_, name);
    FILE *f = fopen(p, "w");
    if (f == NULL) return NULL;
    fputs(text, f);
    fclose(f);
    return p;
}

static void assert_starts(const char *got, const char *want)
{
    CU_ASSERT_EQUAL(strncmp(got, want, strlen(want)), 0);
    if (strncmp(got, want, strlen(want)) != 0) fprintf(stderr, "got '%s', want '%s...'\n", got, want);
}

static const char XSD[] =
    "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
    "  <xs:element name=\"root\"><xs:complexType><xs:sequence>\n"
    "    <xs:element name=\"item\" minOccurs=\"0\" maxOccurs=\"unbounded\"><xs:complexType>\n"
    "      <xs:simpleContent><xs:extension base=\"xs:string\">\n"
    "        <xs:attribute name=\"id\" type=\"xs:string\" use=\"required\"/>\n"
    "        <xs:attribute name=\"count\" type=\"xs:unsignedInt\"/>\n"
    "        <xs:attribute name=\"on\" type=\"xs:boolean\"/>\n"
    "      </xs:extension></xs:simpleContent>\n"
    "    </xs:complexType></xs:element>\n"
    "  </xs:sequence></xs:complexType></xs:element>\n"
    "</xs:schema>\n";

static xmlSchemaPtr schema(void)
{
    char err[512] = "";
    xmlSchemaPtr s = kit_xml_schema_memory(XSD, strlen(XSD), "test.xsd", err, sizeof err);
    if (s == NULL) fprintf(stderr, "schema: %s\n", err);
    return s;
}

/* ---------------------------------------------------------------- documents */

static void test_well_formed_from_memory(void)
{
    static const char text[] = "<root><item id=\"a\"/></root>";
    char err[256] = "untouched";
    xmlDocPtr doc = kit_xml_read_memory(text, strlen(text), "mem.xml", err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_STRING_EQUAL((const char *)doc->URL, "mem.xml");
    CU_ASSERT_STRING_EQUAL((const char *)xmlDocGetRootElement(doc)->name, "root");
    CU_ASSERT_STRING_EQUAL(err, "untouched");
    xmlFreeDoc(doc);
}

static void test_malformed_names_file_and_line(void)
{
    static const char text[] = "<root>\n<item id=\"a\">\n";
    char err[256] = "";
    CU_ASSERT_PTR_NULL(kit_xml_read_memory(text, strlen(text), "bad.xml", err, sizeof err));
    assert_starts(err, "bad.xml:3: ");
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "Premature end of data"));
    CU_ASSERT(err[strlen(err) - 1] != '\n'); /* libxml2's newline is not ours */
    const char *path = write_file("bad.xml", text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    char want[160];
    snprintf(want, sizeof want, "%s:3: ", path);
    CU_ASSERT_PTR_NULL(kit_xml_read_file(path, NULL, err, sizeof err));
    assert_starts(err, want);
}

static void test_unreadable_file_in_our_words(void)
{
    char err[256] = "";
    CU_ASSERT_PTR_NULL(kit_xml_read_file("/nonexistent/x.xml", "cannot read the thing: ", err,
                                         sizeof err));
    CU_ASSERT_STRING_EQUAL(err, "/nonexistent/x.xml:0: cannot read the thing: No such file or "
                                "directory");
    CU_ASSERT_PTR_NULL(kit_xml_read_file("/nonexistent/x.xml", NULL, err, sizeof err));
    CU_ASSERT_STRING_EQUAL(err, "/nonexistent/x.xml:0: No such file or directory");
}

/* An external entity stays a reference: nothing outside the document is read. */
static void test_no_external_entity_read(void)
{
    const char *secret = write_file("secret.txt", "TOPSECRET");
    CU_ASSERT_PTR_NOT_NULL_FATAL(secret);
    char text[512];
    snprintf(text, sizeof text,
             "<!DOCTYPE root [<!ENTITY e SYSTEM \"file://%s\">]>\n<root>&e;</root>\n", secret);
    char err[256] = "";
    xmlDocPtr doc = kit_xml_read_memory(text, strlen(text), "xxe.xml", err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    char *content = kit_xml_text(xmlDocGetRootElement(doc));
    CU_ASSERT_PTR_NOT_NULL_FATAL(content);
    CU_ASSERT_PTR_NULL(strstr(content, "TOPSECRET"));
    free(content);
    xmlFreeDoc(doc);
}

/* ---------------------------------------------------------------- schemas */

static void test_schema_violation_names_file_and_line(void)
{
    static const char text[] = "<root>\n<item id=\"a\"/>\n<item/>\n<item count=\"x\"/>\n</root>\n";
    xmlSchemaPtr s = schema();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char err[512] = "";
    xmlDocPtr doc = kit_xml_read_memory(text, strlen(text), "doc.xml", err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(kit_xml_validate(s, doc, err, sizeof err), -1);
    /* The first violation (line 3), not the last (line 4). */
    assert_starts(err, "doc.xml:3: ");
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "'id'"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "required"));
    CU_ASSERT(err[strlen(err) - 1] != '\n');
    xmlFreeDoc(doc);
    xmlSchemaFree(s);
}

static void test_valid_document_passes(void)
{
    static const char text[] = "<root><item id=\"a\" count=\"3\" on=\"true\">t</item></root>";
    xmlSchemaPtr s = schema();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char err[256] = "";
    xmlDocPtr doc = kit_xml_read_memory(text, strlen(text), "ok.xml", err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(kit_xml_validate(s, doc, err, sizeof err), 0);
    xmlFreeDoc(doc);
    xmlSchemaFree(s);
}

static void test_load_file_against_schema_file(void)
{
    const char *xsd = write_file("t.xsd", XSD);
    const char *good = write_file("good.xml", "<root>\n<item id=\"a\"/>\n</root>\n");
    const char *bad = write_file("bad-attr.xml", "<root>\n<item id=\"a\" on=\"maybe\"/>\n</root>\n");
    CU_ASSERT_FATAL(xsd != NULL && good != NULL && bad != NULL);
    char err[512] = "";
    xmlDocPtr doc = kit_xml_load_file(good, NULL, xsd, err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL(doc);
    xmlFreeDoc(doc);
    char want[160];
    snprintf(want, sizeof want, "%s:2: ", bad);
    CU_ASSERT_PTR_NULL(kit_xml_load_file(bad, NULL, xsd, err, sizeof err));
    assert_starts(err, want);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "'on'"));
    /* A schema that is not there is named, not a '?'. */
    CU_ASSERT_PTR_NULL(kit_xml_load_file(good, NULL, "/nonexistent/t.xsd", err, sizeof err));
    assert_starts(err, "/nonexistent/t.xsd:0: ");
}

static void test_broken_schema_is_named(void)
{
    static const char broken[] =
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
        "  <xs:element name=\"root\" type=\"nosuchtype\"/>\n"
        "</xs:schema>\n";
    char err[512] = "";
    CU_ASSERT_PTR_NULL(kit_xml_schema_memory(broken, strlen(broken), "broken.xsd", err,
                                             sizeof err));
    assert_starts(err, "broken.xsd:2: ");
}

/* ---------------------------------------------------------------- attributes */

static void test_attributes_and_text(void)
{
    static const char text[] =
        "<root xmlns:p=\"urn:p\">\n"
        "  <item id=\"a\" count=\"42\" on=\"1\">one</item>\n"
        "  <item id=\"b\" on=\"false\" p:count=\"7\"/>\n"
        "  <other/>\n"
        "</root>\n";
    char err[256] = "";
    xmlDocPtr doc = kit_xml_read_memory(text, strlen(text), "attrs.xml", err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    CU_ASSERT_EQUAL(kit_xml_count(root, "item"), 2);
    CU_ASSERT_EQUAL(kit_xml_count(root, "none"), 0);
    xmlNode *a = kit_xml_child(root, "item");
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT(kit_xml_is(a, "item") && !kit_xml_is(a, "other"));
    CU_ASSERT_PTR_NULL(kit_xml_child(root, "none"));
    CU_ASSERT_EQUAL(xmlGetLineNo(a), 2);
    char *id = kit_xml_attr(a, "id"), *missing = kit_xml_attr(a, "missing");
    char *dflt = kit_xml_attr_or(a, "missing", "fallback"), *body = kit_xml_text(a);
    CU_ASSERT_STRING_EQUAL(id, "a");
    CU_ASSERT_PTR_NULL(missing);
    CU_ASSERT_STRING_EQUAL(dflt, "fallback");
    CU_ASSERT_STRING_EQUAL(body, "one");
    free(id);
    free(dflt);
    free(body);
    CU_ASSERT_EQUAL(kit_xml_attr_u64(a, "count", 5), 42);
    CU_ASSERT_EQUAL(kit_xml_attr_bool(a, "on", 0), 1);
    xmlNode *b = xmlNextElementSibling(a);
    CU_ASSERT_EQUAL(kit_xml_attr_u64(b, "count", 5), 5); /* p:count is another attribute */
    CU_ASSERT_EQUAL(kit_xml_attr_bool(b, "on", 1), 0);
    CU_ASSERT_EQUAL(kit_xml_attr_bool(b, "absent", 1), 1);
    body = kit_xml_text(b);
    CU_ASSERT_STRING_EQUAL(body, "");
    free(body);
    body = kit_xml_text(NULL);
    CU_ASSERT_STRING_EQUAL(body, "");
    free(body);
    xmlFreeDoc(doc);
}

static void test_problem_format(void)
{
    char err[64];
    CU_ASSERT_EQUAL(kit_xml_problem(err, sizeof err, "f.xml", 12, "case %s: %d", "x", 3), -1);
    CU_ASSERT_STRING_EQUAL(err, "f.xml:12: case x: 3");
    char tiny[8];
    kit_xml_problem(tiny, sizeof tiny, "long-name.xml", 1, "problem");
    CU_ASSERT_STRING_EQUAL(tiny, "long-na"); /* cut, still terminated */
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"well_formed_from_memory", test_well_formed_from_memory},
        {"malformed_names_file_and_line", test_malformed_names_file_and_line},
        {"unreadable_file_in_our_words", test_unreadable_file_in_our_words},
        {"no_external_entity_read", test_no_external_entity_read},
        {"schema_violation_names_file_and_line", test_schema_violation_names_file_and_line},
        {"valid_document_passes", test_valid_document_passes},
        {"load_file_against_schema_file", test_load_file_against_schema_file},
        {"broken_schema_is_named", test_broken_schema_is_named},
        {"attributes_and_text", test_attributes_and_text},
        {"problem_format", test_problem_format},
        {NULL, NULL},
    };
    int rc = cutest_run("kit_xml_load", cases, argc, argv);
    if (DIR_[0] != '\0') {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
        if (system(cmd) != 0) rc = rc != 0 ? rc : 1;
    }
    xmlCleanupParser();
    return rc;
}

/*
 * kit_xml - the one way the kit reads its own XML files (fixtures, case tables, profiles,
 * reports under test): parsed with line numbers and no network, DTD loading or entity
 * expansion, validated against an XSD, and every problem told as "file:line: problem" in the
 * caller's buffer (libxml2 itself prints nothing). The attribute helpers read documents the
 * schema has already checked, so an absent optional attribute takes its default.
 *
 * The document format stays libxml2's (xmlDocPtr, xmlNode): callers walk the tree themselves.
 */
#ifndef KIT_XML_LOAD_H
#define KIT_XML_LOAD_H

#include <stdarg.h>
#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

/* Reads the XML file at `path`. A file that cannot be opened is said in our words, before
 * libxml2 would print a warning of its own: "<path>:0: <unreadable><strerror>", where
 * `unreadable` (NULL: nothing) says what was being read, e.g. "cannot read the fixture: ".
 * A document that is not well-formed: "<path>:<line>: <libxml2's last message>".
 * NULL on failure, with err filled. */
xmlDocPtr kit_xml_read_file(const char *path, const char *unreadable, char *err,
                            size_t errlen);

/* The same for `len` bytes in memory; `name` stands for the file in errors and in doc->URL. */
xmlDocPtr kit_xml_read_memory(const char *buf, size_t len, const char *name, char *err,
                              size_t errlen);

/* Compiles the schema file at `xsd_path`, or `len` bytes of schema in memory that errors call
 * `name`. NULL with the schema's first problem in err ("<file>:<line>: <message>"). Free with
 * xmlSchemaFree. */
xmlSchemaPtr kit_xml_schema_file(const char *xsd_path, char *err, size_t errlen);
xmlSchemaPtr kit_xml_schema_memory(const char *xsd, size_t len, const char *name, char *err,
                                   size_t errlen);

/* 0 when `doc` is valid against `schema`; else -1 with the first violation in err,
 * "<doc's file>:<line>: <message>" (the first one is the one a person fixes first). */
int kit_xml_validate(xmlSchemaPtr schema, xmlDocPtr doc, char *err, size_t errlen);

/* kit_xml_read_file, then kit_xml_validate against the schema file `xsd_path`: the document,
 * or NULL with the first problem in err. */
xmlDocPtr kit_xml_load_file(const char *path, const char *unreadable, const char *xsd_path,
                            char *err, size_t errlen);

/* "<file>:<line>: <fmt...>" into err (line 0: the file as a whole). Returns -1, so a loader
 * can `return kit_xml_problem(...)`. */
int kit_xml_problem(char *err, size_t errlen, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int kit_xml_vproblem(char *err, size_t errlen, const char *file, long line, const char *fmt,
                     va_list ap) __attribute__((format(printf, 5, 0)));

/* ---------------------------------------------------------------- reading a checked tree */

/* True when `n` is the element `name`. */
int kit_xml_is(const xmlNode *n, const char *name);

/* The first child element `name` of `parent`, or NULL. */
xmlNode *kit_xml_child(const xmlNode *parent, const char *name);

/* How many child elements `name` `parent` has. */
size_t kit_xml_count(const xmlNode *parent, const char *name);

/* A malloc'd copy of the attribute `name` (no namespace), NULL when absent. */
char *kit_xml_attr(const xmlNode *n, const char *name);

/* A malloc'd copy of the attribute, or of `dflt` when absent. NULL only when out of memory. */
char *kit_xml_attr_or(const xmlNode *n, const char *name, const char *dflt);

/* An xs:boolean attribute ("true" or "1"), `dflt` when absent. */
int kit_xml_attr_bool(const xmlNode *n, const char *name, int dflt);

/* An unsigned decimal attribute, `dflt` when absent. */
unsigned long long kit_xml_attr_u64(const xmlNode *n, const char *name,
                                    unsigned long long dflt);

/* A malloc'd copy of the element's text content ("" when it has none); NULL when out of
 * memory. */
char *kit_xml_text(const xmlNode *n);

#endif

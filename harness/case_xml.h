/*
 * case_xml - what the readers of a <case> element share (case_parse.c reads the row,
 * expect_parse.c its expectations): the context that words every problem as
 * "file:line: problem", the attribute and text readings kit/xml_load.h does not make, and the
 * row's typed values (parameters, properties, items, embedded instances).
 *
 * The element is already valid against cases.xsd: what is checked here is what the schema
 * cannot say, such as a value's text fitting its type.
 */
#ifndef CONFORM_CASE_XML_H
#define CONFORM_CASE_XML_H

#include <stddef.h>

#include <libxml/tree.h>

#include "harness/case_model.h"
#include "kit/xml_load.h"

typedef struct conform_xml_ctx {
    const char *file; /* the table, for "file:line: problem" */
    char *err;
    size_t errlen;
    int nomem;        /* the problem was memory, not the table */
} conform_xml_ctx;

/* "file:line: <fmt...>" into p->err, line being node's (0 without one). Returns -1. */
int conform_xml_fail(conform_xml_ctx *p, xmlNodePtr node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "file:line: out of memory", and p->nomem set. Returns -1. */
int conform_xml_nomem(conform_xml_ctx *p, xmlNodePtr node);

/* 1 when n is an element (of any name). */
int conform_xml_is_element(xmlNodePtr n);

/* A numeric attribute (strtoll, base 0: "0x1" too), `dflt` when absent. */
long long conform_xml_num(xmlNodePtr node, const char *name, long long dflt);

/* The element's own text (not its children's), malloc'd; whitespace only around element
 * children counts as none. NULL when out of memory. */
char *conform_xml_own_text(xmlNodePtr node);

/* Appends s (taking it) to a vector of strings. 0, or -1 (s freed) when out of memory or s
 * is NULL. */
int conform_xml_push_string(char ***v, size_t *n, char *s);

/* <param>, <property>, <custom>: name, type, null, key, then text, items or instances. */
int conform_xml_value(conform_xml_ctx *p, xmlNodePtr node, conform_case_value *v);
/* The <item>s and <instance>s under node into v, whose type is set. */
int conform_xml_value_items(conform_xml_ctx *p, xmlNodePtr node, conform_case_value *v);
/* <instance> or <params>: class, namespace and its properties. */
int conform_xml_instance(conform_xml_ctx *p, xmlNodePtr node, conform_case_instance *out);

#endif

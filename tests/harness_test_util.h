/*
 * harness_test_util.h - what the expectation tests share: a case spec built from the XML of
 * its <expect> element (case_load.h's conform_case_parse_spec).
 */
#ifndef HARNESS_TEST_UTIL_H
#define HARNESS_TEST_UTIL_H

#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "tests/support/cutest.h"

/* A spec with `case_attrs` on its <case> and `expects` in its <expect> (the call is a plain
 * sync one). */
static conform_case_spec *spec_with_attrs(const char *case_attrs, const char *expects)
{
    char xml[8192], err[512] = "";
    snprintf(xml, sizeof xml,
             "<case id=\"t.x\" level=\"MUST\" clauses=\"INV-1\" fixture=\"f\" %s>\n"
             "<title>t</title>\n<call mode=\"sync\" class=\"C\" method=\"M\" repeat=\"2\"/>\n"
             "<expect>\n%s\n</expect></case>",
             case_attrs, expects);
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    conform_case_spec *spec = NULL;
    if (conform_case_parse_spec(xmlDocGetRootElement(doc), "t.xml", &spec, err, sizeof err) !=
        CONFORM_OK)
        fprintf(stderr, "\n%s\n", err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
    xmlFreeDoc(doc);
    return spec;
}

/* The same with reaches-server="either" and nothing else on the <case>. */
static conform_case_spec *spec_with(const char *expects)
{
    return spec_with_attrs("reaches-server=\"either\"", expects);
}

#endif

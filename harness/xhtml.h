/*
 * xhtml - the pages the kit writes (index.html, the matrix): a libxml2 tree saved as XHTML, so
 * each is well-formed XML that browsers read as HTML5, with every text made report-safe.
 */
#ifndef CONFORM_XHTML_H
#define CONFORM_XHTML_H

#include <libxml/tree.h>

/* A page with <!DOCTYPE html>, the XHTML namespace, a UTF-8 head, title and inline style.
 * Returns its <body> (the document in *doc), or NULL when out of memory. */
xmlNodePtr conform_xhtml_page(xmlDocPtr *doc, const char *title, const char *style);
/* <tag>text</tag> under parent, text redacted and XML-safe (conform_report_safe_text). */
xmlNodePtr conform_xhtml_text(xmlNodePtr parent, const char *tag, const char *text);
/* Saves and frees the page. 0 or -1. */
int conform_xhtml_save(xmlDocPtr doc, const char *path);

#endif

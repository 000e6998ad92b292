/*
 * xhtml - page skeleton, safe text and saving for the kit's HTML pages (harness/xhtml.h).
 */
#include "harness/xhtml.h"

#include <stdlib.h>

#include <libxml/xmlsave.h>

#include "harness/report.h"

xmlNodePtr conform_xhtml_page(xmlDocPtr *doc, const char *title, const char *style)
{
    *doc = xmlNewDoc(BAD_CAST "1.0");
    if (*doc == NULL) return NULL;
    xmlCreateIntSubset(*doc, BAD_CAST "html", NULL, NULL); /* <!DOCTYPE html> */
    xmlNodePtr html = xmlNewNode(NULL, BAD_CAST "html");
    xmlDocSetRootElement(*doc, html);
    xmlNewNs(html, BAD_CAST "http://www.w3.org/1999/xhtml", NULL);
    xmlNodePtr head = xmlNewChild(html, NULL, BAD_CAST "head", NULL);
    xmlNewProp(xmlNewChild(head, NULL, BAD_CAST "meta", NULL), BAD_CAST "charset",
               BAD_CAST "utf-8");
    conform_xhtml_text(head, "title", title);
    conform_xhtml_text(head, "style", style);
    return xmlNewChild(html, NULL, BAD_CAST "body", NULL);
}

xmlNodePtr conform_xhtml_text(xmlNodePtr parent, const char *tag, const char *text)
{
    char *safe = conform_report_safe_text(text != NULL ? text : "");
    xmlNodePtr n = xmlNewTextChild(parent, NULL, BAD_CAST tag, BAD_CAST(safe != NULL ? safe : ""));
    free(safe);
    return n;
}

int conform_xhtml_save(xmlDocPtr doc, const char *path)
{
    xmlSaveCtxtPtr save = xmlSaveToFilename(path, "UTF-8",
                                            XML_SAVE_FORMAT | XML_SAVE_NO_DECL | XML_SAVE_XHTML);
    int rc = save != NULL && xmlSaveDoc(save, doc) >= 0 ? 0 : -1;
    if (save != NULL && xmlSaveClose(save) < 0) rc = -1;
    xmlFreeDoc(doc);
    return rc;
}

/*
 * xmltree.c - small read-side helpers over libxml2 trees: element iteration by namespace and
 * local name, text, attributes and QName resolution.
 */
#include <stdlib.h>
#include <string.h>

#include "wsman/wsman_int.h"

char *wsman_strdup(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

int wsman_node_is(const xmlNode *node, const char *ns, const char *local)
{
    if (node == NULL || node->type != XML_ELEMENT_NODE) return 0;
    if (local != NULL && strcmp((const char *)node->name, local) != 0) return 0;
    if (ns == NULL) return 1;
    return node->ns != NULL && node->ns->href != NULL &&
           strcmp((const char *)node->ns->href, ns) == 0;
}

xmlNode *wsman_next_element(const xmlNode *node)
{
    for (xmlNode *n = node ? node->next : NULL; n != NULL; n = n->next)
        if (n->type == XML_ELEMENT_NODE) return n;
    return NULL;
}

xmlNode *wsman_first_element(const xmlNode *parent)
{
    for (xmlNode *n = parent ? parent->children : NULL; n != NULL; n = n->next)
        if (n->type == XML_ELEMENT_NODE) return n;
    return NULL;
}

xmlNode *wsman_child(const xmlNode *parent, const char *ns, const char *local)
{
    for (xmlNode *n = wsman_first_element(parent); n != NULL; n = wsman_next_element(n))
        if (wsman_node_is(n, ns, local)) return n;
    return NULL;
}

char *wsman_node_text(const xmlNode *node)
{
    size_t len = 0;
    for (const xmlNode *n = node ? node->children : NULL; n != NULL; n = n->next)
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            len += strlen((const char *)n->content);
    char *out = malloc(len + 1);
    if (out == NULL) return NULL;
    size_t at = 0;
    for (const xmlNode *n = node ? node->children : NULL; n != NULL; n = n->next) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            size_t k = strlen((const char *)n->content);
            memcpy(out + at, n->content, k);
            at += k;
        }
    }
    out[at] = '\0';
    return out;
}

char *wsman_node_text_trimmed(const xmlNode *node)
{
    char *t = wsman_node_text(node);
    if (t == NULL) return NULL;
    size_t start = 0, end = strlen(t);
    while (start < end && mimodel_is_xml_space((unsigned char)t[start])) start++;
    while (end > start && mimodel_is_xml_space((unsigned char)t[end - 1])) end--;
    memmove(t, t + start, end - start);
    t[end - start] = '\0';
    return t;
}

char *wsman_attr(const xmlNode *node, const char *ns, const char *local)
{
    if (node == NULL || node->type != XML_ELEMENT_NODE) return NULL;
    for (const xmlAttr *a = node->properties; a != NULL; a = a->next) {
        if (strcmp((const char *)a->name, local) != 0) continue;
        int match;
        if (ns == NULL) match = a->ns == NULL;
        else if (strcmp(ns, "*") == 0) match = 1;
        else match = a->ns != NULL && a->ns->href && strcmp((const char *)a->ns->href, ns) == 0;
        if (!match) continue;
        xmlChar *v = xmlNodeListGetString(node->doc, a->children, 1);
        char *out = strdup(v != NULL ? (const char *)v : "");
        xmlFree(v);
        return out;
    }
    return NULL;
}

const char *wsman_qname_resolve(const xmlNode *node, const char *qname, const char **ns_out)
{
    *ns_out = NULL;
    if (qname == NULL) return NULL;
    const char *colon = strchr(qname, ':');
    char prefix[128];
    const char *local = qname;
    const xmlChar *pfx = NULL;
    if (colon != NULL) {
        size_t n = (size_t)(colon - qname);
        if (n >= sizeof prefix) return colon + 1;
        memcpy(prefix, qname, n);
        prefix[n] = '\0';
        pfx = (const xmlChar *)prefix;
        local = colon + 1;
    }
    xmlNsPtr ns = xmlSearchNs(node->doc, (xmlNodePtr)node, pfx);
    if (ns != NULL) *ns_out = (const char *)ns->href;
    return local;
}

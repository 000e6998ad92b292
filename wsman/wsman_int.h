/*
 * wsman_int.h - what the codec's files share among themselves; not part of the API.
 */
#ifndef WSMAN_INT_H
#define WSMAN_INT_H

#include <libxml/tree.h>
#include <libxml/parser.h>

#include "model/mimodel.h"
#include "wsman/wsman.h"

/* ---------------------------------------------------------------- errors (error.c) */

/* The codec's status for what the value model (model/mimodel.h) answered. */
wsman_status wsman_status_of(MI_Result result);

/* Fills *err (when non-NULL) and returns `status`, so call sites can `return wsman_fail(...)`. */
wsman_status wsman_fail(wsman_error *err, wsman_status status, int line, int column,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Same, with the line of `node` (libxml2 keeps line numbers of elements, not columns). */
wsman_status wsman_fail_at(wsman_error *err, wsman_status status, const xmlNode *node,
                           const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---------------------------------------------------------------- safe parsing (xml.c) */

/* A push parser for exactly one document: bytes go in as they arrive; once the root element
 * closes the document is handed out and the parser says how many bytes of the last chunk it
 * used, so a stream of concatenated documents can be split without copying. */
typedef struct wsman_doc_parser wsman_doc_parser;

/* 0 when this thread may use libxml2: its per-thread state exists (-1: out of memory). */
int wsman_thread_ready(void);

wsman_doc_parser *wsman_doc_parser_new(const wsman_limits *limits);
/* Feeds `len` bytes. Returns WSMAN_OK while more is needed (*doc NULL) or when the root closed
 * (*doc set, *used = bytes of `data` that belonged to the document). `terminate` says no more
 * input follows. After an error or a delivered document the parser must be freed. */
wsman_status wsman_doc_parser_feed(wsman_doc_parser *p, const char *data, size_t len,
                                   int terminate, xmlDocPtr *doc, size_t *used,
                                   wsman_error *err);
/* Bytes fed so far (for "truncated" diagnostics). */
size_t wsman_doc_parser_fed(const wsman_doc_parser *p);
void wsman_doc_parser_free(wsman_doc_parser *p);

/* Parses one complete document; trailing bytes other than whitespace are an error. */
xmlDocPtr wsman_xml_read(const char *data, size_t len, const wsman_limits *limits,
                         wsman_error *err);

/* ---------------------------------------------------------------- tree helpers (xmltree.c) */

int wsman_node_is(const xmlNode *node, const char *ns, const char *local);
/* First element child (any name when local is NULL) / next element sibling. */
xmlNode *wsman_first_element(const xmlNode *parent);
xmlNode *wsman_next_element(const xmlNode *node);
xmlNode *wsman_child(const xmlNode *parent, const char *ns, const char *local);
/* Concatenated text of the direct text/CDATA children, malloc'd ("" when none). */
char *wsman_node_text(const xmlNode *node);
/* Same with XML whitespace trimmed at both ends. */
char *wsman_node_text_trimmed(const xmlNode *node);
/* An attribute by local name: in namespace `ns`, or with no namespace when ns is NULL, or in
 * any namespace when ns is "*". malloc'd, NULL when absent. */
char *wsman_attr(const xmlNode *node, const char *ns, const char *local);
/* Resolves a QName text ("cim:cimString") against the namespaces in scope at node. *ns_out
 * points into the tree (NULL for an unprefixed name without default namespace); the return is
 * the local part, pointing into `qname`. */
const char *wsman_qname_resolve(const xmlNode *node, const char *qname, const char **ns_out);
char *wsman_strdup(const char *s);

/* ---------------------------------------------------------------- writing (xmlwrite.c) */

/* The prefixes the codec writes with. Each is declared on the envelope's root the first time
 * something uses it (wsman_writer_ns), so a message carries only the declarations it needs:
 * every declaration costs its reader a namespace-URI check. */
typedef enum wsman_prefix {
    WSMAN_PFX_S,     /* SOAP 1.2 */
    WSMAN_PFX_WSA,   /* WS-Addressing */
    WSMAN_PFX_WSMAN, /* WS-Management */
    WSMAN_PFX_WSMV,  /* MS-WSMV: OperationID, SequenceId, DataLocale */
    WSMAN_PFX_WSMB,  /* the CIM binding: IsCIM_Error */
    WSMAN_PFX_XSI,   /* xsi:type, xsi:nil */
    WSMAN_PFX_CIM,   /* cim:Datetime and cim: type names */
    WSMAN_PFX_I,     /* MS-WSMV interactive events */
    WSMAN_PFX_XS,    /* xs: type names in Option Type */
    WSMAN_PFX_COUNT
} wsman_prefix;

typedef struct wsman_writer {
    xmlDocPtr doc;
    xmlNodePtr envelope, header, body;
    xmlNsPtr s, wsa, wsman;       /* every envelope uses these: declared by wsman_writer_begin */
    xmlNsPtr ns[WSMAN_PFX_COUNT]; /* declared so far, NULL: not yet */
    int failed; /* an allocation failed somewhere; wsman_writer_finish reports it */
} wsman_writer;

/* The namespace of `prefix`, declared on the root on first use. */
xmlNsPtr wsman_writer_ns(wsman_writer *w, wsman_prefix prefix);
/* Declares the prefix a QName-valued text ("cim:cimString", "xs:int") names, when it is one of
 * the codec's, so the value resolves; a prefix the caller declared itself is left alone. */
void wsman_writer_ns_for_qname(wsman_writer *w, const char *qname);

wsman_status wsman_writer_begin(wsman_writer *w, int with_header);
xmlNodePtr wsman_writer_elem(wsman_writer *w, xmlNodePtr parent, xmlNsPtr ns, const char *name,
                             const char *text);
void wsman_writer_attr(wsman_writer *w, xmlNodePtr node, xmlNsPtr ns, const char *name,
                       const char *value);
/* A header element with s:mustUnderstand when must_understand >= 0 ("true"/"false"). */
xmlNodePtr wsman_writer_header(wsman_writer *w, xmlNsPtr ns, const char *name, const char *text,
                               int must_understand);
/* Adds wsa:MessageID (fresh uuid when NULL). */
void wsman_writer_message_id(wsman_writer *w, const char *message_id);
/* Serialises and frees the tree. */
wsman_status wsman_writer_finish(wsman_writer *w, char **out, size_t *out_len,
                                 wsman_error *err);
void wsman_writer_abort(wsman_writer *w);

/* ---------------------------------------------------------------- values in XML (values_xml.c) */

/* Writes one element `name` (in ns `ns`) holding value/type/flags under parent: scalars as
 * text, arrays repeated, NULL as xsi:nil, datetimes in cim:Datetime/cim:Interval, instances
 * embedded with xsi:type, references as EPRs. `typed` adds xsi:type to scalars. `depth` picks
 * distinct namespace prefixes for nested embedded instances. */
wsman_status wsman_xml_write_value(wsman_writer *w, xmlNodePtr parent, xmlNsPtr ns,
                                   const char *name, const MI_Value *value, MI_Type type,
                                   MI_Uint32 flags, int typed, int depth, wsman_error *err);
/* Every element of inst, in order. */
wsman_status wsman_xml_write_instance_elements(wsman_writer *w, xmlNodePtr parent, xmlNsPtr ns,
                                               const MI_Instance *inst, int typed, int depth,
                                               wsman_error *err);
/* A whole instance as element <q:Class xsi:type="q:Class_Type"> in the class namespace. */
xmlNodePtr wsman_xml_write_instance_element(wsman_writer *w, xmlNodePtr parent,
                                            const MI_Instance *inst, int typed,
                                            wsman_error *err);
/* Writes an endpoint reference for a reference instance into `parent`. */
wsman_status wsman_xml_write_epr(wsman_writer *w, xmlNodePtr parent, const MI_Instance *ref,
                                 int depth, wsman_error *err);

/* Reads the element children of `parent` as elements of a new instance named class_name. */
wsman_status wsman_xml_read_instance(const xmlNode *parent, const char *class_name,
                                     MI_Instance **out, wsman_error *err);
/* Reads the nodes (same element name, in order) as one value. want_type < 0: infer (INV-5). */
wsman_status wsman_xml_read_value(const xmlNode *const *nodes, size_t n, int want_type,
                                  MI_Value *value, MI_Type *type, MI_Uint32 *flags,
                                  wsman_error *err);
/* An endpoint reference (the element holding wsa:Address/ReferenceParameters) as a
 * MI_REFERENCE instance. */
wsman_status wsman_xml_read_epr(const xmlNode *node, MI_Instance **out, wsman_error *err);

/* ---------------------------------------------------------------- envelope parts */

wsman_envelope *wsman_envelope_from_doc(xmlDocPtr doc, wsman_error *err);
wsman_status wsman_read_fault(const xmlNode *fault, wsman_fault *out, wsman_error *err);
wsman_status wsman_read_event(const xmlNode *ev, wsman_event *out, wsman_error *err);
void wsman_fault_clear(wsman_fault *f);
void wsman_event_clear(wsman_event *e);

/* ---------------------------------------------------------------- misc */


#endif

/*
 * test_wsman_malformed.c - bad input is an error value that says what and where, never a crash
 * or a leak: a corpus of malformed documents (truncated, not XML, entity bombs, external
 * entities, 100,000-deep nesting, invalid UTF-8, wrong namespaces, empty input, a body that is
 * not an envelope, unreadable headers and values), every prefix of a valid envelope, random
 * byte flips, and several threads parsing at once.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/cutest.h"
#include "tests/wsman_test_util.h"

#define ENV_OPEN "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" " \
                 "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "     \
                 "xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "       \
                 "xmlns:v=\"http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd\" "  \
                 "xmlns:i=\"http://schemas.microsoft.com/wbem/wsman/1/cim/interactive.xsd\" " \
                 "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "          \
                 "xmlns:cim=\"http://schemas.dmtf.org/wbem/wscim/1/common\">"
#define BODY(x) ENV_OPEN "<s:Body>" x "</s:Body></s:Envelope>"
#define HEADER(x) ENV_OPEN "<s:Header>" x "</s:Header><s:Body/></s:Envelope>"

static const char billion_laughs[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
    " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n" ENV_OPEN "<s:Body><x>&lol9;</x></s:Body></s:Envelope>";

static const struct {
    const char *name;
    const char *xml;
    size_t len; /* 0: strlen */
    wsman_status want;
    const char *in_message; /* a word the message must contain, or NULL */
} corpus[] = {
    {"empty", "", 0, WSMAN_E_XML, "empty"},
    {"whitespace only", " \r\n\t ", 0, WSMAN_E_XML, "empty"},
    {"not xml", "hello world", 0, WSMAN_E_XML, NULL},
    {"json", "{\"Envelope\": {}}", 0, WSMAN_E_XML, NULL},
    {"truncated", ENV_OPEN "<s:Body><p:X_OUTPUT xmlns:p=\"urn:x\"><p:A>1</p:A", 0, WSMAN_E_XML,
     NULL},
    {"truncated in tag", ENV_OPEN "<s:Bo", 0, WSMAN_E_XML, NULL},
    {"mismatched tags", BODY("<a></b>"), 0, WSMAN_E_XML, NULL},
    {"billion laughs", billion_laughs, 0, WSMAN_E_XML, "DTD"},
    {"external entity",
     "<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" BODY("<x>&xxe;</x>"),
     0, WSMAN_E_XML, "DTD"},
    {"external dtd", "<!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\"><x/>", 0, WSMAN_E_XML,
     "DTD"},
    {"undeclared entity", BODY("<x>&nope;</x>"), 0, WSMAN_E_XML, NULL},
    {"invalid utf-8", BODY("<x>\xc3\x28</x>"), 0, WSMAN_E_XML, NULL},
    {"latin-1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" BODY("<x>\xe9</x>"),
     0, WSMAN_E_XML, NULL},
    {"utf-16", "\xff\xfe<\0s\0", 6, WSMAN_E_XML, NULL},
    {"nul byte", "<s:Envelope\0/>", 14, WSMAN_E_XML, NULL},
    {"undefined prefix", "<s:Envelope><s:Body/></s:Envelope>", 0, WSMAN_E_XML, NULL},
    {"content after envelope", BODY("") "<more/>", 0, WSMAN_E_XML, "after"},
    {"soap 1.1", "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                 "<e:Body/></e:Envelope>", 0, WSMAN_E_ENVELOPE, "SOAP 1.2"},
    {"not an envelope", "<html><body>hi</body></html>", 0, WSMAN_E_ENVELOPE, "html"},
    {"no namespace envelope", "<Envelope><Body/></Envelope>", 0, WSMAN_E_ENVELOPE, NULL},
    {"no body", ENV_OPEN "<s:Header/></s:Envelope>", 0, WSMAN_E_ENVELOPE, "Body"},
    {"two bodies", ENV_OPEN "<s:Body/><s:Body/></s:Envelope>", 0, WSMAN_E_ENVELOPE, NULL},
    {"stray element", ENV_OPEN "<x/><s:Body/></s:Envelope>", 0, WSMAN_E_ENVELOPE, NULL},
    {"bad timeout", HEADER("<w:OperationTimeout>sixty</w:OperationTimeout>"), 0,
     WSMAN_E_HEADER, "OperationTimeout"},
    {"bad max envelope", HEADER("<w:MaxEnvelopeSize>big</w:MaxEnvelopeSize>"), 0,
     WSMAN_E_HEADER, "MaxEnvelopeSize"},
    {"bad sequence id", HEADER("<v:SequenceId>-3</v:SequenceId>"), 0, WSMAN_E_HEADER,
     "SequenceId"},
    {"selector without name",
     HEADER("<w:SelectorSet><w:Selector>x</w:Selector></w:SelectorSet>"), 0, WSMAN_E_HEADER,
     "Name"},
    {"typed value wrong",
     BODY("<p:M_OUTPUT xmlns:p=\"urn:c\"><p:U xsi:type=\"cim:cimUnsignedInt\">-1</p:U>"
          "</p:M_OUTPUT>"), 0, WSMAN_E_VALUE, "uint32"},
    {"bad datetime",
     BODY("<p:M_OUTPUT xmlns:p=\"urn:c\"><p:D><cim:Datetime>noon</cim:Datetime></p:D>"
          "</p:M_OUTPUT>"), 0, WSMAN_E_VALUE, "datetime"},
    {"nil in array",
     BODY("<p:M_OUTPUT xmlns:p=\"urn:c\"><p:A>1</p:A><p:A xsi:nil=\"true\"/></p:M_OUTPUT>"), 0,
     WSMAN_E_VALUE, "nil"},
    {"epr without resource uri",
     BODY("<p:M_OUTPUT xmlns:p=\"urn:c\"><p:R><a:Address>x</a:Address></p:R></p:M_OUTPUT>"), 0,
     WSMAN_E_VALUE, "ResourceURI"},
    {"streaming without value",
     BODY("<i:InteractiveEvent><i:EventType>StreamingOutput</i:EventType><i:Name>x</i:Name>"
          "</i:InteractiveEvent>"), 0, WSMAN_E_BODY, "Value"},
    {"streaming bad type",
     BODY("<i:InteractiveEvent><i:EventType>StreamingOutput</i:EventType><i:Type>99</i:Type>"
          "<i:Value><x>1</x></i:Value></i:InteractiveEvent>"), 0, WSMAN_E_BODY, "Type"},
    {"event without type", BODY("<i:InteractiveEvent/>"), 0, WSMAN_E_BODY, "EventType"},
    {"scalar typed but repeated in event",
     BODY("<i:InteractiveEvent><i:EventType>StreamingOutput</i:EventType><i:Type>5</i:Type>"
          "<i:Value><x>1</x><x>2</x></i:Value></i:InteractiveEvent>"), 0, WSMAN_E_VALUE,
     "repeated"},
};

static void test_corpus(void)
{
    for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
        size_t len = corpus[i].len ? corpus[i].len : strlen(corpus[i].xml);
        wsman_error err;
        memset(&err, 0, sizeof err);
        wsman_envelope *env = wsman_envelope_parse(corpus[i].xml, len, NULL, &err);
        CU_ASSERT_PTR_NULL(env);
        wsman_envelope_free(env);
        CU_ASSERT_EQUAL(err.status, corpus[i].want);
        CU_ASSERT_TRUE(err.message[0] != '\0');
        int msg_ok = corpus[i].in_message == NULL || strstr(err.message, corpus[i].in_message);
        CU_ASSERT_TRUE(msg_ok);
        if (err.status != corpus[i].want || !msg_ok)
            fprintf(stderr, "%s: got %s '%s'\n", corpus[i].name, wsman_status_name(err.status),
                    err.message);
        /* XML errors say where (line and column) except for the empty input's line 1 col 1 */
        if (err.status == WSMAN_E_XML && strcmp(corpus[i].name, "content after envelope") != 0)
            CU_ASSERT_TRUE(err.line >= 1);
    }
}

static void test_where(void)
{
    const char *xml = ENV_OPEN "\n<s:Body>\n  <a>\n  </b>\n</s:Body></s:Envelope>";
    wsman_error err;
    CU_ASSERT_PTR_NULL(wsman_envelope_parse(xml, strlen(xml), NULL, &err));
    CU_ASSERT_EQUAL(err.status, WSMAN_E_XML);
    CU_ASSERT_EQUAL(err.line, 4);
    CU_ASSERT_TRUE(err.column > 1);
    xml = ENV_OPEN "\n<s:Header>\n<w:OperationTimeout>x</w:OperationTimeout></s:Header>"
                   "<s:Body/></s:Envelope>";
    CU_ASSERT_PTR_NULL(wsman_envelope_parse(xml, strlen(xml), NULL, &err));
    CU_ASSERT_EQUAL(err.status, WSMAN_E_HEADER);
    CU_ASSERT_EQUAL(err.line, 3);
}

static char *deep(size_t depth, size_t *len)
{
    size_t open = strlen("<d>"), close = strlen("</d>");
    size_t head = strlen(ENV_OPEN "<s:Body>"), tail = strlen("</s:Body></s:Envelope>");
    char *buf = malloc(head + depth * (open + close) + tail + 1);
    char *p = buf;
    memcpy(p, ENV_OPEN "<s:Body>", head), p += head;
    for (size_t i = 0; i < depth; i++) memcpy(p, "<d>", open), p += open;
    for (size_t i = 0; i < depth; i++) memcpy(p, "</d>", close), p += close;
    memcpy(p, "</s:Body></s:Envelope>", tail), p += tail;
    *p = '\0';
    *len = (size_t)(p - buf);
    return buf;
}

static void test_depth_limits(void)
{
    size_t len;
    wsman_error err;
    char *xml = deep(100000, &len);
    CU_ASSERT_PTR_NULL(wsman_envelope_parse(xml, len, NULL, &err));
    CU_ASSERT_EQUAL(err.status, WSMAN_E_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "deeper"));
    free(xml);
    /* Our own cap below libxml2's. */
    wsman_limits lim = {0, 6}; /* Envelope, Body and 5 <d> make 7 levels */
    xml = deep(5, &len);
    CU_ASSERT_PTR_NULL(wsman_envelope_parse(xml, len, &lim, &err));
    CU_ASSERT_EQUAL(err.status, WSMAN_E_LIMIT);
    lim.max_depth = 16;
    wsman_envelope *env = wsman_envelope_parse(xml, len, &lim, &err);
    CU_ASSERT_PTR_NOT_NULL(env); /* 5 levels of <d> inside Body: an instance in an instance */
    wsman_envelope_free(env);
    free(xml);
}

static void test_size_limit(void)
{
    const char *xml = BODY("");
    wsman_limits lim = {20, 0};
    wsman_error err;
    CU_ASSERT_PTR_NULL(wsman_envelope_parse(xml, strlen(xml), &lim, &err));
    CU_ASSERT_EQUAL(err.status, WSMAN_E_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "limit"));
    CU_ASSERT_PTR_NULL(wsman_envelope_parse(NULL, 5, NULL, &err));
    CU_ASSERT_EQUAL(err.status, WSMAN_E_ARGUMENT);
    CU_ASSERT_PTR_NULL(wsman_envelope_parse(xml, strlen(xml), &lim, NULL)); /* err optional */
    lim.max_bytes = strlen(xml);
    wsman_envelope *env = wsman_envelope_parse(xml, strlen(xml), &lim, &err);
    CU_ASSERT_PTR_NOT_NULL(env);
    wsman_envelope_free(env);
}

/* A valid envelope of every kind, cut at every length: never a crash, an error or a success. */
static void test_every_prefix(void)
{
    wsman_fault_spec sp;
    memset(&sp, 0, sizeof sp);
    sp.subcode = "wsa:DestinationUnreachable";
    sp.reason = "gone";
    sp.detail = "InvalidResourceURI";
    sp.style = WSMAN_FAULT_WINDOWS;
    char *xml;
    size_t len;
    CU_ASSERT_EQUAL_FATAL(wsman_write_fault(&sp, &xml, &len, NULL), 0);
    size_t step = cutest_under_valgrind() ? 7 : 1;
    for (size_t n = 0; n < len; n += step) {
        wsman_error err;
        wsman_envelope *env = wsman_envelope_parse(xml, n, NULL, &err);
        if (env != NULL) {
            wsman_envelope_free(env);
        } else {
            CU_ASSERT_TRUE(err.message[0] != '\0');
        }
    }
    wsman_error err;
    wsman_envelope *env = wsman_envelope_parse(xml, len, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL(env);
    wsman_envelope_free(env);
    free(xml);
}

static void test_random_flips(void)
{
    MI_Instance *out = NULL;
    mimodel_instance_new("X_OUTPUT", &out);
    MI_Value v;
    v.uint32 = 7;
    MI_Instance_AddElement(out, "ReturnValue", &v, MI_UINT32, 0);
    MI_Instance *ref = NULL;
    mimodel_instance_new("CIM_Y", &ref);
    v.string = (MI_Char *)"k";
    MI_Instance_AddElement(ref, "Name", &v, MI_STRING, 0);
    v.reference = ref;
    MI_Instance_AddElement(out, "R", &v, MI_REFERENCE, 0);
    MI_Instance_Delete(ref);
    wsman_invoke_response r;
    memset(&r, 0, sizeof r);
    r.resource_uri = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/X";
    r.method = "M";
    r.typed = 1;
    r.outputs = out;
    char *xml;
    size_t len;
    CU_ASSERT_EQUAL_FATAL(wsman_write_invoke_response(&r, &xml, &len, NULL), 0);
    MI_Instance_Delete(out);
    srand(1124);
    int rounds = cutest_under_valgrind() ? 300 : 3000;
    char *copy = malloc(len);
    static const char pool[] = "<>/&;:\"'= \x80\xff\0ax";
    for (int i = 0; i < rounds; i++) {
        memcpy(copy, xml, len);
        int flips = 1 + rand() % 4;
        for (int k = 0; k < flips; k++)
            copy[rand() % len] = pool[rand() % (sizeof pool - 1)];
        wsman_error err;
        wsman_envelope *env = wsman_envelope_parse(copy, len, NULL, &err);
        if (env == NULL) CU_ASSERT_TRUE(err.message[0] != '\0');
        wsman_envelope_free(env);
    }
    free(copy);
    free(xml);
}

static void *parse_many(void *arg)
{
    const char *xml = arg;
    for (int i = 0; i < 200; i++) {
        wsman_envelope *env = wsman_envelope_parse(xml, strlen(xml), NULL, NULL);
        if (env == NULL) return (void *)1;
        wsman_envelope_free(env);
        wsman_error err;
        if (wsman_envelope_parse(billion_laughs, strlen(billion_laughs), NULL, &err) != NULL ||
            err.status != WSMAN_E_XML)
            return (void *)1;
    }
    return NULL;
}

static void test_threads(void)
{
    char *xml;
    size_t len;
    wsman_event_spec sp;
    memset(&sp, 0, sizeof sp);
    sp.type = WSMAN_EVENT_WARNING;
    sp.description = "w";
    CU_ASSERT_EQUAL_FATAL(wsman_write_event(&sp, &xml, &len, NULL), 0);
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, parse_many, xml);
    for (int i = 0; i < 4; i++) {
        void *rc = NULL;
        pthread_join(t[i], &rc);
        CU_ASSERT_PTR_NULL(rc);
    }
    free(xml);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"corpus", test_corpus},
        {"where", test_where},
        {"depth_limits", test_depth_limits},
        {"size_limit", test_size_limit},
        {"every_prefix", test_every_prefix},
        {"random_flips", test_random_flips},
        {"threads", test_threads},
        {NULL, NULL},
    };
    return cutest_run("test_wsman_malformed", cases, argc, argv);
}

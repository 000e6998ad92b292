/*
 * test_wsman_stream.c - the incremental reader of a stream of envelopes: fed whole, one byte at
 * a time and in random slices (seeded), with separators and XML declarations between
 * envelopes; each envelope delivered when its closing tag arrives; truncation, garbage and a
 * callback that stops; many envelopes without memory growth.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/support/cutest.h"
#include "tests/wsman_test_util.h"

#define DMTF "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"

typedef struct seen {
    size_t n;
    int64_t last_seq;
    int in_order;
    int final_seen;
    size_t stop_after; /* 0: never stop */
} seen;

static int on_env(wsman_envelope *env, void *ctx)
{
    seen *s = ctx;
    s->n++;
    if (env->body_kind == WSMAN_BODY_INTERACTIVE_EVENT) {
        if (env->sequence_id != s->last_seq + 1) s->in_order = 0;
        s->last_seq = env->sequence_id;
        MI_Value *v = &env->event.value;
        if (env->event.value_type != MI_UINT32 || v->uint32 != (MI_Uint32)env->sequence_id * 10)
            s->in_order = 0;
    } else if (env->body_kind == WSMAN_BODY_OUTPUT) {
        s->final_seen = 1;
    }
    wsman_envelope_free(env);
    return (s->stop_after && s->n == s->stop_after) ? 7 : 0;
}

/* n streamed events then the final _OUTPUT, separated by `sep`. */
static char *make_stream(int n, const char *sep, size_t *len_out)
{
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    for (int i = 0; i <= n; i++) {
        char *xml = NULL;
        size_t len1 = 0;
        if (i < n) {
            wsman_event_spec sp;
            memset(&sp, 0, sizeof sp);
            sp.type = WSMAN_EVENT_STREAMING_OUTPUT;
            sp.resource_uri = DMTF "Demo";
            sp.operation_id = "uuid:op";
            sp.sequence_id = i + 1;
            sp.name = "Items";
            sp.value_type = MI_UINT32;
            MI_Value v;
            v.uint32 = (MI_Uint32)(i + 1) * 10;
            sp.value = &v;
            sp.typed = i % 2;
            CU_ASSERT_EQUAL_FATAL(wsman_write_event(&sp, &xml, &len1, NULL), 0);
        } else {
            wsman_invoke_response r;
            memset(&r, 0, sizeof r);
            r.resource_uri = DMTF "Demo";
            r.method = "Go";
            CU_ASSERT_EQUAL_FATAL(wsman_write_invoke_response(&r, &xml, &len1, NULL), 0);
        }
        size_t seplen = strlen(sep);
        while (len + len1 + seplen + 1 > cap) buf = realloc(buf, cap *= 2);
        memcpy(buf + len, xml, len1);
        len += len1;
        memcpy(buf + len, sep, seplen);
        len += seplen;
        free(xml);
    }
    buf[len] = '\0';
    *len_out = len;
    return buf;
}

static void check_whole(const char *data, size_t len, size_t (*slice)(size_t left),
                        int expect_n)
{
    seen s = {0, 0, 1, 0, 0};
    wsman_error err;
    wsman_stream *st = wsman_stream_new(NULL, on_env, &s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    size_t off = 0;
    while (off < len) {
        size_t n = slice(len - off);
        int rc = wsman_stream_feed(st, data + off, n, &err);
        CU_ASSERT_EQUAL(rc, 0);
        if (rc != 0) {
            fprintf(stderr, "feed at %zu: %s (line %d col %d)\n", off, err.message, err.line,
                    err.column);
            break;
        }
        off += n;
    }
    CU_ASSERT_EQUAL(wsman_stream_finish(st, &err), 0);
    CU_ASSERT_EQUAL(s.n, (size_t)expect_n + 1);
    CU_ASSERT_EQUAL(wsman_stream_count(st), (size_t)expect_n + 1);
    CU_ASSERT_TRUE(s.in_order);
    CU_ASSERT_TRUE(s.final_seen);
    CU_ASSERT_EQUAL(s.last_seq, expect_n);
    wsman_stream_free(st);
}

static size_t whole(size_t left) { return left; }
static size_t one_byte(size_t left) { (void)left; return 1; }
static size_t random_slice(size_t left)
{
    size_t n = 1 + (size_t)(rand() % 300);
    return n < left ? n : left;
}

static void test_whole_buffer(void)
{
    size_t len;
    char *data = make_stream(5, "", &len);
    check_whole(data, len, whole, 5);
    free(data);
}

static void test_one_byte_at_a_time(void)
{
    static const char *seps[] = {"", "\r\n", "\n\n  \t"};
    for (size_t i = 0; i < 3; i++) {
        size_t len;
        char *data = make_stream(4, seps[i], &len);
        check_whole(data, len, one_byte, 4);
        free(data);
    }
}

static void test_random_slices(void)
{
    srand(20261124);
    for (int round = 0; round < 20; round++) {
        size_t len;
        char *data = make_stream(3 + round % 5, round % 2 ? "\n" : "", &len);
        check_whole(data, len, random_slice, 3 + round % 5);
        free(data);
    }
}

/* Delivered as soon as the closing tag arrives: not one byte later. */
static void test_delivery_is_immediate(void)
{
    size_t len;
    char *data = make_stream(1, "", &len);
    const char *end = strstr(data, "</s:Envelope>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(end);
    size_t first_len = (size_t)(end - data) + strlen("</s:Envelope>");
    seen s = {0, 0, 1, 0, 0};
    wsman_stream *st = wsman_stream_new(NULL, on_env, &s);
    CU_ASSERT_EQUAL(wsman_stream_feed(st, data, first_len - 1, NULL), 0);
    CU_ASSERT_EQUAL(s.n, 0u);
    CU_ASSERT_EQUAL(wsman_stream_feed(st, data + first_len - 1, 1, NULL), 0);
    CU_ASSERT_EQUAL(s.n, 1u);
    CU_ASSERT_EQUAL(wsman_stream_feed(st, data + first_len, len - first_len, NULL), 0);
    CU_ASSERT_EQUAL(s.n, 2u);
    CU_ASSERT_EQUAL(wsman_stream_finish(st, NULL), 0);
    wsman_stream_free(st);
    free(data);
}

static void test_callback_stops(void)
{
    size_t len;
    char *data = make_stream(5, "", &len);
    seen s = {0, 0, 1, 0, 2};
    wsman_stream *st = wsman_stream_new(NULL, on_env, &s);
    CU_ASSERT_EQUAL(wsman_stream_feed(st, data, len, NULL), 7);
    CU_ASSERT_EQUAL(s.n, 2u);
    wsman_stream_free(st);
    free(data);
}

static void test_truncated_and_garbage(void)
{
    size_t len;
    char *data = make_stream(2, "", &len);
    seen s = {0, 0, 1, 0, 0};
    wsman_error err;
    wsman_stream *st = wsman_stream_new(NULL, on_env, &s);
    CU_ASSERT_EQUAL(wsman_stream_feed(st, data, len - 10, &err), 0);
    CU_ASSERT_EQUAL(wsman_stream_finish(st, &err), -1);
    CU_ASSERT_EQUAL(err.status, WSMAN_E_XML);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "stream ends inside envelope 3"));
    CU_ASSERT_EQUAL(s.n, 2u);
    wsman_stream_free(st);

    /* Garbage after a good envelope: an error naming the envelope; the stream stays broken. */
    memset(&s, 0, sizeof s);
    st = wsman_stream_new(NULL, on_env, &s);
    const char *end = strstr(data, "</s:Envelope>") + strlen("</s:Envelope>");
    CU_ASSERT_EQUAL(wsman_stream_feed(st, data, (size_t)(end - data), &err), 0);
    CU_ASSERT_EQUAL(wsman_stream_feed(st, "garbage<", 8, &err), -1);
    CU_ASSERT_EQUAL(err.status, WSMAN_E_XML);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "envelope 2"));
    CU_ASSERT_EQUAL(wsman_stream_feed(st, data, len, &err), -1);
    CU_ASSERT_EQUAL(wsman_stream_finish(st, &err), -1);
    wsman_stream_free(st);

    /* A well-formed document that is not an envelope. */
    memset(&s, 0, sizeof s);
    st = wsman_stream_new(NULL, on_env, &s);
    CU_ASSERT_EQUAL(wsman_stream_feed(st, "<html><body/></html>", 20, &err), -1);
    CU_ASSERT_EQUAL(err.status, WSMAN_E_ENVELOPE);
    wsman_stream_free(st);

    /* Per-envelope size cap. */
    wsman_limits lim = {200, 0};
    st = wsman_stream_new(&lim, on_env, &s);
    CU_ASSERT_EQUAL(wsman_stream_feed(st, data, len, &err), -1);
    CU_ASSERT_EQUAL(err.status, WSMAN_E_LIMIT);
    wsman_stream_free(st);
    CU_ASSERT_PTR_NULL(wsman_stream_new(NULL, NULL, NULL));
    free(data);
}

/* Many envelopes through one reader: all delivered in order (memory is per envelope; under
 * valgrind a leak per envelope would show). */
static void test_many_envelopes(void)
{
    int n = cutest_under_valgrind() ? 200 : 3000;
    size_t len;
    char *data = make_stream(n, "\n", &len);
    check_whole(data, len, random_slice, n);
    free(data);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"whole_buffer", test_whole_buffer},
        {"one_byte_at_a_time", test_one_byte_at_a_time},
        {"random_slices", test_random_slices},
        {"delivery_is_immediate", test_delivery_is_immediate},
        {"callback_stops", test_callback_stops},
        {"truncated_and_garbage", test_truncated_and_garbage},
        {"many_envelopes", test_many_envelopes},
        {NULL, NULL},
    };
    return cutest_run("test_wsman_stream", cases, argc, argv);
}

/*
 * fuzz_stream - libFuzzer target for the incremental stream reader (wsman_stream_new, feed,
 * finish). The reader must give the same envelopes however the bytes are cut into chunks, so
 * the fuzzer chooses the cuts too: the input's first byte is the number of cuts (0-15), the
 * next two bytes per cut their offsets; the rest is the stream. A further byte chooses after
 * how many envelopes the callback asks to stop, to reach the early-stop path.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "wsman/wsman.h"

/* The entry point; the regression test (tests/test_inject_regress.c) calls it too. */
int inject_fuzz_stream_one(const uint8_t *data, size_t size);

#define INJECT_FUZZ_STREAM_MAX_CUTS 15

static const wsman_limits inject_fuzz_stream_limits = { 65536, 64 };

typedef struct inject_fuzz_stream_ctx {
    size_t seen;
    size_t stop_after; /* 0: never stop */
} inject_fuzz_stream_ctx;

static int inject_fuzz_stream_on_envelope(wsman_envelope *env, void *ctx)
{
    inject_fuzz_stream_ctx *x = ctx;
    char *method = wsman_envelope_method(env);
    free(method);
    wsman_envelope_free(env);
    x->seen++;
    return x->stop_after && x->seen >= x->stop_after ? 7 : 0;
}

static int inject_fuzz_stream_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

int inject_fuzz_stream_one(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    size_t n_cuts = data[0] % (INJECT_FUZZ_STREAM_MAX_CUTS + 1);
    inject_fuzz_stream_ctx ctx = { 0, data[1] % 4 };
    size_t head = 2 + 2 * n_cuts;
    if (size < head) return 0;
    const char *body = (const char *)data + head;
    size_t len = size - head;
    size_t cuts[INJECT_FUZZ_STREAM_MAX_CUTS + 1];
    for (size_t i = 0; i < n_cuts; i++) {
        size_t off = (size_t)data[2 + 2 * i] | ((size_t)data[3 + 2 * i] << 8);
        cuts[i] = len ? off % (len + 1) : 0;
    }
    qsort(cuts, n_cuts, sizeof cuts[0], inject_fuzz_stream_cmp);
    cuts[n_cuts] = len;

    wsman_stream *s = wsman_stream_new(&inject_fuzz_stream_limits, inject_fuzz_stream_on_envelope, &ctx);
    if (!s) return 0;
    wsman_error err;
    size_t at = 0;
    int rc = 0;
    for (size_t i = 0; i <= n_cuts && rc == 0; i++) {
        rc = wsman_stream_feed(s, body + at, cuts[i] - at, &err);
        at = cuts[i];
    }
    if (rc == 0) (void)wsman_stream_finish(s, &err);
    (void)wsman_stream_count(s);
    wsman_stream_free(s);
    return 0;
}

#ifndef INJECT_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return inject_fuzz_stream_one(data, size);
}
#endif

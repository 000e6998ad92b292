/*
 * test_mock_net.c - net injection's plans (mock_server/mock_net.c): the same seed gives the
 * same perturbation of every request whatever the order they are asked in, every kind of
 * perturbation happens, and each kind's effect on the bytes stays within the answer.
 */
#include <stdlib.h>
#include <string.h>

#include "mock_server/mock_int.h"
#include "tests/support/cutest.h"

#define N_REQUESTS 2000u

static int same_plan(const mock_net_plan *a, const mock_net_plan *b)
{
    return a->kind == b->kind && a->rng == b->rng && a->delay_ms == b->delay_ms &&
           a->slice == b->slice && a->pause_ms == b->pause_ms && a->chunk_at == b->chunk_at;
}

static void test_same_seed_same_plans(void)
{
    /* Asked forwards, then backwards: a plan depends on (seed, request) only. */
    mock_net_plan *fwd = calloc(N_REQUESTS + 1, sizeof *fwd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fwd);
    for (unsigned r = 1; r <= N_REQUESTS; r++) mock_net_plan_for(42, r, &fwd[r]);
    for (unsigned r = N_REQUESTS; r >= 1; r--) {
        mock_net_plan again;
        mock_net_plan_for(42, r, &again);
        CU_ASSERT_TRUE(same_plan(&again, &fwd[r]));
    }
    unsigned differ = 0;
    for (unsigned r = 1; r <= N_REQUESTS; r++) {
        mock_net_plan other;
        mock_net_plan_for(43, r, &other);
        differ += other.kind != fwd[r].kind;
    }
    CU_ASSERT_TRUE(differ > N_REQUESTS / 4); /* another seed, other perturbations */
    free(fwd);
}

static void test_every_kind_happens(void)
{
    unsigned seen[MOCK_NET_KINDS] = {0};
    for (unsigned r = 1; r <= N_REQUESTS; r++) {
        mock_net_plan p;
        mock_net_plan_for(7, r, &p);
        CU_ASSERT_TRUE_FATAL((unsigned)p.kind < MOCK_NET_KINDS);
        seen[p.kind]++;
        if (p.kind == MOCK_NET_DELAY) CU_ASSERT_TRUE(p.delay_ms >= 1 && p.delay_ms <= 250);
        if (p.kind == MOCK_NET_SLOW) CU_ASSERT_TRUE(p.slice >= 1 && p.pause_ms >= 1);
    }
    for (unsigned k = 0; k < MOCK_NET_KINDS; k++) {
        if (seen[k] == 0) fprintf(stderr, "kind %s never drawn\n", mock_net_kind_name((mock_net_kind)k));
        CU_ASSERT_TRUE(seen[k] > N_REQUESTS / 50);
    }
    CU_ASSERT_STRING_EQUAL(mock_net_kind_name(MOCK_NET_DROP_CHUNK), "missing-chunk");
}

static void test_offsets_and_garbage_stay_inside(void)
{
    mock_net_plan p;
    mock_net_plan_for(1, 1, &p);
    CU_ASSERT_EQUAL(mock_net_offset(&p, 0), 0u);
    for (int i = 0; i < 1000; i++) CU_ASSERT_TRUE(mock_net_offset(&p, 17) < 17);
    char text[64], orig[64];
    memset(text, 'a', sizeof text);
    memcpy(orig, text, sizeof text);
    mock_net_garble(&p, text, 32); /* only the first 32 bytes are the answer */
    CU_ASSERT_EQUAL(memcmp(text + 32, orig + 32, 32), 0);
    size_t changed = 0;
    for (size_t i = 0; i < 32; i++) {
        if (text[i] == orig[i]) continue;
        changed++;
        unsigned char b = (unsigned char)text[i];
        CU_ASSERT_TRUE(b < 0x20 || b >= 0x80); /* never printable ASCII */
    }
    CU_ASSERT_TRUE(changed >= 1);
}

static void test_chunk_actions(void)
{
    mock_net_plan p;
    memset(&p, 0, sizeof p);
    p.kind = MOCK_NET_DUP_CHUNK;
    p.chunk_at = 2;
    CU_ASSERT_EQUAL(mock_net_chunk_decide(&p, 0), MOCK_NET_CHUNK_KEEP);
    CU_ASSERT_EQUAL(mock_net_chunk_decide(&p, 2), MOCK_NET_CHUNK_TWICE);
    p.kind = MOCK_NET_DROP_CHUNK;
    CU_ASSERT_EQUAL(mock_net_chunk_decide(&p, 2), MOCK_NET_CHUNK_DROP);
    p.kind = MOCK_NET_TRUNCATE;
    CU_ASSERT_EQUAL(mock_net_chunk_decide(&p, 2), MOCK_NET_CHUNK_KEEP);

    /* Applied to a run's chunks: the third chunk doubled, the others untouched. */
    mock_run run;
    memset(&run, 0, sizeof run);
    run.net_active = 1;
    run.net.kind = MOCK_NET_DUP_CHUNK;
    run.net.chunk_at = 2;
    for (unsigned i = 0; i < 4; i++) {
        mock_emit e = {MOCK_EMIT_CHUNK, 200, strdup("<e/>"), 4, NULL, 0};
        CU_ASSERT_PTR_NOT_NULL_FATAL(e.data);
        mock_net_chunk(&run, &e);
        CU_ASSERT_EQUAL(e.len, i == 2 ? 8u : 4u);
        if (i == 2) CU_ASSERT_EQUAL(memcmp(e.data, "<e/><e/>", 8), 0);
        free(e.data);
    }
    run.net.kind = MOCK_NET_DROP_CHUNK;
    run.net_chunks = 0;
    for (unsigned i = 0; i < 4; i++) {
        mock_emit e = {MOCK_EMIT_CHUNK, 200, strdup("<e/>"), 4, NULL, 0};
        mock_net_chunk(&run, &e);
        CU_ASSERT_EQUAL(e.len, i == 2 ? 0u : 4u);
        free(e.data);
    }
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"same_seed_same_plans", test_same_seed_same_plans},
        {"every_kind_happens", test_every_kind_happens},
        {"offsets_and_garbage_stay_inside", test_offsets_and_garbage_stay_inside},
        {"chunk_actions", test_chunk_actions},
        {NULL, NULL},
    };
    return cutest_run("test_mock_net", cases, argc, argv);
}

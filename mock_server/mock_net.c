/*
 * mock_net - network fault injection. With config->net_inject the server perturbs its answers:
 * late answers, connections reset without an answer, answers dribbled out in slow slices,
 * answers cut at a random offset, streamed chunks sent twice or not at all, garbage bytes.
 *
 * Reproducible: each request gets its own PRNG (splitmix64) seeded from the run's seed and the
 * request's number, so the same seed perturbs request N the same way whatever else the server
 * did meanwhile (a Cancel on a second connection, another case under -j). mock_net_perturb and
 * mock_net_chunk are the only places where answers get changed.
 */
#include <stdlib.h>
#include <string.h>

#include "mock_server/mock_int.h"

/* How often each kind is drawn, out of MOCK_NET_WEIGHT_TOTAL: about half of the answers go
 * through untouched, so a case still gets far enough to meet the next perturbation. */
static const unsigned kind_weight[MOCK_NET_KINDS] = {
    [MOCK_NET_NONE] = 40,     [MOCK_NET_DELAY] = 10,      [MOCK_NET_RESET] = 8,
    [MOCK_NET_SLOW] = 8,      [MOCK_NET_TRUNCATE] = 10,   [MOCK_NET_GARBAGE] = 8,
    [MOCK_NET_DUP_CHUNK] = 8, [MOCK_NET_DROP_CHUNK] = 8,
};
#define MOCK_NET_WEIGHT_TOTAL 100u

#define MOCK_NET_MAX_DELAY_MS 250u
#define MOCK_NET_MAX_SLICE 64u
#define MOCK_NET_MAX_PAUSE_MS 20u
#define MOCK_NET_MAX_SLOW_PAUSES 50u
#define MOCK_NET_MAX_CHUNK 4u      /* DUP/DROP hit one of the first few streamed chunks */
#define MOCK_NET_MAX_GARBAGE 16u   /* bytes overwritten */
/* A stream's final envelope is not built yet when the plan is applied: a cut somewhere in its
 * first few KiB (no cut when it is shorter). */
#define MOCK_NET_STREAM_FINAL_GUESS 4096u

const char *mock_net_kind_name(mock_net_kind kind)
{
    static const char *const names[MOCK_NET_KINDS] = {
        "none", "delay", "reset", "slow", "truncate", "garbage", "duplicate-chunk",
        "missing-chunk",
    };
    return (unsigned)kind < MOCK_NET_KINDS ? names[kind] : "?";
}

uint64_t mock_net_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* The server-wide sequence (kept for callers that want a number, not a plan). */
uint64_t mock_net_next(mock_server *srv)
{
    pthread_mutex_lock(&srv->net_mu);
    uint64_t r = mock_net_rand(&srv->net_state);
    pthread_mutex_unlock(&srv->net_mu);
    return r;
}

static mock_net_kind draw_kind(uint64_t r)
{
    unsigned pick = (unsigned)(r % MOCK_NET_WEIGHT_TOTAL), acc = 0;
    for (unsigned k = 0; k < MOCK_NET_KINDS; k++) {
        acc += kind_weight[k];
        if (pick < acc) return (mock_net_kind)k;
    }
    return MOCK_NET_NONE;
}

void mock_net_plan_for(uint64_t seed, unsigned request, mock_net_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    /* Mixing the request number through one round keeps neighbouring requests unrelated. */
    uint64_t mix = seed ^ ((uint64_t)request * 0xD1B54A32D192ED03ull);
    plan->rng = mock_net_rand(&mix);
    plan->kind = draw_kind(mock_net_rand(&plan->rng));
    uint64_t r = mock_net_rand(&plan->rng);
    switch (plan->kind) {
    case MOCK_NET_DELAY: plan->delay_ms = 1 + (unsigned)(r % MOCK_NET_MAX_DELAY_MS); break;
    case MOCK_NET_SLOW:
        plan->slice = 1 + (unsigned)(r % MOCK_NET_MAX_SLICE);
        plan->pause_ms = 1 + (unsigned)((r >> 16) % MOCK_NET_MAX_PAUSE_MS);
        break;
    case MOCK_NET_DUP_CHUNK:
    case MOCK_NET_DROP_CHUNK: plan->chunk_at = (unsigned)(r % MOCK_NET_MAX_CHUNK); break;
    default: break;
    }
}

size_t mock_net_offset(mock_net_plan *plan, size_t len)
{
    return len == 0 ? 0 : (size_t)(mock_net_rand(&plan->rng) % len);
}

void mock_net_garble(mock_net_plan *plan, char *data, size_t len)
{
    if (len == 0) return;
    size_t at = mock_net_offset(plan, len);
    size_t n = 1 + (size_t)(mock_net_rand(&plan->rng) % MOCK_NET_MAX_GARBAGE);
    for (size_t i = at; i < len && i < at + n; i++) {
        /* Never a byte that leaves the text valid XML by chance: controls and high bytes. */
        unsigned char b = (unsigned char)(mock_net_rand(&plan->rng) & 0xff);
        data[i] = (char)(b < 0x20 || b >= 0x80 ? (b | 0x01) : (b | 0x80));
    }
}

mock_net_chunk_action mock_net_chunk_decide(const mock_net_plan *plan, unsigned chunk_index)
{
    if (chunk_index != plan->chunk_at) return MOCK_NET_CHUNK_KEEP;
    if (plan->kind == MOCK_NET_DUP_CHUNK) return MOCK_NET_CHUNK_TWICE;
    if (plan->kind == MOCK_NET_DROP_CHUNK) return MOCK_NET_CHUNK_DROP;
    return MOCK_NET_CHUNK_KEEP;
}

/* ---------------------------------------------------------------- applied to a run */

static void make_reset(mock_emit *e)
{
    free(e->data);
    e->data = NULL;
    e->len = 0;
    e->kind = MOCK_EMIT_CLOSE; /* the HTTP layer closes the connection without an answer */
}

void mock_net_perturb(mock_server *srv, mock_run *run, mock_emit *e, unsigned *delay_ms)
{
    *delay_ms = 0;
    if (!srv->cfg.net_inject || run == NULL) return;
    mock_net_plan_for(srv->cfg.net_seed, run->request, &run->net);
    run->net_active = 1;
    mock_net_plan *p = &run->net;
    switch (p->kind) {
    case MOCK_NET_DELAY: *delay_ms = p->delay_ms; break;
    case MOCK_NET_RESET: make_reset(e); break;
    case MOCK_NET_SLOW:
        run->slice = p->slice;
        run->pause_ms = p->pause_ms;
        /* Random slowness must stay slowness: a 1-byte slice with 20 ms pauses over a 900-byte
         * answer would take 18 s, which a client without a timeout rightly waits out and the
         * harness's watchdog then calls a hang. A budget of pauses bounds it near 1 s; after
         * it the rest of the answer goes out at full speed. */
        run->slow_pauses = MOCK_NET_MAX_SLOW_PAUSES;
        break;
    case MOCK_NET_TRUNCATE: /* the final answer, now or after a stream's chunks */
        if (!run->has_truncate) {
            run->has_truncate = 1;
            run->truncate_at = e->kind == MOCK_EMIT_FINAL && e->len > 0
                                   ? mock_net_offset(p, e->len)
                                   : mock_net_offset(p, MOCK_NET_STREAM_FINAL_GUESS);
        }
        break;
    case MOCK_NET_GARBAGE: mock_net_garble(p, e->data, e->data ? e->len : 0); break;
    default: break;
    }
}

void mock_net_chunk(mock_run *run, mock_emit *e)
{
    if (!run->net_active || e->kind != MOCK_EMIT_CHUNK || e->data == NULL) return;
    switch (mock_net_chunk_decide(&run->net, run->net_chunks++)) {
    case MOCK_NET_CHUNK_DROP: e->len = 0; break;
    case MOCK_NET_CHUNK_TWICE: {
        char *twice = realloc(e->data, 2 * e->len);
        if (twice == NULL) break; /* out of memory: sent once */
        memcpy(twice + e->len, twice, e->len);
        e->data = twice;
        e->len *= 2;
        break;
    }
    default: break;
    }
}

/*
 * mock_net - network fault injection. With config->net_inject the server perturbs answers from a
 * seeded PRNG (splitmix64), so a run with the same seed and the same request order perturbs the
 * same answers the same way. mock_net_perturb is the one place where answers get changed; the
 * full set of perturbations comes later, today: a random delay, or the answer cut short.
 */
#include <string.h>

#include "mock_server/mock_int.h"

uint64_t mock_net_next(mock_server *srv)
{
    pthread_mutex_lock(&srv->net_mu);
    uint64_t z = (srv->net_state += 0x9E3779B97F4A7C15ull);
    pthread_mutex_unlock(&srv->net_mu);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void mock_net_perturb(mock_server *srv, mock_run *run, mock_emit *e, unsigned *delay_ms)
{
    *delay_ms = 0;
    if (!srv->cfg.net_inject || e->kind != MOCK_EMIT_FINAL || e->len == 0) return;
    uint64_t r = mock_net_next(srv);
    switch (r % 8) {
    case 0: /* a late answer: up to 250 ms */
        *delay_ms = (unsigned)((r >> 8) % 250);
        break;
    case 1: /* the connection breaks inside the answer */
        if (run != NULL && !run->has_truncate) {
            run->has_truncate = 1;
            run->truncate_at = (r >> 8) % e->len;
        }
        break;
    default: /* most answers go through untouched */
        break;
    }
}

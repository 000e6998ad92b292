/*
 * mock_wait - every pause a behaviour makes (delay, hang, stream interval, waiting for an
 * InteractiveResponse, slow slices) goes through here, so a client that leaves, a Cancel, and
 * the server stopping all end it at once: poll() on the connection's socket for the peer's
 * close (POLLRDHUP) and on the run's eventfd for wakeups. No sleeping in slices.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "mock_server/mock_int.h"

void mock_wait_wake(mock_run *run)
{
    uint64_t one = 1;
    if (run->wake_fd >= 0 && write(run->wake_fd, &one, sizeof one) < 0) {
        /* the counter is saturated: a wakeup is pending anyway */
    }
}

static mock_wait_result why_woken(mock_run *run)
{
    if (atomic_load(&run->srv->stopping)) return MOCK_WAIT_STOPPING;
    if (atomic_load(&run->cancelled)) return MOCK_WAIT_CANCELLED;
    return MOCK_WAIT_WOKEN;
}

mock_wait_result mock_wait(mock_run *run, int64_t ms)
{
    uint64_t deadline = ms >= 0 ? mock_now_us() + (uint64_t)ms * 1000u : 0;
    for (;;) {
        if (atomic_load(&run->srv->stopping)) return MOCK_WAIT_STOPPING;
        if (atomic_load(&run->cancelled)) return MOCK_WAIT_CANCELLED;
        int timeout = -1;
        if (ms >= 0) {
            uint64_t now = mock_now_us();
            if (now >= deadline) return MOCK_WAIT_TIMEOUT;
            timeout = (int)((deadline - now + 999) / 1000);
        }
        struct pollfd fds[2] = {
            {.fd = run->conn->fd, .events = POLLRDHUP},
            {.fd = run->wake_fd, .events = POLLIN},
        };
        int n = poll(fds, 2, timeout);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return MOCK_WAIT_GONE;
        if (fds[0].revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) return MOCK_WAIT_GONE;
        if (fds[1].revents & POLLIN) {
            uint64_t v;
            if (read(run->wake_fd, &v, sizeof v) < 0) { /* drained by another reader */ }
            return why_woken(run);
        }
    }
}

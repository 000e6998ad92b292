/*
 * interrupt - the stop request of SIGINT/SIGTERM, as a flag and a self-pipe (a poll()ing
 * supervisor wakes at once, whichever thread the signal landed on).
 */
#include "harness/interrupt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_signal;
static int stop_pipe[2] = {-1, -1};

static void on_stop(int sig)
{
    int saved = errno;
    if (stop_signal == 0) {
        stop_signal = sig;
        (void)!write(stop_pipe[1], "x", 1);
    }
    errno = saved;
}

int conform_interrupt_install(void)
{
    if (stop_pipe[0] >= 0) return 0;
    if (pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    return 0;
}

int conform_interrupt_signal(void)
{
    return stop_signal;
}

int conform_interrupt_fd(void)
{
    return stop_pipe[0];
}

void conform_interrupt_clear(void)
{
    char buf[16];
    while (stop_pipe[0] >= 0 && read(stop_pipe[0], buf, sizeof buf) > 0) continue;
    stop_signal = 0;
}

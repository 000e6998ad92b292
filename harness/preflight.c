/*
 * preflight - before any case runs, one child loads the implementation and initialises an
 * application. A library that cannot start then stops the run with one line and exit 2,
 * instead of running every case to "no final result" with the cause buried in a transcript.
 * The probe runs in a child for the same reason every case does: loading a library runs its
 * constructors, which may crash or hang.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/case_model.h"
#include "harness/child_args.h"
#include "harness/conform.h"
#include "harness/trace.h"

#define PREFLIGHT_MS 10000 /* load + Initialize + Close: an answer, not a speed target */

static pid_t start_probe(const char *self_exe, const char *impl, int *out_fd)
{
    conform_child_argv argv = {0};
    conform_child_args args = {0};
    args.impl = impl;
    conform_child_args_write(&argv, self_exe, CONFORM_CHILD_PROBE, &args);
    int p[2];
    if (pipe(p) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(p[1], STDOUT_FILENO);
        dup2(p[1], STDERR_FILENO);
        close(p[0]);
        close(p[1]);
        execv(self_exe, argv.v);
        _exit(127);
    }
    close(p[1]);
    *out_fd = p[0];
    return pid;
}

/* Reads the child's output until it closes its end or the deadline passes (returns -1). */
static int read_until(int fd, char *buf, size_t cap, uint64_t deadline_us)
{
    size_t len = 0;
    for (;;) {
        uint64_t now = conform_trace_now_us();
        if (now >= deadline_us) return -1;
        struct pollfd pf = {fd, POLLIN, 0};
        int r = poll(&pf, 1, (int)((deadline_us - now) / 1000) + 1);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) continue;
        char tmp[512];
        ssize_t n = read(fd, tmp, sizeof tmp);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return 0;
        size_t take = (size_t)n < cap - 1 - len ? (size_t)n : cap - 1 - len;
        memcpy(buf + len, tmp, take);
        len += take;
        buf[len] = '\0';
    }
}

/* The probe's verdict line: the last line starting with "ok" or "error: ". */
static const char *verdict_line(const char *out)
{
    const char *found = NULL;
    for (const char *line = out; line && *line;
         line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (strncmp(line, "ok", 2) == 0 || strncmp(line, "error: ", 7) == 0) found = line;
    return found;
}

int conform_preflight_check(const char *self_exe, const char *impl, double timeout_scale,
                            char *why, size_t why_len)
{
    int fd = -1;
    pid_t pid = start_probe(self_exe, impl, &fd);
    if (pid < 0) {
        snprintf(why, why_len, "cannot start the probe: %s", strerror(errno));
        return -1;
    }
    char out[4096] = "";
    double scale = conform_factor(timeout_scale);
    uint64_t deadline = conform_trace_now_us() + (uint64_t)(PREFLIGHT_MS * 1000.0 * scale);
    int timed_out = read_until(fd, out, sizeof out, deadline) != 0;
    close(fd);
    if (timed_out) kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    const char *v = verdict_line(out);
    if (timed_out) {
        snprintf(why, why_len, "loading and initialising it took more than %.0f s",
                 PREFLIGHT_MS * scale / 1000.0);
        return -1;
    }
    if (WIFSIGNALED(status)) {
        snprintf(why, why_len, "it crashed while loading or initialising (signal %d, %s)",
                 WTERMSIG(status), strsignal(WTERMSIG(status)));
        return -1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && v != NULL && strncmp(v, "ok", 2) == 0)
        return 0;
    if (v != NULL && strncmp(v, "error: ", 7) == 0) {
        snprintf(why, why_len, "%.*s", (int)strcspn(v + 7, "\n"), v + 7);
        return -1;
    }
    snprintf(why, why_len, "the probe exited with status %d and said nothing",
             WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return -1;
}

/*
 * child - starting, watching and reaping a case's child process.
 *
 * The child runs in its own process group so that the watchdog also kills what it started
 * (valgrind's helpers). The trace is read with poll() and a deadline computed from the calls
 * in progress: every API call is bracketed by "enter"/"leave" lines, so the oldest unreturned
 * "enter" is what hangs.
 */
#include "harness/child.h"
#include "harness/child_args.h"
#include "harness/interrupt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define STDERR_CAP (64 * 1024)

/* Moves fd above the range the child's dup2 targets use, close-on-exec. */
static int high_fd(int fd)
{
    int h = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    close(fd);
    return h;
}

static int make_channels(int trace[2], int errp[2], int sig[2])
{
    int rc = pipe2(trace, O_CLOEXEC) | pipe2(errp, O_CLOEXEC) |
             socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sig);
    if (rc != 0) return -1;
    for (int i = 0; i < 2; i++) {
        trace[i] = high_fd(trace[i]);
        errp[i] = high_fd(errp[i]);
        sig[i] = high_fd(sig[i]);
    }
    return (trace[0] < 0 || trace[1] < 0 || errp[0] < 0 || errp[1] < 0 || sig[0] < 0 ||
            sig[1] < 0) ? -1 : 0;
}

/* 1 when `entry` ("NAME=..." or "NAME") sets a NAME that one of extra also sets. */
static int overridden(const char *entry, const char *const *extra)
{
    size_t len = strcspn(entry, "=");
    for (; extra != NULL && *extra != NULL; extra++)
        if (strncmp(*extra, entry, len) == 0 && (*extra)[len] == '=') return 1;
    return 0;
}

/* environ with extra appended and our entries of the same names left out, so the extra
 * ones win whatever getenv's search order. Only the pointer array is allocated; NULL when
 * out of memory. -j workers call this side by side: environ is only read. */
static char **child_environment(const char *const *extra)
{
    size_t n = 0, k = 0;
    for (char **e = environ; *e != NULL; e++) n++;
    for (const char *const *x = extra; x != NULL && *x != NULL; x++) n++;
    char **envp = calloc(n + 1, sizeof *envp);
    if (envp == NULL) return NULL;
    for (char **e = environ; *e != NULL; e++)
        if (!overridden(*e, extra)) envp[k++] = *e;
    for (const char *const *x = extra; x != NULL && *x != NULL; x++) envp[k++] = (char *)*x;
    envp[k] = NULL;
    return envp;
}

conform_status conform_child_spawn(char *const argv[], const char *const *extra_env,
                                   conform_child *child, char *err, size_t errlen)
{
    int trace[2] = {-1, -1}, errp[2] = {-1, -1}, sig[2] = {-1, -1};
    memset(child, 0, sizeof *child);
    char **envp = extra_env != NULL ? child_environment(extra_env) : environ;
    if (envp == NULL) {
        snprintf(err, errlen, "out of memory for the driver's environment");
        return CONFORM_E_NOMEM;
    }
    if (make_channels(trace, errp, sig) != 0) {
        snprintf(err, errlen, "cannot create the driver's pipes: %s", strerror(errno));
        if (envp != environ) free(envp);
        return CONFORM_E_IO;
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, trace[1], CONFORM_CHILD_TRACE_FD);
    posix_spawn_file_actions_adddup2(&fa, sig[1], CONFORM_CHILD_SIGNAL_FD);
    posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    int rc = posix_spawn(&child->pid, argv[0], &fa, &attr, argv, envp);
    if (envp != environ) free(envp);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close(trace[1]);
    close(errp[1]);
    close(sig[1]);
    if (rc != 0) {
        snprintf(err, errlen, "cannot start %s: %s", argv[0], strerror(rc));
        close(trace[0]);
        close(errp[0]);
        close(sig[0]);
        return CONFORM_E_IO;
    }
    child->trace_fd = trace[0];
    child->stderr_fd = errp[0];
    child->signal_fd = sig[0];
    fcntl(child->signal_fd, F_SETFL, fcntl(child->signal_fd, F_GETFL) | O_NONBLOCK);
    return CONFORM_OK;
}

void conform_child_signal(conform_child *child, const char *line)
{
    if (child->signal_fd >= 0)
        (void)send(child->signal_fd, line, strlen(line), MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* ---------------------------------------------------------------- calls in progress */

typedef struct open_call {
    unsigned tid, op;
    uint64_t t_us;
    unsigned limit_ms;
    int in_teardown, after_failure;
    char call[128];
} open_call;

typedef struct watch {
    open_call *calls;
    size_t n, cap;
    const conform_child_limits *limits;
    int teardown, failure; /* the phase line and a timeout line seen */
} watch;

static unsigned call_limit(const watch *w)
{
    unsigned ms = w->limits->call_ms;
    unsigned short_ms = w->failure ? w->limits->after_failure_ms : w->limits->teardown_ms;
    return w->teardown && short_ms > 0 && short_ms < ms ? short_ms : ms;
}

/* Once a wait of the driver ran out, the calls still open are waiting on what is known to be
 * stuck: each gets at most after_failure_ms more. */
static void shorten_open_calls(watch *w, uint64_t now)
{
    unsigned short_ms = w->limits->after_failure_ms;
    for (size_t i = 0; short_ms > 0 && i < w->n; i++) {
        open_call *c = &w->calls[i];
        uint64_t until = now + short_ms * 1000ull;
        if (c->t_us + c->limit_ms * 1000ull > until)
            c->limit_ms = (unsigned)((until - c->t_us) / 1000u);
        c->after_failure = 1;
    }
}

static void watch_event(watch *w, const conform_trace_event *ev)
{
    if (strcmp(ev->kind, TRACE_EV_PHASE) == 0) w->teardown = 1;
    if (strcmp(ev->kind, TRACE_EV_TIMEOUT) == 0) {
        w->failure = 1;
        shorten_open_calls(w, ev->t_us);
    }
    const char *call = conform_trace_get(ev, TRACE_KEY_CALL);
    if (call == NULL) return;
    if (strcmp(ev->kind, TRACE_EV_ENTER) == 0) {
        if (w->n == w->cap) {
            size_t cap = w->cap ? w->cap * 2 : 16;
            open_call *t = realloc(w->calls, cap * sizeof *t);
            if (t == NULL) return;
            w->calls = t;
            w->cap = cap;
        }
        open_call *c = &w->calls[w->n++];
        c->tid = ev->tid;
        c->op = (unsigned)conform_trace_get_num(ev, TRACE_KEY_OP, 0);
        c->t_us = ev->t_us;
        c->limit_ms = call_limit(w);
        c->in_teardown = w->teardown;
        c->after_failure = w->failure;
        snprintf(c->call, sizeof c->call, "%s", call);
    } else if (strcmp(ev->kind, TRACE_EV_LEAVE) == 0) {
        for (size_t i = w->n; i-- > 0;)
            if (w->calls[i].tid == ev->tid && strcmp(w->calls[i].call, call) == 0) {
                memmove(&w->calls[i], &w->calls[i + 1], (w->n - i - 1) * sizeof *w->calls);
                w->n--;
                break;
            }
    }
}

static const open_call *oldest(const watch *w)
{
    const open_call *o = NULL;
    for (size_t i = 0; i < w->n; i++)
        if (o == NULL || w->calls[i].t_us < o->t_us) o = &w->calls[i];
    return o;
}

/* The open call whose watchdog runs out first. */
static const open_call *first_due(const watch *w)
{
    const open_call *o = NULL;
    for (size_t i = 0; i < w->n; i++) {
        const open_call *c = &w->calls[i];
        if (o == NULL || c->t_us + c->limit_ms * 1000ull < o->t_us + o->limit_ms * 1000ull) o = c;
    }
    return o;
}

/* ---------------------------------------------------------------- supervising */

static void read_stderr(int fd, conform_child_outcome *out, size_t *len)
{
    char buf[4096];
    ssize_t r = read(fd, buf, sizeof buf);
    if (r <= 0 || *len >= STDERR_CAP) return;
    char *t = realloc(out->stderr_text, *len + (size_t)r + 1);
    if (t == NULL) return;
    out->stderr_text = t;
    memcpy(t + *len, buf, (size_t)r);
    *len += (size_t)r;
    t[*len] = '\0';
}

static void note_hang(conform_child_outcome *out, const open_call *c, uint64_t now,
                      uint64_t started, const watch *w)
{
    out->hung = 1;
    if (c != NULL) {
        snprintf(out->hung_call, sizeof out->hung_call, "%s", c->call);
        out->hung_op = c->op;
        out->hung_seconds = (double)(now - c->t_us) / 1e6;
        out->hung_limit_s = (double)c->limit_ms / 1000.0;
        out->in_teardown = w->teardown; /* the steps were over: what they saw is complete */
        out->after_failure = c->after_failure;
    } else {
        out->in_teardown = w->teardown;
        out->after_failure = w->failure;
        out->hung_limit_s = (double)w->limits->case_ms / 1000.0;
        snprintf(out->hung_call, sizeof out->hung_call, "(between calls)");
        out->hung_seconds = (double)(now - started) / 1e6;
    }
}

static void feed_events(conform_trace *trace, watch *w, size_t *seen)
{
    for (; *seen < trace->n_events; (*seen)++) watch_event(w, &trace->events[*seen]);
}

/* The poll timeout in ms until the earliest deadline; 0 when one has passed. */
static int until_deadline(const watch *w, uint64_t now, uint64_t case_deadline, int *expired,
                          const open_call **culprit)
{
    uint64_t deadline = case_deadline;
    const open_call *o = first_due(w);
    *culprit = o;
    if (o != NULL && o->t_us + (uint64_t)o->limit_ms * 1000u < deadline)
        deadline = o->t_us + (uint64_t)o->limit_ms * 1000u;
    else if (o != NULL)
        *culprit = oldest(w);
    *expired = now >= deadline;
    return *expired ? 0 : (int)((deadline - now + 999) / 1000);
}

/* The child's own account of where it was when the process ended. */
static void note_phase(conform_child_outcome *out, const watch *w)
{
    out->in_teardown = w->teardown;
    out->after_failure = w->failure;
}

void conform_child_supervise(conform_child *child, conform_trace *trace,
                             const conform_child_limits *limits, conform_child_outcome *out)
{
    watch w = {0};
    w.limits = limits;
    size_t seen = 0, err_len = 0;
    uint64_t started = conform_trace_now_us();
    uint64_t case_deadline = started + (uint64_t)limits->case_ms * 1000u;
    int trace_open = 1, err_open = 1;
    while (trace_open) {
        int expired;
        const open_call *culprit;
        int timeout = until_deadline(&w, conform_trace_now_us(), case_deadline, &expired,
                                     &culprit);
        if (expired) {
            note_hang(out, culprit, conform_trace_now_us(), started, &w);
            kill(-child->pid, SIGKILL);
            break;
        }
        struct pollfd p[3] = {{child->trace_fd, POLLIN, 0},
                              {err_open ? child->stderr_fd : -1, POLLIN, 0},
                              {conform_interrupt_fd(), POLLIN, 0}};
        if (poll(p, 3, timeout) < 0 && errno != EINTR) break;
        if (p[2].revents) {
            out->interrupted = 1;
            kill(-child->pid, SIGKILL);
            break;
        }
        if (p[1].revents) {
            size_t before = err_len;
            read_stderr(child->stderr_fd, out, &err_len);
            if (err_len == before && (p[1].revents & (POLLHUP | POLLERR))) err_open = 0;
        }
        if (p[0].revents == 0) continue;
        char buf[16384];
        ssize_t r = read(child->trace_fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) { trace_open = 0; break; }
        conform_trace_feed(trace, buf, (size_t)r);
        feed_events(trace, &w, &seen);
    }
    conform_trace_finish(trace);
    feed_events(trace, &w, &seen);
    int status = 0;
    while (waitpid(child->pid, &status, 0) < 0 && errno == EINTR) continue;
    /* What the child (or valgrind, after the child's end) still had to say. */
    for (int i = 0; i < 64 && err_open; i++) {
        struct pollfd p = {child->stderr_fd, POLLIN, 0};
        if (poll(&p, 1, 0) <= 0) break;
        size_t before = err_len;
        read_stderr(child->stderr_fd, out, &err_len);
        if (err_len == before) break;
    }
    if (WIFEXITED(status)) {
        out->exited = 1;
        out->exit_code = WEXITSTATUS(status);
        note_phase(out, &w);
    }
    if (WIFSIGNALED(status)) {
        out->signaled = 1;
        out->signal = WTERMSIG(status);
        if (!out->hung) note_phase(out, &w);
        const open_call *o = oldest(&w);
        if (!out->hung && o != NULL) {
            snprintf(out->hung_call, sizeof out->hung_call, "%s", o->call);
            out->hung_op = o->op;
        }
    }
    free(w.calls);
    close(child->trace_fd);
    close(child->stderr_fd);
    close(child->signal_fd);
    child->trace_fd = child->stderr_fd = child->signal_fd = -1;
}

void conform_child_outcome_clear(conform_child_outcome *out)
{
    free(out->stderr_text);
    memset(out, 0, sizeof *out);
}

unsigned conform_child_closed_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return 0;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    unsigned port = 0;
    if (bind(s, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(s, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    close(s); /* bound, never listened: connections to it are refused */
    return port;
}

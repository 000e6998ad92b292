/*
 * crash_report - the crashing thread and its top frames, symbolised by addr2line.
 */
#include "harness/crash_report.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef struct frame {
    const char *obj, *sym;
    unsigned long long off;
    char where[320]; /* "function (file:line)" once symbolised */
} frame;

static long crash_index(const conform_trace *t)
{
    for (size_t i = t->n_events; i-- > 0;)
        if (strcmp(t->events[i].kind, TRACE_EV_CRASH) == 0) return (long)i;
    return -1;
}

long conform_crash_thread(const conform_trace *t)
{
    long i = crash_index(t);
    return i < 0 ? -1 : (long)t->events[i].tid;
}

static size_t collect_frames(const conform_trace *t, long at, frame *out, size_t max)
{
    size_t n = 0;
    for (size_t i = (size_t)at + 1; i < t->n_events && n < max; i++) {
        const conform_trace_event *ev = &t->events[i];
        if (strcmp(ev->kind, TRACE_EV_FRAME) != 0) break;
        memset(&out[n], 0, sizeof out[n]);
        out[n].obj = conform_trace_get(ev, TRACE_KEY_OBJ);
        out[n].sym = conform_trace_get(ev, TRACE_KEY_SYM);
        const char *off = conform_trace_get(ev, TRACE_KEY_OFF);
        out[n].off = off ? strtoull(off, NULL, 16) : 0;
        n++;
    }
    return n;
}

/* Runs addr2line over the offsets of `obj` and reads back two lines per address. */
static char *run_addr2line(const char *obj, const unsigned long long *offs, size_t n)
{
    char *argv[40], nums[32][24];
    size_t a = 0;
    argv[a++] = (char *)"addr2line";
    argv[a++] = (char *)"-f";
    argv[a++] = (char *)"-C";
    argv[a++] = (char *)"-e";
    argv[a++] = (char *)obj;
    for (size_t i = 0; i < n && i < 32; i++) {
        snprintf(nums[i], sizeof nums[i], "0x%llx", offs[i]);
        argv[a++] = nums[i];
    }
    argv[a] = NULL;
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) return NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, "addr2line", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    if (rc != 0) {
        close(p[0]);
        return NULL;
    }
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    for (ssize_t r; buf != NULL && (r = read(p[0], buf + len, cap - len - 1)) != 0;) {
        if (r < 0) {
            if (errno == EINTR) continue;
            break;
        }
        len += (size_t)r;
        if (len + 1 == cap) {
            char *t = realloc(buf, cap *= 2);
            if (t == NULL) { free(buf); buf = NULL; }
            else buf = t;
        }
    }
    close(p[0]);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) continue;
    if (buf != NULL) buf[len] = '\0';
    return buf;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* A return address points after its call: look one byte back, except at the faulting pc. */
static void symbolise_object(frame *f, size_t n, const char *obj)
{
    unsigned long long offs[32];
    size_t idx[32], k = 0;
    for (size_t i = 0; i < n && k < 32; i++)
        if (f[i].obj && strcmp(f[i].obj, obj) == 0 && f[i].where[0] == '\0') {
            offs[k] = i == 0 || f[i].off == 0 ? f[i].off : f[i].off - 1;
            idx[k++] = i;
        }
    char *out = run_addr2line(obj, offs, k);
    char *save = NULL, *line = out ? strtok_r(out, "\n", &save) : NULL;
    for (size_t j = 0; j < k && line != NULL; j++) {
        char *fn = line, *loc = strtok_r(NULL, "\n", &save);
        if (loc == NULL) break;
        const char *file = strcmp(loc, "??:0") == 0 || strncmp(loc, "??", 2) == 0 ? NULL : loc;
        if (strcmp(fn, "??") != 0)
            snprintf(f[idx[j]].where, sizeof f[idx[j]].where, "%s%s%s%s", fn,
                     file ? " (" : "", file ? file : "", file ? ")" : "");
        line = strtok_r(NULL, "\n", &save);
    }
    free(out);
}

static void describe(const frame *f, char *buf, size_t len)
{
    const char *obj = f->obj ? base_name(f->obj) : "?";
    if (f->where[0] != '\0') snprintf(buf, len, "%s [%s]", f->where, obj);
    else if (f->sym != NULL) snprintf(buf, len, "%s [%s+0x%llx]", f->sym, obj, f->off);
    else snprintf(buf, len, "%s+0x%llx", obj, f->off);
}

/* abort(), raise() and the assertion machinery are the C library's part of a crash: the
 * frames worth reading start where the implementation called into it. */
static int in_libc(const frame *f)
{
    const char *b = f->obj ? base_name(f->obj) : "";
    return strncmp(b, "libc.so", 7) == 0 || strncmp(b, "ld-linux", 8) == 0;
}

char *conform_crash_frames(const conform_trace *t, size_t max)
{
    long at = crash_index(t);
    if (at < 0) return NULL;
    frame all[32];
    size_t total = collect_frames(t, at, all, 32), skip = 0;
    while (skip + 1 < total && in_libc(&all[skip])) skip++;
    frame *f = all + skip;
    size_t n = total - skip < max ? total - skip : max;
    if (n == 0) return NULL;
    for (size_t i = 0; i < n; i++)
        if (f[i].obj != NULL && f[i].where[0] == '\0') symbolise_object(f, n, f[i].obj);
    size_t cap = n * 400 + 1;
    char *out = malloc(cap);
    if (out == NULL) return NULL;
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        char one[400];
        describe(&f[i], one, sizeof one);
        o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? " <- " : "", one);
    }
    return out;
}

/*
 * driver_crash - when the implementation crashes the driver, the trace still says where:
 * a "crash sig=N" line and one "frame" line per return address (the shared object it lies
 * in, its offset there, and the nearest exported symbol when there is one). The parent turns
 * object + offset into function, file and line (harness/crash_report.c).
 *
 * The handler runs on its own stack (a stack overflow is a crash too), formats without
 * malloc, writes with write(2), then restores the default action and re-raises, so the
 * parent still sees the child killed by the signal. backtrace() and dladdr() are not on the
 * async-signal-safe list; backtrace is primed at install time (it loads libgcc then), and a
 * crash handler that may fail is still better than none: if it faults, SA_RESETHAND means
 * the second fault kills the process as before.
 *
 * Not installed under AddressSanitizer, whose own handler reports more.
 */
#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "harness/driver/driver.h"

#define CRASH_MAX_FRAMES 32
#define CRASH_STACK_SIZE (64 * 1024)

static int crash_fd = -1;
/* Static, not malloc'd: the process never frees it, and memcheck must not call that a leak. */
static unsigned char crash_stack[CRASH_STACK_SIZE];

/* Appends text to a fixed buffer, percent-escaping what trace.h escapes. */
typedef struct crash_buf {
    char data[1024];
    size_t len;
} crash_buf;

static void put_raw(crash_buf *b, const char *s)
{
    for (; *s && b->len + 1 < sizeof b->data; s++) b->data[b->len++] = *s;
}

/* " key=": a field's start. */
static void put_key(crash_buf *b, const char *key)
{
    put_raw(b, " ");
    put_raw(b, key);
    put_raw(b, "=");
}

static void put_escaped(crash_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s && b->len + 4 < sizeof b->data; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x21 || c >= 0x7f || c == '%' || c == '=' || c == ',') {
            b->data[b->len++] = '%';
            b->data[b->len++] = hex[c >> 4];
            b->data[b->len++] = hex[c & 15];
        } else {
            b->data[b->len++] = (char)c;
        }
    }
}

static void put_number(crash_buf *b, uint64_t v, unsigned base)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v != 0 && n < sizeof tmp);
    if (base == 16) put_raw(b, "0x");
    while (n > 0 && b->len + 1 < sizeof b->data) b->data[b->len++] = tmp[--n];
}

static void line_start(crash_buf *b, const char *kind)
{
    b->len = 0;
    put_number(b, conform_trace_now_us(), 10);
    put_raw(b, " ");
    put_number(b, conform_driver_tid(), 10);
    put_raw(b, " ");
    put_raw(b, kind);
}

static void line_flush(crash_buf *b)
{
    put_raw(b, "\n");
    (void)conform_trace_write_all(crash_fd, b->data, b->len);
}

static void write_frame(crash_buf *b, int n, void *pc)
{
    Dl_info info;
    line_start(b, TRACE_EV_FRAME);
    put_key(b, TRACE_KEY_FRAME_NUMBER);
    put_number(b, (uint64_t)n, 10);
    if (dladdr(pc, &info) != 0 && info.dli_fname != NULL) {
        put_key(b, TRACE_KEY_OBJ);
        put_escaped(b, info.dli_fname);
        put_key(b, TRACE_KEY_OFF);
        put_number(b, (uint64_t)((uintptr_t)pc - (uintptr_t)info.dli_fbase), 16);
        if (info.dli_sname != NULL) {
            put_key(b, TRACE_KEY_SYM);
            put_escaped(b, info.dli_sname);
        }
    } else {
        put_key(b, TRACE_KEY_PC);
        put_number(b, (uint64_t)(uintptr_t)pc, 16);
    }
    line_flush(b);
}

/* The faulting instruction, where the machine context tells it: frames before it are the
 * handler's own and the kernel's signal trampoline. */
static void *faulting_pc(void *uctx)
{
#if defined(__x86_64__) && defined(REG_RIP)
    return (void *)((ucontext_t *)uctx)->uc_mcontext.gregs[REG_RIP];
#else
    (void)uctx;
    return NULL;
#endif
}

static void on_crash(int sig, siginfo_t *info, void *uctx)
{
    crash_buf b;
    void *frames[CRASH_MAX_FRAMES];
    int n = backtrace(frames, CRASH_MAX_FRAMES), first = 0;
    void *pc = faulting_pc(uctx);
    for (int i = 0; pc != NULL && i < n; i++)
        if (frames[i] == pc) {
            first = i;
            break;
        }
    (void)info;
    line_start(&b, TRACE_EV_CRASH);
    put_key(&b, TRACE_KEY_SIG);
    put_number(&b, (uint64_t)sig, 10);
    line_flush(&b);
    for (int i = first; i < n; i++) write_frame(&b, i - first, frames[i]);
    raise(sig); /* SA_RESETHAND: the default action now ends the process */
}

#if defined(__SANITIZE_ADDRESS__)
#define CRASH_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CRASH_UNDER_ASAN 1
#endif
#endif

void conform_driver_crash_install(int trace_fd)
{
#ifdef CRASH_UNDER_ASAN
    (void)trace_fd;
#else
    static const int sigs[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
    void *prime[2];
    (void)backtrace(prime, 2);
    stack_t st;
    memset(&st, 0, sizeof st);
    st.ss_sp = crash_stack;
    st.ss_size = sizeof crash_stack;
    if (sigaltstack(&st, NULL) != 0) return;
    crash_fd = trace_fd;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_crash;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
#endif
}

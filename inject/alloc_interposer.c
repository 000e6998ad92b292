/*
 * alloc_interposer - an LD_PRELOAD library that makes one chosen allocation of the
 * implementation under test fail, so `mi-conform --inject alloc` can check that every
 * allocation failure ends in a clean error and never in a crash, a hang or a leak.
 *
 * What counts: only allocations made while the driver has marked an MI call in progress on
 * this thread (mi_inject_enter/mi_inject_leave), or on a thread the implementation created
 * (a thread started while inside an MI call, or by such a thread). The driver's own work and
 * the harness plumbing are never counted, so the numbering is a property of the implementation.
 *
 * Environment:
 *   MI_INJECT_FAIL_AT=N        fail the first counted allocation numbered >= N whose call stack
 *                              is not skipped (one failure per process); 0 or unset: count only
 *   MI_INJECT_SKIP_STACKS=FILE stack hashes (hex, one a line) already failed in earlier runs
 *   MI_INJECT_REPORT=FILE      key=value report, written on load, when the failure is injected
 *                              and at exit, so a crash right after the failure still leaves it
 *   MI_INJECT_LIVE_STACKS=1    remember where each counted block was allocated, and list the
 *                              stacks of the blocks still live at exit in the exit report
 *                              (live_stack count=N hash=H ... live_stack_end): what a leak IS
 *
 * The driver's marks (found with dlsym(RTLD_DEFAULT), so the driver runs without this library):
 *   mi_inject_enter/mi_inject_leave     around every call into the implementation
 *   mi_inject_suspend/mi_inject_resume  around the driver's own callback code, which runs on
 *                                       the implementation's threads (or inside its calls)
 *
 * This library must not depend on the kit: it links libc and libdl only, and it never
 * allocates inside a hook except through the real allocator with its own hooks disabled.
 */
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h> /* rename only: stdio streams would allocate through us */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define INJECT_EXPORT __attribute__((visibility("default")))
/* initial-exec: a preloaded library gets static TLS, and the dynamic model could itself call
 * malloc on first access from a new thread - inside our own hook. */
#define INJECT_TLS __thread __attribute__((tls_model("initial-exec")))

#define INJECT_ALLOC_MAX_FRAMES 32
#define INJECT_ALLOC_MAX_SKIP 8192
#define INJECT_ALLOC_PATH_MAX 4096

/* ---------------------------------------------------------------- the real allocator */

typedef struct inject_alloc_real {
    void *(*malloc)(size_t);
    void *(*calloc)(size_t, size_t);
    void *(*realloc)(void *, size_t);
    void (*free)(void *);
    int (*posix_memalign)(void **, size_t, size_t);
    void *(*aligned_alloc)(size_t, size_t);
    void *(*memalign)(size_t, size_t);
    size_t (*malloc_usable_size)(void *);
    int (*pthread_create)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
} inject_alloc_real;

static inject_alloc_real real;
static atomic_int real_ready;

/* dlsym itself calls calloc (for its error buffer) before we know where the real calloc is;
 * those few early allocations come from this arena and are never returned to it. */
#define INJECT_ALLOC_ARENA_BYTES (128 * 1024)
#define INJECT_ALLOC_ARENA_HEADER 16
static _Alignas(16) unsigned char arena[INJECT_ALLOC_ARENA_BYTES];
static atomic_size_t arena_used;

static INJECT_TLS int tl_resolving; /* inside dlsym lookups */
static INJECT_TLS int tl_depth;     /* mi_inject_enter nesting on this thread */
static INJECT_TLS int tl_impl;      /* a thread the implementation created */
static INJECT_TLS int tl_busy;      /* inside a hook: nested allocations go straight through */
static INJECT_TLS int tl_canary;    /* the load-time self test is running */
static INJECT_TLS int tl_thread_setup; /* inside the C library's pthread_create */
/* The driver's own code on this thread (a callback the implementation called): nothing counts
 * until it marks a call again. The depth in force before each suspension is kept. */
#define INJECT_ALLOC_MAX_SUSPEND 16
static INJECT_TLS int tl_suspend;
static INJECT_TLS int tl_saved_depth[INJECT_ALLOC_MAX_SUSPEND];

static int inject_alloc_in_arena(const void *p)
{
    const unsigned char *c = p;
    return c >= arena && c < arena + INJECT_ALLOC_ARENA_BYTES;
}

static void *inject_alloc_arena_get(size_t size, size_t align)
{
    if (align < INJECT_ALLOC_ARENA_HEADER) align = INJECT_ALLOC_ARENA_HEADER;
    size_t used = atomic_load(&arena_used);
    for (;;) {
        size_t start = (used + INJECT_ALLOC_ARENA_HEADER + align - 1) & ~(align - 1);
        size_t end = start + size;
        if (end > INJECT_ALLOC_ARENA_BYTES || end < start) return NULL;
        if (atomic_compare_exchange_weak(&arena_used, &used, end)) {
            memcpy(arena + start - sizeof(size_t), &size, sizeof size);
            return arena + start;
        }
    }
}

static size_t inject_alloc_arena_size(const void *p)
{
    size_t size;
    memcpy(&size, (const unsigned char *)p - sizeof(size_t), sizeof size);
    return size;
}

static void inject_alloc_resolve(void)
{
    if (atomic_load(&real_ready)) return;
    tl_resolving++;
    real.calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    real.malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    real.realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    real.free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    real.posix_memalign = (int (*)(void **, size_t, size_t))dlsym(RTLD_NEXT, "posix_memalign");
    real.aligned_alloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "aligned_alloc");
    real.memalign = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "memalign");
    real.malloc_usable_size = (size_t(*)(void *))dlsym(RTLD_NEXT, "malloc_usable_size");
    real.pthread_create = (int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *),
                                   void *))dlsym(RTLD_NEXT, "pthread_create");
    tl_resolving--;
    if (real.malloc && real.calloc && real.realloc && real.free) atomic_store(&real_ready, 1);
}

/* True while the allocator is unknown: the caller must serve from the arena. */
static int inject_alloc_bootstrapping(void)
{
    if (atomic_load(&real_ready)) return 0;
    if (tl_resolving) return 1;
    inject_alloc_resolve();
    return !atomic_load(&real_ready);
}

/* ---------------------------------------------------------------- state and configuration */

typedef struct inject_alloc_state {
    unsigned long fail_at;            /* 0: never fail */
    atomic_ulong counted;             /* counted allocations so far */
    atomic_ulong threads;             /* implementation threads seen */
    atomic_int injected;              /* the one failure happened */
    unsigned long injected_at;
    uint64_t injected_hash;
    void *frames[INJECT_ALLOC_MAX_FRAMES];
    int n_frames;
    int self_test_seen;               /* the canary went through the counting path */
    int configured;
    int live_stacks;                  /* MI_INJECT_LIVE_STACKS: remember allocation stacks */
    char report_path[INJECT_ALLOC_PATH_MAX];
    char report_tmp[INJECT_ALLOC_PATH_MAX + 8];
    uint64_t skip[INJECT_ALLOC_MAX_SKIP];
    size_t n_skip;
    void *self_base;                  /* where this library is loaded: its frames are ignored */
    atomic_flag report_lock;
} inject_alloc_state;

static inject_alloc_state state = { .report_lock = ATOMIC_FLAG_INIT };

static unsigned long inject_alloc_parse_ulong(const char *text)
{
    unsigned long v = 0;
    if (!text) return 0;
    for (; *text >= '0' && *text <= '9'; text++) v = v * 10 + (unsigned long)(*text - '0');
    return v;
}

static int inject_alloc_hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* One hash per line; anything after the hex digits (a comment) is ignored. Read with a stack
 * buffer and no stdio, because stdio would allocate through us. */
static void inject_alloc_load_skip(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    char buf[4096];
    uint64_t cur = 0;
    int digits = 0, in_comment = 0;
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < got; i++) {
            char c = buf[i];
            if (c == '\n') {
                if (digits && state.n_skip < INJECT_ALLOC_MAX_SKIP) state.skip[state.n_skip++] = cur;
                cur = 0, digits = 0, in_comment = 0;
                continue;
            }
            int v = in_comment ? -1 : inject_alloc_hexval(c);
            if (v < 0) { in_comment = 1; continue; }
            cur = (cur << 4) | (uint64_t)v, digits++;
        }
    }
    if (digits && state.n_skip < INJECT_ALLOC_MAX_SKIP) state.skip[state.n_skip++] = cur;
    close(fd);
}

static int inject_alloc_skipped(uint64_t hash)
{
    for (size_t i = 0; i < state.n_skip; i++)
        if (state.skip[i] == hash) return 1;
    return 0;
}

/* ---------------------------------------------------------------- stacks */

/* Hash of the call stack that is stable across runs despite ASLR: each frame is named by its
 * module's file name and its offset in that module. Frames inside this library are left out,
 * so the entry point (malloc or strdup) does not change the hash. */
static uint64_t inject_alloc_stack_hash(void *const *frames, int n)
{
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < n; i++) {
        Dl_info info;
        uintptr_t addr = (uintptr_t)frames[i];
        if (dladdr(frames[i], &info) && info.dli_fbase) {
            if (info.dli_fbase == state.self_base) continue;
            const char *name = info.dli_fname ? info.dli_fname : "";
            const char *slash = strrchr(name, '/');
            for (const char *p = slash ? slash + 1 : name; *p; p++)
                h = (h ^ (unsigned char)*p) * 1099511628211ull;
            addr -= (uintptr_t)info.dli_fbase;
        }
        for (int b = 0; b < 8; b++) h = (h ^ ((addr >> (8 * b)) & 0xff)) * 1099511628211ull;
    }
    return h;
}

/* ---------------------------------------------------------------- live counted blocks */

/* The counted blocks still allocated, so the exit report can say how many the implementation
 * left behind (live=N); the loop compares that with a run without a failure to spot leaks on
 * error paths. An open-addressing set of pointers in memory of its own (mmap), because it
 * lives inside the allocator. Slot value 0 is empty, 1 a deleted entry. */
#define INJECT_ALLOC_LIVE_BITS 20
#define INJECT_ALLOC_LIVE_SLOTS (1u << INJECT_ALLOC_LIVE_BITS)
#define INJECT_ALLOC_LIVE_PROBES 4096

static uintptr_t *live_slots;
static long live_count;
static int live_overflow; /* the set could not keep up: live is unknown */
static atomic_flag live_lock = ATOMIC_FLAG_INIT;

/* With MI_INJECT_LIVE_STACKS each slot also holds the id (+1; 0: not known) of the stack that
 * allocated its block, in a parallel array; each distinct stack is stored once. Raw return
 * addresses are enough to tell stacks apart inside one process, and cheap to hash. */
#define INJECT_ALLOC_STACK_BITS 14
#define INJECT_ALLOC_STACKS (1u << INJECT_ALLOC_STACK_BITS)
#define INJECT_ALLOC_STACK_PROBES 256
#define INJECT_ALLOC_LIVE_STACKS_LISTED 64

typedef struct inject_alloc_stack {
    uint64_t key;
    int n_frames;
    void *frames[INJECT_ALLOC_MAX_FRAMES];
} inject_alloc_stack;

static uint32_t *live_ids;
static inject_alloc_stack *stacks;
static uint32_t *stack_counts; /* per stack: its blocks live at exit (report time only) */
static atomic_flag stack_lock = ATOMIC_FLAG_INIT;

static size_t inject_alloc_live_slot(uintptr_t p)
{
    uint64_t h = (uint64_t)p * 0x9e3779b97f4a7c15ull;
    return (size_t)(h >> (64 - INJECT_ALLOC_LIVE_BITS));
}

static void *inject_alloc_map(size_t bytes)
{
    void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    return m == MAP_FAILED ? NULL : m;
}

static void inject_alloc_live_open(void)
{
    live_slots = inject_alloc_map(sizeof(uintptr_t) * INJECT_ALLOC_LIVE_SLOTS);
    if (!state.live_stacks || !live_slots) return;
    live_ids = inject_alloc_map(sizeof(uint32_t) * INJECT_ALLOC_LIVE_SLOTS);
    stacks = inject_alloc_map(sizeof(inject_alloc_stack) * INJECT_ALLOC_STACKS);
    stack_counts = inject_alloc_map(sizeof(uint32_t) * INJECT_ALLOC_STACKS);
    if (!live_ids || !stacks || !stack_counts) state.live_stacks = 0;
}

/* The id (+1) of the stack calling us, stored on first sight; 0 when the store is full. */
static uint32_t inject_alloc_stack_intern(void)
{
    void *frames[INJECT_ALLOC_MAX_FRAMES];
    int n = backtrace(frames, INJECT_ALLOC_MAX_FRAMES);
    uint64_t key = 1469598103934665603ull;
    for (int i = 0; i < n; i++) key = (key ^ (uint64_t)(uintptr_t)frames[i]) * 1099511628211ull;
    if (key == 0) key = 1; /* 0 marks an empty entry */
    uint32_t id = 0;
    while (atomic_flag_test_and_set(&stack_lock)) { }
    for (uint32_t probe = 0; probe < INJECT_ALLOC_STACK_PROBES; probe++) {
        uint32_t i = (uint32_t)((key >> 20) + probe) & (INJECT_ALLOC_STACKS - 1);
        inject_alloc_stack *st = &stacks[i];
        if (st->key == 0) {
            st->key = key;
            st->n_frames = n;
            memcpy(st->frames, frames, sizeof(void *) * (size_t)n);
        }
        if (st->key == key) {
            id = i + 1;
            break;
        }
    }
    atomic_flag_clear(&stack_lock);
    return id;
}

static void inject_alloc_live_add(void *p, uint32_t stack_id)
{
    if (!live_slots || !p) return;
    while (atomic_flag_test_and_set(&live_lock)) { }
    size_t i = inject_alloc_live_slot((uintptr_t)p);
    int placed = 0;
    for (int probe = 0; probe < INJECT_ALLOC_LIVE_PROBES; probe++) {
        size_t at = (i + (size_t)probe) & (INJECT_ALLOC_LIVE_SLOTS - 1);
        if (live_slots[at] <= 1) {
            live_slots[at] = (uintptr_t)p;
            if (live_ids) live_ids[at] = stack_id;
            placed = 1;
            break;
        }
    }
    if (placed) live_count++;
    else live_overflow = 1;
    atomic_flag_clear(&live_lock);
}

/* Removes p when it is a counted block; returns 1 when it was, with its stack id in *stack_id
 * (when not NULL), so a block grown by realloc keeps the stack that first allocated it. */
static int inject_alloc_live_remove(void *p, uint32_t *stack_id)
{
    if (!live_slots || !p) return 0;
    int found = 0;
    while (atomic_flag_test_and_set(&live_lock)) { }
    size_t i = inject_alloc_live_slot((uintptr_t)p);
    for (int probe = 0; probe < INJECT_ALLOC_LIVE_PROBES; probe++) {
        size_t at = (i + (size_t)probe) & (INJECT_ALLOC_LIVE_SLOTS - 1);
        if (live_slots[at] == 0) break;
        if (live_slots[at] == (uintptr_t)p) {
            live_slots[at] = 1;
            if (stack_id) *stack_id = live_ids ? live_ids[at] : 0;
            live_count--;
            found = 1;
            break;
        }
    }
    atomic_flag_clear(&live_lock);
    return found;
}

/* ---------------------------------------------------------------- the report */

typedef struct inject_alloc_out {
    int fd;
    char buf[512];
    size_t len;
} inject_alloc_out;

static void inject_alloc_out_flush(inject_alloc_out *o)
{
    size_t off = 0;
    while (off < o->len) {
        ssize_t w = write(o->fd, o->buf + off, o->len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        off += (size_t)w;
    }
    o->len = 0;
}

static void inject_alloc_out_str(inject_alloc_out *o, const char *s)
{
    for (; *s; s++) {
        if (o->len == sizeof o->buf) inject_alloc_out_flush(o);
        o->buf[o->len++] = *s;
    }
}

static void inject_alloc_out_num(inject_alloc_out *o, uint64_t v, unsigned base)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    char s[25];
    for (int i = 0; i < n; i++) s[i] = tmp[n - 1 - i];
    s[n] = '\0';
    inject_alloc_out_str(o, s);
}

static void inject_alloc_out_field(inject_alloc_out *o, const char *key, uint64_t v, unsigned base)
{
    inject_alloc_out_str(o, key);
    inject_alloc_out_str(o, "=");
    inject_alloc_out_num(o, v, base);
    inject_alloc_out_str(o, "\n");
}

/* The stacks of the counted blocks still live, each stack once with its count, at most INJECT_ALLOC_LIVE_STACKS_LISTED of them. The hash is the
 * ASLR-stable one, so the same stack can be recognised in another run's report. */
static void inject_alloc_report_live_stacks(inject_alloc_out *o)
{
    while (atomic_flag_test_and_set(&live_lock)) { }
    memset(stack_counts, 0, sizeof(uint32_t) * INJECT_ALLOC_STACKS);
    unsigned long unknown = 0;
    for (size_t i = 0; i < INJECT_ALLOC_LIVE_SLOTS; i++) {
        if (live_slots[i] <= 1) continue;
        if (live_ids[i] == 0) unknown++;
        else stack_counts[live_ids[i] - 1]++;
    }
    atomic_flag_clear(&live_lock);
    if (unknown) inject_alloc_out_field(o, "live_stack_unknown", unknown, 10);
    int listed = 0;
    for (uint32_t i = 0; i < INJECT_ALLOC_STACKS && listed < INJECT_ALLOC_LIVE_STACKS_LISTED; i++) {
        if (!stack_counts[i]) continue;
        inject_alloc_stack *st = &stacks[i];
        inject_alloc_out_str(o, "live_stack count=");
        inject_alloc_out_num(o, stack_counts[i], 10);
        inject_alloc_out_str(o, " hash=");
        inject_alloc_out_num(o, inject_alloc_stack_hash(st->frames, st->n_frames), 16);
        inject_alloc_out_str(o, "\n");
        inject_alloc_out_flush(o);
        backtrace_symbols_fd(st->frames, st->n_frames, o->fd);
        inject_alloc_out_str(o, "live_stack_end\n");
        listed++;
    }
}

/* Writes the whole report to a temporary file and renames it into place, so a reader never
 * sees half a report. `final` tells the loop whether the process got to exit normally. */
static void inject_alloc_report(int final)
{
    if (!state.report_path[0]) return;
    while (atomic_flag_test_and_set(&state.report_lock)) { /* spin: reports are rare */ }
    int saved_errno = errno;
    inject_alloc_out o = { .fd = open(state.report_tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                                      0644) };
    if (o.fd >= 0) {
        int injected = atomic_load(&state.injected);
        inject_alloc_out_field(&o, "active", state.self_test_seen ? 1 : 0, 10);
        inject_alloc_out_field(&o, "pid", (uint64_t)getpid(), 10);
        inject_alloc_out_field(&o, "fail_at", state.fail_at, 10);
        inject_alloc_out_field(&o, "skip_stacks", state.n_skip, 10);
        inject_alloc_out_field(&o, "counted", atomic_load(&state.counted), 10);
        inject_alloc_out_field(&o, "threads", atomic_load(&state.threads), 10);
        inject_alloc_out_field(&o, "injected", injected ? 1 : 0, 10);
        inject_alloc_out_field(&o, "final", final ? 1 : 0, 10);
        if (live_overflow) inject_alloc_out_str(&o, "live=unknown\n");
        else inject_alloc_out_field(&o, "live", (uint64_t)(live_count < 0 ? 0 : live_count), 10);
        if (injected) {
            inject_alloc_out_field(&o, "injected_at", state.injected_at, 10);
            inject_alloc_out_str(&o, "stack_hash=");
            inject_alloc_out_num(&o, state.injected_hash, 16);
            inject_alloc_out_str(&o, "\nstack_begin\n");
            inject_alloc_out_flush(&o);
            backtrace_symbols_fd(state.frames, state.n_frames, o.fd);
            inject_alloc_out_str(&o, "stack_end\n");
        }
        if (final && state.live_stacks && !live_overflow) inject_alloc_report_live_stacks(&o);
        inject_alloc_out_flush(&o);
        close(o.fd);
        rename(state.report_tmp, state.report_path);
    }
    errno = saved_errno;
    atomic_flag_clear(&state.report_lock);
}

/* ---------------------------------------------------------------- the decision */

/* Called with tl_busy held for the count `n` once it reached fail_at. Returns 1 when this
 * allocation is the one to fail. */
static int inject_alloc_try_fail(unsigned long n)
{
    void *frames[INJECT_ALLOC_MAX_FRAMES];
    int got = backtrace(frames, INJECT_ALLOC_MAX_FRAMES);
    uint64_t hash = inject_alloc_stack_hash(frames, got);
    if (inject_alloc_skipped(hash)) return 0;
    int expected = 0;
    if (!atomic_compare_exchange_strong(&state.injected, &expected, 1)) return 0;
    state.injected_at = n;
    state.injected_hash = hash;
    memcpy(state.frames, frames, sizeof(void *) * (size_t)got);
    state.n_frames = got;
    inject_alloc_report(0);
    return 1;
}

/* True while this thread works for the implementation. */
static int inject_alloc_inside(void)
{
    return tl_depth > 0 || (tl_impl && tl_suspend == 0);
}

typedef enum inject_alloc_verdict {
    INJECT_ALLOC_UNCOUNTED, /* not the implementation's: pass through */
    INJECT_ALLOC_COUNTED,   /* counted: allocate and remember the block */
    INJECT_ALLOC_FAIL       /* counted and chosen: return the failure */
} inject_alloc_verdict;

/* Counts the allocation when it belongs to the implementation and decides its fate. */
static inject_alloc_verdict inject_alloc_decide(void)
{
    if (tl_busy || !inject_alloc_inside()) return INJECT_ALLOC_UNCOUNTED;
    if (tl_canary) {
        state.self_test_seen = 1;
        return INJECT_ALLOC_UNCOUNTED;
    }
    tl_busy++;
    unsigned long n = atomic_fetch_add(&state.counted, 1) + 1;
    int fail = 0;
    if (state.fail_at && n >= state.fail_at && !atomic_load(&state.injected))
        fail = inject_alloc_try_fail(n);
    tl_busy--;
    if (!fail) return INJECT_ALLOC_COUNTED;
    errno = ENOMEM;
    return INJECT_ALLOC_FAIL;
}

/* Remembers a counted block that was really allocated, with the stack that allocated it when
 * the live stacks are wanted (stack_id 0: find it now). */
static void *inject_alloc_keep_from(inject_alloc_verdict v, void *p, uint32_t stack_id)
{
    if (v == INJECT_ALLOC_COUNTED && p && !tl_thread_setup) {
        tl_busy++;
        if (state.live_stacks && stack_id == 0) stack_id = inject_alloc_stack_intern();
        inject_alloc_live_add(p, stack_id);
        tl_busy--;
    }
    return p;
}

static void *inject_alloc_keep(inject_alloc_verdict v, void *p)
{
    return inject_alloc_keep_from(v, p, 0);
}

/* ---------------------------------------------------------------- the interposed functions */

INJECT_EXPORT void *malloc(size_t size)
{
    if (inject_alloc_bootstrapping()) return inject_alloc_arena_get(size, 16);
    inject_alloc_verdict v = inject_alloc_decide();
    if (v == INJECT_ALLOC_FAIL) return NULL;
    return inject_alloc_keep(v, real.malloc(size));
}

INJECT_EXPORT void *calloc(size_t n, size_t size)
{
    if (inject_alloc_bootstrapping()) {
        if (size && n > SIZE_MAX / size) return NULL;
        return inject_alloc_arena_get(n * size, 16); /* the arena is static: already zero */
    }
    inject_alloc_verdict v = inject_alloc_decide();
    if (v == INJECT_ALLOC_FAIL) return NULL;
    return inject_alloc_keep(v, real.calloc(n, size));
}

INJECT_EXPORT void free(void *p)
{
    if (!p || inject_alloc_in_arena(p)) return;
    if (!atomic_load(&real_ready)) inject_alloc_resolve();
    inject_alloc_live_remove(p, NULL);
    real.free(p);
}

INJECT_EXPORT void *realloc(void *p, size_t size)
{
    if (p && inject_alloc_in_arena(p)) {
        void *q = malloc(size);
        if (!q) return NULL;
        size_t old = inject_alloc_arena_size(p);
        memcpy(q, p, old < size ? old : size);
        return q;
    }
    if (inject_alloc_bootstrapping()) return inject_alloc_arena_get(size, 16);
    /* realloc(p, 0) frees p; failing it would not be an allocation failure. */
    inject_alloc_verdict v = (size || !p) ? inject_alloc_decide() : INJECT_ALLOC_UNCOUNTED;
    if (v == INJECT_ALLOC_FAIL) return NULL;
    /* A block the implementation allocated stays its block when someone else grows it. */
    uint32_t stack_id = 0;
    int was_live = p && inject_alloc_live_remove(p, &stack_id);
    if (was_live) v = INJECT_ALLOC_COUNTED;
    void *q = real.realloc(p, size);
    if (!q && size && was_live) inject_alloc_keep_from(v, p, stack_id); /* the old block survives */
    return inject_alloc_keep_from(v, q, stack_id);
}

INJECT_EXPORT void *reallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, n * size);
}

/* strdup and strndup are written here rather than forwarded: glibc's own call malloc through
 * the PLT, which would count one allocation twice. */
INJECT_EXPORT char *strdup(const char *s)
{
    size_t len = strlen(s) + 1;
    char *d = malloc(len);
    if (d) memcpy(d, s, len);
    return d;
}

INJECT_EXPORT char *strndup(const char *s, size_t max)
{
    size_t len = strnlen(s, max);
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

INJECT_EXPORT int posix_memalign(void **out, size_t align, size_t size)
{
    if (inject_alloc_bootstrapping()) {
        void *p = inject_alloc_arena_get(size, align);
        if (!p) return ENOMEM;
        *out = p;
        return 0;
    }
    inject_alloc_verdict v = inject_alloc_decide();
    if (v == INJECT_ALLOC_FAIL) return ENOMEM;
    int rc = real.posix_memalign(out, align, size);
    if (rc == 0) inject_alloc_keep(v, *out);
    return rc;
}

INJECT_EXPORT void *aligned_alloc(size_t align, size_t size)
{
    if (inject_alloc_bootstrapping()) return inject_alloc_arena_get(size, align);
    inject_alloc_verdict v = inject_alloc_decide();
    if (v == INJECT_ALLOC_FAIL) return NULL;
    return inject_alloc_keep(v, real.aligned_alloc(align, size));
}

INJECT_EXPORT void *memalign(size_t align, size_t size)
{
    if (inject_alloc_bootstrapping()) return inject_alloc_arena_get(size, align);
    inject_alloc_verdict v = inject_alloc_decide();
    if (v == INJECT_ALLOC_FAIL) return NULL;
    return inject_alloc_keep(v, real.memalign(align, size));
}

INJECT_EXPORT size_t malloc_usable_size(void *p)
{
    if (!p) return 0;
    if (inject_alloc_in_arena(p)) return inject_alloc_arena_size(p);
    if (!atomic_load(&real_ready)) inject_alloc_resolve();
    return real.malloc_usable_size ? real.malloc_usable_size(p) : 0;
}

/* ---------------------------------------------------------------- implementation threads */

typedef struct inject_alloc_start {
    void *(*fn)(void *);
    void *arg;
} inject_alloc_start;

static void *inject_alloc_thread_start(void *p)
{
    inject_alloc_start start = *(inject_alloc_start *)p;
    real.free(p);
    tl_impl = 1;
    return start.fn(start.arg);
}

/* A thread started inside an MI call (or by such a thread) works for the implementation: its
 * allocations count for its whole life. Other threads start untouched. */
INJECT_EXPORT int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                                 void *(*fn)(void *), void *arg)
{
    if (!atomic_load(&real_ready)) inject_alloc_resolve();
    if (!real.pthread_create) return EAGAIN;
    if (!inject_alloc_inside()) return real.pthread_create(thread, attr, fn, arg);
    tl_busy++;
    inject_alloc_start *start = real.malloc(sizeof *start);
    tl_busy--;
    if (!start) return EAGAIN;
    start->fn = fn;
    start->arg = arg;
    /* What the C library allocates for a new thread (its DTV, beside the stack) is counted, so
     * a failed thread creation is tried like any other failure, but not kept in the live set:
     * glibc caches the stacks of finished threads with their DTVs for the next thread and frees
     * them only in __libc_freeres (which valgrind calls, a normal exit does not). Such a block
     * is the C library's cache, reachable, not a leak of the implementation. */
    tl_thread_setup++;
    int rc = real.pthread_create(thread, attr, inject_alloc_thread_start, start);
    tl_thread_setup--;
    if (rc != 0) real.free(start);
    else atomic_fetch_add(&state.threads, 1);
    return rc;
}

/* ---------------------------------------------------------------- the driver's marks */

INJECT_EXPORT void mi_inject_enter(void)
{
    tl_depth++;
}

INJECT_EXPORT void mi_inject_leave(void)
{
    if (tl_depth > 0) tl_depth--;
}

INJECT_EXPORT void mi_inject_suspend(void)
{
    if (tl_suspend < INJECT_ALLOC_MAX_SUSPEND) tl_saved_depth[tl_suspend] = tl_depth;
    tl_suspend++;
    tl_depth = 0;
}

INJECT_EXPORT void mi_inject_resume(void)
{
    if (tl_suspend == 0) return;
    tl_suspend--;
    if (tl_suspend < INJECT_ALLOC_MAX_SUSPEND) tl_depth = tl_saved_depth[tl_suspend];
}

/* Counted allocations so far (tests and the driver's trace). */
INJECT_EXPORT unsigned long mi_inject_counted(void)
{
    return atomic_load(&state.counted);
}

/* ---------------------------------------------------------------- load and exit */

static void inject_alloc_configure(void)
{
    const char *report = getenv("MI_INJECT_REPORT");
    const char *skip = getenv("MI_INJECT_SKIP_STACKS");
    state.fail_at = inject_alloc_parse_ulong(getenv("MI_INJECT_FAIL_AT"));
    state.live_stacks = inject_alloc_parse_ulong(getenv("MI_INJECT_LIVE_STACKS")) != 0;
    if (report && strlen(report) < INJECT_ALLOC_PATH_MAX) {
        memcpy(state.report_path, report, strlen(report) + 1);
        memcpy(state.report_tmp, report, strlen(report));
        memcpy(state.report_tmp + strlen(report), ".tmp", 5);
    }
    if (skip && *skip) inject_alloc_load_skip(skip);
    inject_alloc_live_open();
    Dl_info info;
    if (dladdr((void *)inject_alloc_configure, &info)) state.self_base = info.dli_fbase;
}

/* The self test: one allocation through the counting path that is never counted or failed,
 * so a report with active=1 proves the hooks were really in place. */
static void inject_alloc_self_test(void)
{
    tl_depth++;
    tl_canary++;
    void *volatile p = malloc(8);
    tl_canary--;
    tl_depth--;
    free(p);
}

/* The exit report: what is still live once everything else in the process has cleaned up. */
static void inject_alloc_exit_report(void *unused)
{
    (void)unused;
    tl_busy++;
    inject_alloc_report(1);
}

/* The exit report must come after the libraries' own destructors: libxml2 (2.9.x) frees the
 * exiting thread's copy of its last error in a destructor (xmlCleanupParser), and a report
 * written from our destructor - which runs before theirs, being initialised after them -
 * counted such blocks as leaks although valgrind sees them freed. A handler registered with
 * no DSO handle, here, before __libc_start_main registers ld.so's _dl_fini, runs after
 * _dl_fini (exit runs handlers last-registered first). atexit() would not do: in a shared
 * library it is tied to our DSO handle and run by our own destructor. */
extern int __cxa_atexit(void (*fn)(void *), void *arg, void *dso_handle);
static int exit_report_registered;

__attribute__((constructor)) static void inject_alloc_load(void)
{
    inject_alloc_resolve();
    tl_busy++;
    inject_alloc_configure();
    /* backtrace loads libgcc_s and allocates on its first call: do that now, uncounted. */
    void *frames[4];
    (void)backtrace(frames, 4);
    exit_report_registered = __cxa_atexit(inject_alloc_exit_report, NULL, NULL) == 0;
    tl_busy--;
    inject_alloc_self_test();
    state.configured = 1;
    inject_alloc_report(0);
}

/* Only when the handler could not be registered: a report that came too early beats none. */
__attribute__((destructor)) static void inject_alloc_unload(void)
{
    if (!exit_report_registered) inject_alloc_exit_report(NULL);
}

/*
 * driver_inject - the driver's marks for the allocation-failure interposer
 * (inject/alloc_interposer.c, preloaded by `mi-conform --inject alloc`).
 *
 * The interposer counts and fails only the implementation's allocations. It cannot tell them
 * from the driver's own, so the driver says when control is inside the implementation
 * (mi_inject_enter/leave around every call into it) and when the implementation has called
 * back into the driver's code (mi_inject_suspend/resume around every callback body). The
 * marks are looked up with dlsym(RTLD_DEFAULT): without the interposer, or without
 * --inject alloc, they are no-ops, so the driver never depends on it.
 */
#include <dlfcn.h>
#include <errno.h>

#include "harness/driver/driver.h"

typedef void (*mark_fn)(void);

typedef struct inject_marks {
    mark_fn enter, leave, suspend, resume;
} inject_marks;

/* Set once in conform_driver_inject_init, before any thread of the implementation exists;
 * only read afterwards. */
static inject_marks marks;

static mark_fn lookup(const char *name)
{
    return (mark_fn)dlsym(RTLD_DEFAULT, name);
}

int conform_driver_inject_init(int enabled)
{
    if (!enabled) return 0;
    inject_marks m = {lookup("mi_inject_enter"), lookup("mi_inject_leave"),
                      lookup("mi_inject_suspend"), lookup("mi_inject_resume")};
    /* All four or none: a half set would count callbacks or miss calls. */
    if (m.enter == NULL || m.leave == NULL || m.suspend == NULL || m.resume == NULL) return -1;
    marks = m;
    return 0;
}

/* The marks keep errno: an MI call's caller may look at it, and so may the driver's trace. */
static void call_mark(mark_fn fn)
{
    if (fn == NULL) return;
    int saved = errno;
    fn();
    errno = saved;
}

void conform_driver_impl_begin(void)
{
    call_mark(marks.enter);
}

void conform_driver_impl_end(void)
{
    call_mark(marks.leave);
}

void conform_driver_callback_begin(void)
{
    call_mark(marks.suspend);
}

void conform_driver_callback_end(void)
{
    call_mark(marks.resume);
}

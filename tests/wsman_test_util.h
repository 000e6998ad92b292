/*
 * wsman_test_util.h - deep comparison of MI values and instances for the codec's tests
 * (header-only so each test binary stays one file plus cutest).
 */
#ifndef WSMAN_TEST_UTIL_H
#define WSMAN_TEST_UTIL_H

#include <stdio.h>
#include <string.h>

#include "model/mimodel.h"
#include "wsman/wsman.h"

static inline MI_Datetime wt_timestamp(unsigned y, unsigned mo, unsigned d, unsigned h,
                                       unsigned mi, unsigned s, unsigned us, int utc)
{
    MI_Datetime dt;
    memset(&dt, 0, sizeof dt);
    dt.isTimestamp = 1;
    dt.u.timestamp = (MI_Timestamp){y, mo, d, h, mi, s, us, utc};
    return dt;
}

static inline MI_Datetime wt_interval(unsigned d, unsigned h, unsigned m, unsigned s, unsigned us)
{
    MI_Datetime dt;
    memset(&dt, 0, sizeof dt);
    dt.u.interval = (MI_Interval){d, h, m, s, us, 0, 0, 0};
    return dt;
}

static int wt_instances_equal(const MI_Instance *a, const MI_Instance *b, char *why, size_t n);

/* Scalars compare bitwise (so NaN == NaN and -0 != 0), strings by content, instances deeply. */
static int wt_item_equal(const void *a, const void *b, MI_Type scalar, char *why, size_t n)
{
    if (scalar == MI_STRING) {
        const char *x = *(char *const *)a, *y = *(char *const *)b;
        if (x == NULL || y == NULL || strcmp(x, y) != 0) {
            snprintf(why, n, "string '%s' != '%s'", x ? x : "(null)", y ? y : "(null)");
            return 0;
        }
        return 1;
    }
    if (scalar == MI_INSTANCE || scalar == MI_REFERENCE)
        return wt_instances_equal(*(MI_Instance *const *)a, *(MI_Instance *const *)b, why, n);
    if (scalar == MI_DATETIME) {
        const MI_Datetime *x = a, *y = b;
        int same = x->isTimestamp == y->isTimestamp &&
                   (x->isTimestamp ? memcmp(&x->u.timestamp, &y->u.timestamp,
                                            sizeof x->u.timestamp) == 0
                                   : memcmp(&x->u.interval, &y->u.interval, 5 * 4) == 0);
        if (!same) snprintf(why, n, "datetime differs");
        return same;
    }
    if (memcmp(a, b, mimodel_type_element_size(scalar)) != 0) {
        snprintf(why, n, "scalar of type %d differs", (int)scalar);
        return 0;
    }
    return 1;
}

static int wt_values_equal(const MI_Value *a, const MI_Value *b, MI_Type type, char *why,
                           size_t n)
{
    if (!(type & MI_ARRAY)) return wt_item_equal(a, b, type, why, n);
    MI_Type scalar = (MI_Type)(type & ~MI_ARRAY);
    if (a->array.size != b->array.size) {
        snprintf(why, n, "array size %u != %u", a->array.size, b->array.size);
        return 0;
    }
    size_t sz = mimodel_type_element_size(scalar);
    for (MI_Uint32 i = 0; i < a->array.size; i++)
        if (!wt_item_equal((const char *)a->array.data + i * sz,
                           (const char *)b->array.data + i * sz, scalar, why, n))
            return 0;
    return 1;
}

static int wt_instances_equal(const MI_Instance *a, const MI_Instance *b, char *why, size_t n)
{
    const MI_Char *ca = NULL, *cb = NULL;
    MI_Uint32 na = 0, nb = 0;
    if (a == NULL || b == NULL) {
        snprintf(why, n, "NULL instance");
        return a == b;
    }
    MI_Instance_GetClassName(a, &ca);
    MI_Instance_GetClassName(b, &cb);
    if (ca == NULL || cb == NULL || strcmp(ca, cb) != 0) {
        snprintf(why, n, "class %s != %s", ca ? ca : "?", cb ? cb : "?");
        return 0;
    }
    MI_Instance_GetElementCount(a, &na);
    MI_Instance_GetElementCount(b, &nb);
    if (na != nb) {
        snprintf(why, n, "%s: %u elements != %u", ca, na, nb);
        return 0;
    }
    for (MI_Uint32 i = 0; i < na; i++) {
        const MI_Char *name = NULL;
        MI_Value va, vb;
        MI_Type ta, tb;
        MI_Uint32 fa, fb;
        MI_Instance_GetElementAt(a, i, &name, &va, &ta, &fa);
        if (MI_Instance_GetElement(b, name, &vb, &tb, &fb, NULL) != MI_RESULT_OK) {
            snprintf(why, n, "%s.%s missing", ca, name);
            return 0;
        }
        if (ta != tb || (fa & MI_FLAG_NULL) != (fb & MI_FLAG_NULL)) {
            snprintf(why, n, "%s.%s type %d/%d null %d/%d", ca, name, ta, tb,
                     !!(fa & MI_FLAG_NULL), !!(fb & MI_FLAG_NULL));
            return 0;
        }
        if (!(fa & MI_FLAG_NULL) && !wt_values_equal(&va, &vb, ta, why, n)) {
            size_t k = strlen(why);
            snprintf(why + k, n - k, " (in %s.%s)", ca, name);
            return 0;
        }
    }
    return 1;
}

#endif

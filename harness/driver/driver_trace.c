/*
 * driver_trace - how the driver child writes its trace lines.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/driver/driver.h"
#include "model/mimodel.h"

static atomic_uint next_tid = 1;
static __thread unsigned my_tid; /* 0 until a thread first emits; the main thread stays 0 */
static __thread int tid_set;
static pthread_t main_thread;
static int main_thread_set;

unsigned conform_driver_tid(void)
{
    if (!main_thread_set) {
        main_thread = pthread_self();
        main_thread_set = 1;
    }
    if (!tid_set) {
        my_tid = pthread_equal(pthread_self(), main_thread) ? 0 : atomic_fetch_add(&next_tid, 1);
        tid_set = 1;
    }
    return my_tid;
}

/* One block, one write, under the lock: lines of different threads never interleave. */
void conform_driver_emit(conform_driver *d, conform_trace_line *l)
{
    if (l->text.data != NULL && !l->text.failed) {
        pthread_mutex_lock(&d->lock);
        (void)conform_trace_write_all(d->trace_fd, l->text.data, l->text.len);
        pthread_mutex_unlock(&d->lock);
    }
    conform_trace_line_free(l);
}

void conform_driver_enter(conform_driver *d, const char *call, unsigned op)
{
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, conform_trace_now_us(), conform_driver_tid(), TRACE_EV_ENTER);
    conform_trace_line_add(&l, TRACE_KEY_CALL, call);
    if (op > 0) conform_trace_line_addf(&l, TRACE_KEY_OP, "%u", op);
    conform_trace_line_end(&l);
    conform_driver_emit(d, &l);
    conform_driver_impl_begin(); /* last: the trace line is the driver's own allocation */
}

void conform_driver_leave(conform_driver *d, const char *call, unsigned op, int has_result,
                          MI_Result result)
{
    conform_driver_impl_end(); /* first: the call has returned */
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, conform_trace_now_us(), conform_driver_tid(), TRACE_EV_LEAVE);
    conform_trace_line_add(&l, TRACE_KEY_CALL, call);
    if (op > 0) conform_trace_line_addf(&l, TRACE_KEY_OP, "%u", op);
    if (has_result) conform_trace_line_addf(&l, TRACE_KEY_RESULT, "%d", (int)result);
    conform_trace_line_end(&l);
    conform_driver_emit(d, &l);
}

void conform_driver_note(conform_driver *d, const char *kind, const char *key,
                         const char *value, unsigned op)
{
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, conform_trace_now_us(), conform_driver_tid(), kind);
    if (key != NULL) conform_trace_line_add(&l, key, value);
    if (op > 0) conform_trace_line_addf(&l, TRACE_KEY_OP, "%u", op);
    conform_trace_line_end(&l);
    conform_driver_emit(d, &l);
}

void conform_driver_note_text(conform_driver *d, const char *text, unsigned op)
{
    conform_driver_note(d, TRACE_EV_NOTE, TRACE_KEY_TEXT, text, op);
}

void conform_driver_note_timeout(conform_driver *d, const char *what, unsigned op, int line,
                                 unsigned ms, int given)
{
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, conform_trace_now_us(), conform_driver_tid(), TRACE_EV_TIMEOUT);
    conform_trace_line_add(&l, TRACE_KEY_WHAT, what);
    if (op > 0) conform_trace_line_addf(&l, TRACE_KEY_OP, "%u", op);
    if (line > 0) conform_trace_line_addf(&l, TRACE_KEY_LINE, "%d", line);
    conform_trace_line_addf(&l, TRACE_KEY_MS, "%u", ms);
    conform_trace_line_addf(&l, TRACE_KEY_GIVEN, "%d", given ? 1 : 0);
    conform_trace_line_end(&l);
    conform_driver_emit(d, &l);
}

/* ---------------------------------------------------------------- instances */

static void add_value_line(conform_trace_line *l, const char *name, const MI_Value *v,
                           MI_Type type, MI_Uint32 flags, unsigned op, const char *src);

static void add_nested(conform_trace_line *l, const char *prefix, const MI_Instance *inst,
                       unsigned op, const char *src)
{
    MI_Uint32 count = 0;
    if (inst == NULL || inst->ft == NULL || inst->ft->GetElementCount(inst, &count) != MI_RESULT_OK)
        return;
    for (MI_Uint32 i = 0; i < count; i++) {
        const MI_Char *name = NULL;
        MI_Value v;
        MI_Type type;
        MI_Uint32 flags = 0;
        memset(&v, 0, sizeof v);
        if (inst->ft->GetElementAt(inst, i, &name, &v, &type, &flags) != MI_RESULT_OK) continue;
        char full[1100];
        snprintf(full, sizeof full, "%.540s%.540s", prefix, name ? name : "?");
        add_value_line(l, full, &v, type, flags, op, src);
    }
}

static void add_instance_value(conform_trace_line *l, const char *name, const MI_Instance *inst,
                               unsigned op, const char *src)
{
    const MI_Char *cls = NULL;
    if (inst != NULL && inst->ft != NULL) inst->ft->GetClassName(inst, &cls);
    conform_trace_line_add(l, TRACE_KEY_VALUE, cls ? cls : "");
    conform_trace_line_end(l);
    char prefix[600];
    snprintf(prefix, sizeof prefix, "%.500s.", name);
    add_nested(l, prefix, inst, op, src);
}

static void add_array_items(conform_trace_line *l, const char *name, const MI_Value *v,
                            MI_Type type, unsigned op, const char *src)
{
    MI_Type scalar = (MI_Type)(type & ~MI_ARRAY);
    MI_Uint32 n = v->array.size;
    if (scalar == MI_INSTANCE || scalar == MI_REFERENCE) {
        conform_trace_line_addf(l, TRACE_KEY_COUNT, "%u", n);
        conform_trace_line_end(l);
        for (MI_Uint32 i = 0; i < n; i++) {
            char prefix[600];
            snprintf(prefix, sizeof prefix, "%.500s[%u].", name, i);
            add_nested(l, prefix, v->instancea.data[i], op, src);
        }
        return;
    }
    conform_trace_line_add(l, TRACE_KEY_ITEMS, ""); /* " items=": the items follow */
    size_t size = mimodel_type_element_size(scalar);
    for (MI_Uint32 i = 0; i < n; i++) {
        MI_Value item;
        memset(&item, 0, sizeof item);
        memcpy(&item, (const char *)v->array.data + (size_t)i * size, size);
        char *text = conform_driver_value_text(&item, scalar);
        conform_trace_line_add_item(l, text ? text : "", i == 0);
        free(text);
    }
    conform_trace_line_end(l);
}

static void add_value_line(conform_trace_line *l, const char *name, const MI_Value *v,
                           MI_Type type, MI_Uint32 flags, unsigned op, const char *src)
{
    conform_trace_line_begin(l, conform_trace_now_us(), conform_driver_tid(), TRACE_EV_VALUE);
    conform_trace_line_addf(l, TRACE_KEY_OP, "%u", op);
    conform_trace_line_add(l, TRACE_KEY_SRC, src);
    conform_trace_line_add(l, TRACE_KEY_NAME, name);
    conform_trace_line_add(l, TRACE_KEY_TYPE, conform_case_type_name(type));
    int is_null = (flags & MI_FLAG_NULL) != 0;
    conform_trace_line_addf(l, TRACE_KEY_NULL, "%d", is_null);
    MI_Type scalar = (MI_Type)(type & ~MI_ARRAY);
    if (is_null) {
        conform_trace_line_end(l);
    } else if (type & MI_ARRAY) {
        add_array_items(l, name, v, type, op, src);
    } else if (scalar == MI_INSTANCE || scalar == MI_REFERENCE) {
        add_instance_value(l, name, v->instance, op, src);
    } else {
        char *text = conform_driver_value_text(v, type);
        conform_trace_line_add(l, TRACE_KEY_VALUE, text ? text : "");
        free(text);
        conform_trace_line_end(l);
    }
}

void conform_driver_add_instance(conform_trace_line *l, const MI_Instance *inst, unsigned op,
                                 const char *src)
{
    add_nested(l, "", inst, op, src);
}

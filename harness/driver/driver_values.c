/*
 * driver_values - the row's values, from the table's text (the forms driver_value_text.c
 * writes), into MI_Value and into the instances the row's call passes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/driver/driver.h"
#include "model/mimodel.h"

/* ---------------------------------------------------------------- text -> MI_Value */

static int parse_datetime(const char *t, MI_Datetime *dt)
{
    memset(dt, 0, sizeof *dt);
    unsigned a, b, c, d, e, f, us;
    char sign;
    int utc;
    if (strlen(t) != 25) return -1;
    if (t[21] == ':') {
        if (sscanf(t, "%8u%2u%2u%2u.%6u", &a, &b, &c, &d, &us) != 5) return -1;
        dt->u.interval = (MI_Interval){a, b, c, d, us, 0, 0, 0};
        return 0;
    }
    if (sscanf(t, "%4u%2u%2u%2u%2u%2u.%6u%c%3d", &a, &b, &c, &d, &e, &f, &us, &sign, &utc) != 9)
        return -1;
    dt->isTimestamp = 1;
    dt->u.timestamp = (MI_Timestamp){a, b, c, d, e, f, us, sign == '-' ? -utc : utc};
    return 0;
}

/* One scalar of `scalar` type from text into v (strings borrowed from the text). */
static int scalar_from_text(const char *t, MI_Type scalar, MI_Value *v)
{
    switch (scalar) {
    case MI_BOOLEAN: v->boolean = strcmp(t, "true") == 0; return 0;
    case MI_UINT8: v->uint8 = (MI_Uint8)strtoul(t, NULL, 10); return 0;
    case MI_SINT8: v->sint8 = (MI_Sint8)strtol(t, NULL, 10); return 0;
    case MI_UINT16: v->uint16 = (MI_Uint16)strtoul(t, NULL, 10); return 0;
    case MI_SINT16: v->sint16 = (MI_Sint16)strtol(t, NULL, 10); return 0;
    case MI_UINT32: v->uint32 = (MI_Uint32)strtoul(t, NULL, 10); return 0;
    case MI_SINT32: v->sint32 = (MI_Sint32)strtol(t, NULL, 10); return 0;
    case MI_UINT64: v->uint64 = strtoull(t, NULL, 10); return 0;
    case MI_SINT64: v->sint64 = strtoll(t, NULL, 10); return 0;
    case MI_REAL32: v->real32 = strtof(t, NULL); return 0;
    case MI_REAL64: v->real64 = strtod(t, NULL); return 0;
    case MI_CHAR16: v->char16 = (MI_Char16)strtoul(t, NULL, 10); return 0;
    case MI_DATETIME: return parse_datetime(t, &v->datetime);
    case MI_STRING: v->string = (MI_Char *)t; return 0;
    default: return -1;
    }
}

/* A value ready for AddElement; *scratch holds what must be freed after (AddElement copies). */
typedef struct built_value {
    MI_Value v;
    void *array;
    MI_Instance **instances;
    size_t n_instances;
} built_value;

static void built_clear(built_value *b)
{
    free(b->array);
    for (size_t i = 0; i < b->n_instances; i++)
        if (b->instances[i] != NULL) {
            conform_driver_impl_begin();
            MI_Instance_Delete(b->instances[i]);
            conform_driver_impl_end();
        }
    free(b->instances);
}

static int build_instances(conform_driver *d, const conform_case_value *cv, built_value *b)
{
    b->instances = calloc(cv->n_instances ? cv->n_instances : 1, sizeof *b->instances);
    if (b->instances == NULL) return -1;
    b->n_instances = cv->n_instances;
    for (size_t i = 0; i < cv->n_instances; i++)
        if (conform_driver_build_instance(d, &cv->instances[i], &b->instances[i]) != 0) return -1;
    if (cv->type & MI_ARRAY) {
        b->v.instancea.data = b->instances;
        b->v.instancea.size = (MI_Uint32)cv->n_instances;
    } else {
        b->v.instance = b->instances[0];
    }
    return 0;
}

static int build_value(conform_driver *d, const conform_case_value *cv, built_value *b)
{
    memset(b, 0, sizeof *b);
    MI_Type scalar = (MI_Type)(cv->type & ~MI_ARRAY);
    if (cv->is_null) return 0;
    if (scalar == MI_INSTANCE || scalar == MI_REFERENCE) return build_instances(d, cv, b);
    if (!(cv->type & MI_ARRAY)) return scalar_from_text(cv->items[0], scalar, &b->v);
    size_t size = mimodel_type_element_size(scalar);
    b->array = calloc(cv->n_items ? cv->n_items : 1, size);
    if (b->array == NULL) return -1;
    for (size_t i = 0; i < cv->n_items; i++) {
        MI_Value one;
        memset(&one, 0, sizeof one);
        if (scalar_from_text(cv->items[i], scalar, &one) != 0) return -1;
        memcpy((char *)b->array + i * size, &one, size);
    }
    b->v.array.data = b->array;
    b->v.array.size = (MI_Uint32)cv->n_items;
    return 0;
}

static int add_property(conform_driver *d, MI_Instance *inst, const conform_case_value *cv)
{
    built_value b;
    int rc = build_value(d, cv, &b);
    MI_Uint32 flags = (cv->is_key ? MI_FLAG_KEY : 0) | (cv->is_null ? MI_FLAG_NULL : 0);
    if (rc == 0) {
        conform_driver_impl_begin();
        MI_Result r = MI_Instance_AddElement(inst, cv->name, &b.v, /* zeroed when NULL */
                                             cv->type, flags);
        conform_driver_impl_end();
        if (r != MI_RESULT_OK) {
            char what[160];
            snprintf(what, sizeof what, "AddElement(%s) returned %d", cv->name, (int)r);
            conform_driver_note_text(d, what, 0);
            rc = -1;
        }
    }
    built_clear(&b);
    return rc;
}

int conform_driver_build_instance(conform_driver *d, const conform_case_instance *spec,
                                  MI_Instance **out)
{
    *out = NULL;
    conform_driver_impl_begin();
    MI_Result r = MI_Application_NewInstance(&d->app, spec->class_name, NULL, out);
    if (r == MI_RESULT_OK && *out != NULL && spec->namespace_name != NULL)
        MI_Instance_SetNameSpace(*out, spec->namespace_name);
    conform_driver_impl_end();
    if (r != MI_RESULT_OK || *out == NULL) {
        conform_driver_note_text(d, "NewInstance failed", 0);
        return -1;
    }
    for (size_t i = 0; i < spec->n_props; i++)
        if (add_property(d, *out, &spec->props[i]) != 0) return -1;
    return 0;
}

/*
 * value.c - deep copy, release and null of MI values, whatever implementation made the
 * instances they embed (embedded instances are copied and deleted through their own function
 * tables).
 */
#include "model/mimodel.h"

#include <stdlib.h>
#include <string.h>

static MI_Result copy_string(MI_Char **dst, const MI_Char *src)
{
    *dst = NULL;
    if (src == NULL) return MI_RESULT_OK;
    *dst = strdup(src);
    return *dst != NULL ? MI_RESULT_OK : MI_RESULT_SERVER_LIMITS_EXCEEDED;
}

/* Embedded instances are copied through their own function table, so instances of another
 * implementation can be embedded too. */
static MI_Result copy_instance(MI_Instance **dst, const MI_Instance *src)
{
    *dst = NULL;
    if (src == NULL) return MI_RESULT_OK;
    if (src->ft == NULL || src->ft->Clone == NULL) return MI_RESULT_INVALID_PARAMETER;
    return src->ft->Clone(src, dst);
}

static void free_instance(MI_Instance *inst)
{
    if (inst != NULL && inst->ft != NULL && inst->ft->Delete != NULL) inst->ft->Delete(inst);
}

/* Frees the pointer members of an array's elements [0, n). */
static void clear_array_items(void *data, MI_Uint32 n, MI_Type type)
{
    MI_Type elem = (MI_Type)(type & ~MI_ARRAY);
    if (elem == MI_STRING) {
        MI_Char **s = data;
        for (MI_Uint32 i = 0; i < n; i++) free(s[i]);
    } else if (mimodel_type_is_instance(elem)) {
        MI_Instance **p = data;
        for (MI_Uint32 i = 0; i < n; i++) free_instance(p[i]);
    }
}

/* Deep-copies the pointer members of an array whose buffer was already copied byte for byte;
 * on failure frees what it copied and leaves the buffer holding no pointer of its own. */
static MI_Result copy_array_items(void *data, MI_Uint32 n, MI_Type type)
{
    MI_Type elem = (MI_Type)(type & ~MI_ARRAY);
    MI_Result r = MI_RESULT_OK;
    MI_Uint32 i = 0;
    if (elem == MI_STRING) {
        MI_Char **s = data;
        for (; i < n && r == MI_RESULT_OK; i++) r = copy_string(&s[i], s[i]);
    } else if (mimodel_type_is_instance(elem)) {
        MI_Instance **p = data;
        for (; i < n && r == MI_RESULT_OK; i++) r = copy_instance(&p[i], p[i]);
    }
    if (r != MI_RESULT_OK) clear_array_items(data, i - 1, type); /* item i-1 failed, is NULL */
    return r;
}

static MI_Result copy_array(MI_Array *dst, const MI_Array *src, MI_Type type)
{
    dst->data = NULL;
    dst->size = 0;
    if (src->size == 0) return MI_RESULT_OK;
    if (src->data == NULL) return MI_RESULT_INVALID_PARAMETER;
    size_t bytes = (size_t)src->size * mimodel_type_element_size(type);
    void *data = malloc(bytes);
    if (data == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    memcpy(data, src->data, bytes);
    MI_Result r = copy_array_items(data, src->size, type);
    if (r != MI_RESULT_OK) {
        free(data);
        return r;
    }
    dst->data = data;
    dst->size = src->size;
    return MI_RESULT_OK;
}

MI_Result mimodel_value_copy(MI_Value *dst, const MI_Value *src, MI_Type type)
{
    if (dst == NULL) return MI_RESULT_INVALID_PARAMETER;
    memset(dst, 0, sizeof *dst);
    if (src == NULL || !mimodel_type_is_valid(type)) return MI_RESULT_INVALID_PARAMETER;
    if (mimodel_type_is_array(type)) return copy_array(&dst->array, &src->array, type);
    if (type == MI_STRING) return copy_string(&dst->string, src->string);
    if (mimodel_type_is_instance(type)) return copy_instance(&dst->instance, src->instance);
    *dst = *src; /* scalars and datetimes carry no pointer */
    return MI_RESULT_OK;
}

void mimodel_value_clear(MI_Value *value, MI_Type type)
{
    if (value == NULL) return;
    if (mimodel_type_is_array(type) && mimodel_type_is_valid(type)) {
        if (value->array.data != NULL) clear_array_items(value->array.data, value->array.size, type);
        free(value->array.data);
    } else if (type == MI_STRING) {
        free(value->string);
    } else if (mimodel_type_is_instance(type)) {
        free_instance(value->instance);
    }
    memset(value, 0, sizeof *value);
}

int mimodel_value_is_null(const MI_Value *value, MI_Type type, MI_Uint32 flags)
{
    if (value == NULL || (flags & MI_FLAG_NULL)) return 1;
    if (type == MI_STRING) return value->string == NULL;
    if (mimodel_type_is_instance(type)) return value->instance == NULL;
    return 0;
}


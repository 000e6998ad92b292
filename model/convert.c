/*
 * convert.c - bringing a value read without type information to the type a declaration
 * asks for. The wire cannot tell a one-element array from a scalar, nor (untyped) a number from
 * a string, so a reader that knows the declared type (the mock server from its fixture, a
 * client from a streamed i:Type) converts with this.
 */
#include <stdlib.h>
#include <string.h>

#include "model/mimodel.h"

static int is_object(MI_Type scalar)
{
    return scalar == MI_INSTANCE || scalar == MI_REFERENCE;
}

/* scalar -> scalar */
static MI_Result convert_scalar(const MI_Value *src, MI_Type from, MI_Type to, MI_Value *dst)
{
    memset(dst, 0, sizeof *dst);
    if (from == to) return mimodel_value_copy(dst, src, from);
    if (is_object(from) || is_object(to)) return MI_RESULT_TYPE_MISMATCH;
    if (from == MI_STRING) return mimodel_value_from_text(src->string ? src->string : "", to, dst);
    /* between scalar types: through their text, so ranges are checked the same way */
    char *text = mimodel_value_to_text(src, from);
    if (text == NULL) return MI_RESULT_TYPE_MISMATCH;
    MI_Result st = mimodel_value_from_text(text, to, dst);
    free(text);
    return st;
}

MI_Result mimodel_value_convert(const MI_Value *src, MI_Type src_type, MI_Type want,
                                MI_Value *dst)
{
    if (src == NULL || dst == NULL) return MI_RESULT_INVALID_PARAMETER;
    memset(dst, 0, sizeof *dst);
    if (!mimodel_type_is_array(want)) {
        if (mimodel_type_is_array(src_type)) return MI_RESULT_TYPE_MISMATCH;
        return convert_scalar(src, src_type, want, dst);
    }
    if (src_type == want) return mimodel_value_copy(dst, src, want);
    MI_Type to = (MI_Type)(want & ~MI_ARRAY);
    MI_Type from = (MI_Type)(src_type & ~MI_ARRAY);
    MI_Uint32 n = mimodel_type_is_array(src_type) ? src->array.size : 1;
    size_t from_size = mimodel_type_element_size(from), to_size = mimodel_type_element_size(to);
    char *data = calloc(n ? n : 1, to_size);
    if (data == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    dst->array.data = data;
    for (MI_Uint32 i = 0; i < n; i++) {
        MI_Value in, out;
        memset(&in, 0, sizeof in);
        memcpy(&in, mimodel_type_is_array(src_type) ? (const char *)src->array.data + i * from_size
                                                    : (const char *)src,
               from_size);
        MI_Result st = convert_scalar(&in, from, to, &out);
        if (st != MI_RESULT_OK) {
            mimodel_value_clear(dst, want);
            return st;
        }
        memcpy(data + i * to_size, &out, to_size);
        dst->array.size = i + 1;
    }
    return MI_RESULT_OK;
}

/*
 * values_convert.c - bringing a value read without type information to the type a declaration
 * asks for. The wire cannot tell a one-element array from a scalar, nor (untyped) a number from
 * a string, so a reader that knows the declared type (the mock server from its fixture, a
 * client from a streamed i:Type) converts with this.
 */
#include <stdlib.h>
#include <string.h>

#include "reference/instance.h"
#include "wsman/wsman_int.h"

static int is_object(MI_Type scalar)
{
    return scalar == MI_INSTANCE || scalar == MI_REFERENCE;
}

/* scalar -> scalar */
static wsman_status convert_scalar(const MI_Value *src, MI_Type from, MI_Type to, MI_Value *dst)
{
    memset(dst, 0, sizeof *dst);
    if (from == to) return miref_value_copy(dst, src, from) == MI_RESULT_OK ? WSMAN_OK
                                                                            : WSMAN_E_NOMEM;
    if (is_object(from) || is_object(to)) return WSMAN_E_VALUE;
    if (from == MI_STRING) return wsman_value_from_text(src->string ? src->string : "", to, dst);
    /* between scalar types: through their text, so ranges are checked the same way */
    char *text = wsman_value_to_text(src, from);
    if (text == NULL) return WSMAN_E_VALUE;
    wsman_status st = wsman_value_from_text(text, to, dst);
    free(text);
    return st;
}

wsman_status wsman_value_convert(const MI_Value *src, MI_Type src_type, MI_Type want,
                                 MI_Value *dst)
{
    if (src == NULL || dst == NULL) return WSMAN_E_ARGUMENT;
    memset(dst, 0, sizeof *dst);
    if (!wsman_is_array(want)) {
        if (wsman_is_array(src_type)) return WSMAN_E_VALUE;
        return convert_scalar(src, src_type, want, dst);
    }
    if (src_type == want) return miref_value_copy(dst, src, want) == MI_RESULT_OK
                                     ? WSMAN_OK : WSMAN_E_NOMEM;
    MI_Type to = (MI_Type)(want & ~MI_ARRAY);
    MI_Type from = (MI_Type)(src_type & ~MI_ARRAY);
    MI_Uint32 n = wsman_is_array(src_type) ? src->array.size : 1;
    size_t from_size = miref_type_element_size(from), to_size = miref_type_element_size(to);
    char *data = calloc(n ? n : 1, to_size);
    if (data == NULL) return WSMAN_E_NOMEM;
    dst->array.data = data;
    for (MI_Uint32 i = 0; i < n; i++) {
        MI_Value in, out;
        memset(&in, 0, sizeof in);
        memcpy(&in, wsman_is_array(src_type) ? (const char *)src->array.data + i * from_size
                                             : (const char *)src, from_size);
        wsman_status st = convert_scalar(&in, from, to, &out);
        if (st != WSMAN_OK) {
            miref_value_clear(dst, want);
            return st;
        }
        memcpy(data + i * to_size, &out, to_size);
        dst->array.size = i + 1;
    }
    return WSMAN_OK;
}

/*
 * mock_value - CIM values from the text a fixture or a request carries. The text <-> value rules
 * are the codec's (mimodel_value_from_text / mimodel_value_to_text); this file only assembles
 * arrays and instances from them.
 */
#include <stdlib.h>
#include <string.h>

#include "mock_server/mock_int.h"
#include "model/mimodel.h"

/* Fixtures name scalar types only; an array is said by the element's array attribute. */
int mock_value_type_from_name(const char *name, MI_Type *type)
{
    MI_Type t;
    if (mimodel_type_from_name(name, &t) != 0 || mimodel_type_is_array(t)) return -1;
    *type = t;
    return 0;
}

MI_Type mock_value_array_type(MI_Type scalar)
{
    return (MI_Type)(scalar | MI_ARRAY);
}

int mock_value_text_ok(const char *text, MI_Type scalar)
{
    MI_Value v;
    memset(&v, 0, sizeof v);
    if (mimodel_value_from_text(text, scalar, &v) != MI_RESULT_OK) return -1;
    mimodel_value_clear(&v, scalar);
    return 0;
}

char *mock_value_canonical(const char *text, MI_Type scalar)
{
    if (scalar == MI_STRING) return strdup(text);
    MI_Value v;
    memset(&v, 0, sizeof v);
    if (mimodel_value_from_text(text, scalar, &v) != MI_RESULT_OK) return NULL;
    char *c = mimodel_value_to_text(&v, scalar);
    mimodel_value_clear(&v, scalar);
    return c;
}

int mock_value_from_texts(MI_Type scalar, int as_array, const char *const *texts, size_t n,
                          MI_Value *v)
{
    memset(v, 0, sizeof *v);
    if (!as_array) {
        if (n != 1) return -1;
        return mimodel_value_from_text(texts[0], scalar, v) == MI_RESULT_OK ? 0 : -1;
    }
    size_t es = mimodel_type_element_size(scalar);
    char *data = calloc(n ? n : 1, es);
    if (data == NULL) return -1;
    for (size_t i = 0; i < n; i++) {
        MI_Value one;
        memset(&one, 0, sizeof one);
        if (mimodel_value_from_text(texts[i], scalar, &one) != MI_RESULT_OK) {
            v->array.data = data;
            v->array.size = (MI_Uint32)i;
            mimodel_value_clear(v, mock_value_array_type(scalar));
            return -1;
        }
        /* Every scalar member of MI_Value starts at offset 0, so its bytes are the element. */
        memcpy(data + i * es, &one, es);
    }
    v->array.data = data;
    v->array.size = (MI_Uint32)n;
    return 0;
}

int mock_value_add_texts(MI_Instance *inst, const char *name, MI_Type scalar, int array,
                         const char *const *texts, size_t n)
{
    MI_Value v;
    MI_Type t = array ? mock_value_array_type(scalar) : scalar;
    if (mock_value_from_texts(scalar, array, texts, n, &v) != 0) return -1;
    MI_Result r = MI_Instance_AddElement(inst, name, &v, t, 0);
    mimodel_value_clear(&v, t);
    return r == MI_RESULT_OK ? 0 : -1;
}

long mock_value_texts_of(const MI_Value *v, MI_Type type, char ***out)
{
    *out = NULL;
    int is_array = (type & MI_ARRAY) != 0;
    MI_Type scalar = (MI_Type)(type & ~MI_ARRAY);
    if (scalar == MI_INSTANCE || scalar == MI_REFERENCE) return -1;
    size_t n = is_array ? v->array.size : 1;
    char **texts = calloc(n ? n : 1, sizeof *texts);
    if (texts == NULL) return -1;
    size_t es = mimodel_type_element_size(scalar);
    for (size_t i = 0; i < n; i++) {
        MI_Value one;
        memset(&one, 0, sizeof one);
        if (is_array) memcpy(&one, (const char *)v->array.data + i * es, es);
        else one = *v;
        texts[i] = scalar == MI_STRING ? strdup(one.string ? one.string : "")
                                       : mimodel_value_to_text(&one, scalar);
        if (texts[i] == NULL) {
            mock_value_free_texts(texts, i);
            return -1;
        }
    }
    *out = texts;
    return (long)n;
}

void mock_value_free_texts(char **texts, size_t n)
{
    if (texts == NULL) return;
    for (size_t i = 0; i < n; i++) free(texts[i]);
    free(texts);
}

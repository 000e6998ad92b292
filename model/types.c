/*
 * types.c - the names, sizes and kinds of MI types, and the names of MI results: the one table
 * of each in the kit.
 */
#include "model/mimodel.h"

#include <stdio.h>
#include <string.h>

static const char *const type_names[] = {
    "boolean", "uint8",  "sint8",  "uint16",   "sint16",   "uint32",    "sint32",    "uint64",
    "sint64",  "real32", "real64", "char16",   "datetime", "string",    "reference", "instance",
};

const char *mimodel_type_name(MI_Type type)
{
    static const char *const array_names[] = {
        "booleana", "uint8a",  "sint8a",  "uint16a",   "sint16a",   "uint32a",    "sint32a",
        "uint64a",  "sint64a", "real32a", "real64a",   "char16a",   "datetimea",  "stringa",
        "referencea", "instancea",
    };
    if ((unsigned)type < 16) return type_names[type];
    if ((unsigned)type < 32) return array_names[type - 16];
    return NULL;
}

int mimodel_type_from_name(const char *name, MI_Type *type)
{
    if (name == NULL || type == NULL) return -1;
    for (unsigned t = 0; t < 32; t++) {
        if (strcmp(name, mimodel_type_name((MI_Type)t)) == 0) {
            *type = (MI_Type)t;
            return 0;
        }
    }
    return -1;
}

static const struct {
    MI_Result code;
    const char *name;
} result_names[] = {
    {MI_RESULT_OK, "MI_RESULT_OK"},
    {MI_RESULT_FAILED, "MI_RESULT_FAILED"},
    {MI_RESULT_ACCESS_DENIED, "MI_RESULT_ACCESS_DENIED"},
    {MI_RESULT_INVALID_NAMESPACE, "MI_RESULT_INVALID_NAMESPACE"},
    {MI_RESULT_INVALID_PARAMETER, "MI_RESULT_INVALID_PARAMETER"},
    {MI_RESULT_INVALID_CLASS, "MI_RESULT_INVALID_CLASS"},
    {MI_RESULT_NOT_FOUND, "MI_RESULT_NOT_FOUND"},
    {MI_RESULT_NOT_SUPPORTED, "MI_RESULT_NOT_SUPPORTED"},
    {MI_RESULT_CLASS_HAS_CHILDREN, "MI_RESULT_CLASS_HAS_CHILDREN"},
    {MI_RESULT_CLASS_HAS_INSTANCES, "MI_RESULT_CLASS_HAS_INSTANCES"},
    {MI_RESULT_INVALID_SUPERCLASS, "MI_RESULT_INVALID_SUPERCLASS"},
    {MI_RESULT_ALREADY_EXISTS, "MI_RESULT_ALREADY_EXISTS"},
    {MI_RESULT_NO_SUCH_PROPERTY, "MI_RESULT_NO_SUCH_PROPERTY"},
    {MI_RESULT_TYPE_MISMATCH, "MI_RESULT_TYPE_MISMATCH"},
    {MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED, "MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED"},
    {MI_RESULT_INVALID_QUERY, "MI_RESULT_INVALID_QUERY"},
    {MI_RESULT_METHOD_NOT_AVAILABLE, "MI_RESULT_METHOD_NOT_AVAILABLE"},
    {MI_RESULT_METHOD_NOT_FOUND, "MI_RESULT_METHOD_NOT_FOUND"},
    {MI_RESULT_NAMESPACE_NOT_EMPTY, "MI_RESULT_NAMESPACE_NOT_EMPTY"},
    {MI_RESULT_INVALID_ENUMERATION_CONTEXT, "MI_RESULT_INVALID_ENUMERATION_CONTEXT"},
    {MI_RESULT_INVALID_OPERATION_TIMEOUT, "MI_RESULT_INVALID_OPERATION_TIMEOUT"},
    {MI_RESULT_PULL_HAS_BEEN_ABANDONED, "MI_RESULT_PULL_HAS_BEEN_ABANDONED"},
    {MI_RESULT_PULL_CANNOT_BE_ABANDONED, "MI_RESULT_PULL_CANNOT_BE_ABANDONED"},
    {MI_RESULT_FILTERED_ENUMERATION_NOT_SUPPORTED, "MI_RESULT_FILTERED_ENUMERATION_NOT_SUPPORTED"},
    {MI_RESULT_CONTINUATION_ON_ERROR_NOT_SUPPORTED, "MI_RESULT_CONTINUATION_ON_ERROR_NOT_SUPPORTED"},
    {MI_RESULT_SERVER_LIMITS_EXCEEDED, "MI_RESULT_SERVER_LIMITS_EXCEEDED"},
    {MI_RESULT_SERVER_IS_SHUTTING_DOWN, "MI_RESULT_SERVER_IS_SHUTTING_DOWN"},
};
#define N_RESULT_NAMES (sizeof result_names / sizeof result_names[0])

static const char *known_result_name(MI_Result result)
{
    for (size_t i = 0; i < N_RESULT_NAMES; i++)
        if (result_names[i].code == result) return result_names[i].name;
    return NULL;
}

const char *mimodel_result_name(MI_Result result)
{
    static _Thread_local char unknown[32];
    const char *name = known_result_name(result);
    if (name != NULL) return name;
    snprintf(unknown, sizeof unknown, "MI_RESULT_%u", (unsigned)result);
    return unknown;
}

int mimodel_result_is_known(MI_Result result)
{
    return known_result_name(result) != NULL;
}

int mimodel_result_from_name(const char *name, MI_Result *result)
{
    if (name == NULL || result == NULL) return -1;
    size_t prefix = strlen("MI_RESULT_");
    for (size_t i = 0; i < N_RESULT_NAMES; i++) {
        const char *full = result_names[i].name;
        if (strcmp(name, full) == 0 || strcmp(name, full + prefix) == 0) {
            *result = result_names[i].code;
            return 0;
        }
    }
    return -1;
}

/* Bytes of one array element of an array type (or of the scalar type itself). */
size_t mimodel_type_element_size(MI_Type type)
{
    switch ((MI_Type)(type & ~MI_ARRAY)) {
    case MI_BOOLEAN: return sizeof(MI_Boolean);
    case MI_UINT8: return sizeof(MI_Uint8);
    case MI_SINT8: return sizeof(MI_Sint8);
    case MI_UINT16: return sizeof(MI_Uint16);
    case MI_SINT16: return sizeof(MI_Sint16);
    case MI_UINT32: return sizeof(MI_Uint32);
    case MI_SINT32: return sizeof(MI_Sint32);
    case MI_UINT64: return sizeof(MI_Uint64);
    case MI_SINT64: return sizeof(MI_Sint64);
    case MI_REAL32: return sizeof(MI_Real32);
    case MI_REAL64: return sizeof(MI_Real64);
    case MI_CHAR16: return sizeof(MI_Char16);
    case MI_DATETIME: return sizeof(MI_Datetime);
    case MI_STRING: return sizeof(MI_Char *);
    default: return sizeof(MI_Instance *); /* MI_REFERENCE, MI_INSTANCE */
    }
}

int mimodel_type_is_valid(MI_Type type)
{
    return (unsigned)type <= MI_INSTANCEA;
}

int mimodel_type_is_array(MI_Type type)
{
    return (type & MI_ARRAY) != 0;
}

int mimodel_type_is_instance(MI_Type type)
{
    return type == MI_INSTANCE || type == MI_REFERENCE;
}

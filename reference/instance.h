/*
 * The reference implementation's dynamic MI_Instance and MI_Value helpers.
 *
 * This is the object model the codec reads values into and writes values from, and the one the
 * reference hands to callers. Everything about an instance beyond creation goes through its
 * MI_InstanceFT (the MI_Instance_* wrappers of mi.h), so code written against this header also
 * works on any other implementation's instances.
 */
#ifndef MIREF_INSTANCE_H
#define MIREF_INSTANCE_H

#include <stddef.h>

#include "mi.h"

/* A new, empty dynamic instance of `className` (copied; must not be NULL or empty).
 * Delete it with MI_Instance_Delete. */
MI_Result miref_instance_new(const MI_Char *className, MI_Instance **out);

/* Deep copy of a value of `type` (strings, arrays, embedded instances and references are
 * duplicated; a NULL string or instance stays NULL). On failure *dst is left zeroed. */
MI_Result miref_value_copy(MI_Value *dst, const MI_Value *src, MI_Type type);

/* Frees what miref_value_copy allocated and zeroes the value. */
void miref_value_clear(MI_Value *value, MI_Type type);

/* Bytes one element of `type` takes inside an MI array: for an array type its element type,
 * for a scalar type that type (pointers for strings, instances and references). */
size_t miref_type_element_size(MI_Type type);

/* "boolean", "uint32", "string", "uint32a", "instancea", ... ; NULL for an unknown type. */
const char *miref_type_name(MI_Type type);

/* The inverse of miref_type_name; returns 0 on success, -1 for an unknown name. */
int miref_type_from_name(const char *name, MI_Type *type);

/* "MI_RESULT_OK", "MI_RESULT_INVALID_PARAMETER", ... ; "MI_RESULT_<n>" style text for unknown
 * codes is written into a static per-thread buffer. */
const char *miref_result_name(MI_Result result);

#endif

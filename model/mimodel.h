/*
 * mimodel - the MI value model every part of the kit shares: type names and sizes, null,
 * deep copy, dynamic instances, and the text form of values.
 *
 * It sits under the codec (wsman/), the reference client (reference/), the mock server and the
 * harness, and depends on nothing but mi.h and libc (libxml2 only to decode one UTF-8
 * character). Errors are MI_Result codes, as MI itself reports them:
 *   MI_RESULT_INVALID_PARAMETER        a NULL or unknown argument
 *   MI_RESULT_TYPE_MISMATCH            text or a value that is not a value of the wanted type
 *   MI_RESULT_SERVER_LIMITS_EXCEEDED   out of memory (what OMI reports for it too)
 *
 * Instances made here are the reference implementation's. Everything about an instance beyond
 * creation goes through its MI_InstanceFT (the MI_Instance_* wrappers of mi.h), so code written
 * against this header also works on any other implementation's instances.
 */
#ifndef MIMODEL_H
#define MIMODEL_H

#include <stddef.h>

#include "mi.h"

/* ---------------------------------------------------------------- types */

/* "boolean", "uint32", "string", "uint32a", "instancea", ... ; NULL for an unknown type.
 * The one table of type names in the kit (types.c). */
const char *mimodel_type_name(MI_Type type);

/* The inverse of mimodel_type_name; 0 on success, -1 for an unknown name. */
int mimodel_type_from_name(const char *name, MI_Type *type);

int mimodel_type_is_valid(MI_Type type);
int mimodel_type_is_array(MI_Type type);
/* MI_INSTANCE or MI_REFERENCE: the value is an MI_Instance pointer. */
int mimodel_type_is_instance(MI_Type type);

/* Bytes one element of `type` takes inside an MI array: for an array type its element type,
 * for a scalar type that type (pointers for strings, instances and references). */
size_t mimodel_type_element_size(MI_Type type);

/* "MI_RESULT_OK", "MI_RESULT_INVALID_PARAMETER", ... ; "MI_RESULT_<n>" for unknown codes,
 * written into a static per-thread buffer. */
const char *mimodel_result_name(MI_Result result);
int mimodel_result_is_known(MI_Result result);
/* "MI_RESULT_NOT_FOUND" or "NOT_FOUND" -> MI_RESULT_NOT_FOUND; 0, or -1 for no such name. */
int mimodel_result_from_name(const char *name, MI_Result *result);

/* ---------------------------------------------------------------- values */

/* A value that cannot be anything but null: no value at all, MI_FLAG_NULL, or a NULL string or
 * instance. An array is null only by flag: an empty array is a value. */
int mimodel_value_is_null(const MI_Value *value, MI_Type type, MI_Uint32 flags);

/* Deep copy of a value of `type` (strings, arrays, embedded instances and references are
 * duplicated; a NULL string or instance stays NULL). On failure *dst is left zeroed; an array
 * with items but no buffer is MI_RESULT_INVALID_PARAMETER. */
MI_Result mimodel_value_copy(MI_Value *dst, const MI_Value *src, MI_Type type);

/* Frees what mimodel_value_copy allocated and zeroes the value. */
void mimodel_value_clear(MI_Value *value, MI_Type type);

/* ---------------------------------------------------------------- instances */

/* A new, empty dynamic instance of `className` (copied; must not be NULL or empty).
 * Delete it with MI_Instance_Delete. */
MI_Result mimodel_instance_new(const MI_Char *className, MI_Instance **out);

/* ---------------------------------------------------------------- text (text.c, datetime.c) */

/* The text of a scalar value, as WS-Management and DSP0230 carry it, malloc'd; NULL for an
 * array, an instance or reference, or no memory. Exact round trip with mimodel_value_from_text:
 *  - integers in decimal (every extreme); BOOLEAN "true"/"false" ("1"/"0" read too);
 *  - REAL32/REAL64 as the shortest "%.*g" text that reads back to the same value (at most 9 /
 *    17 digits), "INF", "-INF", "NaN" as xs:float/xs:double spell them, C locale always;
 *  - CHAR16 as its code in decimal ("65"); reading also takes one character when the text is
 *    not all digits;
 *  - DATETIME as mimodel_datetime_to_text; STRING as is (reading keeps whitespace; numbers are
 *    read with surrounding XML whitespace trimmed). */
char *mimodel_value_to_text(const MI_Value *value, MI_Type type);

/* Reads scalar text as `type` into *value (strings are malloc'd); TYPE_MISMATCH on bad text. */
MI_Result mimodel_value_from_text(const char *text, MI_Type type, MI_Value *value);

/* Converts a value to the type a declaration asks for (the wire cannot tell a one-element
 * array from a scalar, nor, untyped, a number from a string): the same type is deep-copied;
 * MI_STRING text is read as the wanted scalar; any scalar becomes a one-element array of the
 * wanted array type; arrays convert item by item; other scalars go through their text (so
 * ranges are checked). Instances and references only convert to themselves. *dst is owned by
 * the caller (mimodel_value_clear). TYPE_MISMATCH when it does not fit. */
MI_Result mimodel_value_convert(const MI_Value *src, MI_Type src_type, MI_Type want,
                                MI_Value *dst);

/* Datetime text: xs:dateTime for timestamps ("2026-11-24T05:00:00.000001+05:30", "Z" for UTC
 * offset 0, fraction only when microseconds != 0), xs:duration for intervals with only the
 * non-zero parts ("P1DT2H3M4.000005S", "PT0S"). Reading also takes a dateTime without zone,
 * a date alone, and the DMTF 25-character forms; duration years = 365 days, months = 30. */
char *mimodel_datetime_to_text(const MI_Datetime *dt);
MI_Result mimodel_datetime_from_text(const char *text, MI_Datetime *dt);

/* XML's whitespace (space, tab, CR, LF): what surrounds a number in a document. */
int mimodel_is_xml_space(int c);

#endif

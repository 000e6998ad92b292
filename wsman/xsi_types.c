/*
 * xsi_types.c - the xsi:type names DSP0230 gives each CIM scalar type, both ways.
 */
#include <string.h>

#include "wsman/wsman_int.h"

/* ---------------------------------------------------------------- xsi:type names */

/* One consistent mapping of every scalar type to DSP0230's cim: types, written with the prefix
 * the writer declares; xs: names are also accepted when reading. */
#define CIM_PREFIX "cim:"
static const struct {
    MI_Type type;
    const char *cim;
    const char *xs;
} xsi_types[] = {
    {MI_BOOLEAN, CIM_PREFIX "cimBoolean", "boolean"},
    {MI_UINT8, CIM_PREFIX "cimUnsignedByte", "unsignedByte"},
    {MI_SINT8, CIM_PREFIX "cimByte", "byte"},
    {MI_UINT16, CIM_PREFIX "cimUnsignedShort", "unsignedShort"},
    {MI_SINT16, CIM_PREFIX "cimShort", "short"},
    {MI_UINT32, CIM_PREFIX "cimUnsignedInt", "unsignedInt"},
    {MI_SINT32, CIM_PREFIX "cimInt", "int"},
    {MI_UINT64, CIM_PREFIX "cimUnsignedLong", "unsignedLong"},
    {MI_SINT64, CIM_PREFIX "cimLong", "long"},
    {MI_REAL32, CIM_PREFIX "cimFloat", "float"},
    {MI_REAL64, CIM_PREFIX "cimDouble", "double"},
    {MI_CHAR16, CIM_PREFIX "cimChar16", NULL},
    {MI_DATETIME, CIM_PREFIX "cimDateTime", "dateTime"},
    {MI_STRING, CIM_PREFIX "cimString", "string"},
    {MI_REFERENCE, CIM_PREFIX "cimReference", NULL},
};

#define N_XSI_TYPES (sizeof xsi_types / sizeof xsi_types[0])

const char *wsman_xsi_type_name(MI_Type type)
{
    MI_Type scalar = (MI_Type)(type & ~MI_ARRAY);
    for (size_t i = 0; i < N_XSI_TYPES; i++)
        if (xsi_types[i].type == scalar) return xsi_types[i].cim;
    return NULL;
}

int wsman_type_from_xsi(const char *local_name, MI_Type *type)
{
    if (local_name == NULL) return -1;
    const char *colon = strchr(local_name, ':'); /* tolerate a prefixed name */
    if (colon != NULL) local_name = colon + 1;
    for (size_t i = 0; i < N_XSI_TYPES; i++) {
        if (strcmp(local_name, xsi_types[i].cim + strlen(CIM_PREFIX)) == 0 ||
            (xsi_types[i].xs != NULL && strcmp(local_name, xsi_types[i].xs) == 0)) {
            *type = xsi_types[i].type;
            return 0;
        }
    }
    /* a few more xs: names that carry an integer type */
    if (strcmp(local_name, "integer") == 0) {
        *type = MI_SINT64;
        return 0;
    }
    if (strcmp(local_name, "duration") == 0) {
        *type = MI_DATETIME;
        return 0;
    }
    return -1;
}

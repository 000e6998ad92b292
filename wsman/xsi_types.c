/*
 * xsi_types.c - the xsi:type names DSP0230 gives each CIM scalar type, both ways.
 */
#include <string.h>

#include "wsman/wsman_int.h"

/* ---------------------------------------------------------------- xsi:type names */

/* One consistent mapping of every scalar type to DSP0230's cim: types; xs: names are also
 * accepted when reading. */
static const struct {
    MI_Type type;
    const char *cim;
    const char *xs;
} xsi_types[] = {
    {MI_BOOLEAN, "cimBoolean", "boolean"},     {MI_UINT8, "cimUnsignedByte", "unsignedByte"},
    {MI_SINT8, "cimByte", "byte"},             {MI_UINT16, "cimUnsignedShort", "unsignedShort"},
    {MI_SINT16, "cimShort", "short"},          {MI_UINT32, "cimUnsignedInt", "unsignedInt"},
    {MI_SINT32, "cimInt", "int"},              {MI_UINT64, "cimUnsignedLong", "unsignedLong"},
    {MI_SINT64, "cimLong", "long"},            {MI_REAL32, "cimFloat", "float"},
    {MI_REAL64, "cimDouble", "double"},        {MI_CHAR16, "cimChar16", NULL},
    {MI_DATETIME, "cimDateTime", "dateTime"},  {MI_STRING, "cimString", "string"},
    {MI_REFERENCE, "cimReference", NULL},
};

#define N_XSI_TYPES (sizeof xsi_types / sizeof xsi_types[0])

const char *wsman_xsi_type_name(MI_Type type)
{
    static const char *names[] = {
        "cim:cimBoolean", "cim:cimUnsignedByte", "cim:cimByte", "cim:cimUnsignedShort",
        "cim:cimShort", "cim:cimUnsignedInt", "cim:cimInt", "cim:cimUnsignedLong",
        "cim:cimLong", "cim:cimFloat", "cim:cimDouble", "cim:cimChar16", "cim:cimDateTime",
        "cim:cimString", "cim:cimReference",
    };
    MI_Type scalar = (MI_Type)(type & ~MI_ARRAY);
    if ((unsigned)scalar >= sizeof names / sizeof names[0]) return NULL;
    return names[scalar];
}

int wsman_type_from_xsi(const char *local_name, MI_Type *type)
{
    if (local_name == NULL) return -1;
    const char *colon = strchr(local_name, ':'); /* tolerate a prefixed name */
    if (colon != NULL) local_name = colon + 1;
    for (size_t i = 0; i < N_XSI_TYPES; i++) {
        if (strcmp(local_name, xsi_types[i].cim) == 0 ||
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

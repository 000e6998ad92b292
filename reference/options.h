/*
 * The reference implementation's MI_OperationOptions and MI_DestinationOptions.
 *
 * Callers reach them through their function tables (the MI_OperationOptions_* and
 * MI_DestinationOptions_* wrappers of mi.h). The session and invoke code reads them through the
 * accessors below, which never copy and never mask: what they return belongs to the options
 * object and stays valid until the option is set again or the object is deleted.
 *
 * Semantics the MI documentation leaves open (chosen here, tested in tests/test_options.c):
 *  - Setting a name that is already set replaces its value, type and flags in place (its index
 *    stays). Credentials are the exception: AddCredentials appends (the documentation allows
 *    two for dual-factor authentication).
 *  - GetOptionCount/GetOptionAt/GetOption cover strings, numbers, intervals and custom options;
 *    credentials are not options there (GetCredentialsCount/At cover them) and neither are the
 *    enabled channels (GetEnabledChannels covers them).
 *  - Strings read back as MI_STRING, numbers as MI_UINT32, intervals as MI_DATETIME with
 *    isTimestamp 0; custom options keep the type they were set with.
 *  - A missing name is MI_RESULT_NO_SUCH_PROPERTY; a typed getter on an option of another type
 *    (GetNumber of a string) is MI_RESULT_TYPE_MISMATCH; a bad index is
 *    MI_RESULT_INVALID_PARAMETER, as for instances.
 *  - GetCredentialsAt never reveals a password: a stored password reads back as "******" (six
 *    asterisks, as the MI documentation says), no password as NULL.
 *  - GetCredentialsPasswordAt: *passwordLength is always set to strlen(password) + 1. A size
 *    query (password NULL, bufferLength 0) answers MI_RESULT_OK, which is how OMI's own callers
 *    use it; a buffer that is given but too small answers MI_RESULT_FAILED and is left alone.
 *    Credentials without a password (certificates) read back as "" (length 1).
 *  - Channels: SetNumber(__MI_OPERATIONOPTIONS_CHANNEL, channel, flags) enables the channel with
 *    flags 0 and disables it with flags 1 (other flags: INVALID_PARAMETER). No channel is enabled
 *    until one is. GetEnabledChannels lists them in ascending order with the same buffer protocol
 *    as passwords (NULL/0 is a size query; a too small buffer is MI_RESULT_FAILED).
 *  - Custom options set through SetString/SetNumber/SetInterval with a name that does not start
 *    with "__MI_" take the mustComply the options were created with
 *    (customOptionsMustUnderstand); SetCustomOption gives its own.
 *  - Every call through a deleted handle answers MI_RESULT_INVALID_PARAMETER (Delete: nothing).
 */
#ifndef MIREF_OPTIONS_H
#define MIREF_OPTIONS_H

#include "mi.h"

/* Fill `out` with new, empty options. The handle is deleted with its table's Delete. */
MI_Result miref_options_new(MI_Boolean customOptionsMustUnderstand, MI_OperationOptions *out);
MI_Result miref_destopts_new(MI_DestinationOptions *out);

/* Non-zero when the handle is a live object of this implementation (not foreign, not deleted). */
int miref_options_is(const MI_OperationOptions *options);
int miref_destopts_is(const MI_DestinationOptions *options);

/* ---- destination options: NULL / non-zero when absent, of another type, or not ours */

const MI_Char *miref_destopt_string(const MI_DestinationOptions *options, const char *name);
/* 0 and *out set when `name` holds a number; -1 otherwise. */
int miref_destopt_number(const MI_DestinationOptions *options, const char *name, MI_Uint32 *out);
/* 0 and *out set when `name` holds an interval; -1 otherwise. */
int miref_destopt_interval(const MI_DestinationOptions *options, const char *name,
                           MI_Interval *out);
/* The first __MI_DESTINATIONOPTIONS_DESTINATION_CREDENTIALS entry: 0 when it is Basic (type
 * compared without case; user and password filled, the password unmasked, either may be NULL),
 * -2 when it is of another authentication type (user/password untouched), -1 when there is none. */
int miref_destopt_basic_credentials(const MI_DestinationOptions *options, const char **user,
                                    const char **password);
/* The stored (unmasked) credentials number `index` in insertion order; 0, or -1 past the end. */
int miref_destopt_credentials_at(const MI_DestinationOptions *options, MI_Uint32 index,
                                 const char **name, const MI_UserCredentials **credentials);

/* ---- operation options */

const MI_Char *miref_opopt_string(const MI_OperationOptions *options, const char *name);
int miref_opopt_number(const MI_OperationOptions *options, const char *name, MI_Uint32 *out);
int miref_opopt_interval(const MI_OperationOptions *options, const char *name, MI_Interval *out);
/* Non-zero when the channel was enabled (MI_OperationOptions_EnableChannel). */
int miref_opopt_channel_enabled(const MI_OperationOptions *options, MI_Uint32 channel);

/* Iterates the custom options (every option whose name does not start with "__MI_") in the
 * order they were first set. Start with *cursor = 0; each call returns 1 and fills the outputs
 * (any may be NULL) while there is one more, then 0. */
int miref_opopt_next_custom(const MI_OperationOptions *options, MI_Uint32 *cursor,
                            const MI_Char **name, MI_Type *type, const MI_Value **value,
                            MI_Boolean *mustComply);

#endif

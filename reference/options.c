/*
 * options.c - MI_OperationOptions and MI_DestinationOptions of the reference implementation.
 *
 * Both kinds share one object, a typed name/value list plus credentials and channels; only
 * their function tables and handle magics differ. Semantics and choices: options.h.
 *
 * Handles: reserved1 holds a magic per kind, reserved2 the object pointer. Delete frees the
 * object, zeroes reserved2 and keeps ft, so a later call through the same handle finds no
 * object and answers MI_RESULT_INVALID_PARAMETER instead of touching freed memory.
 */
#include "reference/options.h"

#include "model/mimodel.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MIREF_OPOPT_MAGIC 0x4d494f504f505431ull   /* "MIOPOPT1" */
#define MIREF_DESTOPT_MAGIC 0x4d49444553545431ull /* "MIDESTT1" */
#define MIREF_PASSWORD_MASK "******"
#define MIREF_RESERVED_PREFIX "__MI_"

typedef struct miref_option {
    char *name;
    MI_Type type;
    MI_Value value; /* owned deep copy */
    MI_Uint32 flags;
    MI_Boolean must_comply;
} miref_option;

typedef struct miref_credential {
    char *name;
    MI_UserCredentials creds; /* every string owned */
    MI_Uint32 flags;
} miref_credential;

typedef struct miref_optset {
    miref_option *items;
    MI_Uint32 count;
    miref_credential *creds;
    MI_Uint32 creds_count;
    MI_Uint32 *channels; /* ascending, no duplicates */
    MI_Uint32 channels_count;
    MI_Boolean must_understand; /* default mustComply of custom options */
} miref_optset;

static const MI_OperationOptionsFT miref_opopt_ft;
static const MI_DestinationOptionsFT miref_destopt_ft;

/* ---------------------------------------------------------------- handles */

static miref_optset *opset_of(const MI_OperationOptions *h)
{
    if (h == NULL || h->ft != &miref_opopt_ft || h->reserved1 != MIREF_OPOPT_MAGIC) return NULL;
    return (miref_optset *)h->reserved2;
}

static miref_optset *destset_of(const MI_DestinationOptions *h)
{
    if (h == NULL || h->ft != &miref_destopt_ft || h->reserved1 != MIREF_DESTOPT_MAGIC)
        return NULL;
    return (miref_optset *)h->reserved2;
}

int miref_options_is(const MI_OperationOptions *options)
{
    return opset_of(options) != NULL;
}

int miref_destopts_is(const MI_DestinationOptions *options)
{
    return destset_of(options) != NULL;
}

/* ---------------------------------------------------------------- the option list */

static int name_is_valid(const MI_Char *name)
{
    return name != NULL && name[0] != '\0';
}

static int name_is_custom(const MI_Char *name)
{
    return strncmp(name, MIREF_RESERVED_PREFIX, strlen(MIREF_RESERVED_PREFIX)) != 0;
}

static miref_option *optset_find(const miref_optset *set, const MI_Char *name, MI_Uint32 *index)
{
    for (MI_Uint32 i = 0; i < set->count; i++) {
        if (strcmp(set->items[i].name, name) == 0) {
            if (index != NULL) *index = i;
            return &set->items[i];
        }
    }
    return NULL;
}

static void option_free(miref_option *o)
{
    mimodel_value_clear(&o->value, o->type);
    free(o->name);
}

/* Sets `name` to a deep copy of `value`; replaces an existing option in place. */
static MI_Result optset_put(miref_optset *set, const MI_Char *name, MI_Type type,
                            const MI_Value *value, MI_Uint32 flags, MI_Boolean must_comply)
{
    MI_Value copy;
    MI_Result r = mimodel_value_copy(&copy, value, type);
    if (r != MI_RESULT_OK) return r;
    miref_option *o = optset_find(set, name, NULL);
    if (o != NULL) {
        mimodel_value_clear(&o->value, o->type);
    } else {
        char *owned = strdup(name);
        miref_option *grown = owned ? realloc(set->items, (set->count + 1) * sizeof *grown) : NULL;
        if (grown == NULL) {
            free(owned);
            mimodel_value_clear(&copy, type);
            return MI_RESULT_SERVER_LIMITS_EXCEEDED;
        }
        set->items = grown;
        o = &set->items[set->count++];
        o->name = owned;
    }
    o->type = type;
    o->value = copy;
    o->flags = flags;
    o->must_comply = must_comply;
    return MI_RESULT_OK;
}

/* An option of `type` by name: NO_SUCH_PROPERTY when missing, TYPE_MISMATCH when typed else. */
static MI_Result optset_typed(const miref_optset *set, const MI_Char *name, MI_Type type,
                              const miref_option **out, MI_Uint32 *index, MI_Uint32 *flags)
{
    MI_Uint32 at = 0;
    const miref_option *o = optset_find(set, name, &at);
    if (o == NULL) return MI_RESULT_NO_SUCH_PROPERTY;
    if (o->type != type) return MI_RESULT_TYPE_MISMATCH;
    if (type == MI_DATETIME && o->value.datetime.isTimestamp) return MI_RESULT_TYPE_MISMATCH;
    if (index != NULL) *index = at;
    if (flags != NULL) *flags = o->flags;
    *out = o;
    return MI_RESULT_OK;
}

/* The thumbprint shares its storage with `domain` (first member of the union), so freeing the
 * username/password member frees a thumbprint too; unused members are NULL. */
static void credential_free(miref_credential *c)
{
    free(c->name);
    free((char *)c->creds.authenticationType);
    free((char *)c->creds.credentials.usernamePassword.domain);
    free((char *)c->creds.credentials.usernamePassword.username);
    free((char *)c->creds.credentials.usernamePassword.password);
}

static void optset_free(miref_optset *set)
{
    if (set == NULL) return;
    for (MI_Uint32 i = 0; i < set->count; i++) option_free(&set->items[i]);
    for (MI_Uint32 i = 0; i < set->creds_count; i++) credential_free(&set->creds[i]);
    free(set->items);
    free(set->creds);
    free(set->channels);
    free(set);
}

/* ---------------------------------------------------------------- credentials */

/* Certificate credentials use the thumbprint member of the union; everything else the
 * username/password member. */
static int auth_uses_thumbprint(const MI_Char *type)
{
    return strcasecmp(type, MI_AUTH_TYPE_CLIENT_CERTS) == 0 ||
           strcasecmp(type, MI_AUTH_TYPE_ISSUER_CERT) == 0;
}

static int dup_or_null(const MI_Char **dst, const MI_Char *src)
{
    *dst = NULL;
    if (src == NULL) return 0;
    *dst = strdup(src);
    return *dst == NULL ? -1 : 0;
}

/* Deep copy into a zeroed `dst`; on failure what was copied stays in dst for the caller to free. */
static int creds_copy(MI_UserCredentials *dst, const MI_UserCredentials *src)
{
    memset(dst, 0, sizeof *dst);
    if (dup_or_null(&dst->authenticationType, src->authenticationType) != 0) return -1;
    if (auth_uses_thumbprint(src->authenticationType))
        return dup_or_null(&dst->credentials.certificateThumbprint,
                           src->credentials.certificateThumbprint);
    const MI_UsernamePasswordCreds *up = &src->credentials.usernamePassword;
    MI_UsernamePasswordCreds *out = &dst->credentials.usernamePassword;
    if (dup_or_null(&out->domain, up->domain) != 0) return -1;
    if (dup_or_null(&out->username, up->username) != 0) return -1;
    return dup_or_null(&out->password, up->password);
}

static MI_Result optset_add_credentials(miref_optset *set, const MI_Char *name,
                                        const MI_UserCredentials *creds, MI_Uint32 flags)
{
    if (!name_is_valid(name) || creds == NULL || creds->authenticationType == NULL)
        return MI_RESULT_INVALID_PARAMETER;
    miref_credential *grown = realloc(set->creds, (set->creds_count + 1) * sizeof *grown);
    if (grown == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    set->creds = grown;
    miref_credential *c = &set->creds[set->creds_count];
    c->flags = flags;
    int failed = creds_copy(&c->creds, creds) != 0; /* zeroes c->creds first */
    c->name = strdup(name);
    if (failed || c->name == NULL) {
        credential_free(c); /* what was copied so far; the slot stays unused */
        return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    }
    set->creds_count++;
    return MI_RESULT_OK;
}

static const MI_Char *cred_password(const miref_credential *c)
{
    if (auth_uses_thumbprint(c->creds.authenticationType)) return NULL;
    return c->creds.credentials.usernamePassword.password;
}

static MI_Result optset_credentials_at(const miref_optset *set, MI_Uint32 index,
                                       const MI_Char **name, MI_UserCredentials *creds,
                                       MI_Uint32 *flags)
{
    if (creds == NULL || index >= set->creds_count) return MI_RESULT_INVALID_PARAMETER;
    const miref_credential *c = &set->creds[index];
    *creds = c->creds;
    if (!auth_uses_thumbprint(c->creds.authenticationType) && cred_password(c) != NULL)
        creds->credentials.usernamePassword.password = MIREF_PASSWORD_MASK;
    if (name != NULL) *name = c->name;
    if (flags != NULL) *flags = c->flags;
    return MI_RESULT_OK;
}

static MI_Result optset_password_at(const miref_optset *set, MI_Uint32 index,
                                    const MI_Char **name, MI_Char *password,
                                    MI_Uint32 bufferLength, MI_Uint32 *passwordLength,
                                    MI_Uint32 *flags)
{
    if (passwordLength == NULL || index >= set->creds_count) return MI_RESULT_INVALID_PARAMETER;
    const miref_credential *c = &set->creds[index];
    const MI_Char *secret = cred_password(c) ? cred_password(c) : "";
    size_t need = strlen(secret) + 1;
    if (need > UINT32_MAX) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    *passwordLength = (MI_Uint32)need;
    if (name != NULL) *name = c->name;
    if (flags != NULL) *flags = c->flags;
    if (password == NULL && bufferLength == 0) return MI_RESULT_OK; /* size query */
    if (password == NULL) return MI_RESULT_INVALID_PARAMETER;
    if (bufferLength < need) return MI_RESULT_FAILED;
    memcpy(password, secret, need);
    return MI_RESULT_OK;
}

/* ---------------------------------------------------------------- channels */

static int channel_find(const miref_optset *set, MI_Uint32 channel, MI_Uint32 *pos)
{
    MI_Uint32 i = 0;
    while (i < set->channels_count && set->channels[i] < channel) i++;
    *pos = i;
    return i < set->channels_count && set->channels[i] == channel;
}

static MI_Result optset_channel(miref_optset *set, MI_Uint32 channel, MI_Uint32 flags)
{
    MI_Uint32 pos = 0;
    int present = channel_find(set, channel, &pos);
    if (flags == 1) { /* disable */
        if (present) {
            memmove(&set->channels[pos], &set->channels[pos + 1],
                    (set->channels_count - pos - 1) * sizeof set->channels[0]);
            set->channels_count--;
        }
        return MI_RESULT_OK;
    }
    if (flags != 0) return MI_RESULT_INVALID_PARAMETER;
    if (present) return MI_RESULT_OK;
    MI_Uint32 *grown = realloc(set->channels, (set->channels_count + 1) * sizeof *grown);
    if (grown == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    set->channels = grown;
    memmove(&grown[pos + 1], &grown[pos], (set->channels_count - pos) * sizeof *grown);
    grown[pos] = channel;
    set->channels_count++;
    return MI_RESULT_OK;
}

static MI_Result optset_enabled_channels(const miref_optset *set, const MI_Char *name,
                                         MI_Uint32 *channels, MI_Uint32 bufferLength,
                                         MI_Uint32 *channelCount, MI_Uint32 *flags)
{
    if (name == NULL || strcmp(name, MI_OPERATIONOPTIONS_CHANNEL) != 0 || channelCount == NULL)
        return MI_RESULT_INVALID_PARAMETER;
    *channelCount = set->channels_count;
    if (flags != NULL) *flags = 0;
    if (channels == NULL && bufferLength == 0) return MI_RESULT_OK; /* size query */
    if (channels == NULL) return MI_RESULT_INVALID_PARAMETER;
    if (bufferLength < set->channels_count) return MI_RESULT_FAILED;
    if (set->channels_count > 0)
        memcpy(channels, set->channels, set->channels_count * sizeof *channels);
    return MI_RESULT_OK;
}

/* ---------------------------------------------------------------- shared setters and getters */

static MI_Boolean default_must_comply(const miref_optset *set, const MI_Char *name)
{
    return name_is_custom(name) ? set->must_understand : MI_FALSE;
}

static MI_Result optset_set_string(miref_optset *set, const MI_Char *name, const MI_Char *value,
                                   MI_Uint32 flags)
{
    if (set == NULL || !name_is_valid(name) || value == NULL) return MI_RESULT_INVALID_PARAMETER;
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.string = (MI_Char *)value;
    return optset_put(set, name, MI_STRING, &v, flags, default_must_comply(set, name));
}

static MI_Result optset_set_number(miref_optset *set, const MI_Char *name, MI_Uint32 value,
                                   MI_Uint32 flags)
{
    if (set == NULL || !name_is_valid(name)) return MI_RESULT_INVALID_PARAMETER;
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.uint32 = value;
    return optset_put(set, name, MI_UINT32, &v, flags, default_must_comply(set, name));
}

static MI_Result optset_set_interval(miref_optset *set, const MI_Char *name,
                                     const MI_Interval *value, MI_Uint32 flags)
{
    if (set == NULL || !name_is_valid(name) || value == NULL) return MI_RESULT_INVALID_PARAMETER;
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.datetime.isTimestamp = 0;
    v.datetime.u.interval = *value;
    return optset_put(set, name, MI_DATETIME, &v, flags, default_must_comply(set, name));
}

static MI_Result optset_get_string(const miref_optset *set, const MI_Char *name,
                                   const MI_Char **value, MI_Uint32 *index, MI_Uint32 *flags)
{
    if (set == NULL || !name_is_valid(name) || value == NULL) return MI_RESULT_INVALID_PARAMETER;
    const miref_option *o = NULL;
    MI_Result r = optset_typed(set, name, MI_STRING, &o, index, flags);
    if (r == MI_RESULT_OK) *value = o->value.string;
    return r;
}

static MI_Result optset_get_number(const miref_optset *set, const MI_Char *name,
                                   MI_Uint32 *value, MI_Uint32 *index, MI_Uint32 *flags)
{
    if (set == NULL || !name_is_valid(name) || value == NULL) return MI_RESULT_INVALID_PARAMETER;
    const miref_option *o = NULL;
    MI_Result r = optset_typed(set, name, MI_UINT32, &o, index, flags);
    if (r == MI_RESULT_OK) *value = o->value.uint32;
    return r;
}

static MI_Result optset_get_interval(const miref_optset *set, const MI_Char *name,
                                     MI_Interval *value, MI_Uint32 *index, MI_Uint32 *flags)
{
    if (set == NULL || !name_is_valid(name) || value == NULL) return MI_RESULT_INVALID_PARAMETER;
    const miref_option *o = NULL;
    MI_Result r = optset_typed(set, name, MI_DATETIME, &o, index, flags);
    if (r == MI_RESULT_OK) *value = o->value.datetime.u.interval;
    return r;
}

static MI_Result optset_count(const miref_optset *set, MI_Uint32 *count)
{
    if (set == NULL || count == NULL) return MI_RESULT_INVALID_PARAMETER;
    *count = set->count;
    return MI_RESULT_OK;
}

static void option_read(const miref_option *o, MI_Value *value, MI_Type *type, MI_Uint32 *flags)
{
    *value = o->value; /* shallow: owned by the options */
    if (type != NULL) *type = o->type;
    if (flags != NULL) *flags = o->flags;
}

static MI_Result optset_option_at(const miref_optset *set, MI_Uint32 index, const MI_Char **name,
                                  MI_Value *value, MI_Type *type, MI_Uint32 *flags)
{
    if (set == NULL || name == NULL || value == NULL || index >= set->count)
        return MI_RESULT_INVALID_PARAMETER;
    *name = set->items[index].name;
    option_read(&set->items[index], value, type, flags);
    return MI_RESULT_OK;
}

static MI_Result optset_option(const miref_optset *set, const MI_Char *name, MI_Value *value,
                               MI_Type *type, MI_Uint32 *index, MI_Uint32 *flags)
{
    if (set == NULL || !name_is_valid(name) || value == NULL) return MI_RESULT_INVALID_PARAMETER;
    const miref_option *o = optset_find(set, name, index);
    if (o == NULL) return MI_RESULT_NO_SUCH_PROPERTY;
    option_read(o, value, type, flags);
    return MI_RESULT_OK;
}

static MI_Result optset_clone(const miref_optset *src, miref_optset **out)
{
    *out = NULL;
    miref_optset *dst = calloc(1, sizeof *dst);
    if (dst == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    dst->must_understand = src->must_understand;
    MI_Result r = MI_RESULT_OK;
    for (MI_Uint32 i = 0; r == MI_RESULT_OK && i < src->count; i++) {
        const miref_option *o = &src->items[i];
        r = optset_put(dst, o->name, o->type, &o->value, o->flags, o->must_comply);
    }
    for (MI_Uint32 i = 0; r == MI_RESULT_OK && i < src->creds_count; i++) {
        const miref_credential *c = &src->creds[i];
        r = optset_add_credentials(dst, c->name, &c->creds, c->flags);
    }
    for (MI_Uint32 i = 0; r == MI_RESULT_OK && i < src->channels_count; i++)
        r = optset_channel(dst, src->channels[i], 0);
    if (r != MI_RESULT_OK) {
        optset_free(dst);
        return r;
    }
    *out = dst;
    return MI_RESULT_OK;
}

/* ---------------------------------------------------------------- operation options table */

MI_Result miref_options_new(MI_Boolean customOptionsMustUnderstand, MI_OperationOptions *out)
{
    if (out == NULL) return MI_RESULT_INVALID_PARAMETER;
    memset(out, 0, sizeof *out);
    miref_optset *set = calloc(1, sizeof *set);
    if (set == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    set->must_understand = customOptionsMustUnderstand ? MI_TRUE : MI_FALSE;
    out->reserved1 = MIREF_OPOPT_MAGIC;
    out->reserved2 = (ptrdiff_t)set;
    out->ft = &miref_opopt_ft;
    return MI_RESULT_OK;
}

static void opopt_delete(MI_OperationOptions *options)
{
    miref_optset *set = opset_of(options);
    if (set == NULL) return;
    optset_free(set);
    options->reserved2 = 0; /* ft stays: a later call is detected, not a crash */
}

static MI_Result opopt_set_string(MI_OperationOptions *options, const MI_Char *optionName,
                                  const MI_Char *value, MI_Uint32 flags)
{
    return optset_set_string(opset_of(options), optionName, value, flags);
}

static MI_Result opopt_set_number(MI_OperationOptions *options, const MI_Char *optionName,
                                  MI_Uint32 value, MI_Uint32 flags)
{
    miref_optset *set = opset_of(options);
    if (set != NULL && optionName != NULL && strcmp(optionName, MI_OPERATIONOPTIONS_CHANNEL) == 0)
        return optset_channel(set, value, flags);
    return optset_set_number(set, optionName, value, flags);
}

static MI_Result opopt_set_custom(MI_OperationOptions *options, const MI_Char *optionName,
                                  MI_Type valueType, const MI_Value *value,
                                  MI_Boolean mustComply, MI_Uint32 flags)
{
    miref_optset *set = opset_of(options);
    if (set == NULL || !name_is_valid(optionName) || value == NULL ||
        (unsigned)valueType > MI_INSTANCEA)
        return MI_RESULT_INVALID_PARAMETER;
    return optset_put(set, optionName, valueType, value, flags, mustComply ? MI_TRUE : MI_FALSE);
}

static MI_Result opopt_get_string(MI_OperationOptions *options, const MI_Char *optionName,
                                  const MI_Char **value, MI_Uint32 *index, MI_Uint32 *flags)
{
    return optset_get_string(opset_of(options), optionName, value, index, flags);
}

static MI_Result opopt_get_number(MI_OperationOptions *options, const MI_Char *optionName,
                                  MI_Uint32 *value, MI_Uint32 *index, MI_Uint32 *flags)
{
    return optset_get_number(opset_of(options), optionName, value, index, flags);
}

static MI_Result opopt_get_option_count(MI_OperationOptions *options, MI_Uint32 *count)
{
    return optset_count(opset_of(options), count);
}

static MI_Result opopt_get_option_at(MI_OperationOptions *options, MI_Uint32 index,
                                     const MI_Char **optionName, MI_Value *value, MI_Type *type,
                                     MI_Uint32 *flags)
{
    return optset_option_at(opset_of(options), index, optionName, value, type, flags);
}

static MI_Result opopt_get_option(MI_OperationOptions *options, const MI_Char *optionName,
                                  MI_Value *value, MI_Type *type, MI_Uint32 *index,
                                  MI_Uint32 *flags)
{
    return optset_option(opset_of(options), optionName, value, type, index, flags);
}

static MI_Result opopt_get_enabled_channels(MI_OperationOptions *options,
                                            const MI_Char *optionName, MI_Uint32 *channels,
                                            MI_Uint32 bufferLength, MI_Uint32 *channelCount,
                                            MI_Uint32 *flags)
{
    const miref_optset *set = opset_of(options);
    if (set == NULL) return MI_RESULT_INVALID_PARAMETER;
    return optset_enabled_channels(set, optionName, channels, bufferLength, channelCount, flags);
}

static MI_Result opopt_clone(const MI_OperationOptions *self, MI_OperationOptions *newOptions)
{
    const miref_optset *set = opset_of(self);
    if (set == NULL || newOptions == NULL || newOptions == self)
        return MI_RESULT_INVALID_PARAMETER;
    memset(newOptions, 0, sizeof *newOptions);
    miref_optset *copy = NULL;
    MI_Result r = optset_clone(set, &copy);
    if (r != MI_RESULT_OK) return r;
    newOptions->reserved1 = MIREF_OPOPT_MAGIC;
    newOptions->reserved2 = (ptrdiff_t)copy;
    newOptions->ft = &miref_opopt_ft;
    return MI_RESULT_OK;
}

static MI_Result opopt_set_interval(MI_OperationOptions *options, const MI_Char *optionName,
                                    const MI_Interval *value, MI_Uint32 flags)
{
    return optset_set_interval(opset_of(options), optionName, value, flags);
}

static MI_Result opopt_get_interval(MI_OperationOptions *options, const MI_Char *optionName,
                                    MI_Interval *value, MI_Uint32 *index, MI_Uint32 *flags)
{
    return optset_get_interval(opset_of(options), optionName, value, index, flags);
}

static const MI_OperationOptionsFT miref_opopt_ft = {
    opopt_delete,       opopt_set_string,       opopt_set_number,
    opopt_set_custom,   opopt_get_string,       opopt_get_number,
    opopt_get_option_count, opopt_get_option_at, opopt_get_option,
    opopt_get_enabled_channels, opopt_clone,    opopt_set_interval,
    opopt_get_interval,
};

/* ---------------------------------------------------------------- destination options table */

MI_Result miref_destopts_new(MI_DestinationOptions *out)
{
    if (out == NULL) return MI_RESULT_INVALID_PARAMETER;
    memset(out, 0, sizeof *out);
    miref_optset *set = calloc(1, sizeof *set);
    if (set == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    out->reserved1 = MIREF_DESTOPT_MAGIC;
    out->reserved2 = (ptrdiff_t)set;
    out->ft = &miref_destopt_ft;
    return MI_RESULT_OK;
}

static void destopt_delete(MI_DestinationOptions *options)
{
    miref_optset *set = destset_of(options);
    if (set == NULL) return;
    optset_free(set);
    options->reserved2 = 0;
}

static MI_Result destopt_set_string(MI_DestinationOptions *options, const MI_Char *optionName,
                                    const MI_Char *value, MI_Uint32 flags)
{
    return optset_set_string(destset_of(options), optionName, value, flags);
}

static MI_Result destopt_set_number(MI_DestinationOptions *options, const MI_Char *optionName,
                                    MI_Uint32 value, MI_Uint32 flags)
{
    return optset_set_number(destset_of(options), optionName, value, flags);
}

static MI_Result destopt_add_credentials(MI_DestinationOptions *options,
                                         const MI_Char *optionName,
                                         const MI_UserCredentials *credentials, MI_Uint32 flags)
{
    miref_optset *set = destset_of(options);
    if (set == NULL) return MI_RESULT_INVALID_PARAMETER;
    return optset_add_credentials(set, optionName, credentials, flags);
}

static MI_Result destopt_get_string(MI_DestinationOptions *options, const MI_Char *optionName,
                                    const MI_Char **value, MI_Uint32 *index, MI_Uint32 *flags)
{
    return optset_get_string(destset_of(options), optionName, value, index, flags);
}

static MI_Result destopt_get_number(MI_DestinationOptions *options, const MI_Char *optionName,
                                    MI_Uint32 *value, MI_Uint32 *index, MI_Uint32 *flags)
{
    return optset_get_number(destset_of(options), optionName, value, index, flags);
}

static MI_Result destopt_get_option_count(MI_DestinationOptions *options, MI_Uint32 *count)
{
    return optset_count(destset_of(options), count);
}

static MI_Result destopt_get_option_at(MI_DestinationOptions *options, MI_Uint32 index,
                                       const MI_Char **optionName, MI_Value *value,
                                       MI_Type *type, MI_Uint32 *flags)
{
    return optset_option_at(destset_of(options), index, optionName, value, type, flags);
}

static MI_Result destopt_get_option(MI_DestinationOptions *options, const MI_Char *optionName,
                                    MI_Value *value, MI_Type *type, MI_Uint32 *index,
                                    MI_Uint32 *flags)
{
    return optset_option(destset_of(options), optionName, value, type, index, flags);
}

static MI_Result destopt_get_credentials_count(MI_DestinationOptions *options, MI_Uint32 *count)
{
    const miref_optset *set = destset_of(options);
    if (set == NULL || count == NULL) return MI_RESULT_INVALID_PARAMETER;
    *count = set->creds_count;
    return MI_RESULT_OK;
}

static MI_Result destopt_get_credentials_at(MI_DestinationOptions *options, MI_Uint32 index,
                                            const MI_Char **optionName,
                                            MI_UserCredentials *credentials, MI_Uint32 *flags)
{
    const miref_optset *set = destset_of(options);
    if (set == NULL) return MI_RESULT_INVALID_PARAMETER;
    return optset_credentials_at(set, index, optionName, credentials, flags);
}

static MI_Result destopt_get_credentials_password_at(MI_DestinationOptions *options,
                                                     MI_Uint32 index, const MI_Char **optionName,
                                                     MI_Char *password, MI_Uint32 bufferLength,
                                                     MI_Uint32 *passwordLength, MI_Uint32 *flags)
{
    const miref_optset *set = destset_of(options);
    if (set == NULL) return MI_RESULT_INVALID_PARAMETER;
    return optset_password_at(set, index, optionName, password, bufferLength, passwordLength,
                              flags);
}

static MI_Result destopt_clone(const MI_DestinationOptions *self,
                               MI_DestinationOptions *newOptions)
{
    const miref_optset *set = destset_of(self);
    if (set == NULL || newOptions == NULL || newOptions == self)
        return MI_RESULT_INVALID_PARAMETER;
    memset(newOptions, 0, sizeof *newOptions);
    miref_optset *copy = NULL;
    MI_Result r = optset_clone(set, &copy);
    if (r != MI_RESULT_OK) return r;
    newOptions->reserved1 = MIREF_DESTOPT_MAGIC;
    newOptions->reserved2 = (ptrdiff_t)copy;
    newOptions->ft = &miref_destopt_ft;
    return MI_RESULT_OK;
}

static MI_Result destopt_set_interval(MI_DestinationOptions *options, const MI_Char *optionName,
                                      const MI_Interval *value, MI_Uint32 flags)
{
    return optset_set_interval(destset_of(options), optionName, value, flags);
}

static MI_Result destopt_get_interval(MI_DestinationOptions *options, const MI_Char *optionName,
                                      MI_Interval *value, MI_Uint32 *index, MI_Uint32 *flags)
{
    return optset_get_interval(destset_of(options), optionName, value, index, flags);
}

static const MI_DestinationOptionsFT miref_destopt_ft = {
    destopt_delete,
    destopt_set_string,
    destopt_set_number,
    destopt_add_credentials,
    destopt_get_string,
    destopt_get_number,
    destopt_get_option_count,
    destopt_get_option_at,
    destopt_get_option,
    destopt_get_credentials_count,
    destopt_get_credentials_at,
    destopt_get_credentials_password_at,
    destopt_clone,
    destopt_set_interval,
    destopt_get_interval,
};

/* ---------------------------------------------------------------- accessors for the invoke code */

static const MI_Char *set_string(const miref_optset *set, const char *name)
{
    const MI_Char *v = NULL;
    return set != NULL && optset_get_string(set, name, &v, NULL, NULL) == MI_RESULT_OK ? v : NULL;
}

static int set_number(const miref_optset *set, const char *name, MI_Uint32 *out)
{
    MI_Uint32 v = 0;
    if (set == NULL || optset_get_number(set, name, &v, NULL, NULL) != MI_RESULT_OK) return -1;
    if (out != NULL) *out = v;
    return 0;
}

static int set_interval(const miref_optset *set, const char *name, MI_Interval *out)
{
    MI_Interval v;
    if (set == NULL || optset_get_interval(set, name, &v, NULL, NULL) != MI_RESULT_OK) return -1;
    if (out != NULL) *out = v;
    return 0;
}

const MI_Char *miref_destopt_string(const MI_DestinationOptions *options, const char *name)
{
    return set_string(destset_of(options), name);
}

int miref_destopt_number(const MI_DestinationOptions *options, const char *name, MI_Uint32 *out)
{
    return set_number(destset_of(options), name, out);
}

int miref_destopt_interval(const MI_DestinationOptions *options, const char *name,
                           MI_Interval *out)
{
    return set_interval(destset_of(options), name, out);
}

int miref_destopt_credentials_at(const MI_DestinationOptions *options, MI_Uint32 index,
                                 const char **name, const MI_UserCredentials **credentials)
{
    const miref_optset *set = destset_of(options);
    if (set == NULL || index >= set->creds_count) return -1;
    if (name != NULL) *name = set->creds[index].name;
    if (credentials != NULL) *credentials = &set->creds[index].creds;
    return 0;
}

int miref_destopt_basic_credentials(const MI_DestinationOptions *options, const char **user,
                                    const char **password)
{
    const miref_optset *set = destset_of(options);
    for (MI_Uint32 i = 0; set != NULL && i < set->creds_count; i++) {
        const miref_credential *c = &set->creds[i];
        if (strcmp(c->name, MI_DESTOPT_DESTINATION_CREDENTIALS) != 0) continue;
        if (strcasecmp(c->creds.authenticationType, MI_AUTH_TYPE_BASIC) != 0) return -2;
        if (user != NULL) *user = c->creds.credentials.usernamePassword.username;
        if (password != NULL) *password = c->creds.credentials.usernamePassword.password;
        return 0;
    }
    return -1;
}

const MI_Char *miref_opopt_string(const MI_OperationOptions *options, const char *name)
{
    return set_string(opset_of(options), name);
}

int miref_opopt_number(const MI_OperationOptions *options, const char *name, MI_Uint32 *out)
{
    return set_number(opset_of(options), name, out);
}

int miref_opopt_interval(const MI_OperationOptions *options, const char *name, MI_Interval *out)
{
    return set_interval(opset_of(options), name, out);
}

int miref_opopt_channel_enabled(const MI_OperationOptions *options, MI_Uint32 channel)
{
    const miref_optset *set = opset_of(options);
    MI_Uint32 pos = 0;
    return set != NULL && channel_find(set, channel, &pos);
}

int miref_opopt_next_custom(const MI_OperationOptions *options, MI_Uint32 *cursor,
                            const MI_Char **name, MI_Type *type, const MI_Value **value,
                            MI_Boolean *mustComply)
{
    const miref_optset *set = opset_of(options);
    if (set == NULL || cursor == NULL) return 0;
    while (*cursor < set->count && !name_is_custom(set->items[*cursor].name)) (*cursor)++;
    if (*cursor >= set->count) return 0;
    const miref_option *o = &set->items[(*cursor)++];
    if (name != NULL) *name = o->name;
    if (type != NULL) *type = o->type;
    if (value != NULL) *value = &o->value;
    if (mustComply != NULL) *mustComply = o->must_comply;
    return 1;
}

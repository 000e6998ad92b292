/*
 * instance.c - the reference implementation's dynamic MI_Instance.
 *
 * An instance is a heap object whose first member is the public MI_Instance, so a pointer to
 * one is a pointer to the other. Elements live in a growable array in insertion order (that
 * order is the index GetElementAt/SetElementAt/ClearElementAt use). Names are compared
 * case-insensitively, as CIM names are.
 *
 * Choices this file makes (the MI documentation leaves them open):
 *  - A bad index in GetElementAt, SetElementAt and ClearElementAt answers
 *    MI_RESULT_INVALID_PARAMETER in all three (OMI mixes INVALID_PARAMETER and FAILED; one code
 *    is easier to test against, and an index is an argument like any other).
 *  - Mandatory out-pointers (count, className, nameSpace, serverName, newInstance, flag) that
 *    are NULL answer INVALID_PARAMETER. In GetElement/GetElementAt every out-pointer is
 *    optional, as the MI documentation marks them.
 *  - A NULL value pointer, MI_FLAG_NULL, a NULL string and a NULL embedded instance all make the
 *    element null; its value then reads back zeroed and its flags carry MI_FLAG_NULL.
 *  - MI_FLAG_BORROW: the value (string, array buffer, embedded instance) is stored as given and
 *    never freed; the caller keeps it alive until the element is changed or the instance
 *    deleted. The element name is always copied.
 *  - MI_FLAG_ADOPT: the instance takes the caller's value and later frees it the way
 *    mimodel_value_clear does: every string and array buffer must come from malloc, every string
 *    in a string array too, and embedded instances are released with MI_Instance_Delete. On a
 *    failed call (and when the value is ignored because the element is null) ownership stays
 *    with the caller.
 *  - SetElement/SetElementAt keep the element's declared flags (KEY, IN, OUT, STREAM, ...) and
 *    its type; only MI_FLAG_NULL/BORROW/ADOPT of the call matter there.
 *  - IsA: a dynamic instance has no class declaration of its own unless it was created with
 *    one. The flag is MI_TRUE when `classDecl` is the instance's declaration or one of its
 *    superclass declarations, or when its name equals the instance's class name; a NULL
 *    classDecl is INVALID_PARAMETER.
 *  - Destruct releases every element and string but not the object itself (the object always
 *    lives on the heap here); after it only Delete is accepted, and Delete is still needed.
 *
 * Readers never modify an instance (no caching, no lazy work), so any number of threads may
 * read one instance at the same time; writers need the caller's own exclusion.
 */
#include "model/mimodel.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MIREF_INSTANCE_LIVE 0x4d49494eu /* "MIIN" */
#define MIREF_INSTANCE_DESTRUCTED 0x44454144u
/* The flags that say how a value is handed over; they are never stored with an element. */
#define MIREF_TRANSFER_FLAGS (MI_FLAG_BORROW | MI_FLAG_ADOPT | MI_FLAG_NULL)

typedef struct miref_element {
    char *name;
    MI_Value value;
    MI_Type type;
    MI_Uint32 flags;     /* declared flags, without MIREF_TRANSFER_FLAGS */
    MI_Boolean is_null;  /* value is zeroed */
    MI_Boolean borrowed; /* value belongs to the caller: never freed here */
} miref_element;

typedef struct miref_instance {
    MI_Instance base; /* must stay first: MI_Instance* and miref_instance* are the same address */
    MI_Uint32 magic;
    char *class_name;
    char *name_space;  /* base.nameSpace points here */
    char *server_name; /* base.serverName points here */
    miref_element *elements;
    MI_Uint32 count;
    MI_Uint32 capacity;
} miref_instance;

static const MI_InstanceFT miref_instance_ft;

/* ---------------------------------------------------------------- elements */

static void element_release_value(miref_element *e)
{
    if (!e->borrowed && !e->is_null) mimodel_value_clear(&e->value, e->type);
    memset(&e->value, 0, sizeof e->value);
    e->is_null = MI_TRUE;
    e->borrowed = MI_FALSE;
}

/* Builds the stored form of a value according to the transfer flags, without touching any
 * element, so a failure leaves the instance as it was. */
static MI_Result element_prepare(miref_element *out, const MI_Value *value, MI_Type type,
                                 MI_Uint32 flags)
{
    memset(&out->value, 0, sizeof out->value);
    out->type = type;
    out->is_null = MI_FALSE;
    out->borrowed = MI_FALSE;
    if (mimodel_value_is_null(value, type, flags)) {
        out->is_null = MI_TRUE;
        return MI_RESULT_OK;
    }
    if (flags & (MI_FLAG_BORROW | MI_FLAG_ADOPT)) {
        /* Both keep the caller's pointers; only who frees them later differs. */
        out->value = *value;
        out->borrowed = (flags & MI_FLAG_BORROW) ? MI_TRUE : MI_FALSE;
        return MI_RESULT_OK;
    }
    return mimodel_value_copy(&out->value, value, type);
}

static miref_instance *instance_of(const MI_Instance *self)
{
    if (self == NULL || self->ft != &miref_instance_ft) return NULL;
    miref_instance *inst = (miref_instance *)self;
    return inst->magic == MIREF_INSTANCE_LIVE ? inst : NULL;
}

static miref_element *element_find(const miref_instance *inst, const MI_Char *name,
                                   MI_Uint32 *index)
{
    if (name == NULL) return NULL;
    for (MI_Uint32 i = 0; i < inst->count; i++) {
        if (strcasecmp(inst->elements[i].name, name) == 0) {
            if (index != NULL) *index = i;
            return &inst->elements[i];
        }
    }
    return NULL;
}

static MI_Result elements_reserve(miref_instance *inst)
{
    if (inst->count < inst->capacity) return MI_RESULT_OK;
    if (inst->capacity >= UINT32_MAX / 2) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    MI_Uint32 cap = inst->capacity ? inst->capacity * 2 : 8;
    miref_element *grown = realloc(inst->elements, (size_t)cap * sizeof *grown);
    if (grown == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    inst->elements = grown;
    inst->capacity = cap;
    return MI_RESULT_OK;
}

static void element_read(const miref_element *e, MI_Value *value, MI_Type *type,
                         MI_Uint32 *flags)
{
    if (value != NULL) *value = e->value; /* shallow: valid until the element changes */
    if (type != NULL) *type = e->type;
    if (flags != NULL) *flags = e->flags | (e->is_null ? MI_FLAG_NULL : 0);
}

/* The storage a value owns (string, array buffer, instance), NULL for scalars. */
static const void *value_pointer(const MI_Value *value, MI_Type type)
{
    if (mimodel_type_is_array(type)) return value->array.data;
    if (type == MI_STRING) return value->string;
    if (mimodel_type_is_instance(type)) return value->instance;
    return NULL;
}

/* Replaces an element's value; its name, type and declared flags stay. */
static MI_Result element_assign(miref_element *e, const MI_Value *value, MI_Type type,
                                MI_Uint32 flags)
{
    if (type != e->type) return MI_RESULT_TYPE_MISMATCH;
    miref_element fresh;
    MI_Result r = element_prepare(&fresh, value, type, flags);
    if (r != MI_RESULT_OK) return r;
    /* Adopting the very buffer the element already owns must not free it. */
    int same = !e->is_null && !fresh.is_null && (flags & MI_FLAG_ADOPT) && !e->borrowed &&
               value_pointer(&e->value, type) != NULL &&
               value_pointer(&e->value, type) == value_pointer(&fresh.value, type);
    if (!same) element_release_value(e);
    e->value = fresh.value;
    e->is_null = fresh.is_null;
    e->borrowed = fresh.borrowed;
    return MI_RESULT_OK;
}

/* ---------------------------------------------------------------- lifetime */

static void instance_release_contents(miref_instance *inst)
{
    for (MI_Uint32 i = 0; i < inst->count; i++) {
        element_release_value(&inst->elements[i]);
        free(inst->elements[i].name);
    }
    free(inst->elements);
    free(inst->class_name);
    free(inst->name_space);
    free(inst->server_name);
    inst->elements = NULL;
    inst->count = inst->capacity = 0;
    inst->class_name = inst->name_space = inst->server_name = NULL;
    inst->base.nameSpace = inst->base.serverName = NULL;
}

MI_Result mimodel_instance_new(const MI_Char *className, MI_Instance **out)
{
    if (out == NULL) return MI_RESULT_INVALID_PARAMETER;
    *out = NULL;
    if (className == NULL || className[0] == '\0') return MI_RESULT_INVALID_PARAMETER;
    miref_instance *inst = calloc(1, sizeof *inst);
    if (inst == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    inst->class_name = strdup(className);
    if (inst->class_name == NULL) {
        free(inst);
        return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    }
    inst->base.ft = &miref_instance_ft;
    inst->magic = MIREF_INSTANCE_LIVE;
    *out = &inst->base;
    return MI_RESULT_OK;
}

static MI_Result instance_delete(MI_Instance *self)
{
    if (self == NULL || self->ft != &miref_instance_ft) return MI_RESULT_INVALID_PARAMETER;
    miref_instance *inst = (miref_instance *)self;
    if (inst->magic != MIREF_INSTANCE_LIVE && inst->magic != MIREF_INSTANCE_DESTRUCTED)
        return MI_RESULT_INVALID_PARAMETER;
    instance_release_contents(inst);
    inst->magic = 0;
    free(inst);
    return MI_RESULT_OK;
}

static MI_Result instance_destruct(MI_Instance *self)
{
    miref_instance *inst = instance_of(self);
    if (inst == NULL) return MI_RESULT_INVALID_PARAMETER;
    instance_release_contents(inst);
    inst->magic = MIREF_INSTANCE_DESTRUCTED;
    return MI_RESULT_OK;
}

static MI_Result set_owned_string(char **slot, const MI_Char **public_slot, const MI_Char *value)
{
    char *copy = NULL;
    if (value != NULL && (copy = strdup(value)) == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    free(*slot);
    *slot = copy;
    *public_slot = copy;
    return MI_RESULT_OK;
}

static MI_Result clone_element(miref_element *dst, const miref_element *src)
{
    *dst = *src;
    dst->borrowed = MI_FALSE; /* a clone owns everything, borrowed values included */
    dst->name = strdup(src->name);
    if (dst->name == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    if (src->is_null) return MI_RESULT_OK;
    MI_Result r = mimodel_value_copy(&dst->value, &src->value, src->type);
    if (r != MI_RESULT_OK) free(dst->name);
    return r;
}

static MI_Result instance_clone(const MI_Instance *self, MI_Instance **newInstance)
{
    const miref_instance *src = instance_of(self);
    if (src == NULL || newInstance == NULL) return MI_RESULT_INVALID_PARAMETER;
    *newInstance = NULL;
    MI_Instance *made = NULL;
    MI_Result r = mimodel_instance_new(src->class_name, &made);
    if (r != MI_RESULT_OK) return r;
    miref_instance *dst = (miref_instance *)made;
    dst->base.classDecl = src->base.classDecl;
    r = set_owned_string(&dst->name_space, &dst->base.nameSpace, src->name_space);
    if (r == MI_RESULT_OK)
        r = set_owned_string(&dst->server_name, &dst->base.serverName, src->server_name);
    if (r == MI_RESULT_OK && src->count > 0) {
        dst->elements = calloc(src->count, sizeof *dst->elements);
        if (dst->elements == NULL) r = MI_RESULT_SERVER_LIMITS_EXCEEDED;
        else dst->capacity = src->count;
    }
    for (MI_Uint32 i = 0; r == MI_RESULT_OK && i < src->count; i++) {
        r = clone_element(&dst->elements[i], &src->elements[i]);
        if (r == MI_RESULT_OK) dst->count++;
    }
    if (r != MI_RESULT_OK) {
        instance_delete(made);
        return r;
    }
    *newInstance = made;
    return MI_RESULT_OK;
}

/* ---------------------------------------------------------------- identity */

static int class_decl_matches(const miref_instance *inst, const MI_ClassDecl *decl)
{
    for (const MI_ClassDecl *d = inst->base.classDecl; d != NULL; d = d->superClassDecl)
        if (d == decl) return 1;
    return decl->name != NULL && strcasecmp(decl->name, inst->class_name) == 0;
}

static MI_Result instance_is_a(const MI_Instance *self, const MI_ClassDecl *classDecl,
                               MI_Boolean *flag)
{
    const miref_instance *inst = instance_of(self);
    if (inst == NULL || classDecl == NULL || flag == NULL) return MI_RESULT_INVALID_PARAMETER;
    *flag = class_decl_matches(inst, classDecl) ? MI_TRUE : MI_FALSE;
    return MI_RESULT_OK;
}

static MI_Result instance_get_class_name(const MI_Instance *self, const MI_Char **className)
{
    const miref_instance *inst = instance_of(self);
    if (inst == NULL || className == NULL) return MI_RESULT_INVALID_PARAMETER;
    *className = inst->class_name;
    return MI_RESULT_OK;
}

static MI_Result instance_set_name_space(MI_Instance *self, const MI_Char *nameSpace)
{
    miref_instance *inst = instance_of(self);
    if (inst == NULL) return MI_RESULT_INVALID_PARAMETER;
    return set_owned_string(&inst->name_space, &inst->base.nameSpace, nameSpace);
}

static MI_Result instance_get_name_space(const MI_Instance *self, const MI_Char **nameSpace)
{
    const miref_instance *inst = instance_of(self);
    if (inst == NULL || nameSpace == NULL) return MI_RESULT_INVALID_PARAMETER;
    *nameSpace = inst->name_space;
    return MI_RESULT_OK;
}

static MI_Result instance_set_server_name(MI_Instance *self, const MI_Char *name)
{
    miref_instance *inst = instance_of(self);
    if (inst == NULL) return MI_RESULT_INVALID_PARAMETER;
    return set_owned_string(&inst->server_name, &inst->base.serverName, name);
}

static MI_Result instance_get_server_name(const MI_Instance *self, const MI_Char **name)
{
    const miref_instance *inst = instance_of(self);
    if (inst == NULL || name == NULL) return MI_RESULT_INVALID_PARAMETER;
    *name = inst->server_name;
    return MI_RESULT_OK;
}

/* Dynamic instances have no MI_Class behind them. */
static MI_Result instance_get_class(const MI_Instance *self, MI_Class **instanceClass)
{
    if (instance_of(self) == NULL || instanceClass == NULL) return MI_RESULT_INVALID_PARAMETER;
    *instanceClass = NULL;
    return MI_RESULT_NOT_SUPPORTED;
}

/* ---------------------------------------------------------------- elements through the table */

static MI_Result instance_get_element_count(const MI_Instance *self, MI_Uint32 *count)
{
    const miref_instance *inst = instance_of(self);
    if (inst == NULL || count == NULL) return MI_RESULT_INVALID_PARAMETER;
    *count = inst->count;
    return MI_RESULT_OK;
}

static MI_Result instance_add_element(MI_Instance *self, const MI_Char *name,
                                      const MI_Value *value, MI_Type type, MI_Uint32 flags)
{
    miref_instance *inst = instance_of(self);
    if (inst == NULL || name == NULL || name[0] == '\0' || !mimodel_type_is_valid(type))
        return MI_RESULT_INVALID_PARAMETER;
    if ((flags & MI_FLAG_BORROW) && (flags & MI_FLAG_ADOPT)) return MI_RESULT_INVALID_PARAMETER;
    if (element_find(inst, name, NULL) != NULL) return MI_RESULT_ALREADY_EXISTS;
    MI_Result r = elements_reserve(inst);
    if (r != MI_RESULT_OK) return r;
    miref_element e;
    e.name = strdup(name);
    if (e.name == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    e.flags = flags & ~MIREF_TRANSFER_FLAGS;
    r = element_prepare(&e, value, type, flags);
    if (r != MI_RESULT_OK) {
        free(e.name);
        return r;
    }
    inst->elements[inst->count++] = e;
    return MI_RESULT_OK;
}

static MI_Result instance_set_element(MI_Instance *self, const MI_Char *name,
                                      const MI_Value *value, MI_Type type, MI_Uint32 flags)
{
    miref_instance *inst = instance_of(self);
    if (inst == NULL || name == NULL || !mimodel_type_is_valid(type)) return MI_RESULT_INVALID_PARAMETER;
    if ((flags & MI_FLAG_BORROW) && (flags & MI_FLAG_ADOPT)) return MI_RESULT_INVALID_PARAMETER;
    miref_element *e = element_find(inst, name, NULL);
    if (e == NULL) return MI_RESULT_NO_SUCH_PROPERTY;
    return element_assign(e, value, type, flags);
}

static MI_Result instance_set_element_at(MI_Instance *self, MI_Uint32 index,
                                         const MI_Value *value, MI_Type type, MI_Uint32 flags)
{
    miref_instance *inst = instance_of(self);
    if (inst == NULL || index >= inst->count || !mimodel_type_is_valid(type))
        return MI_RESULT_INVALID_PARAMETER; /* a bad index is INVALID_PARAMETER (file comment) */
    if ((flags & MI_FLAG_BORROW) && (flags & MI_FLAG_ADOPT)) return MI_RESULT_INVALID_PARAMETER;
    return element_assign(&inst->elements[index], value, type, flags);
}

static MI_Result instance_get_element(const MI_Instance *self, const MI_Char *name,
                                      MI_Value *value, MI_Type *type, MI_Uint32 *flags,
                                      MI_Uint32 *index)
{
    const miref_instance *inst = instance_of(self);
    if (inst == NULL || name == NULL) return MI_RESULT_INVALID_PARAMETER;
    const miref_element *e = element_find(inst, name, index);
    if (e == NULL) return MI_RESULT_NO_SUCH_PROPERTY;
    element_read(e, value, type, flags);
    return MI_RESULT_OK;
}

static MI_Result instance_get_element_at(const MI_Instance *self, MI_Uint32 index,
                                         const MI_Char **name, MI_Value *value, MI_Type *type,
                                         MI_Uint32 *flags)
{
    const miref_instance *inst = instance_of(self);
    if (inst == NULL || index >= inst->count) return MI_RESULT_INVALID_PARAMETER;
    const miref_element *e = &inst->elements[index];
    if (name != NULL) *name = e->name;
    element_read(e, value, type, flags);
    return MI_RESULT_OK;
}

/* Clearing makes an element null; the element itself, its type and flags stay. */
static MI_Result instance_clear_element(MI_Instance *self, const MI_Char *name)
{
    miref_instance *inst = instance_of(self);
    if (inst == NULL || name == NULL) return MI_RESULT_INVALID_PARAMETER;
    miref_element *e = element_find(inst, name, NULL);
    if (e == NULL) return MI_RESULT_NO_SUCH_PROPERTY;
    element_release_value(e);
    return MI_RESULT_OK;
}

static MI_Result instance_clear_element_at(MI_Instance *self, MI_Uint32 index)
{
    miref_instance *inst = instance_of(self);
    if (inst == NULL || index >= inst->count) return MI_RESULT_INVALID_PARAMETER;
    element_release_value(&inst->elements[index]);
    return MI_RESULT_OK;
}

static const MI_InstanceFT miref_instance_ft = {
    instance_clone,
    instance_destruct,
    instance_delete,
    instance_is_a,
    instance_get_class_name,
    instance_set_name_space,
    instance_get_name_space,
    instance_get_element_count,
    instance_add_element,
    instance_set_element,
    instance_set_element_at,
    instance_get_element,
    instance_get_element_at,
    instance_clear_element,
    instance_clear_element_at,
    instance_get_server_name,
    instance_set_server_name,
    instance_get_class,
};

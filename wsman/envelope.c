/*
 * envelope.c - lifetime of parsed envelopes and the lookups both sides need on them.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wsman/wsman_int.h"

void wsman_fault_clear(wsman_fault *f)
{
    free(f->code);
    free(f->subcode_ns);
    free(f->subcode);
    free(f->reason);
    free(f->detail_uri);
    free(f->wsmanfault_code);
    free(f->wsmanfault_message);
    if (f->cim_error != NULL) MI_Instance_Delete(f->cim_error);
    memset(f, 0, sizeof *f);
}

void wsman_event_clear(wsman_event *e)
{
    free(e->type_text);
    free(e->name);
    if (e->has_value_type) mimodel_value_clear(&e->value, e->value_type);
    free(e->description);
    if (e->error_instance != NULL) MI_Instance_Delete(e->error_instance);
    free(e->action_type);
    free(e->prompt_type);
    free(e->activity);
    free(e->current_operation);
    free(e->status_description);
    free(e->response);
    memset(e, 0, sizeof *e);
}

void wsman_envelope_free(wsman_envelope *env)
{
    if (env == NULL) return;
    free(env->action);
    free(env->resource_uri);
    free(env->message_id);
    free(env->relates_to);
    free(env->reply_to);
    free(env->to);
    for (size_t i = 0; i < env->n_selectors; i++) {
        free(env->selectors[i].name);
        free(env->selectors[i].value);
    }
    free(env->selectors);
    for (size_t i = 0; i < env->n_options; i++) {
        free(env->options[i].name);
        free(env->options[i].type);
        free(env->options[i].value);
    }
    free(env->options);
    free(env->locale);
    free(env->data_locale);
    free(env->operation_id);
    free(env->body_name);
    free(env->body_ns);
    if (env->params != NULL) MI_Instance_Delete(env->params);
    wsman_fault_clear(&env->fault);
    wsman_event_clear(&env->event);
    free(env);
}

const char *wsman_envelope_selector(const wsman_envelope *env, const char *name)
{
    for (size_t i = 0; env && name && i < env->n_selectors; i++)
        if (env->selectors[i].name && strcasecmp(env->selectors[i].name, name) == 0)
            return env->selectors[i].value;
    return NULL;
}

const wsman_option *wsman_envelope_option(const wsman_envelope *env, const char *name)
{
    for (size_t i = 0; env && name && i < env->n_options; i++)
        if (env->options[i].name && strcmp(env->options[i].name, name) == 0)
            return &env->options[i];
    return NULL;
}

static char *strip_suffix(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    if (a > b && strcmp(s + a - b, suffix) == 0) return strndup(s, a - b);
    return strdup(s);
}

char *wsman_envelope_method(const wsman_envelope *env)
{
    if (env == NULL) return NULL;
    if (env->action != NULL && *env->action) {
        const char *slash = strrchr(env->action, '/');
        const char *last = slash ? slash + 1 : env->action;
        if (*last) return strip_suffix(last, "Response");
    }
    if (env->body_name == NULL) return NULL;
    size_t n = strlen(env->body_name);
    if (n > 6 && strcmp(env->body_name + n - 6, "_INPUT") == 0)
        return strndup(env->body_name, n - 6);
    if (n > 7 && strcmp(env->body_name + n - 7, "_OUTPUT") == 0)
        return strndup(env->body_name, n - 7);
    return strdup(env->body_name);
}

int wsman_output_name_ok(const wsman_envelope *env, const char *class_name, const char *method)
{
    if (env == NULL || env->body_kind != WSMAN_BODY_OUTPUT || env->body_name == NULL ||
        method == NULL)
        return 0;
    const char *b = env->body_name;
    size_t m = strlen(method);
    if (strcmp(b, method) == 0) return 1;
    if (strncmp(b, method, m) == 0 && strcmp(b + m, "_OUTPUT") == 0) return 1;
    if (class_name != NULL) {
        size_t c = strlen(class_name);
        if (strncmp(b, class_name, c) == 0 && strcmp(b + c, "_OUTPUT") == 0) return 1;
    }
    return 0;
}

int wsman_resource_uri_split(const char *uri, char **class_name, char **namespace_name)
{
    *class_name = NULL;
    if (namespace_name) *namespace_name = NULL;
    if (uri == NULL) return -1;
    size_t len = strlen(uri);
    while (len > 0 && uri[len - 1] == '/') len--; /* tolerate a trailing slash */
    size_t start = len;
    while (start > 0 && uri[start - 1] != '/') start--;
    if (start == len) return -1;
    *class_name = strndup(uri + start, len - start);
    if (*class_name == NULL) return -1;
    size_t wmi = strlen(WSMAN_URI_WMI_PREFIX);
    if (namespace_name && strncasecmp(uri, WSMAN_URI_WMI_PREFIX, wmi) == 0 && start > wmi + 1) {
        *namespace_name = strndup(uri + wmi, start - 1 - wmi);
        if (*namespace_name == NULL) {
            free(*class_name);
            *class_name = NULL;
            return -1;
        }
    }
    return 0;
}

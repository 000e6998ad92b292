/*
 * mock_call - checks an Invoke request against the fixture the way a real server does, with
 * exactly the faults and CIM status codes of wsman-invoke.md "How a server reports invoke
 * errors", and hands back the namespace, class and method it names.
 */
#include <stdlib.h>
#include <string.h>

#include "mock_server/mock_int.h"

typedef struct call_target {
    const mock_namespace *ns;
    const mock_class *cls;
    const mock_method *method;
} call_target;

static int reject(const mock_server *srv, const wsman_envelope *env, const char *subcode,
                  const char *detail, MI_Uint32 status, const char *reason, mock_emit *out)
{
    mock_answer_fault(srv, env, subcode, detail, status, status != 0, reason, out);
    return -1;
}

static char *namespace_of(const wsman_envelope *env, const char *uri_ns, int *conflict)
{
    const char *sel = wsman_envelope_selector(env, "__cimnamespace");
    *conflict = 0;
    char *ns = mock_strdup(sel != NULL ? sel : uri_ns);
    for (char *p = ns; p && *p; p++) if (*p == '\\') *p = '/';
    if (sel != NULL && uri_ns != NULL && strcasecmp(ns, uri_ns) != 0) *conflict = 1;
    return ns;
}

static int find_target(const mock_server *srv, const wsman_envelope *env, call_target *t,
                       mock_emit *out)
{
    char *cls = NULL, *uri_ns = NULL;
    if (env->resource_uri == NULL)
        return reject(srv, env, "wsa:MessageInformationHeaderRequired", NULL, 0,
                      "The request has no ResourceURI.", out);
    if (wsman_resource_uri_split(env->resource_uri, &cls, &uri_ns) != 0) {
        return reject(srv, env, "wsa:DestinationUnreachable", "InvalidResourceURI", 5,
                      "The ResourceURI names no class.", out);
    }
    int conflict = 0;
    char *ns = namespace_of(env, uri_ns, &conflict);
    int rc = 0;
    if (conflict) {
        rc = reject(srv, env, "wsman:InternalError", NULL, 1,
                    "The __cimnamespace selector disagrees with the ResourceURI.", out);
    } else if ((t->ns = ns ? mock_fixture_namespace(srv->fx, ns) : srv->fx->default_ns) == NULL) {
        rc = reject(srv, env, "wsa:DestinationUnreachable", "InvalidResourceURI", 3,
                    "The namespace does not exist.", out);
    } else if ((t->cls = mock_fixture_class(t->ns, cls)) == NULL) {
        rc = reject(srv, env, "wsa:DestinationUnreachable", "InvalidResourceURI", 5,
                    "The class does not exist in this namespace.", out);
    }
    free(cls);
    free(uri_ns);
    free(ns);
    return rc;
}

static int find_method(const mock_server *srv, const wsman_envelope *env, call_target *t,
                       mock_emit *out)
{
    char *m = wsman_envelope_method(env);
    t->method = m ? mock_fixture_method(t->cls, m) : NULL;
    free(m);
    if (t->method == NULL)
        return reject(srv, env, "wsa:ActionNotSupported", "ActionMismatch", 17,
                      "The class has no such method.", out);
    return 0;
}

/* ---------------------------------------------------------------- keys */

static int keys_reject(const mock_server *srv, const wsman_envelope *env, const char *detail,
                       const char *reason, mock_emit *out)
{
    return reject(srv, env, "wsman:InvalidSelectors", detail, 4, reason, out);
}

static int instance_exists(const mock_class *cls, char **canon)
{
    if (cls->any_instance) return 1;
    for (size_t i = 0; i < cls->n_instances; i++) {
        size_t k = 0;
        while (k < cls->n_keys && strcmp(cls->instance_keys[i * cls->n_keys + k], canon[k]) == 0) k++;
        if (k == cls->n_keys) return 1;
    }
    return 0;
}

static int check_keys(const mock_server *srv, const wsman_envelope *env, const call_target *t,
                      mock_emit *out)
{
    const mock_class *cls = t->cls;
    size_t n_keys = 0;
    for (size_t i = 0; i < env->n_selectors; i++)
        n_keys += strcasecmp(env->selectors[i].name, "__cimnamespace") != 0;
    if (t->method->is_static)
        return n_keys == 0 ? 0 : keys_reject(srv, env, "UnexpectedSelectors",
                                             "A static method takes no key selectors.", out);
    if (n_keys == 0)
        return keys_reject(srv, env, "InsufficientSelectors",
                           "An instance method needs the instance's keys.", out);
    char **canon = calloc(cls->n_keys + 1, sizeof *canon);
    int rc = canon ? 0 : reject(srv, env, "wsman:InternalError", NULL, 1, "out of memory", out);
    for (size_t i = 0; rc == 0 && i < env->n_selectors; i++) {
        const wsman_selector *s = &env->selectors[i];
        if (strcasecmp(s->name, "__cimnamespace") == 0) continue;
        const mock_key *k = mock_fixture_key(cls, s->name);
        if (k == NULL) { rc = keys_reject(srv, env, "UnexpectedSelectors", "A selector is not a key.", out); break; }
        size_t ki = (size_t)(k - cls->keys);
        if (canon[ki] != NULL) { rc = keys_reject(srv, env, "DuplicateSelectors", "A key is given twice.", out); break; }
        canon[ki] = mock_value_canonical(s->value ? s->value : "", k->type);
        if (canon[ki] == NULL) rc = keys_reject(srv, env, "TypeMismatch", "A key value does not fit its type.", out);
    }
    for (size_t k = 0; rc == 0 && k < cls->n_keys; k++)
        if (canon[k] == NULL) rc = keys_reject(srv, env, "InsufficientSelectors", "A key is missing.", out);
    if (rc == 0 && !instance_exists(cls, canon))
        rc = reject(srv, env, "wsa:DestinationUnreachable", NULL, 6, "No instance has these keys.", out);
    for (size_t k = 0; canon && k < cls->n_keys; k++) free(canon[k]);
    free(canon);
    return rc;
}

/* ---------------------------------------------------------------- parameters */

/* Does a received value fit the declared parameter? Untyped text is checked with the codec. */
static int value_fits(const mock_param *p, const MI_Value *v, MI_Type t, MI_Uint32 flags)
{
    if (flags & MI_FLAG_NULL) return 1;
    int is_array = (t & MI_ARRAY) != 0;
    MI_Type scalar = (MI_Type)(t & ~MI_ARRAY);
    if (is_array && !p->array) return 0;
    if (scalar == p->type) return 1;
    if (scalar != MI_STRING) return 0;
    if (p->type == MI_INSTANCE || p->type == MI_REFERENCE) return 0;
    char **texts = NULL;
    long n = mock_value_texts_of(v, t, &texts);
    int ok = n >= 0;
    for (long i = 0; ok && i < n; i++) ok = mock_value_text_ok(texts[i], p->type) == 0;
    mock_value_free_texts(texts, n > 0 ? (size_t)n : 0);
    return ok;
}

static int check_params(const mock_server *srv, const wsman_envelope *env, const call_target *t,
                        mock_emit *out)
{
    const MI_Instance *in = env->params;
    MI_Uint32 count = 0;
    if (env->body_kind != WSMAN_BODY_METHOD && env->body_kind != WSMAN_BODY_EMPTY)
        return reject(srv, env, "wsman:SchemaValidationError", NULL, 0,
                      "The body is not the method's input element.", out);
    if (in == NULL || MI_Instance_GetElementCount(in, &count) != MI_RESULT_OK) return 0;
    for (MI_Uint32 i = 0; i < count; i++) {
        const MI_Char *name = NULL;
        MI_Value v;
        MI_Type type;
        MI_Uint32 flags = 0;
        if (MI_Instance_GetElementAt(in, i, &name, &v, &type, &flags) != MI_RESULT_OK) continue;
        const mock_param *p = mock_fixture_param(t->method, name);
        if (p == NULL || !p->in)
            return reject(srv, env, "wsman:InvalidParameter", NULL, 4,
                          "The method has no such IN parameter.", out);
        if (!value_fits(p, &v, type, flags))
            return reject(srv, env, "wsman:InvalidParameter", NULL, 4,
                          "A parameter value does not fit its declared type.", out);
    }
    return 0;
}

/* Validates the Invoke; on success fills the target, else *out holds the fault. */
int mock_call_validate(const mock_server *srv, const wsman_envelope *env,
                       const mock_namespace **ns, const mock_class **cls,
                       const mock_method **method, mock_emit *out)
{
    call_target t = {0};
    if (env->max_envelope_size != 0 && env->max_envelope_size < 8192)
        return reject(srv, env, "wsman:EncodingLimit", "MinimumEnvelopeLimit", 0,
                      "MaxEnvelopeSize is below 8192.", out);
    if (find_target(srv, env, &t, out) != 0 || find_method(srv, env, &t, out) != 0 ||
        check_keys(srv, env, &t, out) != 0 || check_params(srv, env, &t, out) != 0)
        return -1;
    *ns = t.ns;
    *cls = t.cls;
    *method = t.method;
    return 0;
}

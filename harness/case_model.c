/*
 * case_model - names, bounds, the clause table and freeing of the case model.
 */
#include "harness/case_model.h"
#include "model/mimodel.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- levels */

/* Indexed by conform_level: the names tables, options and reports use. */
static const char *const level_names[] = {
    [CONFORM_MUST] = "MUST", [CONFORM_SHOULD] = "SHOULD", [CONFORM_INFO] = "INFO",
};

#define N_LEVELS (sizeof level_names / sizeof level_names[0])

const char *conform_level_name(conform_level level)
{
    return (unsigned)level < N_LEVELS ? level_names[level] : "?";
}

int conform_level_parse(const char *text, conform_level *level)
{
    if (text == NULL) return -1;
    for (size_t i = 0; i < N_LEVELS; i++)
        if (strcasecmp(text, level_names[i]) == 0) { /* --level must = MUST */
            *level = (conform_level)i;
            return 0;
        }
    return -1;
}

/* ---------------------------------------------------------------- clauses */

/* mi-api.md section 3: every clause id and its level. The loader refuses a row whose level is
 * not the level of every clause it cites ("One level per case"). */
static const struct {
    const char *id;
    conform_level level;
} clause_levels[] = {
    {"INV-1", CONFORM_MUST}, {"INV-2", CONFORM_MUST}, {"INV-3", CONFORM_MUST},
    {"INV-4", CONFORM_MUST}, {"INV-5", CONFORM_SHOULD}, {"INV-6", CONFORM_INFO},
    {"STA-1", CONFORM_MUST}, {"STA-2", CONFORM_SHOULD}, {"INS-1", CONFORM_MUST},
    {"INS-2", CONFORM_INFO}, {"PAR-1", CONFORM_MUST}, {"NS-1", CONFORM_MUST},
    {"NS-2", CONFORM_MUST}, {"NS-3", CONFORM_SHOULD}, {"NS-4", CONFORM_SHOULD},
    {"OPT-1", CONFORM_MUST}, {"OPT-2", CONFORM_MUST}, {"OPT-3", CONFORM_SHOULD},
    {"OPT-4", CONFORM_SHOULD}, {"OPT-5", CONFORM_SHOULD}, {"SYN-1", CONFORM_MUST},
    {"SYN-2", CONFORM_MUST}, {"SYN-3", CONFORM_SHOULD}, {"SYN-4", CONFORM_MUST},
    {"ASY-1", CONFORM_MUST}, {"ASY-2", CONFORM_MUST}, {"ASY-3", CONFORM_SHOULD},
    {"ASY-4", CONFORM_MUST}, {"ASY-5", CONFORM_MUST}, {"STR-1", CONFORM_MUST},
    {"STR-2", CONFORM_MUST}, {"STR-3", CONFORM_MUST}, {"STR-4", CONFORM_MUST},
    {"STR-5", CONFORM_MUST}, {"STR-6", CONFORM_SHOULD}, {"STR-7", CONFORM_SHOULD},
    {"STR-8", CONFORM_MUST}, {"CAN-1", CONFORM_MUST}, {"CAN-2", CONFORM_MUST},
    {"CAN-3", CONFORM_MUST}, {"CAN-4", CONFORM_MUST}, {"CAN-5", CONFORM_MUST},
    {"CAN-6", CONFORM_MUST}, {"CAN-7", CONFORM_SHOULD}, {"CAN-8", CONFORM_MUST},
    {"CAN-9", CONFORM_SHOULD}, {"CLO-1", CONFORM_MUST}, {"CLO-2", CONFORM_MUST},
    {"CLO-3", CONFORM_SHOULD}, {"CLO-4", CONFORM_MUST}, {"CLO-5", CONFORM_MUST},
    {"SES-1", CONFORM_MUST}, {"SES-2", CONFORM_MUST}, {"SES-3", CONFORM_MUST},
    {"SES-4", CONFORM_SHOULD}, {"SES-5", CONFORM_MUST}, {"VAL-1", CONFORM_MUST},
    {"VAL-2", CONFORM_MUST}, {"VAL-3", CONFORM_MUST}, {"VAL-4", CONFORM_SHOULD},
    {"ERR-1", CONFORM_MUST}, {"ERR-2", CONFORM_MUST}, {"ERR-3", CONFORM_MUST},
    {"ERR-4", CONFORM_MUST}, {"ERR-5", CONFORM_MUST}, {"PSS-1", CONFORM_SHOULD},
    {"WIRE-1", CONFORM_MUST}, {"WIRE-2", CONFORM_MUST}, {"WIRE-3", CONFORM_MUST},
    {"WIRE-4", CONFORM_MUST},
    /* The kit's own (cases/README.md, "Clauses beyond mi-api.md"). */
    {"URL-1", CONFORM_MUST}, {"URL-2", CONFORM_SHOULD},
};

int conform_case_clause_level(const char *clause, conform_level *level)
{
    for (size_t i = 0; i < sizeof clause_levels / sizeof clause_levels[0]; i++)
        if (strcmp(clause, clause_levels[i].id) == 0) {
            *level = clause_levels[i].level;
            return 0;
        }
    return -1;
}

/* ---------------------------------------------------------------- types and results */

/* A case names a type as the model does ("uint32", "uint32a") or as "uint32[]". */
int conform_case_type_parse(const char *text, MI_Type *type)
{
    if (text == NULL) return -1;
    size_t len = strlen(text);
    if (len > 2 && strcmp(text + len - 2, "[]") == 0) {
        char scalar[32];
        if (len - 2 >= sizeof scalar) return -1;
        memcpy(scalar, text, len - 2);
        scalar[len - 2] = '\0';
        if (mimodel_type_from_name(scalar, type) != 0 || mimodel_type_is_array(*type)) return -1;
        *type = (MI_Type)(*type | MI_ARRAY);
        return 0;
    }
    return mimodel_type_from_name(text, type);
}

const char *conform_case_type_name(MI_Type type)
{
    const char *name = mimodel_type_name(type);
    return name != NULL ? name : "?";
}

/* Cases and findings spell results without the MI_RESULT_ prefix; a row may also give the
 * number. */
int conform_case_result_parse(const char *text, int *code)
{
    if (text == NULL || *text == '\0') return -1;
    MI_Result r;
    if (mimodel_result_from_name(text, &r) == 0) {
        *code = (int)r;
        return 0;
    }
    char *end = NULL;
    long v = strtol(text, &end, 10);
    if (*end != '\0' || v < 0 || v > 1000) return -1;
    *code = (int)v;
    return 0;
}

const char *conform_case_result_name(int code)
{
    if (code < 0 || !mimodel_result_is_known((MI_Result)code)) return "UNKNOWN";
    return mimodel_result_name((MI_Result)code) + strlen("MI_RESULT_");
}

/* ---------------------------------------------------------------- bounds */

static int bound_term(const char *t, size_t n, conform_case_bound *b)
{
    static const struct { const char *name; unsigned ms; } named[] = {
        {"promptly", CONFORM_BOUND_PROMPTLY_MS}, {"bounded", CONFORM_BOUND_BOUNDED_MS},
        {"grace", CONFORM_BOUND_GRACE_MS}, {"connection", CONFORM_BOUND_CONNECTION_MS},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strlen(named[i].name) == n && strncmp(t, named[i].name, n) == 0) {
            b->named_ms += named[i].ms;
            return 0;
        }
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] < '0' || t[i] > '9' || v > 100000000u) return -1;
        v = v * 10 + (unsigned)(t[i] - '0');
    }
    b->extra_ms += v;
    return n > 0 ? 0 : -1;
}

int conform_case_bound_parse(const char *text, conform_case_bound *b)
{
    memset(b, 0, sizeof *b);
    if (text == NULL || *text == '\0') return -1;
    const char *t = text;
    while (*t != '\0') {
        const char *plus = strchr(t, '+');
        size_t n = plus != NULL ? (size_t)(plus - t) : strlen(t);
        if (bound_term(t, n, b) != 0) return -1;
        t += n + (plus != NULL);
        if (plus != NULL && *t == '\0') return -1;
    }
    b->text = strdup(text);
    b->set = b->text != NULL;
    return b->set ? 0 : -1;
}

double conform_factor(double scale)
{
    return scale > 0 ? scale : 1.0;
}

uint64_t conform_case_scaled(uint64_t count, double scale)
{
    if (count == 0) return 0;
    double n = (double)count * conform_factor(scale) + 0.5;
    return n < 1.0 ? 1 : (uint64_t)n;
}

uint64_t conform_case_bound_us(const conform_case_bound *b, double timeout_scale)
{
    timeout_scale = conform_factor(timeout_scale);
    /* The whole bound stretches, numeric part included: under valgrind the client reacts to
     * its own timers (an operation timeout the row set) as slowly as to everything else. */
    return (uint64_t)((double)(b->named_ms + b->extra_ms) * 1000.0 * timeout_scale);
}

/* ---------------------------------------------------------------- freeing */

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

void conform_case_value_clear(conform_case_value *v)
{
    free(v->name);
    free_strings(v->items, v->n_items);
    for (size_t i = 0; i < v->n_instances; i++) conform_case_instance_clear(&v->instances[i]);
    free(v->instances);
    memset(v, 0, sizeof *v);
}

void conform_case_instance_clear(conform_case_instance *inst)
{
    free(inst->class_name);
    free(inst->namespace_name);
    for (size_t i = 0; i < inst->n_props; i++) conform_case_value_clear(&inst->props[i]);
    free(inst->props);
    memset(inst, 0, sizeof *inst);
}

static void options_clear(conform_case_options *o)
{
    free(o->resource_uri);
    free(o->resource_uri_prefix);
    for (size_t i = 0; i < o->n_custom; i++) {
        free(o->custom[i].name);
        conform_case_value_clear(&o->custom[i].value);
    }
    free(o->custom);
}

static void expect_clear(conform_case_expect *e)
{
    free(e->within.text);
    free(e->from);
    free(e->name);
    free(e->contains);
    free(e->equals);
    free(e->class_name);
    free(e->property);
    conform_case_value_clear(&e->value);
    free(e->expr);
    free(e->what);
    free(e->arg);
    free(e->after);
}

void conform_case_spec_free(conform_case_spec *spec)
{
    if (spec == NULL) return;
    free(spec->note);
    free(spec->session.user);
    free(spec->session.password);
    free(spec->session.url_prefix);
    conform_case_call *c = &spec->call;
    free(c->namespace_name);
    free(c->class_name);
    free(c->method);
    conform_case_instance_clear(&c->instance);
    conform_case_instance_clear(&c->params);
    options_clear(&c->options);
    for (size_t i = 0; i < spec->n_steps; i++) free(spec->steps[i].what);
    free(spec->steps);
    for (size_t i = 0; i < spec->n_expects; i++) expect_clear(&spec->expects[i]);
    free(spec->expects);
    free(spec);
}

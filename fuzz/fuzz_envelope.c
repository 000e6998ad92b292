/*
 * fuzz_envelope - libFuzzer target for wsman_envelope_parse: any byte string is either a
 * parsed envelope or a wsman_error, never a crash, a leak or undefined behaviour. A parsed
 * envelope is also walked through the lookups a client and the mock make on it, so the fields
 * the parser filled in are read at least once.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "wsman/wsman.h"

/* The entry point; the regression test (tests/test_inject_regress.c) calls it too. */
int inject_fuzz_env_one(const uint8_t *data, size_t size);

/* Small caps so the fuzzer also reaches the limit paths. */
static const wsman_limits inject_fuzz_env_limits = { 65536, 64 };

static void inject_fuzz_env_walk(const wsman_envelope *env)
{
    char *method = wsman_envelope_method(env);
    free(method);
    for (size_t i = 0; i < env->n_selectors; i++)
        (void)wsman_envelope_selector(env, env->selectors[i].name);
    for (size_t i = 0; i < env->n_options; i++)
        (void)wsman_envelope_option(env, env->options[i].name);
    (void)wsman_envelope_selector(env, "__cimnamespace");
    if (env->resource_uri) {
        char *cls = NULL, *ns = NULL;
        if (wsman_resource_uri_split(env->resource_uri, &cls, &ns) == 0) {
            free(cls);
            free(ns);
        }
    }
    if (env->body_kind == WSMAN_BODY_FAULT) (void)wsman_fault_result(&env->fault);
}

int inject_fuzz_env_one(const uint8_t *data, size_t size)
{
    wsman_error err;
    wsman_envelope *env = wsman_envelope_parse((const char *)data, size, &inject_fuzz_env_limits, &err);
    if (env) inject_fuzz_env_walk(env);
    else (void)wsman_status_name(err.status);
    wsman_envelope_free(env);
    return 0;
}

#ifndef INJECT_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return inject_fuzz_env_one(data, size);
}
#endif

/*
 * answer.c - final results from answers (see answer.h).
 */
#include "reference/answer.h"

#include "model/mimodel.h"
#include "reference/mutants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static MI_Instance *client_error_instance(MI_Result code, const char *message)
{
    MI_Instance *inst = NULL;
    if (mimodel_instance_new(MIREF_CLIENT_ERROR_CLASS, &inst) != MI_RESULT_OK) return NULL;
    MI_Value v;
    v.string = (MI_Char *)message;
    MI_Instance_AddElement(inst, "Message", &v, MI_STRING, 0);
    v.uint32 = (MI_Uint32)code;
    MI_Instance_AddElement(inst, "CIMStatusCode", &v, MI_UINT32, 0);
    return inst;
}

void miref_answer_client_error(miref_final *f, MI_Result code, const char *message)
{
    miref_final_clear(f);
    f->result = code;
    f->message = strdup(message != NULL ? message : "failed");
    f->details = client_error_instance(code, f->message);
}

/* ERR-1, ERR-2: the codec maps the fault; the CIM error instance, when sent, is the details. */
static void answer_fault(miref_final *f, wsman_fault *fault)
{
    MI_Result r = wsman_fault_result(fault);
#ifdef MIREF_MUTANT_ERR_WRONG_CODE
    r = r == MI_RESULT_FAILED ? MI_RESULT_NOT_SUPPORTED : MI_RESULT_FAILED; /* mutant */
#endif
    const char *reason = fault->reason != NULL ? fault->reason : "the server sent a fault";
    miref_answer_client_error(f, r, reason);
    if (fault->cim_error != NULL) {
        if (f->details != NULL) MI_Instance_Delete(f->details);
        f->details = fault->cim_error;
        fault->cim_error = NULL;
    }
}

int miref_answer_name_ok(const char *name, const miref_expect *expect)
{
    if (name == NULL || expect->method == NULL) return 0;
    if (strcmp(name, expect->method) == 0) return 1; /* OMI C providers */
    size_t n = strlen(name);
    if (n <= 7 || strcmp(name + n - 7, "_OUTPUT") != 0) return 0;
    const char *cands[] = {expect->method, expect->class_name, expect->uri_class};
    for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++)
        if (cands[i] != NULL && strlen(cands[i]) == n - 7 && strncmp(name, cands[i], n - 7) == 0)
            return 1;
    return 0;
}

MI_Result miref_answer_outbound(const MI_Instance *params, MI_Instance **out)
{
    MI_Result r = mimodel_instance_new(MIREF_OUTBOUND_CLASS, out);
    if (r != MI_RESULT_OK || params == NULL) return r;
    MI_Uint32 count = 0;
    MI_Instance_GetElementCount(params, &count);
    for (MI_Uint32 i = 0; i < count && r == MI_RESULT_OK; i++) {
        const MI_Char *name = NULL;
        MI_Value v;
        MI_Type type;
        MI_Uint32 flags = 0;
        r = MI_Instance_GetElementAt(params, i, &name, &v, &type, &flags);
        if (r != MI_RESULT_OK) break;
#ifdef MIREF_MUTANT_INV_DROP_RETURNVALUE
        if (strcmp(name, "ReturnValue") == 0) continue; /* mutant */
#endif
        r = MI_Instance_AddElement(*out, name, &v, type,
                                   flags & ~(MI_Uint32)(MI_FLAG_BORROW | MI_FLAG_ADOPT));
    }
    if (r != MI_RESULT_OK) {
        MI_Instance_Delete(*out);
        *out = NULL;
    }
    return r;
}

static void answer_output(miref_final *f, const wsman_envelope *env, const miref_expect *ex)
{
    if (!miref_answer_name_ok(env->body_name, ex)) {
        char msg[256];
        snprintf(msg, sizeof msg, "malformed answer: unexpected body element <%s>",
                 env->body_name != NULL ? env->body_name : "");
        miref_answer_client_error(f, MI_RESULT_FAILED, msg);
        return;
    }
    miref_final_clear(f);
    if (miref_answer_outbound(env->params, &f->outbound) != MI_RESULT_OK)
        miref_answer_client_error(f, MI_RESULT_FAILED, "out of memory reading the answer");
    else
        f->result = MI_RESULT_OK;
}

void miref_answer_envelope(miref_final *f, wsman_envelope *env, const miref_expect *expect)
{
    switch (env->body_kind) {
    case WSMAN_BODY_FAULT:
        answer_fault(f, &env->fault);
        break;
    case WSMAN_BODY_OUTPUT:
    case WSMAN_BODY_METHOD:
    case WSMAN_BODY_OTHER:
        answer_output(f, env, expect);
        break;
    case WSMAN_BODY_EMPTY:
        miref_answer_client_error(f, MI_RESULT_FAILED, "malformed answer: the body is empty");
        break;
    default:
        miref_answer_client_error(f, MI_RESULT_FAILED,
                                  "malformed answer: no method output in the body");
        break;
    }
    wsman_envelope_free(env);
}

void miref_answer_http(miref_final *f, long status, const char *body, size_t len,
                       const miref_expect *expect)
{
    wsman_error err;
    memset(&err, 0, sizeof err);
    wsman_envelope *env = len > 0 ? wsman_envelope_parse(body, len, NULL, &err) : NULL;
    char msg[320];
    if (status == 401) { /* ERR-3 */
        wsman_envelope_free(env);
        miref_answer_client_error(f, MI_RESULT_ACCESS_DENIED,
                                  "HTTP 401: access denied (credentials missing or refused)");
    } else if (env != NULL && env->body_kind == WSMAN_BODY_FAULT) {
        miref_answer_envelope(f, env, expect); /* a fault counts whatever the status */
    } else if (status == 200 && env != NULL) {
        miref_answer_envelope(f, env, expect);
    } else if (status == 200) {
        snprintf(msg, sizeof msg, "malformed answer: %s",
                 len == 0 ? "empty body" : err.message);
        miref_answer_client_error(f, MI_RESULT_FAILED, msg);
    } else {
        wsman_envelope_free(env);
        snprintf(msg, sizeof msg, "HTTP status %ld without a SOAP fault", status);
        miref_answer_client_error(f, MI_RESULT_FAILED, msg);
    }
}

void miref_answer_curl(miref_final *f, CURLcode code, const char *errbuf)
{
    char msg[CURL_ERROR_SIZE + 128];
    const char *what = code == CURLE_ABORTED_BY_CALLBACK ? "the exchange was aborted"
                                                         : curl_easy_strerror(code);
    snprintf(msg, sizeof msg, "transport error: %s%s%s", what,
             errbuf != NULL && errbuf[0] != '\0' ? ": " : "", errbuf != NULL ? errbuf : "");
    miref_answer_client_error(f, MI_RESULT_FAILED, msg);
}

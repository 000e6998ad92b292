/*
 * profile - loading (kit_xml, validated against the profile schema) and applying profiles.
 */
#include "harness/profile.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit/xml_load.h"

static conform_status collect(xmlDocPtr doc, conform_profile *p)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    p->implementation = kit_xml_attr_or(root, "implementation", "");
    if (p->implementation == NULL) return CONFORM_E_NOMEM;
    size_t n = 0;
    for (xmlNodePtr c = root->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE) n++;
    if (n == 0) return CONFORM_OK;
    p->expects = calloc(n, sizeof *p->expects);
    if (p->expects == NULL) return CONFORM_E_NOMEM;
    for (xmlNodePtr c = root->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        conform_profile_expect *e = &p->expects[p->n_expects++];
        e->glob = kit_xml_attr_or(c, "case", "");
        e->reason = kit_xml_attr_or(c, "reason", "");
        if (e->glob == NULL || e->reason == NULL) return CONFORM_E_NOMEM;
        e->intermittent = kit_xml_attr_bool(c, "intermittent", 0);
    }
    return CONFORM_OK;
}

conform_status conform_profile_load(const char *path, const char *xsd_path,
                                    conform_profile *profile, char *err, size_t errlen)
{
    memset(profile, 0, sizeof *profile);
    xmlDocPtr doc = kit_xml_load_file(path, NULL, xsd_path, err, errlen);
    if (doc == NULL) return CONFORM_E_INVALID;
    profile->path = strdup(path);
    conform_status rc = profile->path != NULL ? collect(doc, profile) : CONFORM_E_NOMEM;
    xmlFreeDoc(doc);
    if (rc != CONFORM_OK) conform_profile_free(profile);
    return rc;
}

void conform_profile_free(conform_profile *profile)
{
    if (profile == NULL) return;
    for (size_t i = 0; i < profile->n_expects; i++) {
        free(profile->expects[i].glob);
        free(profile->expects[i].reason);
    }
    free(profile->expects);
    free(profile->implementation);
    free(profile->path);
    memset(profile, 0, sizeof *profile);
}

const conform_profile_expect *conform_profile_match(const conform_profile *profile,
                                                    const char *case_id)
{
    if (profile == NULL || case_id == NULL) return NULL;
    for (size_t i = 0; i < profile->n_expects; i++)
        if (fnmatch(profile->expects[i].glob, case_id, 0) == 0) return &profile->expects[i];
    return NULL;
}

static char *join_lines(const char *a, const char *b)
{
    size_t la = a != NULL ? strlen(a) : 0, lb = b != NULL ? strlen(b) : 0;
    char *s = malloc(la + lb + 2);
    if (s == NULL) return NULL;
    memcpy(s, a != NULL ? a : "", la);
    s[la] = '\0';
    if (la > 0 && lb > 0) strcat(s, "\n");
    if (lb > 0) strcat(s, b);
    return s;
}

static char *format_message(const char *prefix, const char *reason)
{
    size_t len = strlen(prefix) + strlen(reason) + 1;
    char *s = malloc(len);
    if (s != NULL) snprintf(s, len, "%s%s", prefix, reason);
    return s;
}

/* The failure is what the profile predicted: keep how it failed in details and its kind (an
 * expected crash is still a crash in summary.json), for the record. */
static conform_status expected_failure(const conform_profile_expect *e, conform_result *r)
{
    char *message = format_message("expected failure: ", e->reason);
    char *details = join_lines(r->message, r->details);
    if (message == NULL || details == NULL) {
        free(message);
        free(details);
        return CONFORM_E_NOMEM;
    }
    free(r->message);
    free(r->details);
    r->message = message;
    r->details = details;
    r->outcome = CONFORM_SKIP;
    return CONFORM_OK;
}

static conform_status unexpected_pass(const conform_profile_expect *e, conform_result *r)
{
    char *message = format_message("unexpected pass: profile says ", e->reason);
    if (message == NULL) return CONFORM_E_NOMEM;
    free(r->message);
    r->message = message;
    r->outcome = CONFORM_FAIL;
    r->kind = CONFORM_KIND_UNEXPECTED_PASS;
    return CONFORM_OK;
}

const conform_profile_expect *conform_profile_unmatched(const conform_profile *profile,
                                                        const conform_suite *suite)
{
    for (size_t i = 0; profile != NULL && i < profile->n_expects; i++) {
        size_t k = 0;
        while (k < suite->n_cases && fnmatch(profile->expects[i].glob, suite->cases[k].id, 0) != 0)
            k++;
        if (k == suite->n_cases) return &profile->expects[i];
    }
    return NULL;
}

conform_status conform_profile_apply(const conform_profile *profile, const char *case_id,
                                     conform_result *result)
{
    const conform_profile_expect *e = conform_profile_match(profile, case_id);
    if (e == NULL) return CONFORM_OK;
    switch (result->outcome) {
    case CONFORM_FAIL:
    case CONFORM_ERROR:
        return expected_failure(e, result);
    case CONFORM_PASS:
        return e->intermittent ? CONFORM_OK : unexpected_pass(e, result);
    case CONFORM_SKIP:
        break; /* the environment decided; the profile has nothing to add */
    }
    return CONFORM_OK;
}

/*
 * profile - an implementation's recorded deviations: <profile implementation="..."><expect
 * case="GLOB" reason="..."/>...</profile>, validated against cases/profiles/profile.xsd.
 * A failing case the profile expects becomes a skip with the reason; a passing one becomes a
 * failure, so a profile cannot silently outlive the deviation it records.
 */
#ifndef CONFORM_PROFILE_H
#define CONFORM_PROFILE_H

#include <stddef.h>

#include "harness/conform.h"
#include "harness/status.h"

typedef struct conform_profile_expect {
    char *glob;
    char *reason;
    int intermittent; /* a race: a pass is accepted too */
} conform_profile_expect;

typedef struct conform_profile {
    char *path;
    char *implementation;
    conform_profile_expect *expects;
    size_t n_expects;
} conform_profile;

/* Reads and validates `path` against `xsd_path`. CONFORM_E_INVALID when the file is unreadable,
 * not well-formed or not valid against the XSD, with "file:line: problem" in err;
 * CONFORM_E_NOMEM. */
conform_status conform_profile_load(const char *path, const char *xsd_path,
                                    conform_profile *profile, char *err, size_t errlen);
void conform_profile_free(conform_profile *profile);

/* The first expect whose glob matches `case_id`, or NULL (also when profile is NULL). */
const conform_profile_expect *conform_profile_match(const conform_profile *profile,
                                                    const char *case_id);

/* The first expect whose glob matches no case of the suite (a typo, or a case since renamed
 * or removed: the profile would silently stop recording that deviation), or NULL. */
const conform_profile_expect *conform_profile_unmatched(const conform_profile *profile,
                                                        const conform_suite *suite);

/* Rewrites `result` by the profile: an expected FAIL/ERROR becomes SKIP with the reason (the
 * original message moves to details); an expected PASS becomes FAIL "unexpected pass: profile
 * says <reason>", unless the expect is intermittent. CONFORM_OK, or CONFORM_E_NOMEM (result
 * left as it was). */
conform_status conform_profile_apply(const conform_profile *profile, const char *case_id,
                                     conform_result *result);

#endif

/*
 * kit_redact - the one redaction of secrets in what the kit writes down: the mock's journal
 * and its transcript, mi-conform's case transcripts, and the reports built from them.
 *
 * One marker, KIT_REDACT_MARK, and three rules:
 *   - a secret the caller knows (a fixture user's password, a row's session password) is
 *     replaced wherever it appears, however short it is; occurrences that overlap ("aa" in
 *     "aaa") become one marker, so no byte of any occurrence is left;
 *   - an Authorization header keeps its scheme and loses its credentials,
 *     "Basic dXNlcjpwdw==" -> "Basic <redacted>" (the scheme is what cases check: which
 *     authentication a client attempted); a value without a scheme is replaced whole; an
 *     empty value stays empty;
 *   - a password=VALUE pair (a query string, a form, a log line) loses its value, up to the
 *     next separator (whitespace & ; , quotes < >).
 * The rules are idempotent: text already redacted comes back unchanged.
 *
 * Before this module the mock's journal, the case transcript and the reports each had their
 * own rules, and they disagreed. What was chosen where they did:
 *   - the marker: "<redacted>" (journal, Authorization headers, reports), not the transcript's
 *     run of '*' as long as the secret (which told a reader the secret's length);
 *   - the scheme: kept (journal and transcript), not dropped (reports: "Authorization:
 *     <redacted>"), since wire cases assert on it and it tells which authentication was tried;
 *   - short secrets: redacted (journal), not left alone below three characters (transcript):
 *     a garbled transcript is a smaller harm than a published password;
 *   - where an Authorization value ends: at the end of its line or its closing quote
 *     (reports), not at the first space after the scheme (transcript), which left the rest
 *     of a credential with spaces in it readable.
 */
#ifndef KIT_REDACT_H
#define KIT_REDACT_H

#include <stddef.h>

#define KIT_REDACT_MARK "<redacted>"

/* The `len` bytes of `text` with every occurrence of `secret` replaced by the marker, as a
 * new NUL-terminated malloc'd string whose length goes to *out_len (when not NULL). A NULL or
 * empty secret replaces nothing. NULL when out of memory. */
char *kit_redact_secret(const char *text, size_t len, const char *secret, size_t *out_len);

/* An Authorization header's value with its credentials replaced: "<scheme> <redacted>".
 * malloc'd; NULL when out of memory. A NULL value is an empty one. */
char *kit_redact_authorization_value(const char *value);

/* A copy of `text` (a transcript, a failure message) with every Authorization header's
 * credentials and every password=... value replaced. malloc'd ("" for NULL); NULL when out
 * of memory. */
char *kit_redact_text(const char *text);

#endif

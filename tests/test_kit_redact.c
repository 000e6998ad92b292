/*
 * The one redaction (kit/redact.c): a known secret wherever it appears, however it overlaps
 * itself; Authorization credentials with the scheme kept; password=... values; one marker;
 * redacting twice changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit/redact.h"
#include "tests/support/cutest.h"

static void assert_secret(const char *text, const char *secret, const char *want)
{
    size_t len = 0;
    char *got = kit_redact_secret(text, strlen(text), secret, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_STRING_EQUAL(got, want);
    CU_ASSERT_EQUAL(len, strlen(want));
    if (strcmp(got, want) != 0) fprintf(stderr, "secret: got '%s', want '%s'\n", got, want);
    free(got);
}

static void assert_text(const char *text, const char *want)
{
    char *got = kit_redact_text(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_STRING_EQUAL(got, want);
    if (strcmp(got, want) != 0) fprintf(stderr, "text: got '%s', want '%s'\n", got, want);
    /* Idempotent: what is redacted once comes back unchanged. */
    char *again = kit_redact_text(got);
    CU_ASSERT_PTR_NOT_NULL_FATAL(again);
    CU_ASSERT_STRING_EQUAL(again, got);
    free(again);
    free(got);
}

static void assert_value(const char *value, const char *want)
{
    char *got = kit_redact_authorization_value(value);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_STRING_EQUAL(got, want);
    if (strcmp(got, want) != 0) fprintf(stderr, "value: got '%s', want '%s'\n", got, want);
    free(got);
}

static void test_one_marker(void)
{
    CU_ASSERT_STRING_EQUAL(KIT_REDACT_MARK, "<redacted>");
}

static void test_secret_everywhere(void)
{
    assert_secret("user=conform pw=s3cret; again s3cret.", "s3cret",
                  "user=conform pw=<redacted>; again <redacted>.");
    assert_secret("nothing to hide", "s3cret", "nothing to hide");
    assert_secret("s3cre", "s3cret", "s3cre"); /* a prefix is not the secret */
}

static void test_secret_at_the_ends(void)
{
    assert_secret("s3cret in the middle s3cret", "s3cret", "<redacted> in the middle <redacted>");
    assert_secret("s3cret", "s3cret", "<redacted>");
    assert_secret("", "s3cret", "");
}

static void test_secret_overlapping_and_adjacent(void)
{
    /* No byte of an occurrence is left, and overlapping occurrences are one marker... */
    assert_secret("aaa", "aa", "<redacted>");
    assert_secret("xabababax", "aba", "x<redacted>x");
    /* ...while occurrences side by side stay countable. */
    assert_secret("xyxy", "xy", "<redacted><redacted>");
}

static void test_secret_short_or_none(void)
{
    assert_secret("a-b-a", "a", "<redacted>-b-<redacted>"); /* however short */
    assert_secret("a-b-a", "", "a-b-a");
    assert_secret("a-b-a", NULL, "a-b-a");
}

/* A journal body is counted bytes: a NUL does not end the search. */
static void test_secret_past_a_nul(void)
{
    static const char body[] = "ab\0s3cret\0z";
    size_t len = 0;
    char *got = kit_redact_secret(body, sizeof body - 1, "s3cret", &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    static const char want[] = "ab\0<redacted>\0z";
    CU_ASSERT_EQUAL(len, sizeof want - 1);
    CU_ASSERT_EQUAL(memcmp(got, want, sizeof want), 0);
    free(got);
}

static void test_authorization_value(void)
{
    assert_value("Basic dXNlcjpzZWNyZXQ=", "Basic <redacted>");
    assert_value("Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnag", "Negotiate <redacted>");
    assert_value("Negotiate a b c", "Negotiate <redacted>");
    assert_value("opaque-token", "<redacted>"); /* no scheme: all of it is the secret */
    assert_value("Basic <redacted>", "Basic <redacted>");
    assert_value("", "");
    assert_value(NULL, "");
}

static void test_authorization_in_text(void)
{
    assert_text("POST /wsman\nAuthorization: Basic dXNlcjpzZWNyZXQ=\nHost: x\n",
                "POST /wsman\nAuthorization: Basic <redacted>\nHost: x\n");
    assert_text("Authorization: Basic abc\r\nHost: x", "Authorization: Basic <redacted>\r\nHost: x");
    assert_text("authorization:Negotiate x y\n", "authorization:Negotiate <redacted>\n");
    assert_text("    AUTHORIZATION: Negotiate YIIG", "    AUTHORIZATION: Negotiate <redacted>");
    assert_text("Proxy-Authorization: Basic abc", "Proxy-Authorization: Basic <redacted>");
    assert_text("{\"Authorization\": \"Basic abc\", \"Host\": \"x\"}",
                "{\"Authorization\": \"Basic <redacted>\", \"Host\": \"x\"}");
    assert_text("authorization=Basic abc", "authorization=Basic <redacted>");
    assert_text("Authorization: token", "Authorization: <redacted>");
    assert_text("Authorization:\nnext", "Authorization:\nnext");
    /* Prose that names the header is not a header. */
    assert_text("Basic Authorization when credentials are set",
                "Basic Authorization when credentials are set");
}

static void test_password_in_text(void)
{
    assert_text("user=a&password=s3cret&b=1", "user=a&password=<redacted>&b=1");
    assert_text("PASSWORD=x", "PASSWORD=<redacted>");
    assert_text("password=", "password=");
    assert_text("<p password='x'>", "<p password='x'>"); /* an attribute, not a pair */
    assert_text("no secrets here", "no secrets here");
    assert_text(NULL, "");
    /* The worst case for growth: many one-character passwords. */
    char in[400] = "", want[800] = "";
    for (int i = 0; i < 30; i++) {
        strcat(in, "password=x ");
        strcat(want, "password=<redacted> ");
    }
    assert_text(in, want);
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"one_marker", test_one_marker},
        {"secret_everywhere", test_secret_everywhere},
        {"secret_at_the_ends", test_secret_at_the_ends},
        {"secret_overlapping_and_adjacent", test_secret_overlapping_and_adjacent},
        {"secret_short_or_none", test_secret_short_or_none},
        {"secret_past_a_nul", test_secret_past_a_nul},
        {"authorization_value", test_authorization_value},
        {"authorization_in_text", test_authorization_in_text},
        {"password_in_text", test_password_in_text},
        {NULL, NULL},
    };
    return cutest_run("kit_redact", cases, argc, argv);
}

/*
 * kit_redact - one marker, one set of rules (kit/redact.h says which and why).
 */
#include "kit/redact.h"

#include "kit/buf.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char MARK[] = KIT_REDACT_MARK;
#define MARK_LEN (sizeof MARK - 1)

/* ---------------------------------------------------------------- a known secret */

static int occurs_at(const char *t, size_t len, size_t i, const char *s, size_t sl)
{
    return i + sl <= len && memcmp(t + i, s, sl) == 0;
}

/* Where the secret found at i ends, extended over every occurrence that overlaps it. */
static size_t covered_until(const char *t, size_t len, size_t i, const char *s, size_t sl)
{
    size_t end = i + sl;
    for (size_t j = i + 1; j < end; j++)
        if (occurs_at(t, len, j, s, sl)) end = j + sl;
    return end;
}

char *kit_redact_secret(const char *text, size_t len, const char *secret, size_t *out_len)
{
    size_t sl = secret != NULL ? strlen(secret) : 0;
    kit_buf b = {0};
    size_t i = 0;
    while (sl > 0 && i < len) {
        const char *hit = memmem(text + i, len - i, secret, sl);
        if (hit == NULL) break;
        size_t at = (size_t)(hit - text);
        kit_buf_add(&b, text + i, at - i);
        kit_buf_add(&b, MARK, MARK_LEN);
        i = covered_until(text, len, at, secret, sl);
    }
    kit_buf_add(&b, text + i, len - i);
    return kit_buf_take(&b, out_len);
}

/* ---------------------------------------------------------------- Authorization */

/* The value's scheme stays; everything after it becomes the marker. */
static void put_authorization(kit_buf *b, const char *v, size_t n)
{
    if (n == 0) return; /* nothing to hide */
    size_t scheme = 0;
    while (scheme < n && v[scheme] != ' ' && v[scheme] != '\t') scheme++;
    if (scheme < n) {
        kit_buf_add(b, v, scheme);
        kit_buf_add(b, " ", 1);
    }
    kit_buf_add(b, MARK, MARK_LEN);
}

char *kit_redact_authorization_value(const char *value)
{
    kit_buf b = {0};
    if (value != NULL) put_authorization(&b, value, strlen(value));
    return kit_buf_take(&b, NULL);
}

/* ---------------------------------------------------------------- free text */

static size_t skip(const char *p, const char *chars)
{
    return strspn(p, chars);
}

/* If an Authorization header ("Authorization: v", "authorization=v", "\"Authorization\": \"v\"")
 * starts at p, the length up to its value; else 0. */
static size_t authorization_at(const char *p)
{
    static const char name[] = "authorization";
    if (strncasecmp(p, name, sizeof name - 1) != 0) return 0;
    size_t n = sizeof name - 1;
    n += skip(p + n, "\"' \t");
    if (p[n] != ':' && p[n] != '=') return 0;
    n++;
    return n + skip(p + n, " \t");
}

/* Copies the value at p redacted; returns where the text goes on. A quoted value ends at its
 * closing quote, which stays; any other runs to the end of its line. */
static const char *put_authorization_in_text(kit_buf *b, const char *p)
{
    if (*p == '"' || *p == '\'') {
        kit_buf_add(b, p, 1);
        const char *end = p + 1 + strcspn(p + 1, *p == '"' ? "\"\r\n" : "'\r\n");
        put_authorization(b, p + 1, (size_t)(end - p - 1));
        return end;
    }
    size_t n = strcspn(p, "\r\n");
    put_authorization(b, p, n);
    return p + n;
}

/* If a password=VALUE pair starts at p, the length of "password="; else 0. */
static size_t password_at(const char *p)
{
    static const char name[] = "password=";
    return strncasecmp(p, name, sizeof name - 1) == 0 ? sizeof name - 1 : 0;
}

static const char *put_password_in_text(kit_buf *b, const char *p)
{
    size_t n = strcspn(p, "\r\n \t&;\"'<>,");
    if (n > 0) kit_buf_add(b, MARK, MARK_LEN);
    return p + n;
}

char *kit_redact_text(const char *text)
{
    kit_buf b = {0};
    const char *p = text != NULL ? text : "", *plain = p;
    while (*p != '\0') {
        size_t n;
        if ((n = authorization_at(p)) > 0) {
            kit_buf_add(&b, plain, (size_t)(p - plain) + n);
            p = plain = put_authorization_in_text(&b, p + n);
        } else if ((n = password_at(p)) > 0) {
            kit_buf_add(&b, plain, (size_t)(p - plain) + n);
            p = plain = put_password_in_text(&b, p + n);
        } else {
            p++;
        }
    }
    kit_buf_add(&b, plain, (size_t)(p - plain));
    return kit_buf_take(&b, NULL);
}

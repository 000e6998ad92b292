/*
 * kit_buf - see buf.h.
 */
#include "kit/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KIT_BUF_FIRST 64

void kit_buf_add(kit_buf *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap != 0 ? b->cap : KIT_BUF_FIRST;
        while (cap < b->len + n + 1) cap *= 2;
        char *grown = realloc(b->data, cap);
        if (grown == NULL) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    if (n > 0) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void kit_buf_addf(kit_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        kit_buf_add(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (big == NULL) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    kit_buf_add(b, big, (size_t)n);
    free(big);
}

char *kit_buf_take(kit_buf *b, size_t *len)
{
    kit_buf_add(b, "", 0); /* an empty result still gets its terminator */
    char *s = b->failed ? NULL : b->data;
    if (s != NULL && len != NULL) *len = b->len;
    if (s == NULL) free(b->data);
    memset(b, 0, sizeof *b);
    return s;
}

void kit_buf_free(kit_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

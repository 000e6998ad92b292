/*
 * kit_buf - a growing string that is always NUL-terminated. A failed allocation sticks, so a
 * builder appends without checking and looks once, at the end, whether it has its string.
 */
#ifndef KIT_BUF_H
#define KIT_BUF_H

#include <stddef.h>

typedef struct kit_buf {
    char *data; /* NULL until the first append */
    size_t len, cap;
    int failed;
} kit_buf;

void kit_buf_add(kit_buf *b, const char *s, size_t n);
void kit_buf_addf(kit_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The string (an empty one when nothing was added), the caller's to free, its length in *len
 * when len is not NULL; NULL when an allocation failed. The buffer is empty afterwards. */
char *kit_buf_take(kit_buf *b, size_t *len);
void kit_buf_free(kit_buf *b);

#endif

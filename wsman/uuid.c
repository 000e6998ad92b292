/*
 * uuid.c - fresh random (version 4) UUIDs for MessageID and OperationID.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "wsman/wsman_int.h"

static void random_bytes(unsigned char *b, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(b + got, n - got, 0);
        if (r <= 0) break;
        got += (size_t)r;
    }
    if (got < n) {
        /* No kernel randomness: uniqueness is all a MessageID needs. */
        static __thread unsigned long long counter;
        unsigned long long seed = (unsigned long long)time(NULL) ^ (uintptr_t)b ^ ++counter;
        for (size_t i = got; i < n; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            b[i] = (unsigned char)(seed >> 56);
        }
    }
}

/* "uuid:" and the 16 bytes as 8-4-4-4-12 lowercase hex digits. */
char *wsman_new_uuid(void)
{
    static const char hex[] = "0123456789abcdef";
    static const unsigned char dash_after[16] = {[3] = 1, [5] = 1, [7] = 1, [9] = 1};
    unsigned char b[16];
    random_bytes(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
    char *out = malloc(42);
    if (out == NULL) return NULL;
    memcpy(out, "uuid:", 5);
    char *p = out + 5;
    for (int i = 0; i < 16; i++) {
        *p++ = hex[b[i] >> 4];
        *p++ = hex[b[i] & 0x0F];
        if (dash_after[i]) *p++ = '-';
    }
    *p = '\0';
    return out;
}

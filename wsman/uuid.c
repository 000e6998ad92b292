/*
 * uuid.c - fresh random (version 4) UUIDs for MessageID and OperationID.
 */
#include <stdio.h>
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

char *wsman_new_uuid(void)
{
    unsigned char b[16];
    random_bytes(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
    char *out = malloc(42);
    if (out == NULL) return NULL;
    snprintf(out, 42,
             "uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
    return out;
}

/*
 * driver_stream - what the driver records of streamed values and of its own memory.
 *
 * A streamed callback's value goes into its trace line (STR-1, STR-2, STR-6 are judged on it):
 * a scalar as "value", an array (a batch) as "items". Long texts are cut, with their full
 * length in "len": a 200,000-element stream of 1 KB strings (STR-7) must not make the trace,
 * which the parent keeps in memory, 200 MB long.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/driver/driver.h"
#include "model/mimodel.h"

#define STREAMED_TEXT_MAX 64

/* The text of one value, cut to STREAMED_TEXT_MAX bytes; *full gets the uncut length. */
static char *cut_text(const MI_Value *v, MI_Type scalar, size_t *full)
{
    char *text = conform_driver_value_text(v, scalar);
    *full = text ? strlen(text) : 0;
    if (text != NULL && *full > STREAMED_TEXT_MAX) text[STREAMED_TEXT_MAX] = '\0';
    return text;
}

void conform_driver_add_streamed(conform_trace_line *l, const MI_Value *v, MI_Type type)
{
    MI_Type scalar = (MI_Type)(type & ~MI_ARRAY);
    if (v == NULL || scalar == MI_INSTANCE || scalar == MI_REFERENCE) return;
    size_t full = 0;
    if (!(type & MI_ARRAY)) {
        char *text = cut_text(v, scalar, &full);
        conform_trace_line_add(l, TRACE_KEY_VALUE, text ? text : "");
        if (full > STREAMED_TEXT_MAX) conform_trace_line_addf(l, TRACE_KEY_LEN, "%zu", full);
        free(text);
        return;
    }
    conform_trace_line_addf(l, TRACE_KEY_COUNT, "%u", v->array.size);
    conform_trace_line_add(l, TRACE_KEY_ITEMS, "");
    size_t size = mimodel_type_element_size(scalar);
    for (MI_Uint32 i = 0; i < v->array.size; i++) {
        MI_Value item;
        memset(&item, 0, sizeof item);
        memcpy(&item, (const char *)v->array.data + (size_t)i * size, size);
        char *text = cut_text(&item, scalar, &full);
        conform_trace_line_add_item(l, text ? text : "", i == 0);
        free(text);
    }
}

/* The peak RSS of this program image in kB (VmHWM), -1 when unknown. Not getrusage's
 * ru_maxrss: that one keeps the peak of the parent forked from across exec, and the parent
 * (the runner, holding the previous case's trace) may be far larger than the driver. */
static long peak_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
    if (f != NULL) fclose(f);
    return kb;
}

/* A sanitizer build's heap (shadow memory, a quarantine of freed blocks) makes the process's
 * RSS its own, not the implementation's; the trace says so and STR-7 is then only observed. */
#if defined(__SANITIZE_ADDRESS__)
#define DRIVER_HEAP_INSTRUMENTED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DRIVER_HEAP_INSTRUMENTED 1
#endif
#endif
#ifndef DRIVER_HEAP_INSTRUMENTED
#define DRIVER_HEAP_INSTRUMENTED 0
#endif

/* "rss phase=before|after|end kb=N [instrumented=1]": the peak RSS right before the first
 * Invoke and after the row's steps (STR-7 judges the growth between them), and at the end
 * (the case's peak_rss_kb in the reports). */
void conform_driver_note_rss(conform_driver *d, const char *phase)
{
    long kb = peak_rss_kb();
    if (kb < 0) return;
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, conform_trace_now_us(), conform_driver_tid(), TRACE_EV_RSS);
    conform_trace_line_add(&l, TRACE_KEY_PHASE, phase);
    conform_trace_line_addf(&l, TRACE_KEY_KB, "%ld", kb);
    if (DRIVER_HEAP_INSTRUMENTED) conform_trace_line_add(&l, TRACE_KEY_INSTRUMENTED, "1");
    conform_trace_line_end(&l);
    conform_driver_emit(d, &l);
}

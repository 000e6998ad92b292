/*
 * crash_report - where a crash happened, from the child's own last words: the "crash" and
 * "frame" lines its signal handler wrote (harness/driver/driver_crash.c). Frames are shared
 * object + offset; binutils' addr2line, when it is on PATH, turns them into function, file and
 * line (implementations built with -g, as OMI's are, give their source lines).
 */
#ifndef CONFORM_CRASH_REPORT_H
#define CONFORM_CRASH_REPORT_H

#include <stddef.h>

#include "harness/trace.h"

/* The frames worth showing: the first few after the signal handler, each as
 * "function (file:line) [object]" or "object+0xOFF", joined by " <- ". NULL when the trace has
 * no crash lines or when out of memory. `max` bounds the number of frames. */
char *conform_crash_frames(const conform_trace *t, size_t max);

/* The thread (trace tid) that crashed, -1 when the trace does not say. */
long conform_crash_thread(const conform_trace *t);

#endif

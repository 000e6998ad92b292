/*
 * child_args - the children's flags, one table read by the writer and the reader.
 */
#include "harness/child_args.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *flag;
    conform_child_mode mode;
} mode_flags[] = {
    {"--driver", CONFORM_CHILD_DRIVER},
    {"--probe", CONFORM_CHILD_PROBE},
};

/* How a flag's value is written and read. */
typedef enum flag_value {
    VALUE_TEXT,     /* a string, borrowed from the caller (writing) or argv (reading) */
    VALUE_UNSIGNED, /* a decimal number */
    VALUE_FD,       /* a descriptor number */
    VALUE_FACTOR,   /* a floating-point factor */
    VALUE_SWITCH    /* one fixed word that sets the field to 1; absent when the field is 0 */
} flag_value;

#define DRIVER (1u << CONFORM_CHILD_DRIVER)
#define PROBE (1u << CONFORM_CHILD_PROBE)

typedef struct child_flag {
    const char *name;
    flag_value value;
    size_t field;     /* where it goes in conform_child_args */
    const char *word; /* VALUE_SWITCH: the value it takes */
    unsigned modes;   /* the modes that take it */
    unsigned needed;  /* the modes that cannot do without it */
} child_flag;

#define FIELD(name) offsetof(conform_child_args, name)

/* In the order the parent writes them. What each carries: conform_child_args. */
static const child_flag flags[] = {
    {"--impl", VALUE_TEXT, FIELD(impl), NULL, DRIVER | PROBE, DRIVER | PROBE},
    {"--table", VALUE_TEXT, FIELD(table), NULL, DRIVER, DRIVER},
    {"--case", VALUE_TEXT, FIELD(case_id), NULL, DRIVER, DRIVER},
    {"--port", VALUE_UNSIGNED, FIELD(port), NULL, DRIVER, 0},
    {"--trace-fd", VALUE_FD, FIELD(trace_fd), NULL, DRIVER, DRIVER},
    {"--signal-fd", VALUE_FD, FIELD(signal_fd), NULL, DRIVER, 0},
    {"--scale", VALUE_FACTOR, FIELD(scale), NULL, DRIVER, 0},
    {"--timeout-scale", VALUE_FACTOR, FIELD(timeout_scale), NULL, DRIVER, 0},
    {"--inject", VALUE_SWITCH, FIELD(inject_alloc), "alloc", DRIVER, 0},
};

#define N_FLAGS (sizeof flags / sizeof flags[0])

conform_child_mode conform_child_mode_of(int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && i < sizeof mode_flags / sizeof mode_flags[0]; i++)
        if (strcmp(argv[1], mode_flags[i].flag) == 0) return mode_flags[i].mode;
    return CONFORM_CHILD_NONE;
}

static const char *mode_flag(conform_child_mode mode)
{
    for (size_t i = 0; i < sizeof mode_flags / sizeof mode_flags[0]; i++)
        if (mode_flags[i].mode == mode) return mode_flags[i].flag;
    return NULL;
}

/* ---------------------------------------------------------------- writing (the parent) */

void conform_child_argv_push(conform_child_argv *argv, const char *arg)
{
    if (argv->n < CONFORM_CHILD_ARGV_MAX) argv->v[argv->n++] = (char *)arg;
    argv->v[argv->n] = NULL;
}

/* The text of a flag's value, NULL when the flag is left out. */
static const char *value_text(conform_child_argv *argv, const child_flag *f,
                              const conform_child_args *args)
{
    const char *field = (const char *)args + f->field;
    if (f->value == VALUE_TEXT) return *(const char *const *)field;
    if (f->value == VALUE_SWITCH) return *(const int *)field ? f->word : NULL;
    if (argv->n_numbers == CONFORM_CHILD_ARGV_MAX) return NULL;
    char *text = argv->numbers[argv->n_numbers++];
    size_t len = sizeof argv->numbers[0];
    if (f->value == VALUE_UNSIGNED) snprintf(text, len, "%u", *(const unsigned *)field);
    else if (f->value == VALUE_FD) snprintf(text, len, "%d", *(const int *)field);
    else snprintf(text, len, "%g", *(const double *)field);
    return text;
}

void conform_child_args_write(conform_child_argv *argv, const char *self_exe,
                              conform_child_mode mode, const conform_child_args *args)
{
    conform_child_argv_push(argv, self_exe);
    conform_child_argv_push(argv, mode_flag(mode));
    for (size_t i = 0; i < N_FLAGS; i++) {
        if (!(flags[i].modes & (1u << mode))) continue;
        const char *text = value_text(argv, &flags[i], args);
        if (text == NULL) continue;
        conform_child_argv_push(argv, flags[i].name);
        conform_child_argv_push(argv, text);
    }
}

/* ---------------------------------------------------------------- reading (the child) */

static const child_flag *flag_named(const char *name, conform_child_mode mode)
{
    for (size_t i = 0; i < N_FLAGS; i++)
        if ((flags[i].modes & (1u << mode)) && strcmp(flags[i].name, name) == 0) return &flags[i];
    return NULL;
}

static int read_value(const child_flag *f, const char *text, conform_child_args *args)
{
    char *field = (char *)args + f->field;
    switch (f->value) {
    case VALUE_TEXT: *(const char **)field = text; return 0;
    case VALUE_UNSIGNED: *(unsigned *)field = (unsigned)strtoul(text, NULL, 10); return 0;
    case VALUE_FD: *(int *)field = atoi(text); return 0;
    case VALUE_FACTOR: *(double *)field = strtod(text, NULL); return 0;
    case VALUE_SWITCH:
        if (strcmp(text, f->word) != 0) return -1;
        *(int *)field = 1;
        return 0;
    }
    return -1;
}

static int is_given(const child_flag *f, const conform_child_args *args)
{
    const char *field = (const char *)args + f->field;
    if (f->value == VALUE_TEXT) return *(const char *const *)field != NULL;
    if (f->value == VALUE_FD) return *(const int *)field >= 0;
    return 1;
}

int conform_child_args_read(int argc, char **argv, conform_child_mode mode,
                            conform_child_args *args)
{
    memset(args, 0, sizeof *args);
    args->trace_fd = args->signal_fd = -1;
    args->scale = args->timeout_scale = 1.0;
    for (int i = 2; i < argc; i += 2) {
        const child_flag *f = flag_named(argv[i], mode);
        if (f == NULL || i + 1 >= argc || read_value(f, argv[i + 1], args) != 0) return -1;
    }
    for (size_t i = 0; i < N_FLAGS; i++)
        if ((flags[i].needed & (1u << mode)) && !is_given(&flags[i], args)) return -1;
    return 0;
}

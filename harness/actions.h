/*
 * actions - what a row tells the driver to do, by the names the tables use: its steps in time
 * (the elements under <steps>) and what it does inside a callback of its own operation
 * (on-final, on-streamed). One table each: the name, how the row's element is read, and the
 * driver's function that does it (harness/driver/).
 *
 * The parent reads the names (case_parse.c); only the child runs the functions.
 */
#ifndef CONFORM_ACTIONS_H
#define CONFORM_ACTIONS_H

#include "harness/case_model.h"

typedef struct conform_driver conform_driver;
typedef struct conform_driver_op conform_driver_op;

/* ---------------------------------------------------------------- steps */

typedef struct conform_step_kind_info {
    conform_case_step_kind kind;
    const char *name;       /* the element under <steps> */
    const char *what;       /* the attribute the step's `what` comes from; NULL: none */
    int given_by_default;   /* a wait for the mock: the row's precondition unless given="false" */
    int on_op;              /* acts on an operation: op="N", else the last one started */
    /* o: the step's operation when on_op (never NULL then), else NULL. */
    void (*run)(conform_driver *d, const conform_case_step *st, conform_driver_op *o);
} conform_step_kind_info;

/* The step an element under <steps> names, NULL for none. */
const conform_step_kind_info *conform_step_kind_named(const char *name);
const conform_step_kind_info *conform_step_kind_of(conform_case_step_kind kind);

/* ---------------------------------------------------------------- inside a callback */

typedef struct conform_cb_action_info {
    conform_case_cb_action action;
    const char *name; /* the value of on-final / on-streamed */
    /* NULL: nothing to do there ("nothing"; "ack" is how the driver acknowledges instead). */
    void (*run)(conform_driver *d, conform_driver_op *o);
} conform_cb_action_info;

/* The action an on-final / on-streamed value names, NULL for none. */
const conform_cb_action_info *conform_cb_action_named(const char *name);
const conform_cb_action_info *conform_cb_action_of(conform_case_cb_action action);

#endif

/*
 * actions - the driver's steps and callback actions by name, each beside the function that
 * does it. A new step is a row here, its function in harness/driver/driver_steps.c and its
 * element in cases/cases.xsd.
 */
#include "harness/actions.h"

#include <string.h>

#include "harness/driver/driver.h"

#define ON_OP 1
#define GIVEN 1

/* Indexed by conform_case_step_kind. */
static const conform_step_kind_info step_kinds[] = {
    [CONFORM_STEP_WAIT_REQUEST] = {CONFORM_STEP_WAIT_REQUEST, "wait-request", NULL, GIVEN, 0,
                                   conform_driver_step_wait_request},
    [CONFORM_STEP_WAIT_JOURNAL] = {CONFORM_STEP_WAIT_JOURNAL, "wait-journal", "event", GIVEN, 0,
                                   conform_driver_step_wait_journal},
    [CONFORM_STEP_CANCEL] = {CONFORM_STEP_CANCEL, "cancel", NULL, 0, ON_OP,
                             conform_driver_step_cancel},
    [CONFORM_STEP_ACK] = {CONFORM_STEP_ACK, "ack", NULL, 0, ON_OP, conform_driver_step_ack},
    [CONFORM_STEP_WITHHOLD] = {CONFORM_STEP_WITHHOLD, "withhold", NULL, 0, 0,
                               conform_driver_step_withhold},
    [CONFORM_STEP_GET_INSTANCE] = {CONFORM_STEP_GET_INSTANCE, "get-instance", NULL, 0, ON_OP,
                                   conform_driver_step_get_instance},
    [CONFORM_STEP_DRAIN] = {CONFORM_STEP_DRAIN, "drain", NULL, 0, ON_OP,
                            conform_driver_step_drain},
    [CONFORM_STEP_DRAIN_BACKGROUND] = {CONFORM_STEP_DRAIN_BACKGROUND, "drain-background", NULL,
                                       0, ON_OP, conform_driver_step_drain_background},
    [CONFORM_STEP_JOIN] = {CONFORM_STEP_JOIN, "join", NULL, 0, 0, conform_driver_step_join},
    [CONFORM_STEP_WAIT_FINAL] = {CONFORM_STEP_WAIT_FINAL, "wait-final", NULL, 0, ON_OP,
                                 conform_driver_step_wait_final},
    [CONFORM_STEP_CLOSE] = {CONFORM_STEP_CLOSE, "close", NULL, 0, ON_OP,
                            conform_driver_step_close},
    [CONFORM_STEP_CLOSE_SESSION] = {CONFORM_STEP_CLOSE_SESSION, "close-session", NULL, 0, 0,
                                    conform_driver_step_close_session},
    [CONFORM_STEP_WAIT_SESSION_CLOSED] = {CONFORM_STEP_WAIT_SESSION_CLOSED, "wait-session-closed",
                                          NULL, 0, 0, conform_driver_step_wait_session_closed},
    [CONFORM_STEP_CLOSE_APPLICATION] = {CONFORM_STEP_CLOSE_APPLICATION, "close-application", NULL,
                                        0, 0, conform_driver_step_close_application},
    [CONFORM_STEP_SLOT] = {CONFORM_STEP_SLOT, "slot", "call", 0, ON_OP, conform_driver_step_slot},
    [CONFORM_STEP_INVOKE_AGAIN] = {CONFORM_STEP_INVOKE_AGAIN, "invoke-again", NULL, 0, 0,
                                   conform_driver_step_invoke_again},
    [CONFORM_STEP_DELETE_OPTIONS] = {CONFORM_STEP_DELETE_OPTIONS, "delete-options", NULL, 0, 0,
                                     conform_driver_step_delete_options},
    [CONFORM_STEP_RESPOND] = {CONFORM_STEP_RESPOND, "respond", NULL, 0, ON_OP,
                              conform_driver_step_respond},
};

#define N_STEP_KINDS (sizeof step_kinds / sizeof step_kinds[0])
_Static_assert(N_STEP_KINDS == CONFORM_STEP_RESPOND + 1, "a row for every conform_case_step_kind");

/* Indexed by conform_case_cb_action. */
static const conform_cb_action_info cb_actions[] = {
    [CONFORM_CB_NOTHING] = {CONFORM_CB_NOTHING, "nothing", NULL},
    [CONFORM_CB_CLOSE] = {CONFORM_CB_CLOSE, "close", conform_driver_close_op},
    [CONFORM_CB_CANCEL] = {CONFORM_CB_CANCEL, "cancel", conform_driver_cb_cancel},
    [CONFORM_CB_CANCEL_TWICE] = {CONFORM_CB_CANCEL_TWICE, "cancel-twice",
                                 conform_driver_cb_cancel_twice},
    [CONFORM_CB_CLOSE_SESSION_SYNC] = {CONFORM_CB_CLOSE_SESSION_SYNC, "close-session-sync",
                                       conform_driver_cb_close_session_sync},
    [CONFORM_CB_CLOSE_SESSION_ASYNC] = {CONFORM_CB_CLOSE_SESSION_ASYNC, "close-session-async",
                                        conform_driver_cb_close_session_async},
    [CONFORM_CB_ACK] = {CONFORM_CB_ACK, "ack", NULL},
};

#define N_CB_ACTIONS (sizeof cb_actions / sizeof cb_actions[0])
_Static_assert(N_CB_ACTIONS == CONFORM_CB_ACK + 1, "a row for every conform_case_cb_action");

const conform_step_kind_info *conform_step_kind_named(const char *name)
{
    for (size_t i = 0; i < N_STEP_KINDS; i++)
        if (strcmp(step_kinds[i].name, name) == 0) return &step_kinds[i];
    return NULL;
}

const conform_step_kind_info *conform_step_kind_of(conform_case_step_kind kind)
{
    return &step_kinds[kind];
}

const conform_cb_action_info *conform_cb_action_named(const char *name)
{
    for (size_t i = 0; i < N_CB_ACTIONS; i++)
        if (strcmp(cb_actions[i].name, name) == 0) return &cb_actions[i];
    return NULL;
}

const conform_cb_action_info *conform_cb_action_of(conform_case_cb_action action)
{
    return &cb_actions[action];
}

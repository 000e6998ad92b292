/*
 * trace_protocol - every word of the trace, for both its writer (the child, harness/driver/)
 * and its readers (the parent: trace.c, child.c, execute.c, crash_report.c, expect_*.c).
 *
 * The driver child writes one line per event to its trace descriptor:
 *
 *     T_US TID KIND key=value key=value ...\n
 *
 * T_US is CLOCK_MONOTONIC in microseconds (the parent's clock too, so it lines up with the
 * mock's journal), TID a small per-thread number (0 = the driver's main thread). Values are
 * percent-escaped: '%', ' ', '=', ',', and bytes below 0x21 or 0x7f and above become %XX. An
 * array value is the field "items": its escaped items joined by ','. Flags are 0 or 1.
 *
 * Kinds and their keys ([key]: only when it applies):
 *   start    pid
 *   enter    call [op]                       before every API call (the watchdog's "current call")
 *   leave    call [op] [result]              after it; Invoke adds handle (it left an operation
 *                                            handle), GetInstance adds the result fields below
 *   callback cb [op] ctx [opptr]             a callback; per cb:
 *              instanceResult                  more code inst [errstr] [errclass] ack final
 *              streamedParameterResult         name type ack, then value [len] or count items
 *              writeMessage                    channel message
 *              writeProgress                   activity current status percent remaining
 *              writeError, promptUser          [message] [prompt]
 *              sessionClosed                   (no op: the session's)
 *            result fields: more code inst [errstr] [errclass] final (the op's first final)
 *   value    op src name type null [value | items | count]
 *                                            a property of an instance the call or callback just
 *                                            gave, right after its line (its "block"); src is
 *                                            final, partial, again (GetInstance after the final),
 *                                            error (errorDetails) or ack (read before the ack)
 *   timeout  what [op] [line] ms given       a bounded wait of the driver ran out: what it waited
 *                                            for (final, join, sessionClosed, or a journal
 *                                            kind), the step's line, the bound, and whether the
 *                                            wait was the row's precondition
 *   phase    name=teardown                   the row's actions are over; what follows closes
 *   crash    sig                             the driver's signal handler, then one
 *   frame    n obj off [sym] | n pc          line per return address from the fault down
 *   note     text [op]
 *   rss      phase=before|after|end kb [instrumented]
 *                                            the child's own peak RSS (VmHWM, not ru_maxrss)
 *   end                                      the driver finished and exits
 *
 * And the other way, parent to child over the signal socket: "journal KIND\n", one line per
 * new entry of the mock's journal (KIND: mock_event_kind_slug, cases.xsd's journalKind).
 */
#ifndef CONFORM_TRACE_PROTOCOL_H
#define CONFORM_TRACE_PROTOCOL_H

/* ---------------------------------------------------------------- kinds of line */

#define TRACE_EV_START "start"
#define TRACE_EV_ENTER "enter"
#define TRACE_EV_LEAVE "leave"
#define TRACE_EV_CALLBACK "callback"
#define TRACE_EV_VALUE "value"
#define TRACE_EV_TIMEOUT "timeout"
#define TRACE_EV_PHASE "phase"
#define TRACE_EV_CRASH "crash"
#define TRACE_EV_FRAME "frame"
#define TRACE_EV_NOTE "note"
#define TRACE_EV_RSS "rss"
#define TRACE_EV_END "end"

/* ---------------------------------------------------------------- keys */

#define TRACE_KEY_PID "pid"
#define TRACE_KEY_CALL "call"
#define TRACE_KEY_OP "op"
#define TRACE_KEY_RESULT "result"
#define TRACE_KEY_HANDLE "handle"
#define TRACE_KEY_CB "cb"
#define TRACE_KEY_CTX "ctx"
#define TRACE_KEY_OPPTR "opptr"
#define TRACE_KEY_MORE "more"
#define TRACE_KEY_CODE "code"
#define TRACE_KEY_INST "inst"
#define TRACE_KEY_ERRSTR "errstr"
#define TRACE_KEY_ERRCLASS "errclass"
#define TRACE_KEY_ACK "ack"
#define TRACE_KEY_FINAL "final"
#define TRACE_KEY_CHANNEL "channel"
#define TRACE_KEY_MESSAGE "message"
#define TRACE_KEY_ACTIVITY "activity"
#define TRACE_KEY_CURRENT "current"
#define TRACE_KEY_STATUS "status"
#define TRACE_KEY_PERCENT "percent"
#define TRACE_KEY_REMAINING "remaining"
#define TRACE_KEY_PROMPT "prompt"
#define TRACE_KEY_SRC "src"
#define TRACE_KEY_NAME "name"
#define TRACE_KEY_TYPE "type"
#define TRACE_KEY_NULL "null"
#define TRACE_KEY_VALUE "value"
#define TRACE_KEY_LEN "len"     /* a streamed text cut short: its full length */
#define TRACE_KEY_ITEMS "items" /* an array's escaped items joined by ',' */
#define TRACE_KEY_COUNT "count" /* elements of a streamed batch or an instance array */
#define TRACE_KEY_WHAT "what"
#define TRACE_KEY_LINE "line"
#define TRACE_KEY_MS "ms"
#define TRACE_KEY_GIVEN "given"
#define TRACE_KEY_SIG "sig"
#define TRACE_KEY_FRAME_NUMBER "n"
#define TRACE_KEY_OBJ "obj"
#define TRACE_KEY_OFF "off"
#define TRACE_KEY_SYM "sym"
#define TRACE_KEY_PC "pc"
#define TRACE_KEY_TEXT "text"
#define TRACE_KEY_PHASE "phase" /* rss: before, after, end */
#define TRACE_KEY_KB "kb"
#define TRACE_KEY_INSTRUMENTED "instrumented"

/* ---------------------------------------------------------------- values */

/* ctx: the callbackContext was the one given (or NULL when the row gives NULL) */
#define TRACE_CTX_OK "ok"
#define TRACE_CTX_BAD "bad"

/* src of a value line */
#define TRACE_SRC_FINAL "final"
#define TRACE_SRC_PARTIAL "partial"
#define TRACE_SRC_AGAIN "again"
#define TRACE_SRC_ERROR "error"
#define TRACE_SRC_ACK "ack"

/* name of a phase line */
#define TRACE_PHASE_TEARDOWN "teardown"

/* phase of an rss line */
#define TRACE_RSS_BEFORE "before" /* right before the first Invoke */
#define TRACE_RSS_AFTER "after"   /* after the row's steps */
#define TRACE_RSS_END "end"       /* the driver's last line but one */

/* what a timeout line waited for, besides a journal kind */
#define TRACE_WAIT_FINAL "final"
#define TRACE_WAIT_JOIN "join"
#define TRACE_WAIT_SESSION_CLOSED "sessionClosed"

/* cb of a callback line: the MI_OperationCallbacks member, or the session's close */
#define TRACE_CB_INSTANCE_RESULT "instanceResult"
#define TRACE_CB_STREAMED "streamedParameterResult"
#define TRACE_CB_WRITE_MESSAGE "writeMessage"
#define TRACE_CB_WRITE_PROGRESS "writeProgress"
#define TRACE_CB_WRITE_ERROR "writeError"
#define TRACE_CB_PROMPT_USER "promptUser"
#define TRACE_CB_SESSION_CLOSED "sessionClosed"

/* call of an enter or leave line; rows name them too (order, call) */
#define TRACE_CALL_INITIALIZE "Application.Initialize"
#define TRACE_CALL_NEW_SESSION "Application.NewSession"
#define TRACE_CALL_APPLICATION_CLOSE "Application.Close"
#define TRACE_CALL_INVOKE "Invoke"
#define TRACE_CALL_GET_INSTANCE "GetInstance"
#define TRACE_CALL_CANCEL "Cancel"
#define TRACE_CALL_CLOSE "Close"
#define TRACE_CALL_ACK "Ack"
#define TRACE_CALL_AUTO_ACK "AutoAck" /* an ack given at once after <ack resume="true"/> */
#define TRACE_CALL_RESPOND "Respond"
#define TRACE_CALL_SESSION_CLOSE "Session.Close"
#define TRACE_CALL_SESSION_CLOSE_ASYNC "Session.CloseAsync"
#define TRACE_CALL_DELETE_OPTIONS "OperationOptions.Delete"
/* a <slot> step's call through the operation's saved function table: the row's name for it */
#define TRACE_CALL_SLOT_CLOSE "Operation.Close"
#define TRACE_CALL_SLOT_CANCEL "Operation.Cancel"
#define TRACE_CALL_SLOT_GET_SESSION "Operation.GetSession"
#define TRACE_CALL_SLOT_GET_INSTANCE "Operation.GetInstance"

/* ---------------------------------------------------------------- parent -> child */

#define TRACE_JOURNAL_PREFIX "journal " /* followed by the kind and '\n' */

#endif

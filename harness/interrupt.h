/*
 * interrupt - SIGINT and SIGTERM end a run in order instead of killing it: no new case starts,
 * the running ones stop their children at once (they watch conform_interrupt_fd), the reports
 * are written with the unfinished cases marked "not run", and mi-conform exits 128 + signal.
 */
#ifndef CONFORM_INTERRUPT_H
#define CONFORM_INTERRUPT_H

/* Installs the handlers (once). 0, or -1 when the self-pipe cannot be made. */
int conform_interrupt_install(void);
/* The signal that asked the run to stop, or 0. */
int conform_interrupt_signal(void);
/* Readable once a stop was asked for (never drained, so every poller sees it); -1 when the
 * handlers are not installed. */
int conform_interrupt_fd(void);
/* Forgets a stop request (a process that runs the runner more than once: the tests). */
void conform_interrupt_clear(void);

#endif

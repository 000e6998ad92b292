/*
 * driver_main - `mi-conform --driver ...` (its flags: harness/child_args.h): the child process
 * of one case.
 *
 * It opens its session the portable way (mi-api.md section 2): protocol NULL, destination
 * "127.0.0.1", port, transport HTTP, URL prefix and Basic credentials through the standard
 * destination options (the row's <session>, with the defaults of case_model.h), so any MI
 * implementation (OMI's libmi.so too) can be driven.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/case_load.h"
#include "harness/child_args.h"
#include "harness/driver/driver.h"
#include "model/mimodel.h"

/* ---------------------------------------------------------------- setting up */

typedef MI_Result(MI_CALL *init_fn)(MI_Uint32, const MI_Char *, MI_Instance **,
                                    MI_Application *);

static int load_and_initialize(conform_driver *d, const char *impl)
{
    void *lib = dlopen(impl, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        conform_driver_note_text(d, dlerror(), 0);
        return -1;
    }
    init_fn init = (init_fn)dlsym(lib, "MI_Application_InitializeV1");
    if (init == NULL) {
        conform_driver_note_text(d, "no MI_Application_InitializeV1", 0);
        return -1;
    }
    MI_Instance *ext = NULL;
    conform_driver_enter(d, TRACE_CALL_INITIALIZE, 0);
    MI_Result r = init(0, "mi-conform", &ext, &d->app);
    conform_driver_leave(d, TRACE_CALL_INITIALIZE, 0, 1, r);
    conform_driver_impl_begin();
    if (ext != NULL) MI_Instance_Delete(ext);
    conform_driver_impl_end();
    d->have_app = r == MI_RESULT_OK;
    return d->have_app ? 0 : -1;
}

static void set_destination(conform_driver *d, MI_DestinationOptions *dopts)
{
    const conform_case_session *s = &d->spec->session;
    MI_DestinationOptions_SetDestinationPort(dopts, d->port);
    MI_DestinationOptions_SetTransport(dopts, MI_DESTINATIONOPTIONS_TRANSPORT_HTTP);
    if (s->set_url_prefix) MI_DestinationOptions_SetHttpUrlPrefix(dopts, s->url_prefix);
    if (s->user != NULL) {
        MI_UserCredentials creds;
        memset(&creds, 0, sizeof creds);
        creds.authenticationType = MI_AUTH_TYPE_BASIC;
        creds.credentials.usernamePassword.username = s->user;
        creds.credentials.usernamePassword.password = s->password ? s->password : "";
        MI_DestinationOptions_AddDestinationCredentials(dopts, &creds);
    }
}

static int open_session(conform_driver *d)
{
    MI_DestinationOptions dopts = MI_DESTINATIONOPTIONS_NULL;
    conform_driver_impl_begin();
    MI_Result r = MI_Application_NewDestinationOptions(&d->app, &dopts);
    if (r == MI_RESULT_OK) set_destination(d, &dopts);
    conform_driver_impl_end();
    MI_Instance *ext = NULL;
    conform_driver_enter(d, TRACE_CALL_NEW_SESSION, 0);
    r = MI_Application_NewSession(&d->app, NULL, "127.0.0.1", dopts.ft ? &dopts : NULL, NULL,
                                  &ext, &d->session);
    conform_driver_leave(d, TRACE_CALL_NEW_SESSION, 0, 1, r);
    conform_driver_impl_begin();
    if (ext != NULL) MI_Instance_Delete(ext);
    if (dopts.ft != NULL) MI_DestinationOptions_Delete(&dopts);
    conform_driver_impl_end();
    d->have_session = r == MI_RESULT_OK;
    d->session_saved = d->session;
    return d->have_session ? 0 : -1;
}

static void set_custom_options(conform_driver *d)
{
    const conform_case_options *o = &d->spec->call.options;
    for (size_t i = 0; i < o->n_custom; i++) {
        const conform_case_custom_option *c = &o->custom[i];
        MI_Instance *holder = NULL;
        conform_case_instance one = {(char *)"Option", NULL, (conform_case_value *)&c->value, 1};
        /* Built through an instance so the value text is converted exactly as parameters are. */
        if (conform_driver_build_instance(d, &one, &holder) != 0) continue;
        MI_Value v;
        MI_Type t;
        conform_driver_impl_begin();
        if (MI_Instance_GetElement(holder, c->value.name, &v, &t, NULL, NULL) == MI_RESULT_OK)
            MI_OperationOptions_SetCustomOption(&d->options, c->name, t, &v,
                                                c->must_comply ? MI_TRUE : MI_FALSE);
        MI_Instance_Delete(holder);
        conform_driver_impl_end();
    }
}

/* The row's options. Returns -1 when the implementation refused the handle or its timeout
 * (an allocation failure under --inject alloc, or a deviation): the call cannot be made as
 * the row says, and made without its timeout a row whose server never answers would only
 * hang. The refusal is noted; the other setters' failures show on the wire instead. */
static int make_options(conform_driver *d)
{
    const conform_case_options *o = &d->spec->call.options;
    if (!o->present) return 0;
    conform_driver_impl_begin(); /* only calls into the implementation down to the custom ones */
    const char *refused = "MI_Application_NewOperationOptions";
    MI_Result r = MI_Application_NewOperationOptions(&d->app, o->must_understand ? MI_TRUE
                                                                                 : MI_FALSE,
                                                     &d->options);
    d->have_options = r == MI_RESULT_OK;
    if (d->have_options && o->timeout_ms >= 0) {
        MI_Interval iv;
        memset(&iv, 0, sizeof iv);
        iv.seconds = (MI_Uint32)(o->timeout_ms / 1000);
        iv.microseconds = (MI_Uint32)(o->timeout_ms % 1000) * 1000u;
        refused = "MI_OperationOptions_SetTimeout";
        r = MI_OperationOptions_SetTimeout(&d->options, &iv);
    }
    if (d->have_options && o->resource_uri)
        MI_OperationOptions_SetResourceUri(&d->options, o->resource_uri);
    if (d->have_options && o->resource_uri_prefix)
        MI_OperationOptions_SetResourceUriPrefix(&d->options, o->resource_uri_prefix);
    conform_driver_impl_end();
    if (r != MI_RESULT_OK) {
        char text[160];
        snprintf(text, sizeof text, "%s returned %s: the row's options could not be made, nothing "
                 "was invoked", refused, mimodel_result_name(r));
        conform_driver_note_text(d, text, 0);
        return -1;
    }
    if (d->have_options) set_custom_options(d);
    return 0;
}

static void build_inputs(conform_driver *d)
{
    const conform_case_call *c = &d->spec->call;
    if (c->has_instance) conform_driver_build_instance(d, &c->instance, &d->inbound);
    if (c->has_params) conform_driver_build_instance(d, &c->params, &d->params);
}

/* ---------------------------------------------------------------- tearing down */

static void finish_op(conform_driver *d, conform_driver_op *o)
{
    if (!o->invoked || o->closed) return;
    conform_driver_collect(d, o, conform_driver_ms(d, CONFORM_BOUND_CONNECTION_MS));
    if (o->ack != NULL) conform_driver_ack(d, o);
    conform_driver_close_op(d, o);
}

/* Whatever the steps left open is closed here. The phase line tells the parent that what
 * follows is teardown: its calls get a shorter watchdog, and a hang there is reported after
 * the failures that caused it. */
static void finish(conform_driver *d)
{
    conform_driver_note(d, TRACE_EV_PHASE, TRACE_KEY_NAME, TRACE_PHASE_TEARDOWN, 0);
    conform_driver_join_leftover(d);
    for (size_t i = 0; i < d->n_ops; i++) finish_op(d, &d->ops[i]);
    if (d->have_session && !d->session_closed) conform_driver_close_session(d, 0);
    conform_driver_impl_begin();
    if (d->have_options) MI_OperationOptions_Delete(&d->options);
    if (d->inbound != NULL) MI_Instance_Delete(d->inbound);
    if (d->params != NULL) MI_Instance_Delete(d->params);
    conform_driver_impl_end();
    if (d->have_app && !d->app_closed) {
        conform_driver_enter(d, TRACE_CALL_APPLICATION_CLOSE, 0);
        conform_driver_leave(d, TRACE_CALL_APPLICATION_CLOSE, 0, 1, MI_Application_Close(&d->app));
    }
}

/* ---------------------------------------------------------------- the row's steps */

/* The operation a step names: op="N", else the last one started. */
static conform_driver_op *step_op(conform_driver *d, const conform_case_step *st)
{
    size_t i = st->op ? st->op : d->n_ops;
    return i >= 1 && i <= d->n_ops ? &d->ops[i - 1] : NULL;
}

/* Each step through its kind's function (harness/actions.c), then the peak RSS they left. */
static void run_steps(conform_driver *d)
{
    for (size_t i = 0; i < d->spec->n_steps; i++) {
        const conform_case_step *st = &d->spec->steps[i];
        const conform_step_kind_info *kind = conform_step_kind_of(st->kind);
        conform_driver_op *o = kind->on_op ? step_op(d, st) : NULL;
        if (kind->on_op && o == NULL) conform_driver_note_text(d, "step names no operation", 0);
        else kind->run(d, st, o);
    }
    conform_driver_note_rss(d, TRACE_RSS_AFTER);
}

/* The row's invokes (once, or repeated and concurrent), then its steps. */
static void run_call(conform_driver *d)
{
    if (d->spec->call.repeat > 1 || d->spec->call.concurrent > 0) {
        conform_driver_run_repeat(d);
        return;
    }
    conform_driver_op *o = conform_driver_new_op(d);
    conform_driver_invoke(d, o, 0);
    if (d->spec->call.options.delete_after_invoke && d->have_options) {
        conform_driver_impl_begin();
        MI_OperationOptions_Delete(&d->options);
        conform_driver_impl_end();
        d->have_options = 0;
    }
    run_steps(d);
}

/* ---------------------------------------------------------------- the child */

static int run(conform_driver *d, const conform_child_args *a)
{
    conform_driver_setup_callbacks(d);
    if (conform_driver_inject_init(a->inject_alloc) != 0) {
        conform_driver_note_text(d, "--inject alloc: the interposer is not loaded", 0);
        return 1;
    }
    if (load_and_initialize(d, a->impl) != 0) return 0;
    if (!d->spec->call.null_session) open_session(d);
    build_inputs(d);
    if (make_options(d) == 0) run_call(d);
    finish(d);
    return 0;
}

static int has_ack_step(const conform_case_spec *spec)
{
    for (size_t i = 0; i < spec->n_steps; i++)
        if (spec->steps[i].kind == CONFORM_STEP_ACK) return 1;
    return 0;
}

/* Every operation the row can start: its (scaled) invokes and one per step at most. */
static size_t op_capacity(const conform_case_spec *spec, double scale)
{
    return (size_t)conform_case_scaled(spec->call.repeat, scale) + spec->n_steps + 2;
}

int conform_driver_main(int argc, char **argv)
{
    conform_child_args a;
    char err[1024];
    conform_case c;
    if (conform_child_args_read(argc, argv, CONFORM_CHILD_DRIVER, &a) != 0) {
        fprintf(stderr, "mi-conform --driver: bad arguments\n");
        return 2;
    }
    if (conform_case_find(a.table, a.case_id, &c, err, sizeof err) != CONFORM_OK) {
        fprintf(stderr, "mi-conform --driver: %s\n", err);
        return 2;
    }
    conform_driver d;
    memset(&d, 0, sizeof d);
    d.spec = conform_case_spec_of(&c);
    d.port = a.port;
    d.scale = a.scale;
    d.timeout_scale = a.timeout_scale;
    d.trace_fd = a.trace_fd;
    d.signal_fd = a.signal_fd;
    d.defer_ack = has_ack_step(d.spec);
    d.final_action = conform_cb_action_of(d.spec->call.callbacks.on_final)->run;
    d.streamed_action = conform_cb_action_of(d.spec->call.callbacks.on_streamed)->run;
    d.cap_ops = op_capacity(d.spec, a.scale);
    d.ops = calloc(d.cap_ops, sizeof *d.ops);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&d.cond, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&d.lock, NULL);
    (void)conform_driver_tid();
    conform_driver_crash_install(d.trace_fd);

    char pid[32];
    snprintf(pid, sizeof pid, "%ld", (long)getpid());
    conform_driver_note(&d, TRACE_EV_START, TRACE_KEY_PID, pid, 0);
    int rc = d.ops != NULL ? run(&d, &a) : 1;
    conform_driver_note_rss(&d, TRACE_RSS_END);
    conform_driver_note(&d, TRACE_EV_END, NULL, NULL, 0);

    free(d.ops);
    pthread_cond_destroy(&d.cond);
    pthread_mutex_destroy(&d.lock);
    conform_case_clear(&c);
    return rc;
}

/* ---------------------------------------------------------------- the preflight probe */

/* The extended error's Message, when Initialize gave one. */
static void initialize_message(MI_Instance *ext, char *buf, size_t len)
{
    MI_Value v;
    MI_Type type;
    buf[0] = '\0';
    if (ext == NULL ||
        MI_Instance_GetElement(ext, "Message", &v, &type, NULL, NULL) != MI_RESULT_OK ||
        type != MI_STRING || v.string == NULL)
        return;
    snprintf(buf, len, ": %s", v.string);
}

int conform_driver_probe_main(int argc, char **argv)
{
    conform_child_args a;
    if (conform_child_args_read(argc, argv, CONFORM_CHILD_PROBE, &a) != 0) {
        printf("error: usage: mi-conform --probe --impl PATH\n");
        return 1;
    }
    void *lib = dlopen(a.impl, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        printf("error: cannot load it: %s\n", dlerror());
        return 1;
    }
    init_fn init = (init_fn)dlsym(lib, "MI_Application_InitializeV1");
    if (init == NULL) {
        printf("error: it does not export MI_Application_InitializeV1 "
               "(not an MI implementation)\n");
        return 1;
    }
    MI_Application app = MI_APPLICATION_NULL;
    MI_Instance *ext = NULL;
    MI_Result r = init(0, "mi-conform", &ext, &app);
    if (r != MI_RESULT_OK) {
        char msg[512];
        initialize_message(ext, msg, sizeof msg);
        printf("error: MI_Application_InitializeV1 returned %s (%d)%s\n",
               conform_case_result_name((int)r), (int)r, msg);
        return 1;
    }
    if (ext != NULL) MI_Instance_Delete(ext);
    MI_Application_Close(&app);
    printf("ok\n");
    return 0;
}

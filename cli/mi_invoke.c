/*
 * mi-invoke - call one CIM method over WS-Management through any MI implementation, in the
 * spirit of `omicli iv`. The implementation is loaded with dlopen and reached only through
 * mi.h; the codec (wsman/) reads and writes value text.
 *
 *   mi-invoke [--impl LIB] [--url URL] [-u USER:PW] [--timeout S] [--insecure]
 *             NAMESPACE CLASS[.KEY=V,...] METHOD [PARAM[:TYPE]=VALUE ...]
 */
#include "mi.h"
#include "model/mimodel.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_USAGE 2
#define MI_INVOKE_VERSION "0.1.0" /* the kit's version (harness/cli.h) */

typedef MI_Result (*init_fn)(MI_Uint32, const MI_Char *, MI_Instance **, MI_Application *);

typedef struct cli {
    const char *impl, *url, *user, *ns, *cls, *method;
    double timeout;
    int insecure;
    char **params;
    int n_params;
} cli;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: mi-invoke [--impl LIB] [--url URL] [-u USER:PW] [--timeout S] [--insecure]\n"
            "                 NAMESPACE CLASS[.KEY=V,...] METHOD [PARAM[:TYPE]=VALUE ...]\n"
            "\n"
            "  --impl LIB     MI implementation to load (default: ../lib/libmiref.so next to\n"
            "                 this program)\n"
            "  --url URL      http(s)://host:port/path (default http://localhost:5985/wsman)\n"
            "  -u USER:PW     Basic credentials\n"
            "  --timeout S    operation timeout in seconds\n"
            "  --insecure     do not verify the server's certificate\n"
            "  NAMESPACE      e.g. root/cimv2; '-' lets the server choose\n"
            "  CLASS.K=V,...  an instance method on the instance with these keys\n"
            "  PARAM=VALUE    a string; PARAM:uint32=42 typed; PARAM=[a,b,c] an array\n"
            "  TYPE           boolean uint8 sint8 uint16 sint16 uint32 sint32 uint64 sint64\n"
            "                 real32 real64 char16 datetime string\n"
            "  -h, --help     this text;  --version  the version\n"
            "Prints the outbound instance (exit 0) or the error (exit 1); usage errors exit 2.\n");
}

static int arg_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "mi-invoke: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see --help)\n");
    return -1;
}

static int parse_args(int argc, char **argv, cli *c)
{
    memset(c, 0, sizeof *c);
    c->url = "http://localhost:5985/wsman";
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--version") == 0) {
            printf("mi-invoke %s\n", MI_INVOKE_VERSION);
            exit(0);
        } else if (strcmp(a, "--insecure") == 0) c->insecure = 1;
        else if (strcmp(a, "--impl") != 0 && strcmp(a, "--url") != 0 && strcmp(a, "-u") != 0 &&
                 strcmp(a, "--timeout") != 0) return arg_error("unknown option '%s'", a);
        else if (i + 1 >= argc) return arg_error("option '%s' needs a value", a);
        else if (strcmp(a, "--impl") == 0) c->impl = argv[++i];
        else if (strcmp(a, "--url") == 0) c->url = argv[++i];
        else if (strcmp(a, "-u") == 0) c->user = argv[++i];
        else {
            char *end;
            c->timeout = strtod(argv[++i], &end);
            if (*end != '\0' || c->timeout <= 0)
                return arg_error("--timeout: '%s' is not a positive number of seconds", argv[i]);
        }
    }
    if (argc - i < 3) return arg_error("%s", "expected NAMESPACE CLASS METHOD after the options");
    c->ns = strcmp(argv[i], "-") == 0 ? NULL : argv[i];
    c->cls = argv[i + 1];
    c->method = argv[i + 2];
    c->params = argv + i + 3;
    c->n_params = argc - i - 3;
    return 0;
}

/* ---------------------------------------------------------------- names */

/* The types a parameter may be given as: every scalar but instances and references. */
static int type_by_name(const char *name, MI_Type *t, size_t *size)
{
    if (mimodel_type_from_name(name, t) != 0 || mimodel_type_is_array(*t) ||
        mimodel_type_is_instance(*t))
        return -1;
    *size = mimodel_type_element_size(*t);
    return 0;
}

/* ---------------------------------------------------------------- values from the command line */

/* One scalar; strings stay borrowed from argv (the instance copies them). */
static int scalar_from_text(const char *text, MI_Type t, MI_Value *v, char **owned)
{
    *owned = NULL;
    if (t == MI_STRING) {
        v->string = (MI_Char *)text;
        return 0;
    }
    return mimodel_value_from_text(text, t, v) == MI_RESULT_OK ? 0 : -1;
}

static void free_array(MI_Value *v, MI_Type t)
{
    if (t == MI_STRING)
        for (MI_Uint32 i = 0; i < v->stringa.size; i++) free(v->stringa.data[i]);
    free(v->array.data);
}

/* "[a,b,c]" as an array of t; returns 0 and fills v (to free with free_array). */
static int array_from_text(char *text, MI_Type t, size_t size, MI_Value *v)
{
    size_t n = strlen(text);
    text[n - 1] = '\0';
    char *body = text + 1;
    MI_Uint32 count = body[0] == '\0' ? 0 : 1;
    for (char *p = body; *p; p++) count += *p == ',';
    v->array.data = calloc(count ? count : 1, size);
    v->array.size = 0;
    if (v->array.data == NULL) return -1;
    char *save = NULL;
    for (char *item = count ? strtok_r(body, ",", &save) : NULL; item != NULL;
         item = strtok_r(NULL, ",", &save)) {
        MI_Value one;
        memset(&one, 0, sizeof one);
        if (t == MI_STRING) one.string = strdup(item);
        else if (mimodel_value_from_text(item, t, &one) != MI_RESULT_OK) return -1;
        memcpy((char *)v->array.data + v->array.size * size, &one, size);
        v->array.size++;
    }
    return 0;
}

/* NAME[:TYPE]=VALUE into inst with `flags` (MI_FLAG_KEY for keys); on failure, why. */
static int add_assignment(MI_Instance *inst, char *arg, MI_Uint32 flags, char *why, size_t len)
{
    char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg) {
        snprintf(why, len, "not NAME[:TYPE]=VALUE");
        return -1;
    }
    *eq = '\0';
    char *value = eq + 1, *colon = strchr(arg, ':');
    MI_Type t = MI_STRING;
    size_t size = sizeof(MI_Char *);
    if (colon != NULL) {
        *colon = '\0';
        if (type_by_name(colon + 1, &t, &size) != 0) {
            snprintf(why, len, "unknown type '%s' (--help lists them)", colon + 1);
            return -1;
        }
    }
    const char *type_name = colon != NULL ? colon + 1 : "string";
    MI_Value v;
    memset(&v, 0, sizeof v);
    size_t n = strlen(value);
    if (n >= 2 && value[0] == '[' && value[n - 1] == ']') {
        int rc = array_from_text(value, t, size, &v);
        if (rc != 0) snprintf(why, len, "an item of the array is not a %s", type_name);
        else if (MI_Instance_AddElement(inst, arg, &v, (MI_Type)(t | MI_ARRAY), flags) != MI_RESULT_OK) {
            snprintf(why, len, "'%s' given twice", arg);
            rc = -1;
        }
        free_array(&v, t);
        return rc;
    }
    char *owned;
    if (scalar_from_text(value, t, &v, &owned) != 0) {
        snprintf(why, len, "'%s' is not a %s", value, type_name);
        return -1;
    }
    int rc = MI_Instance_AddElement(inst, arg, &v, t, flags) == MI_RESULT_OK ? 0 : -1;
    if (rc != 0) snprintf(why, len, "'%s' given twice", arg);
    if (t == MI_STRING && v.string != value) free(v.string);
    free(owned);
    return rc;
}

/* ---------------------------------------------------------------- printing */

static void print_instance(const MI_Instance *inst, int indent);

static void print_scalar(const MI_Value *v, MI_Type t, int indent)
{
    if (t == MI_STRING) {
        printf("%s", v->string != NULL ? v->string : "NULL");
    } else if (t == MI_INSTANCE || t == MI_REFERENCE) {
        const MI_Char *cn = NULL;
        if (v->instance == NULL) {
            printf("NULL");
            return;
        }
        MI_Instance_GetClassName(v->instance, &cn);
        printf("%s%s\n", t == MI_REFERENCE ? "REF " : "", cn != NULL ? cn : "?");
        print_instance(v->instance, indent + 4);
        printf("%*s", indent, "");
    } else {
        char *text = mimodel_value_to_text(v, t);
        printf("%s", text != NULL ? text : "?");
        free(text);
    }
}

static void print_value(const MI_Value *v, MI_Type t, MI_Uint32 flags, int indent)
{
    if (flags & MI_FLAG_NULL) {
        printf("NULL");
        return;
    }
    if (!(t & MI_ARRAY)) {
        print_scalar(v, t, indent);
        return;
    }
    MI_Type et = (MI_Type)(t & ~MI_ARRAY);
    size_t size = mimodel_type_element_size(et);
    printf("{");
    for (MI_Uint32 i = 0; i < v->array.size; i++) {
        MI_Value one;
        memset(&one, 0, sizeof one);
        memcpy(&one, (const char *)v->array.data + i * size, size);
        printf(i ? ", " : "");
        print_scalar(&one, et, indent);
    }
    printf("}");
}

static void print_instance(const MI_Instance *inst, int indent)
{
    MI_Uint32 n = 0;
    MI_Instance_GetElementCount(inst, &n);
    for (MI_Uint32 i = 0; i < n; i++) {
        const MI_Char *name;
        MI_Value v;
        MI_Type t;
        MI_Uint32 flags = 0;
        if (MI_Instance_GetElementAt(inst, i, &name, &v, &t, &flags) != MI_RESULT_OK) continue;
        printf("%*s%s = ", indent, "", name);
        print_value(&v, t, flags, indent);
        printf("\n");
    }
}

/* ---------------------------------------------------------------- session set-up */

static int load_impl(const char *path, init_fn *init, void **handle)
{
    char buf[PATH_MAX];
    if (path == NULL) {
        ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 32);
        if (n <= 0) return -1;
        buf[n] = '\0';
        char *slash = strrchr(buf, '/');
        if (slash == NULL) return -1;
        strcpy(slash, "/../lib/libmiref.so");
        path = buf;
    }
    *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (*handle == NULL) {
        fprintf(stderr, "mi-invoke: cannot load %s: %s\n", path, dlerror());
        return -1;
    }
    *init = (init_fn)dlsym(*handle, "MI_Application_InitializeV1");
    if (*init == NULL) {
        fprintf(stderr, "mi-invoke: %s does not export MI_Application_InitializeV1\n", path);
        return -1;
    }
    return 0;
}

/* --url http(s)://host[:port][/path] into destination + options. */
static int apply_url(const char *url, char *host, size_t hostlen, MI_DestinationOptions *d)
{
    int https = strncmp(url, "https://", 8) == 0;
    if (!https && strncmp(url, "http://", 7) != 0) return -1;
    const char *h = url + (https ? 8 : 7);
    const char *path = strchr(h, '/');
    size_t hl = path != NULL ? (size_t)(path - h) : strlen(h);
    if (hl == 0 || hl >= hostlen) return -1;
    memcpy(host, h, hl);
    host[hl] = '\0';
    char *colon = strrchr(host, ':');
    char *bracket = strchr(host, ']');
    if (colon != NULL && (bracket == NULL || bracket < colon)) { /* not inside [v6] */
        char *end;
        unsigned long port = strtoul(colon + 1, &end, 10);
        if (*end != '\0' || port == 0 || port > 65535) return -1;
        *colon = '\0';
        MI_DestinationOptions_SetDestinationPort(d, (MI_Uint32)port);
    }
    MI_DestinationOptions_SetTransport(d, https ? MI_DESTINATIONOPTIONS_TRANSPORT_HTTPS
                                                : MI_DESTINATIONOPTIONS_TRANSPORT_HTTP);
    /* The prefix as Microsoft documents it (HttpPrefix "/wsman"): with its slash. */
    if (path != NULL && path[1] != '\0') MI_DestinationOptions_SetHttpUrlPrefix(d, path);
    return 0;
}

static int apply_user(const char *user, MI_DestinationOptions *d)
{
    static char name[256];
    const char *colon = strchr(user, ':');
    if (colon == NULL || (size_t)(colon - user) >= sizeof name) return -1;
    memcpy(name, user, (size_t)(colon - user));
    name[colon - user] = '\0';
    MI_UserCredentials c;
    memset(&c, 0, sizeof c);
    c.authenticationType = "Basic";
    c.credentials.usernamePassword.username = name;
    c.credentials.usernamePassword.password = colon + 1;
    return MI_DestinationOptions_AddDestinationCredentials(d, &c) == MI_RESULT_OK ? 0 : -1;
}

/* "Class" or "Class.K=V,K2:uint32=5" into the class name and an inbound instance. */
static int parse_target(MI_Application *app, char *spec, char **cls, MI_Instance **inst,
                        char *why, size_t why_len)
{
    *inst = NULL;
    *cls = spec;
    char *dot = strchr(spec, '.');
    if (dot == NULL) return 0;
    *dot = '\0';
    if (MI_Application_NewInstance(app, spec, NULL, inst) != MI_RESULT_OK) return -1;
    char *save = NULL;
    for (char *k = strtok_r(dot + 1, ",", &save); k != NULL; k = strtok_r(NULL, ",", &save))
        if (add_assignment(*inst, k, MI_FLAG_KEY, why, why_len) != 0) return -1;
    return 0;
}

static void print_error(MI_Result r, const MI_Char *msg, const MI_Instance *details)
{
    printf("error: %s (%d): %s\n", mimodel_result_name(r), (int)r,
           msg != NULL ? msg : "(no message)");
    if (details != NULL) print_instance(details, 4);
}

/* ---------------------------------------------------------------- the call */

static int run(const cli *c, MI_Application *app)
{
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    MI_OperationOptions o = MI_OPERATIONOPTIONS_NULL;
    MI_Session s = MI_SESSION_NULL;
    MI_Instance *inst = NULL, *params = NULL, *err = NULL;
    char host[256], why[256] = "", *cls = NULL, *target = strdup(c->cls);
    int rc = EXIT_USAGE;
    MI_Application_NewDestinationOptions(app, &d);
    MI_Application_NewOperationOptions(app, MI_FALSE, &o);
    MI_Application_NewParameterSet(app, NULL, &params);
    if (target == NULL || apply_url(c->url, host, sizeof host, &d) != 0 ||
        (c->user != NULL && apply_user(c->user, &d) != 0) ||
        parse_target(app, target, &cls, &inst, why, sizeof why) != 0) {
        fprintf(stderr, "mi-invoke: bad --url, -u or CLASS.KEY=V argument%s%s\n", why[0] ? ": " : "", why);
        goto out;
    }
    for (int i = 0; i < c->n_params; i++) {
        char *copy = strdup(c->params[i]);
        if (copy == NULL) snprintf(why, sizeof why, "out of memory");
        int bad = copy == NULL || add_assignment(params, copy, 0, why, sizeof why) != 0;
        free(copy);
        if (bad) {
            fprintf(stderr, "mi-invoke: bad parameter '%s': %s\n", c->params[i], why);
            goto out;
        }
    }
    if (c->insecure) {
        MI_DestinationOptions_SetCertCACheck(&d, MI_FALSE);
        MI_DestinationOptions_SetCertCNCheck(&d, MI_FALSE);
    }
    if (c->timeout > 0) {
        MI_Interval iv;
        memset(&iv, 0, sizeof iv);
        iv.seconds = (MI_Uint32)c->timeout;
        iv.microseconds = (MI_Uint32)((c->timeout - iv.seconds) * 1e6);
        MI_OperationOptions_SetTimeout(&o, &iv);
    }
    rc = 1;
    MI_Result r = MI_Application_NewSession(app, NULL, host, &d, NULL, &err, &s);
    if (r != MI_RESULT_OK) {
        print_error(r, "cannot open the session", err);
        goto out;
    }
    MI_Operation op = MI_OPERATION_NULL;
    MI_Session_Invoke(&s, 0, &o, c->ns, inst != NULL ? NULL : cls, c->method, inst, params,
                      NULL, &op);
    const MI_Instance *out = NULL, *details = NULL;
    const MI_Char *msg = NULL;
    MI_Boolean more = MI_FALSE;
    r = MI_RESULT_FAILED;
    if (MI_Operation_GetInstance(&op, &out, &more, &r, &msg, &details) != MI_RESULT_OK)
        r = MI_RESULT_FAILED;
    if (r == MI_RESULT_OK && out != NULL) {
        print_instance(out, 0);
        rc = 0;
    } else {
        print_error(r, msg, details);
    }
    MI_Operation_Close(&op);
    MI_Session_Close(&s, NULL, NULL);
out:
    if (err != NULL) MI_Instance_Delete(err);
    if (inst != NULL) MI_Instance_Delete(inst);
    if (params != NULL) MI_Instance_Delete(params);
    MI_OperationOptions_Delete(&o);
    MI_DestinationOptions_Delete(&d);
    free(target);
    return rc;
}

int main(int argc, char **argv)
{
    cli c;
    if (parse_args(argc, argv, &c) != 0) return EXIT_USAGE;
    init_fn init;
    void *lib = NULL;
    if (load_impl(c.impl, &init, &lib) != 0) return 1;
    MI_Application app = MI_APPLICATION_NULL;
    MI_Instance *err = NULL;
    MI_Result r = init(0, "mi-invoke", &err, &app);
    if (r != MI_RESULT_OK) {
        print_error(r, "cannot initialise the MI application", err);
        return 1;
    }
    int rc = run(&c, &app);
    MI_Application_Close(&app);
    /* The library stays loaded: its worker thread is joined, but unloading buys nothing. */
    return rc;
}

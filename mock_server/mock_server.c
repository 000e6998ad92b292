/*
 * mock_server - the life of one server: configuration, fixture, users, journal, the HTTP
 * daemon and the flow-control watchdog; stop undoes it all in reverse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "mock_server/mock_int.h"

static char *read_file(const char *path, char *errbuf, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(errbuf, errlen, "%s: cannot open", path);
        return NULL;
    }
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *grown = realloc(data, cap);
            if (grown == NULL) { free(data); fclose(f); snprintf(errbuf, errlen, "%s: out of memory", path); return NULL; }
            data = grown;
        }
        size_t n = fread(data + len, 1, 4096, f);
        len += n;
        if (n < 4096) break;
    }
    fclose(f);
    data[len] = '\0';
    return data;
}

/* Users from the fixture plus config->user ("name:password"); their passwords become secrets
 * the journal scrubs. */
static int setup_users(mock_server *srv, char *errbuf, size_t errlen)
{
    size_t n = srv->fx->n_users + (srv->cfg.user != NULL);
    srv->users = calloc(n + 1, sizeof *srv->users);
    if (srv->users == NULL) { snprintf(errbuf, errlen, "out of memory"); return -1; }
    for (size_t i = 0; i < srv->fx->n_users; i++) {
        srv->users[srv->n_users++] = srv->fx->users[i]; /* borrowed from the fixture */
        mock_journal_add_secret(&srv->journal, srv->fx->users[i].password);
    }
    if (srv->cfg.user != NULL) {
        const char *colon = strchr(srv->cfg.user, ':');
        if (colon == NULL || colon == srv->cfg.user) {
            snprintf(errbuf, errlen, "user must be name:password");
            return -1;
        }
        mock_user *u = &srv->users[srv->n_users++];
        u->name = strndup(srv->cfg.user, (size_t)(colon - srv->cfg.user));
        u->password = strdup(colon + 1);
        mock_journal_add_secret(&srv->journal, u->password);
    }
    return 0;
}

static void free_users(mock_server *srv)
{
    if (srv->users != NULL && srv->cfg.user != NULL && srv->n_users > srv->fx->n_users) {
        free(srv->users[srv->n_users - 1].name);
        free(srv->users[srv->n_users - 1].password);
    }
    free(srv->users);
}

static int setup(mock_server *srv, const mock_config *config, char *errbuf, size_t errlen)
{
    srv->cfg = *config;
    srv->cfg.user = mock_strdup(config->user);
    srv->path = strdup(config->path ? config->path : "/wsman");
    srv->bind = strdup(config->bind_address ? config->bind_address : "127.0.0.1");
    srv->max_request = config->max_request_bytes ? config->max_request_bytes : 4u * 1024 * 1024;
    srv->scale = config->scale > 0 ? config->scale : 1.0;
    srv->net_state = config->net_seed;
    pthread_mutex_init(&srv->runs_mu, NULL);
    pthread_mutex_init(&srv->net_mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&srv->watchdog_cond, &ca);
    pthread_condattr_destroy(&ca);
    if (mock_journal_init(&srv->journal, config->journal_max_events) != 0) {
        snprintf(errbuf, errlen, "cannot set up the journal");
        return -1;
    }
    if (config->fixture_path == NULL) {
        snprintf(errbuf, errlen, "no fixture given");
        return -1;
    }
    if ((srv->fx = mock_fixture_load(config->fixture_path, errbuf, errlen)) == NULL) return -1;
    if (setup_users(srv, errbuf, errlen) != 0) return -1;
    if ((config->cert_file != NULL) != (config->key_file != NULL)) {
        snprintf(errbuf, errlen, "TLS needs both a certificate and a key");
        return -1;
    }
    if (config->cert_file != NULL) {
        if (!MHD_is_feature_supported(MHD_FEATURE_TLS)) {
            snprintf(errbuf, errlen, "this libmicrohttpd has no TLS support");
            return -1;
        }
        if ((srv->cert_pem = read_file(config->cert_file, errbuf, errlen)) == NULL ||
            (srv->key_pem = read_file(config->key_file, errbuf, errlen)) == NULL)
            return -1;
    }
    return 0;
}

int mock_server_start(const mock_config *config, mock_server **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    mock_server *srv = calloc(1, sizeof *srv);
    if (srv == NULL) {
        snprintf(errbuf, errlen, "out of memory");
        return -1;
    }
    wsman_init();
    if (setup(srv, config, errbuf, errlen) != 0 || mock_http_start(srv, errbuf, errlen) != 0) {
        mock_server_stop(srv);
        return -1;
    }
    if (pthread_create(&srv->watchdog, NULL, mock_behaviour_watchdog, srv) == 0)
        srv->watchdog_started = 1;
    snprintf(srv->url, sizeof srv->url, "%s://%s:%u%s", srv->cert_pem ? "https" : "http",
             srv->bind, srv->port, srv->path);
    *out = srv;
    return 0;
}

void mock_server_stop(mock_server *srv)
{
    if (srv == NULL) return;
    atomic_store(&srv->stopping, 1);
    mock_behaviour_wake_all(srv);
    /* Helgrind reports MHD_stop_daemon's write of its shutdown flag against the polling
     * thread's reads: the flag is set, then the thread is woken through MHD's eventfd and
     * joined, which helgrind cannot see. Benign; mock_server/helgrind.supp says so. */
    if (srv->mhd != NULL) MHD_stop_daemon(srv->mhd);
    if (srv->watchdog_started) {
        pthread_mutex_lock(&srv->runs_mu);
        pthread_cond_broadcast(&srv->watchdog_cond);
        pthread_mutex_unlock(&srv->runs_mu);
        pthread_join(srv->watchdog, NULL);
    }
    if (srv->fx != NULL) free_users(srv);
    mock_fixture_free(srv->fx);
    for (size_t i = 0; i < srv->n_cancelled; i++) free(srv->cancelled_ops[i]);
    free(srv->cancelled_ops);
    mock_journal_destroy(&srv->journal);
    free(srv->cert_pem);
    free(srv->key_pem);
    free(srv->path);
    free(srv->bind);
    free((char *)srv->cfg.user);
    pthread_cond_destroy(&srv->watchdog_cond);
    pthread_mutex_destroy(&srv->runs_mu);
    pthread_mutex_destroy(&srv->net_mu);
    free(srv);
}

const char *mock_server_url(const mock_server *server)
{
    return server->url;
}

unsigned mock_server_port(const mock_server *server)
{
    return server->port;
}

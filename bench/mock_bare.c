/*
 * mock_bare - the yardstick for the mock server benchmarks: a bare libmicrohttpd responder that
 * answers every POST with the same fixed bytes (a file), thread per connection like the mock.
 * Prints its URL on the first line, serves until SIGTERM.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

static char *answer;
static size_t answer_len;
static volatile sig_atomic_t stop;

static void on_signal(int s)
{
    (void)s;
    stop = 1;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *size, void **req)
{
    (void)cls; (void)url; (void)method; (void)version; (void)data;
    if (*req == NULL) { *req = (void *)1; return MHD_YES; }
    if (*size != 0) { *size = 0; return MHD_YES; }
    struct MHD_Response *r = MHD_create_response_from_buffer(answer_len, answer, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/soap+xml;charset=UTF-8");
    enum MHD_Result rc = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) return 2;
    answer = malloc(1 << 20);
    answer_len = fread(answer, 1, 1 << 20, f);
    fclose(f);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, 0, NULL,
        NULL, on_request, NULL, MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_END);
    if (d == NULL) return 1;
    printf("http://127.0.0.1:%u/wsman\n", MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port);
    fflush(stdout);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    while (!stop) pause();
    MHD_stop_daemon(d);
    free(answer);
    return 0;
}

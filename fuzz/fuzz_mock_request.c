/*
 * fuzz_mock_request - libFuzzer target for the mock server's request handling. mockcim.h has
 * no entry point that handles one request body without a socket, so this drives a real
 * embedded mock_server over 127.0.0.1 with libcurl: slower than an in-process call, but every
 * input goes through the same path a client's request does (HTTP, size cap, envelope parsing,
 * call validation, the behaviour, the journal). A crash in a server thread kills this process,
 * which libFuzzer records with the input; a request left unanswered is reported as a hang.
 *
 * MI_FUZZ_FIXTURE names the fixture (default fuzz/fixtures/mock-fuzz.xml, relative to the
 * directory scripts/fuzz.sh runs from: the repository root).
 */
#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "mock_server/mockcim.h"

/* Entry points, shared with the regression test (tests/test_inject_regress.c): start once,
 * then one request per input (0, or -1 when the mock gave no answer at all), then stop. */
int inject_fuzz_mock_init(void);
int inject_fuzz_mock_one(const uint8_t *data, size_t size);
void inject_fuzz_mock_shutdown(void);

/* The journal keeps every request: a fresh server now and then keeps memory flat. */
#define INJECT_FUZZ_MOCK_RESTART_EVERY 2000
#define INJECT_FUZZ_MOCK_TIMEOUT_MS 10000L

static mock_server *inject_fuzz_mock_server;
static CURL *inject_fuzz_mock_curl;
static struct curl_slist *inject_fuzz_mock_headers;
static unsigned inject_fuzz_mock_requests;

static size_t inject_fuzz_mock_discard(char *ptr, size_t size, size_t n, void *ctx)
{
    (void)ptr;
    (void)ctx;
    return size * n;
}

static int inject_fuzz_mock_start(void)
{
    const char *fixture = getenv("MI_FUZZ_FIXTURE");
    mock_config cfg = { 0 };
    cfg.fixture_path = fixture && *fixture ? fixture : "fuzz/fixtures/mock-fuzz.xml";
    cfg.bind_address = "127.0.0.1";
    cfg.max_request_bytes = 1 << 20;
    char err[1024];
    if (mock_server_start(&cfg, &inject_fuzz_mock_server, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz_mock_request: cannot start the mock: %s\n", err);
        inject_fuzz_mock_server = NULL;
        return -1;
    }
    curl_easy_setopt(inject_fuzz_mock_curl, CURLOPT_URL, mock_server_url(inject_fuzz_mock_server));
    return 0;
}

int inject_fuzz_mock_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    inject_fuzz_mock_curl = curl_easy_init();
    inject_fuzz_mock_headers = curl_slist_append(NULL, "Content-Type: " WSMAN_CONTENT_TYPE);
    /* no "Expect: 100-continue" round trip on larger bodies */
    inject_fuzz_mock_headers = curl_slist_append(inject_fuzz_mock_headers, "Expect:");
    if (!inject_fuzz_mock_curl || !inject_fuzz_mock_headers) return -1;
    curl_easy_setopt(inject_fuzz_mock_curl, CURLOPT_HTTPHEADER, inject_fuzz_mock_headers);
    curl_easy_setopt(inject_fuzz_mock_curl, CURLOPT_WRITEFUNCTION, inject_fuzz_mock_discard);
    curl_easy_setopt(inject_fuzz_mock_curl, CURLOPT_TIMEOUT_MS, INJECT_FUZZ_MOCK_TIMEOUT_MS);
    curl_easy_setopt(inject_fuzz_mock_curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(inject_fuzz_mock_curl, CURLOPT_PROXY, "");
    return inject_fuzz_mock_start();
}

void inject_fuzz_mock_shutdown(void)
{
    if (inject_fuzz_mock_server) mock_server_stop(inject_fuzz_mock_server);
    inject_fuzz_mock_server = NULL;
    curl_easy_cleanup(inject_fuzz_mock_curl);
    inject_fuzz_mock_curl = NULL;
    curl_slist_free_all(inject_fuzz_mock_headers);
    inject_fuzz_mock_headers = NULL;
    curl_global_cleanup();
}

int inject_fuzz_mock_one(const uint8_t *data, size_t size)
{
    if (++inject_fuzz_mock_requests % INJECT_FUZZ_MOCK_RESTART_EVERY == 0) {
        mock_server_stop(inject_fuzz_mock_server);
        if (inject_fuzz_mock_start() != 0) return -1;
    }
    curl_easy_setopt(inject_fuzz_mock_curl, CURLOPT_POSTFIELDS, (const char *)data);
    curl_easy_setopt(inject_fuzz_mock_curl, CURLOPT_POSTFIELDSIZE, (long)size);
    CURLcode rc = curl_easy_perform(inject_fuzz_mock_curl);
    /* The fixture's steps answer at once (a truncated answer ends in a transfer error, which
     * is the step working): no answer at all, or a refused connection, is the mock's fault. */
    if (rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_COULDNT_CONNECT) {
        fprintf(stderr, "fuzz_mock_request: no answer: %s\n", curl_easy_strerror(rc));
        return -1;
    }
    return 0;
}

#ifndef INJECT_FUZZ_REPLAY
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (inject_fuzz_mock_init() != 0) abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (inject_fuzz_mock_one(data, size) != 0) abort(); /* libFuzzer keeps the input */
    return 0;
}
#endif
